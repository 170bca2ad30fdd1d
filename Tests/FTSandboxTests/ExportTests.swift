import FTCore
import FTSandbox
import FTTestSupport
import FineTuning
import Foundation
import Testing

/// `ftctl export`: a whole account into a folder, resumable after a kill, verified on every run.
@Suite("ftctl export")
struct ExportTests {
    /// 30 finished jobs with a validation file, events over several pages, checkpoints and result files.
    static func account(_ b: Binaries) async throws -> [String] {
        let train = try await b.ftctl(["files", "upload", try b.dataset(lines: 30), "-q"]).trimmed
        let valid = try await b.ftctl(["files", "upload", try b.dataset("valid.jsonl", lines: 12), "-q"]).trimmed
        var ids: [String] = []
        for n in 0..<30 {
            ids.append(try await b.ftctl(["jobs", "create", "--model", "gpt-4o-mini", "--training-file", train, "--validation-file", valid,
                                          "--suffix", "n\(n)", "-q"]).trimmed)
        }
        try await b.ftctl(["jobs", "wait"] + ids + ["--interval", "0.2s"]).expectSuccess()
        return ids
    }

    static func manifest(_ dir: String) -> ExportManifest? {
        FileManager.default.contents(atPath: dir + "/manifest.json").flatMap(ExportManifest.read)
    }

    /// Every file the manifest lists is there with its size and SHA-256, and nothing is half-written.
    static func verifyAll(_ dir: String, _ m: ExportManifest) throws {
        for (path, entry) in m.files {
            let data = try #require(FileManager.default.contents(atPath: dir + "/" + path), "\(path) is missing")
            #expect(Int64(data.count) == entry.bytes, "\(path)")
            #expect(try StreamingDigest.sha256(of: dir + "/" + path) == entry.sha256, "\(path)")
        }
        let leftovers = (FileManager.default.enumerator(atPath: dir)?.allObjects as? [String] ?? []).filter { $0.contains(".ftctl-") }
        #expect(leftovers.isEmpty, "temporary files left: \(leftovers)")
    }

    static func downloads(_ trace: String) -> [String] {
        trace.split(separator: "\n").filter { $0.hasPrefix("> GET ") && $0.contains("/content") }.map(String.init)
    }

