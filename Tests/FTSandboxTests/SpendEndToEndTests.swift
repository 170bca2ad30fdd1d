import FTCore
import FTTestSupport
import Foundation
import Testing

/// The spend ledger through the real `ftctl` binary against the sandbox: 20 jobs created (four
/// processes at a time), run and finished, each in `ftctl spend` with its estimate and actual;
/// writers blocked on the ledger's lock all land once it is free; one killed while it is inside
/// its ledger write, and a line cut short as a kill inside `write` leaves it, lose no other record.
@Suite("spend ledger end to end")
struct SpendEndToEndTests {
    static let jobs = 20

    /// `ftctl spend --by job -o json`, keyed by job id, and its stderr.
    static func spend(_ b: Binaries) async throws -> (byID: [String: JSONValue], stderr: String) {
        let r = try await b.ftctl(["spend", "--by", "job", "-o", "json"])
        r.expectSuccess()
        var out: [String: JSONValue] = [:]
        for line in JSONValue.parse(Data(r.stdout.utf8))?.array ?? [] { if let id = line["job_id"]?.string { out[id] = line } }
        return (out, r.stderr)
    }

    /// The pids waiting for a lock (Linux `/proc/locks`: a waiter's line has `->`).
    static func waitingOnLocks() -> Set<Int32> {
        let text = (try? String(contentsOfFile: "/proc/locks", encoding: .utf8)) ?? ""
        return Set(text.split(separator: "\n").filter { $0.contains("->") }.compactMap { line in
            line.split(separator: " ", omittingEmptySubsequences: true).dropFirst(5).first.flatMap { Int32($0) }
        })
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/locks"), "needs Linux /proc/locks"))
    func twentyJobsEachWithEstimateAndActualThroughKillsAndConcurrentWriters() async throws {
        let sandbox = try await RunningSandbox.start(speed: 400)
        defer { sandbox.stop() }
        let b = Binaries()
        for (k, v) in [("provider", "openai"), ("base_url", sandbox.v1), ("api_key", "sk-sandbox")] {
            try await b.ftctl(["config", "set", k, v]).expectSuccess()
        }
        let datasets = try (0..<4).map { try b.dataset("train-\($0).jsonl", lines: 12 + 5 * $0) }
        var digests: [String: String] = [:]
        for path in datasets {
            digests[path] = String(try await b.run("/usr/bin/sha256sum", [path]).stdout.prefix(64))
        }
        func create(_ path: String) async throws -> String {
            let r = try await b.ftctl(["jobs", "create", "--model", "gpt-4o-mini", "--training-file", path, "--suffix", "spend", "-y", "-q"])
            r.expectSuccess()
            return r.trimmed
        }

        // 20 creates, four ftctl processes at a time.
        var created: [(id: String, dataset: String)] = []
        for round in 0..<(Self.jobs / 4) {
            let ids = try await withThrowingTaskGroup(of: (String, String).self) { group in
                for i in 0..<4 {
                    let path = datasets[(round + i) % 4]
                    group.addTask { (try await create(path), path) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            created += ids.map { (id: $0.0, dataset: $0.1) }
        }
        #expect(Set(created.map(\.id)).count == Self.jobs)

        // Half are seen finished by `jobs wait`, the rest by `jobs list` (what its items carry).
        for job in created.prefix(Self.jobs / 2) { try await b.ftctl(["jobs", "wait", job.id, "--interval", "0.1s"]).expectSuccess() }
        let allKnown = try await BackgroundProcess.until(timeout: 30, every: 0.2) {
            try await b.ftctl(["jobs", "list", "--limit", "100"]).expectSuccess()
            let lines = try await Self.spend(b).byID
            return created.allSatisfy { lines[$0.id]?["actual_usd"]?.string != nil }
        }
        #expect(allKnown, "every job seen finished by wait or list has its actual cost")

        let (before, cleanErr) = try await Self.spend(b)
        #expect(!cleanErr.contains("unreadable"))
        for job in created {
            let line = try #require(before[job.id], "job \(job.id) is in spend")
            #expect(line["estimated_usd"]?.string.flatMap { Decimal(string: $0) }.map { $0 > 0 } == true)
            #expect(line["actual_basis"]?.string == "trained_tokens" && line["status"]?.string == "succeeded")
            #expect(line["trained_tokens"]?.int.map { $0 > 0 } == true)
            #expect(line["dataset_sha256"]?.string == digests[job.dataset])
            #expect(line["spec"]?["model"]?.string == "gpt-4o-mini" && line["spec"]?["suffix"]?.string == "spend")
            #expect(line["spec"]?["training_file"]?.string?.hasPrefix("file-") == true, "the spec names the uploaded file")
        }
        let ledgerPath = (try await b.ftctl(["config", "path"]).trimmed as NSString).deletingLastPathComponent + "/ledger.jsonl"
        let ledgerText = try String(contentsOfFile: ledgerPath, encoding: .utf8)
        #expect(!ledgerText.contains("sk-sandbox"), "no secret in the ledger")

        // Hold the ledger's lock: two creates and a third wait inside their ledger write.
        let fd = open(ledgerPath, O_RDWR | O_APPEND)
        #expect(fd >= 0)
        #expect(flock(fd, LOCK_EX) == 0)
        var lockHeld = true
        defer { if lockHeld { flock(fd, LOCK_UN) }; close(fd) }
        let args = ["jobs", "create", "--model", "gpt-4o-mini", "--training-file", datasets[0], "-y", "-q"]
        let writers = try (0..<3).map { _ in try BackgroundProcess(Binaries.path("ftctl"), args, environment: b.runner.environment, directory: b.home) }
        let blocked = await BackgroundProcess.until(timeout: 30) { Self.waitingOnLocks().isSuperset(of: writers.map(\.pid)) }
        #expect(blocked, "all three are waiting inside the ledger write")
        writers[2].kill()
        _ = await writers[2].wait()
        flock(fd, LOCK_UN)
        lockHeld = false
        for w in writers.prefix(2) { #expect(await w.wait() == 0, "\(w.stderr)") }
        let concurrent = writers.prefix(2).map { $0.stdout.trimmingCharacters(in: .whitespacesAndNewlines) }

        // What a kill inside `write` leaves: a record cut short, without its newline.
        let torn = #"{"v":1,"kind":"estimate","job_id":"ftjob-torn","provider":"op"#
        #expect(write(fd, torn, torn.utf8.count) == torn.utf8.count)
        let last = try await create(datasets[1])

        let (after, stderr) = try await Self.spend(b)
        #expect(stderr.components(separatedBy: "unreadable ledger line skipped").count == 2, "the cut line is reported once: \(stderr)")
        for job in created { #expect(after[job.id] == before[job.id], "\(job.id) is unchanged") }
        for id in concurrent + [last] { #expect(after[id]?["estimated_usd"] != nil && after[id]?["estimated_usd"] != .null, "\(id) was recorded") }
        #expect(after.count == Self.jobs + 3, "20 + the two concurrent creates + the one after the cut line; the killed one wrote nothing")
        #expect(after["ftjob-torn"] == nil)

        // `top` records what its rows show of the finished jobs ftctl created.
        let latest = concurrent + [last]
        #expect(latest.allSatisfy { after[$0]?["actual_usd"] == .null })
        let topped = try await BackgroundProcess.until(timeout: 30, every: 0.2) {
            try await b.ftctl(["top", "--once", "-o", "json"]).expectSuccess()
            let lines = try await Self.spend(b).byID
            return latest.allSatisfy { lines[$0]?["actual_usd"]?.string != nil }
        }
        #expect(topped)
        for w in writers { await w.stop() }
    }
}
