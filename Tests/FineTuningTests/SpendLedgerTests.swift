import Foundation
import Testing
@testable import FineTuning
import FTCore

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

@Suite struct LedgerActualTests {
    let t = Date(timeIntervalSince1970: 1_700_000_000)

    func estimate(_ id: String, rate: String?) -> SpendLedger.Record {
        var r = SpendLedger.Record(kind: .estimate, jobID: id, provider: "openai", model: "gpt-4o-mini", profile: "p", time: t, usd: 1)
        r.usdPer1MTokens = rate.flatMap { Decimal(string: $0) }
        return r
    }

    func job(_ id: String, _ status: JobStatus, tokens: Int? = nil, cost: Decimal? = nil) -> Job {
        var j = Job(id: id, provider: "openai", status: status, model: "gpt-4o-mini")
        j.trainedTokens = tokens
        // What a provider says the job cost, as its adapter reads it (Together's total_price).
        j.costUSD = cost
        return j
    }

    @Test func finishedJobsGetTheirBillOnceAndAListingKnowsNoLessThanGet() throws {
        let records = [estimate("a", rate: "3"), estimate("b", rate: nil)]
        let seen: [(job: Job, profile: String?)] = [
            (job("a", .succeeded, tokens: 2_000_000), nil),
            (job("b", .succeeded, tokens: 10, cost: Decimal(string: "1.25")), nil),
            (job("c", .succeeded, tokens: 5), nil),  // not created here
            (job("d", .running, tokens: 5), nil),
        ]
        let new = SpendLedger.actuals(for: seen, records: records, onlyCreatedHere: true, now: t)
        #expect(new.map(\.jobID) == ["a", "b"])
        #expect(new[0].usd == Decimal(6) && new[0].usdBasis == "trained_tokens" && new[0].profile == "p")
        #expect(new[1].usd == Decimal(string: "1.25") && new[1].usdBasis == "provider")
        // Seen again, or seen by a listing that carries no token count: nothing new.
        #expect(SpendLedger.actuals(for: seen, records: records + new, onlyCreatedHere: true, now: t).isEmpty)
        #expect(SpendLedger.actuals(for: [(job("a", .succeeded), nil)], records: records + new, onlyCreatedHere: true, now: t).isEmpty)
        // `get` records any job; a later actual without a cost does not hide the earlier one.
        let c = SpendLedger.actuals(for: [seen[2]], records: records, onlyCreatedHere: false, now: t)
        #expect(c.count == 1 && c[0].usd == nil)
        var later = new[0]
        later.usd = nil
        later.status = "deployed"
        let line = SpendReport.jobs(records + new + [later], since: nil).first { $0.jobID == "a" }
        #expect(line?.actualUSD == Decimal(6) && line?.estimatedUSD == Decimal(1))
    }

    @Test func newFieldsRoundTripAndABadRateMakesTheLineUnreadable() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-\(UUID().uuidString)")
        let ledger = SpendLedger(path: dir.appendingPathComponent("ledger.jsonl").path)
        var r = estimate("a", rate: "0.5")
        r.datasetSHA256 = String(repeating: "ab", count: 32)
        r.spec = JSONObject([("model", .string("gpt-4o-mini")), ("epochs", .int(3))])
        try ledger.append([r, estimate("b", rate: nil)])
        try (String(contentsOfFile: ledger.path, encoding: .utf8)
             + #"{"v":1,"kind":"estimate","job_id":"c","provider":"x","time":"2024-01-01T00:00:00Z","usd":null,"usd_per_1m_tokens":"lots"}"# + "\n")
            .write(toFile: ledger.path, atomically: false, encoding: .utf8)
        let (records, problems) = ledger.read()
        #expect(records == [r, estimate("b", rate: nil)])
        #expect(problems.count == 1 && problems[0].hasSuffix(":3: unreadable ledger line skipped"))
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
