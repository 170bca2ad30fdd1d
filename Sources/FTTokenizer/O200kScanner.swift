/// The scanner for o200k_base, whose words follow letter case:
///
///     P?[Lu Lt Lm Lo M]*[Ll Lm Lo M]+C? | P?[Lu Lt Lm Lo M]+[Ll Lm Lo M]*C? | \p{N}{1,3}
///     | ' '?[^\s\p{L}\p{N}]+[\r\n/]* | \s*[\r\n]+ | \s+(?!\S) | \s+
///
/// where P is `[^\r\n\p{L}\p{N}]` and C a contraction. Nothing is possessive, so the first two
/// alternatives are resolved as the backtracking engine would: the optional prefix is tried taken
/// first, the upper part gives back scalars until a lower-class scalar can start, and only when
/// every split fails is the next choice tried. Marks are in both case classes and in P, which is
/// what makes "HTTPServer" one piece but "iPhone" two, and lets a lone mark act as a prefix.
struct O200kScanner: PieceScanner {
    let reader: ScalarReader

    init(reader: ScalarReader, kind: PatternKind) {
        self.reader = reader
    }

    @inline(__always)
    func pieceEnd(at i: Int) -> Int {
        let r = reader
        let first = r.scalar(at: i)
        let prefixable = first.bits & CharClass.notPrefix == 0
        let afterPrefix = i + first.length
        // Alternative 1: prefix taken, then not taken.
        if prefixable, let end = upperThenLower(from: afterPrefix) { return withContraction(end) }
        if first.bits & (CharClass.caseUpper | CharClass.caseLower) != 0, let end = upperThenLower(from: i) {
            return withContraction(end)
        }
        // Alternative 2.
        if prefixable, let end = upperRun(from: afterPrefix) { return withContraction(end) }
        if first.bits & CharClass.caseUpper != 0, let end = upperRun(from: i) { return withContraction(end) }
        // Alternative 3: `\p{N}{1,3}`.
        if first.bits & CharClass.number != 0 {
            return r.digitRunEnd(afterFirst: afterPrefix, maxDigits: 3)
        }
        // Alternative 4: ` ?[^\s\p{L}\p{N}]+[\r\n/]*`.
        if r.bytes[i] == 0x20, i + 1 < r.count {
            let second = r.scalar(at: i + 1)
            if second.bits & CharClass.notPunct == 0 {
                return trailerEnd(from: r.punctRunEnd(from: i + 1 + second.length))
            }
        }
        if first.bits & CharClass.notPunct == 0 {
            return trailerEnd(from: r.punctRunEnd(from: afterPrefix))
        }
        // Whitespace alternatives.
        let run = r.whitespaceRun(from: i)
        if run.lastNewline >= 0 { return run.lastNewline + 1 } // \s*[\r\n]+
        if run.end == r.count { return run.end }               // \s+(?!\S) at the end
        if run.scalars >= 2 { return run.lastStart }           // \s+(?!\S)
        return run.end                                         // \s+
    }

    /// `[U]*[W]+` from `s` (U, W the case classes): its end, or nil when no split matches.
    @inline(__always)
    private func upperThenLower(from s: Int) -> Int? {
        let r = reader
        var u = s
        var lastLowerEnd = -1
        while u < r.count {
            let c = r.scalar(at: u)
            if c.bits & CharClass.caseUpper == 0 {
                // Greedy U* stops here; if this scalar can start W+, W+ runs on from it.
                if c.bits & CharClass.caseLower != 0 {
                    return r.runEnd(from: u + c.length, anyOf: CharClass.caseLower)
                }
                break
            }
            if c.bits & CharClass.caseLower != 0 { lastLowerEnd = u + c.length }
            u += c.length
        }
        // U* gives back scalars until its last scalar that is also in W; W+ is then that one scalar.
        return lastLowerEnd >= 0 ? lastLowerEnd : nil
    }

    /// `[U]+[W]*` from `s`: its end, or nil when no U scalar is at `s`.
    @inline(__always)
    private func upperRun(from s: Int) -> Int? {
        let end = reader.runEnd(from: s, anyOf: CharClass.caseUpper)
        guard end > s else { return nil }
        return reader.runEnd(from: end, anyOf: CharClass.caseLower)
    }

    @inline(__always)
    private func withContraction(_ end: Int) -> Int {
        end + reader.contractionLength(at: end)
    }

    @inline(__always)
    private func trailerEnd(from i: Int) -> Int {
        var j = i
        while j < reader.count {
            let b = reader.bytes[j]
            guard b == 0x0A || b == 0x0D || b == 0x2F else { break }
            j += 1
        }
        return j
    }
}
