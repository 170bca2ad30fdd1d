import ArgumentParser
import FineTuning

struct Models: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Base models you can fine-tune.", subcommands: [ModelsList.self], defaultSubcommand: ModelsList.self)
}

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

struct Hardware: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Hardware you can train on.", subcommands: [HardwareList.self], defaultSubcommand: HardwareList.self)
}

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

struct Stats: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Job counts by status.")
    @OptionGroup var global: GlobalFlags

    func run() async throws {
        let session = try Session(global)
        let client = try session.client()
        session.print(try session.renderer.one(try await client.send(try client.provider.stats())))
    }
}
