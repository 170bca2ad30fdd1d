import Foundation
import FTCore

/// Assembles memory, time, hardware and cost into one `Estimate`, and prices a job everywhere.
public struct Planner: Sendable {
    public var catalog: Catalog
    public var constants: PlanningConstants
    /// Today, for the age of prices; injectable so tests do not depend on the calendar.
    public var now: @Sendable () -> Date

    public init(catalog: Catalog, constants: PlanningConstants = .default, now: @escaping @Sendable () -> Date = { Date() }) {
        self.catalog = catalog
        self.constants = constants
        self.now = now
    }

    /// The memory configuration of a request on `gpus` GPUs.
    public func memoryConfig(_ r: EstimateRequest, contextLength: Int, gpus: Int) -> MemoryConfig {
        var c = MemoryConfig(method: r.method)
        c.precision = r.precision
        c.quantBits = r.bits
        c.loraRank = r.loraRank
        c.loraTargets = r.loraTargets
        c.optimizer = r.optimizer
        c.seqLen = contextLength
        c.microBatch = r.batchSize
        c.gradientCheckpointing = r.gradientCheckpointing
        c.attention = r.attention
        c.gpus = gpus
        c.sharding = r.sharding ?? (gpus > 1 ? .zero3 : .none)
        givenSetup(r, gpus: gpus).apply(to: &c)
        return c
    }

    /// The setup flags given, over the named preset's defaults.
    public func givenSetup(_ r: EstimateRequest, gpus: Int) -> TrainingSetup {
        r.preset.map { r.setup.over($0.setup(method: r.method, gpus: gpus)) } ?? r.setup
    }

    /// Memory over the plausible setups (collapses to one figure when the setup is fully given).
    public func memoryRange(_ arch: Architecture, _ r: EstimateRequest, contextLength: Int, gpus: Int) -> MemoryRange {
        MemoryRange.estimate(arch, base: memoryConfig(r, contextLength: contextLength, gpus: gpus),
                             given: givenSetup(r, gpus: gpus), constants: constants)
    }

    public func timeConfig(_ r: EstimateRequest, contextLength: Int, gpus: Int) -> TimeConfig {
        let c = memoryConfig(r, contextLength: contextLength, gpus: gpus)
        var t = TimeConfig(method: r.method)
        t.loraRank = c.loraRank
        t.loraTargets = c.loraTargets
        t.seqLen = contextLength
        t.microBatch = r.batchSize
        t.gradientCheckpointing = c.gradientCheckpointing
        t.gpus = gpus
        return t
    }

    struct Resolved {
        var model: BaseModel
        var tokens: Int
        var context: Int
        var epochs: Int
        var processedPerEpoch: Int
        var assumptions: [String]
    }

    func resolve(_ r: EstimateRequest) throws -> Resolved {
        let m = try r.customModel ?? catalog.model(r.model)
        let (tokens, context) = try r.validate(model: m)
        var assumptions: [String] = []
        let epochs: Int
        if let e = r.epochs {
            epochs = e
        } else if let n = r.examples {
            epochs = CostModel.defaultEpochs(examples: n)
            assumptions.append("epochs: \(epochs), as OpenAI picks them for \(n) examples (target 3, examples × epochs kept within 100…25000)")
        } else {
            epochs = CostModel.targetEpochs
            assumptions.append("epochs: 3 (OpenAI's target; pass --examples or --epochs for the exact default)")
        }
        var processed = tokens
        if !r.packing, let n = r.examples {
            processed = max(tokens, try Numeric.multiply(n, context, "examples × context length"))
            assumptions.append("no packing: each of the \(n) examples padded to \(context) tokens")
        } else if r.contextLength == nil, m.architecture != nil {
            assumptions.append("sequences packed to \(context) tokens (tokens processed = dataset tokens)")
        }
        return Resolved(model: m, tokens: tokens, context: context, epochs: epochs, processedPerEpoch: processed,
                        assumptions: assumptions)
    }

