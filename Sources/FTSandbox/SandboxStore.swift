import Crypto
import FTCore
import Foundation

/// An uploaded file.
struct StoredFile: Sendable {
    let id: String
    let filename: String
    let purpose: String
    let bytes: Int
    let createdAt: Date
    let content: Data
    /// OpenAI's `expires_after`: when the server deletes it (reported as `expires_at`).
    var expiresAt: Date? = nil
}

/// One project's permission to use a fine-tuned checkpoint.
struct CheckpointPermission: Sendable {
    let id: String
    let projectID: String
    let createdAt: Date
}

/// An Uploads API session: parts arrive one by one, then `complete` joins them into a file.
struct UploadSession: Sendable {
    let id: String
    let filename: String
    let purpose: String
    let bytes: Int
    let mimeType: String
    let createdAt: Date
    var status: String
    var parts: [String: Data] = [:]
    var fileID: String?
}

/// What a dataset looks like to the simulation: how many examples, tokens, and the first problem.
struct DatasetFacts: Sendable {
    var examples = 0
    var tokens = 0
    var problem: String?

    /// Reads JSONL: each non-empty line must be a JSON object. Tokens are estimated at 4 bytes each.
    init(_ data: Data) {
        var line = 0
        for raw in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            line += 1
            let text = raw.filter { $0 != UInt8(ascii: "\r") }
            if text.allSatisfy({ $0 == 32 || $0 == 9 }) { continue }
            guard JSONValue.parse(Data(text))?.object != nil else {
                if problem == nil { problem = "line \(line) of the training file is not a JSON object" }
                continue
            }
            examples += 1
            tokens += max(1, text.count / 4)
        }
        if examples == 0 && problem == nil { problem = "the training file has no examples" }
    }
}

