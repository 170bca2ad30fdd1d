/// The scanner for cl100k_base, Llama 3 and Qwen2, whose patterns share one shape:
///
///     contraction | [^\r\n\p{L}\p{N}]?\p{L}+ | \p{N}{1,k} | ' '?[^\s\p{L}\p{N}]+[\r\n]* | whitespace…
///
/// Llama 3 and Qwen2 differ only in `k` (3 vs 1); cl100k adds `\s++$` (a whitespace run that ends
/// the text stays whole, even across a newline). The possessive quantifiers in cl100k's version
/// change nothing here: each alternative below is decided without backtracking into them.
struct ClassicScanner: PieceScanner {
    let reader: ScalarReader
    let maxDigits: Int
    let keepsTrailingWhitespace: Bool

    init(reader: ScalarReader, kind: PatternKind) {
        self.reader = reader
        self.maxDigits = kind == .qwen2 ? 1 : 3
        self.keepsTrailingWhitespace = kind == .cl100k
    }

    /// End (exclusive, in bytes) of the piece that starts at `i` (< reader.count).
    @inline(__always)
    func pieceEnd(at i: Int) -> Int {
        let r = reader
        let first = r.scalar(at: i)
        // 1. `'(?i:[sdmt]|ll|ve|re)`: tried first, so "'sup" gives "'s" + "up".
        if r.bytes[i] == 0x27 {
            let length = r.contractionLength(at: i)
            if length > 0 { return i + length }
        }
        // 2. `[^\r\n\p{L}\p{N}]?\p{L}+`: a letter run, or one prefix scalar (space, tab, punctuation,
        // mark…) directly before a letter run.
        if first.bits & CharClass.letter != 0 {
            return r.runEnd(from: i + first.length, anyOf: CharClass.letter)
        }
        if first.bits & CharClass.notPrefix == 0, i + first.length < r.count {
            let second = r.scalar(at: i + first.length)
            if second.bits & CharClass.letter != 0 {
                return r.runEnd(from: i + first.length + second.length, anyOf: CharClass.letter)
            }
        }
        // 3. `\p{N}{1,k}`.
        if first.bits & CharClass.number != 0 {
            return r.digitRunEnd(afterFirst: i + first.length, maxDigits: maxDigits)
        }
        // 4. ` ?[^\s\p{L}\p{N}]+[\r\n]*`.
        if r.bytes[i] == 0x20, i + 1 < r.count {
            let second = r.scalar(at: i + 1)
            if second.bits & CharClass.notPunct == 0 {
                return newlinesEnd(from: r.punctRunEnd(from: i + 1 + second.length))
            }
        }
        if first.bits & CharClass.notPunct == 0 {
            return newlinesEnd(from: r.punctRunEnd(from: i + first.length))
        }
        // 5. Whitespace (the only class left).
        let run = r.whitespaceRun(from: i)
        if keepsTrailingWhitespace, run.end == r.count { return run.end } // \s++$
        if run.lastNewline >= 0 { return run.lastNewline + 1 }              // \s*[\r\n]+ (backtracks to the last newline)
        if run.end == r.count { return run.end }                            // \s+(?!\S) at the end
        if run.scalars >= 2 { return run.lastStart }                        // \s+(?!\S): leave one for the next word
        return run.end                                                      // \s+ / \s
    }

    @inline(__always)
    private func newlinesEnd(from i: Int) -> Int {
        var j = i
        while j < reader.count, reader.bytes[j] == 0x0A || reader.bytes[j] == 0x0D { j += 1 }
        return j
    }
}