    /// Estimates one job. `hardwareOptions` replaces the catalog's GPU configurations (for example
    /// a provider's `/hardware` list); without it the catalog's GPUs × 1, 2, 4, 8 are considered.
    public func estimate(_ r: EstimateRequest, hardwareOptions: [HardwareOption]? = nil) throws -> Estimate {
        if r.training == .rft, catalog.tokenPriceRules.contains(where: { $0.training == .rft && $0.usdPerHour != nil }) {
            return try hourlyEstimate(r)
        }
        let s = try resolve(r)
        let m = s.model
        let provider = r.provider?.lowercased()
        let tokenProvider = provider.map { p in catalog.tokenProviders.contains { $0.lowercased() == p } } ?? false

        if let provider, let arch = m.architecture,
           let rule = catalog.tokenRule(provider: provider, training: r.training, method: r.method, paramsB: ParameterCount(arch).total / 1e9) {
            return try ruleEstimate(r, s, rule: rule, paramsB: ParameterCount(arch).total / 1e9)
        }
        if tokenProvider || m.architecture == nil {
            let candidates = catalog.tokenPrices.filter { $0.model == m.id && (provider == nil || $0.provider.lowercased() == provider) }
            guard let price = candidates.sorted(by: { $0.usdPer1MTokens.value < $1.usdPer1MTokens.value }).first else {
                let offered = catalog.tokenPrices.filter { $0.model == m.id }.map(\.provider)
                throw FTError(.unsupported, what: "estimate",
                              why: "\(provider ?? "no provider") lists no fine-tuning price for \(m.id)",
                              hint: offered.isEmpty
                                ? "Open-weight models are priced by GPU hours: omit --provider or use \(catalog.gpuHourProviders.joined(separator: ", "))."
                                : "Use --provider \(offered.joined(separator: " or ")).")
            }
            let billed = try Numeric.multiply(s.tokens, s.epochs, "tokens × epochs")
            var assumptions = s.assumptions
            assumptions.append("billed tokens = dataset tokens × epochs at \(price.usdPer1MTokens) USD per 1M training tokens (\(price.source.url), \(price.source.date))")
            assumptions.append("examples longer than \(m.maxContext) tokens are truncated by the provider and billed only up to it; the token count is taken as given")
            let cost = CostModel.perToken(billedTokensPerEpoch: s.tokens, epochs: s.epochs, usdPer1M: price.usdPer1MTokens.value)
            var e = Estimate(model: m.id, provider: price.provider, method: r.method, epochs: s.epochs, tokens: s.tokens,
                             billedTokens: billed, memoryPerGPU: nil, hardware: nil, hours: nil,
                             cost: cost, providerEstimate: nil, assumptions: assumptions)
            e.costRange = Span(low: cost.amount, expected: cost.amount, high: cost.amount)
            e.usdPer1MTokens = price.usdPer1MTokens.value
            e.warnings = [PriceAge.warning("the \(price.provider) price for \(m.id)", price.source, now: now())].compactMap { $0 }
            e.explain = ["cost = \(s.tokens) tokens × \(s.epochs) epochs × \(price.usdPer1MTokens) USD / 1M = \(cost.amount) USD"]
            return e
        }

        guard let arch = m.architecture else { throw FTError(.internalError, what: "estimate", why: "no architecture") }
        var assumptions = s.assumptions
        var options: [HardwareOption]
        if let hardwareOptions {
            options = hardwareOptions
        } else if let provider, catalog.gpuHourProviders.contains(where: { $0.lowercased() == provider }) {
            options = HardwareOption.catalogOptions(catalog, provider: provider)
        } else {
            options = HardwareOption.catalogOptions(catalog)
            if let provider {
                // Its machines are unknown: every catalog GPU × 1, 2, 4, 8, chosen by fit and time only.
                options = HardwareOption.unpricedOptions(catalog, provider: provider)
                assumptions.append("no GPU price list for \(provider) in the catalog: hardware is chosen by fit and time only; pass its hardware list for prices")
            }
        }
        if let id = r.hardwareID?.lowercased() {
            let count = r.gpus
            options = options.filter { o in
                o.id.lowercased() == id || (o.gpu.map { $0.id.lowercased() == id || ($0.aliases ?? []).contains { $0.lowercased() == id } } ?? false)
            }.filter { o in count == nil || o.count == count || o.id.lowercased() == id && r.gpus == nil }
            if options.contains(where: { $0.id.lowercased() == id }) { options = options.filter { $0.id.lowercased() == id } }
            else if count == nil { options = options.filter { $0.count == 1 } }
            guard !options.isEmpty else {
                throw FTError(.notFound, what: "estimate", why: "no hardware '\(r.hardwareID ?? "")'\(count.map { " with \($0) GPUs" } ?? "")",
                              hint: "Known GPUs: \(catalog.gpus.filter { $0.validationOnly != true }.map(\.id).joined(separator: ", ")); machines: ftctl estimate --compare.")
            }
        } else if let count = r.gpus {
            options = options.filter { $0.count == count }
        }
        guard !options.isEmpty else {
            throw FTError(.notFound, what: "estimate", why: "no hardware option to consider", hint: "Name the hardware, or leave the GPU count out.", setting: .hardware)
        }

        let processedTotal = Double(s.processedPerEpoch) * Double(s.epochs)
        let k = constants
        let selection = HardwareSelector.select(options, margin: k.memoryMargin,
            memory: { o in MemoryModel.estimate(arch, memoryConfig(r, contextLength: s.context, gpus: o.count), constants: k) },
            hours: { o in o.gpu.map { TimeModel.estimate(arch, timeConfig(r, contextLength: s.context, gpus: o.count), gpu: $0, tokens: processedTotal, constants: k).hours } })
        guard let chosen = selection.chosen else {
            throw FTError(.notFound, what: "estimate", why: "no hardware option to consider")
        }
        if !chosen.fits { assumptions.append("no option fits in \(Int((k.memoryMargin * 100).rounded()))% of its GPU memory; the closest is shown") }
        if chosen.cost == nil { assumptions.append("\(chosen.option.id) has no listed price: cost unknown") }
        if let src = chosen.option.priceSource, chosen.cost != nil {
            assumptions.append("price: \(chosen.option.pricePerHour.map { "\($0)" } ?? "?") USD per hour for \(chosen.option.count) GPU(s), list price from \(src.url) (\(src.date))")
        }
        let used = memoryConfig(r, contextLength: s.context, gpus: chosen.option.count)
        let range = memoryRange(arch, r, contextLength: s.context, gpus: chosen.option.count)
        assumptions.append(contentsOf: [
            "memory: \(r.method.rawValue), sequence \(s.context) × micro-batch \(r.batchSize), \(used.attention.rawValue) attention; "
                + TrainingSetup(config: used).summary(method: r.method) + (r.method == .qlora ? ", \(r.bits)-bit base" : "")
                + (r.preset.map { " (preset \($0.rawValue) for what was not given)" } ?? ""),
            "fits when the predicted total is at most \(Int((k.memoryMargin * 100).rounded()))% of GPU memory as nvidia-smi reports it"
                + (chosen.option.count > 1 ? "; \(chosen.option.count) GPUs data parallel with \(used.sharding.rawValue) sharding" : ""),
            "time: FLOPs / (GPUs × dense BF16 peak × MFU \(TimeModel.mfu(r.method, k))) + per-micro-batch overhead; see Docs/ESTIMATION.md",
        ])
        if range.low.memory.total < range.high.memory.total {
            assumptions.append(String(format: "memory range over the framework presets: %.1f GiB (%@) to %.1f GiB (%@); pass --preset or the setup flags to narrow it",
                                      range.low.memory.total, range.low.label, range.high.memory.total, range.high.label))
        }
        assumptions.append(String(format: "memory range widened by the model's own error (%.0f%%, its median on published runs with the setup known): %.1f to %.1f GiB",
                                  range.modelError * 100, range.lowEnd.total, range.highEnd.total))
        if used.optimizer == .pagedAdamw || used.optimizer == .pagedAdamw8bit {
            assumptions.append("paged optimizer states are counted on the GPU; under memory pressure they move to CPU RAM at a speed cost")
        }
        // The GPU choice at each end of the memory range.
        func choice(_ pick: (MemoryRange) -> MemoryBreakdown) -> String? {
            HardwareSelector.select(options, margin: k.memoryMargin,
                memory: { o in pick(memoryRange(arch, r, contextLength: s.context, gpus: o.count)) },
                hours: { o in o.gpu.map { TimeModel.estimate(arch, timeConfig(r, contextLength: s.context, gpus: o.count), gpu: $0, tokens: processedTotal, constants: k).hours } })
                .chosen.flatMap { $0.fits ? $0.option.id : nil }
        }
        let memorySpan = MemorySpan(low: range.lowEnd.total, expected: chosen.memory.total, high: range.highEnd.total,
                                    lowSetup: range.low.label, highSetup: range.high.label)
        let hardwareSpan = HardwareSpan(low: choice { $0.lowEnd }, expected: chosen.fits ? chosen.option.id : nil, high: choice { $0.highEnd })
        let billed = Numeric.int(processedTotal) ?? Int.max
        let choice = HardwareChoice(id: chosen.option.id, gpu: chosen.option.gpu?.id ?? chosen.option.gpuName, count: chosen.option.count,
                                    fits: chosen.fits, alternatives: selection.alternatives.map {
                                        HardwareAlternative(id: $0.option.id, reason: $0.reason ?? "ranked before the chosen option")
                                    })
        // Unpacked data could be padded to the context length when the user did not say it is packed.
        let padded = r.examples.map { Double($0) * Double(s.context) } ?? 0
        let paddedRatio = r.packingStated || s.processedPerEpoch == 0 ? 1 : max(1, padded / Double(s.processedPerEpoch))
        var e = Estimate(model: m.id, provider: chosen.option.provider ?? r.provider, method: r.method, epochs: s.epochs,
                         tokens: s.tokens, billedTokens: billed, memoryPerGPU: chosen.memory, hardware: choice,
                         hours: chosen.hours, cost: chosen.cost, providerEstimate: nil, assumptions: assumptions,
                         memoryRange: memorySpan, hardwareRange: hardwareSpan)
        if let h = chosen.hours, let price = chosen.option.pricePerHour {
            let spans = CostRange.gpu(hours: h, pricePerHour: price, paddedRatio: paddedRatio)
            e.hoursRange = spans.hours
            e.costRange = spans.cost
            e.assumptions += CostRange.assumptions(paddedRatio: paddedRatio)
            let rate = h > 0 ? processedTotal / (h * 3600) : 0
            e.explain = [
                String(format: "tokens processed = %.0f per epoch × %d epochs = %.0f", Double(s.processedPerEpoch), s.epochs, processedTotal),
                String(format: "throughput = %.0f tokens/s on %d × %@ (FLOPs per token / (peak × MFU) + overhead per micro-batch)",
                       rate, chosen.option.count, chosen.option.gpuName),
                String(format: "hours = %.0f / %.0f / 3600 = %.3f", processedTotal, rate, h),
                "cost = \(spans.hours.expected) h × \(price) USD/h (\(chosen.option.id)) = \(spans.cost.expected) USD",
                "low = \(spans.hours.low) h × \(price) = \(spans.cost.low) USD; high = \(spans.hours.high) h × \(price) = \(spans.cost.high) USD",
            ]
        }
        if let src = chosen.option.priceSource, chosen.cost != nil,
           let w = PriceAge.warning("the price of \(chosen.option.id)", src, now: now()) { e.warnings.append(w) }
        return e
    }

