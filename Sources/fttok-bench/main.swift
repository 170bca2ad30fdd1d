import Foundation
import FTCore
import FTTokenizer

// fttok-bench: counts cl100k tokens over ~100 MB of seeded chat-like text (English, code,
// multilingual) on two cores, then has Python's tiktoken count the same data as a dataset
// validator would (json.loads + encode per line, the OpenAI cookbook way), and prints both.
//
//   fttok-bench [--rank-file PATH] [--mb N] [--python PATH] [--no-python]
//
// PATH defaults: $FTCTL_TOKENIZERS_DIR/cl100k_base.tiktoken (else /work/shared/tokenizers/…),
// python from $FTCTL_TEST_PYTHON (else python3).

struct Options {
    var rankFile: String
    var megabytes = 100
    var python: String
    var runPython = true

    init(_ arguments: [String]) {
        let environment = ProcessInfo.processInfo.environment
        let dir = environment["FTCTL_TOKENIZERS_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/work/shared/tokenizers"
        rankFile = dir + "/cl100k_base.tiktoken"
        python = environment["FTCTL_TEST_PYTHON"].flatMap { $0.isEmpty ? nil : $0 } ?? "python3"
        var rest = arguments.dropFirst().makeIterator()
        while let argument = rest.next() {
            switch argument {
            case "--rank-file": if let value = rest.next() { rankFile = value }
            case "--mb": if let value = rest.next(), let number = Int(value), number > 0 { megabytes = number }
            case "--python": if let value = rest.next() { python = value }
            case "--no-python": runPython = false
            default:
                FileHandle.standardError.write(Data("fttok-bench: unknown argument \(argument)\n".utf8))
                exit(2)
            }
        }
    }
}

/// Seeded text that looks like fine-tuning data: prose with numbers and contractions, code,
/// and sentences in other scripts.
struct Generator {
    var state: UInt64
    mutating func next(_ n: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(max(n, 1)))
    }

    static let words = """
        the of and to a in is that for it as was with be by on not he I this are or his from at which but \
        have an they you were her she there been one all we their has would when if more will what so can \
        model data training token count file user assistant system answer question please explain example \
        function value error result because however therefore customer support order account refund \
        shipping delivery thanks help issue problem solution step first second finally summary report \
        JSON API HTTPServer iPhone GPT Llama Qwen fine-tuning learning rate epoch batch validation loss \
        don't can't it's you're we'll they've I'm isn't won't shouldn't
        """.split(separator: " ").map(String.init)
    static let multilingual = [
        "这是一个关于机器学习的例子，我们需要计算令牌的数量。", "日本語のテキストも含まれています。トークン数を数えます。",
        "안녕하세요, 주문 상태를 확인해 주세요.", "Привет! Это пример текста на русском языке для проверки.",
        "مرحبا، هذا مثال على نص عربي للاختبار.", "नमस्ते, यह हिंदी में एक उदाहरण वाक्य है।",
        "Bonjour, voici un exemple en français avec des accents: é, è, à, ç.", "Grüße aus München, die Straße ist schön.",
        "¡Hola! ¿Cómo estás? El niño comió piñata.", "Γειά σου κόσμε, αυτό είναι ένα παράδειγμα.",
        "שלום עולם, זו דוגמה בעברית.", "Xin chào, đây là một ví dụ tiếng Việt.", "👍 Great job! 🎉🚀 See you soon 😀",
    ]

    mutating func sentence() -> String {
        var parts: [String] = []
        let length = 6 + next(18)
        for index in 0..<length {
            var word = Generator.words[next(Generator.words.count)]
            if index == 0 { word = word.prefix(1).uppercased() + word.dropFirst() }
            if next(25) == 0 { word = String(next(100_000)) }
            parts.append(word)
            if next(12) == 0 { parts[parts.count - 1] += "," }
        }
        return parts.joined(separator: " ") + [".", ".", ".", "?", "!"][next(5)]
    }

    mutating func code() -> String {
        let name = ["count", "parseLine", "load_ranks", "fetchUser", "handleRequest", "main"][next(6)]
        switch next(3) {
        case 0:
            return "```swift\nfunc \(name)(_ input: String) -> Int {\n    let parts = input.split(separator: \",\")\n    return parts.count * \(next(100))\n}\n```"
        case 1:
            return "```python\ndef \(name)(items):\n    total = 0\n    for item in items:\n        total += item[\"value\"]  # \(next(1000))\n    return total\n```"
        default:
            return "{\"id\": \(next(1_000_000)), \"name\": \"\(name)\", \"tags\": [\"a\", \"b\"], \"ok\": true, \"score\": 0.\(next(1000))}"
        }
    }

