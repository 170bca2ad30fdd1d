/// A fast 64-bit hash of a short byte string, for the rank table and the piece cache. It reads
/// 8 bytes at a time (overlapping the last word instead of looping over a tail) and never reads
/// outside `[bytes, bytes + count)`. Not for untrusted keys in a server: there is no seed.
@inline(__always)
func hashBytes(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
    let raw = UnsafeRawPointer(bytes)
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15 &* UInt64(truncatingIfNeeded: count &+ 1)
    @inline(__always) func mix(_ value: UInt64) {
        h = (h ^ value) &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 31
    }
    if count >= 8 {
        var i = 0
        while i + 8 <= count {
            mix(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            i += 8
        }
        if i < count { mix(raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)) }
    } else if count >= 4 {
        let low = UInt64(raw.loadUnaligned(fromByteOffset: 0, as: UInt32.self))
        let high = UInt64(raw.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self))
        mix(low | high << 32)
    } else if count > 0 {
        mix(UInt64(bytes[0]) | UInt64(bytes[count >> 1]) << 8 | UInt64(bytes[count - 1]) << 16)
    }
    h ^= h >> 33
    h = h &* 0xFF51_AFD7_ED55_8CCD
    h ^= h >> 33
    return h
}
