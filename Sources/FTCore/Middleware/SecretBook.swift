import Synchronization

/// The secrets of one invocation, shared by everything that prints: settings' keys, then the keys
/// a job spec pulls from the environment. Views read it when they print, not when they are made,
/// so a secret learned after the trace was set up is still masked.
public final class SecretBook: Sendable {
    private let state: Mutex<Redactor>

    public init(_ secrets: [String] = []) {
        state = Mutex(Redactor(secrets: secrets))
    }

    public func add(_ secrets: [String]) {
        state.withLock { r in for s in secrets { r.add(s) } }
    }

    /// Every value under a secret-named field of `json` (an HF token, a W&B key).
    public func add(secretsIn json: JSONValue) {
        add(Redactor.secretValues(in: json))
    }

    public var redactor: Redactor { state.withLock { $0 } }
}
