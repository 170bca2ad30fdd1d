import Crypto
import FTCore
import Foundation

/// `ftctl export DIR` as a use case: every job the account holds (or the ones named, or those
/// made since a date) written to a folder a person can read and a program can reload —
/// `jobs/<id>/job.json` (normalized and raw), `events.jsonl` (every page, oldest first),
/// `checkpoints.json`, `metrics.json`, and `files/<file id>/<name>` for training, validation and
/// result files — with `manifest.json` giving each file's size and SHA-256. Every file is written
/// whole or not at all (`OutputFile`), and the manifest after each job, so a run killed half-way
/// leaves nothing half-written under a final name and the next run verifies what is there,
/// fetches what is missing or changed, and downloads nothing it can verify.
public struct AccountExport: Sendable {
    public let client: FTClient
    public let directory: String
    public var since: Date?
    public var jobIDs: [String] = []
    public var includeFiles = true
    /// Told what is happening, a short phrase at a time (for a progress line).
    public var onProgress: @Sendable (String) -> Void = { _ in }
    public var now: @Sendable () -> Date = { Date() }

    public init(client: FTClient, directory: String) {
        self.client = client
        self.directory = directory
    }

    public struct Summary: Sendable {
        public var jobs = 0
        public var filesWritten = 0
        public var filesVerified = 0
        public var bytesDownloaded: Int64 = 0
        public var missing: [ExportManifest.Missing] = []
    }

    public func run() async throws -> Summary {
        // The folder is checked (and made) first, then locked, then read again under the lock: a
        // run that held it until now may have changed the manifest.
        _ = try prepareFolder()
        let lock = try FolderLock(folder: directory)
        defer { withExtendedLifetime(lock) {} }
        var manifest = try prepareFolder()
        removeStaleTemporaries()
        manifest.exportedAt = now()
        var summary = Summary()
        let jobs = try await jobsToExport()
        for (n, job) in jobs.enumerated() {
            try Task.checkCancellation()
            onProgress("job \(n + 1)/\(jobs.count) \(job.id)")
            try await export(job, into: &manifest, summary: &summary)
            try save(manifest)
            summary.jobs += 1
        }
        try save(manifest)
        summary.missing = manifest.missing
        return summary
    }

    // MARK: The folder

    /// A new or empty folder, or an earlier export (its manifest read); anything else is refused
    /// before anything is written.
    func prepareFolder() throws -> ExportManifest {
        var isDir: ObjCBool = false
        let fm = FileManager.default
        if fm.fileExists(atPath: directory, isDirectory: &isDir) {
            guard isDir.boolValue else {
                throw FTError(.usage, what: directory, why: "is a file, not a folder", hint: "Name a new or empty folder, or an earlier export's.")
            }
            let entries = (try? fm.contentsOfDirectory(atPath: directory)) ?? []
            let manifestPath = directory + "/" + ExportManifest.name
            if let data = fm.contents(atPath: manifestPath) {
                guard let m = ExportManifest.read(data) else {
                    throw FTError(.invalidData, what: manifestPath, why: "is not an ftctl export manifest",
                                  hint: "Move it away to export here again (every file is then verified by downloading it anew).")
                }
                guard m.provider.isEmpty || m.provider == client.provider.id.rawValue else {
                    throw FTError(.usage, what: directory, why: "holds an export of \(m.provider), not \(client.provider.id)",
                                  hint: "Export each provider to a folder of its own.")
                }
                return m
            }
            guard entries.filter({ !$0.hasPrefix(".") }).isEmpty else {
                throw FTError(.usage, what: directory, why: "holds other files and no \(ExportManifest.name), so it is not an export",
                              hint: "Name a new or empty folder.")
            }
        }
        do {
            try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw FTError(.io, what: "create \(directory)", why: "\((error as NSError).localizedDescription)", hint: "Check the path and permissions.")
        }
        return ExportManifest(provider: client.provider.id.rawValue)
    }

    /// `OutputFile` names its temporary files `.<name>.ftctl-<random>`; a killed run may leave some.
    /// Called under the folder's lock, so none of them belongs to a run still writing.
    private func removeStaleTemporaries() {
        guard let walker = FileManager.default.enumerator(atPath: directory) else { return }
        for case let path as String in walker where (path as NSString).lastPathComponent.hasPrefix(".") && path.contains(".ftctl-") {
            unlink(directory + "/" + path)
        }
    }

    private func save(_ manifest: ExportManifest) throws {
        try OutputFile.write(Data(manifest.json.serialized(pretty: true).utf8), to: directory + "/" + ExportManifest.name)
    }

    // MARK: Jobs

    private func jobsToExport() async throws -> [Job] {
        if !jobIDs.isEmpty {
            var out: [Job] = []
            for id in jobIDs { out.append(try await client.send(try client.provider.getJob(id))) }
            return out
        }
        let all = try await client.jobs(JobQuery(), limit: nil)
        guard let since else { return all.reversed() }
        return all.filter { ($0.createdAt ?? .distantFuture) >= since }.reversed()
    }

