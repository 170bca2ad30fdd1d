import Foundation

/// One option evaluated for one job.
public struct Candidate: Sendable, Hashable {
    public var option: HardwareOption
    public var memory: MemoryBreakdown
    public var fits: Bool
    public var hours: Double?
    public var cost: Cost?
    /// Why it does not fit or cannot be priced; nil for a priced option that fits.
    public var reason: String?
}

public struct HardwareSelection: Sendable, Hashable {
    /// The cheapest option that fits, or, when none fits, the one closest to fitting (with `fits` false).
    public var chosen: Candidate?
    /// Options ranked before the chosen one that were passed over, and unpriced options, with the reason.
    public var alternatives: [Candidate]
    /// Every option, cheapest first; unpriced ones after priced ones.
    public var ranked: [Candidate]
}

public enum HardwareSelector {
    static func format(_ d: Double) -> String {
        guard d.isFinite else { return "?" }
        return String(format: "%.1f", d)
    }

    /// Evaluates each option with `memory(count)` and `hours(option)`, then picks the cheapest that
    /// fits within `margin` of its per-GPU memory.
    public static func select(_ options: [HardwareOption], margin: Double,
                              memory: (HardwareOption) -> MemoryBreakdown,
                              hours: (HardwareOption) -> Double?) -> HardwareSelection {
        let margin = margin.isFinite && margin > 0 && margin <= 1 ? margin : 0.9
        var candidates: [Candidate] = options.map { o in
            let m = memory(o)
            let limit = o.memoryGiBPerGPU * margin
            let fits = m.total.isFinite && m.total <= limit
            let h = hours(o).flatMap { $0.isFinite && $0 >= 0 ? $0 : nil }
            let cost = h.flatMap { hh in o.pricePerHour.flatMap { CostModel.gpuHours(hours: hh, configPricePerHour: $0) } }
            var reason: String?
            let gpuLabel = o.gpu?.name.replacingOccurrences(of: "NVIDIA ", with: "") ?? o.gpuName
            if !fits {
                reason = "needs \(format(m.total)) GiB per GPU, \(gpuLabel) has \(format(o.memoryGiBPerGPU)) GiB "
                    + "(\(format(limit)) GiB usable at \(Int((margin * 100).rounded()))%)"
            } else if o.pricePerHour == nil {
                reason = "no price listed for \(o.id); ranked after priced options"
            } else if h == nil {
                reason = "no time estimate for \(o.gpuName) (GPU not in the catalog); ranked after priced options"
            }
            return Candidate(option: o, memory: m, fits: fits, hours: h, cost: cost, reason: reason)
        }
        candidates.sort(by: order)
        let chosenIndex = candidates.firstIndex { $0.fits }
            ?? candidates.indices.max { headroom(candidates[$0]) < headroom(candidates[$1]) }
        guard let chosenIndex else { return HardwareSelection(chosen: nil, alternatives: [], ranked: []) }
        let chosen = candidates[chosenIndex]
        var alternatives = Array(candidates[..<chosenIndex]).filter { !$0.fits }
        if chosen.cost != nil {
            alternatives += candidates[(chosenIndex + 1)...].filter { $0.cost == nil && $0.fits }
        }
        return HardwareSelection(chosen: chosen, alternatives: alternatives, ranked: candidates)
    }

    /// Priced first by cost; at equal cost (or unpriced) the smaller configuration, then the faster; ties by id.
    static func order(_ a: Candidate, _ b: Candidate) -> Bool {
        switch (a.cost, b.cost) {
        case let (x?, y?) where x.amount != y.amount: return x.amount < y.amount
        case (.some, nil): return true
        case (nil, .some): return false
        default: break
        }
        if a.option.count != b.option.count { return a.option.count < b.option.count }
        if let x = a.hours, let y = b.hours, x != y { return x < y }
        if (a.hours == nil) != (b.hours == nil) { return a.hours != nil }
        if a.option.memoryGiBPerGPU != b.option.memoryGiBPerGPU { return a.option.memoryGiBPerGPU < b.option.memoryGiBPerGPU }
        return a.option.id < b.option.id
    }

    static func headroom(_ c: Candidate) -> Double {
        let h = c.option.memoryGiBPerGPU - c.memory.total
        return h.isFinite ? h : -Double.greatestFiniteMagnitude
    }
}
