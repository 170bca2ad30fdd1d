import Foundation
import FTCore

/// Everything the planner knows offline: models, GPUs and prices, each with its source.
public struct Catalog: Sendable, Hashable {
    public var models: [BaseModel]
    public var gpus: [GPUSpec]
    public var tokenPrices: [TokenPrice]
    /// Per-GPU prices (override files only; the bundled catalog prices machines).
    public var gpuHourPrices: [GPUHourPrice]
    public var machines: [MachinePrice]
    /// Per-token prices of open-model training by size bracket (Together, Fireworks), hourly rates, "unpublished".
    public var tokenPriceRules: [TokenPriceRule]

    public init(models: [BaseModel] = [], gpus: [GPUSpec] = [], tokenPrices: [TokenPrice] = [],
                gpuHourPrices: [GPUHourPrice] = [], machines: [MachinePrice] = [], tokenPriceRules: [TokenPriceRule] = []) {
        self.tokenPriceRules = tokenPriceRules
        self.models = models
        self.gpus = gpus
        self.tokenPrices = tokenPrices
        self.gpuHourPrices = gpuHourPrices
        self.machines = machines
    }

    /// The model by id or alias, case-insensitively; an unknown one is `notFound` with a hint.
    public func model(_ id: String) throws -> BaseModel {
        let key = id.trimmingCharacters(in: .whitespaces).lowercased()
        if let m = models.first(where: { $0.id.lowercased() == key }) { return m }
        if let m = models.first(where: { ($0.aliases ?? []).contains { $0.lowercased() == key } }) { return m }
        if let m = models.first(where: { ($0.providerModels ?? [:]).values.contains { $0.ids.contains { $0.lowercased() == key } } }) { return m }
        // A Hugging Face repo (`meta-llama/Llama-3.1-8B`), as users and providers name open models.
        if let m = models.first(where: { $0.hfRepo?.lowercased() == key }) { return m }
        if let slash = key.lastIndex(of: "/"), key.index(after: slash) < key.endIndex {
            let bare = String(key[key.index(after: slash)...])
            if let m = models.first(where: { $0.id.lowercased() == bare || ($0.aliases ?? []).contains { $0.lowercased() == bare } }) { return m }
        }
        // A provider's spelling of an open model: `Meta-Llama-3.1-8B-Instruct-Reference`, `gemma-3-27b-it`.
        if let m = models.first(where: { Self.canonical($0.id) == Self.canonical(key) }) { return m }
        // Suggestions need a few letters to go on: "m" would match every id.
        let close = models.map(\.id).filter { key.count >= 4 && ($0.contains(key) || key.contains($0)) }
        let hint = close.isEmpty
            ? "Known models: \(models.map(\.id).sorted().joined(separator: ", ")); or add it in an override catalog file."
            : "Did you mean \(close.sorted().joined(separator: ", "))?"
        throw FTError(.notFound, what: "estimate", why: "unknown model '\(id)'", hint: hint)
    }

    /// A model name without its organisation, `meta-` prefix and tuning suffixes, for matching.
    static func canonical(_ name: String) -> String {
        var n = name.lowercased()
        if let slash = n.lastIndex(of: "/") { n = String(n[n.index(after: slash)...]) }
        if n.hasPrefix("meta-") { n.removeFirst(5) }
        for suffix in ["-reference", "-instruct", "-chat", "-it", "-hf", "-bf16"] where n.hasSuffix(suffix) { n.removeLast(suffix.count) }
        for suffix in ["-instruct", "-chat", "-it"] where n.hasSuffix(suffix) { n.removeLast(suffix.count) }
        return n
    }

    public func gpu(_ id: String) -> GPUSpec? {
        let key = id.lowercased()
        return gpus.first { $0.id.lowercased() == key }
            ?? gpus.first { ($0.aliases ?? []).contains { $0.lowercased() == key } }
    }

    /// A GPU named in free text such as "NVIDIA A100 80GB": the longest alias found in it wins.
    public func gpu(matchingName name: String) -> GPUSpec? {
        let text = name.lowercased().replacingOccurrences(of: "_", with: "-")
        var best: (GPUSpec, Int)?
        for g in gpus {
            for alias in [g.id] + (g.aliases ?? []) {
                let a = alias.lowercased()
                guard !a.isEmpty else { continue }
                let spaced = a.replacingOccurrences(of: "-", with: " ")
                let squeezed = text.replacingOccurrences(of: " ", with: "")
                let hit = text.contains(a) || text.contains(spaced)
                    || squeezed.contains(a.replacingOccurrences(of: "-", with: ""))
                if hit, a.count > (best?.1 ?? 0) { best = (g, a.count) }
            }
        }
        return best?.0
    }

    public func tokenPrice(provider: String, model: String) -> TokenPrice? {
        tokenPrices.first { $0.provider.lowercased() == provider.lowercased() && $0.model == model }
    }

    public func gpuHourPrices(gpu: String) -> [GPUHourPrice] {
        gpuHourPrices.filter { $0.gpu == gpu }
    }

    /// Providers that bill per token, and those that bill GPU hours.
    public var tokenProviders: [String] { Array(Set(tokenPrices.map(\.provider))).sorted() }
    public var gpuHourProviders: [String] { Array(Set(gpuHourPrices.map(\.provider) + machines.map(\.provider))).sorted() }

    /// The machines with this GPU, as listed.
    public func machines(gpu: String) -> [MachinePrice] { machines.filter { $0.gpu == gpu } }

    /// Entries of `other` replace entries with the same id (prices: same provider and model/GPU);
    /// new ones are added.
    public func merging(_ other: Catalog) -> Catalog {
        var out = self
        for m in other.models {
            if let i = out.models.firstIndex(where: { $0.id == m.id }) { out.models[i] = m } else { out.models.append(m) }
        }
        for g in other.gpus {
            if let i = out.gpus.firstIndex(where: { $0.id == g.id }) { out.gpus[i] = g } else { out.gpus.append(g) }
        }
        for p in other.tokenPrices {
            if let i = out.tokenPrices.firstIndex(where: { $0.provider == p.provider && $0.model == p.model }) {
                out.tokenPrices[i] = p
            } else { out.tokenPrices.append(p) }
        }
        for p in other.gpuHourPrices {
            if let i = out.gpuHourPrices.firstIndex(where: { $0.provider == p.provider && $0.gpu == p.gpu }) {
                out.gpuHourPrices[i] = p
            } else { out.gpuHourPrices.append(p) }
        }
        // Rules are replaced per provider: an override lists a provider's whole price table.
        let ruled = Set(other.tokenPriceRules.map { $0.provider.lowercased() })
        out.tokenPriceRules = out.tokenPriceRules.filter { !ruled.contains($0.provider.lowercased()) } + other.tokenPriceRules
        for m in other.machines {
            if let i = out.machines.firstIndex(where: { $0.provider == m.provider && $0.offer == m.offer }) {
                out.machines[i] = m
            } else { out.machines.append(m) }
        }
        return out
    }
}
