import ArgumentParser
import FineTuning

struct HardwareList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List hardware: the provider's endpoint, else the built-in catalog.")
    @OptionGroup var global: GlobalFlags

    func run() async throws {
        try await Session(global).providerListOrCatalog(.listHardware, provider: { try $0.listHardware() }, catalog: CatalogListing.hardware)
    }
}
