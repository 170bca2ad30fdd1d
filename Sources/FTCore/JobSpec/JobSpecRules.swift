/// The checks a provider applies to a spec before anything is sent or uploaded, from its declaration
/// and the field table: required fields, fields its schema has no place for, the methods it
/// trains, its limits, and the range of every value.
public enum JobSpecRules {
    public static func check(_ spec: JobSpec, for declaration: ProviderDeclaration) throws {
        let provider = declaration.id
        for field in declaration.requiredFields where spec[field] == nil {
            throw FTError(.usage, what: field.flag, why: "\(provider) requires it", hint: "Pass \(field.flag) \(field.valueName.uppercased()).")
        }
        if let m = spec[.method]?.string, !declaration.methods.contains(m) {
            throw FTError(.usage, what: JobField.method.flag, why: "\(provider) trains \(declaration.methods.sorted().joined(separator: ", ")) only",
                          hint: "Use --method \(declaration.methods.sorted().first ?? "supervised").")
        }
        // A field the route's gateway would drop on its way upstream is refused, not lost.
        if let u = declaration.upstream, let (field, _) = spec.setFields.first(where: { u.dropped.contains($0.field.name) }) {
            throw FTError(.usage, what: field.flag, why: "\(provider) to \(u.name) drops it: the gateway's create mapping (Portkey-AI/gateway \(u.createSource)) has no place for it",
                          hint: "Leave it out.")
        }
        let overridden = Set(spec.overrides.map(\.path))
        for (field, value) in spec.setFields {
            let paths = field.wire.paths(declaration.schema)
            if paths.isEmpty {
                // The default method needs no field; anything else the provider cannot take is refused,
                // unless --set writes the field the user means.
                if field == .method { continue }
                if overridden.contains(field.name) { continue }
                throw FTError(.usage, what: field.flag, why: "\(provider) has no field for it",
                              hint: "Leave it out, or send it anyway with --set KEY=VALUE (the body path \(provider) should get).")
            }
            try field.check(value, maxLength: declaration.limits[field.name])
        }
    }
}
