import Foundation
import Yams

/// One named set of settings.
public struct Profile: Sendable, Equatable {
    public var values: [ProfileKey: String] = [:]
    public var headers: [(name: String, value: String)] = []

    public init(values: [ProfileKey: String] = [:], headers: [(String, String)] = []) {
        self.values = values
        self.headers = headers.map { (name: $0.0, value: $0.1) }
    }

    public subscript(key: ProfileKey) -> String? {
        get { values[key] }
        set { values[key] = newValue }
    }

    public static func == (a: Profile, b: Profile) -> Bool {
        a.values == b.values && a.headers.map { "\($0.name):\($0.value)" } == b.headers.map { "\($0.name):\($0.value)" }
    }
}

/// `config.yaml`: the current profile's name and the profiles, in file order.
public struct ConfigFile: Sendable, Equatable {
    public var currentProfile: String?
    public var profiles: [(name: String, profile: Profile)] = []

    public init(currentProfile: String? = nil, profiles: [(String, Profile)] = []) {
        self.currentProfile = currentProfile
        self.profiles = profiles.map { (name: $0.0, profile: $0.1) }
    }

    public static func == (a: ConfigFile, b: ConfigFile) -> Bool {
        a.currentProfile == b.currentProfile && a.profiles.map(\.name) == b.profiles.map(\.name)
            && zip(a.profiles, b.profiles).allSatisfy { $0.profile == $1.profile }
    }

    public subscript(profile name: String) -> Profile? {
        get { profiles.first { $0.name == name }?.profile }
        set {
            if let i = profiles.firstIndex(where: { $0.name == name }) {
                if let newValue { profiles[i].profile = newValue } else { profiles.remove(at: i) }
            } else if let newValue {
                profiles.append((name, newValue))
            }
        }
    }

    /// `$XDG_CONFIG_HOME/ftctl/config.yaml`, else `~/.config/ftctl/config.yaml`.
    public static func defaultPath(environment: [String: String]) -> String {
        if let explicit = environment["FTCTL_CONFIG"], !explicit.isEmpty { return explicit }
        let base = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.config")
        return base + "/ftctl/config.yaml"
    }

    // MARK: Reading

