import FTCore

/// `--integration TYPE:k=v,...` and `--from-checkpoint hf:REPO[@REVISION]`. Keys for them come
/// from the environment (WANDB_API_KEY, MLFLOW_TRACKING_TOKEN, HF_TOKEN), never from flags, and are
/// registered as secrets so no output shows them.
enum Integrations {
    static let keyVariables = ["wandb": ("api_key", "WANDB_API_KEY"), "mlflow": ("tracking_token", "MLFLOW_TRACKING_TOKEN"),
                               "hf": ("token", "HF_TOKEN")]

    static func parse(_ text: String, environment: [String: String]) throws -> JSONValue {
        guard let colon = text.firstIndex(of: ":") else {
            throw FTError(.usage, what: "--integration", why: "'\(text)' is not TYPE:key=value,...", hint: "Write e.g. wandb:project=P,entity=E.")
        }
        let type = String(text[..<colon]).lowercased()
        guard keyVariables[type] != nil else {
            throw FTError(.usage, what: "--integration", why: "unknown integration '\(type)'", hint: "Use wandb, mlflow or hf.")
        }
        var fields = JSONObject()
        for pair in text[text.index(after: colon)...].split(separator: ",") {
            let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard kv.count == 2, !kv[0].isEmpty else {
                throw FTError(.usage, what: "--integration", why: "'\(pair)' is not key=value", hint: "Write e.g. wandb:project=P,entity=E.")
            }
            if kv[0] == "tags" {
                fields["tags"] = .array(kv[1].split(separator: ";").map { .string(String($0)) })
            } else {
                fields[kv[0]] = .string(kv[1])
            }
        }
        if type == "wandb" && fields["project"] == nil {
            throw FTError(.usage, what: "--integration", why: "wandb needs project=NAME", hint: "Write e.g. wandb:project=P.")
        }
        if let (field, variable) = keyVariables[type], let key = environment[variable], !key.isEmpty {
            fields[field] = .string(key)
            SecretRegistry.shared.add([key])
        }
        return .object(JSONObject([("type", .string(type)), (type, .object(fields))]))
    }

    static func checkpoint(_ ref: String, environment: [String: String]) throws -> JSONValue {
        guard ref.hasPrefix("hf:"), ref.count > 3 else {
            throw FTError(.usage, what: "--from-checkpoint", why: "'\(ref)' is not hf:REPO[@REVISION]", hint: "Write e.g. hf:org/model@main.")
        }
        let body = ref.dropFirst(3)
        let parts = body.split(separator: "@", maxSplits: 1).map(String.init)
        var o = JSONObject([("repo", .string(parts[0])), ("type", .string("hf"))])
        if parts.count > 1 { o["revision"] = .string(parts[1]) }
        if let token = environment["HF_TOKEN"], !token.isEmpty {
            o["token"] = .string(token)
            SecretRegistry.shared.add([token])
        }
        return .object(o)
    }
}
