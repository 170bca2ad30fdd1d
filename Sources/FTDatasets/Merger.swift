import Foundation

/// Folds chunk results into the file's result strictly in line order, whatever order the chunk
/// tasks finish in: the checks that need the whole file so far (duplicates, mixed formats, the
/// token statistics, the fixed copy) happen here.
struct Merger {
    let config: CheckConfig
    let formatOption: FormatOption
    private(set) var nextIndex = 0
    private var pending: [Int: ChunkResult] = [:]
    private var problems: ProblemCollector
    private var lines = 0
    private var examples = 0
    private var messages = 0
    private var fileFormat: DatasetFormat?
    private var fileFormatLine = 0
    /// Digests (64 bits) of the examples seen so far: memory grows by 8 bytes per example (plus
    /// the hash table's slack, up to about 2x right after it grows).
    private var seen = Set<LineDigest>()
    private var stats: TokenStatistics
    private var counted = false
    private var crlfLines = 0
    private var firstCRLFLine: Int?
    private let writer: FixedWriter?
    private var drops: [Drop] = []
    private var dropCount = 0
    private var dropsByKind: [ProblemKind: Int] = [:]
    private var sawBOM = false
    private var recycled: [UInt8]?

    /// The storage of the chunk merged last, for the reader to reuse.
    mutating func takeRecycledStorage() -> [UInt8]? {
        defer { recycled = nil }
        return recycled
    }

    init(config: CheckConfig, writer: FixedWriter?) {
        self.config = config
        self.formatOption = config.format
        self.problems = ProblemCollector(cap: config.cap, rules: config.rules)
        self.stats = TokenStatistics(contextLimit: config.contextLimit)
        self.writer = writer
        self.fileFormat = config.format.format
    }

    /// Chunks accepted but not yet merged, plus the next one to merge.
    var waiting: Int { pending.count }

    mutating func accept(_ result: ChunkResult) throws {
        pending[result.index] = result
        while let next = pending.removeValue(forKey: nextIndex) {
            try merge(next)
            nextIndex += 1
        }
    }

    private mutating func drop(_ line: Int, _ kind: ProblemKind) {
        dropCount += 1
        dropsByKind[kind, default: 0] += 1
        if drops.count < config.cap { drops.append(Drop(line: line, kind: kind)) }
    }

    private mutating func merge(_ chunk: ChunkResult) throws {
        defer { recycled = chunk.bytes }
        let base = lines  // global 0-based index of the chunk's first line
        if let length = chunk.oversizedBytes {
            lines += 1
            examples += 1
            problems.insert(line: base + 1, kind: .lineTooLong,
                            message: "the line is \(length) bytes, over the \(config.maxLineBytes)-byte cap; it was skipped, split or shorten it")
            if writer != nil { drop(base + 1, .lineTooLong) }
            return
        }
        var local = chunk.problems
        local.offsetLines(by: base + 1)
        var late = ProblemCollector(cap: config.cap, rules: config.rules)
        if chunk.index == 0, chunk.problems.counts[.bom] != nil { sawBOM = true }
        if chunk.crlfLines > 0 {
            crlfLines += chunk.crlfLines
            if firstCRLFLine == nil, let first = chunk.firstCRLFLine { firstCRLFLine = base + first + 1 }
        }
        for var record in chunk.records {
            let line = base + record.line + 1
            if !record.isBlank { examples += 1 }
            if formatOption == .auto, let format = record.format {
                if let fileFormat {
                    if format != fileFormat {
                        late.add(line: line, kind: .mixedFormats) {
                            "this is a \(format.rawValue) example but the file is \(fileFormat.rawValue) (line \(fileFormatLine)); use one format for the whole file"
                        }
                        if record.dropKind == nil { record.dropKind = .mixedFormats }
                    }
                } else {
                    fileFormat = format
                    fileFormatLine = line
                }
            }
            if record.dropKind == nil, let digest = record.digest, !seen.insert(digest).inserted {
                late.add(line: line, kind: .duplicate) {
                    "exact duplicate of an earlier line; remove it (--write-fixed drops duplicates)"
                }
                record.dropKind = .duplicate
            }
            if record.tokens >= 0 {
                counted = true
                stats.add(tokens: record.tokens, content: record.contentTokens)
                messages += record.messages
            }
            if let writer {
                if let kind = record.dropKind {
                    drop(line, kind)
                } else if let bytes = chunk.bytes, record.start <= record.end, record.end <= min(bytes.count, chunk.byteCount) {
                    try bytes.withUnsafeBufferPointer { p in
                        guard let b = p.baseAddress else { return }
                        try writer.writeLine(UnsafeBufferPointer(start: b + record.start, count: record.end - record.start))
                    }
                }
            }
        }
        lines += chunk.lineCount
        problems.append(ProblemCollector.interleave(local, late))
    }

    mutating func finish(file: String, bytes: Int, sha256: String?) throws -> ValidationResult {
        if let first = firstCRLFLine {
            problems.insert(line: first, kind: .crlf,
                            message: "\(crlfLines) line\(crlfLines == 1 ? "" : "s") end with CRLF (\\r\\n); save the file with LF line ends (--write-fixed converts them)")
        }
        let rules = config.rules
        if examples == 0 {
            problems.insert(line: 0, kind: .emptyFile, message: bytes == 0
                ? "the file is empty; add one JSON example per line"
                : "the file has no examples, only blank lines; add one JSON example per line")
        } else if examples < rules.minExamples {
            problems.insert(line: 0, kind: .tooFewExamples,
                            message: "\(examples) example\(examples == 1 ? "" : "s"); \(rules.id) needs at least \(rules.minExamples), add more")
        }
        if let maxBytes = rules.maxFileBytes, bytes > maxBytes {
            problems.insert(line: 0, kind: .fileTooLarge,
                            message: "the file is \(bytes) bytes; \(rules.id) accepts at most \(maxBytes), split it")
        }
        var fix: FixResult?
        if let writer {
            try writer.commit()
            fix = FixResult(path: writer.destination, linesWritten: writer.linesWritten, dropCount: dropCount,
                            drops: drops, dropsByKind: dropsByKind, removedBOM: sawBOM, removedCRLF: crlfLines)
        }
        var tokens: TokenSummary?
        if let counter = config.counter, counted, stats.count > 0 {
            tokens = TokenSummary(exact: counter.isExact, tokenizer: counter.name, total: stats.total,
                                  content: stats.content, min: stats.min, mean: stats.mean,
                                  p50: stats.percentile(50) ?? 0, p95: stats.percentile(95) ?? 0, max: stats.max)
        }
        return ValidationResult(
            file: file, provider: rules.id, format: fileFormat, examples: examples, lines: lines, bytes: bytes,
            messages: messages, errorCount: problems.errorCount, warningCount: problems.warningCount,
            errors: problems.errors, warnings: problems.warnings, counts: problems.counts,
            tokens: tokens, overLimit: stats.overLimit,
            billedTokensPerEpoch: config.counter == nil ? nil : stats.billed,
            defaultEpochs: defaultEpochs(examples: examples), contextLimit: config.contextLimit,
            sha256: sha256, fix: fix)
    }
}
