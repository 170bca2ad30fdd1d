import FTDatasets
import FTCore
import Foundation
import Testing

@Suite struct FileChecksTests {
    @Test func emptyFile() async throws {
        let dir = TempDir()
        let result = try await validate(dir.file("e.jsonl", []))
        #expect(result.errorPairs == ["0:empty-file"])
        #expect(result.examples == 0)
        #expect(result.tokens == nil)
        #expect(result.defaultEpochs == nil)
    }

    @Test func onlyBlankLinesIsEmptyToo() async throws {
        let dir = TempDir()
        let result = try await validate(dir.file("b.jsonl", Array("\n  \n".utf8)))
        #expect(result.errorPairs == ["0:empty-file"])
        #expect(result.warningPairs == ["1:blank-line", "2:blank-line"])
    }

    @Test func tooFewExamplesFollowsTheProvider() async throws {
        let dir = TempDir()
        let path = dir.file("f.jsonl", lines: goodLines(9))
        let openai = try await validate(path)
        #expect(openai.errorPairs == ["0:too-few-examples"])
        #expect(openai.errors.first?.message.contains("at least 10") == true)
        var custom = ProviderRules.openai
        custom.minExamples = 5
        let relaxed = try await validate(path) { $0.rules = custom }
        #expect(relaxed.errors.isEmpty)
    }

    @Test func fileTooLargeFollowsTheProvider() async throws {
        let dir = TempDir()
        let path = dir.file("f.jsonl", lines: goodLines(10))
        var small = ProviderRules.truefoundry
        small.maxFileBytes = 100
        let result = try await validate(path) { $0.rules = small }
        #expect(result.errorPairs == ["0:file-too-large"])
        #expect(ProviderRules.truefoundry.maxFileBytes == 512 * 1024 * 1024)
        #expect(ProviderRules.nebius.maxFileBytes == 5 * 1024 * 1024 * 1024)
    }

