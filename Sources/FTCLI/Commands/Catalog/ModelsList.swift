import ArgumentParser
import FineTuning

struct ModelsList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List base models: the provider's endpoint, else the built-in catalog.")
    @OptionGroup var global: GlobalFlags

    func run() async throws {
        let session = try Session(global)
        let provider = try ProviderFactory.make(session.settings)
        // The provider's own list where it has one; the built-in catalog (no key needed) otherwise.
        guard provider.capabilities.contains(.listModels) else {
            return session.print(try session.renderer.list(CatalogListing.models(try JobEstimator.standard(environment: session.context.environment).planner.catalog)))
        }
        let client = try session.client()
        session.print(try session.renderer.list(try await client.send(try client.provider.listModels())))
    }
}
