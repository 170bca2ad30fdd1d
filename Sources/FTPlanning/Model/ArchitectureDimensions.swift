import Foundation
import FTCore

/// A model described by its dimensions on the command line (`--layers`, `--hidden-size`, `--heads`,
/// `--vocab-size`, and `--intermediate-size` or `--params`) instead of a catalog name or a
/// config.json. Given the parameter count, the MLP width is what makes the count add up.
public struct ArchitectureDimensions: Sendable, Hashable {
    public var layers: Int
    public var hidden: Int
    public var heads: Int
    public var kvHeads: Int?
    public var intermediate: Int?
    public var vocab: Int
    /// Total parameters, embeddings included.
    public var parameters: Double?
    public var tiedEmbeddings: Bool

    public init(layers: Int, hidden: Int, heads: Int, kvHeads: Int? = nil, intermediate: Int? = nil, vocab: Int,
                parameters: Double? = nil, tiedEmbeddings: Bool = false) {
        self.layers = layers
        self.hidden = hidden
        self.heads = heads
        self.kvHeads = kvHeads
        self.intermediate = intermediate
        self.vocab = vocab
        self.parameters = parameters
        self.tiedEmbeddings = tiedEmbeddings
    }

    /// Reads "7B", "500M", "6.7e9" or "6738415616"; nil for anything else or a count outside 1M…100T.
    public static func parameters(_ text: String) -> Double? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard !t.isEmpty, t.count <= 32 else { return nil }
        let scale: Double
        let digits: Substring
        switch t.last {
        case "b": scale = 1e9; digits = t.dropLast()
        case "m": scale = 1e6; digits = t.dropLast()
        case "t": scale = 1e12; digits = t.dropLast()
        default: scale = 1; digits = t[...]
        }
        guard digits.allSatisfy({ $0.isASCII && ($0.isNumber || ".e+".contains($0)) }),
              let n = Double(String(digits)), n.isFinite else { return nil }
        let count = n * scale
        return (1e6...1e14).contains(count) ? count : nil
    }

    /// The model these dimensions describe (gated MLP, as every current open model has).
    public func model(name: String?) throws -> BaseModel {
        func bad(_ why: String, _ hint: String) -> FTError { FTError(.usage, what: "model dimensions", why: why, hint: hint) }
        let limit = 1 << 24
        for (flag, v) in [("--layers", layers), ("--hidden-size", hidden), ("--heads", heads), ("--vocab-size", vocab)] {
            guard v >= 1, v <= limit else { throw bad("\(flag) must be 1 to \(limit)", "Give the value from the model's config.json.") }
        }
        let kv = kvHeads ?? heads
        guard kv >= 1, kv <= heads else { throw bad("--kv-heads must be 1 to --heads (\(heads))", "Give num_key_value_heads.") }
        guard hidden >= heads else { throw bad("--hidden-size is smaller than --heads", "Check both values.") }
        var width = intermediate
        if width == nil, let parameters {
            // Everything but the MLP, then the gated MLP's 3·hidden·width per layer makes up the rest.
            let probe = Architecture(layers: layers, hidden: hidden, intermediate: 0, heads: heads, kvHeads: kv, vocab: vocab,
                                     tiedEmbeddings: tiedEmbeddings)
            let rest = ParameterCount(probe).total
            let perUnit = 3 * Double(hidden) * Double(layers)
            let derived = (parameters - rest) / perUnit
            guard derived >= 1, derived <= Double(limit) else {
                throw bad(String(format: "--params %.3gB is too small for these dimensions (the embeddings and attention alone are %.3gB)",
                                 parameters / 1e9, rest / 1e9),
                          "Check --params, or give --intermediate-size instead.")
            }
            width = Int(derived.rounded())
        }
        guard let width else { throw bad("give --intermediate-size or --params", "Either sets the MLP width.") }
        guard width >= 1, width <= limit else { throw bad("--intermediate-size must be 1 to \(limit)", "Give intermediate_size.") }
        let arch = Architecture(layers: layers, hidden: hidden, intermediate: width, heads: heads, kvHeads: kv, vocab: vocab,
                                tiedEmbeddings: tiedEmbeddings)
        let billions = ParameterCount(arch).total / 1e9
        let id = name ?? String(format: "custom-%.1fb", billions)
        return BaseModel(id: id, name: id, architecture: arch, maxContext: 131_072, tokenizer: .other,
                         source: SourceRef(url: "command line", date: "as given",
                                           note: "architecture from --layers/--hidden-size/--heads/--vocab-size"
                                               + (intermediate == nil ? " and --params" : " and --intermediate-size")))
    }
}
