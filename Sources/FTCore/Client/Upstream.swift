import Foundation

/// What a gateway route (Portkey) reaches behind it, declared once as data: which operations
/// survive the gateway, how its answers read (time unit, ids, paging, errors) and how a lost create
/// can be found again. Facts are from Portkey-AI/gateway at 669825cb (see Docs/PROVIDERS.md);
/// the paths are cited per field below.
public struct Upstream: Sendable, Equatable {
    public enum TimeUnit: Sendable, Equatable {
        case seconds, milliseconds
        /// Unknown upstream: a value above 1e11 is read as milliseconds (year 5138 in seconds).
        case detect
    }

    /// How `jobs list` pages through the gateway.
    public enum Paging: Sendable, Equatable {
        /// OpenAI's `after` = the last item's id, `has_more`.
        case afterLastID
        /// The gateway cannot reach a second page: it either drops `after` (bedrock) or forwards it
        /// as the upstream's page token while answering only job ids (vertex-ai, fireworks-ai). The
        /// first page is all there is; `more` names the field saying that more exist, `after` why
        /// a list cannot start after a given job (`--after` is refused).
        case firstPageOnly(more: String, after: String)
    }

    /// The free-text or echoed field a create can carry a unique marker in, read back in the list.
    public enum Marker: Sendable, Equatable {
        /// `metadata.ftctl_request_id`, kept by the upstream.
        case metadata
        /// A random `seed` when the user gave none: OpenAI echoes `seed` on the job.
        case seed
        /// The create field (`job_name`) echoed under the same key in list items.
        case field(String)
        /// Nothing survives the gateway: jobs that were not there before the create are matched by
        /// model and training file.
        case none
    }

    /// The `x-portkey-provider` value (`bedrock`), or `unknown`.
    public var name: String
    /// What works through the gateway on this upstream; everything else is refused before sending.
    public var capabilities: Set<ProviderOperation>
    /// Why the rest is refused, for the error.
    public var refusal: String
    public var timeUnit: TimeUnit = .seconds
    /// Ids come percent-encoded (Bedrock ARNs) and are sent back exactly as received.
    public var idsArePreEncoded = false
    public var paging: Paging = .afterLastID
    /// Keys a finished time may come under (Fireworks says `completed_at`).
    public var finishedKeys: [String] = ["finished_at"]
    public var marker: Marker = .none
    /// The answer to a cancel is the job (passthrough); elsewhere it is `{}` or a stub, and the
    /// job is read again afterwards.
    public var answersCancelWithJob = false
    /// Create fields the gateway's create mapping for this upstream leaves out: refused, since
    /// they would be dropped without a word. `createSource` is the file that maps the body.
    public var dropped: Set<String> = []
    public var createSource = ""
    /// The training methods its create config maps (bedrock, fireworks-ai and vertex-ai: supervised
    /// tuning only); nil: all of the provider's.
    public var methods: Set<String>?
    /// Create fields the upstream cannot go without, and settings that go into the create body
    /// (setting → body key) or must be there for any call at all (sent as headers by the provider).
    public var requiredFields: [String] = []
    public var bodySettings: [ProfileKey: String] = [:]
    public var requiredSettings: [ProfileKey] = []
    /// Training and validation data must be URIs of this scheme (`s3://`): the gateway reads them
    /// as such and its file upload to this upstream is not a plain upload.
    public var fileScheme: String?
    /// Fields the gateway prefixes with a resource path (`accounts/fireworks/models/`): given one
    /// already, it would be prefixed twice.
    public var prefixed: [String: String] = [:]
    /// Why a field the table has is refused on this upstream (an empty path in `JobField.Wire.upstreams`).
    public var reasons: [String: String] = [:]
    /// Why an operation is refused, where it is not `refusal` (the file calls).
    public var refusals: [ProviderOperation: String] = [:]
    /// Files: the keys a creation time comes under and its unit, and how the list pages.
    public var fileTimeKeys = ["created_at"]
    public var fileTimeUnit: TimeUnit = .seconds
    public var filePaging: Paging = .afterLastID
    public var fileIDsArePreEncoded = false
    /// The provider whose per-token prices a job on this upstream pays (the catalog's name for
    /// it): through the gateway the upstream bills, not Portkey. Nil where the catalog has no
    /// per-token price for it, so the estimate says there is none.
    public var pricedAs: String?

