import Foundation

/// Token figures of a dataset (per example: its total as the cookbook counts it).
public struct TokenSummary: Sendable, Hashable {
    public var exact: Bool
    public var tokenizer: String
    public var total: Int
    public var content: Int
    public var min: Int
    public var mean: Double
    public var p50: Int
    public var p95: Int
    public var max: Int
}

/// A line a fixed copy left out, and why (the kind of its first error, `duplicate`,
/// `over-context-limit`, `blank-line`, `line-too-long`).
public struct Drop: Sendable, Hashable, Codable {
    public var line: Int
    public var kind: ProblemKind
}

/// What `--write-fixed` wrote.
public struct FixResult: Sendable, Hashable {
    public var path: String
    public var linesWritten: Int
    /// Every dropped line is counted; the first `maxRetainedProblems` are listed, in line order.
    public var dropCount: Int
    public var drops: [Drop]
    public var dropsByKind: [ProblemKind: Int]
    public var removedBOM: Bool
    public var removedCRLF: Int
}

/// Everything one validation found.
public struct ValidationResult: Sendable {
    public var file: String
    public var provider: String
    /// The format used: the forced one, else the first example's (nil: none recognised).
    public var format: DatasetFormat?
    /// Non-blank lines.
    public var examples: Int
    public var lines: Int
    public var bytes: Int
    /// Chat messages in counted examples (0 when tokens are not counted).
    public var messages: Int
    public var errorCount: Int
    public var warningCount: Int
    /// The first `maxRetainedProblems` errors and the first `maxRetainedProblems` warnings, each
    /// in line order (file-level problems, line 0, first).
    public var errors: [Problem]
    public var warnings: [Problem]
    /// Exact counts per kind.
    public var counts: [ProblemKind: Int]
    /// nil in schema-only validation.
    public var tokens: TokenSummary?
    public var overLimit: Int
    public var billedTokensPerEpoch: Int?
    public var defaultEpochs: Int?
    public var contextLimit: Int?
    /// Hex SHA-256 of the whole file, when computed.
    public var sha256: String?
    public var fix: FixResult?

    public var isValid: Bool { errorCount == 0 }

    /// The `validate -o json` value, with at most `maxErrors` errors and warnings listed.
    public func report(maxErrors: Int? = nil) -> ValidationReport {
        let cap = Swift.max(0, maxErrors ?? Int.max)
        func entries(_ list: [Problem]) -> [ValidationReport.Entry] {
            list.prefix(cap).map { ValidationReport.Entry(line: $0.line, kind: $0.kind.rawValue, message: $0.message) }
        }
        let t = tokens
        return ValidationReport(
            file: file, format: format?.rawValue, examples: examples, errorCount: errorCount,
            errors: entries(errors),
            tokens: ValidationReport.Tokens(
                exact: t?.exact ?? false, tokenizer: t?.tokenizer, total: t?.total, content: t?.content,
                min: t?.min, mean: t?.mean, p50: t?.p50, p95: t?.p95, max: t?.max),
            overLimit: overLimit, billedTokensPerEpoch: billedTokensPerEpoch,
            warningCount: warningCount, warnings: entries(warnings), messages: messages,
            defaultEpochs: defaultEpochs, sha256: sha256, provider: provider, bytes: bytes)
    }
}

/// `ftctl validate -o json`: exactly the contract's fields
/// `{file, format, examples, error_count, errors:[{line, kind, message}],
///   tokens:{exact, tokenizer, total, content, min, mean, p50, p95, max}, over_limit,
///   billed_tokens_per_epoch}`, then the additions `warning_count, warnings, messages,
/// default_epochs, sha256, provider, bytes`. Absent values are encoded as null, never omitted.
public struct ValidationReport: Sendable, Hashable, Codable {
    public struct Entry: Sendable, Hashable, Codable {
        public var line: Int
        public var kind: String
        public var message: String
    }

    public struct Tokens: Sendable, Hashable, Codable {
        public var exact: Bool
        public var tokenizer: String?
        public var total: Int?
        public var content: Int?
        public var min: Int?
        public var mean: Double?
        public var p50: Int?
        public var p95: Int?
        public var max: Int?

        enum CodingKeys: String, CodingKey { case exact, tokenizer, total, content, min, mean, p50, p95, max }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(exact, forKey: .exact)
            try c.encode(tokenizer, forKey: .tokenizer)
            try c.encode(total, forKey: .total)
            try c.encode(content, forKey: .content)
            try c.encode(min, forKey: .min)
            try c.encode(mean, forKey: .mean)
            try c.encode(p50, forKey: .p50)
            try c.encode(p95, forKey: .p95)
            try c.encode(max, forKey: .max)
        }
    }

    public var file: String
    public var format: String?
    public var examples: Int
    public var errorCount: Int
    public var errors: [Entry]
    public var tokens: Tokens
    public var overLimit: Int
    public var billedTokensPerEpoch: Int?
    public var warningCount: Int
    public var warnings: [Entry]
    public var messages: Int
    public var defaultEpochs: Int?
    public var sha256: String?
    public var provider: String
    public var bytes: Int

    enum CodingKeys: String, CodingKey {
        case file, format, examples, errorCount = "error_count", errors, tokens, overLimit = "over_limit"
        case billedTokensPerEpoch = "billed_tokens_per_epoch", warningCount = "warning_count", warnings, messages
        case defaultEpochs = "default_epochs", sha256, provider, bytes
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(file, forKey: .file)
        try c.encode(format, forKey: .format)
        try c.encode(examples, forKey: .examples)
        try c.encode(errorCount, forKey: .errorCount)
        try c.encode(errors, forKey: .errors)
        try c.encode(tokens, forKey: .tokens)
        try c.encode(overLimit, forKey: .overLimit)
        try c.encode(billedTokensPerEpoch, forKey: .billedTokensPerEpoch)
        try c.encode(warningCount, forKey: .warningCount)
        try c.encode(warnings, forKey: .warnings)
        try c.encode(messages, forKey: .messages)
        try c.encode(defaultEpochs, forKey: .defaultEpochs)
        try c.encode(sha256, forKey: .sha256)
        try c.encode(provider, forKey: .provider)
        try c.encode(bytes, forKey: .bytes)
    }

    /// The report as JSON text, keys in the contract's order.
    /// Keys in the contract's order (the encoder writes them in `encode(to:)`'s order).
    public func jsonData(pretty: Bool = false) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .withoutEscapingSlashes] : [.withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
