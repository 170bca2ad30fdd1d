import FTCore
import Foundation

/// The local record of what jobs were estimated to cost and what they really cost: one JSON object
/// per line in `ledger.jsonl` beside the config file. Appends hold an exclusive `flock`, so
/// concurrent ftctl processes never interleave; each line is written whole and synced, and a line cut
/// short by a crash is skipped (and reported once) when read, so no earlier record is ever lost.
public struct SpendLedger: Sendable {
    public struct Record: Sendable, Equatable {
        public enum Kind: String, Sendable { case estimate, actual }
        public var kind: Kind
        public var jobID: String
        public var provider: String
        public var model: String?
        public var profile: String?
        public var time: Date
        public var usd: Decimal?
        public var trainedTokens: Int?
        public var status: String?

        public init(kind: Kind, jobID: String, provider: String, model: String?, profile: String?, time: Date,
                    usd: Decimal?, trainedTokens: Int? = nil, status: String? = nil) {
            self.kind = kind
            self.jobID = jobID
            self.provider = provider
            self.model = model
            self.profile = profile
            self.time = time
            self.usd = usd
            self.trainedTokens = trainedTokens
            self.status = status
        }

        var json: JSONValue {
            .object(JSONObject([
                ("v", .int(1)), ("kind", .string(kind.rawValue)), ("job_id", .string(jobID)), ("provider", .string(provider)),
                ("model", model.map { .string($0) } ?? .null), ("profile", profile.map { .string($0) } ?? .null),
                ("time", .string(RFC3339.format(time))),
                ("usd", usd.map { .string(NSDecimalNumber(decimal: $0).stringValue) } ?? .null),
                ("trained_tokens", trainedTokens.map { .int(Int64($0)) } ?? .null), ("status", status.map { .string($0) } ?? .null),
            ]))
        }

        init?(_ v: JSONValue) {
            guard let kind = v["kind"]?.string.flatMap(Kind.init(rawValue:)), let id = v["job_id"]?.string, !id.isEmpty,
                  let provider = v["provider"]?.string, let time = v["time"]?.string.flatMap(RFC3339.parse) else { return nil }
            var usd: Decimal?
            if let text = v["usd"]?.string {
                guard let d = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")), !d.isNaN else { return nil }
                usd = d
            }
            self.init(kind: kind, jobID: id, provider: provider, model: v["model"]?.string, profile: v["profile"]?.string,
                      time: time, usd: usd, trainedTokens: v["trained_tokens"]?.int, status: v["status"]?.string)
        }
    }

    public let path: String

    public init(path: String) { self.path = path }

    /// `ledger.jsonl` beside the config file in use.
    public init(configPath: String) {
        path = ((configPath as NSString).deletingLastPathComponent as NSString).appendingPathComponent("ledger.jsonl")
    }

    /// Appends one record: locked, whole, synced. A previous line cut short is closed first.
    public func append(_ record: Record) throws {
        let dir = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw FTError(.io, what: "write the spend ledger \(path)", why: "it cannot be opened") }
        defer { close(fd) }
        guard flock(fd, LOCK_EX) == 0 else { throw FTError(.io, what: "write the spend ledger \(path)", why: "it cannot be locked") }
        defer { flock(fd, LOCK_UN) }
        var line = record.json.serialized(pretty: false) + "\n"
        // A crash mid-write leaves a line without its newline: start a fresh line so this one stays readable.
        let end = lseek(fd, 0, SEEK_END)
        if end > 0 {
            var last: UInt8 = 0
            if pread(fd, &last, 1, end - 1) == 1, last != UInt8(ascii: "\n") { line = "\n" + line }
        }
        let bytes = Array(line.utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(fd) == 0 else {
            throw FTError(.io, what: "write the spend ledger \(path)", why: "the disk did not take the whole record")
        }
    }

    /// Every readable record, and one message per unreadable line (with its line number).
    public func read() -> (records: [Record], problems: [String]) {
        guard let data = FileManager.default.contents(atPath: path) else { return ([], []) }
        var records: [Record] = []
        var problems: [String] = []
        for (i, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
            if let v = JSONValue.parse(Data(line)), let r = Record(v) { records.append(r) } else {
                problems.append("\(path):\(i + 1): unreadable ledger line skipped")
            }
        }
        return (records, problems)
    }
}
