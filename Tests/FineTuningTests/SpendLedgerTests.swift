import Foundation
import Testing
@testable import FineTuning

@Suite struct SpendLedgerTests {
    func tempLedger() -> SpendLedger {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-\(UUID().uuidString)")
        return SpendLedger(path: dir.appendingPathComponent("ledger.jsonl").path)
    }

    func record(_ id: String, _ kind: SpendLedger.Record.Kind = .estimate, usd: String = "1.5", provider: String = "together") -> SpendLedger.Record {
        SpendLedger.Record(kind: kind, jobID: id, provider: provider, model: "llama-3.1-8b", profile: "default",
                           time: Date(timeIntervalSince1970: 1_700_000_000), usd: Decimal(string: usd))
    }

    @Test func concurrentWritersLoseNothing() async throws {
        let ledger = tempLedger()
        await withTaskGroup(of: Void.self) { group in
            for w in 0..<4 {
                group.addTask { for i in 0..<50 { try? ledger.append(record("w\(w)-\(i)")) } }
            }
        }
        let (records, problems) = ledger.read()
        #expect(problems.isEmpty)
        #expect(Set(records.map(\.jobID)).count == 200)
    }

    @Test func aLineCutShortIsSkippedOnceAndLaterRecordsStay() throws {
        let ledger = tempLedger()
        try ledger.append(record("a"))
        // A crash in the middle of the next write, then a hand edit.
        let handle = try #require(FileHandle(forWritingAtPath: ledger.path))
        handle.seekToEndOfFile()
        handle.write(Data(#"{"v":1,"kind":"estimate","job_id":"b","prov"#.utf8))
        try handle.close()
        try ledger.append(record("c"))
        try (String(contentsOfFile: ledger.path, encoding: .utf8) + "not json\n").write(toFile: ledger.path, atomically: false, encoding: .utf8)
        try ledger.append(record("d", .actual, usd: "2"))
        let (records, problems) = ledger.read()
        #expect(records.map(\.jobID) == ["a", "c", "d"])
        #expect(problems.count == 2)
        #expect(problems[0].hasSuffix(":2: unreadable ledger line skipped") && problems[1].contains(":4:"))
    }

    @Test func reportSumsEstimatedAndActualPerGroup() throws {
        let records = [record("j1"), record("j1", .actual, usd: "2.25"), record("j2", provider: "fireworks"),
                       record("j3"), record("j3", .actual, usd: "0.5"), record("j3", .actual, usd: "0.75")]
        let rows = SpendReport.rows(records, since: nil, by: .provider)
        #expect(rows.map(\.group) == ["fireworks", "together"])
        let together = rows[1]
        #expect(together.jobs == 2 && together.estimatedUSD == Decimal(3) && together.actualUSD == Decimal(3) && together.jobsWithActual == 2)
        #expect(SpendReport.rows(records, since: Date(), by: .model).isEmpty)
    }
}

@Suite struct SpendCorrectionTests {
    func r(_ id: String, _ kind: SpendLedger.Record.Kind, _ usd: String) -> SpendLedger.Record {
        SpendLedger.Record(kind: kind, jobID: id, provider: "together", model: "m", profile: nil, time: Date(), usd: Decimal(string: usd))
    }

    @Test func medianRatioOfFinishedJobs() {
        let records = [r("a", .estimate, "10"), r("a", .actual, "20"), r("b", .estimate, "10"), r("b", .actual, "30"),
                       r("c", .estimate, "10"), r("c", .actual, "25"), r("d", .estimate, "5")]
        let c = SpendReport.correction(records, provider: "together", model: "m")
        #expect(c?.factor == Decimal(string: "2.5") && c?.jobs == 3)
        #expect(SpendReport.correction(Array(records.prefix(2)), provider: "together", model: "m") == nil)
        #expect(SpendReport.correction(records, provider: "fireworks", model: "m") == nil)
    }
}

@Suite struct MonthlyBudgetTests {
    @Test func monthSpendCountsActualElseEstimateAndRefusesAboveBudget() throws {
        let now = Date(timeIntervalSince1970: 1_764_633_600)  // 2025-12-02
        func r(_ id: String, _ kind: SpendLedger.Record.Kind, _ usd: String, daysAgo: Double) -> SpendLedger.Record {
            SpendLedger.Record(kind: kind, jobID: id, provider: "p", model: "m", profile: nil, time: now.addingTimeInterval(-daysAgo * 86_400),
                               usd: Decimal(string: usd))
        }
        let records = [r("a", .estimate, "10", daysAgo: 1), r("a", .actual, "12", daysAgo: 0.5), r("b", .estimate, "5", daysAgo: 1),
                       r("old", .estimate, "100", daysAgo: 40)]
        #expect(SpendReport.spentThisMonth(records, now: now) == Decimal(17))
        #expect(throws: Never.self) { try SpendReport.checkMonthlyBudget(Decimal(3), budget: 20, records: records, now: now) }
        #expect(throws: (any Error).self) { try SpendReport.checkMonthlyBudget(Decimal(4), budget: 20, records: records, now: now) }
    }
}
