import FTDatasets
import Foundation
import Testing

/// The line scanner against Python's `json` (strict, the decoder the cookbook uses), on lines
/// made by mutating valid examples: bytes deleted, replaced or inserted where they matter to a
/// scanner (quotes, backslashes, `u` escapes, brackets, digits, control bytes, UTF-8 lead and
/// continuation bytes). Both must call the same lines invalid.
@Suite("JSON scanner agrees with Python's json")
struct JSONDifferentialTests {
    static let python = ProcessInfo.processInfo.environment["FTCTL_TEST_PYTHON"].flatMap { $0.isEmpty ? nil : $0 } ?? "python3"

    /// Bytes worth inserting; never a newline (it would split the line).
    static let interesting: [UInt8] = Array(#""\\u{}[],:0123456789eE+-.ntfalsrXé"#.utf8)
        + [0x01, 0x09, 0x0D, 0x1F, 0x20, 0x7F, 0x80, 0xBF, 0xC0, 0xC3, 0xE2, 0xED, 0xF0, 0xF4, 0xF5, 0xFF]

    static func baseLines() -> [[UInt8]] {
        let texts = [
            #"plain words and more words to cross a sixteen-byte block or two, again and again"#,
            #"escapes: \" \\ \/ \b \f \n \r \t \u00e9 \ud83d\ude00 and a lone \ud800 here"#,
            "non-ASCII: café naïve 日本語 emoji 😀 mixed with ASCII text after it",
            #"numbers inside text 123 -4.5e+6 and "quoted" words"#.replacingOccurrences(of: "\"", with: "\\\""),
        ]
        return texts.map { text in
            Array(#"{"messages":[{"role":"user","content":"\#(text)"},{"role":"assistant","content":"ok \#(text)","weight":1}],"n":[-0.5,1e3,true,false,null]}"#.utf8)
        }
    }

    static func mutations(count: Int, seed: UInt64) -> [[UInt8]] {
        var rng = SplitMix(seed: seed)
        func next() -> Int { Int(truncatingIfNeeded: rng.next() >> 1) }
        let bases = baseLines()
        var out: [[UInt8]] = bases
        while out.count < count {
            var line = bases[next() % bases.count]
            for _ in 0..<(1 + next() % 3) {
                let at = next() % line.count
                switch next() % 3 {
                case 0: line.remove(at: at)
                case 1: line[at] = interesting[next() % interesting.count]
                default: line.insert(interesting[next() % interesting.count], at: at)
                }
            }
            // A line of only blanks is its own kind (blank-line), not a JSON verdict.
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            out.append(line)
        }
        return out
    }

    @Test func mutatedLinesAreRejectedExactlyWhenPythonRejectsThem() async throws {
        let dir = TempDir()
        let lines = Self.mutations(count: 20_000, seed: 2026)
        var bytes: [UInt8] = []
        for line in lines { bytes += line + [0x0A] }
        let path = dir.file("mutated.jsonl", bytes)
        let script = dir.path + "/judge.py"
        try #"""
        import json, sys
        def constant(name):
            raise ValueError(name)
        bad = []
        with open(sys.argv[1], "rb") as f:
            for number, raw in enumerate(f.read().split(b"\n")[:-1], start=1):
                try:
                    json.loads(raw.decode("utf-8"), parse_constant=constant)
                except (ValueError, UnicodeDecodeError, RecursionError):
                    bad.append(number)
        print(json.dumps(bad))
        """#.write(toFile: script, atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [Self.python, script, path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "python failed")
        let pythonBad = Set(try JSONDecoder().decode([Int].self, from: output))

        let result = try await validate(path) {
            $0.maxRetainedProblems = 100_000
            $0.detectDuplicates = false
            $0.tokenCounter = nil
        }
        let oursBad = Set((result.errors + result.warnings).filter { $0.kind == .invalidJSON || $0.kind == .invalidUTF8 }.map(\.line))
        // Python's json accepts what is valid JSON anywhere; a line that is not an object is
        // still valid JSON (our not-an-object), so only the JSON verdicts are compared.
        #expect(pythonBad.count > lines.count / 4 && pythonBad.count < lines.count * 3 / 4, "the mutations should make both kinds: \(pythonBad.count) invalid")
        let onlyOurs = oursBad.subtracting(pythonBad).sorted()
        let onlyPython = pythonBad.subtracting(oursBad).sorted()
        func show(_ numbers: [Int]) -> String {
            numbers.prefix(5).map { "line \($0): \(String(decoding: lines[$0 - 1], as: UTF8.self))" }.joined(separator: "\n")
        }
        #expect(onlyOurs.isEmpty, "rejected by ftctl only:\n\(show(onlyOurs))")
        #expect(onlyPython.isEmpty, "rejected by Python only:\n\(show(onlyPython))")
    }
}
