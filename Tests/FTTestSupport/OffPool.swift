import Foundation

/// Runs blocking work (waiting on a process, reading a pipe) on a Dispatch thread, so it never
/// holds one of the few threads Swift concurrency runs every test on.
public func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async {
            continuation.resume(with: Result { try body() })
        }
    }
}
