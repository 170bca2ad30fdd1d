/// `--integration TYPE:k=v,...` and `--from-checkpoint hf:REPO[@REVISION]`. Their keys come from
/// the environment (WANDB_API_KEY, MLFLOW_TRACKING_TOKEN, HF_TOKEN), never from flags; the fields
/// that hold them are secret by name, so `Redactor` masks them in every view of a body.
public enum Integration {
    /// Integration type → (body field of its key, environment variable holding it).
    public static let keyVariables: [String: (field: String, variable: String)] = [
        "wandb": ("api_key", "WANDB_API_KEY"), "mlflow": ("tracking_token", "MLFLOW_TRACKING_TOKEN"),
    ]

    public static func parse(_ text: String, source: String = "--integration", environment: [String: String]) throws -> JSONValue {
        func bad(_ why: String) -> FTError { FTError(.usage, what: source, why: why, hint: "Write e.g. wandb:project=P,entity=E.") }
        guard let colon = text.firstIndex(of: ":") else { throw bad("'\(text.prefix(40))' is not TYPE:key=value,...") }
        let type = String(text[..<colon]).lowercased()
        guard let key = keyVariables[type] else {
            throw FTError(.usage, what: source, why: "unknown integration '\(type.prefix(40))'", hint: "Use wandb or mlflow.")
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
