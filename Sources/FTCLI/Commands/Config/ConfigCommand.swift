import ArgumentParser
import FineTuning
import Foundation

struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Profiles: provider, base URL, key source, defaults.",
        discussion: """
        The file is $XDG_CONFIG_HOME/ftctl/config.yaml (else ~/.config/ftctl/config.yaml; FTCTL_CONFIG overrides).
        Keys: \(ProfileKey.allCases.map(\.rawValue).joined(separator: ", ")), headers.NAME.
        """,
        subcommands: [ConfigList.self, ConfigCurrent.self, ConfigUse.self, ConfigGet.self, ConfigSet.self, ConfigPath.self])
}
