import ArgumentParser
import FineTuning

/// `ftctl estimate`'s description of a model that is in no catalog: its dimensions, as its
/// config.json would give them (or the file itself, `--model-config`).
struct ModelDimensionFlags: ParsableArguments {
    @Option(help: ArgumentHelp("Transformer blocks (num_hidden_layers).", valueName: "n")) var layers: Int?
    @Option(name: .customLong("hidden-size"), help: ArgumentHelp("Model width (hidden_size).", valueName: "n")) var hiddenSize: Int?
    @Option(help: ArgumentHelp("Attention heads (num_attention_heads).", valueName: "n")) var heads: Int?
    @Option(name: .customLong("kv-heads"), help: ArgumentHelp("Key/value heads (num_key_value_heads; default: --heads).", valueName: "n"))
    var kvHeads: Int?
    @Option(name: .customLong("intermediate-size"), help: ArgumentHelp("MLP width (intermediate_size), or give --params.", valueName: "n"))
    var intermediateSize: Int?
    @Option(name: .customLong("vocab-size"), help: ArgumentHelp("Vocabulary (vocab_size).", valueName: "n")) var vocabSize: Int?
    @Option(help: ArgumentHelp("Total parameters (7B, 500M, 6.7e9): sets the MLP width when --intermediate-size is not given.", valueName: "count"))
    var params: String?
    @Flag(name: .customLong("tied-embeddings"), help: "The output head shares the embedding matrix (tie_word_embeddings).")
    var tiedEmbeddings = false

    /// True when any dimension was given.
    var given: Bool {
        layers != nil || hiddenSize != nil || heads != nil || kvHeads != nil || intermediateSize != nil || vocabSize != nil
            || params != nil || tiedEmbeddings
    }

    func validate() throws {
        guard given else { return }
        let missing = [("--layers", layers), ("--hidden-size", hiddenSize), ("--heads", heads), ("--vocab-size", vocabSize)]
            .filter { $0.1 == nil }.map(\.0)
        if !missing.isEmpty { throw ValidationError("a model given by its dimensions also needs \(missing.joined(separator: ", "))") }
        if intermediateSize == nil && params == nil { throw ValidationError("give --intermediate-size or --params") }
        if let params, ArchitectureDimensions.parameters(params) == nil {
            throw ValidationError("--params: '\(params.prefix(40))' is not a parameter count such as 7B, 500M or 6.7e9")
        }
    }

    /// The model the flags describe, nil when none were given.
    func model(name: String?) throws -> BaseModel? {
        guard given, let layers, let hiddenSize, let heads, let vocabSize else { return nil }
        let dims = ArchitectureDimensions(layers: layers, hidden: hiddenSize, heads: heads, kvHeads: kvHeads, intermediate: intermediateSize,
                                          vocab: vocabSize, parameters: params.flatMap(ArchitectureDimensions.parameters),
                                          tiedEmbeddings: tiedEmbeddings)
        return try dims.model(name: name)
    }
}