    /// Job operations every upstream keeps: the gateway routes these to a real upstream call
    /// (src/handlers/finetuneHandler.ts: list, retrieve, create, cancel).
    static let jobBasics: Set<ProviderOperation> = [.listJobs, .getJob, .createJob, .cancelJob]
    static let fileBasics: Set<ProviderOperation> = [.getFile, .uploadFile]
    /// Bedrock's and Vertex's uploads go to a bucket named in headers ftctl does not send, and
    /// rewrite each line for the upstream (src/providers/bedrock/uploadFile.ts: x-portkey-aws-s3-bucket,
    /// a model header and x-portkey-file-purpose, default `batch`; src/providers/google-vertex-ai/uploadFile.ts:
    /// x-portkey-vertex-storage-bucket-name and x-portkey-provider-model). Neither lists files
    /// (bedrock: getEndpoint throws "Model is required"; vertex: listFiles.ts answers "not supported").
    static func bucketFiles(_ store: String, _ scheme: String, _ source: String) -> [ProviderOperation: String] {
        let why = "through the gateway a file goes to \(store) only with bucket and model headers, rewritten line by line (\(source)); upload it to \(store) yourself and pass its \(scheme) URI"
        return [.uploadFile: why, .uploadInParts: why, .listFiles: "the gateway cannot list \(store) files (\(source))"]
    }

    /// Passthrough of path and query (src/providers/openai/api.ts), so all of OpenAI's surface
    /// works; the create body is filtered to model, suffix, hyperparameters, training_file,
    /// validation_file, integrations, seed, method (src/providers/openai/createFinetune.ts), so
    /// metadata is dropped and the echoed seed is the marker.
    public static let openai = Upstream(
        name: "openai",
        capabilities: jobBasics.union(fileBasics).union([.pauseJob, .resumeJob, .listEvents, .jobLogs, .listCheckpoints,
                                                         .listFiles, .deleteFile, .downloadFile, .uploadInParts]),
        refusal: "", marker: .seed, answersCancelWithJob: true,
        dropped: ["metadata", "tags", "from_checkpoint"], createSource: "src/providers/openai/createFinetune.ts",
        pricedAs: "openai")

    /// Passthrough too (src/providers/azure-openai/api.ts), the whole create body kept
    /// (src/providers/azure-openai/createFinetune.ts). Azure documents no pause/resume and no
    /// Uploads API.
    public static let azureOpenAI = Upstream(
        name: "azure-openai",
        capabilities: jobBasics.union(fileBasics).union([.listEvents, .jobLogs, .listCheckpoints, .listFiles, .deleteFile, .downloadFile]),
        refusal: "Azure OpenAI has no pause, resume or Uploads API", marker: .metadata, answersCancelWithJob: true)

    /// src/providers/bedrock/{api,utils,listFinetunes}.ts: ids are encodeURIComponent(jobArn),
    /// times are Date.getTime() (ms), the list has no has_more and its last_id is Bedrock's
    /// nextToken while `after` is never forwarded; `job_name` is echoed. Files: no list or delete.
    public static let bedrock = Upstream(
        name: "bedrock", capabilities: jobBasics.union([.getFile]),
        refusal: "the gateway turns any POST on a job into model-customization-jobs/{id}/stop and any GET below a job into a look-up of a job named by the last word (Portkey-AI/gateway src/handlers/finetuneHandler.ts, src/providers/bedrock/api.ts)",
        timeUnit: .milliseconds, idsArePreEncoded: true, paging: .firstPageOnly(more: "last_id", after: afterDropped), marker: .field("job_name"),
        dropped: notMapped, createSource: "src/providers/bedrock/createFinetune.ts", methods: ["supervised"],
        // createFinetune.ts: suffix → customModelName and role_arn → roleArn have no default; job_name
        // defaults to portkey-finetune-<uuid> and is ftctl's request id here (the marker).
        requiredFields: ["suffix"], bodySettings: [.bedrockRoleARN: "role_arn"], fileScheme: "s3://",
        reasons: [
            "validation_file": "the gateway sends it as validationDataConfig {s3Uri}, but Bedrock's ValidationDataConfig takes validators [{s3Uri}] (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_ValidationDataConfig.html)",
            "learning_rate_multiplier": "the gateway sends it as learningRateMultiplier, a name Bedrock's models do not take (they take learningRate, which the gateway never sends)",
            "learning_rate": "the gateway sends no learningRate to Bedrock, only learningRateMultiplier (src/providers/bedrock/createFinetune.ts)",
            "name": "the job name is ftctl's request id, so a lost reply is found again; name the model with --suffix",
        ],
        // retrieveFile.ts: `createdAt` in seconds, `bytes` a string; uploadFile.ts: `created_at` in seconds.
        refusals: bucketFiles("S3", "s3://", "src/providers/bedrock/uploadFile.ts, api.ts"), fileTimeKeys: ["created_at", "createdAt"],
        fileIDsArePreEncoded: true)

