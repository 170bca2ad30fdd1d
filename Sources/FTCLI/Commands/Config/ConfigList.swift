import ArgumentParser
import FineTuning
import Foundation

struct ConfigList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List profiles.", aliases: ["ls"])
    @OptionGroup var global: GlobalFlags

    func run() async throws {
        let store = ConfigStore()
        let config = try store.load()
        let current = store.profileName(nil, in: config)
        let records = config.profiles.map { name, p in
            Record(id: name, json: .object(JSONObject([
                ("name", .string(name)), ("current", .bool(name == current)),
                ("provider", JSONValue(p[.provider])), ("base_url", JSONValue(p[.baseURL])),
                ("key_source", JSONValue(ConfigList.keySource(p))),
            ])))
        }
        CLIContext.current.out(try Renderer(global, context: .current).list(records))
    }

    static func keySource(_ p: Profile) -> String? {
        if let v = p[.apiKeyEnv] { return "env \(v)" }
        if let f = p[.apiKeyFile] { return "file \(f)" }
        if p[.apiKey] != nil { return "inline" }
        return nil
    }
}
