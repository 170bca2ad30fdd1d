import Foundation
import Testing

/// Runs the built `ftctl` binary with a clean environment and a private config directory.
struct FTCtlRunner {
    struct Result {
        let stdout: String
        let stderr: String
        let code: Int32
    }

    let home: String
    var environment: [String: String]

    init(environment extra: [String: String] = [:]) {
        home = NSTemporaryDirectory() + "ftctl-home-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        environment = ["HOME": home, "XDG_CONFIG_HOME": home + "/config", "PATH": "/usr/bin:/bin", "TERM": "dumb"]
        for (k, v) in extra { environment[k] = v }
    }

    var configPath: String { home + "/config/ftctl/config.yaml" }

    static let binary: String = {
        if let explicit = ProcessInfo.processInfo.environment["FTCTL_BIN"] { return explicit }
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("ftctl").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return ".build/debug/ftctl"
    }()

    func run(_ args: [String], env extra: [String: String] = [:], stdin: String? = nil) async throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
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
        let out = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        let err = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        return Result(stdout: out, stderr: err, code: code)
    }
}

extension FTCtlRunner.Result {
    /// The contract's error shape: one line on stderr, `ftctl: ...`, nothing on stdout.
    func expectOneLineError(_ code: Int32, containing text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(self.code == code, "exit \(self.code), stderr: \(stderr)", sourceLocation: sourceLocation)
        #expect(stdout.isEmpty, "stdout: \(stdout)", sourceLocation: sourceLocation)
        let lines = stderr.split(separator: "\n")
        #expect(lines.count == 1, "stderr: \(stderr)", sourceLocation: sourceLocation)
        #expect(stderr.hasPrefix("ftctl: "), sourceLocation: sourceLocation)
        #expect(stderr.contains(text), "stderr: \(stderr)", sourceLocation: sourceLocation)
    }
}
