import ArgumentParser
import FineTuning

struct ModelsList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List base models: the provider's endpoint, else the built-in catalog.")
    @OptionGroup var global: GlobalFlags

    func run() async throws {
        try await Session(global).providerListOrCatalog(.listModels, provider: { try $0.listModels() }, catalog: { CatalogListing.models($0) })
    }
}
