import Synchronization

/// The regex character classes the pre-tokenizers test, one bit each, so a scanner asks one byte
/// per scalar instead of querying Unicode properties in its hot loop.
enum CharClass {
    /// Lu, Lt.
    static let upper: UInt8 = 1 << 0
    /// Ll.
    static let lower: UInt8 = 1 << 1
    /// Lm, Lo.
    static let otherLetter: UInt8 = 1 << 2
    /// Mn, Mc, Me (`\p{M}`): not letters, which is why "e\u{301}" splits in most patterns.
    static let mark: UInt8 = 1 << 3
    /// Nd, Nl, No (`\p{N}`).
    static let number: UInt8 = 1 << 4
    /// The White_Space property (`\s` in the Rust regex engine tiktoken uses).
    static let space: UInt8 = 1 << 5
    /// `\r` or `\n`.
    static let newline: UInt8 = 1 << 6

    /// `\p{L}`.
    static let letter: UInt8 = upper | lower | otherLetter
    /// o200k's `[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]`.
    static let caseUpper: UInt8 = upper | otherLetter | mark
    /// o200k's `[\p{Ll}\p{Lm}\p{Lo}\p{M}]`.
    static let caseLower: UInt8 = lower | otherLetter | mark
    /// A scalar is in `[^\r\n\p{L}\p{N}]` (the optional word prefix) when none of these bits is set.
    static let notPrefix: UInt8 = letter | number | newline
    /// A scalar is in `[^\s\p{L}\p{N}]` (punctuation and symbols) when none of these bits is set.
    static let notPunct: UInt8 = letter | number | space

    /// The class bits of one scalar, from its general category and White_Space property.
    static func of(_ scalar: Unicode.Scalar) -> UInt8 {
        let properties = scalar.properties
        var bits: UInt8
        switch properties.generalCategory {
        case .uppercaseLetter, .titlecaseLetter: bits = upper
        case .lowercaseLetter: bits = lower
        case .modifierLetter, .otherLetter: bits = otherLetter
        case .nonspacingMark, .spacingMark, .enclosingMark: bits = mark
        case .decimalNumber, .letterNumber, .otherNumber: bits = number
        default: bits = 0
        }
        if properties.isWhitespace { bits |= space }
        if scalar.value == 0x0A || scalar.value == 0x0D { bits |= newline }
        return bits
    }
}

/// Class bits for every scalar below `limit` (the BMP and the two planes that hold emoji, historic
/// scripts and CJK extensions), filled a block of 256 scalars at a time when a block is first
/// read: filling all 262,144 at once took 29 ms of every `ftctl validate` (Docs/BENCH.md), though a
/// dataset touches a few blocks. Scalars above `limit` are classified on the fly.
final class ClassTable: @unchecked Sendable {
    // Safety: a block's bytes are written once, under `fillLock`, before its flag is stored with
    // release ordering; readers load the flag with acquire ordering before reading the bytes.
    // Never deallocated (process lifetime).
    static let shared = ClassTable()
    static let limit = 0x40000
    static let blockShift = 8

    /// ASCII (block 0) is filled at once, so the scanners' ASCII paths read it without a check.
    let bits: UnsafePointer<UInt8>
    private let table: UnsafeMutablePointer<UInt8>
    private let filled: UnsafeMutablePointer<Atomic<Bool>>
    private let fillLock = Mutex(())

    private init() {
        table = UnsafeMutablePointer<UInt8>.allocate(capacity: ClassTable.limit)
        bits = UnsafePointer(table)
        let blocks = ClassTable.limit >> ClassTable.blockShift
        filled = UnsafeMutablePointer<Atomic<Bool>>.allocate(capacity: blocks)
        for block in 0..<blocks { (filled + block).initialize(to: Atomic(false)) }
        fill(0)
    }

    /// The class bits of `value` (< `limit`).
    @inline(__always)
    func classOf(_ value: Int) -> UInt8 {
        let block = value >> ClassTable.blockShift
        if !filled[block].load(ordering: .acquiring) { fill(block) }
        return table[value]
    }

    private func fill(_ block: Int) {
        fillLock.withLock { _ in
            guard !filled[block].load(ordering: .relaxed) else { return }
            let first = block << ClassTable.blockShift
            for value in first..<(first + (1 << ClassTable.blockShift)) {
                table[value] = Unicode.Scalar(UInt32(value)).map(CharClass.of) ?? 0
            }
            filled[block].store(true, ordering: .releasing)
        }
    }
}

/// Reads scalars out of valid UTF-8 (a Swift String's bytes) and returns their class bits.
/// Bounds are checked so a truncated sequence can only shorten a piece, never read past the end.
struct ScalarReader {
    let bytes: UnsafePointer<UInt8>
    let count: Int
    /// ASCII's class bits; other scalars go through `classes`.
    let table: UnsafePointer<UInt8>
    let classes: ClassTable

