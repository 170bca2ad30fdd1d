import CCurl
import FTCore
import Foundation

/// Turns a libcurl result into the error kinds users act on differently: resolve/connect (check
/// the URL or network), TLS (check the CA bundle), timeout, and a broken connection.
enum CurlErrorMapping {
    static func error(code: CURLcode, detail: String, url: String, operation: String, osErrno: Int) -> FTError {
        let host = URLComponents(string: url).map { c in c.port.map { "\(c.host ?? ""):\($0)" } ?? (c.host ?? url) } ?? url
        let said = detail.isEmpty ? String(cString: ftcurl_easy_strerror(code)) : detail
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return FTError(.network, what: operation, why: "could not resolve \(host) (\(said))",
                           hint: "Check the base URL and your network or proxy settings.", setting: .baseURL)
        case CURLE_COULDNT_CONNECT:
            var e = FTError(.network, what: operation,
                            why: osErrno == Int(ECONNREFUSED) ? "connection refused by \(host)" : "could not connect to \(host) (\(said))",
                            hint: "Check the base URL, and that the server is running.", setting: .baseURL)
            e.neverSent = true
            return e
        case CURLE_OPERATION_TIMEDOUT:
            return FTError(.timeout, what: operation, why: "timed out talking to \(host) (\(said))",
                           hint: "Raise the timeout, or check the network.", setting: .timeout)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
             CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED,
             CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS,
             CURLE_SSL_CRL_BADFILE, CURLE_SSL_SHUTDOWN_FAILED, CURLE_USE_SSL_FAILED:
            return FTError(.tls, what: operation, why: "TLS with \(host) failed (\(said))",
                           hint: "Check the server's certificate, or point SSL_CERT_FILE, CURL_CA_BUNDLE or the profile's ca_bundle at the right CA bundle.")
        case CURLE_TOO_MANY_REDIRECTS:
            return FTError(.network, what: operation, why: "too many redirects from \(host)", hint: "Check the base URL.", setting: .baseURL)
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
            return FTError(.usage, what: operation, why: "'\(url)' is not a usable URL (\(said))", hint: "Check the base URL.", setting: .baseURL)
        case CURLE_READ_ERROR, CURLE_WRITE_ERROR:
            return FTError(.io, what: operation, why: said)
        default:
            return FTError(.network, what: operation, why: "the connection to \(host) failed (\(said))",
                           hint: "Try again; check the network or proxy settings.")
        }
    }
}
