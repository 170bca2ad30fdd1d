import ArgumentParser
import FineTuning
import Foundation

struct Estimate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "estimate",
        abstract: "Estimate memory, hardware, time and cost of a job, offline.",
        discussion: """
        Per-token providers (openai): billed tokens × epochs × price. GPU-hour providers: the \
        cheapest GPU configuration that fits the predicted memory, hours × price × GPUs. Formulas, \
        sources and measured accuracy: Docs/ESTIMATION.md. --provider picks whose prices apply.
        """)

    @OptionGroup var global: GlobalFlags
    @Option(help: "The base model (or give --model-config, or its dimensions).") var model: String?
    @Option(help: ArgumentHelp("A dataset to count tokens in.", valueName: "path"), completion: .file(extensions: ["jsonl"])) var dataset: String?
    @Option(help: "Tokens in the dataset (one epoch).") var tokens: Int?
    @Option(help: "Examples in the dataset.") var examples: Int?
    @Option(help: "Epochs (default: as OpenAI picks them for the dataset's size).") var epochs: Int?
    @Option(help: "full, lora or qlora; or, as jobs create says it, supervised, dpo or reinforcement.") var method: MethodArgument = .adaptation(.lora)
    @Option(name: .customLong("context-length"), help: "Sequence length in tokens.") var contextLength: Int?
    @Option(name: .customLong("batch-size"), help: "Micro-batch per GPU.") var batchSize: Int = 1
    @Option(help: "QLoRA base precision: 4 or 8.") var bits: Int = 4
    @OptionGroup(title: "Training setup") var setupFlags: EstimateSetupFlags
    @OptionGroup(title: "A model in no catalog") var dimensions: ModelDimensionFlags
    @Option(help: ArgumentHelp("A GPU (a100-80gb) or a provider's hardware id.", valueName: "id")) var hardware: String?
    @Option(help: "GPUs.") var gpus: Int?
    @Flag(help: "The same job on every provider and machine that can run it, cheapest first.") var compare = false
    @Option(help: "sft, dpo or rft: per-token providers price them differently.") var training: TrainingKind?
    @Option(help: ArgumentHelp("Reinforcement fine-tuning: the training hours you expect, N or LOW-HIGH (billed per hour; the provider does not predict them).", valueName: "hours"))
    var hours: String?
    @Option(name: .customLong("grader-model"), help: ArgumentHelp("Reinforcement fine-tuning: a model grader's model (repeatable; its tokens are billed apart).", valueName: "model"))
    var graderModels: [String] = []
    @Flag(help: "Print the arithmetic behind the figures.") var explain = false
    @Option(name: .customLong("training-file"),
            help: ArgumentHelp("A file id the provider holds: its own price estimate for it is shown beside ours (together).", valueName: "id"))
    var trainingFile: String?

    /// SFT unless `--training` or `--method supervised|dpo|reinforcement` says otherwise.
    var trainingKind: TrainingKind {
        if case .training(let kind) = method { return kind }
        return training ?? .sft
    }

    func validate() throws {
        if model == nil && setupFlags.modelConfig == nil && !dimensions.given {
            throw ValidationError("give --model, --model-config, or the model's dimensions (--layers, --hidden-size, --heads, --vocab-size, --params)")
        }
        if setupFlags.modelConfig != nil && dimensions.given {
            throw ValidationError("--model-config and the dimension flags describe the model twice: give one")
        }
        if case .training(let kind) = method, let training, training != kind {
            throw ValidationError("--method \(method) and --training \(training.rawValue) disagree")
        }
        if let hours, EstimateRequest.HoursGuess(hours) == nil {
            throw ValidationError("--hours takes hours, N or LOW-HIGH (e.g. 2 or 1.5-4), each above 0 and at most 10000")
        }
        if trainingKind != .rft && (hours != nil || !graderModels.isEmpty) {
            throw ValidationError("--hours and --grader-model are for --method reinforcement")
        }
        if trainingKind != .rft, [dataset != nil, tokens != nil, examples != nil, trainingFile != nil].filter({ $0 }).count == 0 {
            throw ValidationError("give --dataset, --tokens, --examples or --training-file")
        }
        if dataset != nil && tokens != nil { throw ValidationError("--dataset and --tokens cannot be used together") }
        if ![4, 8].contains(bits) { throw ValidationError("--bits must be 4 or 8") }
    }

    func run() async throws {
        let context = CLIContext.current
        let estimator = try JobEstimator.standard(environment: context.environment)
        let custom = try setupFlags.modelConfig.map { try HFConfig.load(path: $0) } ?? dimensions.model(name: model)
        var request = EstimateRequest(model: model ?? custom?.id ?? "", tokens: tokens, examples: examples, epochs: epochs, method: method.adaptation)
        request.customModel = custom
        request.contextLength = contextLength
        request.batchSize = batchSize
        request.bits = bits
        request.setup = setupFlags.setup
        request.preset = setupFlags.preset
        request.training = trainingKind
        request.trainingHours = hours.flatMap(EstimateRequest.HoursGuess.init)
        request.graderModels = graderModels
        if let packing = setupFlags.packing { request.packing = packing; request.packingStated = true }
        request.hardwareID = hardware
        request.gpus = gpus
        // The provider is named only when the user named one; its client (when a key is at hand)
        // adds its hardware list and its own estimate.
        let settings = try? SettingsResolver(options: global.options, environment: context.environment).resolve()
        if global.provider != nil || context.environment["FTCTL_PROVIDER"] != nil { request.provider = settings?.provider.rawValue }
        if let dataset { try await estimator.count(dataset: dataset, into: &request, environment: context.environment) }
        // Priced as whoever bills a job sent this way: through Portkey, the upstream.
        let route = request.provider == nil ? nil : settings.map { $0.provider.declaration.resolvingUpstream($0.providerOptions) }
        if let route { request.provider = route.pricedAs }
        let renderer = Renderer(global, context: context)
        if compare {
            let rows = try estimator.planner.compare(request)
            if rows.isEmpty {
                throw FTError(.notFound, what: "estimate --compare", why: "no provider or catalog GPU configuration can run \(request.model) this way",
                              hint: "Try --method lora or qlora, a shorter --context-length, or a smaller model.")
            }
            let json = JSONValue.parse(try JSONEncoder().encode(rows)) ?? .array([])
            context.out(renderer.format == .json ? json.serialized(pretty: true) + "\n" : EstimateText.comparison(rows))
            return
        }
        var theirs: ProviderEstimate?
        if let trainingFile {
            // The provider counts the file it holds; its count stands in for ours when there is none.
            let client = try Session(global).client()
            guard let (price, counted) = try await estimator.providerPrice(request, trainingFile: trainingFile, client: client) else {
                throw client.provider.unsupported(.estimatePrice)
            }
            theirs = price
            if request.tokens == nil { request.tokens = counted }
        }
        let client = try? settings.flatMap { s in request.provider == nil ? nil : try Session(global).client() }
        var estimate = try await estimator.estimate(request, client: client)
        if let route { JobEstimator.attribute(&estimate, to: route) }
        if let theirs { estimate.providerEstimate = theirs }
        if let s = settings { LedgerCorrection.apply(to: &estimate, ledger: SpendLedger(configPath: s.configPath)) }
        let json = OrderedJSON.reorder(JSONValue.parse(try estimate.jsonData()) ?? .null, EstimateText.order)
        for w in estimate.warnings { context.err("warning: \(w)") }
        switch renderer.format {
        case .json: context.out(json.serialized(pretty: true) + "\n")
        case .yaml: context.out(Renderer.yaml(json))
        default: context.out(EstimateText.render(estimate))
        }
        if explain { context.out("arithmetic:\n" + estimate.explain.map { "  \($0)\n" }.joined()) }
    }
}

