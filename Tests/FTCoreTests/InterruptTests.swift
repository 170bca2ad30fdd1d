@testable import FTCLI
import FTCore
import Foundation
import Synchronization
import Testing

/// The one Ctrl-C helper: `CLIContext.interruptible`, and the commands that use it (follow, upload).
@Suite("Ctrl-C: one helper for every command")
struct InterruptTests {
    /// What the context's trap saw: how often it was set and released.
    final class Trap: Sendable {
        let armed = Atomic<Int>(0)
        let released = Atomic<Int>(0)
    }

    /// A context whose Ctrl-C comes at once when `pressed` (as soon as the trap is set), or never.
    static func context(pressed: Bool, trap: Trap = Trap(), transport: any HTTPTransport = UntilCancelled(),
                        captured: Captured = Captured(), home: String = "/nonexistent") -> CLIContext {
        CLIContext(environment: ["OPENAI_API_KEY": "k", "HOME": home, "XDG_CONFIG_HOME": home + "/config"],
                   writeOut: { captured.write(out: $0) }, writeErr: { captured.write(err: $0) },
                   writeOutBytes: { captured.write(outBytes: $0) }, stdoutIsTTY: false, stdinIsTTY: false,
                   terminalWidth: nil, makeTransport: { _ in transport }, confirm: { _ in false },
                   onInterrupt: { handler in
                       trap.armed.add(1, ordering: .sequentiallyConsistent)
                       if pressed { handler() }
                       return { trap.released.add(1, ordering: .sequentiallyConsistent) }
                   })
    }

    @Test func ctrlCCancelsTheWorkAndSaysSo() async throws {
        let trap = Trap()
        await #expect(throws: Interrupted.self) {
            try await Self.context(pressed: true, trap: trap).interruptible { () async throws -> Int in try await UntilCancelled.wait() }
        }
        #expect(trap.armed.load(ordering: .sequentiallyConsistent) == 1)
        #expect(trap.released.load(ordering: .sequentiallyConsistent) == 1)
    }

    @Test func withoutCtrlCTheWorksOwnValueOrErrorComesBack() async throws {
        let context = Self.context(pressed: false)
        #expect(try await context.interruptible { 42 } == 42)
        let error = await #expect(throws: FTError.self) {
            try await context.interruptible { () async throws -> Int in throw FTError(.network, what: "w", why: "down") }
        }
        #expect(error?.why == "down")
    }

    @Test func workThatFinishesDespiteCtrlCKeepsItsValue() async throws {
        #expect(try await Self.context(pressed: true).interruptible { 7 } == 7)
    }

    @Test func cancellingTheCallerCancelsTheWork() async throws {
        let context = Self.context(pressed: false)
        let caller = Task { try await context.interruptible { () async throws -> Int in try await UntilCancelled.wait() } }
        caller.cancel()
        await #expect(throws: CancellationError.self) { try await caller.value }
    }

    @Test func aFollowInterruptedPrintsTheResumeCommandAndExits130() async {
        let captured = Captured()
        let code = await FTCtl.run(arguments: ["jobs", "logs", "ftjob-1", "--follow"],
                                   context: Self.context(pressed: true, captured: captured))
        #expect(code == 130)
        #expect(captured.stderr == "ftctl: interrupted; resume with: ftctl jobs logs ftjob-1 --follow\n")
    }

    @Test func anUploadInterruptedIsCancelledAndExits130() async throws {
        let home = NSTemporaryDirectory() + "ftctl-interrupt-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: home) }
        let path = home + "/data.jsonl"
        try (#"{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":"a"}]}"# + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let captured = Captured()
        let code = await FTCtl.run(arguments: ["files", "upload", path, "--no-validate"],
                                   context: Self.context(pressed: true, captured: captured, home: home))
        #expect(code == 130)
        #expect(captured.stderr == "ftctl: upload \(path): interrupted; the upload was cancelled and nothing of it was kept\n")
    }
}

/// A server that answers nothing until the request is cancelled.
struct UntilCancelled: HTTPTransport {
    func send(_ request: HTTPRequest) async throws -> HTTPResponse { try await Self.wait() }

    /// Returns only by throwing, once the task is cancelled.
    static func wait<T>() async throws -> T {
        let (stream, continuation) = AsyncStream<Never>.makeStream()
        for await _ in stream {}
        continuation.finish()  // held until here: a stream ends when its continuation goes
        try Task.checkCancellation()
        throw CancellationError()
    }
}
