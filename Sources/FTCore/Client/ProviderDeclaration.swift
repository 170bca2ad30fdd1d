/// Everything that sets one provider apart, declared once as a value: where it lives, how it takes
/// credentials and routing headers, what it can do, how its create body is laid out, its limits
/// and which list filters its server applies. Code reads these; it does not ask which provider it is.
public struct ProviderDeclaration: Sendable {
    public enum Auth: Sendable, Equatable {
        case bearer
        /// The key in a header of its own (`x-portkey-api-key`, `X-API-Key`).
        case header(String)
    }

    /// A `jobs list` filter a server may apply itself.
    public enum ListFilter: String, Sendable, Hashable {
        case status, model, search, metadata
    }

    public var id: ProviderID
    public var aliases: [String] = []
    /// Where it is when the user names no base URL; nil where one is required.
    public var defaultBaseURL: String?
    /// Appended to the base URL unless it already ends with it (`/api/llm`).
    public var baseURLSuffix: String = ""
    public var keyVariable: String
    public var auth: Auth = .bearer
    /// Profile settings sent as headers on every request.
    public var routingHeaders: [(setting: ProfileKey, header: String)] = []
    /// At least one of these settings must be given (Portkey must be told where to route).
    public var routingRequired: [ProfileKey] = []
    /// Settings sent as query parameters on some operations (Nebius's `ai_project_id`).
    public var routingQuery: [(setting: ProfileKey, name: String, operations: Set<ProviderOperation>)] = []
    /// Settings sent as headers on file operations, which need them.
    public var fileHeaders: [(setting: ProfileKey, header: String)] = []
    public var capabilities: Set<ProviderOperation>
    public var schema: WireSchema
    public var methods: Set<String> = ["supervised", "dpo"]
    public var requiredFields: [JobField] = []
    /// Per-field limits tighter than the table's (Portkey's 18-character suffix).
    public var limits: [String: Int] = [:]
    public var listFilters: Set<ListFilter> = []
    /// Integration type → the fields its object has in this provider's schema.
    public var integrations: [String: IntegrationSchema] = [:]
    /// Where a provider's guide reads hyperparameters from the deprecated top-level object as well:
    /// for this method, these keys of `method.<type>.hyperparameters` are copied there too.
    public var topLevelHyperparameters: (method: String, keys: [String])?
    /// The provider's largest page.
    public var maxPageSize: Int = 100
    /// A gateway whose routes reach one of several upstreams (`Upstream`), set by `upstream` or
    /// inferred from these settings' plain names.
    public var upstreamFrom: [ProfileKey] = []
    /// The upstream this client's route reaches, once resolved (`resolvingUpstream`); its
    /// capabilities are already folded into `capabilities`.
    public var upstream: Upstream?
    /// Whose prices a job sent this way pays, as the price catalog names it: the upstream's
    /// behind a gateway, else this provider's own (`portkey` when the upstream has none).
    public var pricedAs: String { upstream?.pricedAs ?? id.rawValue }
    /// The upstream's settings as given (`Upstream.bodySettings`, `requiredSettings`).
    public var upstreamSettings: [ProfileKey: String] = [:]
    /// Status words of this provider that mean something other than the common spelling
    /// (`JobStatus.normalize`): Together's `compressing` is still running.
    public var statusWords: [String: JobStatus] = [:]
    /// Every job id of this provider starts so (`ft-` on Together); another is refused unsent.
    public var jobIDPrefix: String?
    /// ftctl's method names as this provider spells them (`supervised` is Together's `sft`).
    public var methodWords: [String: String] = [:]
    /// Files go up in three steps: a 302 naming an upload URL and the file id, the bytes sent
    /// there without credentials, then a request to process the file (Together's SDK).
    public var uploadsBySignedURL = false

    /// The contract's status for one of this provider's words.
    public func status(_ word: String) -> JobStatus {
        statusWords[word.lowercased()] ?? JobStatus.normalize(word)
    }

    /// The declaration as the route's upstream narrows it: only what the gateway passes on safely.
    public func resolvingUpstream(_ options: [ProfileKey: String]) -> ProviderDeclaration {
        guard !upstreamFrom.isEmpty else { return self }
        let u = Upstream.resolve(explicit: options[.upstream], portkeyProvider: upstreamFrom.lazy.compactMap { options[$0] }.first)
        var d = self
        d.upstream = u
        d.capabilities = capabilities.intersection(u.capabilities)
        if let m = u.methods { d.methods = methods.intersection(m) }
        d.upstreamSettings = options.filter { u.bodySettings[$0.key] != nil || u.requiredSettings.contains($0.key) }
        return d
    }

    public func authHeaders(apiKey: String) -> HTTPHeaders {
        switch auth {
        case .bearer: return ["Authorization": "Bearer \(apiKey)"]
        case .header(let name): return [name: apiKey]
        }
    }
}

public extension ProviderDeclaration {
    private static let openAIOperations: Set<ProviderOperation> = [
        .listJobs, .getJob, .createJob, .cancelJob, .pauseJob, .resumeJob, .listEvents, .jobLogs, .listCheckpoints,
        .listFiles, .getFile, .uploadFile, .deleteFile, .downloadFile, .uploadInParts,
    ]

    /// OpenAI's methods (FineTuneMethod, openapi.yaml oa:39974).
    private static let openAIMethods: Set<String> = ["supervised", "dpo", "reinforcement"]

    /// What only OpenAI documents: checkpoint permissions, the alpha graders, file filters and expiry.
    private static let openAIOnly: Set<ProviderOperation> = [.checkpointPermissions, .validateGrader, .runGrader, .filterFiles, .expiringFiles]

