import FTCore
import Crypto
import Foundation

/// A line's 64-bit keyed hash (SipHash-1-3 through `Hasher`, with the process's random key): what
/// duplicate detection keeps per example (8 bytes, the only part of validation whose memory grows
/// with the file). Two different lines share one with a chance of n²/2⁶⁵ among n examples: about
/// 3 in a million at ten million examples, so a "duplicate" (which --write-fixed drops) is a
/// different line only in theory; the key keeps a crafted file from choosing collisions. It was
/// the first 64 bits of a SHA-256: as costly as the file's own digest, and a sixth of
/// `validate`'s instructions (Docs/BENCH.md).
struct LineDigest: Hashable, Sendable {
    var value: UInt64

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        var hasher = Hasher()
        hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
        value = UInt64(UInt(bitPattern: hasher.finalize()))
    }
}

/// What the merge needs to know about one line of a chunk.
struct LineRecord: Sendable {
    /// 0-based line within the chunk.
    var line: Int
    /// The bytes to write to a fixed copy (BOM and CR removed): offsets into the chunk.
    var start: Int
    var end: Int
    /// Why a fixed copy leaves the line out (its first error, blank line, over the limit).
    var dropKind: ProblemKind?
    var isBlank: Bool
    var format: DatasetFormat?
    var digest: LineDigest?
    /// Tokens (-1: not counted).
    var tokens: Int
    var contentTokens: Int
    var messages: Int
}

/// The result of validating one chunk, or a line the reader skipped as too long.
struct ChunkResult: Sendable {
    var index: Int
    var lineCount: Int
    var problems: ProblemCollector
    var records: [LineRecord]
    var crlfLines: Int
    var firstCRLFLine: Int?
    /// The chunk's storage (its first `byteCount` bytes are the chunk), for the fixed copy and
    /// to be reused by the reader.
    var bytes: [UInt8]?
    var byteCount: Int
    /// For a skipped line: its length.
    var oversizedBytes: Int?
}

/// The settings the per-line checks need, shared by every chunk task.
struct CheckConfig: Sendable {
    var format: FormatOption
    var rules: ProviderRules
    var counter: (any TokenCounting)?
    var contextLimit: Int?
    var maxDepth: Int
    var maxLineBytes: Int
    var digests: Bool
    var cap: Int
    /// Accepted roles as byte literals, and which are deprecated.
    var roleLiterals: [JSONLine.Literal]
    /// The same roles' names, for messages.
    var roleNames: [String]
    var roleList: String
    /// `rules.formats` by `DatasetFormat.index`, so no line hashes a format.
    var acceptedFormats: [Bool]

    /// Throws for a role name over 32 bytes in the rules (the library's rules are all short; a
    /// caller's own rules may not be).
    init(_ options: ValidationOptions) throws {
        format = options.format
        rules = options.rules
        counter = options.tokenCounter
        contextLimit = options.contextLimit
        maxDepth = max(1, options.maxDepth)
        maxLineBytes = max(1, options.maxLineBytes)
        digests = options.detectDuplicates
        cap = options.maxRetainedProblems
        roleNames = options.rules.roles.sorted()
        roleLiterals = try roleNames.map { role in
            guard var literal = JSONLine.Literal(exactly: role) else {
                throw FTError(.usage, what: "validate", why: "the rules' role \"\(role.prefix(40))…\" is longer than 32 bytes",
                              hint: "Give roles of at most 32 bytes.")
            }
            literal.isAssistant = role == "assistant"
            literal.isTool = role == "tool"
            literal.isDeprecated = options.rules.deprecatedRoles.contains(role)
            return literal
        }
        acceptedFormats = DatasetFormat.allCases.map { options.rules.formats.contains($0) }
        roleList = options.rules.roles.subtracting(options.rules.deprecatedRoles).sorted().joined(separator: ", ")
    }
}

/// Token figures of one example.
struct Counted {
    var total: Int
    var content: Int
    var messages: Int
}

/// The mutable part of a chunk's checks (a class, so the checks can read their configuration
/// while reporting). One per chunk task; never shared.
final class CheckerState {
    var problems: ProblemCollector
    /// The current line (0-based within the chunk) and its first error.
    var line = 0
    var firstError: ProblemKind?
    var nodes: [JSONNode] = []

    init(config: CheckConfig) {
        problems = ProblemCollector(cap: config.cap, rules: config.rules)
        nodes.reserveCapacity(256)
    }
}

/// Validates the lines of one chunk, in order.
struct ChunkChecker {
    let config: CheckConfig
    let state: CheckerState

    init(config: CheckConfig) {
        self.config = config
        self.state = CheckerState(config: config)
    }

