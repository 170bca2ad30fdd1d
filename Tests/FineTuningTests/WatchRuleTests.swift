@testable import FineTuning
import Foundation
import Testing

/// Each watching rule as the pure function it is: fed observations, it fires or it does not.
@Suite("watching rules")
struct WatchRuleTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static func job(_ status: JobStatus = .running, step: Int? = 10, total: Int? = 100, createdAgo: Double = 60) -> Job {
        Job(id: "ftjob-1", provider: "openai", status: status, createdAt: t0.addingTimeInterval(-createdAgo),
            progress: Job.Progress(step: step, totalSteps: total))
    }

    static func seen(_ job: Job = job(), at: Date = t0, train: [Double] = [], valid: [Double] = []) -> TrainingObservations {
        var seen = TrainingObservations()
        seen.observe(job: job, at: at)
        let rows = (0..<max(train.count, valid.count)).map { i -> Record in
            var o = JSONObject([("step", .int(Int64((i + 1) * 10)))])
            if i < train.count { o["train_loss"] = train[i].isNaN ? .string("NaN") : .double(train[i]) }
            if i < valid.count { o["valid_loss"] = .double(valid[i]) }
            return Record(id: "\(i)", json: .object(o))
        }
        seen.observe(metrics: rows, at: at)
        return seen
    }

    @Test(arguments: ["stalled:30m", "loss:nan", "loss-spike:3", "val-loss-rising:3", "cost:12.5", "duration:6h"])
    func everyFormReadsBackAsWritten(text: String) throws {
        #expect(try WatchRule(parsing: text).description == text)
    }

    @Test(arguments: ["stalled", "stalled:soon", "loss:high", "loss-spike:0.5", "val-loss-rising:0", "cost:-1", "speed:3", ":", ""])
    func aMalformedRuleIsAUsageErrorListingTheRules(text: String) {
        let error = #expect(throws: FTError.self) { try WatchRule(parsing: text) }
        #expect(error?.code == .usage)
        #expect(error?.hint?.contains("stalled:DURATION") == true)
        #expect(error?.hint?.contains("val-loss-rising:N") == true)
    }

    @Test func stalledFiresOnlyAfterTheQuietTimeWhileRunning() throws {
        let rule = try WatchRule(parsing: "stalled:30m")
        let seen = Self.seen()
        #expect(rule.check(seen, now: Self.t0.addingTimeInterval(29 * 60)) == nil)
        let hit = try #require(rule.check(seen, now: Self.t0.addingTimeInterval(31 * 60)))
        #expect(hit.detail.contains("no new step"))
        #expect(hit.step == 10)
        // Queued for an hour is not a stall of training.
        #expect(rule.check(Self.seen(Self.job(.queued)), now: Self.t0.addingTimeInterval(3600)) == nil)
        // A new step resets the quiet time.
        var moving = seen
        moving.observe(job: Self.job(step: 11), at: Self.t0.addingTimeInterval(20 * 60))
        #expect(rule.check(moving, now: Self.t0.addingTimeInterval(31 * 60)) == nil)
    }

    @Test func lossNaNFiresOnANaNOrInfiniteLossAtItsStep() throws {
        let hit = try #require(WatchRule.lossNaN.check(Self.seen(train: [2.0, 1.5, .nan]), now: Self.t0))
        #expect(hit.step == 30)
        #expect(hit.detail == "train loss is NaN")
        #expect(WatchRule.lossNaN.check(Self.seen(train: [2.0, 1.5, 1.2], valid: [2.1, 1.6, 1.3]), now: Self.t0) == nil)
        var inf = Self.seen()
        inf.observe(metrics: [Record(id: "x", json: ["step": 40, "valid_loss": "inf"])], at: Self.t0)
        #expect(WatchRule.lossNaN.check(inf, now: Self.t0)?.detail == "validation loss is +infinity")
    }

    @Test func lossSpikeComparesWithTheRecentMedian() {
        let rule = WatchRule.lossSpike(factor: 3)
        #expect(rule.check(Self.seen(train: [1.0, 1.1, 0.9, 1.0, 2.5]), now: Self.t0) == nil)
        let hit = rule.check(Self.seen(train: [1.0, 1.1, 0.9, 1.0, 3.5]), now: Self.t0)
        #expect(hit?.step == 50)
        #expect(hit?.detail.contains("3.5") == true)
        // Too few points to have a median.
        #expect(rule.check(Self.seen(train: [1.0, 9.0]), now: Self.t0) == nil)
    }

    @Test func valLossRisingNeedsEveryOneOfTheLastNToRise() {
        let rule = WatchRule.valLossRising(evaluations: 3)
        #expect(rule.check(Self.seen(valid: [2.0, 1.5, 1.6, 1.7, 1.8]), now: Self.t0)?.step == 50)
        #expect(rule.check(Self.seen(valid: [2.0, 1.5, 1.6, 1.7, 1.65]), now: Self.t0) == nil)
        #expect(rule.check(Self.seen(valid: [1.5, 1.6, 1.7]), now: Self.t0) == nil, "three rises need four evaluations")
    }

    @Test func costComparesTheSpendSoFar() {
        let rule = WatchRule.cost(usd: 5)
        #expect(rule.check(Self.seen(), now: Self.t0, spentUSD: 4.99) == nil)
        #expect(rule.check(Self.seen(), now: Self.t0, spentUSD: nil) == nil)
        #expect(rule.check(Self.seen(), now: Self.t0, spentUSD: 6.2)?.detail.contains("6.2") == true)
        #expect(SpendMeter(total: 10).spent(Self.job(step: 25, total: 100)) == 2.5)
        #expect(SpendMeter(total: nil).spent(Self.job()) == nil)
    }

    @Test func durationCountsFromCreation() {
        let rule = WatchRule.duration(seconds: 6 * 3600)
        #expect(rule.check(Self.seen(Self.job(createdAgo: 5 * 3600)), now: Self.t0) == nil)
        #expect(rule.check(Self.seen(Self.job(createdAgo: 7 * 3600)), now: Self.t0)?.detail.contains("over 6h") == true)
    }

    @Test func anEndedJobFiresNothingAndEachRuleFiresOnce() {
        #expect(WatchRule.lossNaN.check(Self.seen(Self.job(.succeeded), train: [.nan]), now: Self.t0) == nil)
        var book = RuleBook([ArmedRule(.lossNaN, .warn), ArmedRule(.duration(seconds: 1), .cancel)])
        let first = book.check(Self.seen(train: [.nan]), now: Self.t0)
        #expect(first.map(\.action) == [.cancel, .warn], "cancel rules first")
        #expect(book.check(Self.seen(train: [.nan]), now: Self.t0).isEmpty)
        #expect(first.first?.line.hasPrefix("rule duration:1s fired at step 10: ") == true)
    }
}