extension TrainingMethod: ExpressibleByArgument {}

/// `--method`: how the weights are adapted (full, lora, qlora) or, spelled as `jobs create` spells
/// it, what is trained (supervised, dpo, reinforcement), which sets the pricing.
enum MethodArgument: ExpressibleByArgument, CustomStringConvertible {
    case adaptation(TrainingMethod)
    case training(TrainingKind)

    init?(argument: String) {
        switch argument.lowercased() {
        case "supervised", "sft": self = .training(.sft)
        case "dpo", "preference": self = .training(.dpo)
        case "reinforcement", "rft": self = .training(.rft)
        default:
            guard let m = TrainingMethod(rawValue: argument.lowercased()) else { return nil }
            self = .adaptation(m)
        }
    }

    /// LoRA unless an adaptation was named.
    var adaptation: TrainingMethod {
        if case .adaptation(let m) = self { return m }
        return .lora
    }

    var description: String {
        switch self {
        case .adaptation(let m): return m.rawValue
        case .training(.sft): return "supervised"
        case .training(.dpo): return "dpo"
        case .training(.rft): return "reinforcement"
        }
    }

    static var allValueStrings: [String] { TrainingMethod.allCases.map(\.rawValue) + ["supervised", "dpo", "reinforcement"] }
}
extension TrainingKind: ExpressibleByArgument {}

