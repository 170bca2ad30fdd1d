import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Ctrl-C as an event rather than death, so a follow can say how to resume before it exits.
enum Interrupts {
    /// Dispatch sources are not Sendable; this one is only resumed here and cancelled once.
    private final class Source: @unchecked Sendable {
        let source: any DispatchSourceSignal
        init(_ s: any DispatchSourceSignal) { source = s }
    }

    static func trap(_ handler: @escaping @Sendable () -> Void) -> @Sendable () -> Void {
        signal(SIGINT, SIG_IGN)
        let box = Source(DispatchSource.makeSignalSource(signal: SIGINT, queue: .global()))
        box.source.setEventHandler(handler: handler)
        box.source.resume()
        return {
            box.source.cancel()
            signal(SIGINT, SIG_DFL)
        }
    }
}
