/// Byte-level BPE as tiktoken defines it: start from single bytes and repeatedly merge the
/// adjacent pair whose concatenation has the lowest rank (the leftmost on a tie), until no
/// adjacent pair is a token. The resulting parts are the tokens.
///
/// Short pieces (nearly all) use a flat scan over the pair ranks, which is fastest at that size;
/// long ones (CJK runs, base64, long whitespace) use a heap so the cost stays n log n.
enum BytePairMerge {
    /// Pieces longer than this use the heap.
    static let heapThreshold = 96

    /// Number of tokens of a piece that is not itself a token.
    static func count(_ bytes: UnsafePointer<UInt8>, _ length: Int, _ table: RankTable) -> Int {
        var parts = 0
        merge(bytes, length, table) { _, _ in parts += 1 }
        return parts
    }

    /// Appends the token ids of a piece that is not itself a token.
    static func encode(_ bytes: UnsafePointer<UInt8>, _ length: Int, _ table: RankTable, into ids: inout [Int]) {
        merge(bytes, length, table) { start, end in
            let rank = table.rank(bytes + start, end - start)
            // Every single byte is a token (the loader checks), so `missing` cannot come out of a
            // merge; mapping it to the byte's fallback keeps that promise from becoming a trap.
            ids.append(rank == RankTable.missing ? Int(bytes[start]) : Int(rank))
        }
    }

    /// Runs the merges and calls `part(start, end)` for each resulting part, in order.
    @inline(__always)
    static func merge(_ bytes: UnsafePointer<UInt8>, _ length: Int, _ table: RankTable,
                      _ part: (Int, Int) -> Void) {
        if length <= 1 {
            if length == 1 { part(0, 1) }
            return
        }
        if length <= heapThreshold {
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: 2 * length + 1) { scratch in
                guard let base = scratch.baseAddress else { return }
                flatMerge(bytes, length, table, starts: base, pairRanks: base + length + 1, part)
            }
        } else {
            heapMerge(bytes, length, table, part)
        }
    }

    /// `starts[0...m]` holds part boundaries, `pairRanks[k]` the rank of parts k and k+1 joined.
    @inline(__always)
    private static func flatMerge(_ bytes: UnsafePointer<UInt8>, _ length: Int, _ table: RankTable,
                                  starts: UnsafeMutablePointer<Int32>, pairRanks: UnsafeMutablePointer<Int32>,
                                  _ part: (Int, Int) -> Void) {
        @inline(__always) func pairRank(_ from: Int32, _ to: Int32) -> Int32 {
            table.rank(bytes + Int(from), Int(to - from))
        }
        for k in 0...length { starts[k] = Int32(k) }
        var parts = length
        for k in 0..<(parts - 1) { pairRanks[k] = pairRank(starts[k], starts[k + 2]) }
        while parts > 1 {
            var best = RankTable.missing
            var at = -1
            for k in 0..<(parts - 1) where pairRanks[k] < best {
                best = pairRanks[k]
                at = k
            }
            if at < 0 { break }
            // Join parts `at` and `at + 1`: drop boundary at+1 and pair at+1.
            var k = at + 1
            while k < parts {
                starts[k] = starts[k + 1]
                k += 1
            }
            k = at + 1
            while k < parts - 1 {
                pairRanks[k] = pairRanks[k + 1]
                k += 1
            }
            parts -= 1
            if at < parts - 1 { pairRanks[at] = pairRank(starts[at], starts[at + 2]) }
            if at > 0 { pairRanks[at - 1] = pairRank(starts[at - 1], starts[at + 1]) }
        }
        for k in 0..<parts { part(Int(starts[k]), Int(starts[k + 1])) }
    }

    /// The same merges with a binary min-heap of (rank, position) and a linked list of parts.
    /// Popping the smallest (rank, start offset) is exactly "lowest rank, leftmost on a tie".
    /// Stale heap entries are skipped: an entry is live when its part still exists and still has
    /// that pair rank.
    private static func heapMerge(_ bytes: UnsafePointer<UInt8>, _ length: Int, _ table: RankTable,
                                  _ part: (Int, Int) -> Void) {
        var next = [Int32](repeating: 0, count: length)
        var prev = [Int32](repeating: 0, count: length)
        var pair = [Int32](repeating: RankTable.missing, count: length)
        var alive = [Bool](repeating: true, count: length)
        var heap: [UInt64] = []
        heap.reserveCapacity(length)
        @inline(__always) func rankOf(_ from: Int, _ to: Int) -> Int32 {
            table.rank(bytes + from, to - from)
        }
        func push(_ rank: Int32, _ at: Int) {
            heap.append(UInt64(UInt32(bitPattern: rank)) << 32 | UInt64(at))
            var child = heap.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                if heap[parent] <= heap[child] { break }
                heap.swapAt(parent, child)
                child = parent
            }
        }
        func pop() -> UInt64? {
            guard let last = heap.popLast() else { return nil }
            guard !heap.isEmpty else { return last }
            let top = heap[0]
            heap[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1
                if left >= heap.count { break }
                var smallest = left
                if left + 1 < heap.count, heap[left + 1] < heap[left] { smallest = left + 1 }
                if heap[parent] <= heap[smallest] { break }
                heap.swapAt(parent, smallest)
                parent = smallest
            }
            return top
        }
        for k in 0..<length {
            next[k] = Int32(k + 1)
            prev[k] = Int32(k - 1)
        }
        for k in 0..<(length - 1) {
            let rank = rankOf(k, k + 2)
            pair[k] = rank
            if rank != RankTable.missing { push(rank, k) }
        }
        while let entry = pop() {
            let rank = Int32(bitPattern: UInt32(truncatingIfNeeded: entry >> 32))
            let at = Int(entry & 0xFFFF_FFFF)
            guard at < length, alive[at], pair[at] == rank, rank != RankTable.missing else { continue }
            let joined = Int(next[at])
            guard joined < length else { continue }
            let after = Int(next[joined])
            alive[joined] = false
            next[at] = Int32(after)
            if after < length { prev[after] = Int32(at) }
            if after < length {
                let newRank = rankOf(at, Int(next[after]))
                pair[at] = newRank
                if newRank != RankTable.missing { push(newRank, at) }
            } else {
                pair[at] = RankTable.missing
            }
            let before = Int(prev[at])
            if before >= 0 {
                let newRank = rankOf(before, after)
                pair[before] = newRank
                if newRank != RankTable.missing { push(newRank, before) }
            }
        }
        var k = 0
        while k < length {
            let end = Int(next[k])
            part(k, end)
            k = end
        }
    }
}
