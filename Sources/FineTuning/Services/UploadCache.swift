import FTCore
import Foundation

/// Which bytes were already uploaded where: SHA-256 of the content, per provider, base URL and
/// purpose, to the file id the server gave. A JSON file in the config folder, written whole by
/// `OutputFile` (a temporary file renamed), so a crash never leaves half a cache.
public struct UploadCache: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// `<config folder>/upload-cache.json`.
    public static func standard(environment: [String: String]) -> UploadCache {
        let dir = (ConfigFile.defaultPath(environment: environment) as NSString).deletingLastPathComponent
        return UploadCache(path: dir + "/upload-cache.json")
    }

    public static func key(provider: ProviderID, baseURL: String, purpose: String, sha256: String) -> String {
        "\(provider.rawValue) \(baseURL) \(purpose) \(sha256)"
    }

    /// A cache that cannot be read is treated as empty: it only ever saves an upload.
    public func lookup(_ key: String) -> String? {
        entries()[key]
    }

    public func store(_ key: String, fileID: String) throws {
        var all = entries()
        all[key] = fileID
        try write(all)
    }

    public func remove(_ key: String) throws {
        var all = entries()
        guard all.removeValue(forKey: key) != nil else { return }
        try write(all)
    }

    /// Where the bytes of a file id came from: the local file that was uploaded as it (or the
    /// copy a clone downloaded), with its SHA-256, so a clone reuses it instead of downloading.
    public func recordOrigin(provider: ProviderID, baseURL: String, fileID: String, sha256: String, path: String) throws {
        try store(Self.originKey(provider, baseURL, fileID), fileID: sha256 + " " + path)
    }

    /// The local file recorded for `fileID`, if it is still there with the same SHA-256.
    public func origin(provider: ProviderID, baseURL: String, fileID: String) -> String? {
        guard let text = lookup(Self.originKey(provider, baseURL, fileID)), let space = text.firstIndex(of: " ") else { return nil }
        let sha = String(text[..<space]), path = String(text[text.index(after: space)...])
        guard FileManager.default.isReadableFile(atPath: path), (try? StreamingDigest.sha256(of: path)) == sha else { return nil }
        return path
    }

    private static func originKey(_ provider: ProviderID, _ baseURL: String, _ fileID: String) -> String {
        "origin \(provider.rawValue) \(baseURL) \(fileID)"
    }

    private func entries() -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path), let o = JSONValue.parse(data)?.object else { return [:] }
        var out: [String: String] = [:]
        for (k, v) in o { if let s = v.string { out[k] = s } }
        return out
    }

    private func write(_ all: [String: String]) throws {
        let dir = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let json = JSONValue.object(JSONObject(all.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))
        try OutputFile.write(Data(json.serialized(pretty: true).utf8), to: path, newMode: 0o600)
    }
}