    private func export(_ job: Job, into manifest: inout ExportManifest, summary: inout Summary) async throws {
        let dir = "jobs/" + ExportManifest.component(job.id)
        // A job that had ended and was fetched whole does not change: verify its files only.
        if let seen = manifest.jobs[job.id], seen.complete, seen.status == job.status.rawValue, job.status.isTerminal,
           manifest.files.keys.filter({ $0.hasPrefix(dir + "/") }).allSatisfy({ verify($0, manifest) }),
           try await filesOf(job, manifest: &manifest, summary: &summary) {
            summary.filesVerified += manifest.files.keys.filter { $0.hasPrefix(dir + "/") }.count
            return
        }
        manifest.missing.removeAll { $0.job == job.id }
        var complete = true
        try record(.object(JSONObject([("job", job.json), ("raw", job.raw ?? .null)])), at: dir + "/job.json", in: &manifest, summary: &summary)
        let caps = client.provider.capabilities
        if caps.contains(.listEvents) {
            onProgress("\(job.id): events")
            let events = try await EventLog(client: client).events(jobID: job.id)
            let lines = events.map { ($0.raw ?? $0.json).serialized() + "\n" }.joined()
            try record(Data(lines.utf8), at: dir + "/events.jsonl", in: &manifest, summary: &summary)
        } else {
            note(job, "events", "\(client.provider.id) has no events listing", &manifest)
        }
        if caps.contains(.listCheckpoints) {
            onProgress("\(job.id): checkpoints")
            try record(.array(try await checkpoints(job.id).map { $0.raw ?? $0.json }), at: dir + "/checkpoints.json", in: &manifest, summary: &summary)
        } else {
            note(job, "checkpoints", "\(client.provider.id) has no checkpoints listing", &manifest)
        }
        do {
            let rows = try await MetricsService(client: client).metrics(jobID: job.id)
            try record(.array(rows.map(\.json)), at: dir + "/metrics.json", in: &manifest, summary: &summary)
        } catch let e as FTError where e.code == .unsupported || e.code == .notFound {
            note(job, "metrics", e.why, &manifest)
        }
        if !(try await filesOf(job, manifest: &manifest, summary: &summary)) { complete = false }
        manifest.jobs[job.id] = (job.status.rawValue, complete && job.status.isTerminal)
    }

    private func checkpoints(_ jobID: String) async throws -> [Checkpoint] {
        var out: [Checkpoint] = []
        var query = EventQuery(limit: 100)
        var seen = Set<String>()
        while true {
            let page = try await client.send(try client.provider.listCheckpoints(jobID: jobID, query))
            let fresh = page.items.filter { seen.insert($0.id).inserted }
            out += fresh
            guard page.hasMore, let last = fresh.last else { return out }
            query.after = last.id
        }
    }

    // MARK: Files

    /// The job's training, validation and result files, each verified or downloaded. False when
    /// one could not be had (recorded as missing).
    private func filesOf(_ job: Job, manifest: inout ExportManifest, summary: inout Summary) async throws -> Bool {
        guard includeFiles else { return true }
        var ids = [job.trainingFile, job.validationFile].compactMap { $0 }
        ids += (job.raw?["result_files"]?.array ?? []).compactMap(\.string)
        var all = true
        for id in ids where !id.isEmpty {
            let folder = "files/" + ExportManifest.component(id)
            if let known = manifest.files.keys.first(where: { $0.hasPrefix(folder + "/") }), verify(known, manifest) { continue }
            guard client.provider.capabilities.contains(.downloadFile) else {
                note(job, "file \(id)", "\(client.provider.id) has no file download", &manifest)
                continue
            }
            let files = FileService(client: client)
            let path = folder + "/" + ExportManifest.component(await files.filename(of: id) ?? id)
            onProgress("\(job.id): downloading \(id)")
            try FileManager.default.createDirectory(atPath: directory + "/" + folder, withIntermediateDirectories: true)
            let sink: FileSink
            do {
                sink = try await files.download(id, to: directory + "/" + path)
            } catch let e as FTError where e.code == .notFound || e.code == .unsupported {
                note(job, "file \(id)", e.why, &manifest)
                all = false
                continue
            }
            manifest.files[path] = .init(bytes: sink.written, sha256: sink.sha256())
            summary.filesWritten += 1
            summary.bytesDownloaded += sink.written
        }
        return all
    }

    /// Whether the file at `path` is there with the size and SHA-256 the manifest says.
    func verify(_ path: String, _ manifest: ExportManifest) -> Bool {
        manifest.verify(path, in: directory)
    }

    private func record(_ json: JSONValue, at path: String, in manifest: inout ExportManifest, summary: inout Summary) throws {
        try record(Data(json.serialized(pretty: true).utf8), at: path, in: &manifest, summary: &summary)
    }

    private func record(_ data: Data, at path: String, in manifest: inout ExportManifest, summary: inout Summary) throws {
        let full = directory + "/" + path
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try OutputFile.write(data, to: full)
        manifest.files[path] = .init(bytes: Int64(data.count), sha256: StreamingDigest.hex(SHA256.hash(data: data)))
        summary.filesWritten += 1
    }

    private func note(_ job: Job, _ item: String, _ why: String, _ manifest: inout ExportManifest) {
        manifest.missing.append(.init(job: job.id, item: item, why: why))
    }
}
