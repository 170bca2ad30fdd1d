/// Parameter counts derived from an architecture (bias and norm vectors included as 2·hidden per layer).
public struct ParameterCount: Sendable, Hashable {
    public var embedding: Double
    public var lmHead: Double
    public var attentionPerLayer: Double
    /// Every expert's weights for MoE.
    public var mlpPerLayer: Double
    /// The weights one token goes through: top-k experts plus the router.
    public var mlpActivePerLayer: Double
    public var normsPerLayer: Double
    public var layers: Int

    public init(_ a: Architecture) {
        let h = Double(a.hidden), hd = Double(a.resolvedHeadDim)
        let q = Double(a.heads) * hd, kv = Double(a.kvHeads) * hd
        embedding = Double(a.vocab) * h
        lmHead = a.tiedEmbeddings ? 0 : Double(a.vocab) * h
        attentionPerLayer = h * q + 2 * h * kv + q * h
        let matrices: Double = a.gatedMLP ? 3 : 2
        if let moe = a.moe {
            let expert = matrices * h * Double(moe.expertIntermediate)
            let router = h * Double(moe.experts)
            mlpPerLayer = Double(moe.experts) * expert + router
            mlpActivePerLayer = Double(moe.topK) * expert + router
        } else {
            mlpPerLayer = matrices * h * Double(a.intermediate)
            mlpActivePerLayer = mlpPerLayer
        }
        normsPerLayer = 2 * h
        layers = a.layers
    }

    var l: Double { Double(layers) }
    /// Weights of the linear layers inside the blocks (what QLoRA quantizes).
    public var blockLinear: Double { l * (attentionPerLayer + mlpPerLayer) }
    public var total: Double { embedding + lmHead + blockLinear + l * normsPerLayer }
    /// Parameters that do work for one token (MoE: top-k experts), embeddings included.
    public var active: Double { embedding + lmHead + l * (attentionPerLayer + mlpActivePerLayer + normsPerLayer) }
    /// Parameters whose matmuls cost FLOPs per token (the embedding lookup does not).
    public var activeMatmul: Double { (lmHead > 0 ? lmHead : embedding) + l * (attentionPerLayer + mlpActivePerLayer) }
    /// The largest single block, for ZeRO-3 gather buffers.
    public var largestLayer: Double { attentionPerLayer + mlpPerLayer + normsPerLayer }

    /// LoRA adapter parameters: r·(d_in + d_out) for each adapted matrix.
    public static func lora(_ a: Architecture, rank: Int, targets: LoRATargets) -> Double {
        let r = Double(max(rank, 0)), h = Double(a.hidden), hd = Double(a.resolvedHeadDim)
        let q = Double(a.heads) * hd, kv = Double(a.kvHeads) * hd
        let qProj = r * (h + q), kvProj = r * (h + kv), oProj = r * (q + h)
        let inter = Double(a.moe?.expertIntermediate ?? a.intermediate)
        let experts = Double(a.moe?.experts ?? 1)
        let mlpMatrix = r * (h + inter)
        let mlp = experts * (a.gatedMLP ? 3 : 2) * mlpMatrix
        let perLayer: Double
        switch targets {
        case .qv: perLayer = qProj + kvProj
        case .qkv: perLayer = qProj + 2 * kvProj
        case .qvoMLP: perLayer = qProj + kvProj + oProj + mlp
        case .allLinearHead: perLayer = qProj + 2 * kvProj + oProj + mlp
        case .qkvFused: perLayer = r * (h + q + 2 * kv)
        case .attention: perLayer = qProj + 2 * kvProj + oProj
        case .mlp: perLayer = mlp
        case .allLinear: perLayer = qProj + 2 * kvProj + oProj + mlp
        case .allLinearFusedQKV: perLayer = r * (h + q + 2 * kv) + oProj + mlp
        }
        let head = targets == .allLinearHead ? r * (h + Double(a.vocab)) : 0
        return Double(a.layers) * perLayer + head
    }

    /// Values per token that enter the adapted layers of one block, one input per adapted matrix
    /// (PEFT's layout: q, k and v each have their own adapter, and so their own dropout).
    public static func loraInputWidth(_ a: Architecture, targets: LoRATargets) -> Double {
        let h = Double(a.hidden), q = Double(a.heads) * Double(a.resolvedHeadDim)
        let inter = Double(a.moe?.expertIntermediate ?? a.intermediate)
        let topK = Double(a.moe?.topK ?? 1)
        let mlp = topK * ((a.gatedMLP ? 2 : 1) * h + inter)
        switch targets {
        case .qv: return 2 * h
        case .qkv: return 3 * h
        case .qkvFused: return h
        case .attention: return 3 * h + q
        case .mlp: return mlp
        case .qvoMLP: return 2 * h + q + mlp
        case .allLinear, .allLinearHead: return 3 * h + q + mlp
        case .allLinearFusedQKV: return h + q + mlp
        }
    }
}
