import ArgumentParser
import FineTuning

/// The training-setup flags of `ftctl estimate`: each one left out is filled from `--preset`, or,
/// without a preset, varied over every preset to give a memory range.
struct EstimateSetupFlags: ParsableArguments {
    @Option(help: ArgumentHelp("A framework's usual setup for what is not given: \(Preset.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "name"))
    var preset: Preset?
    @Option(help: ArgumentHelp("A Hugging Face config.json: estimate any model from its architecture.", valueName: "path"))
    var modelConfig: String?
    @Option(help: "mixed (BF16 with FP32 master weights) or bf16 (pure BF16 weights and optimizer states).")
    var precision: Precision?
    @Option(help: "adamw, adamw_8bit, paged_adamw, paged_adamw_8bit, sgd, sgd_momentum.")
    var optimizer: OptimizerKind?
    @Flag(inversion: .prefixedNo, help: "The optimizer steps each parameter during the backward pass.")
    var optimizerInBackward: Bool?
    @Option(help: "Saved activations: none (all kept), checkpoint (recomputed) or offload (checkpointed to CPU).")
    var activations: ActivationMode?
    @Flag(inversion: .prefixedNo, help: "Recompute activations in the backward pass (= --activations checkpoint).")
    var gradientCheckpointing: Bool?
    @Option(help: "none, optimizer (states and master weights in CPU RAM) or params (everything in CPU RAM).")
    var offload: Offload?
    @Option(help: "none, zero2 (optimizer states and gradients split across GPUs) or zero3 (FSDP: weights too).")
    var sharding: Sharding?
    @Flag(inversion: .prefixedNo, help: "Cross-entropy computed in chunks (torchtune, LitGPT, Unsloth).")
    var chunkedLoss: Bool?
    @Flag(inversion: .prefixedNo, help: "Examples packed into full sequences (default); without it each is padded to the context length.")
    var packing: Bool?
    @Flag(inversion: .prefixedNo, help: "Compiled or fused kernels (torch.compile, Unsloth): norms and the loss keep no FP32 copies.")
    var compiled: Bool?
    @Option(name: .customLong("lora-r"), help: "LoRA rank.") var loraR: Int?
    @Option(help: ArgumentHelp("LoRA targets: q,v | q,k,v | q,k,v,o | mlp | q,v,o,mlp | all-linear | all-linear,head.", valueName: "list"))
    var loraTargets: LoRATargets?
    @Option(help: ArgumentHelp("LoRA dropout probability; above 0 each adapted layer keeps a dropped-out copy of its input.", valueName: "p"))
    var loraDropout: Double?
    @Option(help: ArgumentHelp("The bitsandbytes release of a QLoRA run: before 0.43.2 every 4-bit layer keeps its input.", valueName: "version"))
    var bitsandbytesVersion: String?

    /// The flags as given; nothing here is a default.
    var setup: TrainingSetup {
        TrainingSetup(precision: precision, optimizer: optimizer, optimizerInBackward: optimizerInBackward,
                      activations: activations ?? gradientCheckpointing.map { $0 ? .checkpoint : .none },
                      offload: offload, sharding: sharding, chunkedLoss: chunkedLoss, loraRank: loraR, loraTargets: loraTargets,
                      eagerKernels: compiled.map { !$0 }, loraDropout: loraDropout.map { $0 > 0 },
                      quantizedInputsKept: bitsandbytesVersion.flatMap(TrainingSetup.bitsandbytesKeepsInputs(version:)))
    }

    func validate() throws {
        if let loraR, loraR < 1 || loraR > 65_536 { throw ValidationError("--lora-r must be 1 to 65536") }
        if let loraDropout, !(0..<1).contains(loraDropout) { throw ValidationError("--lora-dropout must be at least 0 and below 1") }
        if let v = bitsandbytesVersion, TrainingSetup.bitsandbytesKeepsInputs(version: v) == nil {
            throw ValidationError("--bitsandbytes-version: '\(v.prefix(40))' is not a version such as 0.42.0")
        }
        if activations != nil, gradientCheckpointing != nil {
            throw ValidationError("--activations and --[no-]gradient-checkpointing cannot be used together")
        }
    }
}

extension Preset: ExpressibleByArgument {
    public init?(argument: String) { self.init(name: argument) }
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

extension Precision: ExpressibleByArgument {}
extension Offload: ExpressibleByArgument {}
extension ActivationMode: ExpressibleByArgument {}

extension Sharding: ExpressibleByArgument {
    public init?(argument: String) { self.init(name: argument) }
    public static var allValueStrings: [String] { ["none", "zero2", "zero3"] }
}

extension LoRATargets: ExpressibleByArgument {
    public init?(argument: String) { self.init(list: argument) }
    public static var allValueStrings: [String] { ["q,v", "q,k,v", "q,k,v,o", "mlp", "q,v,o,mlp", "all-linear", "all-linear,head"] }
}
