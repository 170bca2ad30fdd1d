import FTCore
import FTTestSupport
import Foundation
import Testing

/// `ftctl top` in a real terminal (tmux): two profiles on two providers, live updates, keys that
/// follow logs and cancel, and the terminal left as it was found after `q` and after Ctrl-C.
@Suite("ftctl top")
struct TopCommandTests {
    static let tmux = WatchCommandTests.tmux

    /// A tmux pane running a shell line; read with `screen()`, typed into with `keys`.
    struct Pane {
        let b: Binaries
        let socket = "ftctl-top-\(UUID().uuidString.prefix(8))"
        let session: BackgroundProcess

        init(_ b: Binaries, _ line: String) throws {
            self.b = b
            let vars = b.runner.environment.filter { $0.key != "TERM" }.map { "\($0.key)=\(Shell.quoted($0.value))" }.sorted().joined(separator: " ")
            session = try BackgroundProcess(TopCommandTests.tmux, ["-L", socket, "new-session", "-d", "-x", "130", "-y", "40",
                                                                    "env \(vars) sh -c \(Shell.quoted(line)); exec sleep 120"],
                                            environment: b.runner.environment, directory: b.home)
        }

        func screen() async throws -> String { try await b.run(TopCommandTests.tmux, ["-L", socket, "capture-pane", "-p"]).stdout }

        func keys(_ k: String...) async throws { _ = try await b.run(TopCommandTests.tmux, ["-L", socket, "send-keys"] + k) }

        /// The screen once `check` holds (or the last one seen after 60 s).
        @discardableResult
        func until(_ check: @escaping (String) -> Bool) async throws -> String {
            var last = ""
            _ = try await BackgroundProcess.until(timeout: 60, every: 0.1) {
                last = try await screen()
                return check(last)
            }
            return last
        }

        /// Runs `body` with a pane that is closed when it ends, however it ends.
        static func with(_ b: Binaries, _ line: String, _ body: (Pane) async throws -> Void) async throws {
            let pane = try Pane(b, line)
            do {
                try await body(pane)
            } catch {
                await pane.close()
                throw error
            }
            await pane.close()
        }

        /// The pane inherits the runner's blocked signals: SIGKILL it, then end the server.
        func close() async {
            await WatchCommandTests.endServer(b, socket)
            await session.stop()
        }
    }

