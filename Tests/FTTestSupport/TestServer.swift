import Foundation
import Hummingbird
import Logging
import NIOCore

/// A real HTTP server on 127.0.0.1 with a free port, for tests that run the real client over real
/// sockets. Stopped by cancelling its task.
public final class TestServer: Sendable {
    public let port: Int
    private let task: Task<Void, any Error>

    public var baseURL: String { "http://127.0.0.1:\(port)" }

    private init(port: Int, task: Task<Void, any Error>) {
        self.port = port
        self.task = task
    }

    public static func start(_ router: Router<BasicRequestContext>) async throws -> TestServer {
        let (stream, continuation) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "test-server")
        logger.logLevel = .critical
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "ftctl-test"),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: logger)
        let task = Task { try await app.run() }
        var port = 0
        for await p in stream { port = p }
        guard port > 0 else { throw CancellationError() }
        return TestServer(port: port, task: task)
    }

    public func stop() {
        task.cancel()
    }

    deinit { task.cancel() }
}
