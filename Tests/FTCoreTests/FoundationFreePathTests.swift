import FTCore
import Foundation
import Testing

/// The start-up path reads and writes times, trims header lines and checks base URLs without
/// Foundation's ICU- and CoreFoundation-backed calls (Docs/BENCH.md); each must give what
/// Foundation gives, which these compare.
@Suite("time stamps, trimming and base-URL hosts agree with Foundation")
struct FoundationFreePathTests {
    /// Whole seconds from 1600 to 9999, spread by a fixed stride, and the awkward days.
    static let seconds: [Int] = [0, -1, 1, 86_399, 86_400, -86_401, 951_782_400, 951_868_800, 4_107_542_400,
                                 -11_676_096_000, 253_402_300_799, 1_721_764_800]
        + Array(stride(from: -11_676_096_000, to: 253_402_300_800, by: 7_777_777_777))

    @Test(arguments: seconds)
    func timesFormatAndParseAsFoundationDoes(second: Int) throws {
        let date = Date(timeIntervalSince1970: TimeInterval(second))
        let foundation = date.formatted(Date.ISO8601FormatStyle())
        #expect(RFC3339.format(date) == foundation)
        #expect(RFC3339.parse(foundation) == (try Date(foundation, strategy: .iso8601)))
    }

    @Test(arguments: ["2024-02-30T00:00:00Z", "2023-02-29T00:00:00Z", "2024-01-01T24:00:00Z", "2024-01-01T23:59:60Z",
                      "1599-12-31T23:59:59Z", "2024-01-01T00:00:00z", "2024-1-01T00:00:00Z", "2024-01-01T00:00:00.5Z",
                      "2024-01-01T01:00:00+01:00"])
    func unusualStampsReadAsFoundationReadsThem(text: String) {
        let foundation = (try? Date(text, strategy: .iso8601))
            ?? (try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
        #expect(RFC3339.parse(text) == foundation)
    }

    @Test(arguments: ["  a b \t", "\u{00A0}value\u{3000}", "\t\n x \n", "", " \t ", "é\u{301} "])
    func trimmingMatchesFoundation(text: String) {
        #expect(text.trimmingWhitespace() == text.trimmingCharacters(in: .whitespaces))
        #expect(text.trimmingNewlines() == text.trimmingCharacters(in: .newlines))
    }

    @Test(arguments: ["http://127.0.0.1:8080/v1", "http://user:pw@localhost:1/v1", "http://[::1]:9/v1", "http://api.localhost/v1",
                      "HTTP://127.0.0.1", "https://example.com/v1"])
    func loopbackAndHTTPSNeedNoOptIn(url: String) throws {
        try Settings.requireSecureTransport(baseURL: url, provider: .openai)
    }

    @Test(arguments: ["http://example.com/v1", "http://127.0.0.1@example.com/v1", "http://xn--bcher-kva.example/v1",
                      "http://10.0.0.1:8080?x=1", "http://[2001:db8::1]/v1"])
    func plainHTTPToAnotherHostIsRefused(url: String) {
        #expect(throws: FTError.self) { try Settings.requireSecureTransport(baseURL: url, provider: .openai) }
    }
}