    static func twoProfiles(_ sandbox: RunningSandbox) async throws -> (Binaries, openai: String, generic: String) {
        let b = Binaries()
        for (name, provider, url) in [("oa", "openai", sandbox.v1), ("gv", "generic-v1", sandbox.root)] {
            for (k, v) in [("provider", provider), ("base_url", url), ("api_key", "sk-sandbox")] {
                try await b.ftctl(["config", "set", "--profile", name, k, v]).expectSuccess()
            }
        }
        let oa = try await b.ftctl(["--profile", "oa", "jobs", "create", "--model", "gpt-4o-mini", "--training-file", try b.dataset(lines: 200), "-y", "-q"]).trimmed
        let gv = try await b.ftctl(["--profile", "gv", "jobs", "create", "--model", "llama-3.1-8b", "--name", "n", "--training-file", "ds", "-q"]).trimmed
        return (b, oa, gv)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: tmux), "needs tmux (make test installs it)"))
    func showsBothProfilesUpdatesFollowsCancelsAndQuitsCleanly() async throws {
        // Slow enough that the job is still running when it is cancelled, on a loaded machine too
        // (at speed 1 it once finished while a busy build held both cores).
        let sandbox = try await RunningSandbox.start(speed: 0.2)
        defer { sandbox.stop() }
        let (b, oa, gv) = try await Self.twoProfiles(sandbox)
        try await Pane.with(b, "stty -g > \(b.home)/before; \(Binaries.path("ftctl")) top --interval 0.3s; echo \"__done__ $?\"; stty -g > \(b.home)/after") { pane in
        func step(_ screen: String, _ id: String) -> String? {
            screen.split(separator: "\n").first { $0.contains(id) }?.split(separator: " ", omittingEmptySubsequences: true).first { $0.contains("/") && $0.first?.isNumber == true }.map(String.init)
        }
        // The platform API's list items carry no step (seed 002): the openai job's advance is watched.
        let first = try await pane.until { $0.contains(oa) && $0.contains(gv) && $0.contains("oa ") && $0.contains("gv ") && step($0, oa) != nil }
        #expect(first.contains("2 profiles"), "\(first)")
        let firstStep = step(first, oa)
        let later = try await pane.until { step($0, oa) != firstStep }
        #expect(step(later, oa) != firstStep, "the step advances on screen: \(later)")

        // Select the openai job, follow its logs, then cancel it.
        let index = try await pane.screen().split(separator: "\n").filter { $0.contains("ftjob") }.firstIndex { $0.contains(oa) } ?? 0
        try await pane.keys("k", "k", "k")
        for _ in 0..<index { try await pane.keys("j") }
        try await pane.keys("l")
        let logs = try await pane.until { $0.contains("logs of \(oa)") && $0.contains("Created fine-tuning job: \(oa)") }
        #expect(logs.contains("logs of \(oa)"), "\(logs)")
        try await pane.keys("c")
        try await pane.until { $0.contains("Cancel job \(oa)? [y/N]") }
        try await pane.keys("y")
        let cancelled = try await pane.until { s in s.split(separator: "\n").contains { $0.contains(oa) && $0.contains("cancelled") } }
        #expect(cancelled.contains("cancelled \(oa)") || cancelled.split(separator: "\n").contains { $0.contains(oa) && $0.contains("cancelled") })
        #expect(try await b.ftctl(["--profile", "oa", "jobs", "get", oa, "--field", "status"]).trimmed == "cancelled")

        try await pane.keys("q")
        let done = try await pane.until { $0.contains("__done__") }
        #expect(done.hasPrefix("__done__ 0"), "the main screen is back, as it was: \(done)")
        let before = try String(contentsOfFile: b.home + "/before", encoding: .utf8)
        let after = await Self.read(b.home + "/after")
        #expect(before == after, "the terminal's settings are restored")
        }
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: tmux), "needs tmux (make test installs it)"))
    func ctrlCRestoresTheTerminal() async throws {
        let sandbox = try await RunningSandbox.start(speed: 1)
        defer { sandbox.stop() }
        let (b, oa, _) = try await Self.twoProfiles(sandbox)
        try await Pane.with(b, "stty -g > \(b.home)/before; \(Binaries.path("ftctl")) top --interval 0.3s; echo \"__done__ $?\"; stty -g > \(b.home)/after") { pane in
        try await pane.until { $0.contains(oa) }
        try await pane.keys("C-c")
        let done = try await pane.until { $0.contains("__done__") }
        #expect(done.hasPrefix("__done__ 130"), "\(done)")
        #expect(try String(contentsOfFile: b.home + "/before", encoding: .utf8) == (await Self.read(b.home + "/after")))
        }
    }

    /// SIGINT itself (kill -INT, or a terminal whose Ctrl-C still signals) goes through the one
    /// Ctrl-C helper: the loop stops, the terminal is put back, and ftctl exits 130.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: tmux), "needs tmux (make test installs it)"))
    func sigintRestoresTheTerminal() async throws {
        let sandbox = try await RunningSandbox.start(speed: 1)
        defer { sandbox.stop() }
        let (b, oa, _) = try await Self.twoProfiles(sandbox)
        let top = "echo $$ > \(b.home)/pid; exec \(Binaries.path("ftctl")) top --interval 0.3s"
        try await Pane.with(b, "stty -g > \(b.home)/before; sh -c \(Shell.quoted(top)); echo \"__done__ $?\"; stty -g > \(b.home)/after") { pane in
        try await pane.until { $0.contains(oa) }
        let pid = try #require(Int32((await Self.read(b.home + "/pid")).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(kill(pid, SIGINT) == 0)
        let done = try await pane.until { $0.contains("__done__") }
        #expect(done.hasPrefix("__done__ 130"), "\(done)")
        #expect(try String(contentsOfFile: b.home + "/before", encoding: .utf8) == (await Self.read(b.home + "/after")))
        }
    }

    @Test func onceAndPlainOutputForScripts() async throws {
        let sandbox = try await RunningSandbox.start()
        defer { sandbox.stop() }
        let (b, oa, gv) = try await Self.twoProfiles(sandbox)
        let r = try await b.ftctl(["top", "--once", "-o", "json"])
        r.expectSuccess()
        let rows = try #require(JSONValue.parse(Data(r.stdout.utf8))?.array)
        #expect(Set(rows.compactMap { $0["id"]?.string }) == [oa, gv])
        #expect(Set(rows.compactMap { $0["profile"]?.string }) == ["oa", "gv"])
        let one = try await b.ftctl(["top", "--once", "--profile", "gv"])
        #expect(one.stdout.contains(gv) && !one.stdout.contains(oa), "\(one.stdout)")
        let missing = try await b.ftctl(["top", "--once", "--profile", "nope"])
        #expect(missing.code == 5, "\(missing.stderr)")
    }

    @Test func rowsCarrySpendFromTheLedgerAndTheRulesThatFired() async throws {
        let sandbox = try await RunningSandbox.start(speed: 1)
        defer { sandbox.stop() }
        let (b, oa, _) = try await Self.twoProfiles(sandbox)
        var row: JSONValue?
        _ = try await BackgroundProcess.until(timeout: 30, every: 0.3) {
            let r = try await b.ftctl(["top", "--once", "-o", "json", "--warn-if", "duration:1s", "--profile", "oa"])
            row = JSONValue.parse(Data(r.stdout.utf8))?.array?.first { $0["id"]?.string == oa }
            return row?["rules"]?.string == "duration:1s"
        }
        #expect(row?["rules"] == "duration:1s", "\(String(describing: row))")
        // The estimate jobs create recorded, times the fraction of steps done.
        #expect(row?["spend"]?.string?.hasPrefix("$") == true, "\(String(describing: row))")
    }

    /// The file the shell writes after ftctl exits.
    static func read(_ path: String) async -> String {
        var text = ""
        _ = await BackgroundProcess.until(timeout: 10, every: 0.05) {
            text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            return !text.isEmpty
        }
        return text
    }
}
