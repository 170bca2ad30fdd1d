import CCurl

/// `curl_global_init` is not thread-safe and must run once per process, before any handle exists.
/// A static let gives exactly that: Swift runs its initializer once, lazily, under a lock.
enum CurlGlobal {
    static let initialized: Bool = curl_global_init(FTCURL_GLOBAL_DEFAULT) == CURLE_OK

    static var version: String { String(cString: curl_version()) }
}
