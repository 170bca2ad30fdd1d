import FTDatasets
import Foundation
import Testing

@Suite struct FixerTests {
    @Test func fixedCopyRevalidatesCleanAndListsItsDrops() async throws {
        let dir = TempDir()
        var lines = goodLines(12)
        lines.insert(lines[1], at: 5)                                   // line 6: duplicate of line 2
        lines.insert("{not json", at: 8)                                // line 9
        lines.insert("", at: 10)                                        // line 11: blank
        lines.append(chat(String(repeating: "long ", count: 200), "a")) // line 16: over the limit
        lines.append(lines[0])                                          // line 17: duplicate of line 1
        let text = lines.joined(separator: "\r\n") + "\r\n"
        let input = dir.file("in.jsonl", [0xEF, 0xBB, 0xBF] + Array(text.utf8))
        let inputBefore = try Data(contentsOf: URL(fileURLWithPath: input))
        let out = dir.path + "/out.jsonl"
        var options = ValidationOptions()
        options.contextLimit = 100
        let result = try await DatasetValidator(options: options).writeFixed(path: input, to: out)
        let fix = try #require(result.fix)
        #expect(fix.drops.map { "\($0.line):\($0.kind.rawValue)" } ==
                ["6:duplicate", "9:invalid-json", "11:blank-line", "16:over-context-limit", "17:duplicate"])
        #expect(fix.dropCount == 5)
        #expect(fix.linesWritten == 12)
        #expect(fix.removedBOM && fix.removedCRLF == 17)
        #expect(try Data(contentsOf: URL(fileURLWithPath: input)) == inputBefore)
        let written = try String(contentsOfFile: out, encoding: .utf8)
        #expect(!written.contains("\r") && !written.hasPrefix("\u{FEFF}") && written.hasSuffix("}\n"))
        #expect(written.split(separator: "\n").map(String.init) == goodLines(12))
        let again = try await DatasetValidator(options: options).validate(path: out)
        #expect(again.errorCount == 0 && again.warningCount == 0, "\(again.found)")
        // No leftover temporary file.
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(Set(names) == ["in.jsonl", "out.jsonl"])
    }

    @Test func neverOverwritesTheInput() async throws {
        let dir = TempDir()
        let input = dir.file("in.jsonl", lines: goodLines(10))
        await #expect(throws: (any Error).self) {
            _ = try await DatasetValidator().writeFixed(path: input, to: input)
        }
        await #expect(throws: (any Error).self) {
            _ = try await DatasetValidator().writeFixed(path: input, to: dir.path + "/./in.jsonl")
        }
        #expect(try String(contentsOfFile: input, encoding: .utf8) == goodLines(10).joined(separator: "\n") + "\n")
    }

    @Test func failureLeavesNothingBehind() async throws {
        let dir = TempDir()
        let input = dir.file("in.jsonl", lines: goodLines(10))
        await #expect(throws: (any Error).self) {
            _ = try await DatasetValidator().writeFixed(path: input, to: dir.path + "/missing-dir/out.jsonl")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["in.jsonl"])
    }
}
