import FTCore
import Foundation

/// The create body Portkey's gateway sends each upstream, built as the gateway builds it, and what
/// that upstream's own API then refuses. A config key is mapped only when the client's body has it,
/// or when it is required and has a default (transformUsingProviderConfig,
/// src/services/transformToProviderRequest.ts); the key tables are the providers' create configs at
/// Portkey-AI/gateway 669825cb.
extension GatewayUpstream {
    /// The upstream request body, or the upstream's refusal (status, message).
    func upstreamCreate(_ body: JSONObject, account: String?) -> Result<JSONObject, Refusal> {
        switch self {
        case .bedrock: return bedrockCreate(body)
        case .fireworks: return fireworksCreate(body, account: account)
        case .vertex: return vertexCreate(body)
        }
    }

    struct Refusal: Error {
        var status: Int
        var message: String
    }

    /// `hyperparameters` or `method.<type>.hyperparameters`, the method's first when `method` is
    /// there (bedrock/utils.ts populateHyperParameters, google-vertex-ai/utils.ts); Fireworks reads
    /// the top-level object first (fireworks-ai/createFinetune.ts getHyperparameters).
    static func hyperparameters(_ body: JSONObject, methodFirst: Bool) -> JSONObject {
        let top = body["hyperparameters"]?.object
        let type = body["method"]?["type"]?.string ?? ""
        let inMethod = body["method"]?[type]?["hyperparameters"]?.object
        if methodFirst { return body["method"] != nil ? (inMethod ?? JSONObject()) : (top ?? JSONObject()) }
        return top ?? inMethod ?? JSONObject()
    }

    static func decoded(_ v: JSONValue?) -> String { (v?.string ?? "").removingPercentEncoding ?? "" }

    /// src/providers/bedrock/createFinetune.ts, checked as CreateModelCustomizationJob checks it
    /// (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_CreateModelCustomizationJob.html:
    /// baseModelIdentifier, customModelName, jobName, roleArn, trainingDataConfig and
    /// outputDataConfig required, as the AWS SDK's builder says too,
    /// https://docs.rs/aws-sdk-bedrock/latest/aws_sdk_bedrock/operation/create_model_customization_job/builders/struct.CreateModelCustomizationJobInputBuilder.html;
    /// ValidationDataConfig is `validators: [{s3Uri}]` (API_ValidationDataConfig); hyperParameters
    /// are string to string, Titan/Llama taking epochCount, batchSize, learningRate,
    /// learningRateWarmupSteps).
    func bedrockCreate(_ body: JSONObject) -> Result<JSONObject, Refusal> {
        var out = JSONObject()
        let training = Self.decoded(body["training_file"])
        if let m = body["model"] { out["baseModelIdentifier"] = m }
        if let s = body["suffix"] { out["customModelName"] = s }
        if body["hyperparameters"] != nil {
            let hp = Self.hyperparameters(body, methodFirst: true)
            var mapped = JSONObject()
            // `x ? String(x) : undefined`: a falsy value is left out.
            for (from, to) in [("n_epochs", "epochCount"), ("learning_rate_multiplier", "learningRateMultiplier"), ("batch_size", "batchSize")] {
                if let v = hp[from], v != .int(0), v != .null { mapped[to] = .string(v.string ?? v.serialized()) }
            }
            out["hyperParameters"] = .object(mapped)
        }
        if body["training_file"] != nil { out["trainingDataConfig"] = ["s3Uri": .string(training)] }
        if body["validation_file"] != nil { out["validationDataConfig"] = ["s3Uri": .string(Self.decoded(body["validation_file"]))] }
        let folder = training.range(of: "/", options: .backwards).map { String(training[..<$0.upperBound]) } ?? ""
        out["outputDataConfig"] = body["output_file"] ?? ["s3Uri": .string(folder + (body["suffix"]?.string ?? "undefined"))]
        out["jobName"] = body["job_name"] ?? .string("portkey-finetune-\(UUID().uuidString.lowercased())")
        if let r = body["role_arn"] { out["roleArn"] = r }
        out["customizationType"] = body["customization_type"] ?? "FINE_TUNING"

        for key in ["baseModelIdentifier", "customModelName", "roleArn"] where out[key] == nil {
            return .failure(Refusal(status: 400, message: "1 validation error detected: Value null at '\(key)' failed to satisfy constraint: Member must not be null"))
        }
        for key in ["trainingDataConfig", "outputDataConfig"] {
            guard let uri = out[key]?["s3Uri"]?.string, uri.hasPrefix("s3://") else {
                return .failure(Refusal(status: 400, message: "1 validation error detected: Value at '\(key).s3Uri' failed to satisfy constraint: Member must satisfy regular expression pattern: s3://..."))
            }
        }
        if let v = out["validationDataConfig"], v["validators"] == nil {
            return .failure(Refusal(status: 400, message: "1 validation error detected: Value null at 'validationDataConfig.validators' failed to satisfy constraint: Member must not be null"))
        }
        let known: Set<String> = ["epochCount", "batchSize", "learningRate", "learningRateWarmupSteps"]
        if let bad = out["hyperParameters"]?.object?.keys.first(where: { !known.contains($0) }) {
            return .failure(Refusal(status: 400, message: "The hyperparameter \(bad) is not supported for this model."))
        }
        return .success(out)
    }

