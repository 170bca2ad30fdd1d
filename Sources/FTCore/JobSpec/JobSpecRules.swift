/// The checks a provider applies to a spec before anything is sent or uploaded, from its declaration
/// and the field table: required fields, fields its schema has no place for, the methods it
/// trains and the fields each method takes, its limits, the range of every value in its schema,
/// and the integrations its schema has.
public enum JobSpecRules {
    public static func check(_ spec: JobSpec, for declaration: ProviderDeclaration) throws {
        let provider = declaration.id
        for field in declaration.requiredFields where spec[field] == nil || spec[field]?.string?.isEmpty == true {
            throw FTError(.usage, what: field.flag, why: "\(provider) requires it", hint: "Pass \(field.flag) \(field.valueName.uppercased()).")
        }
        if let m = spec[.method]?.string, !declaration.methods.contains(m) {
            throw FTError(.usage, what: JobField.method.flag, why: "\(provider) trains \(declaration.methods.sorted().joined(separator: ", ")) only",
                          hint: "Use --method \(declaration.methods.sorted().first ?? "supervised").")
        }
        for field in JobField.requiredByMethod[spec.method] ?? [] where spec[field] == nil {
            throw FTError(.usage, what: field.flag, why: "--method \(spec.method) needs it", hint: "Pass \(field.flag) \(field.valueName.uppercased()).")
        }
        // A field the route's gateway would drop on its way upstream is refused, not lost.
        if let u = declaration.upstream, let (field, _) = spec.setFields.first(where: { u.dropped.contains($0.field.name) }) {
            throw FTError(.usage, what: field.flag, why: "\(provider) to \(u.name) drops it: the gateway's create mapping (Portkey-AI/gateway \(u.createSource)) has no place for it",
                          hint: "Leave it out.")
        }
        if let u = declaration.upstream { try checkUpstream(spec, u, declaration) }
        let overridden = Set(spec.overrides.map(\.path))
        let route = declaration.upstream.map { "\(provider) to \($0.name)" } ?? "\(provider)"
        for (field, value) in spec.setFields {
            let paths = field.paths(declaration.schema, upstream: declaration.upstream?.name)
            if paths.isEmpty {
                // The default method needs no field; anything else the provider cannot take is refused,
                // unless --set writes the field the user means.
                if field == .method { continue }
                if overridden.contains(field.name) { continue }
                // Through a gateway, --set cannot help: the gateway's mapping decides what goes on.
                if let reason = declaration.upstream?.reasons[field.name] {
                    throw FTError(.usage, what: field.flag, why: "\(route) has no field for it: \(reason)", hint: "Leave it out.")
                }
                throw FTError(.usage, what: field.flag, why: "\(route) has no field for it",
                              hint: "Leave it out, or send it anyway with --set KEY=VALUE (the body path \(provider) should get).")
            }
            if let methods = field.methods, !methods.contains(spec.method) {
                throw FTError(.usage, what: field.flag, why: "it belongs to --method \(methods.sorted().joined(separator: " or ")), not \(spec.method)",
                              hint: "Pass --method \(methods.sorted().first ?? ""), or leave it out.")
            }
            try field.check(value, maxLength: declaration.limits[field.name], schema: declaration.schema)
        }
        try checkIntegrations(spec, for: declaration)
    }

