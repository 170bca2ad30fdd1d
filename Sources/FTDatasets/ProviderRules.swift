/// The dataset formats ftctl validates.
public enum DatasetFormat: String, Sendable, CaseIterable, Codable, Hashable {
    /// `{"messages": [...], "tools"?, "parallel_tool_calls"?}`
    case chat
    /// `{"prompt": "...", "completion": "..."}`
    case completion
    /// `{"text": "..."}`
    case text
    /// DPO: `{"input": {"messages": [...]}, "preferred_output": [msg], "non_preferred_output": [msg]}`
    case preference

    /// Position in `allCases`.
    var index: Int {
        switch self {
        case .chat: return 0
        case .completion: return 1
        case .text: return 2
        case .preference: return 3
        }
    }
}

/// `--format`: one format for every line, or `auto` (detected per line; a file that mixes
/// formats is reported).
public enum FormatOption: String, Sendable, CaseIterable, Codable, Hashable {
    case auto, chat, completion, text, preference

    public var format: DatasetFormat? {
        switch self {
        case .auto: return nil
        case .chat: return .chat
        case .completion: return .completion
        case .text: return .text
        case .preference: return .preference
        }
    }
}

/// What one provider accepts in a training file, declared once as data (`ProviderRules.all`).
public struct ProviderRules: Sendable, Hashable {
    /// The provider id as ftctl names it (`openai`, `portkey`, `nebius`, `truefoundry`, `generic-v1`).
    public var id: String
    public var formats: Set<DatasetFormat>
    /// Roles accepted in chat messages.
    public var roles: Set<String>
    /// Accepted but deprecated roles (reported as `deprecated-role` warnings).
    public var deprecatedRoles: Set<String>
    public var minExamples: Int
    /// The largest training file accepted, in bytes; nil when the provider documents none.
    public var maxFileBytes: Int?
    /// Whether `tools`/`parallel_tool_calls`/`tool_calls` are accepted.
    public var acceptsTools: Bool
    /// Whether per-message `weight` is accepted.
    public var acceptsWeight: Bool
    /// Severities that differ from `ProblemKind.defaultSeverity` for this provider.
    public var severityOverrides: [ProblemKind: Severity]

    public init(id: String, formats: Set<DatasetFormat>, roles: Set<String>, deprecatedRoles: Set<String>,
                minExamples: Int, maxFileBytes: Int?, acceptsTools: Bool, acceptsWeight: Bool,
                severityOverrides: [ProblemKind: Severity] = [:]) {
        self.id = id
        self.formats = formats
        self.roles = roles
        self.deprecatedRoles = deprecatedRoles
        self.minExamples = minExamples
        self.maxFileBytes = maxFileBytes
        self.acceptsTools = acceptsTools
        self.acceptsWeight = acceptsWeight
        self.severityOverrides = severityOverrides
    }

    public func severity(of kind: ProblemKind) -> Severity {
        severityOverrides[kind] ?? kind.defaultSeverity
    }

    /// OpenAI's fine-tuning guide: chat (with tools and per-message weight), prompt/completion for
    /// the legacy completion models, and preference (DPO). At least 10 examples. Roles system,
    /// user, assistant, tool, and function (deprecated). No file size limit is set here: files over
    /// 512 MB go through the Uploads API.
    public static let openai = ProviderRules(
        id: "openai",
        formats: [.chat, .completion, .preference],
        roles: ["system", "user", "assistant", "tool", "function"],
        deprecatedRoles: ["function"],
        minExamples: 10, maxFileBytes: nil, acceptsTools: true, acceptsWeight: true)

    /// Portkey forwards the OpenAI declaration to the upstream provider (OpenAI, Bedrock, Fireworks);
    /// its page says only "JSONL, chat or completions format", so OpenAI's rules apply.
    public static let portkey: ProviderRules = {
        var r = openai
        r.id = "portkey"
        return r
    }()

    /// Nebius Token Factory documents `.jsonl` up to 5 GB in three formats: `messages` (the last
    /// message from the assistant: an error here, not a warning), `prompt`/`completion` and `text`.
    /// No preference format. It says nothing on roles, minimum size, tools or weight: OpenAI's
    /// rules are used for those.
    public static let nebius = ProviderRules(
        id: "nebius",
        formats: [.chat, .completion, .text],
        roles: openai.roles, deprecatedRoles: openai.deprecatedRoles,
        minExamples: openai.minExamples, maxFileBytes: 5 * 1024 * 1024 * 1024,
        acceptsTools: true, acceptsWeight: true,
        severityOverrides: [.lastNotAssistant: .error])

    /// TrueFoundry fine-tunes through its OpenAI provider, so the file follows OpenAI's rules;
    /// its files endpoint takes at most 512 MB a file.
    public static let truefoundry: ProviderRules = {
        var r = openai
        r.id = "truefoundry"
        r.maxFileBytes = 512 * 1024 * 1024
        return r
    }()

    /// The generic v1 platform API's documents say nothing about the dataset's content (a
    /// `trainingDataset` id or path, a `.jsonl` file name): OpenAI's rules are used throughout.
    public static let genericV1: ProviderRules = {
        var r = openai
        r.id = "generic-v1"
        return r
    }()

    public static let all: [ProviderRules] = [openai, portkey, nebius, truefoundry, genericV1]

    /// The rules for a provider id; nil for an unknown id.
    public static func named(_ id: String) -> ProviderRules? {
        all.first { $0.id == id.lowercased() }
    }
}
