import Foundation

/// Reading and checking a field's value, from a flag's text or a spec file's value. Never traps:
/// every bad value becomes a usage error naming where it came from and what to pass instead.
public extension JobField {
    /// `source` names where the text came from in errors: the flag, or `FILE: key`.
    func parse(_ text: String, source: String? = nil, environment: [String: String] = [:]) throws -> JSONValue {
        let what = source ?? flag
        func bad(_ why: String, _ hint: String) -> FTError { FTError(.usage, what: what, why: why, hint: hint) }
        let value: JSONValue
        if !auto.isEmpty, text == "auto" {
            // OpenAI's hyperparameters are "auto" or a number; which schemas take it is checked per provider.
            return .string("auto")
        }
        switch kind {
        case .text:
            value = .string(text)
        case .integer(let range):
            guard let n = Int(text.trimmingCharacters(in: .whitespaces)) else {
                throw bad("'\(Self.clip(text))' is not a whole number", "Use \(range.text).")
            }
            value = .int(Int64(n))
        case .number(let range):
            guard let x = Double(text.trimmingCharacters(in: .whitespaces)), x.isFinite else {
                throw bad("'\(Self.clip(text))' is not a number", "Use \(range.text).")
            }
            value = .double(x)
        case .flag:
            switch text.lowercased() {
            case "true", "yes", "1", "on": value = .bool(true)
            case "false", "no", "0", "off": value = .bool(false)
            default: throw bad("'\(Self.clip(text))' is not true or false", "Use true or false.")
            }
        case .choice:
            value = .string(text)
        case .list:
            value = .array([.string(text)])
        case .pairs:
            guard let eq = text.firstIndex(of: "="), eq != text.startIndex else {
                throw bad("'\(Self.clip(text))' is not KEY=VALUE", "Write it as \(flag) team=ml.")
            }
            value = .object(JSONObject([(String(text[..<eq]), .string(String(text[text.index(after: eq)...])))]))
        case .integration:
            value = .array([try Integration.parse(text, source: what, environment: environment)])
        case .checkpoint:
            value = try Integration.checkpoint(text, source: what, environment: environment)
        case .grader:
            value = try GraderSchema.load(text, source: what)
        }
        try check(value, source: what)
        return value
    }

    /// A spec file's value: the same kinds, but YAML and JSON may already give numbers, lists and maps.
    func read(_ value: JSONValue, source: String, environment: [String: String] = [:]) throws -> JSONValue {
        func bad(_ why: String) -> FTError {
            FTError(.invalidData, what: source, why: why, hint: "Fix the spec file; `ftctl jobs create --help` lists the fields.")
        }
        let out: JSONValue
        switch (kind, value) {
        case (.text, .string), (.choice, .string):
            out = value
        case (.text, .int), (.text, .double):
            out = .string(value.string ?? "")
        case (.integer, .int):
            out = value
        case (.integer, .double(let d)):
            guard let n = value.int else { throw bad("\(JSONValue.format(d)) is not a whole number") }
            out = .int(Int64(n))
        case (.number, .int(let i)):
            out = .double(Double(i))
        case (.number, .double):
            out = value
        case (.flag, .bool):
            out = value
        case (.list, .array(let items)):
            out = .array(try items.map { item in
                guard let s = item.string else { throw bad("each item must be a string") }
                return .string(s)
            })
        case (.pairs, .object(let o)):
            out = .object(JSONObject(o.map { ($0.key, .string($0.value.string ?? $0.value.serialized())) }))
        case (.integration, .array(let items)):
            out = .array(try items.map { item in
                if let s = item.string { return try Integration.parse(s, source: source, environment: environment) }
                guard item.object != nil else { throw bad("each integration must be TYPE:k=v,... or a mapping") }
                return item
            })
        case (.integration, .string(let s)):
            out = .array([try Integration.parse(s, source: source, environment: environment)])
        case (.checkpoint, .string(let s)):
            out = try Integration.checkpoint(s, source: source, environment: environment)
        case (.checkpoint, .object):
            out = value
        case (.grader, .string(let path)):
            out = try GraderSchema.load(path, source: source)
        case (.grader, .object):
            out = value
        case (_, .string(let s)):
            // "3" for epochs, "true" for lora: read as the flag would.
            do { out = try parse(s, source: source, environment: environment) } catch let e as FTError {
                throw bad(e.why)
            }
        default:
            throw bad("expected \(Self.kindName(kind)), got \(Self.typeName(value))")
        }
        do { try check(out, source: source) } catch let e as FTError { throw bad(e.why + ". " + (e.hint ?? "")) }
        return out
    }

