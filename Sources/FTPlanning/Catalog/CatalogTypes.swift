import Foundation

/// Where a catalog figure comes from: a URL or a document name, and the date it refers to.
public struct SourceRef: Codable, Sendable, Hashable {
    public var url: String
    public var date: String
    public var note: String?

    public init(url: String, date: String, note: String? = nil) {
        self.url = url
        self.date = date
        self.note = note
    }
}

/// The tokenizer a model was trained with, as far as billing and counting care.
public enum TokenizerFamily: String, Codable, Sendable, Hashable, CaseIterable {
    case o200kBase = "o200k_base"
    case cl100kBase = "cl100k_base"
    case llama3
    case qwen2
    case other
}

/// Mixture-of-experts feed-forward layers.
public struct MoEConfig: Codable, Sendable, Hashable {
    public var experts: Int
    public var topK: Int
    public var expertIntermediate: Int

    enum CodingKeys: String, CodingKey {
        case experts
        case topK = "top_k"
        case expertIntermediate = "expert_intermediate"
    }

    public init(experts: Int, topK: Int, expertIntermediate: Int) {
        self.experts = experts
        self.topK = topK
        self.expertIntermediate = expertIntermediate
    }
}

/// A decoder-only transformer as its config.json describes it.
public struct Architecture: Codable, Sendable, Hashable {
    public var layers: Int
    public var hidden: Int
    /// The feed-forward width of one dense MLP (for gated MLPs, the width of each of gate/up).
    public var intermediate: Int
    public var heads: Int
    public var kvHeads: Int
    /// Defaults to hidden / heads when absent.
    public var headDim: Int?
    public var vocab: Int
    public var tiedEmbeddings: Bool
    /// SwiGLU/GeGLU (gate, up, down) rather than two matrices.
    public var gatedMLP: Bool
    public var moe: MoEConfig?

    enum CodingKeys: String, CodingKey {
        case layers, hidden, intermediate, heads, vocab, moe
        case kvHeads = "kv_heads"
        case headDim = "head_dim"
        case tiedEmbeddings = "tied_embeddings"
        case gatedMLP = "gated_mlp"
    }

    public init(layers: Int, hidden: Int, intermediate: Int, heads: Int, kvHeads: Int, headDim: Int? = nil,
                vocab: Int, tiedEmbeddings: Bool, gatedMLP: Bool = true, moe: MoEConfig? = nil) {
        self.layers = layers
        self.hidden = hidden
        self.intermediate = intermediate
        self.heads = heads
        self.kvHeads = kvHeads
        self.headDim = headDim
        self.vocab = vocab
        self.tiedEmbeddings = tiedEmbeddings
        self.gatedMLP = gatedMLP
        self.moe = moe
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        layers = try c.decode(Int.self, forKey: .layers)
        hidden = try c.decode(Int.self, forKey: .hidden)
        intermediate = try c.decode(Int.self, forKey: .intermediate)
        heads = try c.decode(Int.self, forKey: .heads)
        kvHeads = try c.decodeIfPresent(Int.self, forKey: .kvHeads) ?? heads
        headDim = try c.decodeIfPresent(Int.self, forKey: .headDim)
        vocab = try c.decode(Int.self, forKey: .vocab)
        tiedEmbeddings = try c.decodeIfPresent(Bool.self, forKey: .tiedEmbeddings) ?? false
        gatedMLP = try c.decodeIfPresent(Bool.self, forKey: .gatedMLP) ?? true
        moe = try c.decodeIfPresent(MoEConfig.self, forKey: .moe)
    }

    public var resolvedHeadDim: Int { headDim ?? (heads > 0 ? hidden / heads : 0) }
}

/// A base model that can be fine-tuned: open weights with an architecture, or a hosted model
/// (OpenAI) known only by its context limit and price.
public struct BaseModel: Codable, Sendable, Hashable {
    public var id: String
    public var name: String
    public var aliases: [String]?
    public var hfRepo: String?
    public var publishedParams: Int64?
    public var publishedActiveParams: Int64?
    public var architecture: Architecture?
    public var maxContext: Int
    public var tokenizer: TokenizerFamily
    /// The published count includes a vision tower the text architecture does not describe.
    public var multimodal: Bool?
    public var source: SourceRef
    /// The names providers fine-tune this model under (Together's `...-Instruct-Reference`), by
    /// provider id, with where that list comes from.
    public var providerModels: [String: ProviderModelIDs]?

    enum CodingKeys: String, CodingKey {
        case id, name, aliases, architecture, tokenizer, multimodal, source
        case providerModels = "provider_models"
        case hfRepo = "hf_repo"
        case publishedParams = "published_params"
        case publishedActiveParams = "published_active_params"
        case maxContext = "max_context"
    }

    public init(id: String, name: String, aliases: [String]? = nil, hfRepo: String? = nil,
                publishedParams: Int64? = nil, publishedActiveParams: Int64? = nil,
                architecture: Architecture? = nil, maxContext: Int, tokenizer: TokenizerFamily,
                multimodal: Bool? = nil, source: SourceRef) {
        self.id = id
        self.name = name
        self.aliases = aliases
        self.hfRepo = hfRepo
        self.publishedParams = publishedParams
        self.publishedActiveParams = publishedActiveParams
        self.architecture = architecture
        self.maxContext = maxContext
        self.tokenizer = tokenizer
        self.multimodal = multimodal
        self.source = source
    }
}

