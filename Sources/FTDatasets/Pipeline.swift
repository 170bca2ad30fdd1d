import Dispatch
import Foundation

/// Runs the read → check → merge pipeline off Swift's cooperative pool: one dedicated thread
/// reads chunks and merges results in order, while the chunk checks run on Dispatch's global
/// queue (as many at once as there are cores). The reader never starves behind the checks, and at
/// most `limit` chunks are alive at a time.
final class Pipeline: @unchecked Sendable {
    // Unchecked: its state is under `condition`, an NSCondition since the reader waits (Mutex can't).
    private let condition = NSCondition()
    private var results: [Int: ChunkResult] = [:]   // guarded by condition
    private var cancelled = false                     // guarded by condition

    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    private var isCancelled: Bool {
        condition.lock()
        defer { condition.unlock() }
        return cancelled
    }

    /// Runs on the calling (dedicated) thread until the whole file is merged.
    func run(reader: ChunkReader, merger: inout Merger, config: CheckConfig, keepBytes: Bool, limit: Int) throws {
        let queue = DispatchQueue.global(qos: .userInitiated)
        var nextToRead = 0
        var outstanding = 0
        var finishedReading = false
        while true {
            while outstanding < limit, !finishedReading {
                guard let item = try reader.next() else { finishedReading = true; break }
                let index = nextToRead
                nextToRead += 1
                outstanding += 1
                switch item {
                case .lines(let chunk):
                    // The block must not keep a reference to the storage once the result is
                    // delivered, or the reader's reuse of it would copy it.
                    let box = ChunkBox(chunk)
                    queue.async { [self] in
                        let chunk = box.take()
                        let result = ChunkChecker.run(chunk.storage, count: chunk.count, index: index, config: config,
                                                      keepBytes: keepBytes)
                        deliver(result)
                    }
                case .oversized(let length):
                    deliver(ChunkResult(index: index, lineCount: 1, problems: ProblemCollector(cap: 0, rules: config.rules),
                                        records: [], crlfLines: 0, firstCRLFLine: nil, bytes: nil, byteCount: 0,
                                        oversizedBytes: length))
                }
            }
            if outstanding == 0 { return }
            let wanted = merger.nextIndex
            condition.lock()
            while results[wanted] == nil, !cancelled { condition.wait() }
            let result = results.removeValue(forKey: wanted)
            let stop = cancelled
            condition.unlock()
            if stop { throw CancellationError() }
            guard let result else { continue }
            outstanding -= 1
            try merger.accept(result)
            if let storage = merger.takeRecycledStorage() { reader.recycle(storage) }
        }
    }

    private func deliver(_ result: ChunkResult) {
        condition.lock()
        results[result.index] = result
        condition.broadcast()
        condition.unlock()
    }
}

/// Hands a chunk to exactly one task, which takes it out (so only the result refers to it).
private final class ChunkBox: @unchecked Sendable {
    // Unchecked: made for one task, which alone takes the chunk out, once.
    private var chunk: ChunkBuffer?
    init(_ chunk: ChunkBuffer) { self.chunk = chunk }
    /// Called once, by the task the box was made for.
    func take() -> ChunkBuffer {
        defer { chunk = nil }
        return chunk ?? ChunkBuffer(storage: [], count: 0)
    }
}
