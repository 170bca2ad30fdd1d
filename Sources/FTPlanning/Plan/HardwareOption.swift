import Foundation
import FTCore

/// One configuration a job could run on: a GPU type, a count and, if known, its hourly price.
public struct HardwareOption: Sendable, Hashable {
    public var id: String
    /// The catalog GPU, when the option could be matched to one (needed for a time estimate).
    public var gpu: GPUSpec?
    public var gpuName: String
    public var count: Int
    public var memoryGiBPerGPU: Double
    /// The price of the whole configuration for one hour.
    public var pricePerHour: Decimal?
    public var provider: String?
    public var priceSource: SourceRef?

    public init(id: String, gpu: GPUSpec?, gpuName: String, count: Int, memoryGiBPerGPU: Double,
                pricePerHour: Decimal?, provider: String?, priceSource: SourceRef? = nil) {
        self.id = id
        self.gpu = gpu
        self.gpuName = gpuName
        self.count = count
        self.memoryGiBPerGPU = memoryGiBPerGPU
        self.pricePerHour = pricePerHour
        self.provider = provider
        self.priceSource = priceSource
    }

    /// The machines the catalog lists (of `provider`, if given), each priced as a whole. Per-GPU prices
    /// from an override file become `counts` configurations; a GPU with no machine and no price stays
    /// in the list unpriced, so it can still be chosen by fit.
    public static func catalogOptions(_ catalog: Catalog, provider: String? = nil, counts: [Int] = [1, 2, 4, 8]) -> [HardwareOption] {
        var out: [HardwareOption] = []
        let wanted = provider?.lowercased()
        for g in catalog.gpus where g.validationOnly != true {
            let machines = catalog.machines(gpu: g.id).filter { wanted == nil || $0.provider.lowercased() == wanted }
            for m in machines {
                out.append(HardwareOption(id: m.id, gpu: g, gpuName: g.name, count: m.count, memoryGiBPerGPU: g.memoryGiB,
                                          pricePerHour: m.usdPerHour.value, provider: m.provider, priceSource: m.source))
            }
            let perGPU = catalog.gpuHourPrices(gpu: g.id).filter { wanted == nil || $0.provider.lowercased() == wanted }
            if wanted != nil, machines.isEmpty, perGPU.isEmpty { continue }
            let listed = !catalog.machines(gpu: g.id).isEmpty
            if !perGPU.isEmpty || !listed {
                let best = perGPU.min { $0.usdPerGPUHour.value < $1.usdPerGPUHour.value }
                for n in counts where n > 0 && n <= 1024 {
                    out.append(HardwareOption(
                        id: n == 1 ? g.id : "\(g.id)-x\(n)", gpu: g, gpuName: g.name, count: n, memoryGiBPerGPU: g.memoryGiB,
                        pricePerHour: best.map { $0.usdPerGPUHour.value * Decimal(n) }, provider: best?.provider,
                        priceSource: best?.source))
                }
            }
        }
        return out
    }

    /// Every catalog GPU × `counts` with no price, for a provider whose machines the catalog does not list.
    public static func unpricedOptions(_ catalog: Catalog, provider: String, counts: [Int] = [1, 2, 4, 8]) -> [HardwareOption] {
        catalog.gpus.filter { $0.validationOnly != true }.flatMap { g in
            counts.map { n in
                HardwareOption(id: n == 1 ? g.id : "\(g.id)-x\(n)", gpu: g, gpuName: g.name, count: n, memoryGiBPerGPU: g.memoryGiB,
                               pricePerHour: nil, provider: provider)
            }
        }
    }

    /// Options from a provider's hardware list, such as generic-v1's `GET /api/v1/fine-tuning/hardware`:
    /// `{"hardware":[{"id","name","gpuMemory":"80GB","gpuCount":4,"costPerHour":18.0}]}`, bare or wrapped
    /// in `{"success":true,"data":…}`. Entries without a readable id, count or memory are skipped;
    /// a missing or unreadable price leaves the option unpriced.
    public static func providerOptions(json data: Data, provider: String, catalog: Catalog) throws -> [HardwareOption] {
        let entries: [ProviderHardwareEntry]
        if let root = try? JSONDecoder().decode(ProviderHardwareRoot.self, from: data),
           let list = root.hardware ?? root.data?.hardware {
            entries = list
        } else if let list = try? JSONDecoder().decode([ProviderHardwareEntry].self, from: data) {
            entries = list
        } else {
            throw FTError(.badResponse, what: "read the \(provider) hardware list", why: "no 'hardware' list in the body")
        }
        var out: [HardwareOption] = []
        for e in entries {
            guard let id = e.id?.string, !id.isEmpty else { continue }
            let name = e.name?.string ?? id
            guard let count = (e.count ?? .number(1)).positiveInt, count <= 1024 else { continue }
            let mem: Double? = e.memory.flatMap { v in
                switch v {
                case .string(let s): return MemoryText.gib(s)
                case .number(let d): return d.isFinite ? MemoryText.gib("\(d)") : nil
                default: return nil
                }
            }
            let gpu = catalog.gpu(matchingName: name) ?? catalog.gpu(matchingName: id)
            guard let memory = mem ?? gpu?.memoryGiB else { continue }
            out.append(HardwareOption(id: id, gpu: gpu, gpuName: name, count: count, memoryGiBPerGPU: memory,
                                      pricePerHour: e.price?.price, provider: provider,
                                      priceSource: SourceRef(url: "\(provider) GET /api/v1/fine-tuning/hardware", date: "as answered")))
        }
        return out
    }
}