    /// What a gateway's upstream needs of a create, all before any file is read or sent: its
    /// required fields and settings, data as URIs of its scheme, names the gateway would prefix twice.
    static func checkUpstream(_ spec: JobSpec, _ u: Upstream, _ declaration: ProviderDeclaration) throws {
        let route = "\(declaration.id) to \(u.name)"
        for name in u.requiredFields {
            guard let field = JobField.named(name), spec[field] == nil else { continue }
            throw FTError(.usage, what: field.flag, why: "\(route) requires it", hint: "Pass \(field.flag) \(field.valueName.uppercased()).")
        }
        if let scheme = u.fileScheme {
            for field in [JobField.trainingFile, .validationFile] {
                guard let value = spec[field]?.string else { continue }
                // The gateway decodes the value (decodeURIComponent), so an encoded URI is one too.
                let uri = value.removingPercentEncoding ?? value
                guard !uri.hasPrefix(scheme) || uri.count <= scheme.count else { continue }
                let store = scheme == "s3://" ? "S3" : "Cloud Storage"
                throw FTError(.usage, what: field.flag, why: "\(route) reads training data from \(store) only ('\(value.prefix(60))' is not a \(scheme) URI)",
                              hint: "Upload it to \(store) yourself and pass its \(scheme) URI (Portkey's file upload to \(u.name) needs a bucket and rewrites the lines).")
            }
        }
        if let uri = spec[.outputURI]?.string, !uri.hasPrefix("s3://") || uri.count <= 5 {
            throw FTError(.usage, what: JobField.outputURI.flag, why: "'\(uri.prefix(60))' is not an s3:// URI", hint: "Pass e.g. s3://my-bucket/outputs/.")
        }
        for (name, prefix) in u.prefixed.sorted(by: { $0.key < $1.key }) {
            guard let field = JobField.named(name), let value = spec[field]?.string, value.hasPrefix("accounts/") else { continue }
            throw FTError(.usage, what: field.flag, why: "\(route) prefixes it with \(prefix) itself, so '\(value.prefix(60))' would be prefixed twice",
                          hint: "Pass only the last part, '\(value.split(separator: "/").last ?? "")'.")
        }
        for key in u.bodySettings.keys.sorted(by: { $0.rawValue < $1.rawValue }) where declaration.upstreamSettings[key] == nil {
            let how = ProviderSetting.forKey(key)?.howToSet() ?? "set \(key.rawValue)"
            throw FTError(.config, what: route, why: "no \(key.rawValue) for the create", hint: how.prefix(1).uppercased() + how.dropFirst() + ".")
        }
    }

    /// Each integration must be one the provider's schema has, with only its fields; a key taken
    /// from the environment where the schema has no field for it is dropped (see `notes`).
    static func checkIntegrations(_ spec: JobSpec, for declaration: ProviderDeclaration) throws {
        let provider = declaration.id
        for item in spec[.integrations]?.array ?? [] {
            let type = item["type"]?.string ?? ""
            guard let shape = declaration.integrations[type] else {
                let kinds = declaration.integrations.keys.sorted()
                throw FTError(.usage, what: JobField.integrations.flag, why: "\(provider) has no '\(type.prefix(40))' integration",
                              hint: kinds.isEmpty ? "Leave --integration out." : "Use \(kinds.joined(separator: " or ")).")
            }
            let fields = item[type]?.object ?? JSONObject()
            let envKey = Integration.keyVariables[type]
            for key in fields.keys where !shape.keys.contains(key) && key != envKey?.field {
                throw FTError(.usage, what: JobField.integrations.flag, why: "\(provider)'s \(type) integration has no field '\(key.prefix(40))'",
                              hint: "Use \(shape.keys.sorted().joined(separator: ", ")).")
            }
            for key in shape.required where fields[key] == nil {
                let from = envKey.flatMap { $0.field == key ? " (set \($0.variable))" : nil } ?? ""
                throw FTError(.usage, what: JobField.integrations.flag, why: "\(provider)'s \(type) integration needs \(key)\(from)",
                              hint: "Write \(type):\(key)=VALUE.")
            }
        }
    }

    /// One line per setting that the provider's schema has no place for and that is left out of
    /// the body (an environment key such as WANDB_API_KEY on OpenAI, which uses the organization's).
    public static func notes(_ spec: JobSpec, for declaration: ProviderDeclaration) -> [String] {
        var lines: [String] = []
        for item in spec[.integrations]?.array ?? [] {
            guard let type = item["type"]?.string, let shape = declaration.integrations[type],
                  let env = Integration.keyVariables[type], item[type]?[env.field] != nil, !shape.keys.contains(env.field) else { continue }
            let line = "\(env.variable) is not sent: \(declaration.id)'s \(type) integration has no \(env.field)\(shape.keyNote.map { " (\($0))" } ?? "")"
            if !lines.contains(line) { lines.append(line) }
        }
        return lines
    }

    /// An integration's object reduced to the fields the provider's schema has.
    public static func integrationBody(_ item: JSONValue, for declaration: ProviderDeclaration) -> JSONValue {
        guard let type = item["type"]?.string, let shape = declaration.integrations[type], let inner = item[type]?.object else { return item }
        var out = item.object ?? JSONObject()
        out[type] = .object(JSONObject(inner.filter { shape.keys.contains($0.key) }.map { ($0.key, $0.value) }))
        return .object(out)
    }
}
