import ArgumentParser
import FineTuning
import Foundation
import Synchronization

/// Runs rule watchers beside a wait or a follow: each firing is told on stderr as it happens; a
/// cancel rule cancels its job, the wait then sees the job end, and the command exits 8 whatever
/// the wait concluded. Without rules it only runs the body.
struct RuleSupervisor {
    let session: Session
    let client: FTClient
    let rules: [ArmedRule]
    var interval: Double = 5
    var spend: @Sendable (Job) -> Decimal? = { _ in nil }
    /// Told each firing too (the `--on-rule` hook).
    var onFiring: @Sendable (String, RuleFiring) async -> Void = { _, _ in }

    private enum Finished: Sendable {
        case body(Result<Void, any Error>)
        /// A watcher ended; what it fired is already in `Fired`.
        case watcher
    }

    /// Cancel rules that fired, recorded when they fire: the wait can see the job cancelled and end
    /// before the watcher that cancelled it has returned, and the exit must still be 8.
    private final class Fired: Sendable {
        let list = Mutex<[(id: String, firing: RuleFiring)]>([])
    }

    func run(jobIDs: [String], _ body: @escaping @Sendable () async throws -> Void) async throws {
        guard !rules.isEmpty else { return try await body() }
        let context = session.context
        let fired = Fired()
        var bodyResult: Result<Void, any Error> = .success(())
        try await withThrowingTaskGroup(of: Finished.self) { group in
            for id in jobIDs {
                var watcher = RuleWatcher(client: client, rules: rules, interval: interval)
                watcher.spend = spend
                let hook = onFiring
                group.addTask {
                    do {
                        _ = try await watcher.run(jobID: id, onFiring: { firing in
                            if firing.action == .cancel { fired.list.withLock { $0.append((id, firing)) } }
                            let then = firing.action == .cancel ? "; cancelling the job" : ""
                            context.err("ftctl: \(firing.action == .warn ? "warning: " : "")job \(id): \(context.secrets.redactor.redact(firing.line))\(then)")
                            Task { await hook(id, firing) }
                        }, onNote: { context.err("ftctl: warning: \($0)") })
                        return .watcher
                    } catch is CancellationError {
                        return .watcher
                    } catch {
                        // The wait itself goes on: a watch that cannot read the job only loses its rules.
                        if !Task.isCancelled {
                            context.err("ftctl: warning: job \(id): rules are no longer checked (\(context.secrets.redactor.redact("\(error)")))")
                        }
                        return .watcher
                    }
                }
            }
            group.addTask { .body(await Result(catching: { try await body() })) }
            while let next = try await group.next() {
                switch next {
                case .body(let r):
                    bodyResult = r
                    group.cancelAll()
                    return
                case .watcher:
                    continue
                }
            }
        }
        let stopping = fired.list.withLock { $0 }
        if !stopping.isEmpty {
            let which = stopping.map { "job \($0.id) by rule \($0.firing.rule)" }.joined(separator: ", ")
            throw FTError(.stoppedByRule, what: "watch", why: "cancelled \(which)")
        }
        try bodyResult.get()
    }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
