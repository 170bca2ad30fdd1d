import ArgumentParser
import FineTuning
import Foundation

struct FilesDelete: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete a file.")
    @OptionGroup var global: GlobalFlags
    @Argument(help: "The file id.") var id: String
    @Flag(name: [.short, .customLong("yes")], help: "Do not ask.") var yes = false

    func run() async throws {
        try await DeleteRunner.run("file", id: id, yes: yes, global: global) { try $0.provider.deleteFile(id) }
    }
}
