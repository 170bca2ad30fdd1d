import FTTestSupport
import Foundation
import Testing

/// `ftctl-sandbox` as its own process, for restarts: killed (SIGKILL, a crash) and started again
/// on the same port and data dir, as a real server would be, without taking the test runner along.
struct SandboxProcess {
    let process: BackgroundProcess
    let port: Int
    var root: String { "http://127.0.0.1:\(port)" }
    var v1: String { root + "/v1" }

    static func start(_ args: [String], port: Int = 0, directory: String) async throws -> SandboxProcess {
        let process = try BackgroundProcess(Binaries.path("ftctl-sandbox"), ["--port", String(port)] + args,
                                            environment: ["PATH": "/usr/bin:/bin"], directory: directory)
        let ready = await BackgroundProcess.until(timeout: 30) { process.stdout.contains("ready\n") || !process.isRunning }
        let line = process.stdout.split(separator: "\n").first { $0.hasPrefix("openai ") } ?? ""
        let bound = line.split(separator: ":").last.flatMap { Int($0.split(separator: "/").first ?? "") }
        guard ready, let bound else {
            throw SandboxFailed(description: "ftctl-sandbox did not start: \(process.stderr)")
        }
        return SandboxProcess(process: process, port: bound)
    }

    /// Kills it and waits until it is gone, so its port is free again.
    func kill() async {
        process.kill()
        _ = await process.wait()
    }

    struct SandboxFailed: Error, CustomStringConvertible { let description: String }
}