    init(bytes: UnsafePointer<UInt8>, count: Int) {
        self.bytes = bytes
        self.count = count
        self.classes = ClassTable.shared
        self.table = classes.bits
    }

    /// The class bits of the scalar starting at byte `i` (< count) and its length in bytes.
    @inline(__always)
    func scalar(at i: Int) -> (bits: UInt8, length: Int) {
        let b0 = bytes[i]
        if b0 < 0x80 { return (table[Int(b0)], 1) }
        let remaining = count - i
        if b0 < 0xE0 {
            guard remaining >= 2 else { return (0, remaining) }
            let value = (Int(b0 & 0x1F) << 6) | Int(bytes[i + 1] & 0x3F)
            return (classes.classOf(value), 2)
        }
        if b0 < 0xF0 {
            guard remaining >= 3 else { return (0, remaining) }
            let value = (Int(b0 & 0x0F) << 12) | (Int(bytes[i + 1] & 0x3F) << 6) | Int(bytes[i + 2] & 0x3F)
            return (classes.classOf(value), 3)
        }
        guard remaining >= 4 else { return (0, remaining) }
        let value = (Int(b0 & 0x07) << 18) | (Int(bytes[i + 1] & 0x3F) << 12)
            | (Int(bytes[i + 2] & 0x3F) << 6) | Int(bytes[i + 3] & 0x3F)
        if value < ClassTable.limit { return (classes.classOf(value), 4) }
        guard let scalar = Unicode.Scalar(UInt32(value)) else { return (0, 4) }
        return (CharClass.of(scalar), 4)
    }

    /// The byte at `i`, or 0 past the end (0 is in no class any check looks for).
    @inline(__always)
    func byte(at i: Int) -> UInt8 { i < count ? bytes[i] : 0 }

    /// End of the run of scalars, from `i`, that have some bit of `mask`.
    @inline(__always)
    func runEnd(from i: Int, anyOf mask: UInt8) -> Int {
        var j = i
        while j < count {
            let b = bytes[j]
            if b < 0x80 {
                if table[Int(b)] & mask == 0 { break }
                j += 1
                continue
            }
            let s = scalar(at: j)
            if s.bits & mask == 0 { break }
            j += s.length
        }
        return j
    }

    /// End of `\p{N}{1,maxDigits}` whose first number scalar ends at `i`.
    @inline(__always)
    func digitRunEnd(afterFirst i: Int, maxDigits: Int) -> Int {
        var j = i
        var digits = 1
        while digits < maxDigits, j < count {
            let s = scalar(at: j)
            if s.bits & CharClass.number == 0 { break }
            j += s.length
            digits += 1
        }
        return j
    }

    /// End of the run of scalars, from `i`, in `[^\s\p{L}\p{N}]`.
    @inline(__always)
    func punctRunEnd(from i: Int) -> Int {
        var j = i
        while j < count {
            let s = scalar(at: j)
            if s.bits & CharClass.notPunct != 0 { break }
            j += s.length
        }
        return j
    }

    /// Length in bytes of a contraction `'s|'t|'re|'ve|'m|'ll|'d` at `i`, matched case-insensitively
    /// with Unicode simple case folding (so `'S`, `'LL`, and `'ſ` with U+017F LONG S count), else 0.
    @inline(__always)
    func contractionLength(at i: Int) -> Int {
        guard i + 1 < count, bytes[i] == 0x27 else { return 0 }
        let b1 = bytes[i + 1]
        // `| 0x20` folds ASCII case; no other byte folds onto the letters tested here.
        switch b1 | 0x20 {
        case 0x73, 0x74, 0x6D, 0x64: return 2 // s t m d
        case 0x72, 0x76: return byte(at: i + 2) | 0x20 == 0x65 ? 3 : 0 // re ve
        case 0x6C: return byte(at: i + 2) | 0x20 == 0x6C ? 3 : 0 // ll
        default: break
        }
        if b1 == 0xC5, byte(at: i + 2) == 0xBF { return 3 } // ſ folds to s
        return 0
    }

    /// The `\s` run from `i`: its end, the position of its last `\r`/`\n` (or -1), the start of its
    /// last scalar, and its length in scalars. The whitespace alternatives are decided from these.
    @inline(__always)
    func whitespaceRun(from i: Int) -> (end: Int, lastNewline: Int, lastStart: Int, scalars: Int) {
        var j = i
        var lastNewline = -1
        var lastStart = i
        var scalars = 0
        while j < count {
            let s = scalar(at: j)
            if s.bits & CharClass.space == 0 { break }
            if s.bits & CharClass.newline != 0 { lastNewline = j }
            lastStart = j
            j += s.length
            scalars += 1
        }
        return (j, lastNewline, lastStart, scalars)
    }
}