/// A JSON value read without failing: what a field holds, whatever its type.
enum LenientValue: Decodable, Sendable {
    case string(String), number(Double), bool(Bool), other

    init(from decoder: any Decoder) throws {
        guard let c = try? decoder.singleValueContainer() else { self = .other; return }
        if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let d = try? c.decode(Double.self) { self = .number(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else { self = .other }
    }

    var string: String? { if case .string(let s) = self { return s } else { return nil } }

    var positiveInt: Int? {
        switch self {
        case .number(let d):
            guard let i = Numeric.int(d), i > 0, Double(i) == d else { return nil }
            return i
        case .string(let s):
            guard let i = Int(s.trimmingCharacters(in: .whitespaces)), i > 0 else { return nil }
            return i
        default: return nil
        }
    }

    /// A non-negative finite price.
    var price: Decimal? {
        let p: Price?
        switch self {
        case .number(let d): p = d.isFinite ? Price(string: "\(d)") : nil
        case .string(let s): p = Price(string: s)
        default: p = nil
        }
        guard let v = p?.value, !v.isNaN, v >= 0 else { return nil }
        return v
    }
}

struct ProviderHardwareEntry: Decodable, Sendable {
    var id, name, memory, count, price: LenientValue?

    enum CodingKeys: String, CodingKey {
        case id, name, gpuMemory, gpu_memory, gpuCount, gpu_count, costPerHour, cost_per_hour
    }

    init(from decoder: any Decoder) throws {
        guard let c = try? decoder.container(keyedBy: CodingKeys.self) else { return }
        func v(_ k: CodingKeys) -> LenientValue? { (try? c.decodeIfPresent(LenientValue.self, forKey: k)) ?? nil }
        id = v(.id)
        name = v(.name)
        memory = v(.gpuMemory) ?? v(.gpu_memory)
        count = v(.gpuCount) ?? v(.gpu_count)
        price = v(.costPerHour) ?? v(.cost_per_hour)
    }
}

struct ProviderHardwareRoot: Decodable, Sendable {
    struct Inner: Decodable, Sendable { var hardware: [ProviderHardwareEntry]? }
    var hardware: [ProviderHardwareEntry]?
    var data: Inner?
}

/// GPU memory written as text: "80GB", "24 GB", "80 GiB", "40960MiB", "0.5 TB", "48g", "80".
public enum MemoryText {
    /// The size in GiB. Vendor "GB" for GPU memory is binary (an 80 GB HBM part holds 80 GiB), so GB and
    /// GiB read the same; MB/MiB divide by 1024, TB/TiB multiply. Nil for anything else, for negative,
    /// zero, non-finite or absurd (over 1 PiB) values.
    public static func gib(_ text: String) -> Double? {
        let s = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard !s.isEmpty, s.count <= 64 else { return nil }
        var numberPart = ""
        var rest = Substring(s)
        while let ch = rest.first, ch.isASCII, ch.isNumber || ch == "." {
            numberPart.append(ch)
            rest = rest.dropFirst()
        }
        guard !numberPart.isEmpty, numberPart.filter({ $0 == "." }).count <= 1, numberPart != ".",
              let value = Double(numberPart), value.isFinite, value > 0 else { return nil }
        let unit = rest.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: " ", with: "")
        let factor: Double
        switch unit {
        case "", "g", "gb", "gib", "gbytes", "gigabytes": factor = 1
        case "m", "mb", "mib": factor = 1.0 / 1024
        case "t", "tb", "tib": factor = 1024
        default: return nil
        }
        let gib = value * factor
        guard gib.isFinite, gib > 0, gib <= 1_048_576 else { return nil }
        return gib
    }
}
