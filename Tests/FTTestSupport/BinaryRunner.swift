import Foundation

/// Runs a built binary of this package (ftctl, ftctl-sandbox) with a clean environment and a
/// private home directory, capturing stdout, stderr and the exit code.
public struct BinaryRunner: Sendable {
    public struct Result: Sendable {
        public let stdout: String
        public let stderr: String
        public let code: Int32
        public var trimmed: String { stdout.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    public let home: String
    public var environment: [String: String]

    public init(environment extra: [String: String] = [:]) {
        home = NSTemporaryDirectory() + "ftctl-home-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        environment = ["HOME": home, "XDG_CONFIG_HOME": home + "/config", "PATH": "/usr/bin:/bin", "TERM": "dumb"]
        for (k, v) in extra { environment[k] = v }
    }

    /// The built product next to the test bundle (FTCTL_BIN_DIR overrides).
    public static func path(_ name: String) -> String {
        if let dir = ProcessInfo.processInfo.environment["FTCTL_BIN_DIR"] { return dir + "/" + name }
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent(name).path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return ".build/debug/" + name
    }

    public func run(_ binary: String, _ args: [String], env extra: [String: String] = [:]) async throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = args
        var env = environment
        for (k, v) in extra { env[k] = v }
        process.environment = env
        // Files, not pipes: a chatty child can never block on a full pipe.
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
}
