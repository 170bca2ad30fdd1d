import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Ctrl-C as an event rather than death, so a command can clean up and say what it left.
enum Interrupts {
    /// SIGINT runs `handler` instead of ending the process, until the returned closure is called.
    static func trap(_ handler: @escaping @Sendable () -> Void) -> @Sendable () -> Void {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler(handler: handler)
        source.resume()
        let trap = Trap(source)
        return {
            trap.cancel()
            signal(SIGINT, SIG_DFL)
        }
    }

    /// Dispatch sources are not Sendable: this one is handed over whole and cancelled once.
    private final class Trap: Sendable {
        private let source: Mutex<(any DispatchSourceSignal)?>
        init(_ source: sending any DispatchSourceSignal) { self.source = Mutex(source) }
        func cancel() { source.withLock { $0?.cancel(); $0 = nil } }
    }
}

/// What `interruptible` throws when Ctrl-C stopped the work, whatever the work itself threw.
struct Interrupted: Error {}

extension CLIContext {
    /// Runs `work` so that Ctrl-C cancels it (the one way every command handles SIGINT): its value,
    /// or its error, or `Interrupted` when Ctrl-C came before it ended. Cancelling the caller
    /// cancels the work too.
    func interruptible<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) async throws -> T {
        let task = Task { try await work() }
        let flag = InterruptFlag()
        let release = onInterrupt {
            flag.raise()
            task.cancel()
        }
        defer { release() }
        do {
            return try await withTaskCancellationHandler { try await task.value } onCancel: { task.cancel() }
        } catch {
            throw flag.isRaised ? Interrupted() : error
        }
    }
}

/// Set once, from the signal handler; read after the work ends.
final class InterruptFlag: Sendable {
    private let raised = Atomic<Bool>(false)
    func raise() { raised.store(true, ordering: .releasing) }
    var isRaised: Bool { raised.load(ordering: .acquiring) }
}
