import FTCore
import Foundation
import Testing

@Suite("config file parsing and writing")
struct ConfigFileTests {
    @Test func writesAndReadsBack() throws {
        var p = Profile()
        p[.provider] = "portkey"
        p[.baseURL] = "https://api.portkey.ai/v1"
        p[.timeout] = "90s"
        p[.maxRetries] = "3"
        p[.portkeyProvider] = "@openai-prod"
        p.headers = [("X-Team", "ml"), ("X-Flag", "true")]
        let config = ConfigFile(currentProfile: "work", profiles: [("work", p), ("empty", Profile())])
        let text = config.yaml()
        #expect(text.contains("current_profile: work"))
        let back = try ConfigFile.parse(text, path: "/tmp/c.yaml")
        #expect(back == config)
        // Values YAML would read as numbers or booleans stay text.
        #expect(back[profile: "work"]?.headers.first { $0.name == "X-Flag" }?.value == "true")
    }

    @Test func anEmptyOrMissingFileIsAnEmptyConfig() throws {
        #expect(try ConfigFile.parse("", path: "c") == ConfigFile())
        #expect(try ConfigFile.load(path: "/nonexistent/ftctl/config.yaml") == ConfigFile())
    }

    @Test func errorsNameTheLine() {
        let e = #expect(throws: FTError.self) {
            try ConfigFile.parse("profiles:\n  a:\n    provider: openai\n    max_retries: many\n", path: "/c.yaml")
        }
        #expect(e?.code == .config)
        #expect(e?.what == "/c.yaml:4")
        #expect(e?.why.contains("max_retries") == true)
    }

    @Test func settingsResolveDefaultsPerProvider() throws {
        let s = try SettingsResolver(options: GlobalOptions(), environment: ["FTCTL_PROVIDER": "nebius", "NEBIUS_API_KEY": "nk"],
                                     configPath: "/nonexistent").resolve(config: ConfigFile())
        #expect(s.provider == .nebius)
        #expect(s.baseURL == "https://api.tokenfactory.nebius.com/v1")
        #expect(s.apiKey == "nk")
        let tfy = try SettingsResolver(options: GlobalOptions(), environment: ["FTCTL_PROVIDER": "truefoundry"],
                                       configPath: "/nonexistent").resolve(config: ConfigFile())
        #expect(tfy.baseURL == nil)
        let e = #expect(throws: FTError.self) { try tfy.requireBaseURL() }
        #expect(e?.code == .config)
    }

    @Test func headerFlagsMustBeNameColonValue() {
        var o = GlobalOptions()
        o.headers = ["no colon here"]
        let e = #expect(throws: FTError.self) {
            try SettingsResolver(options: o, environment: [:], configPath: "/x").resolve(config: ConfigFile())
        }
        #expect(e?.code == .usage)
    }
}