    /// Reads the file; a missing file is an empty configuration. Every problem is one `config` error
    /// naming the file and line.
    public static func load(path: String) throws -> ConfigFile {
        guard FileManager.default.fileExists(atPath: path) else { return ConfigFile() }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FTError(.config, what: "read config \(path)", why: "the file cannot be read", hint: "Check its permissions.")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw FTError(.config, what: "read config \(path)", why: "the file is not UTF-8 text", hint: "Fix or remove it.")
        }
        return try parse(text, path: path)
    }

    public static func parse(_ text: String, path: String) throws -> ConfigFile {
        func fail(_ line: Int?, _ why: String) -> FTError {
            FTError(.config, what: line.map { "\(path):\($0)" } ?? path, why: why,
                    hint: "Fix the file, or set it again with `ftctl config set`.")
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            let (line, problem) = Self.describe(error)
            throw fail(line, "malformed YAML: \(problem)")
        } catch {
            throw fail(nil, "malformed YAML")
        }
        guard let root else { return ConfigFile() }
        guard let top = root.mapping else { throw fail(root.mark?.line, "expected a mapping with `profiles:`") }
        var config = ConfigFile()
        for (keyNode, value) in top {
            let line = keyNode.mark?.line
            switch keyNode.string {
            case "current_profile", "current-profile":
                guard let s = value.scalar?.string else { throw fail(line, "current_profile must be a profile name") }
                config.currentProfile = s.isEmpty ? nil : s
            case "profiles":
                if value.scalar?.string == "" || value == Node("null", Tag(.null)) { continue }
                guard let profiles = value.mapping else { throw fail(value.mark?.line ?? line, "profiles must be a mapping of names to settings") }
                for (nameNode, body) in profiles {
                    guard let name = nameNode.string, !name.isEmpty else { throw fail(nameNode.mark?.line, "a profile needs a name") }
                    config[profile: name] = try parseProfile(body, name: name, fail: fail)
                }
            default:
                throw fail(line, "unknown key '\(keyNode.string ?? "?")' (expected current_profile or profiles)")
            }
        }
        return config
    }

    private static func parseProfile(_ node: Node, name: String, fail: (Int?, String) -> FTError) throws -> Profile {
        var profile = Profile()
        if node.scalar?.string == "" || node.tag == Tag(.null) { return profile }
        guard let mapping = node.mapping else { throw fail(node.mark?.line, "profile '\(name)' must be a mapping of settings") }
        for (keyNode, value) in mapping {
            let line = keyNode.mark?.line
            let keyText = keyNode.string ?? ""
            if keyText == "headers" {
                guard let hs = value.mapping else { throw fail(value.mark?.line ?? line, "headers must be a mapping of header names to values") }
                for (hn, hv) in hs {
                    guard let n = hn.string, let v = hv.scalar?.string else { throw fail(hn.mark?.line, "a header needs a name and a text value") }
                    profile.headers.append((n, v))
                }
                continue
            }
            guard let key = ProfileKey(rawValue: keyText.replacingOccurrences(of: "-", with: "_")) else {
                throw fail(line, "unknown setting '\(keyText)' in profile '\(name)' (known: \(ProfileKey.allCases.map(\.rawValue).joined(separator: ", ")), headers)")
            }
            guard let scalar = value.scalar?.string else { throw fail(value.mark?.line ?? line, "\(keyText) must be a single value") }
            if let problem = key.problem(with: scalar) { throw fail(value.mark?.line ?? line, problem) }
            profile[key] = scalar
        }
        return profile
    }

    private static func describe(_ error: YamlError) -> (Int?, String) {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return (mark.line, problem)
        case .reader(let problem, _, _, _):
            return (nil, problem)
        case .duplicatedKeysInMapping(let dups, let context):
            return (context.mark.line, "duplicated key \(dups.joined(separator: ", "))")
        default:
            return (nil, "\(error)")
        }
    }

    // MARK: Writing

    public func yaml() -> String {
        var top: [(Node, Node)] = []
        if let currentProfile { top.append((Node("current_profile"), Node(currentProfile))) }
        var ps: [(Node, Node)] = []
        for (name, p) in profiles {
            var body: [(Node, Node)] = []
            for key in ProfileKey.allCases {
                if let v = p[key] { body.append((Node(key.rawValue), Node(v, Tag(.str), Self.style(v)))) }
            }
            if !p.headers.isEmpty {
                body.append((Node("headers"), Node(p.headers.map { (Node($0.name), Node($0.value, Tag(.str), Self.style($0.value))) })))
            }
            ps.append((Node(name), Node(body)))
        }
        top.append((Node("profiles"), Node(ps)))
        return (try? Yams.serialize(node: Node(top))) ?? ""
    }

    /// Values that YAML would read back as something else (numbers, booleans, null, text with
    /// YAML punctuation) are quoted; plain words and URLs are not.
    private static func style(_ v: String) -> Node.Scalar.Style {
        let reserved: Set<String> = ["true", "false", "yes", "no", "on", "off", "null", "~", "y", "n"]
        let safe = v.range(of: "^[A-Za-z_/][A-Za-z0-9_./:@-]*$", options: .regularExpression) != nil
        return safe && !reserved.contains(v.lowercased()) ? .plain : .doubleQuoted
    }

    /// Writes atomically by `OutputFile`'s rules; a new file is readable by the owner only, since
    /// it may hold keys (an existing one keeps its mode).
    public func save(path: String) throws {
        let dir = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try OutputFile.write(Data(yaml().utf8), to: path, newMode: 0o600)
        } catch let error as FTError {
            throw FTError(.config, what: "write config \(path)", why: error.why, hint: error.hint)
        } catch {
            throw FTError(.config, what: "write config \(path)", why: "\(error.localizedDescription)", hint: "Check that the directory is writable.")
        }
    }
}
