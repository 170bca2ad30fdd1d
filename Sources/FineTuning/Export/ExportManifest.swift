import FTCore
import Foundation

/// `manifest.json` of an export: what each file holds (size and SHA-256, so a later run verifies
/// instead of fetching again), which jobs are complete, and what the provider could not give.
/// Read leniently: an entry edited by hand that does not read is dropped, so its item is fetched again.
public struct ExportManifest: Sendable, Equatable {
    public static let format = "ftctl-export/1"
    public static let name = "manifest.json"

    public struct FileEntry: Sendable, Equatable {
        public var bytes: Int64
        public var sha256: String
    }

    public struct Missing: Sendable, Equatable {
        public var job: String
        public var item: String
        public var why: String
    }

    public var provider: String
    public var exportedAt: Date?
    /// Job id → its status when exported, and whether everything of it was fetched.
    public var jobs: [String: (status: String, complete: Bool)] = [:]
    /// Path relative to the export folder → what it holds.
    public var files: [String: FileEntry] = [:]
    public var missing: [Missing] = []

    public init(provider: String) {
        self.provider = provider
    }

    public static func == (a: ExportManifest, b: ExportManifest) -> Bool {
        a.provider == b.provider && a.files == b.files && a.missing == b.missing
            && a.jobs.mapValues { "\($0.status) \($0.complete)" } == b.jobs.mapValues { "\($0.status) \($0.complete)" }
    }

    /// Nil when `data` is not an export manifest at all.
    public static func read(_ data: Data) -> ExportManifest? {
        guard let o = JSONValue.parse(data), o["format"]?.string == format else { return nil }
        var m = ExportManifest(provider: o["provider"]?.string ?? "")
        m.exportedAt = o["exported_at"]?.string.flatMap(RFC3339.parse)
        for (id, v) in o["jobs"]?.object ?? JSONObject() {
            guard let status = v["status"]?.string, let complete = v["complete"]?.bool else { continue }
            m.jobs[id] = (status, complete)
        }
        for (path, v) in o["files"]?.object ?? JSONObject() {
            guard let bytes = v["bytes"]?.int, let sha = v["sha256"]?.string, sha.count == 64, Self.isSafe(relative: path) else { continue }
            m.files[path] = FileEntry(bytes: Int64(bytes), sha256: sha)
        }
        for v in o["missing"]?.array ?? [] {
            guard let job = v["job"]?.string, let item = v["item"]?.string, let why = v["why"]?.string else { continue }
            m.missing.append(Missing(job: job, item: item, why: why))
        }
        return m
    }

    public var json: JSONValue {
        .object(JSONObject([
            ("format", .string(Self.format)),
            ("provider", .string(provider)),
            ("exported_at", exportedAt.map { .string(RFC3339.format($0)) } ?? .null),
            ("jobs", .object(JSONObject(jobs.sorted { $0.key < $1.key }.map { ($0.key, .object(JSONObject([("status", .string($0.value.status)), ("complete", .bool($0.value.complete))]))) }))),
            ("files", .object(JSONObject(files.sorted { $0.key < $1.key }.map { ($0.key, .object(JSONObject([("bytes", .int($0.value.bytes)), ("sha256", .string($0.value.sha256))]))) }))),
            ("missing", .array(missing.map { .object(JSONObject([("job", .string($0.job)), ("item", .string($0.item)), ("why", .string($0.why))])) })),
        ]))
    }

    /// Whether the file at `path` (relative to `directory`) is there with the size and SHA-256 recorded.
    public func verify(_ path: String, in directory: String) -> Bool {
        guard let entry = files[path], let size = try? FileInfo.size(of: directory + "/" + path), size == entry.bytes,
              let sha = try? StreamingDigest.sha256(of: directory + "/" + path) else { return false }
        return sha == entry.sha256
    }

    /// The export's copy of file `id` (`files/<id>/<name>`), when it is there intact: its path
    /// relative to the folder and its SHA-256.
    public func verifiedFile(id: String, in directory: String) -> (path: String, sha256: String)? {
        let folder = "files/" + Self.component(id) + "/"
        for (path, entry) in files.sorted(by: { $0.key < $1.key }) where path.hasPrefix(folder) && verify(path, in: directory) {
            return (path, entry.sha256)
        }
        return nil
    }

    /// A relative path that stays inside the folder.
    static func isSafe(relative path: String) -> Bool {
        !path.isEmpty && !path.hasPrefix("/") && !path.split(separator: "/").contains { $0 == ".." || $0 == "." || $0.isEmpty }
    }

    /// A name from a server (a job id, a file name) as one safe path component.
    static func component(_ name: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        var out = String(name.prefix(120).map { allowed.contains($0) ? $0 : "_" })
        if out.isEmpty || out == "." || out == ".." || out.hasPrefix(".") { out = "_" + out }
        return out
    }
}
