import FTCore
import FTTestSupport
import Foundation
import Testing

/// `jobs wait`, Ctrl-C on a follow, and `jobs metrics --plot`, as programs against the sandbox.
@Suite("watching jobs: wait, interrupt and resume, charts")
struct WatchCommandTests {
    static func env(_ sandbox: RunningSandbox, _ provider: String = "openai") -> [String: String] {
        ProviderEndToEndTests.env(provider, sandbox)
    }

    /// Uploads a dataset and creates a job; returns its id.
    static func job(_ b: Binaries, model: String = "base-model", extra: [String] = []) async throws -> String {
        let file = try await b.ftctl(["files", "upload", try b.dataset(), "-q"]).trimmed
        let r = try await b.ftctl(["jobs", "create", "--model", model, "--training-file", file, "-q"] + extra)
        r.expectSuccess()
        return r.trimmed
    }

    @Test func waitOnASucceededJobExits0AtOnce() async throws {
        let sandbox = try await RunningSandbox.start(speed: 2000)
        defer { sandbox.stop() }
        let b = Binaries(Self.env(sandbox))
        let id = try await Self.job(b)
        try await b.ftctl(["jobs", "wait", id, "--interval", "0.1s", "--timeout", "60s"]).expectSuccess()
        let started = Date()
        let again = try await b.ftctl(["jobs", "wait", id, "--interval", "1h", "-v"])
        again.expectSuccess()
        // One request and no pause, whatever the interval: it was already done.
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(again.stderr.components(separatedBy: "> GET ").count - 1 == 1)
        // Quiet by default: nothing on stdout; -o json prints the job.
        #expect(again.stdout.isEmpty)
        let json = try await b.ftctl(["jobs", "wait", id, "-o", "json"])
        #expect(JSONValue.parse(Data(json.stdout.utf8))?["status"] == "succeeded")
    }

    @Test func waitTimeoutExits4InTime() async throws {
        let sandbox = try await RunningSandbox.start(speed: 0.01)
        defer { sandbox.stop() }
        let b = Binaries(Self.env(sandbox))
        let id = try await Self.job(b)
        let started = Date()
        let r = try await b.ftctl(["jobs", "wait", id, "--timeout", "2s", "--interval", "10s"])
        let took = Date().timeIntervalSince(started)
        #expect(r.code == 4, "\(r.stderr)")
        #expect(took >= 1.9 && took < 8, "took \(took)s")
        #expect(r.stderr.hasPrefix("ftctl: wait for job \(id): the time limit ran out"), "\(r.stderr)")
    }

    @Test func severalJobsExitWithTheWorstOutcome() async throws {
        // Slow enough to cancel a job before it ends, fast enough to see one succeed in seconds.
        let sandbox = try await RunningSandbox.start(speed: 5)
        defer { sandbox.stop() }
        let b = Binaries(Self.env(sandbox))
        let ok = try await Self.job(b)
        let failed = try await Self.job(b, model: "model-fail")
        let cancelled = try await Self.job(b)
        try await b.ftctl(["jobs", "cancel", cancelled, "-q"]).expectSuccess()
        let fast = ["--interval", "0.1s", "--timeout", "60s"]
        #expect(try await b.ftctl(["jobs", "wait", ok] + fast).code == 0)
        #expect(try await b.ftctl(["jobs", "wait", ok, cancelled] + fast).code == 3)
        #expect(try await b.ftctl(["jobs", "wait", cancelled, failed, ok] + fast).code == 2)
        let listed = try await b.ftctl(["jobs", "wait", ok, failed, "-q"] + fast)
        #expect(listed.stdout == "\(ok)\n\(failed)\n")
    }

    /// Ctrl-C prints the command that resumes, exits 130, and that command prints the rest: the
    /// two parts together are the whole history, with nothing twice.
    @Test func interruptPrintsTheResumeCommandAndItPicksUpExactly() async throws {
        let sandbox = try await RunningSandbox.start(speed: 1, eventsPerStep: 30)
        defer { sandbox.stop() }
        let env = Self.env(sandbox)
        let b = Binaries(env)
        let id = try await Self.job(b)
        let follow = try BackgroundProcess(Binaries.path("ftctl"), ["jobs", "logs", id, "--follow", "-o", "json"],
                                           environment: b.runner.environment.merging(env) { $1 }, directory: b.home)
        #expect(await BackgroundProcess.until(timeout: 60) { follow.stdoutLines() >= 60 })
        follow.interrupt()
        #expect(await follow.wait() == 130)
        let said = follow.stderr
        let marker = "resume with: "
        let command = try #require(said.components(separatedBy: marker).last?.split(separator: "\n").first.map(String.init), "\(said)")
        #expect(command.hasPrefix("ftctl jobs logs \(id) --follow --after ftevent-"), "\(command)")
        let words = command.split(separator: " ").map(String.init)
        let rest = try await b.ftctl(Array(words.dropFirst()))
        rest.expectSuccess()
        let all = try await b.ftctl(["jobs", "logs", id, "-o", "json"])
        #expect(follow.stdout + rest.stdout == all.stdout)
    }

