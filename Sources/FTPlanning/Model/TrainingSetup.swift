/// The framework-level choices that set memory, each optional: nil means "not given" and is filled
/// from a preset, or, for a range, varied over every preset.
public struct TrainingSetup: Sendable, Hashable {
    public var precision: Precision?
    public var optimizer: OptimizerKind?
    public var optimizerInBackward: Bool?
    public var activations: ActivationMode?
    public var offload: Offload?
    public var sharding: Sharding?
    public var chunkedLoss: Bool?
    public var loraRank: Int?
    public var loraTargets: LoRATargets?
    public var doubleQuant: Bool?
    /// Unfused norms and rotary embeddings (no torch.compile, no fused kernels).
    public var eagerKernels: Bool?
    /// LoRA dropout above zero (see `MemoryConfig.loraDropout`).
    public var loraDropout: Bool?
    /// A bitsandbytes release before 0.43.2 (see `MemoryConfig.quantizedInputsKept`).
    public var quantizedInputsKept: Bool?

    public init(precision: Precision? = nil, optimizer: OptimizerKind? = nil, optimizerInBackward: Bool? = nil,
                activations: ActivationMode? = nil, offload: Offload? = nil, sharding: Sharding? = nil,
                chunkedLoss: Bool? = nil, loraRank: Int? = nil, loraTargets: LoRATargets? = nil, doubleQuant: Bool? = nil,
                eagerKernels: Bool? = nil, loraDropout: Bool? = nil, quantizedInputsKept: Bool? = nil) {
        self.precision = precision
        self.optimizer = optimizer
        self.optimizerInBackward = optimizerInBackward
        self.activations = activations
        self.offload = offload
        self.sharding = sharding
        self.chunkedLoss = chunkedLoss
        self.loraRank = loraRank
        self.loraTargets = loraTargets
        self.doubleQuant = doubleQuant
        self.eagerKernels = eagerKernels
        self.loraDropout = loraDropout
        self.quantizedInputsKept = quantizedInputsKept
    }

    /// Every value as a configuration has it.
    public init(config c: MemoryConfig) {
        self.init(precision: c.precision, optimizer: c.optimizer, optimizerInBackward: c.optimizerInBackward,
                  activations: c.gradientCheckpointing ? (c.activationOffload ? .offload : .checkpoint) : ActivationMode.none,
                  offload: c.offload, sharding: c.sharding, chunkedLoss: c.chunkedLoss, loraRank: c.loraRank,
                  loraTargets: c.loraTargets, doubleQuant: c.doubleQuant, eagerKernels: c.eagerKernels,
                  loraDropout: c.loraDropout, quantizedInputsKept: c.quantizedInputsKept)
    }

    /// This setup with its gaps filled from `base`; what this one says wins.
    public func over(_ base: TrainingSetup) -> TrainingSetup {
        TrainingSetup(precision: precision ?? base.precision, optimizer: optimizer ?? base.optimizer,
                      optimizerInBackward: optimizerInBackward ?? base.optimizerInBackward,
                      activations: activations ?? base.activations, offload: offload ?? base.offload,
                      sharding: sharding ?? base.sharding, chunkedLoss: chunkedLoss ?? base.chunkedLoss,
                      loraRank: loraRank ?? base.loraRank, loraTargets: loraTargets ?? base.loraTargets,
                      doubleQuant: doubleQuant ?? base.doubleQuant, eagerKernels: eagerKernels ?? base.eagerKernels,
                      loraDropout: loraDropout ?? base.loraDropout,
                      quantizedInputsKept: quantizedInputsKept ?? base.quantizedInputsKept)
    }

    /// Whether a bitsandbytes release keeps each 4-bit layer's input: releases before 0.43.2 do
    /// (PR #1270). Nil for text that is not a dotted version ("0.42.0", "0.43.2.post1").
    public static func bitsandbytesKeepsInputs(version: String) -> Bool? {
        let parts = version.split(separator: ".", omittingEmptySubsequences: false).prefix(3)
        guard parts.count >= 2 else { return nil }
        var numbers: [Int] = []
        for (i, p) in parts.enumerated() {
            // Only the patch number may carry a suffix ("2rc1", "0.post1" splits before it).
            let digits = i == 2 ? p.prefix { $0.isASCII && $0.isNumber } : p[...]
            guard !digits.isEmpty, digits.count <= 6, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let n = Int(digits) else { return nil }
            numbers.append(n)
        }
        while numbers.count < 3 { numbers.append(0) }
        return numbers.lexicographicallyPrecedes([0, 43, 2])
    }

    /// True when nothing that sets memory was given.
    public var isEmpty: Bool { self == TrainingSetup() }

    /// Writes the given values into a memory configuration; absent ones leave it as it is.
    public func apply(to c: inout MemoryConfig) {
        if let precision { c.precision = precision }
        if let optimizer { c.optimizer = optimizer }
        if let optimizerInBackward { c.optimizerInBackward = optimizerInBackward }
        if let activations {
            c.gradientCheckpointing = activations != .none
            c.activationOffload = activations == .offload
        }
        if let offload { c.offload = offload }
        if let sharding, c.gpus > 1 { c.sharding = sharding }
        if let chunkedLoss { c.chunkedLoss = chunkedLoss }
        if let loraRank { c.loraRank = loraRank }
        if let loraTargets { c.loraTargets = loraTargets }
        if let doubleQuant { c.doubleQuant = doubleQuant }
        if let eagerKernels { c.eagerKernels = eagerKernels }
        if let loraDropout { c.loraDropout = loraDropout }
        if let quantizedInputsKept { c.quantizedInputsKept = quantizedInputsKept }
    }

    /// One line for an estimate's assumptions.
    public func summary(method: TrainingMethod) -> String {
        var parts = ["\(precision?.rawValue ?? "?") precision", optimizer?.rawValue ?? "?"]
        if optimizerInBackward == true { parts.append("optimizer step in backward") }
        parts.append("activations \(activations?.rawValue ?? "?")")
        if let offload, offload != .none { parts.append("CPU offload of \(offload.rawValue)") }
        if chunkedLoss == true { parts.append("chunked cross-entropy") }
        if method != .full {
            parts.append("LoRA r=\(loraRank.map(String.init) ?? "?") on \(loraTargets?.rawValue ?? "?")"
                         + (loraDropout == true ? " with dropout" : ""))
        }
        if method == .qlora, quantizedInputsKept == true { parts.append("bitsandbytes < 0.43.2 (keeps 4-bit layers' inputs)") }
        return parts.joined(separator: ", ")
    }
}
