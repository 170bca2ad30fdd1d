import FTDatasets
import Foundation
import Testing

@Suite struct LineChecksTests {
    @Test func malformedLinesAtKnownPositionsAreReportedExactly() async throws {
        let dir = TempDir()
        var lines = goodLines(12)
        lines[2] = #"{"messages": [ {"role": "user", "content": "x"}"#            // line 3: truncated
        lines[6] = "[1, 2, 3]"                                                     // line 7: not an object
        lines[9] = #"{"messages":[{"role":"user"}]}"#                              // line 10
        let result = try await validate(dir.file("a.jsonl", lines: lines))
        #expect(result.errorPairs == ["3:invalid-json", "7:not-an-object", "10:missing-content", "10:no-assistant-message"])
        #expect(result.warnings.isEmpty)
        #expect(result.errorCount == 4)
        #expect(result.examples == 12)
        #expect(result.format == .chat)
    }

    /// One line per kind, checked alone after ten good lines (so the file is big enough).
    static let lineCases: [(String, ProblemKind)] = [
        (#"{"messages": [}"#, .invalidJSON),
        (#"{"a": NaN}"#, .invalidJSON),
        (#"{"a": -Infinity}"#, .invalidJSON),
        ("{\"a\": 1}\u{0}", .invalidJSON),
        (#""just a string""#, .notAnObject),
        (String(repeating: "[", count: 500) + String(repeating: "]", count: 500), .nestingTooDeep),
        (#"{"other": 1}"#, .unknownFormat),
        (#"{"messages": "hi"}"#, .missingMessages),
        (#"{"messages": []}"#, .emptyMessages),
        (#"{"messages": [1, {"role":"assistant","content":"a"}]}"#, .messageNotObject),
        (#"{"messages": [{"content":"x"}, {"role":"assistant","content":"a"}]}"#, .missingRole),
        (#"{"messages": [{"role":7,"content":"x"}, {"role":"assistant","content":"a"}]}"#, .missingRole),
        (#"{"messages": [{"role":"robot","content":"x"}, {"role":"assistant","content":"a"}]}"#, .unknownRole),
        (#"{"messages": [{"role":"function","name":"f","content":"x"}, {"role":"assistant","content":"a"}]}"#, .deprecatedRole),
        (#"{"messages": [{"role":"user","content":null}, {"role":"assistant","content":"a"}]}"#, .missingContent),
        (#"{"messages": [{"role":"user","content":5}, {"role":"assistant","content":"a"}]}"#, .invalidContentType),
        (#"{"messages": [{"role":"user","content":[{"type":"image_url","image_url":{}}]}, {"role":"assistant","content":"a"}]}"#, .invalidContentType),
        (#"{"messages": [{"role":"user","content":"x","mood":"sad"}, {"role":"assistant","content":"a"}]}"#, .unknownMessageKey),
        (#"{"messages": [{"role":"user","content":"x"}, {"role":"assistant","content":"a"}], "extra": 1}"#, .unknownKey),
        (#"{"messages": [{"role":"user","content":"x","name":3}, {"role":"assistant","content":"a"}]}"#, .invalidName),
        (#"{"messages": [{"role":"user","content":"x"}, {"role":"assistant","content":"a","weight":2}]}"#, .invalidWeight),
        (#"{"messages": [{"role":"user","content":"x","weight":1}, {"role":"assistant","content":"a"}]}"#, .invalidWeight),
        (#"{"messages": [{"role":"user","content":"x"}, {"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function"}]}]}"#, .invalidToolCalls),
        (#"{"messages": [{"role":"user","content":"x","tool_calls":[]}, {"role":"assistant","content":"a"}]}"#, .invalidToolCalls),
        (#"{"messages": [{"role":"user","content":"x"}, {"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]}, {"role":"tool","content":"42"}, {"role":"assistant","content":"a"}]}"#, .missingToolCallID),
        (#"{"messages": [{"role":"user","content":"x"}, {"role":"assistant","content":"a"}], "tools": {"type":"function"}}"#, .invalidTools),
        (#"{"messages": [{"role":"user","content":"x"}, {"role":"assistant","content":"a"}], "parallel_tool_calls": "yes"}"#, .invalidTools),
        (#"{"messages": [{"role":"system","content":"s"}, {"role":"user","content":"x"}]}"#, .noAssistantMessage),
        (#"{"messages": [{"role":"user","content":"x"}, {"role":"assistant","content":"a"}, {"role":"user","content":"y"}]}"#, .lastNotAssistant),
        (#"{"prompt": "p"}"#, .missingField),
        (#"{"prompt": "p", "completion": 3}"#, .invalidFieldType),
    ]

    @Test(arguments: lineCases.indices)
    func eachLineKindIsDetected(_ index: Int) async throws {
        let (line, kind) = LineChecksTests.lineCases[index]
        let dir = TempDir()
        // Same-format good lines so `mixed-formats` cannot appear; the case line comes last.
        let format: FormatOption = line.contains("\"prompt\"") ? .completion : .chat
        var lines = format == .completion ? (0..<10).map { #"{"prompt": "p\#($0)", "completion": "c"}"# } : goodLines(10)
        lines.append(line)
        let result = try await validate(dir.file("k.jsonl", lines: lines)) { $0.format = .auto }
        #expect(result.has(kind, line: 11), "\(kind.rawValue) on: \(line) — got \(result.found)")
        #expect(result.found.allSatisfy { $0.0 == 11 }, "only line 11 has problems: \(result.found)")
        #expect(result.counts[kind, default: 0] >= 1)
        let severity = kind.defaultSeverity
        #expect((severity == .error ? result.errors : result.warnings).contains { $0.kind == kind })
        for p in result.errors + result.warnings {
            #expect(!p.message.contains("\n") && !p.message.isEmpty)
        }
    }

    @Test func validToolConversationAndTextPartsAreClean() async throws {
        let dir = TempDir()
        var lines = goodLines(10)
        lines.append(#"{"messages": [{"role":"system","content":[{"type":"text","text":"be brief"}]}, {"role":"user","content":"x","name":"bob"}, {"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{\"a\":1}"}}]}, {"role":"tool","tool_call_id":"c1","content":"42"}, {"role":"assistant","content":"a","weight":1}], "tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}], "parallel_tool_calls": false}"#)
        let result = try await validate(dir.file("t.jsonl", lines: lines))
        #expect(result.found.isEmpty, "\(result.found)")
    }

    @Test func invalidUTF8IsItsOwnKind() async throws {
        let dir = TempDir()
        var bytes = Array(goodLines(10).joined(separator: "\n").utf8) + [0x0A]
        bytes += Array(#"{"messages":[{"role":"user","content":"caf"#.utf8) + [0xC3, 0x28] + Array(#""}]}"#.utf8) + [0x0A]
        bytes += [0xFF, 0xFE, 0x0A]  // line 12: garbage outside strings
        bytes += Array(#"{"text": "\ud800 lone surrogate is valid JSON"}"#.utf8) + [0x0A]
        let result = try await validate(dir.file("u.jsonl", bytes)) { $0.format = .auto }
        #expect(result.has(.invalidUTF8, line: 11))
        #expect(result.has(.invalidUTF8, line: 12))
        #expect(!result.has(.invalidJSON, line: 13))
        #expect(!result.has(.invalidUTF8, line: 13))
    }

    /// The string scanner reads 16 and 8 bytes at a time: a special byte must be found at any
    /// offset of a block, not only where a block starts.
    @Test func specialBytesAreFoundAtEveryOffsetOfALongString() async throws {
        let dir = TempDir()
        let head = Array(#"{"messages":[{"role":"user","content":"x"},{"role":"assistant","content":""#.utf8)
        let tail = Array(#""}]}"#.utf8)
        var bytes = Array(goodLines(10).joined(separator: "\n").utf8) + [0x0A]
        var expected: [(line: Int, kind: ProblemKind?, byte: Int?)] = []
        var line = 11
        for offset in 0..<40 {
            let before = [UInt8](repeating: UInt8(ascii: "a"), count: offset)
            let after = [UInt8](repeating: UInt8(ascii: "b"), count: 48 - offset)
            let position = head.count + offset + 1  // 1-based byte of the special one
            let cases: [([UInt8], ProblemKind?, Int?)] = [
                (Array(#"\""#.utf8), nil, nil),          // an escaped quote does not end the string
                (Array("é😀".utf8), nil, nil),            // valid multi-byte sequences
                ([0x01], .invalidJSON, position),           // a raw control character
                ([0xFF], .invalidUTF8, position),           // not UTF-8
                ([0xE2, 0x82], .invalidUTF8, position),    // a truncated sequence
            ]
            for (special, kind, byte) in cases {
                bytes += head + before + special + after + tail + [0x0A]
                expected.append((line, kind, byte))
                line += 1
            }
        }
        let result = try await validate(dir.file("offsets.jsonl", bytes)) { $0.detectDuplicates = false }
        for e in expected {
            let problems = (result.errors + result.warnings).filter { $0.line == e.line }
            if let kind = e.kind {
                #expect(problems.map(\.kind) == [kind], "line \(e.line)")
                if let byte = e.byte, let message = problems.first?.message {
                    #expect(message.contains("byte \(byte))") || message.contains("byte \(byte):"), "line \(e.line): \(message)")
                }
            } else {
                #expect(problems.isEmpty, "line \(e.line): \(problems)")
            }
        }
    }

    @Test func mixedFormatsInAutoAreReportedAgainstTheFirstExample() async throws {
        let dir = TempDir()
        var lines = goodLines(10)
        lines.insert(#"{"prompt": "p", "completion": "c"}"#, at: 4)   // line 5
        lines.append(#"{"text": "t"}"#)                                  // line 12
        let path = dir.file("m.jsonl", lines: lines)
        let result = try await validate(path)
        #expect(result.format == .chat)
        #expect(result.errorPairs == ["5:mixed-formats", "12:unsupported-by-provider", "12:mixed-formats"])
        // Forced format: the odd lines are checked as chat instead.
        let forced = try await validate(path) { $0.format = .chat }
        #expect(forced.errorPairs == ["5:missing-messages", "12:missing-messages"])
        // nebius accepts text, so line 12 is only mixed there.
        let nebius = try await validate(path) { $0.rules = .nebius }
        #expect(nebius.errorPairs == ["5:mixed-formats", "12:mixed-formats"])
    }

    static func dpo(input: String = #"[{"role":"user","content":"q"}]"#,
                    good: String = #"[{"role":"assistant","content":"yes"}]"#,
                    bad: String = #"[{"role":"assistant","content":"no"}]"#) -> String {
        #"{"input":{"messages":\#(input)},"preferred_output":\#(good),"non_preferred_output":\#(bad)}"#
    }

    @Test func preferenceRules() async throws {
        let dir = TempDir()
        var lines = (0..<10).map { LineChecksTests.dpo(input: #"[{"role":"user","content":"q\#($0)"}]"#) }
        lines.append(LineChecksTests.dpo(input: #"[{"role":"user","content":"q"},{"role":"assistant","content":"a"}]"#))  // 11
        lines.append(LineChecksTests.dpo(good: #"[{"role":"assistant","content":"a"},{"role":"assistant","content":"b"}]"#))  // 12
        lines.append(LineChecksTests.dpo(bad: #"[{"role":"user","content":"a"}]"#))  // 13
        lines.append(#"{"input":{"messages":[{"role":"user","content":"q"}]},"preferred_output":[{"role":"assistant","content":"x"}]}"#)  // 14
        lines.append(#"{"input":"q","preferred_output":[{"role":"assistant","content":"x"}],"non_preferred_output":[{"role":"assistant","content":"y"}]}"#)  // 15
        lines.append(LineChecksTests.dpo(input: "[]"))  // 16
        let path = dir.file("d.jsonl", lines: lines)
        let result = try await validate(path)
        #expect(result.format == .preference)
        #expect(result.errorPairs == ["11:last-input-assistant", "12:invalid-preference-output",
                                      "13:invalid-preference-output", "14:missing-field", "15:invalid-field-type",
                                      "16:empty-messages"])
        // Preference is not a nebius format.
        let nebius = try await validate(path) { $0.rules = .nebius }
        #expect(nebius.counts[.unsupportedByProvider] == 16)
    }

    @Test func preferenceTokensAreTheLongerSequence() async throws {
        let dir = TempDir()
        let line = LineChecksTests.dpo(input: #"[{"role":"user","content":"12345678"}]"#,
                                       good: #"[{"role":"assistant","content":"1234"}]"#,
                                       bad: #"[{"role":"assistant","content":"123456789012"}]"#)
        let result = try await validate(dir.file("d.jsonl", lines: [line]))
        // 3 + (3 + ceil(4/4) + ceil(8/4)) + (3 + ceil(9/4) + ceil(12/4)) with the longer output.
        let expected = 3 + (3 + 1 + 2) + (3 + 3 + 3)
        #expect(result.tokens?.total == expected)
        #expect(result.tokens?.content == 2 + 3)
    }
}
