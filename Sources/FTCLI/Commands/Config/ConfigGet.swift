import ArgumentParser
import FineTuning
import Foundation

struct ConfigGet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get", abstract: "Print one setting of a profile.")
    @Option(help: "The profile (default: the current one).") var profile: String?
    @Argument(help: "The key.") var key: String

    func run() async throws {
        let store = ConfigStore()
        let config = try store.load()
        let name = store.profileName(profile, in: config)
        guard let p = config[profile: name] else {
            throw FTError(.notFound, what: "profile \(name)", why: "no such profile in \(store.path)", hint: "`ftctl config list` shows them.")
        }
        let value: String?
        if key.hasPrefix("headers.") {
            let h = String(key.dropFirst(8))
            value = p.headers.first { $0.name.lowercased() == h.lowercased() }?.value
        } else {
            guard let k = ProfileKey(rawValue: key) else { throw ConfigSet.unknownKey(key) }
            // A stored secret is never printed back.
            value = k.isSecret ? p[k].map { _ in Redactor.mask } : p[k]
        }
        guard let value else {
            throw FTError(.notFound, what: "config get \(key)", why: "profile \(name) does not set \(key)", hint: "Set it with `ftctl config set \(key) VALUE`.")
        }
        CLIContext.current.out(value + "\n")
    }
}
