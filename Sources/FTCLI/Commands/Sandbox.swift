import ArgumentParser
import FineTuning
import Foundation

struct Sandbox: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Run the local emulator of every provider (ftctl-sandbox).",
        discussion: "Prints `<provider-id> <base-url>` for each provider, then `ready`, and runs until interrupted. Try it: `OPENAI_API_KEY=sk-sandbox ftctl --base-url URL jobs list`.")
    @Option(help: "Address to bind.") var host: String = "127.0.0.1"
    @Option(help: "Port; 0 picks a free one.") var port: Int = 0
    @Option(name: .customLong("api-key"), help: "The key every declaration accepts.") var apiKey: String = "sk-sandbox"
    @Option(help: "Multiplies simulated time.") var speed: Double = 1
    @Option(help: ArgumentHelp("RATE[:KIND,...] with KIND from 429, 500, 503, reset, slow, truncate (the default set), lost-reply, partial.", valueName: "spec"))
    var faults: String?
    @Option(name: .customLong("data-dir"), help: "Keep uploaded files and jobs (with their events and checkpoints) here across restarts.", completion: .directory) var dataDir: String?
    @Option(help: "Seed for reproducible faults.") var seed: Int?
    @Option(name: .customLong("events-per-step"), help: ArgumentHelp("Log lines each training step of a new job adds (for follow tests).", valueName: "n"))
    var eventsPerStep: Int?
    @Option(help: ArgumentHelp("Append every request that changes state to this file, one JSON line each.", valueName: "file"), completion: .file())
    var journal: String?

    /// The emulator is its own binary (it carries a web server ftctl does not need): run it in place
    /// of this process, found next to ftctl or on PATH.
    func run() async throws {
        var args = ["--host", host, "--port", String(port), "--api-key", apiKey, "--speed", String(speed)]
        if let faults { args += ["--faults", faults] }
        if let dataDir { args += ["--data-dir", dataDir] }
        if let seed { args += ["--seed", String(seed)] }
        if let eventsPerStep { args += ["--events-per-step", String(eventsPerStep)] }
        if let journal { args += ["--journal", journal] }
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        var candidates = [here.appendingPathComponent("ftctl-sandbox").path]
        for dir in (CLIContext.current.environment["PATH"] ?? "").split(separator: ":") { candidates.append("\(dir)/ftctl-sandbox") }
        guard let binary = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw FTError(.general, what: "sandbox", why: "ftctl-sandbox is not installed next to ftctl or on PATH",
                          hint: "Build it with `swift build --product ftctl-sandbox` or `make install`.")
        }
        let argv = ([binary] + args).map { strdup($0) } + [nil]
        execv(binary, argv)
        throw FTError(.general, what: "sandbox", why: "could not start \(binary): \(String(cString: strerror(errno)))")
    }
}
