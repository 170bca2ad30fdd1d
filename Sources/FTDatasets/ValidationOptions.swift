/// How to validate a dataset.
public struct ValidationOptions: Sendable {
    public var format: FormatOption = .auto
    public var rules: ProviderRules = .openai
    /// The model's context length in tokens; examples with more are `over-context-limit` and
    /// billed at this many tokens. nil: no limit check, billed tokens are the totals.
    public var contextLimit: Int?
    /// Counts tokens; nil for schema-only validation (no token figures).
    public var tokenCounter: (any TokenCounting)? = EstimateTokenCounter()
    /// Report exact duplicate lines. Memory: 8 bytes (64 bits of the line's SHA-256) per example (plus the
    /// hash set's own slack), the only part of validation that grows with the file.
    public var detectDuplicates = true
    /// Compute the SHA-256 of the whole file in the same read (uploads reuse it).
    public var computeFileSHA256 = true
    /// How many problems of each severity to keep, in line order; counts are always exact.
    public var maxRetainedProblems = 1000
    /// Longer lines are skipped and reported as `line-too-long`.
    public var maxLineBytes = 64 * 1024 * 1024
    /// Deeper nesting is reported as `nesting-too-deep`.
    public var maxDepth = 128
    /// Bytes read at a time; each chunk is validated as one task. 1 MiB chunks stay in the
    /// cache between the read and the checks and keep both cores busy to the end of the file:
    /// measured faster than 4 MiB (Docs/BENCH.md).
    public var chunkBytes = 1024 * 1024
    /// Chunks read but not yet merged (bounds memory: about chunkBytes × this).
    public var maxChunksInFlight = 8

    public init() {}

    /// Schema checks only: no tokens, no duplicates, no file digest.
    public static func schemaOnly(rules: ProviderRules = .openai, format: FormatOption = .auto) -> ValidationOptions {
        var o = ValidationOptions()
        o.rules = rules
        o.format = format
        o.tokenCounter = nil
        o.detectDuplicates = false
        o.computeFileSHA256 = false
        return o
    }
}
