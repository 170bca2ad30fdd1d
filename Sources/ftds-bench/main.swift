// ftds-bench: generates a seeded chat JSONL file, validates it (schema-only, then full), prints
// throughput and peak memory, and runs bench/cookbook_checks.py (json.loads + the cookbook's
// format checks) on the same file for the ratio.
//
//   swift run -c release ftds-bench [--size-mb 100] [--seed 1] [--python python3]
//                                   [--script bench/cookbook_checks.py] [--no-python] [--no-full] [--keep] [--runs 9]
//                                   [--file EXISTING.jsonl]
import FTDatasets
import Foundation

struct Arguments {
    var sizeMB = 100
    var seed: UInt64 = 1
    var python = "python3"
    var script: String?
    var runPython = true
    var runFull = true
    var keep = false
    var file: String?
    /// Schema-only and Python runs each; the medians are compared (the machine is noisy).
    var runs = 9

    init(_ args: [String]) throws {
        var it = args.dropFirst().makeIterator()
        func value(_ flag: String) throws -> String {
            guard let v = it.next() else { throw BenchError("\(flag) needs a value") }
            return v
        }
        while let arg = it.next() {
            switch arg {
            case "--size-mb":
                guard let n = Int(try value(arg)), n > 0 else { throw BenchError("--size-mb takes a positive integer") }
                sizeMB = n
            case "--seed":
                guard let n = UInt64(try value(arg)) else { throw BenchError("--seed takes an integer") }
                seed = n
            case "--python": python = try value(arg)
            case "--script": script = try value(arg)
            case "--no-python": runPython = false
            case "--no-full": runFull = false
            case "--keep": keep = true
            case "--file": file = try value(arg)
            case "--runs":
                guard let n = Int(try value(arg)), n > 0 else { throw BenchError("--runs takes a positive integer") }
                runs = n
            default: throw BenchError("unknown argument \(arg)")
            }
        }
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(1, n))) }
}

/// A mostly-English vocabulary, as typical chat fine-tuning data is: plain ASCII words, with
/// now and then an escaped newline or quote and, rarely, a non-ASCII word (about 1 word in 15
/// needs an escape, 1 in 30 is non-ASCII).
let plainWords = ["the", "model", "answer", "question", "data", "train", "token", "value", "system", "user",
                  "reply", "function", "result", "example", "context", "assistant", "because", "however",
                  "please", "explain", "summary", "customer", "order", "account", "number", "refund", "policy",
                  "should", "would", "could", "which", "there", "their", "about", "first", "second", "final",
                  "1234", "3.14", "https://example.com/a?b=c", "{json}", "[list]", "step", "then", "with", "from",
                  "into", "over", "under", "again", "return", "error", "request", "response", "thanks", "sure",
                  "a", "an", "of", "to", "in", "is", "it", "and", "or", "for", "on", "as", "by", "at", "be"]
let escapedWords = ["line\\nbreak", "\\\"quoted\\\"", "end.\\n\\n", "tab\\t", "path\\\\dir"]
let nonASCIIWords = ["café", "naïve", "résumé", "über", "日本語", "emoji 😀"]

func word(_ rng: inout SplitMix64) -> String {
    let r = rng.below(30)
    if r < 2 { return escapedWords[rng.below(escapedWords.count)] }
    if r == 2 { return nonASCIIWords[rng.below(nonASCIIWords.count)] }
    return plainWords[rng.below(plainWords.count)]
}

func sentence(_ rng: inout SplitMix64, words count: Int) -> String {
    var s = ""
    for i in 0..<count {
        if i > 0 { s += " " }
        s += word(&rng)
    }
    return s
}

func example(_ rng: inout SplitMix64, _ n: Int) -> String {
    var messages: [String] = []
    if rng.below(3) == 0 {
        messages.append(#"{"role":"system","content":"You are assistant \#(n). \#(sentence(&rng, words: 5 + rng.below(20)))"}"#)
    }
    for _ in 0..<(1 + rng.below(3)) {
        messages.append(#"{"role":"user","content":"\#(sentence(&rng, words: 5 + rng.below(60)))"}"#)
        messages.append(#"{"role":"assistant","content":"\#(sentence(&rng, words: 10 + rng.below(150)))"}"#)
    }
    return #"{"messages":["# + messages.joined(separator: ",") + "]}"
}

/// Writes about `bytes` bytes of examples, streaming (1 MiB buffer).
func generate(path: String, bytes: Int, seed: UInt64) throws -> Int {
    guard let handle = FileHandle(forWritingAtPath: path) else { throw BenchError("cannot write \(path)") }
    defer { try? handle.close() }
    var rng = SplitMix64(state: seed)
    var buffer: [UInt8] = []
    buffer.reserveCapacity(1 << 21)
    var written = 0, examples = 0
    while written < bytes {
        examples += 1
        buffer.append(contentsOf: example(&rng, examples).utf8)
        buffer.append(0x0A)
        if buffer.count >= 1 << 20 {
            try handle.write(contentsOf: buffer)
            written += buffer.count
            buffer.removeAll(keepingCapacity: true)
        }
    }
    try handle.write(contentsOf: buffer)
    return examples
}

/// VmHWM (peak resident set) in KiB, from /proc/self/status.
func peakRSSKiB() -> Int? {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        return line.split(separator: " ").dropFirst().first.flatMap { Int($0) }
    }
    return nil
}

func currentRSSKiB() -> Int? {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
    for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
        return line.split(separator: " ").dropFirst().first.flatMap { Int($0) }
    }
    return nil
}

/// Resets VmHWM to the current RSS (Linux: "5" > /proc/self/clear_refs).
func resetPeak() {
    try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
}

/// User + system CPU seconds of this process so far.
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
}

