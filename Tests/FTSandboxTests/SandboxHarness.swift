import FTSandbox
import Foundation
import Testing

/// A sandbox on 127.0.0.1:0 inside the test process, fast (speed 200) unless told otherwise.
final class RunningSandbox: Sendable {
    let port: Int
    private let task: Task<Void, any Error>

    var root: String { "http://127.0.0.1:\(port)" }
    var v1: String { root + "/v1" }

    static func start(speed: Double = 200, faults: FaultSpec? = nil, dataDir: String? = nil, seed: UInt64 = 1) async throws -> RunningSandbox {
        var options = SandboxOptions()
        options.speed = speed
        options.faults = faults
        options.dataDir = dataDir
        options.seed = seed
        let (stream, continuation) = AsyncStream<Int>.makeStream()
        let task = Task {
            try await SandboxServer(options: options).run { port in
                continuation.yield(port)
                continuation.finish()
            }
        }
        var port = 0
        for await p in stream { port = p }
        return RunningSandbox(port: port, task: task)
    }

    private init(port: Int, task: Task<Void, any Error>) {
        self.port = port
        self.task = task
    }

    func stop() { task.cancel() }
    deinit { task.cancel() }
}

/// Runs the built binaries (ftctl, ftctl-sandbox) with a clean environment.
struct Binaries {
    static func path(_ name: String) -> String {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent(name).path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return ".build/debug/" + name
    }

    struct Result {
        let stdout: String
        let stderr: String
        let code: Int32
    }

    let home: String
    var environment: [String: String]

    init(_ env: [String: String] = [:]) {
        home = NSTemporaryDirectory() + "ftctl-sbx-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        environment = ["HOME": home, "XDG_CONFIG_HOME": home + "/config", "PATH": "/usr/bin:/bin", "TERM": "dumb"]
        for (k, v) in env { environment[k] = v }
    }

    func ftctl(_ args: [String], env extra: [String: String] = [:]) async throws -> Result {
        try await run(Self.path("ftctl"), args, env: extra)
    }

    func run(_ binary: String, _ args: [String], env extra: [String: String] = [:]) async throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = args
        var env = environment
        for (k, v) in extra { env[k] = v }
        process.environment = env
        let outPath = home + "/out-\(UUID().uuidString)", errPath = home + "/err-\(UUID().uuidString)"
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        process.standardInput = FileHandle.nullDevice
        let code: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { p in continuation.resume(returning: p.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        return Result(stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "", code: code)
    }

    /// A small valid chat dataset.
    func dataset(_ name: String = "train.jsonl", lines: Int = 12, broken: Bool = false) throws -> String {
        let path = home + "/" + name
        var text = ""
        for i in 0..<lines {
            text += #"{"messages":[{"role":"user","content":"question \#(i)"},{"role":"assistant","content":"answer \#(i)"}]}"# + "\n"
        }
        if broken { text += "{not json\n" }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}

extension Binaries.Result {
    func expectSuccess(sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(code == 0, "exit \(code): \(stderr)", sourceLocation: sourceLocation)
    }
    var trimmed: String { stdout.trimmingCharacters(in: .whitespacesAndNewlines) }
}
