import ArgumentParser
import FTSandbox
import Foundation

/// `ftctl-sandbox`: a local emulator of every provider (also reachable as `ftctl sandbox`).
@main
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ftctl-sandbox",
        abstract: "Run a local emulator of every provider declaration ftctl speaks.",
        discussion: "Prints `<provider-id> <base-url>` for each provider, then `ready`, and runs until SIGINT/SIGTERM.")

    @Option(help: "Address to bind.") var host: String = "127.0.0.1"
    @Option(help: "Port; 0 picks a free one.") var port: Int = 0
    @Option(name: .customLong("api-key"), help: "The key every declaration accepts.") var apiKey: String = "sk-sandbox"
    @Option(help: "Multiplies simulated time.") var speed: Double = 1
    @Option(help: ArgumentHelp("RATE[:KIND,...] with KIND from 429, 500, 503, reset, slow, truncate (the default set), lost-reply, partial.", valueName: "spec"))
    var faults: String?
    @Option(name: .customLong("data-dir"), help: "Keep uploaded files and jobs (with their events and checkpoints) here across restarts.") var dataDir: String?
    @Option(help: "Seed for reproducible faults and losses.") var seed: UInt64 = 1
    @Option(name: .customLong("events-per-step"), help: ArgumentHelp("Log lines each training step of a new job adds (for follow tests).", valueName: "n"))
    var eventsPerStep: Int = 0
    @Option(help: ArgumentHelp("Append every request that changes state to this file, one JSON line each, as it arrived.", valueName: "file"),
            completion: .file())
    var journal: String?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
        guard speed > 0, speed.isFinite else { throw ValidationError("--speed must be a positive number") }
        guard !apiKey.isEmpty else { throw ValidationError("--api-key must not be empty") }
        guard (0...100_000).contains(eventsPerStep) else { throw ValidationError("--events-per-step must be from 0 to 100000") }
        if let faults, case .failure(let why) = FaultSpec.parse(faults) { throw ValidationError("--faults: \(why)") }
        if let journal {
            let fd = open(journal, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw ValidationError("--journal \(journal): \(String(cString: strerror(errno)))") }
            close(fd)
        }
    }

    func run() async throws {
        var options = SandboxOptions()
        options.host = host
        options.port = port
        options.apiKey = apiKey
        options.speed = speed
        options.dataDir = dataDir
        options.seed = seed
        options.eventsPerStep = eventsPerStep
        options.journal = journal
        if let faults, case .success(let spec) = FaultSpec.parse(faults) { options.faults = spec }
        let host = self.host
        try await SandboxServer(options: options).run { port in
            var text = ""
            for (id, url) in SandboxServer.baseURLs(host: host, port: port) { text += "\(id) \(url)\n" }
            text += "ready\n"
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}