    func report(_ kind: ProblemKind, _ message: @autoclosure () -> String) {
        if state.problems.add(line: state.line, kind: kind, message: message) == .error, state.firstError == nil {
            state.firstError = kind
        }
    }

    var firstError: ProblemKind? { state.firstError }

    /// Validates every line of `bytes` (complete lines; the last one may lack its newline only at
    /// the end of the file).
    static func run(_ bytes: [UInt8], count: Int, index: Int, config: CheckConfig, keepBytes: Bool) -> ChunkResult {
        let checker = ChunkChecker(config: config)
        var records: [LineRecord] = []
        var crlf = 0
        var firstCRLF: Int?
        bytes.withUnsafeBufferPointer { buf in
            guard let base = buf.baseAddress else { return }
            let n = min(max(0, count), buf.count)
            records.reserveCapacity(n / 512 + 1)
            var pos = 0
            while pos < n {
                let nl: Int
                if let hit = memchr(base + pos, 0x0A, n - pos) {
                    nl = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                } else {
                    nl = n
                }
                var start = pos, end = nl
                if end > start, base[end - 1] == 0x0D {
                    end -= 1
                    crlf += 1
                    if firstCRLF == nil { firstCRLF = checker.state.line }
                }
                checker.state.firstError = nil
                let isFileStart = index == 0 && pos == 0
                if isFileStart, end - start >= 3, base[start] == 0xEF, base[start + 1] == 0xBB, base[start + 2] == 0xBF {
                    // Reported, but not a reason to drop the line: a fixed copy strips the BOM.
                    checker.state.problems.add(line: checker.state.line, kind: .bom) {
                        "the file starts with a UTF-8 byte order mark; save it as UTF-8 without BOM (--write-fixed removes it)"
                    }
                    start += 3
                }
                records.append(checker.checkLine(base, start: start, end: end))
                checker.state.line += 1
                pos = nl + 1
            }
        }
        return ChunkResult(index: index, lineCount: checker.state.line, problems: checker.state.problems, records: records,
                           crlfLines: crlf, firstCRLFLine: firstCRLF, bytes: bytes, byteCount: count,
                           oversizedBytes: nil)
    }

    private func checkLine(_ base: UnsafePointer<UInt8>, start: Int, end: Int) -> LineRecord {
        var record = LineRecord(line: state.line, start: start, end: end, dropKind: nil, isBlank: false, format: nil,
                                digest: nil, tokens: -1, contentTokens: 0, messages: 0)
        var blank = true
        for k in start..<max(start, end) {
            let c = base[k]
            if c != 0x20 && c != 0x09 && c != 0x0D { blank = false; break }
        }
        if blank {
            record.isBlank = true
            record.dropKind = .blankLine
            report(.blankLine, "blank line; remove it (--write-fixed drops blank lines)")
            return record
        }
        if end - start > config.maxLineBytes {
            report(.lineTooLong, "the line is \(end - start) bytes, over the \(config.maxLineBytes)-byte cap; it was skipped, split or shorten it")
            record.dropKind = firstError
            return record
        }
        let bytes = UnsafeBufferPointer(start: base + start, count: end - start)
        if let error = JSONScanner.parse(bytes, into: &state.nodes, maxDepth: config.maxDepth) {
            reportParseError(error, bytes)
            record.dropKind = firstError
            return record
        }
        let checked: LineRecord? = state.nodes.withUnsafeBufferPointer { tape -> LineRecord? in
            let doc = JSONLine(base: base + start, nodes: tape)
            guard doc.kind(0) == .object else {
                report(.notAnObject, "the line is a JSON \(doc.typeName(0)), not an object; write one JSON object per line")
                record.dropKind = firstError
                return record
            }
            let format = config.format.format ?? detectFormat(doc)
            record.format = format
            var counted: Counted?
            if let format {
                if !config.acceptedFormats[format.index] {
                    let accepted = DatasetFormat.allCases.filter { config.rules.formats.contains($0) }.map(\.rawValue)
                    report(.unsupportedByProvider, "\(config.rules.id) does not accept \(format.rawValue) examples; use one of: \(accepted.joined(separator: ", "))")
                }
                switch format {
                case .chat: counted = checkChat(doc)
                case .completion: counted = checkCompletion(doc)
                case .text: counted = checkText(doc)
                case .preference: counted = checkPreference(doc)
                }
            } else {
                report(.unknownFormat, "no messages, prompt/completion, text or input key: not a known example format; write a chat, prompt/completion, text or preference example")
            }
            if let counted {
                record.tokens = counted.total
                record.contentTokens = counted.content
                record.messages = counted.messages
                if let limit = config.contextLimit, counted.total > limit {
                    report(.overContextLimit, "the example has \(counted.total) tokens, over the model's context of \(limit); shorten it, or it is truncated in training (--write-fixed drops it)")
                }
            }
            return nil
        }
        if let checked { return checked }
        if let firstError {
            record.dropKind = firstError
        } else {
            if let limit = config.contextLimit, record.tokens > limit { record.dropKind = .overContextLimit }
            if config.digests { record.digest = LineDigest(bytes) }
        }
        return record
    }

