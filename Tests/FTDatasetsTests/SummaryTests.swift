import FTDatasets
import Foundation
import Testing

@Suite struct SummaryTests {
    /// The estimate's count, written out independently: ceil(bytes / 4).
    func est(_ s: String) -> Int { (s.utf8.count + 3) / 4 }

    /// Nearest rank: the value of rank ceil(p·n/100) in ascending order.
    func nearestRank(_ sorted: [Int], _ p: Int) -> Int {
        let rank = max(1, Int((Double(p) / 100 * Double(sorted.count)).rounded(.up)))
        return sorted[min(sorted.count, rank) - 1]
    }

    @Test func figuresOnAHandCountableFile() async throws {
        let dir = TempDir()
        // 23 examples whose sizes differ: example i has a user message of 4·i bytes and an
        // assistant reply of (i % 5) · 8 + 1 bytes; every third has a system message and every
        // fourth a user name.
        var lines: [String] = []
        var expectedTotals: [Int] = []
        var expectedContent = 0
        var expectedMessages = 0
        for i in 1...23 {
            let user = String(repeating: "u", count: 4 * i)
            let reply = String(repeating: "r", count: (i % 5) * 8 + 1)
            var messages: [String] = []
            var total = 3
            if i % 3 == 0 {
                messages.append(#"{"role":"system","content":"sys"}"#)
                total += 3 + est("system") + est("sys")
                expectedContent += est("sys")
            }
            if i % 4 == 0 {
                messages.append(#"{"role":"user","name":"ann","content":"\#(user)"}"#)
                total += 3 + est("user") + est(user) + est("ann") + 1
            } else {
                messages.append(#"{"role":"user","content":"\#(user)"}"#)
                total += 3 + est("user") + est(user)
            }
            messages.append(#"{"role":"assistant","content":"\#(reply)"}"#)
            total += 3 + est("assistant") + est(reply)
            expectedContent += est(user) + est(reply)
            expectedMessages += messages.count
            expectedTotals.append(total)
            lines.append(#"{"messages":["# + messages.joined(separator: ",") + "]}")
        }
        let limit = 20
        let result = try await validate(dir.file("s.jsonl", lines: lines)) { $0.contextLimit = limit }
        let sorted = expectedTotals.sorted()
        let tokens = try #require(result.tokens)
        #expect(tokens.exact == false)
        #expect(tokens.tokenizer == "estimate")
        #expect(tokens.total == expectedTotals.reduce(0, +))
        #expect(tokens.content == expectedContent)
        #expect(tokens.min == sorted.first)
        #expect(tokens.max == sorted.last)
        #expect(abs(tokens.mean - Double(expectedTotals.reduce(0, +)) / 23) < 1e-9)
        #expect(tokens.p50 == nearestRank(sorted, 50))
        #expect(tokens.p95 == nearestRank(sorted, 95))
        #expect(result.messages == expectedMessages)
        #expect(result.overLimit == expectedTotals.filter { $0 > limit }.count)
        #expect(result.overLimit > 0 && result.overLimit < 23)
        #expect(result.billedTokensPerEpoch == expectedTotals.map { min($0, limit) }.reduce(0, +))
        #expect(result.counts[.overContextLimit] == result.overLimit)
        #expect(result.defaultEpochs == 4)  // 23 · 3 < 100: min(25, 100 // 23)
        // Without a limit: nothing over it, billed = total.
        let free = try await validate(dir.file("s.jsonl", lines: lines))
        #expect(free.overLimit == 0 && free.billedTokensPerEpoch == tokens.total)
    }

    @Test func completionAndTextTokens() async throws {
        let dir = TempDir()
        let lines = (0..<10).map { #"{"prompt": "\#(String(repeating: "p", count: $0 + 1))", "completion": "ccccc"}"# }
        let result = try await validate(dir.file("c.jsonl", lines: lines))
        let expected = (0..<10).map { est(String(repeating: "p", count: $0 + 1)) + est("ccccc") }
        #expect(result.format == .completion)
        #expect(result.tokens?.total == expected.reduce(0, +))
        #expect(result.tokens?.content == expected.reduce(0, +))
        #expect(result.tokens?.max == expected.max())
    }

    @Test func escapedStringsAreCountedDecoded() async throws {
        let dir = TempDir()
        // "\u00e9\n\t" decodes to 4 bytes (é is 2) → 1 token; the raw text is 14 bytes.
        let line = #"{"messages":[{"role":"user","content":"\u00e9\n\t"},{"role":"assistant","content":"ok"}]}"#
        let result = try await validate(dir.file("e.jsonl", lines: [line]))
        #expect(result.tokens?.content == 1 + 1)
    }

    @Test(arguments: [1, 5, 10, 33, 34, 50, 8_333, 8_334, 10_000, 25_000, 30_000])
    func defaultEpochsMatchTheCookbook(_ n: Int) {
        var epochs = 3
        if n * 3 < 100 { epochs = min(25, 100 / n) } else if n * 3 > 25_000 { epochs = max(1, 25_000 / n) }
        #expect(defaultEpochs(examples: n) == epochs)
    }

    @Test func quantilesAboveTheExactRangeAreClose() async throws {
        let dir = TempDir()
        // Texts whose estimate is 70,000 + 1,000·i tokens.
        let counts = (0..<12).map { 70_000 + 1_000 * $0 }
        let lines = counts.map { #"{"text": "\#(String(repeating: "a", count: $0 * 4))"}"# }
        let result = try await validate(dir.file("q.jsonl", lines: lines)) { $0.rules = .nebius; $0.maxLineBytes = 1 << 22 }
        let tokens = try #require(result.tokens)
        let exact = nearestRank(counts, 50)
        #expect(tokens.min == counts.first && tokens.max == counts.last)
        #expect(tokens.p50 <= exact && Double(exact - tokens.p50) <= Double(exact) / 64)
    }

    @Test func reportHasTheContractFields() async throws {
        let dir = TempDir()
        let result = try await validate(dir.file("r.jsonl", lines: goodLines(10) + ["{x"]))
        let data = try result.report(maxErrors: 10).jsonData()
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        for key in ["file", "format", "examples", "error_count", "errors", "tokens", "over_limit", "billed_tokens_per_epoch"] {
            #expect(object[key] != nil, "\(key)")
        }
        let errors = try #require(object["errors"] as? [[String: Any]])
        #expect(errors.count == 1)
        #expect(Set(errors[0].keys) == ["line", "kind", "message"])
        #expect(errors[0]["kind"] as? String == "invalid-json")
        let tokens = try #require(object["tokens"] as? [String: Any])
        #expect(Set(tokens.keys) == ["exact", "tokenizer", "total", "content", "min", "mean", "p50", "p95", "max"])
        // Schema-only: token figures are null, not omitted.
        let schema = try await validate(dir.file("r.jsonl", lines: goodLines(10))) { $0 = .schemaOnly() }
        let schemaObject = try #require(try JSONSerialization.jsonObject(with: schema.report().jsonData()) as? [String: Any])
        let schemaTokens = try #require(schemaObject["tokens"] as? [String: Any])
        #expect(schemaTokens["total"] is NSNull)
        #expect(schemaObject["billed_tokens_per_epoch"] is NSNull)
    }

    @Test func kindIDsAreStable() {
        #expect(ProblemKind.allCases.count == Set(ProblemKind.allCases.map(\.rawValue)).count)
        for kind in ProblemKind.allCases {
            #expect(kind.rawValue.allSatisfy { $0.isLowercase || $0 == "-" || $0.isNumber })
        }
        #expect(ProblemKind.duplicate.defaultSeverity == .warning)
        #expect(ProblemKind.invalidJSON.defaultSeverity == .error)
    }
}
