import Foundation
import FTCore

/// Reads a Hugging Face `config.json` into an architecture, so any decoder-only model can be
/// estimated without a catalog entry. Accepts the Llama/Mistral/Qwen/Gemma names and the
/// GPT-NeoX/Falcon/Bloom/GPT-2 spellings (n_layer, n_head, n_embd, ffn_hidden_size, multi_query).
public enum HFConfig {
    /// The model described by the file at `path`; every failure is a one-line error naming it.
    public static func load(path: String) throws -> BaseModel {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw FTError(.fileMissing, what: "read --model-config \(path)", why: "the file cannot be read", hint: "Check the path.")
        }
        return try parse(data, name: path)
    }

    public static func parse(_ data: Data, name: String) throws -> BaseModel {
        guard data.count <= 16 << 20, let root = JSONValue.parse(data)?.object else {
            throw FTError(.invalidData, what: "read --model-config \(name)", why: "not a JSON object", hint: "Give a Hugging Face config.json.")
        }
        return try parse(root: root, name: name)
    }

    /// The same from an already parsed object.
    public static func parse(root: JSONObject, name: String) throws -> BaseModel {
        func bad(_ why: String) -> FTError {
            FTError(.invalidData, what: "read --model-config \(name)", why: why,
                    hint: "Give a Hugging Face config.json with num_hidden_layers, hidden_size, num_attention_heads and vocab_size.")
        }
        // Multimodal configs keep the language model under text_config; its values win.
        let text = root["text_config"]?.object
        func value(_ k: String) -> JSONValue? {
            if let v = text?[k], !v.isNull { return v }
            if let v = root[k], !v.isNull { return v }
            return nil
        }
        let limit = 1 << 40
        func int(_ keys: String...) throws -> Int? {
            for k in keys {
                guard let v = value(k) else { continue }
                guard v.bool == nil, let n = v.int, n >= 1, n <= limit else { throw bad("'\(k)' must be a positive whole number") }
                return n
            }
            return nil
        }
        func need(_ label: String, _ value: Int?) throws -> Int {
            guard let value else { throw bad("'\(label)' is missing") }
            return value
        }
        let layers = try need("num_hidden_layers", try int("num_hidden_layers", "n_layer", "num_layers"))
        let hidden = try need("hidden_size", try int("hidden_size", "n_embd", "d_model"))
        let heads = try need("num_attention_heads", try int("num_attention_heads", "n_head", "num_heads"))
        let vocab = try need("vocab_size", try int("vocab_size", "padded_vocab_size"))
        let multiQuery = value("multi_query")?.bool == true
        let kvHeads = try int("num_key_value_heads", "num_kv_heads", "n_head_kv") ?? (multiQuery ? 1 : heads)
        guard kvHeads <= heads else { throw bad("more key/value heads (\(kvHeads)) than attention heads (\(heads))") }
        let type = (value("model_type")?.string ?? "").lowercased()
        // Two-matrix MLPs (fc1/fc2) in these families; everything else modern is gated (gate, up, down).
        let ungated = ["gpt_neox", "phi", "falcon", "bloom", "gpt2", "gptj", "gpt_bigcode", "opt", "mpt", "starcoder2"].contains(type)
        // transformers' own default of tie_word_embeddings for families whose config.json often omits it.
        let tiedByDefault = ["gemma", "gemma2", "gemma3", "gemma3_text", "falcon", "bloom", "gpt2"].contains(type)
        let intermediate = try int("intermediate_size", "ffn_hidden_size", "n_inner", "ffn_dim") ?? 4 * hidden
        var moe: MoEConfig?
        if let experts = try int("num_local_experts", "num_experts", "n_routed_experts"), experts > 1 {
            let topK = try int("num_experts_per_tok", "moe_topk", "top_k") ?? 2
            guard topK <= experts else { throw bad("num_experts_per_tok exceeds the expert count") }
            moe = MoEConfig(experts: experts, topK: topK, expertIntermediate: try int("moe_intermediate_size") ?? intermediate)
        }
        let arch = Architecture(layers: layers, hidden: hidden, intermediate: intermediate, heads: heads, kvHeads: kvHeads,
                                headDim: try int("head_dim"), vocab: vocab,
                                tiedEmbeddings: value("tie_word_embeddings")?.bool ?? tiedByDefault, gatedMLP: !ungated, moe: moe)
        guard arch.resolvedHeadDim >= 1 else { throw bad("hidden_size / num_attention_heads is below 1") }
        let context = try int("max_position_embeddings", "n_positions", "seq_length", "max_sequence_length") ?? 4096
        // The repo name the file records, else its folder (models/llama/config.json → llama), else the name given.
        let url = URL(fileURLWithPath: name)
        let folder = url.lastPathComponent == "config.json" ? url.deletingLastPathComponent().lastPathComponent : url.lastPathComponent
        let id = value("_name_or_path")?.string.flatMap { $0.isEmpty ? nil : $0 } ?? (name.contains("/") ? folder : name)
        return BaseModel(id: id.isEmpty ? "custom" : id, name: id, architecture: arch, maxContext: context, tokenizer: .other,
                         source: SourceRef(url: name, date: "as given", note: "architecture from a Hugging Face config.json"))
    }
}
