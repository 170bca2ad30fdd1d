import ArgumentParser
import FineTuning

struct ModelsList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List base models: the provider's endpoint, else the built-in catalog (a provider's own names where the catalog has them).")
    @OptionGroup var global: GlobalFlags

    func run() async throws {
        let session = try Session(global)
        let provider = session.settings.provider.rawValue
        try await session.providerListOrCatalog(.listModels, provider: { try $0.listModels() }, catalog: { CatalogListing.models($0, provider: provider) })
    }
}