    @Test func metricsPlotFallsBackToATableWhenStdoutIsNotATerminal() async throws {
        let sandbox = try await RunningSandbox.start(speed: 2000)
        defer { sandbox.stop() }
        let b = Binaries(Self.env(sandbox, "generic-v1"))
        let id = try await b.ftctl(["jobs", "create", "--model", "llama-3.1-8b", "--name", "n", "--training-file", "ds", "-q"]).trimmed
        try await b.ftctl(["jobs", "wait", id, "--interval", "0.1s", "--timeout", "60s"]).expectSuccess()
        let r = try await b.ftctl(["jobs", "metrics", id, "--plot"])
        r.expectSuccess()
        #expect(r.stdout.hasPrefix("STEP"), "\(r.stdout)")
        #expect(!r.stdout.unicodeScalars.contains { (0x2800...0x28FF).contains($0.value) })
        // jobs get shows the progress and the loss so far under the fields.
        let got = try await b.ftctl(["jobs", "get", id])
        #expect(got.stdout.contains("\nprogress  step "), "\(got.stdout)")
        #expect(got.stdout.contains("\nloss      "), "\(got.stdout)")
        #expect(got.stdout.unicodeScalars.contains { (0x2581...0x2588).contains($0.value) })
        let csv = try await b.ftctl(["jobs", "metrics", id, "--plot", "-o", "csv"])
        #expect(csv.stdout.hasPrefix("step,training_loss,validation_loss,learning_rate\n"), "\(csv.stdout)")
    }

    static let tmux = "/usr/bin/tmux"

    /// Runs `args` (ftctl's) in a tmux pane `width` wide; `check` sees the screen until it says done.
    static func inTerminal(_ b: Binaries, env: [String: String], _ args: [String], width: Int = 100,
                           until check: (String) -> Bool) async throws -> String {
        let socket = "ftctl-test-\(UUID().uuidString.prefix(8))"
        let vars = b.runner.environment.merging(env) { $1 }.filter { $0.key != "TERM" }
            .map { "\($0.key)=\(Shell.quoted($0.value))" }.sorted().joined(separator: " ")
        let command = "env \(vars) \(Binaries.path("ftctl")) \(args.map(Shell.quoted).joined(separator: " ")); echo __done__; exec sleep 120"
        // Not awaited: the tmux server it starts keeps the fd Foundation watches for the exit.
        let session = try BackgroundProcess(tmux, ["-L", socket, "new-session", "-d", "-x", String(width), "-y", "45", command],
                                            environment: b.runner.environment, directory: b.home)
        defer { session.kill() }
        var screen = ""
        do {
            _ = try await BackgroundProcess.until(timeout: 60, every: 0.05) {
                screen = try await b.run(tmux, ["-L", socket, "capture-pane", "-p"]).stdout
                return check(screen)
            }
        } catch {
            await endServer(b, socket)
            throw error
        }
        await endServer(b, socket)
        return screen
    }

    /// Ends a tmux server and its pane, also after a failed test. The pane inherits this process's
    /// blocked signals (SIGHUP, SIGTERM among them), so kill-server alone would leave it and its
    /// server running: SIGKILL the pane first.
    static func endServer(_ b: Binaries, _ socket: String) async {
        let pane = (try? await b.run(tmux, ["-L", socket, "display-message", "-p", "#{pane_pid}"]).trimmed) ?? ""
        if let pid = Int32(pane) { _ = Foundation.kill(pid, SIGKILL) }
        _ = try? await b.run(tmux, ["-L", socket, "kill-server"])
    }

    /// On a terminal, wait redraws one status line in place (status, step of total, ETA), and
    /// clears it at the end.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: tmux), "needs tmux (make test installs it)"))
    func waitDrawsALiveStatusLineOnATerminal() async throws {
        let sandbox = try await RunningSandbox.start(speed: 1)
        defer { sandbox.stop() }
        let env = Self.env(sandbox)
        let b = Binaries(env)
        let id = try await Self.job(b)
        var sawLine = false
        let screen = try await Self.inTerminal(b, env: env, ["jobs", "wait", id, "--interval", "0.2s"]) { screen in
            let lines = screen.split(separator: "\n").filter { $0.contains(id) }
            if lines.count == 1, let line = lines.first, line.contains("running  step "), line.contains("ETA ") { sawLine = true }
            return screen.contains("__done__")
        }
        #expect(sawLine, "\(screen)")
        #expect(screen.hasPrefix("__done__"), "\(screen)")
    }

    /// In a real terminal (tmux), `--plot` draws the chart: braille curves, axes with ticks, a
    /// legend, and nothing wider than the terminal.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: tmux), "needs tmux (make test installs it)"))
    func metricsPlotDrawsAChartInARealTerminal() async throws {
        let sandbox = try await RunningSandbox.start(speed: 2000)
        defer { sandbox.stop() }
        let env = Self.env(sandbox, "generic-v1")
        let b = Binaries(env)
        let id = try await b.ftctl(["jobs", "create", "--model", "llama-3.1-8b", "--name", "n", "--training-file", "ds", "-q"]).trimmed
        try await b.ftctl(["jobs", "wait", id, "--interval", "0.1s", "--timeout", "60s"]).expectSuccess()
        let width = 100
        let screen = try await Self.inTerminal(b, env: env, ["jobs", "metrics", id, "--plot"], width: width) { $0.contains("__done__") }
        let done = screen.contains("__done__")
        #expect(done, "\(screen)")
        #expect(screen.unicodeScalars.filter { (0x2801...0x28FF).contains($0.value) }.count > 20, "\(screen)")
        #expect(screen.contains("train loss") && screen.contains("valid loss"), "\(screen)")
        #expect(screen.contains("┤") && screen.contains("└") && screen.contains("┬"), "\(screen)")
        #expect(screen.contains("loss by step"))
        #expect(screen.contains("learning rate"))
        for line in screen.split(separator: "\n") { #expect(line.count <= width, "\(line)") }
    }
}

enum Shell {
    /// Single-quoted for sh.
    static func quoted(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}
