import FTCore
import Foundation

/// Exact token counting for one family: a loaded rank file plus that family's pre-tokenizer.
/// A value type that is cheap to copy and safe to share across tasks; copies share the rank
/// table and the piece cache.
public struct Tokenizer: Sendable {
    /// The family whose rules this tokenizer applies.
    public let encoding: Encoding
    /// SHA-256 of the rank file it was built from.
    public let rankFileSHA256: String
    /// Number of ordinary tokens (the special tokens come after them).
    public var vocabularySize: Int { table.count }

    let table: RankTable
    let cache: PieceCache
    let preTokenizer: PreTokenizer

    /// A tokenizer over a loaded rank file. `encoding` defaults to the family the file's SHA-256
    /// identifies; an unknown file needs it given, since the rank file alone does not say which
    /// pre-tokenization it was trained with.
    public init(rankFile: RankFile, encoding: Encoding? = nil) throws {
        guard let family = encoding ?? rankFile.identified else {
            throw FTError(.unsupported, what: "load tokenizer \(rankFile.path)",
                          why: "the rank file (sha256 \(rankFile.sha256.prefix(12))…) is none of the known files",
                          hint: "say which family it is (\(Encoding.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        self.encoding = family
        self.rankFileSHA256 = rankFile.sha256
        self.table = rankFile.table
        self.cache = PieceCache()
        self.preTokenizer = PreTokenizer(kind: family.patternKind)
    }

    /// Reads the rank file at `path` and builds a tokenizer for it (see `init(rankFile:encoding:)`).
    public static func load(path: String, encoding: Encoding? = nil) throws -> Tokenizer {
        try Tokenizer(rankFile: RankFile.load(path: path), encoding: encoding)
    }

    /// Token ids of `text` with special-token names treated as plain text (tiktoken's
    /// `encode_ordinary`), after NFC for families that normalize.
    public func encodeOrdinary(_ text: String) -> [Int] {
        let input = encoding.normalizesNFC ? Normalization.nfc(text) : text
        var ids: [Int] = []
        ids.reserveCapacity(input.utf8.count / 3 + 1)
        let table = self.table
        withUTF8(input) { bytes, count in
            preTokenizer.forEachPiece(bytes, count) { start, end in
                let piece = bytes + start
                let length = end - start
                let rank = table.rank(piece, length)
                if rank != RankTable.missing {
                    ids.append(Int(rank))
                } else {
                    BytePairMerge.encode(piece, length, table, into: &ids)
                }
            }
        }
        return ids
    }

    /// Number of tokens `encodeOrdinary(text)` would return, without building the id array.
    public func count(_ text: String) -> Int {
        let input = encoding.normalizesNFC ? Normalization.nfc(text) : text
        let table = self.table
        let cache = self.cache
        return withUTF8(input) { bytes, count -> Int in
            var total = 0
            preTokenizer.forEachPiece(bytes, count) { start, end in
                total += Tokenizer.countPiece(bytes + start, end - start, table, cache)
            }
            return total
        }
    }

    @inline(__always)
    static func countPiece(_ piece: UnsafePointer<UInt8>, _ length: Int, _ table: RankTable, _ cache: PieceCache) -> Int {
        if length == 1 { return 1 }
        let hash = hashBytes(piece, length)
        if table.rank(piece, length, hash: hash) != RankTable.missing { return 1 }
        let cacheable = length <= PieceCache.maxKeyLength
        if cacheable, let cached = cache.lookup(piece, length, hash: hash) { return cached }
        let tokens = BytePairMerge.count(piece, length, table)
        if cacheable { cache.store(piece, length, hash: hash, tokens: tokens) }
        return tokens
    }
}