    static let openai = ProviderDeclaration(id: .openai, defaultBaseURL: "https://api.openai.com/v1", keyVariable: "OPENAI_API_KEY",
                                capabilities: openAIOperations.union(openAIOnly), schema: .openai, methods: openAIMethods, listFilters: [.metadata],
                                integrations: ["wandb": .openAIWandb])

    static let portkey = ProviderDeclaration(
        id: .portkey, defaultBaseURL: "https://api.portkey.ai/v1", keyVariable: "PORTKEY_API_KEY",
        auth: .header("x-portkey-api-key"),
        routingHeaders: [(.portkeyProvider, "x-portkey-provider"), (.portkeyVirtualKey, "x-portkey-virtual-key"),
                         (.portkeyConfig, "x-portkey-config"), (.fireworksAccountID, "x-portkey-fireworks-account-id")],
        routingRequired: [.portkeyProvider, .portkeyVirtualKey, .portkeyConfig],
        capabilities: openAIOperations, schema: .openai, methods: openAIMethods, limits: [JobField.suffix.name: 18], listFilters: [.metadata],
        integrations: ["wandb": .openAIWandb], upstreamFrom: [.portkeyProvider])

    static let nebius = ProviderDeclaration(
        id: .nebius, defaultBaseURL: "https://api.tokenfactory.nebius.com/v1", keyVariable: "NEBIUS_API_KEY",
        // `ai_project_id` is a query parameter of create and list only (nebius/tokenfactory-rl
        // openapi-fine-tuning.yaml; its client `_jobs.py` sends it from create() and list()).
        routingQuery: [(.aiProjectID, "ai_project_id", [.createJob, .listJobs])],
        capabilities: [.listJobs, .getJob, .createJob, .cancelJob, .listEvents, .jobLogs, .listCheckpoints, .getCheckpoint,
                       .listFiles, .getFile, .uploadFile, .downloadFile],
        schema: .nebius, methods: ["supervised"],
        integrations: ["wandb": .nebiusWandb, "mlflow": .nebiusMLflow, "hf": .nebiusHF])

    static let truefoundry = ProviderDeclaration(
        id: .truefoundry, baseURLSuffix: "/api/llm", keyVariable: "TFY_API_KEY",
        // x-tfy-provider-name is documented on fine-tuning calls too (optional there, required on files):
        // https://www.truefoundry.com/docs/ai-gateway/request-headers.md and the API reference.
        routingHeaders: [(.tfyMetadata, "x-tfy-metadata"), (.tfyProviderName, "x-tfy-provider-name")],
        fileHeaders: [(.tfyProviderName, "x-tfy-provider-name")],
        capabilities: [.listJobs, .getJob, .createJob, .cancelJob, .listFiles, .getFile, .uploadFile, .deleteFile, .downloadFile],
        schema: .openai, methods: openAIMethods, listFilters: [.metadata], integrations: ["wandb": .openAIWandb],
        // Its API reference keeps `method` and marks top-level `hyperparameters` deprecated, but its
        // guide (https://truefoundry.com/docs/ai-gateway/finetune) sets only the top-level object:
        // sending both loses the setting under neither reading.
        topLevelHyperparameters: (method: "supervised", keys: ["n_epochs", "batch_size", "learning_rate_multiplier"]))

    static let genericV1 = ProviderDeclaration(
        id: .genericV1, aliases: ["strongly", "generic_v1", "genericv1"], baseURLSuffix: "/api/v1", keyVariable: "STRONGLY_API_KEY",
        auth: .header("X-API-Key"),
        capabilities: [.listJobs, .getJob, .createJob, .deleteJob, .stopJob, .restartJob, .deployJob, .jobLogs, .listEvents,
                       .jobMetrics, .stats, .listModels, .listHardware, .estimateCost],
        schema: .platform, methods: ["supervised"], requiredFields: [.name], listFilters: [.status, .model, .search])

    /// Together AI's `/v1/fine-tunes` and `/v1/files` (togethercomputer/openapi `openapi.yaml` @090263a;
    /// the `together` Python SDK 3.1.1). Base URL: the contract's `api.together.xyz/v1`; the SDK 2.20+
    /// and the spec say `api.together.ai` (Docs/PROVIDERS.md). No pause, resume or deploy; no paging.
    static let together = ProviderDeclaration(
        id: .together, defaultBaseURL: "https://api.together.xyz/v1", keyVariable: "TOGETHER_API_KEY",
        capabilities: [.listJobs, .getJob, .createJob, .cancelJob, .deleteJob, .listEvents, .jobLogs, .listCheckpoints, .jobMetrics,
                       .listFiles, .getFile, .uploadFile, .deleteFile, .downloadFile, .downloadModel, .estimatePrice],
        schema: .together, methods: ["supervised", "dpo"], requiredFields: [.model],
        // The SDK's docstring: "up to 40 characters" (together 3.1.1 resources/fine_tuning.py `suffix`).
        limits: [JobField.suffix.name: 40], integrations: ["wandb": .togetherWandb],
        // FinetuneJobStatus (openapi.yaml) plus `user_error` (SDK 1.x FinetuneJobStatus, 3.1.1 lib types).
        statusWords: ["pending": .queued, "queued": .queued, "running": .running, "compressing": .running, "uploading": .running,
                      "cancel_requested": JobStatus(rawValue: "cancelling"), "cancelled": .cancelled, "error": .failed,
                      "user_error": .failed, "completed": .succeeded],
        jobIDPrefix: "ft-", methodWords: ["supervised": "sft", "dpo": "dpo"], uploadsBySignedURL: true)

    /// Every provider ftctl speaks.
    static let all: [ProviderDeclaration] = [.openai, .portkey, .truefoundry, .nebius, .genericV1, .together]
}