/// A provider's names for one catalog model (instruct variants share its architecture and tokenizer).
public struct ProviderModelIDs: Codable, Sendable, Hashable {
    public var ids: [String]
    public var source: SourceRef
}

/// One GPU model from its vendor's datasheet.
public struct GPUSpec: Codable, Sendable, Hashable {
    public var id: String
    public var name: String
    public var aliases: [String]?
    public var memoryGiB: Double
    /// Dense BF16 tensor throughput, without structured sparsity.
    public var bf16DenseTFLOPS: Double
    public var memoryBandwidthGBps: Double
    /// Present only to check published runs; never offered as hardware.
    public var validationOnly: Bool?
    public var source: SourceRef
    /// Where `memoryGiB` comes from: the total nvidia-smi reports, which is what a job can use.
    public var memorySource: SourceRef?

    enum CodingKeys: String, CodingKey {
        case id, name, aliases, source
        case memorySource = "memory_source"
        case memoryGiB = "memory_gib"
        case bf16DenseTFLOPS = "bf16_dense_tflops"
        case memoryBandwidthGBps = "memory_bandwidth_gbps"
        case validationOnly = "validation_only"
    }

    public init(id: String, name: String, aliases: [String]? = nil, memoryGiB: Double, bf16DenseTFLOPS: Double,
                memoryBandwidthGBps: Double, validationOnly: Bool? = nil, source: SourceRef) {
        self.id = id
        self.name = name
        self.aliases = aliases
        self.memoryGiB = memoryGiB
        self.bf16DenseTFLOPS = bf16DenseTFLOPS
        self.memoryBandwidthGBps = memoryBandwidthGBps
        self.validationOnly = validationOnly
        self.source = source
    }
}

/// A price written in the catalog as a decimal string (or a JSON number), kept exact.
public struct Price: Codable, Sendable, Hashable, CustomStringConvertible {
    public var value: Decimal

    public init(_ value: Decimal) { self.value = value }

    public init?(string: String) {
        let trimmed = string.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty,
              trimmed.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-" || $0 == "+" || $0 == "e" || $0 == "E") }),
              let d = Decimal(string: trimmed, locale: Locale(identifier: "en_US_POSIX")),
              !d.isNaN else { return nil }
        value = d
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let s = try? c.decode(String.self) {
            guard let p = Price(string: s) else {
                throw DecodingError.dataCorruptedError(in: c, debugDescription: "not a decimal price: \(s)")
            }
            self = p
            return
        }
        let d = try c.decode(Double.self)
        guard d.isFinite, let p = Price(string: "\(d)") else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "not a finite price")
        }
        self = p
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }

    public var description: String { NSDecimalNumber(decimal: value).stringValue }
}

/// A provider's published price per 1M training tokens for one model.
public struct TokenPrice: Codable, Sendable, Hashable {
    public var provider: String
    public var model: String
    public var usdPer1MTokens: Price
    public var source: SourceRef

    enum CodingKeys: String, CodingKey {
        case provider, model, source
        case usdPer1MTokens = "usd_per_1m_tokens"
    }

    public init(provider: String, model: String, usdPer1MTokens: Price, source: SourceRef) {
        self.provider = provider
        self.model = model
        self.usdPer1MTokens = usdPer1MTokens
        self.source = source
    }
}

/// A provider's on-demand price for one GPU for one hour.
public struct GPUHourPrice: Codable, Sendable, Hashable {
    public var provider: String
    public var gpu: String
    public var usdPerGPUHour: Price
    /// A public list price (not a negotiated or spot one).
    public var listPrice: Bool
    public var source: SourceRef

    enum CodingKeys: String, CodingKey {
        case provider, gpu, source
        case usdPerGPUHour = "usd_per_gpu_hour"
        case listPrice = "list_price"
    }

    public init(provider: String, gpu: String, usdPerGPUHour: Price, listPrice: Bool = true, source: SourceRef) {
        self.provider = provider
        self.gpu = gpu
        self.usdPerGPUHour = usdPerGPUHour
        self.listPrice = listPrice
        self.source = source
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        provider = try c.decode(String.self, forKey: .provider)
        gpu = try c.decode(String.self, forKey: .gpu)
        usdPerGPUHour = try c.decode(Price.self, forKey: .usdPerGPUHour)
        listPrice = try c.decodeIfPresent(Bool.self, forKey: .listPrice) ?? true
        source = try c.decode(SourceRef.self, forKey: .source)
    }
}

/// One machine a provider rents: an instance type or offer with a fixed number of GPUs, priced per
/// hour as a whole. Clouds price machines, not GPUs: 4×A10G on AWS is a g5.12xlarge, and there is
/// no 2×A10G machine at all.
public struct MachinePrice: Codable, Sendable, Hashable {
    public var provider: String
    /// The instance type or offer name (g5.12xlarge, gpu_8x_h100-sxm).
    public var offer: String
    public var gpu: String
    public var count: Int
    public var usdPerHour: Price
    public var region: String
    public var source: SourceRef

    enum CodingKeys: String, CodingKey {
        case provider, offer, gpu, count, region, source
        case usdPerHour = "usd_per_hour"
    }

    public init(provider: String, offer: String, gpu: String, count: Int, usdPerHour: Price, region: String, source: SourceRef) {
        self.provider = provider
        self.offer = offer
        self.gpu = gpu
        self.count = count
        self.usdPerHour = usdPerHour
        self.region = region
        self.source = source
    }

    /// The option id used by `--hardware` and in the output: provider and offer.
    public var id: String { "\(provider):\(offer)" }
}