    private func reportParseError(_ error: JSONScanError, _ bytes: UnsafeBufferPointer<UInt8>) {
        switch error {
        case .invalidUTF8(let offset):
            report(.invalidUTF8, "the line is not valid UTF-8 (byte \(offset + 1)); re-encode the file as UTF-8")
        case .syntax(let offset, let expected):
            if let bad = UTF8Check.firstInvalid(bytes) {
                report(.invalidUTF8, "the line is not valid UTF-8 (byte \(bad + 1)); re-encode the file as UTF-8")
            } else if offset < bytes.count, bytes[offset] == 0 {
                report(.invalidJSON, "invalid JSON at byte \(offset + 1): a NUL byte; remove it")
            } else {
                let found = offset < bytes.count ? "found \(ChunkChecker.describe(bytes[offset]))" : "the line ends"
                report(.invalidJSON, "invalid JSON at byte \(offset + 1): expected \(expected), \(found); fix the line so it is one JSON object")
            }
        case .nonStandardNumber(let offset):
            report(.invalidJSON, "invalid JSON at byte \(offset + 1): NaN and Infinity are not JSON numbers; write a number or null")
        case .tooDeep(let limit):
            report(.nestingTooDeep, "the line nests more than \(limit) levels deep; flatten it")
        }
    }

    private static func describe(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return String(format: "byte 0x%02X", byte)
    }

    private func detectFormat(_ doc: JSONLine) -> DatasetFormat? {
        var chat = false, preference = false, completion = false, text = false
        for (k, _) in doc.members(0) {
            if doc.equals(k, Keys.messages) { chat = true }
            else if doc.equals(k, Keys.input) || doc.equals(k, Keys.preferredOutput) || doc.equals(k, Keys.nonPreferredOutput) { preference = true }
            else if doc.equals(k, Keys.prompt) || doc.equals(k, Keys.completion) { completion = true }
            else if doc.equals(k, Keys.text) { text = true }
        }
        if chat { return .chat }
        if preference { return .preference }
        if completion { return .completion }
        if text { return .text }
        return nil
    }
}

/// Keys and literals the checks compare with.
enum Keys {
    static let messages = JSONLine.Literal("messages")
    static let tools = JSONLine.Literal("tools")
    static let parallelToolCalls = JSONLine.Literal("parallel_tool_calls")
    static let functions = JSONLine.Literal("functions")
    static let role = JSONLine.Literal("role")
    static let content = JSONLine.Literal("content")
    static let name = JSONLine.Literal("name")
    static let weight = JSONLine.Literal("weight")
    static let toolCalls = JSONLine.Literal("tool_calls")
    static let toolCallID = JSONLine.Literal("tool_call_id")
    static let functionCall = JSONLine.Literal("function_call")
    static let type = JSONLine.Literal("type")
    static let text = JSONLine.Literal("text")
    static let function = JSONLine.Literal("function")
    static let arguments = JSONLine.Literal("arguments")
    static let id = JSONLine.Literal("id")
    static let assistant = JSONLine.Literal("assistant")
    static let tool = JSONLine.Literal("tool")
    static let prompt = JSONLine.Literal("prompt")
    static let completion = JSONLine.Literal("completion")
    static let input = JSONLine.Literal("input")
    static let preferredOutput = JSONLine.Literal("preferred_output")
    static let nonPreferredOutput = JSONLine.Literal("non_preferred_output")
}

extension JSONLine {
    /// The JSON type of a node, for messages.
    func typeName(_ index: Int) -> String {
        switch kind(index) {
        case .object: return "object"
        case .array: return "array"
        case .string: return "string"
        case .number: return "number"
        case .trueValue, .falseValue: return "boolean"
        case .null: return "null"
        }
    }

    /// A node's source text, cut short and safe for a one-line message.
    func shown(_ index: Int) -> String {
        let text = sourceText(index)
        let short = text.count > 40 ? String(text.prefix(40)) + "…" : text
        return String(short.unicodeScalars.map { $0.value < 0x20 ? " " : Character($0) })
    }
}
