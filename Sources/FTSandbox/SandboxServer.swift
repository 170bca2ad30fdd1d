import FTCore
import Foundation
import Hummingbird
import Logging
import NIOCore

/// The sandbox: every provider surface at its real paths, on one loopback port.
public struct SandboxServer: Sendable {
    public let options: SandboxOptions

    public init(options: SandboxOptions) {
        self.options = options
    }

    /// `<provider-id> <base-url>` for each provider, as printed at start-up.
    public static func baseURLs(host: String, port: Int) -> [(String, String)] {
        let root = "http://\(host.contains(":") ? "[\(host)]" : host):\(port)"
        return [("openai", root + "/v1"), ("portkey", root + "/v1"), ("nebius", root + "/nebius/v1"),
                ("truefoundry", root), ("generic-v1", root), ("together", root + "/together/v1")]
    }

    func router(store: SandboxStore) -> Router<BasicRequestContext> {
        let router = Router()
        // First, so the journal sees each request as it arrived, faults or not.
        let journal = options.journal.flatMap { RequestJournal(path: $0) }
        if let journal {
            router.add(middleware: JournalMiddleware(journal: journal))
        }
        if let faults = options.faults, faults.rate > 0 {
            router.add(middleware: FaultMiddleware(injector: FaultInjector(spec: faults, seed: options.seed)))
        }
        router.get("/health") { _, _ in Reply.json(["status": "ok"]) }
        let v1 = router.group("/v1").add(middleware: OpenAIAuth(apiKey: options.apiKey, allowPortkey: true))
            .add(middleware: PortkeyGateway(store: store, journal: journal))
        OpenAIRoutes<BasicRequestContext>(store: store, surface: .openai).register(on: v1)
        // Nebius's own rules (FastAPI 422s, one checkpoint by id, result_files) at a root of its own.
        let nebius = router.group("/nebius/v1").add(middleware: OpenAIAuth(apiKey: options.apiKey, allowPortkey: false))
        OpenAIRoutes<BasicRequestContext>(store: store, surface: .nebius).register(on: nebius)
        let tfy = router.group("/api/llm").add(middleware: OpenAIAuth(apiKey: options.apiKey, allowPortkey: false))
        OpenAIRoutes<BasicRequestContext>(store: store, surface: .truefoundry).register(on: tfy)
        let platform = router.group("/api/v1/fine-tuning").add(middleware: PlatformAuth(apiKey: options.apiKey))
        PlatformRoutes<BasicRequestContext>(store: store).register(on: platform)
        // Together's own root: its `/files` differs from OpenAI's at `/v1` (a 302 to an upload URL).
        let together = router.group("/together/v1").add(middleware: OpenAIAuth(apiKey: options.apiKey, allowPortkey: false))
        TogetherRoutes<BasicRequestContext>(store: store).register(on: together)
        TogetherRoutes<BasicRequestContext>.registerUploads(on: router, store: store)
        return router
    }

    /// Runs until cancelled or SIGINT/SIGTERM; `onReady` gets the bound port.
    public func run(onReady: @escaping @Sendable (Int) -> Void) async throws {
        let store = SandboxStore(options: options)
        var logger = Logger(label: "ftctl-sandbox")
        logger.logLevel = options.quiet ? .critical : .error
        let app = Application(
            router: router(store: store),
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: "ftctl-sandbox"),
            onServerRunning: { channel in onReady(channel.localAddress?.port ?? 0) },
            logger: logger)
        try await app.runService()
    }
}
