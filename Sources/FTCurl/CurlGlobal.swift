import CCurl
import FTCore

/// libcurl is opened on first use (CCurl's shim.c), then `curl_global_init` runs, which is not
/// thread-safe and must run once per process, before any handle exists. A static let gives exactly
/// that: Swift runs its initializer once, lazily, under a lock.
enum CurlGlobal {
    /// nil once libcurl is loaded and initialised; else why not.
    static let failure: String? = {
        if let why = ftcurl_load() { return String(cString: why) }
        return ftcurl_global_init(FTCURL_GLOBAL_DEFAULT) == CURLE_OK ? nil : "curl_global_init failed"
    }()

    static var initialized: Bool { failure == nil }

    /// Throws, naming the operation, when libcurl is missing or unusable: before any transfer.
    static func ready(for operation: String) throws {
        guard let failure else { return }
        throw FTError(.internalError, what: operation, why: failure,
                      hint: "Install libcurl (libcurl4 on Debian and Ubuntu, libcurl on Fedora).")
    }

    static var version: String {
        initialized ? String(cString: ftcurl_version()) : "libcurl not loaded (\(failure ?? ""))"
    }
}
