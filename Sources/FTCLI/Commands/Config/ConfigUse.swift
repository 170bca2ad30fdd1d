import ArgumentParser
import FineTuning
import Foundation

struct ConfigUse: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "use", abstract: "Make a profile the current one.")
    @Argument(help: "The profile.") var name: String

    func run() async throws {
        let store = ConfigStore()
        var config = try store.load()
        guard config[profile: name] != nil else {
            throw FTError(.notFound, what: "profile \(name)", why: "no such profile in \(store.path)",
                          hint: "`ftctl config list` shows them; `ftctl config set --profile \(name) provider ID` makes one.")
        }
        config.currentProfile = name
        try config.save(path: store.path)
        CLIContext.current.err("now using profile \(name)")
    }
}
