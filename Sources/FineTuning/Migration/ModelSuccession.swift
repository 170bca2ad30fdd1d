import FTCore
import Foundation

/// An open model to re-create a job of a closed one on: the target's fine-tunable model nearest in
/// size to the closed model's published size estimate. Only ever a suggestion: the clone uses it
/// when the user says so (`--model auto`, or yes at the prompt), never on its own.
public enum ModelSuccession {
    public struct Suggestion: Sendable, Equatable {
        public var model: String
        public var reason: String
    }

    /// A model a provider fine-tunes, with its parameter count (dense models only: an expert
    /// model's size is not comparable with a dense one's).
    public struct Served: Sendable, Equatable {
        public var id: String
        public var billions: Double
    }

    /// Sizes OpenAI never published, as estimated by others. The one estimate found for the
    /// fine-tunable models: Abacha et al., "MEDEC" (Microsoft and University of Washington,
    /// arXiv:2412.19260, December 2024), which states its figures are estimates. GPT-4.1's
    /// sizes have no published estimate, so no suggestion is made for them.
    public static let closedSizes: [(prefix: String, billions: Double, source: String)] = [
        ("gpt-4o-mini", 8, "≈8B, an estimate in arXiv:2412.19260"),
        ("gpt-4o", 200, "≈200B, an estimate in arXiv:2412.19260"),
        ("gpt-3.5-turbo", 175, "≈175B, an estimate in arXiv:2412.19260"),
    ]

    /// Dense models each provider fine-tunes, from its published list.
    public static let served: [String: (models: [Served], source: String)] = [
        // https://docs.together.ai/docs/fine-tuning/supported-models (as mirrored 2026-11; LoRA and full).
        "together": ([
            Served(id: "Qwen/Qwen3.5-0.8B", billions: 0.8), Served(id: "Qwen/Qwen3.5-2B", billions: 2),
            Served(id: "Qwen/Qwen3.5-4B", billions: 4), Served(id: "meta-llama/Meta-Llama-3.1-8B-Instruct-Reference", billions: 8),
            Served(id: "Qwen/Qwen3.5-9B", billions: 9), Served(id: "Qwen/Qwen3.5-27B", billions: 27),
            Served(id: "google/gemma-4-31B-it", billions: 31), Served(id: "meta-llama/Llama-3.3-70B-Instruct-Reference", billions: 70),
        ], "docs.together.ai/docs/fine-tuning/supported-models"),
        // https://docs.tokenfactory.nebius.com/post-training/models, as summarised by
        // skills.sh/arindam200/nebius-skills (2026-03): the two models with LoRA and full weights.
        "nebius": ([
            Served(id: "meta-llama/Meta-Llama-3.1-8B-Instruct", billions: 8),
            Served(id: "meta-llama/Llama-3.3-70B-Instruct", billions: 70),
        ], "docs.tokenfactory.nebius.com/post-training/models"),
    ]

    /// OpenAI's own models, which only OpenAI-shaped routes (OpenAI, Portkey, TrueFoundry) serve.
    public static func isClosed(_ model: String) -> Bool {
        let m = model.lowercased()
        return ["gpt-", "ft:gpt-", "o1", "o3", "o4-", "ft:o4-", "davinci", "babbage"].contains { m.hasPrefix($0) }
    }

    /// Whether a job of `model` can be re-created on a provider with this body layout as it is:
    /// any model but OpenAI's own on an open-model provider (whose list ftctl does not hold whole).
    public static func keeps(_ model: String, on schema: WireSchema) -> Bool {
        schema == .openai || !isClosed(model)
    }

    /// The suggestion for re-creating a job of `model` on `provider`, or nil with the reason.
    public static func suggest(for model: String, on provider: String) -> Result<Suggestion, SuggestionUnavailable> {
        let key = model.lowercased()
        // The longest prefix: gpt-4o-mini before gpt-4o.
        guard let size = closedSizes.filter({ key.hasPrefix($0.prefix) }).max(by: { $0.prefix.count < $1.prefix.count }) else {
            return .failure(.init(why: "no published size estimate for \(model)"))
        }
        guard let list = served[provider], !list.models.isEmpty else {
            return .failure(.init(why: "ftctl has no list of the models \(provider) fine-tunes"))
        }
        let best = list.models.min { abs(log($0.billions / size.billions)) < abs(log($1.billions / size.billions)) }!
        let reason = "\(model) is \(size.source); \(best.id) (\(LearningRateMapping.format(best.billions))B) is the nearest in size of the dense models \(provider) fine-tunes (\(list.source))"
        return .success(Suggestion(model: best.id, reason: reason))
    }

    public struct SuggestionUnavailable: Error, Sendable, Equatable {
        public var why: String
    }
}
