import FTCore
import Foundation

/// What JobCreator and UploadRecovery share: after a failure that may have taken effect, look the
/// effect up, persistently, since giving up there is what would leave an orphan nobody knows of.
enum Recovery {
    /// Sends; after a failure that may have taken effect, looks the effect up (persistently)
    /// and returns it when found, else sends again, up to `retries` more times with backoff.
    /// `lookupFailed` makes the error for "the request may or may not have worked".
    static func send<T: Sendable>(retries: Int, sleep: @Sendable (Double) async throws -> Void,
                                  _ send: () async throws -> T,
                                  mayHaveTakenEffect: (FTError) -> Bool,
                                  lookUp: () async throws -> T?,
                                  lookupFailed: (_ failure: FTError, _ lookup: FTError) -> FTError) async throws -> T {
        var attempt = 0
        while true {
            let failure: FTError
            do {
                return try await send()
            } catch let e as FTError {
                guard mayHaveTakenEffect(e) else { throw e }
                failure = e
            }
            let found: T?
            do {
                found = try await persist(retries + 1, sleep: sleep, lookUp)
            } catch let e as FTError {
                throw lookupFailed(failure, e)
            }
            if let found { return found }
            guard attempt < retries else { throw failure }
            try await sleep(0.5 * pow(2, Double(attempt)))
            attempt += 1
        }
    }

    /// `lookUp` tried up to `tries` times (each already retried by the transport), 0.5 s doubling between.
    static func persist<T: Sendable>(_ tries: Int, sleep: @Sendable (Double) async throws -> Void,
                                     _ lookUp: () async throws -> T) async throws -> T {
        var n = 0
        while true {
            do {
                return try await lookUp()
            } catch let e as FTError where n + 1 < tries && e.code != .auth && e.code != .unsupported {
                try await sleep(0.5 * pow(2, Double(n)))
                n += 1
            }
        }
    }
}
