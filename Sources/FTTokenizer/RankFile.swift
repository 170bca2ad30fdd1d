import Crypto
import FTCore
import Foundation

/// A tiktoken-format rank file (`base64(token bytes) rank` per line), read once: the ranks and
/// the file's SHA-256 come out of the same pass, so recognising the file costs no second read.
public struct RankFile: Sendable {
    /// The path it was read from.
    public let path: String
    /// SHA-256 of the file's bytes, lowercase hex.
    public let sha256: String
    /// The family whose published file has this SHA-256, or nil for an unknown file.
    public var identified: Encoding? { Encoding(rankFileSHA256: sha256) }
    /// Number of distinct tokens.
    public var tokenCount: Int { table.count }

    let table: RankTable

    /// Size of each read; the file is never held whole in memory besides the table itself.
    static let chunkSize = 1 << 20

    /// Reads and checks a rank file. Throws `fileMissing` when it cannot be read and `invalidData`
    /// (naming the file and the line) for a malformed line, a file without all 256
    /// single bytes (BPE could not finish), or a file with no tokens.
    public static func load(path: String) throws -> RankFile {
        var arena: [UInt8] = []
        var ends: [Int] = []
        var ranks: [Int32] = []
        arena.reserveCapacity(1 << 21)
        ends.reserveCapacity(1 << 17)
        ranks.reserveCapacity(1 << 17)
        var lineNumber = 0
        let digest = try readLines(path: path) { line in
            lineNumber += 1
            if let problem = parse(line, into: &arena) {
                throw invalid(path, "line \(lineNumber): \(problem)")
            }
            ends.append(arena.count)
            ranks.append(parseRank(line) ?? 0)
        }
        guard !ends.isEmpty else { throw invalid(path, "it holds no tokens") }
        let table = RankTable(arena: arena, ends: ends, ranks: ranks)
        var byte: UInt8 = 0
        for value in 0...255 {
            byte = UInt8(value)
            if table.rank(&byte, 1) == RankTable.missing {
                throw invalid(path, "it has no token for the single byte 0x\(String(value, radix: 16)), so byte-level BPE cannot encode every text")
            }
        }
        return RankFile(path: path, sha256: digest, table: table)
    }

    /// The family a rank file is, recognised by its SHA-256 alone; nil when it is no published file.
    /// Throws `fileMissing` when the file cannot be read.
    public static func identify(path: String) throws -> Encoding? {
        Encoding(rankFileSHA256: try sha256(path: path))
    }

    /// SHA-256 of a file, lowercase hex, read a chunk at a time.
    public static func sha256(path: String) throws -> String {
        try readLines(path: path, wantLines: false) { _ in }
    }

    // MARK: - Reading

