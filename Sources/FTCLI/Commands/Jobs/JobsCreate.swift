import ArgumentParser
import FTCore
import Foundation

struct JobsCreate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create a fine-tuning job.",
        discussion: """
        --training-file and --validation-file take a file id, or the path of a local file, which is
        uploaded first. --set KEY=VALUE writes a raw body field (dotted path), unchecked.
        Examples:
          ftctl jobs create --model gpt-4o-mini --training-file train.jsonl --epochs 3
          ftctl jobs create -f job.yaml --suffix v2 --dry-run
        """)

    @OptionGroup var global: GlobalFlags

    @Option(name: [.customShort("f"), .customLong("file")], help: ArgumentHelp("A job spec, YAML or JSON, with the flags' names as keys.", valueName: "spec"))
    var specFile: String?
    @Option(help: "The base model.") var model: String?
    @Option(name: .customLong("training-file"), help: ArgumentHelp("Training data: a file id or a local path.", valueName: "id|path"))
    var trainingFile: String?
    @Option(name: .customLong("validation-file"), help: ArgumentHelp("Validation data: a file id or a local path.", valueName: "id|path"))
    var validationFile: String?
    @Option(help: "Epochs.") var epochs: Int?
    @Option(name: .customLong("learning-rate"), help: "Learning rate.") var learningRate: Double?
    @Option(name: .customLong("learning-rate-multiplier"), help: "Learning-rate multiplier (OpenAI).") var learningRateMultiplier: Double?
    @Option(name: .customLong("batch-size"), help: "Batch size.") var batchSize: Int?
    @Option(name: .customLong("warmup-ratio"), help: "Warm-up ratio.") var warmupRatio: Double?
    @Option(name: .customLong("warmup-steps"), help: "Warm-up steps.") var warmupSteps: Int?
    @Option(name: .customLong("weight-decay"), help: "Weight decay.") var weightDecay: Double?
    @Option(name: .customLong("max-grad-norm"), help: "Gradient clipping norm.") var maxGradNorm: Double?
    @Option(name: .customLong("context-length"), help: "Context length in tokens.") var contextLength: Int?
    @Flag(inversion: .prefixedNo, help: "Pack examples into full sequences.") var packing: Bool?
    @Flag(help: "Train a LoRA adapter.") var lora = false
    @Option(name: .customLong("lora-r"), help: "LoRA rank.") var loraR: Int?
    @Option(name: .customLong("lora-alpha"), help: "LoRA alpha.") var loraAlpha: Int?
    @Option(name: .customLong("lora-dropout"), help: "LoRA dropout.") var loraDropout: Double?
    @Option(help: "Method: supervised or dpo.") var method: String?
    @Option(help: "Suffix for the fine-tuned model's name.") var suffix: String?
    @Option(help: "Seed, 0 < N < 2147483647.") var seed: Int?
    @Option(help: "Job name.") var name: String?
    @Option(help: "Job description.") var description: String?
    @Option(parsing: .upToNextOption, help: ArgumentHelp("Metadata pairs (at most 16).", valueName: "k=v"))
    var metadata: [String] = []
    @Option(name: .customLong("tag"), help: ArgumentHelp("A tag (repeatable).", valueName: "tag")) var tags: [String] = []
    @Option(name: .customLong("integration"), help: ArgumentHelp("wandb:project=P[,entity=E,name=N] (repeatable).", valueName: "spec"))
    var integrations: [String] = []
    @Option(name: .customLong("from-checkpoint"), help: ArgumentHelp("Continue from hf:REPO[@REVISION].", valueName: "ref"))
    var fromCheckpoint: String?
    @Option(help: "Hardware id (generic-v1).") var hardware: String?
    @Option(name: .customLong("set"), help: ArgumentHelp("A raw body field, dotted path (repeatable, unchecked).", valueName: "key=value"))
    var sets: [String] = []
    @Flag(name: .customLong("dry-run"), help: "Print the request that would be sent, secrets redacted, and send nothing.")
    var dryRun = false
    @Flag(name: [.short, .customLong("yes")], help: "Do not ask for confirmation.") var yes = false
    @Option(name: .customLong("max-cost"), help: ArgumentHelp("Refuse when the estimate exceeds this many USD.", valueName: "usd"))
    var maxCost: Double?
    @Flag(help: "Wait until the job ends; exit code by outcome.") var wait = false
    @Flag(help: "Follow the job's logs until it ends; exit code by outcome.") var follow = false

    func validate() throws {
        if wait && follow { throw ValidationError("--wait and --follow cannot be used together") }
        if warmupRatio != nil && warmupSteps != nil { throw ValidationError("--warmup-ratio and --warmup-steps cannot be used together") }
        for pair in metadata where pair.firstIndex(of: "=").map({ $0 == pair.startIndex }) ?? true {
            throw ValidationError("--metadata '\(pair)' is not KEY=VALUE")
        }
        // The same range rules the providers apply, checked here too so a bad flag fails before
        // settings are read (no key needed to be told the seed is wrong).
        do {
            try SpecValidation.check(flagSpec(), provider: ProviderID(rawValue: "any provider"))
        } catch let error as FTError {
            let hint = (error.hint ?? "").trimmingCharacters(in: CharacterSet(charactersIn: "."))
            throw ValidationError("\(error.what): \(error.why)" + (hint.isEmpty ? "" : " (\(hint.prefix(1).lowercased() + hint.dropFirst()))"))
        }
        if let method, !["supervised", "dpo"].contains(method) { throw ValidationError("--method must be supervised or dpo") }
        for s in sets where !s.contains("=") { throw ValidationError("--set '\(s)' is not KEY=VALUE") }
    }

    func run() async throws {
        if maxCost != nil {
            throw FTError(.general, what: "--max-cost", why: "the budget guard needs the cost planner, which is not in this build yet",
                          hint: "Create the job without --max-cost.")
        }
        if follow {
            throw FTError(.general, what: "--follow", why: "following logs is not in this build yet", hint: "Use --wait.")
        }
        let session = try Session(global)
        let client = try session.client(requireKey: !dryRun)
        var spec = try makeSpec()
        if !dryRun {
            spec.trainingFile = try await FileArgument.resolve(spec.trainingFile, flag: "--training-file", client: client, session: session)
            if let v = spec.validationFile {
                spec.validationFile = try await FileArgument.resolve(v, flag: "--validation-file", client: client, session: session)
            }
        }
        let endpoint = try client.provider.createJob(spec)
        if dryRun {
            session.print(DryRun.describe(client.preview(endpoint.request), redactor: SecretRegistry.shared.current))
            return
        }
        let job = try await client.send(endpoint)
        if wait {
            session.note("created job \(job.id)")
            try await JobWaiter(client: client, session: session).wait(id: job.id, until: .terminal, timeout: nil, interval: 5)
            return
        }
        session.print(try session.renderer.one(job))
    }

    /// The flags alone as a spec, for checking ranges before anything else is read.
    private func flagSpec() -> JobSpec {
        var spec = JobSpec(model: model ?? "", trainingFile: trainingFile ?? "")
        spec.epochs = epochs
        spec.learningRate = learningRate
        spec.learningRateMultiplier = learningRateMultiplier
        spec.batchSize = batchSize
        spec.warmupRatio = warmupRatio
        spec.warmupSteps = warmupSteps
        spec.weightDecay = weightDecay
        spec.maxGradNorm = maxGradNorm
        spec.contextLength = contextLength
        spec.loraR = loraR
        spec.loraAlpha = loraAlpha
        spec.loraDropout = loraDropout
        spec.suffix = suffix
        spec.seed = seed
        for pair in metadata {
            let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
            spec.metadata[kv[0]] = kv.count > 1 ? kv[1] : ""
        }
        return spec
    }

    private func makeSpec() throws -> JobSpec {
        let file = try specFile.map { try JobSpecFile.load($0) } ?? JSONObject()
        func str(_ key: String) -> String? { file[key]?.string ?? file[key.replacingOccurrences(of: "_", with: "-")]?.string }
        func num(_ key: String) -> Double? { file[key]?.double }
        func int(_ key: String) -> Int? { file[key]?.int }
        guard let model = model ?? str("model") else {
            throw FTError(.usage, what: "jobs create", why: "no model", hint: "Pass --model, or `model:` in the spec file.")
        }
        guard let training = trainingFile ?? str("training_file") else {
            throw FTError(.usage, what: "jobs create", why: "no training file", hint: "Pass --training-file ID|PATH, or `training_file:` in the spec file.")
        }
        var spec = JobSpec(model: model, trainingFile: training)
        spec.validationFile = validationFile ?? str("validation_file")
        spec.name = name ?? str("name")
        spec.description = description ?? str("description")
        spec.method = method ?? str("method")
        spec.epochs = epochs ?? int("epochs")
        spec.learningRate = learningRate ?? num("learning_rate")
        spec.learningRateMultiplier = learningRateMultiplier ?? num("learning_rate_multiplier")
        spec.batchSize = batchSize ?? int("batch_size")
        spec.warmupRatio = warmupRatio ?? num("warmup_ratio")
        spec.warmupSteps = warmupSteps ?? int("warmup_steps")
        spec.weightDecay = weightDecay ?? num("weight_decay")
        spec.maxGradNorm = maxGradNorm ?? num("max_grad_norm")
        spec.contextLength = contextLength ?? int("context_length")
        spec.packing = packing ?? file["packing"]?.bool
        spec.lora = lora ? true : file["lora"]?.bool
        spec.loraR = loraR ?? int("lora_r")
        spec.loraAlpha = loraAlpha ?? int("lora_alpha")
        spec.loraDropout = loraDropout ?? num("lora_dropout")
        spec.suffix = suffix ?? str("suffix")
        spec.seed = seed ?? int("seed")
        spec.hardware = hardware ?? str("hardware")
        for (k, v) in file["metadata"]?.object ?? JSONObject() { spec.metadata[k] = v.string ?? v.serialized() }
        for pair in metadata {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            spec.metadata[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        spec.tags = (file["tags"]?.array?.compactMap(\.string) ?? []) + tags
        let environment = CLIContext.current.environment
        spec.integrations = try ((file["integrations"]?.array?.compactMap(\.string) ?? []) + integrations)
            .map { try Integrations.parse($0, environment: environment) }
        if let ref = fromCheckpoint ?? str("from_checkpoint") {
            spec.fromCheckpoint = try Integrations.checkpoint(ref, environment: environment)
        }
        for s in sets {
            let parts = s.split(separator: "=", maxSplits: 1).map(String.init)
            let raw = parts.count > 1 ? parts[1] : ""
            spec.extra.append((parts[0], JSONValue.parse(Data(raw.utf8)) ?? .string(raw)))
        }
        return spec
    }
}

/// A `-f` job spec: a YAML or JSON mapping whose keys are the flags' names.
enum JobSpecFile {
    static func load(_ path: String) throws -> JSONObject {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw FTError(.fileMissing, what: "read \(path)", why: "no such file or not readable", hint: "Check the -f path.")
        }
        if let json = JSONValue.parse(data), let o = json.object { return o }
        do {
            guard let value = try YAMLJSON.parse(text)?.object else {
                throw FTError(.invalidData, what: path, why: "a job spec must be a mapping of flag names to values", hint: "See `ftctl jobs create --help`.")
            }
            return value
        } catch let e as FTError {
            throw e
        } catch {
            throw FTError(.invalidData, what: path, why: "not valid YAML or JSON (\(error))", hint: "Fix the spec file.")
        }
    }
}
