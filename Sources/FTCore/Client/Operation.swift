/// Everything a provider may be able to do. A provider's capability set says which it does;
/// asking for another fails with `unsupported` before any request is made.
public enum ProviderOperation: String, CaseIterable, Sendable, Hashable {
    case listJobs = "list jobs"
    case getJob = "get job"
    case createJob = "create job"
    case cancelJob = "cancel"
    case pauseJob = "pause"
    case resumeJob = "resume"
    case stopJob = "stop"
    case restartJob = "restart"
    case deployJob = "deploy"
    case deleteJob = "delete job"
    case listEvents = "events"
    case jobLogs = "logs"
    case listCheckpoints = "checkpoints"
    case jobMetrics = "metrics"
    case listFiles = "list files"
    case getFile = "get file"
    case uploadFile = "upload file"
    /// The Uploads API: a large file sent in parts.
    case uploadInParts = "upload in parts"
    case deleteFile = "delete file"
    case downloadFile = "download file"
    case listModels = "list models"
    case listHardware = "list hardware"
    case stats = "stats"
    case estimateCost = "estimate cost"
    /// One checkpoint by id (Nebius: `GET …/checkpoints/{checkpoint_id}`).
    case getCheckpoint = "get checkpoint"
    /// Share a fine-tuned checkpoint with projects, list and revoke the grants (OpenAI, admin key).
    case checkpointPermissions = "checkpoint permissions"
    /// OpenAI's alpha grader endpoints.
    case validateGrader = "validate grader"
    case runGrader = "run grader"
    /// `GET /files?purpose&order` (OpenAI).
    case filterFiles = "filter files"
    /// `expires_after` on `POST /files` (OpenAI).
    case expiringFiles = "expiring files"
    /// The trained model's weights by checkpoint step and type (Together's `GET /finetune/download`).
    case downloadModel = "download model"
    /// The provider's own price for a job on an uploaded file (Together's `POST /fine-tunes/estimate-price`).
    case estimatePrice = "estimate price"
}

/// The actions on one job that answer with the job (or part of it).
public enum JobAction: String, Sendable, CaseIterable {
    case cancel, pause, resume, stop, restart, deploy

    public var operation: ProviderOperation {
        switch self {
        case .cancel: return .cancelJob
        case .pause: return .pauseJob
        case .resume: return .resumeJob
        case .stop: return .stopJob
        case .restart: return .restartJob
        case .deploy: return .deployJob
        }
    }
}
