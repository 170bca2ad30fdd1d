import FTCore
import Foundation
import Testing

@Suite("ftctl config: profiles, precedence, broken files")
struct ConfigCommandTests {
    @Test func profilesRoundTrip() async throws {
        let ftctl = FTCtlRunner()
        #expect(try await ftctl.run(["config", "path"]).stdout == ftctl.configPath + "\n")
        #expect(try await ftctl.run(["config", "set", "provider", "nebius"]).code == 0)
        #expect(try await ftctl.run(["config", "set", "timeout", "2m"]).code == 0)
        #expect(try await ftctl.run(["config", "set", "--profile", "work", "provider", "portkey"]).code == 0)
        #expect(try await ftctl.run(["config", "set", "--profile", "work", "base_url", "https://gw.example/v1"]).code == 0)
        #expect(try await ftctl.run(["config", "get", "provider"]).stdout == "nebius\n")
        #expect(try await ftctl.run(["config", "get", "--profile", "work", "base_url"]).stdout == "https://gw.example/v1\n")
        #expect(try await ftctl.run(["config", "current"]).stdout == "default\n")
        let use = try await ftctl.run(["config", "use", "work"])
        #expect(use.code == 0)
        #expect(try await ftctl.run(["config", "current"]).stdout == "work\n")
        let list = try await ftctl.run(["config", "list", "-o", "json"])
        let profiles = try #require(JSONValue.parse(Data(list.stdout.utf8))?.array)
        #expect(profiles.map { $0["name"] } == ["default", "work"])
        #expect(profiles.map { $0["current"] } == [false, true])
        // The file is private and reads back as written.
        let attrs = try FileManager.default.attributesOfItem(atPath: ftctl.configPath)
        #expect((attrs[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let parsed = try ConfigFile.load(path: ftctl.configPath)
        #expect(parsed.currentProfile == "work")
        #expect(parsed[profile: "default"]?[.timeout] == "2m")
    }

    @Test func badValuesAndKeysAreRefused() async throws {
        let ftctl = FTCtlRunner()
        let r = try await ftctl.run(["config", "set", "provider", "acme"])
        r.expectOneLineError(64, containing: "unknown provider 'acme'")
        let k = try await ftctl.run(["config", "set", "colour", "red"])
        k.expectOneLineError(64, containing: "unknown key")
        let u = try await ftctl.run(["config", "use", "ghost"])
        u.expectOneLineError(5, containing: "profile ghost")
    }

    @Test func precedenceIsFlagThenEnvThenProfileThenDefault() async throws {
        let ftctl = FTCtlRunner()
        func baseURL(_ args: [String] = [], env: [String: String] = [:]) async throws -> String {
            try await ftctl.run(["config", "current", "--field", "base_url"] + args, env: env).stdout
        }
        #expect(try await baseURL() == "https://api.openai.com/v1\n")
        _ = try await ftctl.run(["config", "set", "base_url", "https://profile.example/v1"])
        #expect(try await baseURL() == "https://profile.example/v1\n")
        #expect(try await baseURL(env: ["FTCTL_BASE_URL": "https://env.example/v1"]) == "https://env.example/v1\n")
        #expect(try await baseURL(["--base-url", "https://flag.example/v1"], env: ["FTCTL_BASE_URL": "https://env.example/v1"]) == "https://flag.example/v1\n")

        // Keys: --api-key-env > FTCTL_API_KEY > provider variable > profile.
        func source(_ args: [String] = [], env: [String: String] = [:]) async throws -> String {
            try await ftctl.run(["config", "current", "--field", "key_source"] + args, env: env).stdout
        }
        _ = try await ftctl.run(["config", "set", "api_key_env", "MY_KEY"])
        #expect(try await source(env: ["MY_KEY": "k1"]) == "env MY_KEY (profile)\n")
        #expect(try await source(env: ["MY_KEY": "k1", "OPENAI_API_KEY": "k2"]) == "env OPENAI_API_KEY\n")
        #expect(try await source(env: ["OPENAI_API_KEY": "k2", "FTCTL_API_KEY": "k3"]) == "env FTCTL_API_KEY\n")
        #expect(try await source(["--api-key-env", "OTHER"], env: ["FTCTL_API_KEY": "k3", "OTHER": "k4"]) == "env OTHER (--api-key-env)\n")

        // Profile selection: --profile > FTCTL_PROFILE > current.
        _ = try await ftctl.run(["config", "set", "--profile", "p2", "provider", "nebius"])
        func provider(_ args: [String] = [], env: [String: String] = [:]) async throws -> String {
            try await ftctl.run(["config", "current", "--field", "provider"] + args, env: env).stdout
        }
        #expect(try await provider() == "openai\n")
        #expect(try await provider(env: ["FTCTL_PROFILE": "p2"]) == "nebius\n")
        #expect(try await provider(["--profile", "default"], env: ["FTCTL_PROFILE": "p2"]) == "openai\n")
        #expect(try await provider(["--provider", "strongly"], env: ["FTCTL_PROFILE": "p2"]) == "generic-v1\n")
        let missing = try await ftctl.run(["config", "current", "--profile", "ghost"])
        missing.expectOneLineError(5, containing: "profile ghost")
    }

    @Test(arguments: [
        ("profiles:\n  default:\n    provider: [openai\n", 4),
        ("profiles:\n  default:\n    provider: openai\n    timeout: soon\n", 4),
        ("profiles:\n  default:\n    colour: red\n", 3),
        ("current_profile: default\nprofiles: 7\n", 2),
        ("\t- not yaml: [\n", 1),
    ])
    func aBrokenConfigExits78NamingFileAndLine(text: String, line: Int) async throws {
        let ftctl = FTCtlRunner(environment: ["OPENAI_API_KEY": "k"])
        try FileManager.default.createDirectory(atPath: (ftctl.configPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: ftctl.configPath, atomically: true, encoding: .utf8)
        let r = try await ftctl.run(["jobs", "list"])
        r.expectOneLineError(78, containing: "\(ftctl.configPath):\(line)")
    }

    @Test func anInlineKeyInAReadableFileIsWarnedAboutAndNeverPrinted() async throws {
        let ftctl = FTCtlRunner()
        _ = try await ftctl.run(["config", "set", "api_key", "sk-inline-secret-99"])
        #expect(try await ftctl.run(["config", "get", "api_key"]).stdout == "[REDACTED]\n")
        let quiet = try await ftctl.run(["config", "current", "-o", "json"])
        #expect(!quiet.stderr.contains("readable"))
        chmod(ftctl.configPath, 0o644)
        let r = try await ftctl.run(["config", "current", "-o", "json"])
        #expect(r.stderr.contains("warning: \(ftctl.configPath) holds an API key and is readable by group or others"))
        #expect(!r.stdout.contains("sk-inline-secret-99"))
        #expect(!r.stderr.contains("sk-inline-secret-99"))
    }
}
