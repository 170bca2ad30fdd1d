import FTCore
import Foundation

/// Local copies of a recorded job's files, found without downloading where possible: the
/// export's copy, the file ftctl uploaded them from (the upload cache records it), or else one
/// download from the source, kept in `<config folder>/clone-files` and recorded the same way, so
/// the next clone or diff of that file downloads nothing.
public struct SourceFiles: Sendable {
    /// The source's client; nil when the source is an export only.
    public var source: FTClient?
    /// The source's base URL, under which the upload cache recorded where its files came from.
    public var baseURL: String
    public var cache: UploadCache?
    public var downloads: String
    public var onNote: @Sendable (String) -> Void = { _ in }

    public init(source: FTClient?, baseURL: String, environment: [String: String]) {
        self.source = source
        self.baseURL = baseURL
        cache = UploadCache.standard(environment: environment)
        downloads = (ConfigFile.defaultPath(environment: environment) as NSString).deletingLastPathComponent + "/clone-files"
    }

    /// The path of a local copy of file `id` of `recorded`.
    public func localCopy(of id: String, _ recorded: RecordedJob) async throws -> String {
        if let copy = recorded.localFiles[id] { return copy.path }
        let provider = ProviderID.parse(recorded.provider)
        if let provider, let path = cache?.origin(provider: provider, baseURL: baseURL, fileID: id) { return path }
        guard let source, source.provider.capabilities.contains(.downloadFile), let provider else {
            let why = source == nil ? "the export has no intact copy and ftctl never uploaded it from here"
                : "ftctl never uploaded it from here and \(recorded.provider) has no file download"
            throw FTError(.notFound, what: "file \(id)", why: why, hint: "Pass --training-file PATH (or --validation-file) with a copy of the data.")
        }
        let files = FileService(client: source)
        let name = await files.filename(of: id) ?? id
        let folder = downloads + "/" + ExportManifest.component(provider.rawValue) + "/" + ExportManifest.component(id)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/" + ExportManifest.component(name)
        let sink = try await files.download(id, to: path)
        onNote("downloaded \(id) from \(recorded.provider) to \(path)")
        try? cache?.recordOrigin(provider: provider, baseURL: baseURL, fileID: id, sha256: sink.sha256(), path: path)
        return path
    }

    /// The SHA-256 of file `id`: the export's record, else a local copy's (downloaded if need be).
    public func digest(of id: String, _ recorded: RecordedJob) async throws -> String {
        if let copy = recorded.localFiles[id] { return copy.sha256 }
        return try StreamingDigest.sha256(of: try await localCopy(of: id, recorded))
    }
}