    /// The same job on every per-token provider that lists the model and every catalog GPU
    /// configuration of every GPU-hour provider that fits it; cheapest first, unpriced last.
    public func compare(_ r: EstimateRequest) throws -> [ComparisonRow] {
        let s = try resolve(r)
        let m = s.model
        var rows: [ComparisonRow] = []
        for p in catalog.tokenPrices where p.model == m.id {
            rows.append(ComparisonRow(provider: p.provider, hardwareID: nil, gpu: nil, count: nil, hours: nil,
                                      cost: CostModel.perToken(billedTokensPerEpoch: s.tokens, epochs: s.epochs, usdPer1M: p.usdPer1MTokens.value),
                                      basis: .perToken))
        }
        // Managed providers that price open models per token by size (Together, Fireworks).
        if let arch = m.architecture {
            let paramsB = ParameterCount(arch).total / 1e9
            for provider in Set(catalog.tokenPriceRules.map(\.provider)).sorted() {
                guard let rule = catalog.tokenRule(provider: provider, training: r.training, method: r.method, paramsB: paramsB),
                      rule.unpublished != true, rule.usdPer1MTokens != nil,
                      let cost = try ruleEstimate(r, s, rule: rule, paramsB: paramsB).cost else { continue }
                rows.append(ComparisonRow(provider: provider, hardwareID: nil, gpu: nil, count: nil, hours: nil, cost: cost, basis: .perToken))
            }
        }
        if let arch = m.architecture {
            let processedTotal = Double(s.processedPerEpoch) * Double(s.epochs)
            let k = constants
            var options = HardwareOption.catalogOptions(catalog)
            if let gpus = r.gpus { options = options.filter { $0.count == gpus } }
            let selection = HardwareSelector.select(options, margin: k.memoryMargin,
                memory: { o in MemoryModel.estimate(arch, memoryConfig(r, contextLength: s.context, gpus: o.count), constants: k) },
                hours: { o in o.gpu.map { TimeModel.estimate(arch, timeConfig(r, contextLength: s.context, gpus: o.count), gpu: $0, tokens: processedTotal, constants: k).hours } })
            for c in selection.ranked where c.fits {
                rows.append(ComparisonRow(provider: c.option.provider ?? "unpriced", hardwareID: c.option.id, gpu: c.option.gpu?.id,
                                          count: c.option.count, hours: c.hours, cost: c.cost, basis: .gpuHours))
            }
        }
        return rows.enumerated().sorted { a, b in
            switch (a.element.cost, b.element.cost) {
            case let (x?, y?) where x.amount != y.amount: return x.amount < y.amount
            case (.some, nil): return true
            case (nil, .some): return false
            default: return a.offset < b.offset
            }
        }.map(\.element)
    }
}
