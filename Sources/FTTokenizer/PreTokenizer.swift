/// One family's splitting rules over UTF-8 bytes: `pieceEnd(at:)` returns where the piece that
/// starts at a byte offset ends, exactly as the family's regex would match there.
protocol PieceScanner {
    init(reader: ScalarReader, kind: PatternKind)
    func pieceEnd(at i: Int) -> Int
}

/// Splits text into the pieces BPE runs on, without a regex engine (Swift Regex and
/// NSRegularExpression are one to two orders of magnitude slower on this workload).
public struct PreTokenizer: Sendable {
    public let kind: PatternKind

    public init(kind: PatternKind) {
        self.kind = kind
    }

    /// The pieces of `text`, as the family's regex finds them (text is used as given: callers
    /// normalize first where the family wants it). For tests and estimates; counting does not
    /// build this array.
    public func pieces(_ text: String) -> [String] {
        var result: [String] = []
        withUTF8(text) { bytes, count in
            forEachPiece(bytes, count) { start, end in
                let piece = UnsafeBufferPointer(start: bytes + start, count: end - start)
                result.append(String(decoding: piece, as: UTF8.self))
            }
        }
        return result
    }

    /// Calls `body(start, end)` for each piece of the `count` bytes at `bytes` (valid UTF-8).
    @inline(__always)
    func forEachPiece(_ bytes: UnsafePointer<UInt8>, _ count: Int, _ body: (Int, Int) -> Void) {
        let reader = ScalarReader(bytes: bytes, count: count)
        switch kind {
        case .o200k: Self.run(O200kScanner(reader: reader, kind: kind), count, body)
        case .cl100k, .llama3, .qwen2: Self.run(ClassicScanner(reader: reader, kind: kind), count, body)
        }
    }

    @inline(__always)
    private static func run<S: PieceScanner>(_ scanner: S, _ count: Int, _ body: (Int, Int) -> Void) {
        var i = 0
        while i < count {
            // Every alternative consumes at least one scalar; the clamp only guards that promise.
            let end = min(max(scanner.pieceEnd(at: i), i + 1), count)
            body(i, end)
            i = end
        }
    }
}

/// Runs `body` over the UTF-8 bytes of `text`, copying only when the string is not contiguous
/// (bridged strings); native Swift strings are read in place.
@inline(__always)
func withUTF8<R>(_ text: String, _ body: (UnsafePointer<UInt8>, Int) -> R) -> R {
    if let result = text.utf8.withContiguousStorageIfAvailable({ buffer -> R in
        guard let base = buffer.baseAddress else {
            var zero: UInt8 = 0
            return body(&zero, 0)
        }
        return body(base, buffer.count)
    }) {
        return result
    }
    let copy = Array(text.utf8)
    return copy.withUnsafeBufferPointer { buffer in
        guard let base = buffer.baseAddress else {
            var zero: UInt8 = 0
            return body(&zero, 0)
        }
        return body(base, buffer.count)
    }
}
