/// What a problem found in a dataset is. The raw values are stable ids (kebab case), shown to users
/// and written in `validate -o json`; never rename one. Each kind has a default severity; a
/// provider's rules may change it (see `ProviderRules.severityOverrides`).
///
/// | id | default | meaning |
/// |---|---|---|
/// | empty-file | error | the file has no bytes, or only blank lines |
/// | file-too-large | error | bigger than the provider accepts |
/// | too-few-examples | error | fewer examples than the provider's minimum |
/// | unknown-format | error | (auto) a line matches none of chat, completion, text, preference |
/// | mixed-formats | error | (auto) a line's format differs from the file's (its first example's) |
/// | unsupported-by-provider | error | a format or field the provider does not accept |
/// | invalid-utf8 | error | a line is not valid UTF-8 |
/// | invalid-json | error | a line is not valid JSON (NaN/Infinity included) |
/// | nesting-too-deep | error | a line nests deeper than the cap |
/// | line-too-long | error | a line is longer than the cap (64 MiB by default); it is skipped |
/// | not-an-object | error | a line is JSON but not an object |
/// | bom | error | the file starts with a UTF-8 byte order mark |
/// | crlf | warning | CRLF line ends (reported once, at the first such line, with the count) |
/// | blank-line | warning | an empty or whitespace-only line |
/// | unknown-key | warning | a top-level (or `input`) key the format does not define |
/// | missing-messages | error | chat: no `messages` array |
/// | empty-messages | error | chat: `messages` is empty |
/// | message-not-object | error | an element of `messages` is not an object |
/// | missing-role | error | a message without a string `role` |
/// | unknown-role | error | a role the provider does not accept |
/// | deprecated-role | warning | a role the provider still accepts but deprecates (`function`) |
/// | missing-content | error | a message without content (assistant tool/function calls excepted) |
/// | invalid-content-type | error | content neither a string nor an array of `{type:"text", text}` parts |
/// | unknown-message-key | error | a message key outside role, content, name, weight, tool_calls, tool_call_id, function_call |
/// | invalid-name | error | `name` is not a string |
/// | invalid-weight | error | `weight` is not 0 or 1, or is on a non-assistant message |
/// | invalid-tool-calls | error | malformed `tool_calls`, or on a non-assistant message |
/// | missing-tool-call-id | error | a `tool` message without a string `tool_call_id` |
/// | invalid-tools | error | malformed `tools` or a non-boolean `parallel_tool_calls` |
/// | no-assistant-message | error | chat: no assistant message to learn from |
/// | last-not-assistant | warning | chat: the last message is not the assistant's (nebius: error) |
/// | last-input-assistant | error | preference: the last input message is the assistant's |
/// | invalid-preference-output | error | preference: an output is not exactly one assistant message |
/// | missing-field | error | completion/text/preference: a required field is absent |
/// | invalid-field-type | error | completion/text/preference: a field has the wrong type |
/// | over-context-limit | warning | an example has more tokens than the context limit (truncated in training) |
/// | duplicate | warning | the line's bytes are exactly those of an earlier line |
public enum ProblemKind: String, Sendable, CaseIterable, Codable, Hashable {
    case emptyFile = "empty-file"
    case fileTooLarge = "file-too-large"
    case tooFewExamples = "too-few-examples"
    case unknownFormat = "unknown-format"
    case mixedFormats = "mixed-formats"
    case unsupportedByProvider = "unsupported-by-provider"
    case invalidUTF8 = "invalid-utf8"
    case invalidJSON = "invalid-json"
    case nestingTooDeep = "nesting-too-deep"
    case lineTooLong = "line-too-long"
    case notAnObject = "not-an-object"
    case bom = "bom"
    case crlf = "crlf"
    case blankLine = "blank-line"
    case unknownKey = "unknown-key"
    case missingMessages = "missing-messages"
    case emptyMessages = "empty-messages"
    case messageNotObject = "message-not-object"
    case missingRole = "missing-role"
    case unknownRole = "unknown-role"
    case deprecatedRole = "deprecated-role"
    case missingContent = "missing-content"
    case invalidContentType = "invalid-content-type"
    case unknownMessageKey = "unknown-message-key"
    case invalidName = "invalid-name"
    case invalidWeight = "invalid-weight"
    case invalidToolCalls = "invalid-tool-calls"
    case missingToolCallID = "missing-tool-call-id"
    case invalidTools = "invalid-tools"
    case noAssistantMessage = "no-assistant-message"
    case lastNotAssistant = "last-not-assistant"
    case lastInputAssistant = "last-input-assistant"
    case invalidPreferenceOutput = "invalid-preference-output"
    case missingField = "missing-field"
    case invalidFieldType = "invalid-field-type"
    case overContextLimit = "over-context-limit"
    case duplicate = "duplicate"

    public var defaultSeverity: Severity {
        switch self {
        case .crlf, .blankLine, .unknownKey, .deprecatedRole, .lastNotAssistant, .overContextLimit, .duplicate:
            return .warning
        default:
            return .error
        }
    }

    /// A dense index, for per-kind counters.
    var ordinal: Int { ProblemKind.ordinals[self] ?? 0 }
    private static let ordinals: [ProblemKind: Int] = {
        var map: [ProblemKind: Int] = [:]
        for (i, kind) in allCases.enumerated() { map[kind] = i }
        return map
    }()
}

public enum Severity: String, Sendable, Codable, Hashable {
    case error, warning
}

/// One problem: where (1-based line; 0 for the file as a whole), what, how bad, and a one-line
/// message saying what is wrong and what to do.
public struct Problem: Sendable, Hashable, Codable {
    public var line: Int
    public var kind: ProblemKind
    public var severity: Severity
    public var message: String

    public init(line: Int, kind: ProblemKind, severity: Severity, message: String) {
        self.line = line
        self.kind = kind
        self.severity = severity
        self.message = message
    }
}
