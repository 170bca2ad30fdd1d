import Foundation
import FineTuning

/// Where the library's errors learn the CLI's spelling: a hint about a setting gets the flag
/// that sets it. Called only from `FTCtl.report`, the one place errors become exit codes.
enum ErrorHints {
    static func flag(for setting: FTError.Setting) -> String {
        switch setting {
        case .baseURL: "--base-url"
        case .apiKey: "--api-key-env"
        case .timeout: "--timeout"
        case .maxRetries: "--max-retries"
        case .insecureHTTP: "--allow-insecure-http"
        case .rawOutput: "--raw"
        case .skipValidation: "--no-validate"
        case .hardware: "--hardware"
        case .cursor: "--after"
        case .budget: "--max-cost"
        }
    }

    /// The hint with its flag named: "Check the base URL (--base-url)."
    static func decorate(_ error: FTError) -> FTError {
        guard let setting = error.setting else { return error }
        let flag = flag(for: setting)
        var e = error
        var hint = (e.hint ?? "").trimmingCharacters(in: .whitespaces)
        guard !hint.contains(flag) else { return e }
        if hint.hasSuffix(".") { hint.removeLast() }
        e.hint = hint.isEmpty ? "See \(flag)." : "\(hint) (\(flag))."
        return e
    }
}
