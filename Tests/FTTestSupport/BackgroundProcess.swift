import Foundation

/// A process running while the test does other things (restarts a server, cancels a job), its
/// output going to files the test can watch. Conditions are polled; nothing sleeps on a guess.
///
/// It ends with the test: `stop()` (or, failing that, deinit) sends SIGKILL. Not SIGTERM: a child
/// inherits the blocked signals of the Dispatch thread that spawned it (SIGHUP, SIGINT, SIGTERM…),
/// so a program that does not unblock them (python, a shell) would never see a SIGTERM.
public final class BackgroundProcess: Sendable {
    private let process = Process()
    public let stdoutPath: String
    public let stderrPath: String
    private let exit: Task<Int32, Never>

    public init(_ binary: String, _ args: [String], environment: [String: String], directory: String) throws {
        stdoutPath = directory + "/bg-out-\(UUID().uuidString)"
        stderrPath = directory + "/bg-err-\(UUID().uuidString)"
        _ = FileManager.default.createFile(atPath: stdoutPath, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = args
        process.environment = environment
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: stdoutPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        process.standardInput = FileHandle.nullDevice
        let (stream, continuation) = AsyncStream<Int32>.makeStream()
        process.terminationHandler = { p in
            continuation.yield(p.terminationStatus)
            continuation.finish()
        }
        try process.run()
        exit = Task { for await code in stream { return code }; return -1 }
    }

    public var stdout: String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }
    public var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }
    public var isRunning: Bool { process.isRunning }
    /// Bytes the process has read so far (Linux `/proc/PID/io`), to tell that it got to work.
    public var bytesRead: Int {
        guard let text = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/io", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix("rchar:") {
            return Int(line.dropFirst(6).trimmingCharacters(in: .whitespaces)) ?? 0
        }
        return 0
    }

    /// Lines written to stdout so far.
    public func stdoutLines() -> Int {
        guard let data = FileManager.default.contents(atPath: stdoutPath) else { return 0 }
        return data.reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
    }

    /// The process id (of an exited process too).
    public var pid: Int32 { process.processIdentifier }

    /// SIGINT, which ftctl handles itself (a Dispatch signal source sees it even while blocked).
    public func interrupt() { process.interrupt() }
    /// SIGKILL: a crash, with no chance to clean up.
    public func kill() { if process.isRunning { _ = Foundation.kill(process.processIdentifier, SIGKILL) } }

    /// Kills it and waits until it has been reaped, so its pid and port are free.
    public func stop() async {
        kill()
        _ = await exit.value
    }

    /// The exit status, once it has exited.
    public func wait() async -> Int32 { await exit.value }

    /// Checks `condition` every `every` seconds until it holds (true) or `timeout` passes (false).
    public static func until(timeout: Double, every: Double = 0.05, _ condition: () async throws -> Bool) async rethrows -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try await condition() { return true }
            try? await Task.sleep(nanoseconds: UInt64(every * 1_000_000_000))
        }
        return try await condition()
    }

    deinit { kill() }
}