/// The human views of an estimate.
enum EstimateText {
    static let order = ["model", "provider", "method", "epochs", "tokens", "billed_tokens", "memory_per_gpu_gib", "weights", "gradients",
                        "optimizer", "activations", "overhead", "total", "hardware", "id", "gpu", "count", "fits", "alternatives",
                        "reason", "hours", "cost", "amount", "currency", "basis", "provider_estimate", "minutes", "assumptions",
                        "memory_range_gib", "hardware_range", "cost_usd", "hours_range", "low", "expected", "high", "low_setup",
                        "high_setup", "warnings"]

    static func money(_ c: Cost?) -> String {
        guard let c else { return "unknown (no price)" }
        return "\(NSDecimalNumber(decimal: c.amount).stringValue) \(c.currency) (\(c.basis.rawValue))"
    }

    static func render(_ e: FTPlanning.Estimate) -> String {
        var rows: [(String, String)] = [("model", e.model), ("provider", e.provider ?? "-"), ("method", e.method.rawValue),
                                        ("epochs", "\(e.epochs)"), ("tokens", "\(e.tokens) per epoch"), ("billed tokens", "\(e.billedTokens)")]
        if let m = e.memoryPerGPU {
            rows.append(("memory per GPU", String(format: "%.1f GiB (weights %.1f, gradients %.1f, optimizer %.1f, activations %.1f, overhead %.1f)",
                                                   m.total, m.weights, m.gradients, m.optimizer, m.activations, m.overhead)))
        }
        if let h = e.hardware {
            rows.append(("hardware", "\(h.id): \(h.count) × \(h.gpu)\(h.fits ? "" : " (does not fit)")"))
            for a in h.alternatives.prefix(6) { rows.append(("  not \(a.id)", a.reason)) }
        }
        if let m = e.memoryRange, m.low < m.high {
            rows.append(("memory range", String(format: "%.1f / %.1f / %.1f GiB (low: %@, high: %@)", m.low, m.expected, m.high, m.lowSetup, m.highSetup)))
        }
        if let h = e.hardwareRange, h.low != h.high {
            rows.append(("machine range", "\(h.low ?? "none fits") / \(h.expected ?? "none fits") / \(h.high ?? "none fits")"))
        }
        if let hours = e.hours { rows.append(("time", String(format: "%.2f hours", hours))) }
        if let t = e.hoursRange { rows.append(("time range", "\(t.low) / \(t.expected) / \(t.high) hours (low / expected / high)")) }
        rows.append(("cost", money(e.cost)))
        if let c = e.costRange, c.low != c.high {
            rows.append(("cost range", "\(c.low) / \(c.expected) / \(c.high) USD (low / expected / high)"))
        }
        if let p = e.providerEstimate, let amount = p.amount {
            var line = "\(NSDecimalNumber(decimal: amount).stringValue) \(p.currency ?? "USD")"
            if let ours = e.cost?.amount, amount > 0 {
                let ratio = NSDecimalNumber(decimal: ours / amount).doubleValue
                if ratio.isFinite { line += String(format: " (ours is %.2f× theirs)", ratio) }
            }
            rows.append(("provider's estimate", line))
        }
        var out = Renderer.fieldLines(rows)
        if !e.assumptions.isEmpty { out += "assumptions:\n" + e.assumptions.map { "  - \($0)\n" }.joined() }
        return out
    }

    static func comparison(_ rows: [ComparisonRow]) -> String {
        var lines = [["PROVIDER", "HARDWARE", "HOURS", "COST"]]
        for r in rows {
            lines.append([r.provider, r.hardwareID.map { "\($0)" } ?? "per token", r.hours.map { String(format: "%.2f", $0) } ?? "-", money(r.cost)])
        }
        return Renderer.plainTable(lines)
    }
}
