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
        /// Estimate: the per-token rate it used (USD per 1M), so a finished job's trained tokens give its bill.
        public var usdPer1MTokens: Decimal?
        /// Actual: where `usd` came from — "provider" (the job said what it cost) or "trained_tokens"
        /// (the trained tokens × the estimate's rate, which is how a per-token provider bills).
        public var usdBasis: String?
        /// Estimate: the training file's SHA-256, when it was a local file.
        public var datasetSHA256: String?
        /// Estimate: the create settings as checked (normalized field names), secrets masked.
        public var spec: JSONObject?

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

        public var json: JSONValue {
            var o = JSONObject([
                ("v", .int(1)), ("kind", .string(kind.rawValue)), ("job_id", .string(jobID)), ("provider", .string(provider)),
                ("model", model.map { .string($0) } ?? .null), ("profile", profile.map { .string($0) } ?? .null),
                ("time", .string(RFC3339.format(time))), ("usd", Self.text(usd)),
                ("trained_tokens", trainedTokens.map { .int(Int64($0)) } ?? .null), ("status", status.map { .string($0) } ?? .null),
            ])
            // Newer fields only when set: older ftctl versions read the same lines.
            if let usdPer1MTokens { o["usd_per_1m_tokens"] = Self.text(usdPer1MTokens) }
            if let usdBasis { o["usd_basis"] = .string(usdBasis) }
            if let datasetSHA256 { o["dataset_sha256"] = .string(datasetSHA256) }
            if let spec { o["spec"] = .object(spec) }
            return .object(o)
        }

        static func text(_ d: Decimal?) -> JSONValue { d.map { .string(NSDecimalNumber(decimal: $0).stringValue) } ?? .null }

        /// Nil for a number that is present but not a decimal (the line is then unreadable).
        static func decimal(_ v: JSONValue?) -> Decimal?? {
            guard let text = v?.string else { return .some(nil) }
            guard let d = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")), !d.isNaN else { return nil }
            return .some(d)
        }

        init?(_ v: JSONValue) {
            guard let kind = v["kind"]?.string.flatMap(Kind.init(rawValue:)), let id = v["job_id"]?.string, !id.isEmpty,
                  let provider = v["provider"]?.string, let time = v["time"]?.string.flatMap(RFC3339.parse),
                  let usd = Self.decimal(v["usd"]), let rate = Self.decimal(v["usd_per_1m_tokens"]) else { return nil }
            self.init(kind: kind, jobID: id, provider: provider, model: v["model"]?.string, profile: v["profile"]?.string,
                      time: time, usd: usd, trainedTokens: v["trained_tokens"]?.int, status: v["status"]?.string)
            usdPer1MTokens = rate
            usdBasis = v["usd_basis"]?.string
            datasetSHA256 = v["dataset_sha256"]?.string
            spec = v["spec"]?.object
        }
    }

    public let path: String

    public init(path: String) { self.path = path }

    /// `ledger.jsonl` beside the config file in use.
    public init(configPath: String) {
        path = ((configPath as NSString).deletingLastPathComponent as NSString).appendingPathComponent("ledger.jsonl")
    }

    /// Appends one record: locked, whole, synced. A previous line cut short is closed first.
    public func append(_ record: Record) throws { try append([record]) }

    /// Appends records in one locked, synced write (all or, after a crash, a cut last line).
    public func append(_ records: [Record]) throws {
        guard !records.isEmpty else { return }
        let dir = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw FTError(.io, what: "write the spend ledger \(path)", why: "it cannot be opened") }
        defer { close(fd) }
        guard flock(fd, LOCK_EX) == 0 else { throw FTError(.io, what: "write the spend ledger \(path)", why: "it cannot be locked") }
        defer { flock(fd, LOCK_UN) }
        var line = records.map { $0.json.serialized(pretty: false) + "\n" }.joined()
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
