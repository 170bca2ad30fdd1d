import Foundation

/// One field of `jobs create`, declared once: its normalized name, the kind of value it takes
/// (with its range), its flag, its help, and the body field each wire schema puts it in. Flags,
/// spec-file keys, validation, help text and every provider's request body derive from it.
public struct JobField: Sendable, Hashable, CustomStringConvertible {
    /// What a field holds, and so how a flag or a spec-file value is read and checked.
    public enum Kind: Sendable, Equatable {
        case text(maxLength: Int?)
        case integer(ValueRange)
        case number(ValueRange)
        case flag
        /// One of these words.
        case choice([String])
        /// Repeatable strings (`--tag`).
        case list
        /// `K=V` pairs (`--metadata`) with OpenAI's limits.
        case pairs(maxCount: Int, maxKey: Int, maxValue: Int)
        /// `wandb:project=P,...` (repeatable), key from the environment.
        case integration
        /// `hf:REPO[@REVISION]`, token from the environment.
        case checkpoint
        /// A grader: a JSON or YAML file (or, in a spec file, the mapping itself), checked by `GraderSchema`.
        case grader
    }

    /// Where the value goes in each wire schema's body: dotted paths, `{method}` standing for the
    /// training method. No path: that schema has no such field.
    public struct Wire: Sendable, Equatable {
        public var openai: [String]
        public var nebius: [String]
        public var platform: [String]
        public var together: [String]
        /// Where a gateway's upstream (`Upstream.name`) needs the value instead; an empty list:
        /// that upstream has no place for it.
        public var upstreams: [String: [String]]

        public init(openai: [String] = [], nebius: [String] = [], platform: [String] = [], together: [String] = [],
                    upstreams: [String: [String]] = [:]) {
            self.openai = openai
            self.nebius = nebius
            self.platform = platform
            self.together = together
            self.upstreams = upstreams
        }

        public func paths(_ schema: WireSchema) -> [String] {
            switch schema {
            case .openai: return openai
            case .nebius: return nebius
            case .platform: return platform
            case .together: return together
            }
        }
    }

    /// The normalized name: the spec-file key and the JSON name (`learning_rate`).
    public let name: String
    public let kind: Kind
    public let help: String
    /// The flag, when it is not `--` + the name in kebab case (`--tag` for `tags`).
    public let flag: String
    public let valueName: String
    public let wire: Wire
    /// Tighter ranges where a schema's own are narrower than the kind's (OpenAI's batch size 1–256).
    public let ranges: [WireSchema: ValueRange]
    /// The schemas whose field also takes the word "auto" (OpenAI's hyperparameter unions).
    public let auto: Set<WireSchema>
    /// The training methods the field belongs to (`beta`: dpo); nil: any method.
    public let methods: Set<String>?
    /// The fewest characters a text takes (OpenAI's suffix: `minLength: 1`).
    public let minLength: Int

    public init(_ name: String, _ kind: Kind, help: String, flag: String? = nil, valueName: String? = nil, wire: Wire,
                ranges: [WireSchema: ValueRange] = [:], auto: Set<WireSchema> = [], methods: Set<String>? = nil, minLength: Int = 0) {
        self.name = name
        self.kind = kind
        self.help = help
        self.flag = flag ?? "--" + name.replacingEvery("_", with: "-")
        self.valueName = valueName ?? Self.defaultValueName(kind)
        self.wire = wire
        self.ranges = ranges
        self.auto = auto
        self.methods = methods
        self.minLength = minLength
    }

    /// The range a schema checks; the kind's own where the schema has none tighter.
    public func range(for schema: WireSchema?) -> ValueRange? {
        switch kind {
        case .integer(let r), .number(let r): return schema.flatMap { ranges[$0] } ?? r
        default: return nil
        }
    }

    /// Where a value of this field goes in a schema's body; none: that schema has no such field.
    public func paths(_ schema: WireSchema) -> [String] {
        if schema == .together, wire.together.isEmpty { return Self.togetherPaths[name] ?? [] }
        return wire.paths(schema)
    }

    /// The paths on a gateway's route to `upstream`: its own where it has some, else the schema's.
    public func paths(_ schema: WireSchema, upstream: String?) -> [String] {
        upstream.flatMap { wire.upstreams[$0] } ?? paths(schema)
    }

    public var description: String { name }
    public static func == (a: JobField, b: JobField) -> Bool { a.name == b.name }
    public func hash(into h: inout Hasher) { h.combine(name) }

    /// The keys a spec file may use for it: `learning_rate`, `learning-rate`, and the flag's own word.
    public var specKeys: [String] {
        var keys = [name, name.replacingEvery("_", with: "-")]
        let flagWord = String(flag.drop { $0 == "-" })
        if !keys.contains(flagWord) { keys.append(flagWord) }
        return keys
    }

    /// The help line as `--help` shows it: the sentence and, for numbers, the accepted range.
    public var helpText: String {
        switch kind {
        case .integer, .number:
            return "\(help) (\(rangeText))"
        case .choice(let words): return "\(help) (\(words.joined(separator: ", ")))"
        default: return help
        }
    }

    /// The accepted values of a numeric field: its range, each schema's narrower one, and "auto"
    /// where a schema takes it ("1 to 1024; openai: 1 to 256; nebius: 1 to 64; or auto").
    public var rangeText: String {
        guard let r = range(for: nil) else { return "" }
        // Schema ranges in a fixed order, so help text is stable.
        let narrower = [WireSchema.openai, .nebius, .platform, .together].compactMap { s in ranges[s].map { "\(s.rawValue): \($0.text)" } }
        var parts = [r.text] + narrower
        if !auto.isEmpty { parts.append("or auto") }
        return parts.joined(separator: "; ")
    }

    public var isRepeatable: Bool {
        switch kind {
        case .list, .pairs, .integration: return true
        default: return false
        }
    }

    private static func defaultValueName(_ kind: Kind) -> String {
        switch kind {
        case .text: return "text"
        case .integer: return "n"
        case .number: return "x"
        case .flag: return ""
        case .choice(let w): return w.joined(separator: "|")
        case .list: return "value"
        case .pairs: return "k=v"
        case .integration: return "type:k=v,..."
        case .checkpoint: return "hf:repo[@rev]"
        case .grader: return "file"
        }
    }
}

/// The body layouts the providers use: OpenAI's (hyperparameters under `method`), Nebius's (the
/// same plus a top-level copy and more fields), the platform API's camelCase, and Together's flat
/// body with `training_type` and `training_method` objects.
public enum WireSchema: String, Sendable {
    case openai, nebius, platform, together
}
