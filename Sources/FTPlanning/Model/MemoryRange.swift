/// Peak memory per GPU over the plausible setups of a job whose framework settings were not all
/// given: every preset, with what the user did give kept fixed.
public struct MemoryRange: Sendable, Hashable {
    /// One evaluated setup.
    public struct Case: Sendable, Hashable {
        public var label: String
        public var config: MemoryConfig
        public var memory: MemoryBreakdown
    }

    /// The request's own configuration (its defaults where nothing was given).
    public var expected: Case
    /// Every preset's configuration, the expected one included.
    public var cases: [Case]
    /// The model's own error as a share (`PlanningConstants.memoryModelError`), added beyond both ends.
    public var modelError: Double = 0

    /// Device totals (what must fit the card): the leanest setup, the expected one, the heaviest.
    public var low: Case { cases.min { $0.memory.total < $1.memory.total } ?? expected }
    public var high: Case { cases.max { $0.memory.total < $1.memory.total } ?? expected }

    /// The span a published figure of kind `measure` should fall in (like compared with like): the
    /// lightest and heaviest setups, each widened by the model's own error.
    public func bounds(_ measure: MemoryMeasure) -> ClosedRange<Double> {
        let values = cases.map { $0.memory.value(measure) }
        return (values.min() ?? 0) * (1 - modelError)...(values.max() ?? 0) * (1 + modelError)
    }

    /// The two ends as a machine must hold them: the lightest and heaviest setups' figures with the
    /// device total widened by the model's error (what `estimate` shows and picks hardware by).
    public var lowEnd: MemoryBreakdown { widened(low.memory, by: 1 - modelError) }
    public var highEnd: MemoryBreakdown { widened(high.memory, by: 1 + modelError) }

    private func widened(_ m: MemoryBreakdown, by factor: Double) -> MemoryBreakdown {
        var m = m
        m.total *= factor
        return m
    }

    /// `base` is the request's configuration; `given` what the user set explicitly (kept in every case).
    public static func estimate(_ a: Architecture, base: MemoryConfig, given: TrainingSetup,
                                presets: [Preset] = Preset.allCases, constants k: PlanningConstants = .default) -> MemoryRange {
        let expected = Case(label: "expected", config: base, memory: MemoryModel.estimate(a, base, constants: k))
        var cases = [expected]
        for p in presets {
            var c = base
            given.over(p.setup(method: base.method, gpus: base.gpus)).apply(to: &c)
            cases.append(Case(label: p.rawValue, config: c, memory: MemoryModel.estimate(a, c, constants: k)))
            // QLoRA on a bitsandbytes release before 0.43.2 (pinned by LitGPT until 2024-12): the
            // version is not something ftctl can see, so both are plausible unless it was given.
            if base.method == .qlora, given.quantizedInputsKept == nil {
                c.quantizedInputsKept = true
                cases.append(Case(label: "\(p.rawValue), bitsandbytes < 0.43.2", config: c, memory: MemoryModel.estimate(a, c, constants: k)))
            }
        }
        // The leanest setup anyone runs: 8-bit states, checkpoints offloaded, chunked loss, and what
        // does not fit moved to CPU RAM (optimizer on one GPU, everything when sharded).
        var lean = base
        given.over(TrainingSetup(precision: .bf16, optimizer: .adamw8bit, optimizerInBackward: base.method == .full,
                                 activations: .offload, offload: base.gpus > 1 ? .params : .optimizer, sharding: .zero3,
                                 chunkedLoss: true, loraRank: 8, loraTargets: .qv, doubleQuant: true,
                                 eagerKernels: false, loraDropout: false, quantizedInputsKept: false)).apply(to: &lean)
        cases.append(Case(label: "lean (CPU offload)", config: lean, memory: MemoryModel.estimate(a, lean, constants: k)))
        return MemoryRange(expected: expected, cases: cases, modelError: k.memoryModelError)
    }
}
