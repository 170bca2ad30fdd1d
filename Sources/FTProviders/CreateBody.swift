import FTCore

/// A create body from the field table: each set field written at its paths in the declaration's
/// schema, then the `--set` overrides. Runs the declaration's checks first, so a bad or unsupported
/// field fails before anything is uploaded or sent.
enum CreateBody {
    static func build(_ spec: JobSpec, declaration: ProviderDeclaration) throws -> JSONObject {
        try JobSpecRules.check(spec, for: declaration)
        let method = spec.method
        var body = JSONObject()
        for (field, value) in spec.setFields {
            // Integrations carry only the fields the provider's schema has (no wandb.api_key on OpenAI).
            let sent = field == .integrations ? .array((value.array ?? []).map { JobSpecRules.integrationBody($0, for: declaration) }) : value
            for path in field.paths(declaration.schema, upstream: declaration.upstream?.name) {
                body = JSONPath.set(path.replacingOccurrences(of: "{method}", with: method), sent, in: body)
            }
        }
        if let top = declaration.topLevelHyperparameters, top.method == method,
           let hp = body["method"]?[method]?["hyperparameters"]?.object {
            let copied = hp.filter { top.keys.contains($0.key) }.map { ($0.key, $0.value) }
            if !copied.isEmpty { body["hyperparameters"] = .object(JSONObject(copied)) }
        }
        // OpenAI's layout names the method beside its hyperparameters.
        if declaration.schema != .platform, body["method"] != nil, body["method"]?["type"] == nil {
            var m = JSONObject([("type", .string(method))])
            for (k, v) in body["method"]?.object ?? JSONObject() { m[k] = v }
            body["method"] = .object(m)
        }
        // Settings the upstream takes in the body (Bedrock's role_arn).
        for (key, path) in declaration.upstream?.bodySettings ?? [:] {
            if let v = declaration.upstreamSettings[key] { body = JSONPath.set(path, .string(v), in: body) }
        }
        for o in spec.overrides { body = JSONPath.set(o.path, o.value, in: body) }
        return body
    }
}

/// Dotted paths into a JSON body, for `--set method.supervised.hyperparameters.n_epochs=3`.
public enum JSONPath {
    public static func set(_ path: String, _ value: JSONValue, in object: JSONObject) -> JSONObject {
        let parts = path.split(separator: ".", omittingEmptySubsequences: true).map(String.init)
        guard let first = parts.first else { return object }
        var out = object
        if parts.count == 1 {
            out[first] = value
        } else {
            let inner = out[first]?.object ?? JSONObject()
            out[first] = .object(set(parts.dropFirst().joined(separator: "."), value, in: inner))
        }
        return out
    }
}
