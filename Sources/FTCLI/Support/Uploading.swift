import ArgumentParser
import FineTuning
import Synchronization

extension Session {
    /// The dataset upload the CLI runs for `files upload`: validated unless `validate` is false,
    /// the cache consulted unless `force`, progress on a terminal, notes on stderr.
    func datasetUpload(_ client: FTClient, validate: Bool = true, force: Bool = false, model: String? = nil,
                       progress: ProgressBar? = nil) -> DatasetUpload {
        var files = FileService(client: client)
        files.onPart = { [self] n, count in if progress == nil { note("uploading part \(n)/\(count)") } }
        if let progress { files.onProgress = { progress.update($0, $1) } }
        var upload = DatasetUpload(files: files, baseURL: settings.baseURL ?? "")
        if validate {
            var check = DatasetCheck(environment: context.environment)
            check.provider = settings.provider
            check.model = model
            upload.check = check
        }
        upload.cache = UploadCache.standard(environment: context.environment)
        upload.force = force
        upload.onNote = { [self] in note($0) }
        return upload
    }

    /// `jobs create`'s use case over this invocation's client, cache, catalogs and notes.
    func submission(requireKey: Bool, refuseInvalid: Bool) throws -> JobSubmission {
        var submission = JobSubmission(client: try client(requireKey: requireKey), baseURL: settings.baseURL ?? "",
                                       environment: context.environment)
        submission.refuseInvalid = refuseInvalid
        // FTCTL_NOW pretends it is another time: for checking scripts against dated routes.
        if let text = context.environment["FTCTL_NOW"], let now = RFC3339.parse(text) { submission.now = { now } }
        submission.onNote = { [self] in note($0) }
        return submission
    }
}

extension Session {
    /// Runs an upload so Ctrl-C cancels it cleanly: the transfer stops, an Uploads API session is
    /// cancelled on the server, nothing is recorded in the cache, and ftctl exits 130.
    func interruptible<T: Sendable>(_ what: String, _ work: @escaping @Sendable () async throws -> T) async throws -> T {
        do {
            return try await context.interruptible(work)
        } catch is Interrupted {
            context.err("ftctl: \(what): interrupted; the upload was cancelled and nothing of it was kept")
            throw ExitCode(ExitCodes.interrupted)
        }
    }
}