func mib(_ kib: Int?) -> String { kib.map { String(format: "%.1f MiB", Double($0) / 1024) } ?? "n/a" }

func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

func runPython(_ python: String, script: String, file: String) throws -> (seconds: Double, cpu: Double, wall: Double, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [python, script, file]
    let pipe = Pipe()
    process.standardOutput = pipe
    let clock = ContinuousClock()
    let start = clock.now
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let wall = seconds(clock.now - start)
    let output = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    guard process.terminationStatus == 0,
          let object = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any],
          let s = object["seconds"] as? Double, let cpu = object["cpu_seconds"] as? Double else {
        throw BenchError("the python reference failed: \(output)")
    }
    return (s, cpu, wall, output)
}

func main() async -> Int32 {
    do {
        let args = try Arguments(CommandLine.arguments)
        let dir = NSTemporaryDirectory() + "ftds-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { if !args.keep { try? FileManager.default.removeItem(atPath: dir) } }
        var file = dir + "/chat.jsonl"
        var examples = 0
        if let given = args.file {
            file = given
        } else {
            _ = FileManager.default.createFile(atPath: file, contents: nil)
            examples = try generate(path: file, bytes: args.sizeMB * 1_000_000, seed: args.seed)
        }
        let size = (try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        let mb = Double(size) / 1e6
        print(String(format: "file: %@ (%.1f MB, %d examples, seed %llu)", file, mb, examples, args.seed))
        print("cores: \(ProcessInfo.processInfo.activeProcessorCount)")

        // Warm the page cache so both sides read from memory.
        _ = try await DatasetValidator(options: .schemaOnly()).validate(path: file)

        let clock = ContinuousClock()
        var schemaOptions = ValidationOptions.schemaOnly()
        if let v = ProcessInfo.processInfo.environment["FTDS_CHUNK"].flatMap({ Int($0) }) { schemaOptions.chunkBytes = v }
        if let v = ProcessInfo.processInfo.environment["FTDS_INFLIGHT"].flatMap({ Int($0) }) { schemaOptions.maxChunksInFlight = v }
        var schemaRuns: [(wall: Double, cpu: Double)] = []
        var schemaPeak: Int?
        var schema: ValidationResult?
        let baseline = currentRSSKiB()
        for _ in 0..<args.runs {
            resetPeak()
            let cpu0 = cpuSeconds()
            let start = clock.now
            schema = try await DatasetValidator(options: schemaOptions).validate(path: file)
            schemaRuns.append((seconds(clock.now - start), cpuSeconds() - cpu0))
            if let peak = peakRSSKiB() { schemaPeak = max(schemaPeak ?? 0, peak) }
        }
        let schemaSeconds = median(schemaRuns.map(\.wall))
        let schemaCPU = median(schemaRuns.map(\.cpu))
        print(String(format: "ftds schema-only: median of %d: %.3f s wall (%.3f–%.3f), %.0f MB/s, %.3f CPU-s, %d examples, %d errors, peak RSS %@ (RSS before %@)",
                     args.runs, schemaSeconds, schemaRuns.map(\.wall).min() ?? 0, schemaRuns.map(\.wall).max() ?? 0,
                     mb / schemaSeconds, schemaCPU, schema?.examples ?? 0, schema?.errorCount ?? 0, mib(schemaPeak), mib(baseline)))

        if args.runFull {
            resetPeak()
            let cpu0 = cpuSeconds()
            let start = clock.now
            var options = ValidationOptions()
            options.contextLimit = 16_385
            let full = try await DatasetValidator(options: options).validate(path: file)
            let fullSeconds = seconds(clock.now - start)
            print(String(format: "ftds full (sha256 + estimate tokens + duplicates): %.3f s wall, %.0f MB/s, %.3f CPU-s, %d tokens, p95 %d, %d dups, peak RSS %@",
                         fullSeconds, mb / fullSeconds, cpuSeconds() - cpu0, full.tokens?.total ?? 0, full.tokens?.p95 ?? 0,
                         full.counts[.duplicate] ?? 0, mib(peakRSSKiB())))
        }

        if args.runPython {
            let script = args.script ?? {
                let local = FileManager.default.currentDirectoryPath + "/bench/cookbook_checks.py"
                if FileManager.default.fileExists(atPath: local) { return local }
                return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                    .deletingLastPathComponent().appendingPathComponent("bench/cookbook_checks.py").path
            }()
            var pyRuns: [(seconds: Double, cpu: Double, wall: Double)] = []
            var output = ""
            for _ in 0..<max(1, min(args.runs, 3)) {
                let py = try runPython(args.python, script: script, file: file)
                pyRuns.append((py.seconds, py.cpu, py.wall))
                output = py.output
            }
            let pySeconds = median(pyRuns.map(\.seconds)), pyCPU = median(pyRuns.map(\.cpu))
            print(String(format: "python json.loads + cookbook checks: median of %d: %.3f s (%.3f s with startup), %.0f MB/s, %.3f CPU-s: %@",
                         pyRuns.count, pySeconds, median(pyRuns.map(\.wall)), mb / pySeconds, pyCPU, output))
            print(String(format: "ratio python / ftds schema-only: %.1fx wall time, %.1fx CPU time (goal: >= 10x wall time)",
                         pySeconds / schemaSeconds, pyCPU / schemaCPU))
        }
        return 0
    } catch {
        FileHandle.standardError.write(Data("ftds-bench: \(error)\n".utf8))
        return 1
    }
}

exit(await main())
