import Foundation

/// A tokenizer family: one rank file plus the pre-tokenization rules, special tokens and text
/// normalization that must go with it. Counts are exact only when all of these match the model.
public enum Encoding: String, Sendable, CaseIterable, Codable {
    case o200kBase = "o200k_base"
    case cl100kBase = "cl100k_base"
    case llama3
    case qwen2

    /// The file name ftctl looks for in its tokenizer folders (`o200k_base.tiktoken`, …).
    public var fileName: String { rawValue + ".tiktoken" }

    /// Which hand-written scanner splits text for this family (each mirrors one regex exactly).
    public var patternKind: PatternKind {
        switch self {
        case .o200kBase: .o200k
        case .cl100kBase: .cl100k
        case .llama3: .llama3
        case .qwen2: .qwen2
        }
    }

    /// The pre-tokenization regex as the family's source publishes it. ftctl never runs it (the
    /// scanners implement it); it is here so tests can hand it to the reference implementation.
    public var pattern: String { patternKind.regex }

    /// Special token name → id. These never come out of `encodeOrdinary`; chat templates add them.
    public var specialTokens: [String: Int] {
        switch self {
        case .cl100kBase:
            ["<|endoftext|>": 100_257, "<|fim_prefix|>": 100_258, "<|fim_middle|>": 100_259,
             "<|fim_suffix|>": 100_260, "<|endofprompt|>": 100_276]
        case .o200kBase:
            ["<|endoftext|>": 199_999, "<|endofprompt|>": 200_018]
        case .llama3:
            ["<|begin_of_text|>": 128_000, "<|end_of_text|>": 128_001, "<|start_header_id|>": 128_006,
             "<|end_header_id|>": 128_007, "<|eot_id|>": 128_009]
        case .qwen2:
            ["<|endoftext|>": 151_643, "<|im_start|>": 151_644, "<|im_end|>": 151_645]
        }
    }

    /// Qwen's tokenizer NFC-normalizes text before encoding; the others encode the scalars as given.
    public var normalizesNFC: Bool { self == .qwen2 }

    /// SHA-256 (lowercase hex) of the published rank file, so a file is recognised by content alone,
    /// whatever it is called.
    public var rankFileSHA256: String {
        switch self {
        case .o200kBase: "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d"
        case .cl100kBase: "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7"
        case .llama3: "82e9d31979e92ab929cd544440f129d9ecd797b69e327f80f17e1c50d5551b55"
        case .qwen2: "b2b1b8dfb5cc5f024bafc373121c6aba3f66f9a5a0269e243470a1de16a33186"
        }
    }

    /// Number of ranks (lines) in the published rank file.
    public var rankCount: Int {
        switch self {
        case .o200kBase: 199_998
        case .cl100kBase: 100_256
        case .llama3: 128_000
        case .qwen2: 151_643
        }
    }

    /// Where OpenAI publishes the file. tiktoken caches downloads under the SHA-1 of this URL, which
    /// is how ftctl finds a copy a user's tiktoken already fetched. Nil for families tiktoken lacks.
    public var publicURL: String? {
        switch self {
        case .o200kBase: "https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken"
        case .cl100kBase: "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken"
        case .llama3, .qwen2: nil
        }
    }

    /// The family whose published rank file has this SHA-256 (hex, any case), or nil.
    public init?(rankFileSHA256 sha: String) {
        let lower = sha.lowercased()
        guard let match = Encoding.allCases.first(where: { $0.rankFileSHA256 == lower }) else { return nil }
        self = match
    }

    /// The family a model name uses, or nil when ftctl does not know the model. Accepts provider
    /// spellings: an `ft:` prefix (OpenAI fine-tunes) and an `org/` path (Hugging Face ids).
    /// Rules: gpt-4o*, gpt-4.1*, o1/o3/o4* → o200k; gpt-3.5*, gpt-4 (not 4o/4.1) → cl100k;
    /// Llama 3.x → llama3; Qwen2*, Qwen2.5*, Qwen3 (not Qwen3.5+) → qwen2.
    public static func forModel(_ model: String) -> Encoding? {
        var name = model.trimmingCharacters(in: .whitespaces).lowercased()
        if name.hasPrefix("ft:") { name.removeFirst(3) }
        if let slash = name.lastIndex(of: "/") { name = String(name[name.index(after: slash)...]) }
        func family(_ prefix: String) -> Bool {
            guard name.hasPrefix(prefix) else { return false }
            let rest = name.dropFirst(prefix.count)
            guard let next = rest.first else { return true }
            return next == "-" || next == ":" || next == "_" || next == "@"
        }
        if family("gpt-4o") || family("chatgpt-4o") || family("gpt-4.1") || family("o1") || family("o3") || family("o4") {
            return .o200kBase
        }
        if name.hasPrefix("gpt-3.5") || family("gpt-35-turbo") || family("gpt-4") { return .cl100kBase }
        for prefix in ["llama-3", "llama3", "meta-llama-3"] where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            // Llama 3, 3.1, 3.2, 3.3 share the tokenizer; "llama-30b" (Llama 1) does not.
            if let next = rest.first, next.isNumber { return nil }
            return .llama3
        }
        if name.hasPrefix("qwen2") { return .qwen2 }
        if name.hasPrefix("qwen3") {
            // Qwen3.5 and later changed the vocabulary.
            if name.dropFirst(5).first == "." { return nil }
            return .qwen2
        }
        return nil
    }
}

/// The pre-tokenization rules of each family. They differ in small ways that change counts:
/// digit grouping, contractions, o200k's case-aware words, cl100k's trailing-whitespace rule.
public enum PatternKind: String, Sendable, CaseIterable {
    case cl100k, o200k, llama3, qwen2

    /// The regex this kind's scanner reproduces (as published; see Encoding.pattern).
    public var regex: String {
        switch self {
        case .cl100k:
            #"'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s"#
        case .o200k:
            [
                #"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?"#,
                #"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?"#,
                #"\p{N}{1,3}"#, #" ?[^\s\p{L}\p{N}]+[\r\n/]*"#, #"\s*[\r\n]+"#, #"\s+(?!\S)"#, #"\s+"#,
            ].joined(separator: "|")
        case .llama3:
            #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#
        case .qwen2:
            #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#
        }
    }
}
