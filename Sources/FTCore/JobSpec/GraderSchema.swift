/// OpenAI's grader objects (`method.reinforcement.grader`, the alpha graders endpoints), checked
/// before anything is sent. Written from openai/openai-openapi `openapi.yaml` at commit
/// f85dbe223d40e1a31cba812ab2d755c7e98a92a3: GraderStringCheck (oa:41110), GraderTextSimilarity
/// (oa:41158), GraderPython (oa:40955), GraderScoreModel (oa:40998), GraderLabelModel (oa:40821),
/// GraderMulti (oa:40899); the same shapes as openai-python `src/openai/types/graders/*.py`.
/// None sets `additionalProperties: false`, so keys beyond these pass through.
public enum GraderSchema {
    /// What a grader key holds.
    enum Value: Sendable {
        case string
        case oneOf([String])
        /// A list (of EvalItems, labels): its items are the server's to check.
        case list
        case numbers
        case object
        /// One nested grader (`multi.graders`); the spec's `oneOf` of five kinds, not a list or a map,
        /// although the spec's own MultiGrader example shows a list.
        case grader
    }

    struct Shape: Sendable {
        var required: [(String, Value)]
        var optional: [(String, Value)] = []
        /// Allowed only inside `multi` (label_model is not in the top-level `oneOf`).
        var nestedOnly = false
        /// Not allowed inside `multi` (its `graders` is a `oneOf` without multi), so nesting stops at one level.
        var topLevelOnly = false
    }

    static let shapes: [String: Shape] = [
        "string_check": Shape(required: [("name", .string), ("input", .string), ("reference", .string),
                                         ("operation", .oneOf(["eq", "ne", "like", "ilike"]))]),
        "text_similarity": Shape(required: [("name", .string), ("input", .string), ("reference", .string),
                                            ("evaluation_metric", .oneOf(["cosine", "fuzzy_match", "bleu", "gleu", "meteor", "rouge_1",
                                                                          "rouge_2", "rouge_3", "rouge_4", "rouge_5", "rouge_l"]))]),
        "python": Shape(required: [("name", .string), ("source", .string)], optional: [("image_tag", .string)]),
        "score_model": Shape(required: [("name", .string), ("input", .list), ("model", .string)],
                             optional: [("range", .numbers), ("sampling_params", .object)]),
        "label_model": Shape(required: [("name", .string), ("model", .string), ("input", .list), ("labels", .list),
                                        ("passing_labels", .list)], nestedOnly: true),
        "multi": Shape(required: [("name", .string), ("graders", .grader), ("calculate_output", .string)], topLevelOnly: true),
    ]

    /// The kinds a top-level grader may be.
    public static var topLevelTypes: [String] { shapes.filter { !$0.value.nestedOnly }.keys.sorted() }

    /// Reads a grader from a JSON or YAML file and checks it; an `{"grader": …}` wrapper (the
    /// validate endpoint's request body) is accepted too.
    public static func load(_ path: String, source: String) throws -> JSONValue {
        let hint = "A grader is a mapping with type \(topLevelTypes.joined(separator: ", ")); see Docs/CLI.md."
        let o = try MappingFile.load(path, maxBytes: 1 << 20, what: "a grader", hint: hint)
        let grader: JSONValue = o.entries.count == 1 && o["grader"]?.object != nil ? o["grader"]! : .object(o)
        try check(grader, source: "\(source) \(path)")
        return grader
    }

    public static func check(_ value: JSONValue, source: String) throws {
        try check(value, at: "grader", nested: false, source: source)
    }

    private static func check(_ value: JSONValue, at path: String, nested: Bool, source: String) throws {
        func bad(_ why: String) -> FTError {
            FTError(.usage, what: source, why: "\(path): \(why)",
                    hint: "Fix the grader (OpenAI's grader schema: \(topLevelTypes.joined(separator: ", ")); label_model only inside multi).")
        }
        guard let o = value.object else { throw bad("expected a mapping") }
        guard let type = o["type"]?.string else { throw bad("no type") }
        guard let shape = shapes[type], nested ? !shape.topLevelOnly : !shape.nestedOnly else {
            let allowed = nested ? shapes.filter { !$0.value.topLevelOnly }.keys.sorted() : topLevelTypes
            throw bad("type '\(type.prefix(40))' is not one of \(allowed.joined(separator: ", "))")
        }
        for (key, kind) in shape.required {
            guard let v = o[key], !v.isNull else { throw bad("\(type) needs \(key)") }
            try checkValue(v, kind, at: path + "." + key, source: source, bad: bad)
        }
        for (key, kind) in shape.optional {
            if let v = o[key], !v.isNull { try checkValue(v, kind, at: path + "." + key, source: source, bad: bad) }
        }
    }

    private static func checkValue(_ v: JSONValue, _ kind: Value, at path: String, source: String,
                                   bad: (String) -> FTError) throws {
        let key = String(path.split(separator: ".").last ?? "")
        switch kind {
        case .string:
            guard case .string = v else { throw bad("\(key) must be a string") }
        case .oneOf(let words):
            guard case .string(let s) = v, words.contains(s) else {
                throw bad("\(key) must be one of \(words.joined(separator: ", "))")
            }
        case .list:
            guard v.array != nil else { throw bad("\(key) must be a list") }
        case .numbers:
            guard let a = v.array, a.allSatisfy(isNumber) else {
                throw bad("\(key) must be a list of numbers")
            }
        case .object:
            guard v.object != nil else { throw bad("\(key) must be a mapping") }
        case .grader:
            guard v.object != nil else {
                throw bad("\(key) must be one grader (a mapping), per OpenAI's MultiGrader schema, not a list")
            }
            try check(v, at: path, nested: true, source: source)
        }
    }

    private static func isNumber(_ v: JSONValue) -> Bool {
        switch v {
        case .int, .double: return true
        default: return false
        }
    }
}
