import FineTuning

extension Session {
    /// The dataset upload the CLI runs for `files upload` and for `jobs create` with a local path:
    /// validated unless `validate` is false, the cache consulted unless `force`, progress on a
    /// terminal, notes on stderr.
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
}