    @Test func everythingIsWrittenAndAKilledRunResumesWithoutFetchingAgain() async throws {
        let data = NSTemporaryDirectory() + "ftctl-export-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: data) }
        var sandbox = try await RunningSandbox.start(speed: 2000, dataDir: data, eventsPerStep: 12)
        let env = ProviderEndToEndTests.env("openai", sandbox)
        let b = Binaries(env)
        let ids = try await Self.account(b)
        let dir = b.home + "/archive"

        // Killed half-way (the sandbox slowed so there is a half-way): what it wrote is whole and listed.
        await sandbox.shutdown()
        sandbox = try await RunningSandbox.start(speed: 2000, faults: FaultSpec(rate: 0.1, kinds: [.slow]), dataDir: data,
                                                 port: sandbox.port, eventsPerStep: 12)
        let first = try BackgroundProcess(Binaries.path("ftctl"), ["export", dir], environment: b.runner.environment, directory: b.home)
        _ = await BackgroundProcess.until(timeout: 60, every: 0.02) { (Self.manifest(dir)?.jobs.count ?? 0) >= 3 }
        await first.stop()
        await sandbox.shutdown()
        sandbox = try await RunningSandbox.start(speed: 2000, dataDir: data, port: sandbox.port, eventsPerStep: 12)
        defer { sandbox.stop() }
        let partial = try #require(Self.manifest(dir))
        #expect(partial.jobs.count < 30, "killed before the end")
        let verified = Set(partial.files.keys.filter { $0.hasPrefix("files/") })

        // The rerun completes and downloads nothing it had.
        let second = try await b.ftctl(["export", dir, "-v"])
        second.expectSuccess()
        let m = try #require(Self.manifest(dir))
        #expect(Set(m.jobs.keys) == Set(ids))
        #expect(m.jobs.values.allSatisfy { $0.complete })
        try Self.verifyAll(dir, m)
        for path in verified {
            let id = path.split(separator: "/")[1]
            #expect(!Self.downloads(second.stderr).contains { $0.contains("/files/\(id)/content") }, "\(id) was downloaded again")
        }
        for id in ids {
            let job = try #require(JSONValue.parse(try Data(contentsOf: URL(fileURLWithPath: dir + "/jobs/\(id)/job.json"))))
            #expect(job["job"]?["id"]?.string == id)
            #expect(job["raw"]?["object"] == "fine_tuning.job")
            let events = try String(contentsOfFile: dir + "/jobs/\(id)/events.jsonl", encoding: .utf8).split(separator: "\n")
            #expect(events.count > 100, "events of every page")
            #expect(try JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: dir + "/jobs/\(id)/checkpoints.json")))?.array?.isEmpty == false)
            let result = try #require(job["raw"]?["result_files"]?.array?.first?.string)
            #expect(m.files.keys.contains { $0.hasPrefix("files/\(result)/") }, "the result file of \(id)")
        }
        #expect(m.files.keys.filter { $0.hasPrefix("files/") }.count == 32, "one training, one validation and 30 result files")

        // A third run finds everything verified: nothing is downloaded.
        let third = try await b.ftctl(["export", dir, "-v"])
        third.expectSuccess()
        #expect(Self.downloads(third.stderr).isEmpty, "\(Self.downloads(third.stderr))")
        #expect(third.stderr.contains("0 files written"), "\(third.stderr)")

        // A file damaged by hand is caught and fetched again.
        let victim = try #require(m.files.keys.first { $0.hasPrefix("files/") })
        try Data("damaged".utf8).write(to: URL(fileURLWithPath: dir + "/" + victim))
        try await b.ftctl(["export", dir]).expectSuccess()
        try Self.verifyAll(dir, try #require(Self.manifest(dir)))
    }

    /// Two exports into one folder at once would each remove the other's temporary files: while one
    /// holds the folder (here the test holds its lock, as a running export does), another is refused
    /// and writes nothing; once it is released, or its holder killed, the next run goes ahead.
    @Test func aSecondExportIntoTheSameFolderIsRefusedWhileTheFirstRuns() async throws {
        let sandbox = try await RunningSandbox.start(speed: 2000)
        defer { sandbox.stop() }
        let b = Binaries(ProviderEndToEndTests.env("openai", sandbox))
        let train = try await b.ftctl(["files", "upload", try b.dataset(lines: 10), "-q"]).trimmed
        let id = try await b.ftctl(["jobs", "create", "--model", "gpt-4o-mini", "--training-file", train, "-q"]).trimmed
        try await b.ftctl(["jobs", "wait", id, "--interval", "0.2s"]).expectSuccess()
        let dir = b.home + "/archive"
        try await b.ftctl(["export", dir]).expectSuccess()
        let before = try #require(FileManager.default.contents(atPath: dir + "/manifest.json"))

        let fd = open(dir + "/.ftctl.lock", O_RDWR | O_CLOEXEC)
        #expect(fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0, "the first export left its lock held")
        let refused = try await b.ftctl(["export", dir])
        #expect(refused.code == 1)
        #expect(refused.stdout.isEmpty)
        #expect(refused.stderr == "ftctl: \(dir): another ftctl export is writing this folder. "
                + "Wait for it to finish (a later run resumes where it stopped), or export into another folder.\n", "\(refused.stderr)")
        #expect(FileManager.default.contents(atPath: dir + "/manifest.json") == before)
        close(fd)
        try await b.ftctl(["export", dir]).expectSuccess()

        // Killed while holding it: the kernel releases the lock, and the next run resumes.
        let killed = try BackgroundProcess(Binaries.path("ftctl"), ["export", dir], environment: b.runner.environment, directory: b.home)
        killed.kill()
        _ = await killed.wait()
        try await b.ftctl(["export", dir]).expectSuccess()
        try Self.verifyAll(dir, try #require(Self.manifest(dir)))
    }

    @Test func aFolderThatIsNotAnExportIsRefusedAndNothingIsWritten() async throws {
        let sandbox = try await RunningSandbox.start()
        defer { sandbox.stop() }
        let b = Binaries(ProviderEndToEndTests.env("openai", sandbox))
        let file = b.home + "/a-file"
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        let r = try await b.ftctl(["export", file])
        #expect(r.code == 64)
        #expect(r.stderr.contains("is a file, not a folder"))
        let other = b.home + "/other"
        try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)
        try Data("mine".utf8).write(to: URL(fileURLWithPath: other + "/notes.txt"))
        let refused = try await b.ftctl(["export", other])
        #expect(refused.code == 64)
        #expect(refused.stderr.contains("not an export"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: other) == ["notes.txt"])
        // A manifest edited by hand: its bad entries are dropped and fetched again.
        let dir = b.home + "/archive"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try #"{"format":"ftctl-export/1","provider":"openai","files":{"../escape":{"bytes":1,"sha256":"x"},"jobs/x/job.json":"nonsense"}}"#
            .write(toFile: dir + "/manifest.json", atomically: true, encoding: .utf8)
        try await b.ftctl(["export", dir]).expectSuccess()
        #expect(Self.manifest(dir)?.files.keys.contains("../escape") == false)
    }
}
