import FineTuning

/// The contract's exit codes. The only place an error kind becomes a number.
public enum ExitCodes {
    public static let success: Int32 = 0
    public static let general: Int32 = 1
    public static let jobFailed: Int32 = 2
    public static let jobCancelled: Int32 = 3
    public static let waitTimedOut: Int32 = 4
    public static let notFound: Int32 = 5
    public static let unsupported: Int32 = 6
    public static let declined: Int32 = 7
    /// A `--cancel-if` rule fired and ftctl cancelled the job.
    public static let stoppedByRule: Int32 = 8
    public static let usage: Int32 = 64
    public static let invalidData: Int32 = 65
    public static let fileMissing: Int32 = 66
    public static let unavailable: Int32 = 69
    public static let network: Int32 = 75
    public static let auth: Int32 = 77
    public static let config: Int32 = 78
    /// Stopped by Ctrl-C (128 + SIGINT, as shells report it).
    public static let interrupted: Int32 = 130

    public static func code(for error: FTError) -> Int32 {
        switch error.code {
        case .jobFailed: return jobFailed
        case .jobCancelled: return jobCancelled
        case .waitTimedOut: return waitTimedOut
        case .notFound: return notFound
        case .unsupported: return unsupported
        case .declined: return declined
        case .stoppedByRule: return stoppedByRule
        case .usage: return usage
        case .invalidData: return invalidData
        case .fileMissing: return fileMissing
        case .unavailable: return unavailable
        case .network, .timeout, .tls: return network
        case .auth: return auth
        case .config: return config
        default: return general
        }
    }
}