    /// src/providers/fireworks-ai/createFinetune.ts: FireworksRequestTransform prefixes the ids,
    /// then FireworksFinetuneCreateConfig maps them (`learning_rate` always read from
    /// learning_rate_multiplier). Fireworks names resources accounts/{account}/...; the account
    /// comes from x-portkey-fireworks-account-id, `undefined` without it (api.ts).
    func fireworksCreate(_ body: JSONObject, account: String?) -> Result<JSONObject, Refusal> {
        let acct = account ?? "undefined"
        guard account != nil else { return .failure(Refusal(status: 404, message: "account undefined not found")) }
        var out = JSONObject()
        if let t = body["training_file"]?.string { out["dataset"] = .string("accounts/\(acct)/datasets/\(t)") }
        if let v = body["validation_file"]?.string { out["evaluationDataset"] = .string("accounts/\(acct)/datasets/\(v)") }
        if let s = body["suffix"] { out["displayName"] = s }
        if let m = body["model"]?.string { out["baseModel"] = .string("accounts/fireworks/models/\(m)") }
        let hp = Self.hyperparameters(body, methodFirst: false)
        if body["hyperparameters"] != nil, let e = hp["n_epochs"] { out["epochs"] = e }
        if let lr = hp["learning_rate_multiplier"] { out["learning_rate"] = lr }
        for key in ["dataset", "baseModel"] where out[key] == nil {
            return .failure(Refusal(status: 400, message: "\(key) is required"))
        }
        for key in ["dataset", "evaluationDataset", "baseModel"] {
            guard let name = out[key]?.string else { continue }
            if name.split(separator: "/").count != 4 { return .failure(Refusal(status: 400, message: "invalid resource name \(name)")) }
        }
        return .success(out)
    }

    /// src/providers/google-vertex-ai/createFinetune.ts and utils.ts transformVertexFinetune: the
    /// files become supervisedTuningSpec's URIs, which Vertex reads from Cloud Storage only.
    func vertexCreate(_ body: JSONObject) -> Result<JSONObject, Refusal> {
        var out = JSONObject()
        if let m = body["model"] { out["baseModel"] = m }
        if let s = body["suffix"] { out["tunedModelDisplayName"] = s }
        let hp = Self.hyperparameters(body, methodFirst: true)
        var spec = JSONObject([("training_dataset_uri", .string(Self.decoded(body["training_file"])))])
        if body["validation_file"] != nil { spec["validation_dataset_uri"] = .string(Self.decoded(body["validation_file"])) }
        spec["hyperParameters"] = .object(JSONObject([("epochCount", hp["n_epochs"] ?? .null), ("learningRateMultiplier", hp["learning_rate_multiplier"] ?? .null),
                                                      ("adapterSize", hp["batch_size"] ?? .null)].filter { $0.1 != .null }))
        out["supervisedTuningSpec"] = .object(spec)
        for key in ["training_dataset_uri", "validation_dataset_uri"] {
            guard let uri = spec[key]?.string else { continue }
            if !uri.hasPrefix("gs://") { return .failure(Refusal(status: 400, message: "\(key) must be a Cloud Storage URI (gs://...), got '\(uri)'")) }
        }
        if let a = spec["hyperParameters"]?["adapterSize"], a.string?.hasPrefix("ADAPTER_SIZE_") != true {
            return .failure(Refusal(status: 400, message: "Invalid value at 'tuning_job.supervised_tuning_spec.hyper_parameters.adapter_size'"))
        }
        return .success(out)
    }

    /// The upstream's refusal as the gateway passes it on: Bedrock's through generateErrorResponse,
    /// Fireworks' as `{}` (a Response object stringified), Vertex's create error with `provider`.
    func refusalBody(_ r: Refusal) -> JSONValue {
        switch self {
        case .bedrock:
            return .object(JSONObject([("error", .object(JSONObject([("message", .string("bedrock error: \(r.message)")), ("type", .null),
                                                                     ("param", .null), ("code", .null)]))), ("provider", "bedrock")]))
        case .fireworks:
            return .object(JSONObject())
        case .vertex:
            return .object(JSONObject([("error", .object(JSONObject([("code", .int(Int64(r.status))), ("message", .string(r.message)),
                                                                     ("status", "INVALID_ARGUMENT")]))), ("provider", "vertex-ai")]))
        }
    }
}