    /// Streams the file: hashes every byte and calls `line` with each non-empty line (without its
    /// `\n` or `\r\n`). Returns the SHA-256 hex.
    private static func readLines(path: String, wantLines: Bool = true,
                                  _ line: (UnsafeBufferPointer<UInt8>) throws -> Void) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw FTError(.fileMissing, what: "read rank file \(path)",
                          why: exists ? "it cannot be opened for reading" : "no such file",
                          hint: "pass the path of a tiktoken rank file (e.g. cl100k_base.tiktoken), or put one in the tokenizers folder")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        var carry: [UInt8] = []
        while true {
            let data: Data
            do {
                guard let chunk = try handle.read(upToCount: chunkSize), !chunk.isEmpty else { break }
                data = chunk
            } catch {
                throw FTError(.fileMissing, what: "read rank file \(path)", why: "\(error.localizedDescription)")
            }
            hasher.update(data: data)
            guard wantLines else { continue }
            try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
                let bytes = raw.bindMemory(to: UInt8.self)
                var start = 0
                for i in 0..<bytes.count where bytes[i] == 0x0A {
                    if carry.isEmpty {
                        try emit(UnsafeBufferPointer(rebasing: bytes[start..<i]), line)
                    } else {
                        carry.append(contentsOf: bytes[start..<i])
                        try carry.withUnsafeBufferPointer { try emit($0, line) }
                        carry.removeAll(keepingCapacity: true)
                    }
                    start = i + 1
                }
                carry.append(contentsOf: bytes[start..<bytes.count])
            }
        }
        if wantLines, !carry.isEmpty { try carry.withUnsafeBufferPointer { try emit($0, line) } }
        return hasher.finalize().map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// Strips a trailing `\r` and skips blank lines, as tiktoken's `splitlines()` loop does.
    private static func emit(_ raw: UnsafeBufferPointer<UInt8>,
                             _ line: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        var end = raw.count
        while end > 0, raw[end - 1] == 0x0D || raw[end - 1] == 0x20 || raw[end - 1] == 0x09 { end -= 1 }
        if end == 0 { return }
        try line(UnsafeBufferPointer(rebasing: raw[0..<end]))
    }

    private static func invalid(_ path: String, _ why: String) -> FTError {
        FTError(.invalidData, what: "read rank file \(path)", why: why,
                hint: "a rank file has one `base64 rank` pair a line, as tiktoken reads it; fetch the file again")
    }

    // MARK: - Parsing one line

    /// Decodes the token of `line` onto the end of `arena`, or returns what is wrong with the line.
    private static func parse(_ line: UnsafeBufferPointer<UInt8>, into arena: inout [UInt8]) -> String? {
        guard let space = line.firstIndex(where: { $0 == 0x20 || $0 == 0x09 }) else {
            return "expected `base64 rank`, found one field"
        }
        var rankStart = space
        while rankStart < line.count, line[rankStart] == 0x20 || line[rankStart] == 0x09 { rankStart += 1 }
        guard parseRank(line) != nil else {
            let field = String(decoding: UnsafeBufferPointer(rebasing: line[rankStart..<line.count]), as: UTF8.self)
            return "the rank \"\(field.prefix(40))\" is not a whole number below 2^31"
        }
        guard space > 0 else { return "the token field is empty" }
        let mark = arena.count
        if !decodeBase64(UnsafeBufferPointer(rebasing: line[0..<space]), into: &arena) {
            arena.removeSubrange(mark..<arena.count)
            return "the token is not valid base64"
        }
        if arena.count == mark { return "the token decodes to no bytes" }
        return nil
    }

    /// The decimal rank after the first space or tab, or nil when it is not 0..<Int32.max.
    private static func parseRank(_ line: UnsafeBufferPointer<UInt8>) -> Int32? {
        guard var i = line.firstIndex(where: { $0 == 0x20 || $0 == 0x09 }) else { return nil }
        while i < line.count, line[i] == 0x20 || line[i] == 0x09 { i += 1 }
        guard i < line.count else { return nil }
        var value = 0
        while i < line.count {
            let digit = Int(line[i]) - 0x30
            guard digit >= 0, digit <= 9 else { return nil }
            value = value * 10 + digit
            if value >= Int(Int32.max) { return nil }
            i += 1
        }
        return Int32(value)
    }

    private static let base64Values: [Int8] = {
        var table = [Int8](repeating: -1, count: 256)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        for (value, char) in alphabet.enumerated() { table[Int(char)] = Int8(value) }
        return table
    }()

    /// Standard base64 with `=` padding (padding may be omitted). False on any other byte.
    private static func decodeBase64(_ text: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) -> Bool {
        var end = text.count
        var padding = 0
        while end > 0, text[end - 1] == 0x3D, padding < 2 {
            end -= 1
            padding += 1
        }
        if padding > 0, text.count % 4 != 0 { return false }
        if end % 4 == 1 { return false }
        var accumulator: UInt32 = 0
        var bits = 0
        for i in 0..<end {
            let value = base64Values[Int(text[i])]
            if value < 0 { return false }
            accumulator = accumulator << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
                accumulator &= (1 << UInt32(bits)) - 1
            }
        }
        return true
    }
}