    /// src/providers/fireworks-ai/{api,utils,listFinetune,cancelFinetune}.ts: cancel is an HTTP
    /// DELETE of the job, times in ms, `completed_at`, `after` forwarded as pageToken but only job
    /// ids answered. Nothing from the create is echoed that could mark it.
    public static let fireworks = Upstream(
        name: "fireworks-ai", capabilities: jobBasics.union(fileBasics).union([.listFiles]),
        refusal: "the gateway turns any POST on a job into an HTTP DELETE of the job and any GET below a job into a look-up of a job named by the last word (Portkey-AI/gateway src/handlers/finetuneHandler.ts, src/providers/fireworks-ai/api.ts)",
        timeUnit: .milliseconds, paging: .firstPageOnly(more: "has_more", after: afterAsToken), finishedKeys: ["completed_at", "finished_at"],
        dropped: notMapped, createSource: "src/providers/fireworks-ai/createFinetune.ts", methods: ["supervised"],
        // api.ts builds every URL from the account (…/accounts/${fireworksAccountId}), undefined without it.
        requiredSettings: [.fireworksAccountID],
        prefixed: ["model": "accounts/fireworks/models/", "training_file": "accounts/ACCOUNT/datasets/", "validation_file": "accounts/ACCOUNT/datasets/"],
        reasons: [
            "learning_rate_multiplier": "Fireworks takes an absolute learning rate: the gateway sends this value as its learning_rate (use --learning-rate)",
            "batch_size": "the gateway's create config has no batch size for Fireworks (src/providers/fireworks-ai/createFinetune.ts)",
        ],
        // utils.ts fireworksDatasetToOpenAIFile: `created_at` in ms; uploadFile.ts: `create_at` in ms;
        // listFiles: GET /datasets with no page parameters, `has_more` from totalSize.
        fileTimeKeys: ["created_at", "create_at"], fileTimeUnit: .milliseconds,
        filePaging: .firstPageOnly(more: "has_more", after: "the gateway lists /datasets with no page parameters (src/providers/fireworks-ai/api.ts)"),
        // Priced as a LoRA job: the gateway's create sends no training type
        // (src/providers/fireworks-ai/createFinetune.ts @5acd856) and "Fireworks uses LoRA"
        // (https://docs.fireworks.ai/fine-tuning, read 2026-12-03).
        pricedAs: "fireworks")

