import FTCore

/// Nebius Token Factory's checks of `POST /v1/fine_tuning/jobs`, as FastAPI/Pydantic v2 reports
/// them: 422 `{"detail":[{type, loc, msg, input, ctx}]}` (HTTPValidationError in nebius/tokenfactory-rl
/// `src/tokenfactory/rl/api_client/schemas/openapi-fine-tuning.yaml`, commit a05204a). The ranges are
/// SupervisedHParameters' from that file. No captured Nebius 422 body exists in any source we read:
/// the messages are Pydantic v2's standard ones, so these bodies are synthetic in their wording.
enum NebiusCreateRules {
    struct Bound {
        var ge: Double?
        var gt: Double?
        var le: Double?
        var integer: Bool
    }

    static let hyperparameters: [String: Bound] = [
        "batch_size": Bound(ge: 1, le: 64, integer: true), "learning_rate": Bound(ge: 0, integer: false),
        "n_epochs": Bound(ge: 1, le: 20, integer: true), "warmup_ratio": Bound(ge: 0, le: 1, integer: false),
        "weight_decay": Bound(ge: 0, integer: false), "max_grad_norm": Bound(gt: 0, integer: false),
        "context_length": Bound(ge: 8192, le: 131_072, integer: true), "lora_r": Bound(ge: 8, le: 128, integer: true),
        "lora_alpha": Bound(ge: 8, integer: true), "lora_dropout": Bound(ge: 0, le: 1, integer: false),
    ]
    /// Integration kind → its required fields (wandb needs its api_key on Nebius).
    static let integrations: [String: [String]] = [
        "wandb": ["project", "api_key"], "hf": ["output_repo_name", "api_token"],
        "mlflow": ["tracking_uri", "experiment_name", "run_name", "certificate_file", "username", "password"],
    ]

    static func problems(_ body: JSONValue) -> [JSONValue] {
        var out: [JSONValue] = []
        func add(_ type: String, _ loc: [String], _ msg: String, input: JSONValue?, ctx: JSONObject? = nil) {
            var o = JSONObject([("type", .string(type)), ("loc", .array((["body"] + loc).map { .string($0) })), ("msg", .string(msg))])
            o["input"] = input ?? .null
            if let ctx { o["ctx"] = .object(ctx) }
            out.append(.object(o))
        }
        for field in ["model", "training_file"] where body[field] == nil {
            add("missing", [field], "Field required", input: body)
        }
        var places: [([String], JSONObject)] = []
        if let hp = body["hyperparameters"]?.object { places.append((["hyperparameters"], hp)) }
        if let method = body["method"], !method.isNull {
            let type = method["type"]?.string ?? ""
            if type != "supervised" && type != "spec-draft" {
                add("union_tag_invalid", ["method"], "Input tag '\(type)' found using 'type' does not match any of the expected tags: 'supervised', 'spec-draft'",
                    input: method, ctx: JSONObject([("discriminator", "'type'"), ("tag", .string(type)), ("expected_tags", "'supervised', 'spec-draft'")]))
            } else if type == "supervised" {
                if let hp = method["supervised"]?["hyperparameters"]?.object {
                    places.append((["method", "supervised", "supervised", "hyperparameters"], hp))
                } else {
                    add("missing", ["method", "supervised", "supervised"], "Field required", input: method)
                }
            }
        }
        for (loc, hp) in places {
            for (key, value) in hp {
                guard let b = hyperparameters[key] else { continue }
                check(value, b, loc + [key], add)
            }
        }
        for (i, item) in (body["integrations"]?.array ?? []).enumerated() {
            let type = item["type"]?.string ?? "wandb"
            for field in integrations[type] ?? [] where item[type]?[field] == nil {
                add("missing", ["integrations", String(i), type, field], "Field required", input: item[type] ?? .null)
            }
        }
        return out
    }

    private static func check(_ v: JSONValue, _ b: Bound, _ loc: [String],
                              _ add: (String, [String], String, JSONValue?, JSONObject?) -> Void) {
        func n(_ d: Double) -> JSONValue { d.rounded() == d ? .int(Int64(d)) : .double(d) }
        let x: Double
        switch v {
        case .int(let i): x = Double(i)
        case .double(let d) where !b.integer: x = d
        case .double(let d) where d.rounded() == d: x = d
        case .double:
            return add("int_from_float", loc, "Input should be a valid integer, got a number with a fractional part", v, nil)
        default:
            return b.integer ? add("int_parsing", loc, "Input should be a valid integer, unable to parse string as an integer", v, nil)
                : add("float_parsing", loc, "Input should be a valid number, unable to parse string as a number", v, nil)
        }
        if let ge = b.ge, x < ge {
            add("greater_than_equal", loc, "Input should be greater than or equal to \(n(ge).serialized())", v, JSONObject([("ge", n(ge))]))
        } else if let gt = b.gt, x <= gt {
            add("greater_than", loc, "Input should be greater than \(n(gt).serialized())", v, JSONObject([("gt", n(gt))]))
        } else if let le = b.le, x > le {
            add("less_than_equal", loc, "Input should be less than or equal to \(n(le).serialized())", v, JSONObject([("le", n(le))]))
        }
    }
}
