/// `--integration TYPE:k=v,...` and `--from-checkpoint hf:REPO[@REVISION]`. Their keys come from
/// the environment (WANDB_API_KEY, MLFLOW_TRACKING_TOKEN, HF_TOKEN), never from flags; the fields
/// that hold them are secret by name, so `Redactor` masks them in every view of a body.
public enum Integration {
    /// Integration type → (body field of its key, environment variable holding it). The fields are
    /// Nebius's (nebius/tokenfactory-rl `openapi-fine-tuning.yaml`: wandb.api_key, mlflow.password,
    /// hf.api_token); a provider whose schema has no such field never gets the key (`JobSpecRules`).
    public static let keyVariables: [String: (field: String, variable: String)] = [
        "wandb": ("api_key", "WANDB_API_KEY"), "mlflow": ("password", "MLFLOW_TRACKING_PASSWORD"), "hf": ("api_token", "HF_TOKEN"),
    ]

    public static func parse(_ text: String, source: String = "--integration", environment: [String: String]) throws -> JSONValue {
        func bad(_ why: String) -> FTError { FTError(.usage, what: source, why: why, hint: "Write e.g. wandb:project=P,entity=E.") }
        guard let colon = text.firstIndex(of: ":") else { throw bad("'\(text.prefix(40))' is not TYPE:key=value,...") }
        let type = String(text[..<colon]).lowercased()
        guard let key = keyVariables[type] else {
            throw FTError(.usage, what: source, why: "unknown integration '\(type.prefix(40))'", hint: "Use \(keyVariables.keys.sorted().joined(separator: ", ")).")
        }
        var fields = JSONObject()
        for pair in text[text.index(after: colon)...].split(separator: ",") {
            guard let eq = pair.firstIndex(of: "="), eq != pair.startIndex else { throw bad("'\(pair.prefix(40))' is not key=value") }
            let k = String(pair[..<eq]), v = String(pair[pair.index(after: eq)...])
            fields[k] = k == "tags" ? .array(v.split(separator: ";").map { .string(String($0)) }) : .string(v)
        }
        if type == "wandb" && fields["project"] == nil { throw bad("wandb needs project=NAME") }
        if let secret = environment[key.variable], !secret.isEmpty { fields[key.field] = .string(secret) }
        return .object(JSONObject([("type", .string(type)), (type, .object(fields))]))
    }

    public static func checkpoint(_ ref: String, source: String = "--from-checkpoint", environment: [String: String]) throws -> JSONValue {
        let bad = FTError(.usage, what: source, why: "'\(ref.prefix(60))' is not hf:REPO[@REVISION]", hint: "Write e.g. hf:org/model@main.")
        guard ref.hasPrefix("hf:") else { throw bad }
        let rest = ref.dropFirst(3)
        let at = rest.firstIndex(of: "@")
        let repo = String(at.map { rest[..<$0] } ?? rest)
        let revision = at.map { String(rest[rest.index(after: $0)...]) }
        guard !repo.isEmpty, revision.map({ !$0.isEmpty }) ?? true else { throw bad }
        var o = JSONObject([("repo", .string(repo)), ("type", .string("hf"))])
        if let revision { o["revision"] = .string(revision) }
        if let token = environment["HF_TOKEN"], !token.isEmpty { o["token"] = .string(token) }
        return .object(o)
    }
}

/// The fields one provider's integration object has, and those it requires.
public struct IntegrationSchema: Sendable {
    public var keys: Set<String>
    public var required: [String]
    /// Why the provider's schema has no key field, when it has none (shown when a key is dropped).
    public var keyNote: String?
    /// Where the schema spells the integration as top-level body keys instead of an object
    /// (Together's `wandb_project_name`): integration key → body key.
    public var flatKeys: [String: String] = [:]

    public init(keys: Set<String>, required: [String], keyNote: String? = nil, flatKeys: [String: String] = [:]) {
        self.keys = keys
        self.required = required
        self.keyNote = keyNote
        self.flatKeys = flatKeys
    }

    /// OpenAI's `integrations[].wandb` (openapi.yaml oa:35001, FineTuningIntegration oa:40189;
    /// openai-python `IntegrationWandb`): project, name, entity, tags. No api_key.
    public static let openAIWandb = IntegrationSchema(keys: ["project", "name", "entity", "tags"], required: ["project"],
                                                      keyNote: "OpenAI uses the W&B key registered for the organization")
    /// Nebius's (nebius/tokenfactory-rl `src/tokenfactory/rl/api_client/schemas/openapi-fine-tuning.yaml`,
    /// FineTuningRequest.integrations): wandb with a required api_key, mlflow, and the hf export.
    public static let nebiusWandb = IntegrationSchema(keys: ["project", "api_key", "name", "entity", "tags"], required: ["project", "api_key"])
    public static let nebiusMLflow = IntegrationSchema(
        keys: ["tracking_uri", "experiment_name", "run_name", "tags", "certificate_file", "certificate_file_id", "username", "password"],
        required: ["tracking_uri", "experiment_name", "run_name", "certificate_file", "username", "password"])
    /// Together's flat W&B keys (openapi.yaml `POST /fine-tunes`: wandb_api_key, wandb_base_url,
    /// wandb_project_name, wandb_name, wandb_entity). The SDKs send the key as `wandb_key`; the spec's
    /// name is used here (Docs/PROVIDERS.md).
    public static let togetherWandb = IntegrationSchema(
        keys: ["project", "name", "entity", "base_url", "api_key"], required: ["project", "api_key"],
        flatKeys: ["project": "wandb_project_name", "name": "wandb_name", "entity": "wandb_entity",
                   "base_url": "wandb_base_url", "api_key": "wandb_api_key"])
    public static let nebiusHF = IntegrationSchema(keys: ["output_repo_name", "api_token"], required: ["output_repo_name", "api_token"])
}
