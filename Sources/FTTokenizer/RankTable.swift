import Foundation

/// Token bytes → rank, as an open-addressing hash table over one contiguous byte arena. BPE asks
/// it about every candidate merge, so a lookup is one hash, a probe or two, and one memcmp, with
/// no allocation (a `[UInt8]`-keyed Dictionary would allocate a key per question).
final class RankTable: @unchecked Sendable {
    // Safety: every buffer is written only in init and read-only afterwards.

    /// Returned by `rank(_:_:)` for byte strings that are not tokens.
    static let missing: Int32 = .max

    /// Number of distinct tokens.
    let count: Int
    /// One past the largest rank.
    let rankLimit: Int

    private let slots: UnsafeMutablePointer<UInt64> // tag << 32 | (entry + 1); 0 = empty
    private let mask: Int
    private let arena: UnsafeMutablePointer<UInt8>
    private let offsets: UnsafeMutablePointer<UInt32>
    private let lengths: UnsafeMutablePointer<UInt32>
    private let ranks: UnsafeMutablePointer<Int32>

    /// Builds the table from tokens laid end to end in `arena` (`ends[k]` is where token k ends).
    /// A token listed twice keeps its last rank, as a Python dict built from the file would.
    init(arena bytes: [UInt8], ends: [Int], ranks tokenRanks: [Int32]) {
        let entries = min(ends.count, tokenRanks.count)
        var capacity = 1024
        while capacity < entries * 2 { capacity <<= 1 }
        let mask = capacity - 1
        let slots = UnsafeMutablePointer<UInt64>.allocate(capacity: capacity)
        slots.initialize(repeating: 0, count: capacity)
        let arena = UnsafeMutablePointer<UInt8>.allocate(capacity: max(bytes.count, 1))
        bytes.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { arena.initialize(from: base, count: source.count) }
        }
        let offsets = UnsafeMutablePointer<UInt32>.allocate(capacity: max(entries, 1))
        let lengths = UnsafeMutablePointer<UInt32>.allocate(capacity: max(entries, 1))
        let ranks = UnsafeMutablePointer<Int32>.allocate(capacity: max(entries, 1))
        var distinct = 0
        var limit = 0
        var start = 0
        for k in 0..<entries {
            let end = ends[k]
            let length = end - start
            let hash = hashBytes(arena + start, length)
            let tag = hash >> 32
            var index = Int(truncatingIfNeeded: hash) & mask
            var placed = false
            while slots[index] != 0 {
                let slot = slots[index]
                let entry = Int(slot & 0xFFFF_FFFF) - 1
                if slot >> 32 == tag, Int(lengths[entry]) == length,
                   memcmp(arena + Int(offsets[entry]), arena + start, length) == 0 {
                    ranks[entry] = tokenRanks[k]
                    placed = true
                    break
                }
                index = (index + 1) & mask
            }
            if !placed {
                offsets[distinct] = UInt32(start)
                lengths[distinct] = UInt32(length)
                ranks[distinct] = tokenRanks[k]
                slots[index] = tag << 32 | UInt64(distinct + 1)
                distinct += 1
            }
            limit = max(limit, Int(tokenRanks[k]) + 1)
            start = end
        }
        self.mask = mask
        self.slots = slots
        self.arena = arena
        self.offsets = offsets
        self.lengths = lengths
        self.ranks = ranks
        self.count = distinct
        self.rankLimit = limit
    }

    deinit {
        slots.deallocate()
        arena.deallocate()
        offsets.deallocate()
        lengths.deallocate()
        ranks.deallocate()
    }

    /// The rank of the `length` bytes at `bytes`, or `RankTable.missing`.
    @inline(__always)
    func rank(_ bytes: UnsafePointer<UInt8>, _ length: Int) -> Int32 {
        rank(bytes, length, hash: hashBytes(bytes, length))
    }

    /// As `rank(_:_:)`, with the hash already computed (the piece cache reuses it).
    @inline(__always)
    func rank(_ bytes: UnsafePointer<UInt8>, _ length: Int, hash: UInt64) -> Int32 {
        let tag = hash >> 32
        var index = Int(truncatingIfNeeded: hash) & mask
        while true {
            let slot = slots[index]
            if slot == 0 { return RankTable.missing }
            if slot >> 32 == tag {
                let entry = Int(slot & 0xFFFF_FFFF) - 1
                if Int(lengths[entry]) == length, memcmp(arena + Int(offsets[entry]), bytes, length) == 0 {
                    return ranks[entry]
                }
            }
            index = (index + 1) & mask
        }
    }
}