    /// The range and shape rules: the kind's own, or with `schema` that schema's (its range, whether it takes "auto").
    func check(_ value: JSONValue, source: String? = nil, maxLength: Int? = nil, schema: WireSchema? = nil) throws {
        let what = source ?? flag
        func bad(_ why: String, _ hint: String) -> FTError { FTError(.usage, what: what, why: why, hint: hint) }
        switch kind {
        case .text(let limit):
            let s = value.string ?? ""
            if let limit = maxLength ?? limit, s.count > limit {
                throw bad("\(s.count) characters; at most \(limit)", "Shorten it.")
            }
            if s.count < minLength { throw bad("it is empty", "Give at least \(minLength) character, or leave it out.") }
        case .integer, .number:
            let r = range(for: schema) ?? ValueRange()
            let suffix = schema.map { " (\($0.rawValue))" } ?? ""
            if value.string == "auto", !auto.isEmpty {
                if let schema, !auto.contains(schema) {
                    throw bad("'auto' is not accepted here\(suffix)", "Give a number: \(r.text), or leave it out.")
                }
                return
            }
            guard let x = value.double, r.contains(x) else {
                let shown = value.string.map(Self.clip) ?? "the value"
                // Without a schema the table's range and every narrower one are named.
                let use = schema == nil ? rangeText : r.text + (auto.contains(schema!) ? ", or auto" : "")
                throw bad("\(shown) is out of range\(suffix)", "Use \(use).")
            }
        case .choice(let words):
            guard let s = value.string, words.contains(s) else {
                throw bad("'\(Self.clip(value.string ?? ""))' is not one of \(words.joined(separator: ", "))",
                          "Use \(words.joined(separator: " or ")).")
            }
        case .pairs(let maxCount, let maxKey, let maxValue):
            let o = value.object ?? JSONObject()
            if o.entries.count > maxCount { throw bad("\(o.entries.count) pairs; at most \(maxCount)", "Drop some.") }
            for (k, v) in o {
                if k.count > maxKey { throw bad("key '\(k.prefix(20))…' is longer than \(maxKey) characters", "Shorten it.") }
                if (v.string ?? "").count > maxValue {
                    throw bad("the value of '\(Self.clip(k))' is longer than \(maxValue) characters", "Shorten it.")
                }
            }
        case .grader:
            try GraderSchema.check(value, source: what)
        case .flag, .list, .integration, .checkpoint:
            break
        }
    }

    /// Joins a repeated field's values (`--tag a --tag b`, two `--metadata` pairs).
    static func merge(_ a: JSONValue, _ b: JSONValue) -> JSONValue {
        switch (a, b) {
        case (.array(let x), .array(let y)): return .array(x + y)
        case (.object(let x), .object(let y)):
            var o = x
            for (k, v) in y { o[k] = v }
            return .object(o)
        default: return b
        }
    }

    private static func clip(_ s: String) -> String { s.count > 40 ? String(s.prefix(40)) + "…" : s }

    private static func kindName(_ k: Kind) -> String {
        switch k {
        case .text, .choice: return "a string"
        case .integer: return "a whole number"
        case .number: return "a number"
        case .flag: return "true or false"
        case .list: return "a list of strings"
        case .pairs: return "a mapping"
        case .integration: return "a list of integrations"
        case .checkpoint: return "hf:REPO[@REVISION]"
        case .grader: return "a grader file or mapping"
        }
    }

    private static func typeName(_ v: JSONValue) -> String {
        switch v {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int, .double: return "a number"
        case .string: return "a string"
        case .array: return "a list"
        case .object: return "a mapping"
        }
    }
}
