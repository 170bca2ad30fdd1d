import ArgumentParser
import FineTuning

struct Stats: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "Job counts by status.")
    @OptionGroup var global: GlobalFlags

    func run() async throws {
        let session = try Session(global)
        let client = try session.client()
        session.print(try session.renderer.one(try await client.send(try client.provider.stats())))
    }
}
