import FTCore
import Foundation

/// What JobCreator and UploadRecovery share: after a failure that may have taken effect, look the
/// effect up, persistently, since giving up there is what would leave an orphan nobody knows of.
enum Recovery {
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
