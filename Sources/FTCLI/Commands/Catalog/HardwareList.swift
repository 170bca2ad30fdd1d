import ArgumentParser
import FineTuning

struct HardwareList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List hardware: the provider's endpoint, else the built-in catalog.")
    @OptionGroup var global: GlobalFlags

    func run() async throws {
        let session = try Session(global)
        let provider = try ProviderFactory.make(session.settings)
        guard provider.capabilities.contains(.listHardware) else {
            return session.print(try session.renderer.list(CatalogListing.hardware(try JobEstimator.standard(environment: session.context.environment).planner.catalog)))
        }
        let client = try session.client()
        session.print(try session.renderer.list(try await client.send(try client.provider.listHardware())))
    }
}
