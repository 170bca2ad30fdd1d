import Crypto

/// Where ftctl looks for a family's rank file. A pure function of what it is given (environment,
/// config folder, a file-exists test), so every rule is testable without touching the disk.
public enum RankFileLocator {
    /// Every path tried for `encoding`, in order:
    /// 1. `explicitPath` (returned even if missing, so the loader reports it instead of silently
    ///    using another file);
    /// 2. `$FTCTL_TOKENIZERS/`, then `<configDirectory>/tokenizers/`;
    /// 3. tiktoken's cache: `$TIKTOKEN_CACHE_DIR`, else `$DATA_GYM_CACHE_DIR`, else
    ///    `<temp dir>/data-gym-cache` with the temp dir from `$TMPDIR`/`$TEMP`/`$TMP` or `/tmp`,
    ///    as Python's `tempfile.gettempdir()` picks it. An empty `TIKTOKEN_CACHE_DIR` turns
    ///    tiktoken's cache off, so it is skipped.
    /// In each folder the file is tried by name (`cl100k_base.tiktoken`) and, for OpenAI's
    /// families, by tiktoken's cache name (the SHA-1 hex of the download URL).
    public static func candidates(for encoding: Encoding, explicitPath: String? = nil,
                                  environment: [String: String], configDirectory: String?) -> [String] {
        if let explicitPath, !explicitPath.isEmpty { return [explicitPath] }
        var folders: [String] = []
        if let dir = environment["FTCTL_TOKENIZERS"], !dir.isEmpty { folders.append(dir) }
        if let configDirectory, !configDirectory.isEmpty { folders.append(join(configDirectory, "tokenizers")) }
        if let cache = tiktokenCacheDirectory(environment: environment) { folders.append(cache) }
        let cacheName = tiktokenCacheName(for: encoding)
        var paths: [String] = []
        for folder in folders {
            paths.append(join(folder, encoding.fileName))
            if let cacheName { paths.append(join(folder, cacheName)) }
        }
        return paths
    }

    /// The first candidate that exists (the explicit path whether or not it does), or nil.
    public static func locate(_ encoding: Encoding, explicitPath: String? = nil,
                              environment: [String: String], configDirectory: String?,
                              fileExists: (String) -> Bool) -> String? {
        if let explicitPath, !explicitPath.isEmpty { return explicitPath }
        return candidates(for: encoding, environment: environment, configDirectory: configDirectory)
            .first(where: fileExists)
    }

    /// The folder tiktoken caches downloads in, or nil when its cache is turned off.
    public static func tiktokenCacheDirectory(environment: [String: String]) -> String? {
        if let dir = environment["TIKTOKEN_CACHE_DIR"] { return dir.isEmpty ? nil : dir }
        if let dir = environment["DATA_GYM_CACHE_DIR"] { return dir.isEmpty ? nil : dir }
        let temp = ["TMPDIR", "TEMP", "TMP"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty } ?? "/tmp"
        return join(temp, "data-gym-cache")
    }

    /// tiktoken's cache file name for a family: `sha1(url).hexdigest()`; nil for families tiktoken
    /// does not download.
    public static func tiktokenCacheName(for encoding: Encoding) -> String? {
        encoding.publicURL.map(sha1Hex)
    }

    static func sha1Hex(_ text: String) -> String {
        Insecure.SHA1.hash(data: Array(text.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    private static func join(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }
}
