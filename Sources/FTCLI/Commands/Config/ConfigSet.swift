import ArgumentParser
import FineTuning
import Foundation

struct ConfigSet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set", abstract: "Set one setting of a profile (made if new). An empty value removes it.")
    @Option(help: "The profile (default: the current one).") var profile: String?
    @Argument(help: "The key.") var key: String
    @Argument(help: "The value.") var value: String

    static func unknownKey(_ key: String) -> FTError {
        FTError(.usage, what: "config key \(key)", why: "unknown key",
                hint: "Known: \(ProfileKey.allCases.map(\.rawValue).joined(separator: ", ")), headers.NAME.")
    }

    func run() async throws {
        let store = ConfigStore()
        var config = try store.load()
        let name = store.profileName(profile, in: config)
        var p = config[profile: name] ?? Profile()
        if key.hasPrefix("headers.") {
            let h = String(key.dropFirst(8))
            guard !h.isEmpty, !h.contains(" "), !h.contains(":") else {
                throw FTError(.usage, what: "config key \(key)", why: "not a header name", hint: "Use headers.X-Name.")
            }
            p.headers.removeAll { $0.name.lowercased() == h.lowercased() }
            if !value.isEmpty { p.headers.append((h, value)) }
        } else {
            guard let k = ProfileKey(rawValue: key) else { throw Self.unknownKey(key) }
            if !value.isEmpty, let problem = k.problem(with: value) {
                throw FTError(.usage, what: "config set \(key)", why: problem, hint: "See `ftctl config --help`.")
            }
            p[k] = value.isEmpty ? nil : value
        }
        config[profile: name] = p
        if config.currentProfile == nil { config.currentProfile = name }
        try config.save(path: store.path)
    }
}
