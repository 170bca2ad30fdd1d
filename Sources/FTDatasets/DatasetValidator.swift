import FTCore
import Foundation

/// Validates JSONL training files in one streaming read, in constant memory at any file size
/// (but for the duplicate set: 8 bytes per example), on every core.
///
/// The file is read in chunks of `chunkBytes` that end at a newline; the file's SHA-256 is
/// updated with each chunk as it is read. Each chunk is checked on its own (Dispatch's global
/// queue, one per core at a time), at most `maxChunksInFlight` chunks are alive at once, and the
/// results are merged in line order, where duplicates, mixed formats, token statistics and the
/// fixed copy are handled. Reading and merging run on a dedicated thread, so the async caller's
/// cooperative thread is never blocked.
public struct DatasetValidator: Sendable {
    public var options: ValidationOptions

    public init(options: ValidationOptions = ValidationOptions()) {
        self.options = options
    }

    /// Validates the file at `path`.
    public func validate(path: String) async throws -> ValidationResult {
        try await run(path: path, fixedCopy: nil)
    }

    /// Validates the file at `path` and, in the same pass, writes a corrected copy to `output`:
    /// BOM and CRLF removed; blank lines, lines with errors, exact duplicates (all but the
    /// first) and examples over the context limit dropped, each drop listed in `result.fix`.
    /// The copy is written to a temporary file and renamed; the input is never overwritten.
    public func writeFixed(path: String, to output: String) async throws -> ValidationResult {
        try await run(path: path, fixedCopy: output)
    }

    private func run(path: String, fixedCopy: String?) async throws -> ValidationResult {
        let pipeline = Pipeline()
        let options = self.options
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<ValidationResult, any Error>) in
                let thread = Thread {
                    continuation.resume(with: Result {
                        try DatasetValidator.runBlocking(path: path, fixedCopy: fixedCopy, options: options, pipeline: pipeline)
                    })
                }
                thread.name = "ftds-reader"
                thread.start()
            }
        } onCancel: {
            pipeline.cancel()
        }
    }

    private static func runBlocking(path: String, fixedCopy: String?, options: ValidationOptions,
                                    pipeline: Pipeline) throws -> ValidationResult {
        let reader = try ChunkReader(path: path, chunkBytes: options.chunkBytes, maxLineBytes: options.maxLineBytes,
                                     hashing: options.computeFileSHA256)
        let writer = try fixedCopy.map { try FixedWriter(destination: $0, input: path) }
        let config = try CheckConfig(options)
        var merger = Merger(config: config, writer: writer)
        do {
            try pipeline.run(reader: reader, merger: &merger, config: config, keepBytes: writer != nil,
                             limit: max(1, options.maxChunksInFlight))
            return try merger.finish(file: path, bytes: reader.bytesRead, sha256: reader.finalDigest())
        } catch is CancellationError {
            writer?.abandon()
            throw FTError(.cancelled, what: "validate \(path)", why: "cancelled")
        } catch {
            writer?.abandon()
            throw error
        }
    }
}