/// All sandbox state, behind one actor so every request sees a consistent picture.
actor SandboxStore {
    let options: SandboxOptions
    private(set) var files: [String: StoredFile] = [:]
    private(set) var fileOrder: [String] = []
    private(set) var jobs: [String: SandboxJob] = [:]
    private(set) var jobOrder: [String] = []
    private var uploads: [String: UploadSession] = [:]
    /// Checkpoint permissions by fine-tuned model name, oldest first.
    private var grants: [String: [CheckpointPermission]] = [:]
    private var counter = 0
    /// Together's uploads between the 302 and `/preprocess`: the name and purpose asked for, and the bytes once PUT.
    var signedUploads: [String: (filename: String, purpose: String, data: Data?)] = [:]

    init(options: SandboxOptions) {
        self.options = options
        if let dir = options.dataDir {
            for file in Self.loadFiles(from: dir) {
                files[file.id] = file
                fileOrder.append(file.id)
            }
            for job in SandboxJobFile.load(from: dir) {
                jobs[job.id] = job
                jobOrder.append(job.id)
            }
            // New ids must not collide with the files and jobs kept from an earlier run.
            counter = fileOrder.count + jobOrder.count + Int(Date().timeIntervalSince1970) % 100_000
        }
    }

    var speed: Double { options.speed }

    func newID(_ prefix: String) -> String {
        counter += 1
        let r = String(SeededRandom.hash(prefix + "\(counter)", Int(options.seed)).bitPattern, radix: 36)
        return "\(prefix)\(String(format: "%04d", counter))\(r.prefix(8))"
    }

    /// `ft-` + a UUID-shaped id, as Together's are (`ft-44129430-ac08-4136-9774-aed81e0164a4`, docs),
    /// reproducible for a seed.
    func uuidID(_ prefix: String) -> String {
        counter += 1
        var hex = ""
        for k in 0..<4 { hex += String(format: "%08x", UInt32(SeededRandom.hash(prefix + "\(counter)-\(k)", Int(options.seed)) * 4_294_967_295)) }
        let c = Array(hex)
        return prefix + [c[0..<8], c[8..<12], c[12..<16], c[16..<20], c[20..<32]].map { String($0) }.joined(separator: "-")
    }

    // MARK: Files

    /// `id`: one handed out before the bytes came (Together's upload URL names it).
    func addFile(filename: String, purpose: String, content: Data, expiresAfter: Int? = nil, id: String? = nil) -> StoredFile {
        let now = Date()
        let file = StoredFile(id: id ?? newID("file-"), filename: filename, purpose: purpose, bytes: content.count, createdAt: now, content: content,
                              expiresAt: expiresAfter.map { now.addingTimeInterval(Double($0)) })
        add(file)
        if let dir = options.dataDir { Self.save(file, to: dir) }
        return file
    }

    private func add(_ file: StoredFile) {
        files[file.id] = file
        fileOrder.append(file.id)
    }

    func file(_ id: String) -> StoredFile? { files[id] }

    // MARK: Checkpoint permissions

    /// Grants the projects that have none yet; the grants made.
    func share(model: String, projects: [String]) -> [CheckpointPermission] {
        var added: [CheckpointPermission] = []
        for p in projects where !(grants[model] ?? []).contains(where: { $0.projectID == p }) {
            let grant = CheckpointPermission(id: newID("cp_"), projectID: p, createdAt: Date())
            grants[model, default: []].append(grant)
            added.append(grant)
        }
        return added
    }

    func permissions(model: String) -> [CheckpointPermission] { grants[model] ?? [] }

    func unshare(model: String, permissionID: String) -> Bool {
        guard let i = grants[model]?.firstIndex(where: { $0.id == permissionID }) else { return false }
        grants[model]?.remove(at: i)
        return true
    }

    func listFiles() -> [StoredFile] { fileOrder.reversed().compactMap { files[$0] } }

    @discardableResult
    func deleteFile(_ id: String) -> Bool {
        guard files.removeValue(forKey: id) != nil else { return false }
        fileOrder.removeAll { $0 == id }
        if let dir = options.dataDir {
            try? FileManager.default.removeItem(atPath: dir + "/" + id)
            try? FileManager.default.removeItem(atPath: dir + "/" + id + ".json")
        }
        return true
    }

    // MARK: Uploads API

    func createUpload(filename: String, purpose: String, bytes: Int, mimeType: String) -> UploadSession {
        let u = UploadSession(id: newID("upload_"), filename: filename, purpose: purpose, bytes: bytes, mimeType: mimeType,
                              createdAt: Date(), status: "pending")
        uploads[u.id] = u
        return u
    }

    func upload(_ id: String) -> UploadSession? { uploads[id] }

    enum UploadProblem: Error { case notFound, notPending(String), unknownPart(String), sizeMismatch(Int, Int), md5Mismatch }

    func addPart(upload id: String, data: Data) throws -> String {
        guard var u = uploads[id] else { throw UploadProblem.notFound }
        guard u.status == "pending" else { throw UploadProblem.notPending(u.status) }
        let part = newID("part_")
        u.parts[part] = data
        uploads[id] = u
        return part
    }

    func completeUpload(_ id: String, partIDs: [String], md5: String?) throws -> (UploadSession, StoredFile) {
        guard var u = uploads[id] else { throw UploadProblem.notFound }
        guard u.status == "pending" else { throw UploadProblem.notPending(u.status) }
        var joined = Data()
        for p in partIDs {
            guard let d = u.parts[p] else { throw UploadProblem.unknownPart(p) }
            joined.append(d)
        }
        guard joined.count == u.bytes else { throw UploadProblem.sizeMismatch(joined.count, u.bytes) }
        if let md5, !md5.isEmpty {
            let digest = Insecure.MD5.hash(data: joined).map { String(format: "%02x", $0) }.joined()
            guard digest == md5.lowercased() else { throw UploadProblem.md5Mismatch }
        }
        let file = addFile(filename: u.filename, purpose: u.purpose, content: joined)
        u.status = "completed"
        u.fileID = file.id
        u.parts = [:]
        uploads[id] = u
        return (u, file)
    }

    func cancelUpload(_ id: String) throws -> UploadSession {
        guard var u = uploads[id] else { throw UploadProblem.notFound }
        guard u.status == "pending" else { throw UploadProblem.notPending(u.status) }
        u.status = "cancelled"
        u.parts = [:]
        uploads[id] = u
        return u
    }

    // MARK: Jobs

    /// Makes a job from the request's fields; its length and outcome follow from the real file.
    func createJob(surface: EmulatedSurface, model: String, trainingFile: String, configure: (inout SandboxJob) -> Void) -> SandboxJob {
        // The platform takes a dataset id or path it may hold elsewhere: an unknown one stands for a
        // modest synthetic dataset. An uploaded file is read for real.
        var facts = files[trainingFile].map { DatasetFacts($0.content) } ?? DatasetFacts(Data())
        if files[trainingFile] == nil && surface.filesLiveElsewhere {
            facts = DatasetFacts(Data())
            facts.examples = 64
            facts.tokens = 64 * 180
            facts.problem = nil
        }
        let now = Date()
        var job = SandboxJob(id: surface == .together ? uuidID("ft-") : newID(surface == .generic ? "ftjob_" : "ftjob-"), surface: surface, model: model,
                             trainingFile: trainingFile, createdAt: now, examples: facts.examples,
                             tokensPerEpoch: facts.tokens, epochs: 3, totalSteps: 1, anchor: now)
        configure(&job)
        // Clamped: a body the routes let through must not overflow the step arithmetic.
        let batch = min(max(1, job.hyperparameters["batch_size"]?.int ?? job.hyperparameters["batchSize"]?.int ?? 4), 4096)
        job.epochs = min(max(1, job.hyperparameters["n_epochs"]?.int ?? job.hyperparameters["epochs"]?.int ?? 3), 100)
        job.totalSteps = max(4, Int((Double(max(facts.examples, 1)) / Double(batch)).rounded(.up)) * job.epochs)
        if let problem = facts.problem {
            job.failure = ("invalid_training_file", problem)
        }
        job.eventsPerStep = options.eventsPerStep
        if model.lowercased().contains("fail-late") {
            job.failure = ("model_failure", "the model \(model) diverged (the sandbox fails models named *fail-late* at 90% of their steps)")
            job.failAtStep = max(1, job.totalSteps * 9 / 10)
        } else if model.lowercased().contains("fail") {
            job.failure = ("model_failure", "the model \(model) failed to train (the sandbox fails models named *fail*)")
        }
        jobs[job.id] = job
        jobOrder.append(job.id)
        persist(job)
        return job
    }

    func job(_ id: String) -> SandboxJob? { jobs[id] }

    /// Newest first.
    func listJobs(surface: EmulatedSurface) -> [SandboxJob] {
        jobOrder.reversed().compactMap { jobs[$0] }.filter { $0.surface == surface }
    }

    enum ActionProblem: Error { case notFound, conflict(String) }

    /// Applies an action by each surface's rules; the job as it is afterwards.
    func act(_ action: JobAction, on id: String) throws -> SandboxJob {
        guard var job = jobs[id] else { throw ActionProblem.notFound }
        let now = Date()
        let (status, _) = job.state(at: now, speed: speed)
        func note(_ message: String, level: String = "info") {
            job.actionEvents.append((job.virtualTime(at: now, speed: speed), now, level, message))
        }
        switch action {
        case .cancel:
            guard !status.isTerminal else { throw ActionProblem.conflict("Job \(id) has already \(status == .succeeded ? "completed" : status.rawValue)") }
            job.stopClock(at: now, speed: speed)
            job.override = .cancelled
            job.overrideAt = now
            note("Fine-tuning job cancelled")
        case .pause:
            guard status == .running else { throw ActionProblem.conflict("Only a running job can be paused; job \(id) is \(status)") }
            job.stopClock(at: now, speed: speed)
            job.override = .paused
            job.overrideAt = now
            note("Fine-tuning job paused")
        case .resume:
            guard status == .paused else { throw ActionProblem.conflict("Only a paused job can be resumed; job \(id) is \(status)") }
            job.override = nil
            job.overrideAt = nil
            job.anchor = now
            note("Fine-tuning job resumed")
        case .stop:
            guard status == .running || status == .queued || status == .validatingFiles || status == .paused else {
                throw ActionProblem.conflict("Only a queued or running job can be stopped; job \(id) is \(status)")
            }
            job.stopClock(at: now, speed: speed)
            job.override = .stopped
            job.overrideAt = now
            note("Fine-tuning job stopped")
        case .restart:
            guard status == .stopped || status == .failed || status == .cancelled else {
                throw ActionProblem.conflict("Only a stopped or failed job can be restarted; job \(id) is \(status)")
            }
            job.restarts += 1
            // Back to the queue: the clock restarts just after validation.
            job.banked = SandboxJob.validating
            job.anchor = now
            job.override = nil
            job.overrideAt = nil
            note("Fine-tuning job restarted")
        case .deploy:
            guard status == .succeeded else { throw ActionProblem.conflict("Only a completed job can be deployed; job \(id) is \(status)") }
            job.stopClock(at: now, speed: speed)
            job.override = .deployed
            job.overrideAt = now
            note("Fine-tuned model deployed: \(job.fineTunedModel ?? "")")
        }
        jobs[id] = job
        persist(job)
        return job
    }

    /// Deletes whatever its state (a Fireworks cancel through Portkey is a DELETE of the job).
    func removeJob(_ id: String) {
        jobs[id] = nil
        jobOrder.removeAll { $0 == id }
        if let dir = options.dataDir { SandboxJobFile.remove(id, from: dir) }
    }

    /// Deletes by the platform's rule: a running job must be stopped first.
    func deleteJob(_ id: String) throws {
        guard let job = jobs[id] else { throw ActionProblem.notFound }
        let (status, _) = job.state(at: Date(), speed: speed)
        if [.running, .queued, .validatingFiles, .paused].contains(status) {
            throw ActionProblem.conflict("Job \(id) is \(status); stop it before deleting it")
        }
        jobs[id] = nil
        jobOrder.removeAll { $0 == id }
        if let dir = options.dataDir { SandboxJobFile.remove(id, from: dir) }
    }

    private func persist(_ job: SandboxJob) {
        if let dir = options.dataDir { SandboxJobFile.save(job, to: dir) }
    }

    // MARK: Persistence of files (--data-dir)

    static func save(_ file: StoredFile, to dir: String) {
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let meta: JSONValue = .object(JSONObject([
            ("id", .string(file.id)), ("filename", .string(file.filename)), ("purpose", .string(file.purpose)),
            ("created_at", .int(Int64(file.createdAt.timeIntervalSince1970))),
        ]))
        _ = FileManager.default.createFile(atPath: dir + "/" + file.id, contents: file.content)
        _ = FileManager.default.createFile(atPath: dir + "/" + file.id + ".json", contents: meta.data)
    }

    static func loadFiles(from dir: String) -> [StoredFile] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.filter { $0.hasSuffix(".json") }.compactMap { name -> StoredFile? in
            guard let meta = FileManager.default.contents(atPath: dir + "/" + name).flatMap(JSONValue.parse),
                  let id = meta["id"]?.string, let content = FileManager.default.contents(atPath: dir + "/" + id) else { return nil }
            return StoredFile(id: id, filename: meta["filename"]?.string ?? id, purpose: meta["purpose"]?.string ?? "fine-tune",
                              bytes: content.count, createdAt: RFC3339.date(from: meta["created_at"]) ?? Date(), content: content)
        }.sorted { $0.createdAt < $1.createdAt }
    }
}
