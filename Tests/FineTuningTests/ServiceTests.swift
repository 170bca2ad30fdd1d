@testable import FineTuning
import Foundation
import Testing

@Suite("library services over an in-memory provider")
struct ServiceTests {
    @Test func statusFilterPagesOnUntilTheLimitIsFilled() async throws {
        // 30 running jobs first (newest), then 5 succeeded ones: the first pages hold no match.
        let server = InMemoryProvider(jobs: (0..<30).map { InMemoryProvider.job($0, status: "running") }
            + (30..<35).map { InMemoryProvider.job($0, status: "succeeded") })
        let jobs = try await JobListing(client: server.client()).list(.init(status: "succeeded"), limit: 3)
        #expect(jobs.map(\.id) == ["ftjob-30", "ftjob-31", "ftjob-32"])
        #expect(jobs.allSatisfy { $0.status == .succeeded })
        // OpenAI cannot filter by status, so nothing about status went to the server.
        #expect(server.urls.allSatisfy { !$0.contains("status") })
    }

    @Test func withoutFiltersTheLimitIsThePageSize() async throws {
        let server = InMemoryProvider(jobs: (0..<50).map { InMemoryProvider.job($0, status: "running") })
        let jobs = try await JobListing(client: server.client()).list(limit: 7)
        #expect(jobs.count == 7)
        #expect(server.urls.count == 1)
        #expect(server.urls.first?.contains("limit=7") == true)
    }

    @Test func everyPageIsWalkedAsASequence() async throws {
        let server = InMemoryProvider(jobs: (0..<250).map { InMemoryProvider.job($0, status: "running") })
        var seen = 0
        for try await _ in JobListing(client: server.client()).jobs() { seen += 1 }
        #expect(seen == 250)
        #expect(server.urls.count == 3)
    }

    @Test func aFilterTheProviderCannotApplyIsRefusedNotIgnored() async throws {
        let server = InMemoryProvider(jobs: [InMemoryProvider.job(1, status: "running")])
        let error = await #expect(throws: FTError.self) {
            _ = try await JobListing(client: server.client()).list(.init(search: "support"))
        }
        #expect(error?.what == "--search")
        #expect(error?.code == .usage)
        #expect(server.urls.isEmpty)
    }

    @Test func filtersTheServerAppliesAreSent() throws {
        let plan = try JobListing.plan(.init(status: "succeeded", model: "m", search: "q"), declaration: .genericV1)
        #expect(plan.query.status == "succeeded")
        #expect(plan.query.model == "m")
        #expect(plan.query.search == "q")
        let openai = try JobListing.plan(.init(metadata: ["team": "ml"]), declaration: .openai)
        #expect(openai.query.metadata.map { "\($0.0)=\($0.1)" } == ["team=ml"])
    }

    @Test func cancellingAnAlreadyCancelledJobReturnsTheJob() async throws {
        let server = InMemoryProvider()
        server.actionReply = HTTPResponse(status: 400, body: Data(#"{"error":{"message":"Job has already been cancelled"}}"#.utf8))
        server.statuses = ["cancelled"]
        let outcome = try await JobActions(client: server.client()).perform(.cancel, jobID: "ftjob-3")
        #expect(outcome.wasAlready)
        #expect(outcome.job.status == .cancelled)
        #expect(server.urls.last?.hasSuffix("/fine_tuning/jobs/ftjob-3") == true)
    }

    @Test func aRefusedActionOnAJobInAnotherStateIsStillAnError() async throws {
        let server = InMemoryProvider()
        server.actionReply = HTTPResponse(status: 400, body: Data(#"{"error":{"message":"Job has already completed"}}"#.utf8))
        server.statuses = ["succeeded"]
        let error = await #expect(throws: FTError.self) {
            _ = try await JobActions(client: server.client()).perform(.cancel, jobID: "ftjob-3")
        }
        #expect(error?.httpStatus == 400)
        #expect(error?.why.contains("already completed") == true)
        // resume leaves no state to find: its refusal is never read back.
        let resume = InMemoryProvider()
        resume.actionReply = HTTPResponse(status: 400, body: Data(#"{"error":{"message":"no"}}"#.utf8))
        await #expect(throws: FTError.self) { _ = try await JobActions(client: resume.client()).perform(.resume, jobID: "ftjob-3") }
        #expect(resume.urls.count == 1)
    }

    @Test func waitingEndsAtATerminalStatusAndTellsEachChange() async throws {
        let server = InMemoryProvider()
        server.statuses = ["queued", "running", "running", "succeeded"]
        var waiter = JobWaiter(client: server.client())
        let slept = Recorder<Double>()
        waiter.sleep = { slept.add($0) }
        let changes = Recorder<JobStatus>()
        let job = try await waiter.wait(id: "ftjob-9", interval: 3) { changes.add($0.status) }
        #expect(job.status == .succeeded)
        #expect(changes.values == [.queued, .running, .succeeded])
        #expect(slept.values == [3, 3, 3])
    }

    @Test func waitingGivesUpAtTheTimeout() async throws {
        let server = InMemoryProvider()
        server.statuses = ["running"]
        let clock = Recorder<Double>()
        var waiter = JobWaiter(client: server.client())
        // A pretend clock that each sleep moves forward.
        let start = Date()
        waiter.now = { start.addingTimeInterval(clock.values.reduce(0, +)) }
        waiter.sleep = { clock.add($0) }
        let error = await #expect(throws: FTError.self) { _ = try await waiter.wait(id: "ftjob-1", timeout: 25, interval: 10) }
        #expect(error?.code == .waitTimedOut)
        #expect(clock.values == [10, 10, 5])
    }

    @Test func eventsComeOldestFirstAndTailKeepsTheNewest() async throws {
        let server = InMemoryProvider()
        // The server lists newest first, as OpenAI does.
        server.events = (0..<250).reversed().map { n in
            ["id": .string("ev-\(n)"), "created_at": .int(Int64(1_700_000_000 + n)), "level": "info", "message": .string("line \(n)")]
        }
        let all = try await EventLog(client: server.client()).events(jobID: "ftjob-1")
        #expect(all.map(\.message) == (0..<250).map { "line \($0)" })
        let tail = try await EventLog(client: server.client()).events(jobID: "ftjob-1", tail: 3)
        #expect(tail.map(\.message) == ["line 247", "line 248", "line 249"])
        let since = try await EventLog(client: server.client()).events(jobID: "ftjob-1", since: Date(timeIntervalSince1970: 1_700_000_245))
        #expect(since.map(\.message) == ["line 246", "line 247", "line 248", "line 249"])
    }

    @Test func metricsFallBackToEventMetricsWhenThereAreNoCheckpoints() async throws {
        let server = InMemoryProvider()
        server.events = [["id": "ev-2", "created_at": 2, "message": "step 2", "data": ["step": 2, "train_loss": 0.5]],
                         ["id": "ev-1", "created_at": 1, "message": "step 1", "data": ["step": 1, "train_loss": 0.9]]]
        var declaration = ProviderDeclaration.openai
        declaration.capabilities.remove(.listCheckpoints)
        let rows = try await MetricsService(client: server.client(declaration)).metrics(jobID: "ftjob-1")
        #expect(rows.map { $0.json["step"]?.int } == [1, 2])
        #expect(rows.map { $0.json["train_loss"]?.double } == [0.9, 0.5])
    }
}

final class Recorder<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [T] = []
    func add(_ v: T) { lock.withLock { items.append(v) } }
    var values: [T] { lock.withLock { items } }
}