    /// src/providers/google-vertex-ai/{api,utils,listFinetunes}.ts: tuningJobs, ms times,
    /// `finished_at` only once ended, `after` forwarded as pageToken but only job ids answered.
    /// Files: no list (uploadFile/retrieveFile only).
    public static let vertex = Upstream(
        name: "vertex-ai", capabilities: jobBasics.union([.getFile]),
        refusal: "the gateway turns any POST on a job into tuningJobs/{id}:cancel and any GET below a job into a look-up of a job named by the last word (Portkey-AI/gateway src/handlers/finetuneHandler.ts, src/providers/google-vertex-ai/api.ts)",
        timeUnit: .milliseconds, paging: .firstPageOnly(more: "has_more", after: afterAsToken),
        dropped: notMapped, createSource: "src/providers/google-vertex-ai/createFinetune.ts", methods: ["supervised"],
        // utils.ts transformVertexFinetune: decodeURIComponent(training_file) is the dataset's URI.
        fileScheme: "gs://",
        reasons: [
            "batch_size": "the gateway sends it as Vertex's adapterSize, a LoRA adapter size, not a batch size (src/providers/google-vertex-ai/utils.ts)",
            "learning_rate": "Vertex takes a learning-rate multiplier only (use --learning-rate-multiplier)",
        ],
        // retrieveFile.ts: `createdAt`/`updatedAt` in ms (Date.getTime()); uploadFile.ts: `create_at` in ms.
        refusals: bucketFiles("Cloud Storage", "gs://", "src/providers/google-vertex-ai/uploadFile.ts, listFiles.ts"),
        fileTimeKeys: ["created_at", "createdAt", "create_at"], fileTimeUnit: .milliseconds, fileIDsArePreEncoded: true)

    /// src/providers/bedrock/api.ts: listFinetunes is the fixed path '/model-customization-jobs'.
    static let afterDropped = "the gateway never forwards it (src/providers/bedrock/api.ts), so the first page would come again"
    /// src/providers/{google-vertex-ai,fireworks-ai}/api.ts: `pageToken=${after}`, while the lists
    /// answer job ids only, never the upstream's nextPageToken.
    static let afterAsToken = "the gateway sends it as the upstream's page token, and a job id is not one (src/providers/google-vertex-ai/api.ts, src/providers/fireworks-ai/api.ts)"

    /// Fields none of the translating upstreams' create configs map (research §4.1–§4.3).
    static let notMapped: Set<String> = ["metadata", "seed", "integrations", "tags", "from_checkpoint"]

    /// A `@slug`, a virtual key or a config: it could be any of the above, so only what is safe on
    /// every one of them is allowed, and answers are read with both time units.
    public static let unknown = Upstream(
        name: "unknown", capabilities: jobBasics.union(fileBasics).union([.listFiles, .downloadFile]),
        refusal: "the route's upstream is unknown (an @slug, a virtual key or a config), and on every upstream but openai the gateway turns this into a cancel, a stop or a delete of the job",
        timeUnit: .detect, paging: .firstPageOnly(more: "has_more", after: afterAsToken), finishedKeys: ["finished_at", "completed_at"],
        dropped: ["metadata", "tags", "from_checkpoint"], createSource: "src/providers/*/createFinetune.ts (all but azure-openai drop metadata)",
        fileTimeKeys: ["created_at", "createdAt", "create_at"], fileTimeUnit: .detect,
        filePaging: .firstPageOnly(more: "has_more", after: "the route's upstream is unknown, and only openai and azure-openai page files by id"))

    /// Every upstream that can be named, in the order `--help` lists them.
    public static let named: [Upstream] = [.openai, .azureOpenAI, .bedrock, .fireworks, .vertex]

    public static func named(_ text: String) -> Upstream? {
        named.first { $0.name == text.lowercased() }
    }

    /// The upstream from an explicit setting, else from a plain `portkey_provider` value
    /// (`bedrock`); an `@slug`, or no provider at all (virtual key, config), is `unknown`.
    public static func resolve(explicit: String?, portkeyProvider: String?) -> Upstream {
        if let explicit, let u = named(explicit) { return u }
        if let p = portkeyProvider, let u = named(p) { return u }
        return .unknown
    }
}

public extension Upstream.TimeUnit {
    /// A time in this unit: numbers are scaled, ISO 8601 text is read as it is. Above 1e11 a
    /// number can only be milliseconds (1e11 seconds is the year 5138), which `detect` relies on.
    func date(from value: JSONValue?) -> Date? {
        guard let date = RFC3339.date(from: value) else { return nil }
        let numeric: Bool = switch value {
        case .int, .double: true
        case .string(let s): Double(s) != nil
        default: false
        }
        guard numeric else { return date }
        let t = date.timeIntervalSince1970
        switch self {
        case .seconds: return date
        case .milliseconds: return Date(timeIntervalSince1970: t / 1000)
        case .detect: return abs(t) > 1e11 ? Date(timeIntervalSince1970: t / 1000) : date
        }
    }
}