    mutating func message() -> String {
        var paragraphs: [String] = []
        for _ in 0..<(1 + next(4)) {
            switch next(20) {
            case 0..<14: paragraphs.append((0..<(1 + next(5))).map { _ in sentence() }.joined(separator: " "))
            case 14..<17: paragraphs.append(code())
            default: paragraphs.append((0..<(1 + next(3))).map { _ in Generator.multilingual[next(Generator.multilingual.count)] }.joined(separator: " "))
            }
        }
        return paragraphs.joined(separator: "\n\n")
    }
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

let options = Options(CommandLine.arguments)
let clock = ContinuousClock()

let tokenizer: Tokenizer
do {
    tokenizer = try Tokenizer.load(path: options.rankFile, encoding: .cl100kBase)
} catch {
    FileHandle.standardError.write(Data("fttok-bench: \(error)\n".utf8))
    exit(1)
}

// Two-message examples until the target size.
var generator = Generator(state: 0x00F7_7C7B)
var contents: [String] = []
var bytes = 0
let target = options.megabytes * 1_000_000
while bytes < target {
    let text = generator.message()
    bytes += text.utf8.count
    contents.append(text)
}
let megabytes = Double(bytes) / 1_000_000
print(String(format: "data: %.1f MB of content in %d messages", megabytes, contents.count))

// Ours, one core.
var start = clock.now
var single = 0
for text in contents { single += tokenizer.count(text) }
let singleTime = seconds(clock.now - start)
print(String(format: "ftctl, 1 core:  %d tokens in %.2f s = %.1f MB/s", single, singleTime, megabytes / singleTime))

// Ours, two cores: two halves, two tasks.
start = clock.now
let snapshot = contents
let half = snapshot.count / 2
let twoCore = await withTaskGroup(of: Int.self) { group -> Int in
    for range in [0..<half, half..<snapshot.count] {
        group.addTask {
            var sum = 0
            for index in range { sum += tokenizer.count(snapshot[index]) }
            return sum
        }
    }
    var total = 0
    for await part in group { total += part }
    return total
}
let twoTime = seconds(clock.now - start)
print(String(format: "ftctl, 2 cores: %d tokens in %.2f s = %.1f MB/s", twoCore, twoTime, megabytes / twoTime))

guard options.runPython else { exit(0) }

// Python: the same data as JSONL, counted the cookbook way, and with encode_ordinary_batch.
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fttok-bench-\(getpid())")
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: folder) }
let jsonl = folder.appendingPathComponent("data.jsonl")
var lines = ""
lines.reserveCapacity(bytes + bytes / 8)
var index = 0
while index < contents.count {
    let user = JSONValue.string(contents[index]).serialized()
    let assistant = index + 1 < contents.count ? JSONValue.string(contents[index + 1]).serialized() : "\"\""
    lines += "{\"messages\": [{\"role\": \"user\", \"content\": \(user)}, {\"role\": \"assistant\", \"content\": \(assistant)}]}\n"
    index += 2
}
try Data(lines.utf8).write(to: jsonl)
lines = ""

let script = #"""
import base64, json, sys, time
import tiktoken
ranks = {}
with open(sys.argv[1], "rb") as f:
    for line in f:
        if line.strip():
            t, r = line.split()
            ranks[base64.b64decode(t)] = int(r)
pat = r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s"""
enc = tiktoken.Encoding("cl100k_base", pat_str=pat, mergeable_ranks=ranks,
                        special_tokens={"<|endoftext|>": 100257, "<|fim_prefix|>": 100258,
                                        "<|fim_middle|>": 100259, "<|fim_suffix|>": 100260, "<|endofprompt|>": 100276})
t0 = time.perf_counter()
total = 0
with open(sys.argv[2], encoding="utf-8") as f:
    for line in f:
        for m in json.loads(line)["messages"]:
            total += len(enc.encode(m["content"]))
t1 = time.perf_counter()
texts = []
with open(sys.argv[2], encoding="utf-8") as f:
    for line in f:
        texts.extend(m["content"] for m in json.loads(line)["messages"])
t2 = time.perf_counter()
batch = sum(len(ids) for ids in enc.encode_ordinary_batch(texts, num_threads=2))
t3 = time.perf_counter()
print(json.dumps({"perline_tokens": total, "perline_s": t1 - t0, "batch_tokens": batch, "batch_s": t3 - t2}))
"""#
let scriptURL = folder.appendingPathComponent("bench.py")
try script.write(to: scriptURL, atomically: true, encoding: .utf8)
let process = Process()
process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
process.arguments = [options.python, scriptURL.path, options.rankFile, jsonl.path]
let output = Pipe()
process.standardOutput = output
try process.run()
let data = output.fileHandleForReading.readDataToEndOfFile()
process.waitUntilExit()
guard process.terminationStatus == 0,
      let result = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
      let perLineTokens = result["perline_tokens"] as? Int, let perLineTime = result["perline_s"] as? Double,
      let batchTokens = result["batch_tokens"] as? Int, let batchTime = result["batch_s"] as? Double
else {
    print("python tiktoken run failed (exit \(process.terminationStatus)); install tiktoken or pass --python")
    exit(1)
}
print(String(format: "python json+tiktoken encode per line: %d tokens in %.2f s = %.1f MB/s", perLineTokens, perLineTime, megabytes / perLineTime))
print(String(format: "python encode_ordinary_batch, 2 threads: %d tokens in %.2f s = %.1f MB/s", batchTokens, batchTime, megabytes / batchTime))
print(String(format: "ratio (ftctl 2 cores / python per line): %.1fx", perLineTime / twoTime))
print(String(format: "ratio (ftctl 2 cores / python batch, 2 threads): %.1fx", batchTime / twoTime))
print(perLineTokens == twoCore && batchTokens == twoCore && single == twoCore
      ? "counts agree: \(twoCore)" : "COUNTS DIFFER: ftctl \(twoCore)/\(single), python \(perLineTokens)/\(batchTokens)")