    @Test func providerDifferences() async throws {
        let dir = TempDir()
        var lines = goodLines(10)
        lines.append(#"{"messages": [{"role":"user","content":"x"}, {"role":"assistant","content":"a"}, {"role":"user","content":"y"}]}"#)
        let path = dir.file("p.jsonl", lines: lines)
        // The last message not from the assistant: a warning for OpenAI, an error for nebius.
        let openai = try await validate(path) { $0.rules = .openai }
        #expect(openai.errors.isEmpty && openai.warningPairs == ["11:last-not-assistant"])
        let nebius = try await validate(path) { $0.rules = .nebius }
        #expect(nebius.errorPairs == ["11:last-not-assistant"])
        for rules in [ProviderRules.portkey, .truefoundry, .genericV1] {
            let r = try await validate(path) { $0.rules = rules }
            #expect(r.errors.isEmpty && r.warningPairs == ["11:last-not-assistant"], "\(rules.id)")
        }
        // Text examples: nebius only.
        let text = dir.file("t.jsonl", lines: (0..<10).map { #"{"text": "t\#($0)"}"# })
        #expect(try await validate(text) { $0.rules = .nebius }.errors.isEmpty)
        #expect(try await validate(text) { $0.rules = .openai }.counts[.unsupportedByProvider] == 10)
        // A provider without tools or weight.
        var bare = ProviderRules.openai
        bare.acceptsTools = false
        bare.acceptsWeight = false
        let tools = dir.file("w.jsonl", lines: goodLines(10) + [
            #"{"messages":[{"role":"user","content":"x"},{"role":"assistant","content":"a","weight":0}],"tools":[{"type":"function","function":{"name":"f"}}]}"#,
        ])
        let r = try await validate(tools) { $0.rules = bare }
        #expect(r.errorPairs == ["11:unsupported-by-provider", "11:unsupported-by-provider"])
        #expect(ProviderRules.named("generic-v1")?.id == "generic-v1")
        #expect(ProviderRules.named("nope") == nil)
        #expect(Set(ProviderRules.all.map(\.id)) == ["openai", "portkey", "nebius", "truefoundry", "generic-v1"])
    }

    @Test func crlfAndBOM() async throws {
        let dir = TempDir()
        let text = goodLines(11).joined(separator: "\r\n") + "\r\n"
        let path = dir.file("c.jsonl", [0xEF, 0xBB, 0xBF] + Array(text.utf8))
        let result = try await validate(path)
        #expect(result.errorPairs == ["1:bom"])
        #expect(result.warningPairs == ["1:crlf"])
        #expect(result.warnings.first?.message.hasPrefix("11 lines end with CRLF") == true)
        #expect(result.counts[.crlf] == 1)
        #expect(result.examples == 11)
        #expect(result.format == .chat)
    }

    @Test func noTrailingNewlineAndEmptyLastLine() async throws {
        let dir = TempDir()
        var lines = goodLines(10)
        lines.append(#"{"messages": []}"#)
        let noNewline = try await validate(dir.file("n.jsonl", lines: lines, trailingNewline: false))
        #expect(noNewline.errorPairs == ["11:empty-messages"])
        #expect(noNewline.lines == 11)
        let emptyLast = try await validate(dir.file("e.jsonl", Array((goodLines(10).joined(separator: "\n") + "\n\n").utf8)))
        #expect(emptyLast.errors.isEmpty)
        #expect(emptyLast.warningPairs == ["11:blank-line"])
        #expect(emptyLast.examples == 10)
    }

    @Test func maxErrorsCapKeepsTheExactTotal() async throws {
        let dir = TempDir()
        let lines = goodLines(10) + (0..<50).map { _ in "{oops" }
        let path = dir.file("m.jsonl", lines: lines)
        let result = try await validate(path) { $0.maxRetainedProblems = 5 }
        #expect(result.errorCount == 50)
        #expect(result.counts[.invalidJSON] == 50)
        #expect(result.errors.map(\.line) == [11, 12, 13, 14, 15])
        let report = result.report(maxErrors: 3)
        #expect(report.errorCount == 50)
        #expect(report.errors.map(\.line) == [11, 12, 13])
        // Uncapped retention lists them all.
        let all = try await validate(path)
        #expect(all.errors.count == 50)
        #expect(all.report().errors.count == 50)
    }

    /// Lines across many chunks (the reader's minimum chunk is 4096 bytes), with errors at and
    /// around chunk boundaries: the same problems, at the same lines, as with one big chunk.
    @Test func chunkBoundariesDoNotMoveOrLoseProblems() async throws {
        let dir = TempDir()
        var lines: [String] = []
        var offset = 0
        var boundaryLines: [Int] = []
        var n = 0
        while offset < 5 * 4096 {
            n += 1
            var line = chat("question \(n)", String(repeating: "x", count: (n * 37) % 150))
            let next = offset + line.utf8.count + 1
            // A bad line that straddles a 4096-byte boundary, and one whose newline is the
            // boundary's last byte.
            if offset / 4096 != (next - 1) / 4096 || next % 4096 == 0 {
                line = "{broken " + String(repeating: "y", count: max(0, line.utf8.count - 8))
                boundaryLines.append(n)
            }
            lines.append(line)
            offset += line.utf8.count + 1
        }
        // Make one line end exactly on the next boundary.
        let pad = 4096 - offset % 4096 - 1
        if pad > 20 {
            n += 1
            lines.append("{bad" + String(repeating: "z", count: pad - 4))
            boundaryLines.append(n)
            lines.append(chat("after", "boundary"))
            n += 1
        }
        let path = dir.file("big.jsonl", lines: lines)
        let small = try await validate(path) { $0.chunkBytes = 4096; $0.maxChunksInFlight = 2 }
        let big = try await validate(path) { $0.chunkBytes = 1 << 20 }
        #expect(small.errorPairs == boundaryLines.map { "\($0):invalid-json" })
        #expect(small.errorPairs == big.errorPairs)
        #expect(small.lines == lines.count && big.lines == lines.count)
        #expect(small.tokens == big.tokens)
        #expect(small.sha256 == big.sha256)
        #expect(boundaryLines.count >= 4)
    }

    @Test func lineTooLongIsSkippedAndCounted() async throws {
        let dir = TempDir()
        var lines = goodLines(10)
        lines.insert(#"{"text": ""# + String(repeating: "a", count: 50_000) + #""}"#, at: 3)  // line 4: read past
        lines.insert(#"{"text": ""# + String(repeating: "b", count: 6_000) + #""}"#, at: 6)   // line 7: in a chunk
        let path = dir.file("l.jsonl", lines: lines)
        let result = try await validate(path) { $0.chunkBytes = 4096; $0.maxLineBytes = 5_000; $0.format = .chat }
        #expect(result.errorPairs == ["4:line-too-long", "7:line-too-long"])
        #expect(result.lines == 12)
        #expect(result.bytes == (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int))
    }

    @Test func hostileInputsNeverTrap() async throws {
        let dir = TempDir()
        var generator = SplitMix(seed: 7)
        var bytes: [UInt8] = []
        let pieces: [[UInt8]] = [
            Array(#"{"messages":[{"role":"user","content":"\u00"#.utf8),
            Array(String(repeating: "{\"a\":", count: 5000).utf8),
            [0x00, 0x00, 0x0A], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0xAF],
            Array(#"{"messages":[{"role":"user","content":"\ud83d\ude00 ok \udc00"}]}"#.utf8),
            Array("1e999999".utf8), Array("-".utf8), Array(#"{"a":"#.utf8), Array("\"\\".utf8),
        ]
        for _ in 0..<2000 {
            if generator.next() % 3 == 0 {
                bytes += pieces[Int(generator.next() % UInt64(pieces.count))]
            } else {
                for _ in 0..<(generator.next() % 40) { bytes.append(UInt8(truncatingIfNeeded: generator.next())) }
            }
            if generator.next() % 4 == 0 { bytes.append(0x0A) }
        }
        let path = dir.file("h.jsonl", bytes)
        let result = try await validate(path) { $0.chunkBytes = 4096 }
        #expect(result.errorCount > 0)
        let out = dir.path + "/h.fixed.jsonl"
        let fixed = try await DatasetValidator().writeFixed(path: path, to: out)
        #expect(fixed.fix != nil)
        let again = try await validate(out)
        #expect(again.counts.keys.allSatisfy { $0 == .tooFewExamples || $0 == .emptyFile || $0 == .lastNotAssistant })
    }

    @Test func fileDigestIsTheWholeFile() async throws {
        let dir = TempDir()
        let text = goodLines(300).joined(separator: "\n")
        let path = dir.file("s.jsonl", Array(text.utf8))
        let result = try await validate(path) { $0.chunkBytes = 4096 }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sha256sum", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(result.sha256 == output.split(separator: " ").first.map(String.init))
        #expect(try await validate(path) { $0 = .schemaOnly() }.sha256 == nil)
    }

    /// Rules are public: a caller's own role names of any length are refused in one error, and
    /// a long one that fits is matched exactly.
    @Test func rulesWithLongRoleNamesAreAnErrorNotATrap() async throws {
        let dir = TempDir()
        let path = dir.file("roles.jsonl", lines: goodLines(10))
        var rules = ProviderRules.openai
        rules.roles.insert(String(repeating: "r", count: 40))
        let error = await #expect(throws: FTError.self) { _ = try await validate(path) { $0.rules = rules } }
        #expect(error?.why.contains("longer than 32 bytes") == true)
        var fits = ProviderRules.openai
        let role = String(repeating: "ü", count: 16)  // 32 bytes
        fits.roles.insert(role)
        let lines = goodLines(10) + [#"{"messages":[{"role":"\#(role)","content":"x"},{"role":"assistant","content":"y"}]}"#,
                                     #"{"messages":[{"role":"\#(role.dropLast())","content":"x"},{"role":"assistant","content":"y"}]}"#]
        let result = try await validate(dir.file("fits.jsonl", lines: lines)) { $0.rules = fits }
        #expect(!result.has(.unknownRole, line: 11))
        #expect(result.has(.unknownRole, line: 12))
    }

    @Test func missingFileIsFileMissing() async throws {
        await #expect(throws: (any Error).self) {
            _ = try await validate("/nonexistent/dir/x.jsonl")
        }
    }
}

struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
