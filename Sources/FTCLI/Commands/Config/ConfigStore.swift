import ArgumentParser
import FineTuning
import Foundation

/// Shared by the config subcommands: the file, and which profile a command means.
struct ConfigStore {
    let path: String
    let environment: [String: String]

    init(context: CLIContext = .current) {
        environment = context.environment
        path = ConfigFile.defaultPath(environment: environment)
    }

    func load() throws -> ConfigFile { try ConfigFile.load(path: path) }

    /// --profile, else FTCTL_PROFILE, else the current profile, else `default`.
    func profileName(_ flag: String?, in config: ConfigFile) -> String {
        flag ?? environment["FTCTL_PROFILE"].flatMap { $0.isEmpty ? nil : $0 } ?? config.currentProfile ?? "default"
    }
}
