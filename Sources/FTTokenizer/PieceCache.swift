import Foundation

/// Piece → token count for pieces that needed merges, shared by every copy of a `Tokenizer`.
/// Chat datasets repeat the same words, and a hit costs a lock and a 40-byte compare instead of
/// a dozen table lookups. Direct-mapped with a fixed number of slots, so memory stays bounded
/// (about 1.3 MB); a new piece simply overwrites the one in its slot. Striped locks keep two
/// counting threads from waiting on each other, and a busy stripe is skipped, not waited for.
final class PieceCache: @unchecked Sendable {
    // Safety: every slot of stripe s is read and written only while locks[s] is held.

    /// Only pieces up to this many bytes are cached (longer ones rarely repeat).
    static let maxKeyLength = 32
    private static let slotCount = 1 << 15
    private static let stripeCount = 64

    private struct Slot {
        var word0: UInt64 = 0, word1: UInt64 = 0, word2: UInt64 = 0, word3: UInt64 = 0
        var length: UInt32 = 0 // 0 = empty
        var tokens: UInt32 = 0
    }

    private let slots: UnsafeMutablePointer<Slot>
    private let locks: [NSLock]

    init() {
        slots = .allocate(capacity: PieceCache.slotCount)
        slots.initialize(repeating: Slot(), count: PieceCache.slotCount)
        locks = (0..<PieceCache.stripeCount).map { _ in NSLock() }
    }

    deinit {
        slots.deinitialize(count: PieceCache.slotCount)
        slots.deallocate()
    }

    /// The key words of a piece: its bytes zero-padded to 32.
    @inline(__always)
    private static func key(_ bytes: UnsafePointer<UInt8>, _ length: Int) -> (UInt64, UInt64, UInt64, UInt64) {
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &words) { raw in
            if let base = raw.baseAddress { base.copyMemory(from: bytes, byteCount: min(length, maxKeyLength)) }
        }
        return words
    }

    @inline(__always)
    private func place(_ hash: UInt64) -> (slot: Int, stripe: Int) {
        let slot = Int(truncatingIfNeeded: hash >> 7) & (PieceCache.slotCount - 1)
        return (slot, slot & (PieceCache.stripeCount - 1))
    }

    /// The cached count of a piece (`length` ≤ maxKeyLength), or nil.
    @inline(__always)
    func lookup(_ bytes: UnsafePointer<UInt8>, _ length: Int, hash: UInt64) -> Int? {
        let (slot, stripe) = place(hash)
        let words = PieceCache.key(bytes, length)
        let lock = locks[stripe]
        guard lock.try() else { return nil }
        let entry = slots[slot]
        lock.unlock()
        guard Int(entry.length) == length, entry.word0 == words.0, entry.word1 == words.1,
              entry.word2 == words.2, entry.word3 == words.3 else { return nil }
        return Int(entry.tokens)
    }

    /// Remembers the count of a piece (`length` ≤ maxKeyLength).
    @inline(__always)
    func store(_ bytes: UnsafePointer<UInt8>, _ length: Int, hash: UInt64, tokens: Int) {
        guard length > 0, length <= PieceCache.maxKeyLength else { return }
        let (slot, stripe) = place(hash)
        let words = PieceCache.key(bytes, length)
        let lock = locks[stripe]
        guard lock.try() else { return }
        slots[slot] = Slot(word0: words.0, word1: words.1, word2: words.2, word3: words.3,
                           length: UInt32(length), tokens: UInt32(tokens))
        lock.unlock()
    }
}
