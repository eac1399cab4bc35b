// A cache from a word's raw UTF-8 bytes to its normalized terms, so repeated words skip folding and stemming.

/// Maps raw word bytes (≤ 255) to the encoded output of `WordNormalizer` (see there), with room
/// beside it for the term IDs of a sink that takes IDs (`TokenSink.termIDEpoch`).
///
/// Open addressing over one arena of entries: `keyLength u8, key bytes, valueLength u16 LE, value,
/// epoch u32, termID u32 per term` (IDs valid when the epoch is the sink's; 0: none yet).
/// When it fills up it is cleared, so its memory stays bounded. Not thread-safe: one per analyzer.
final class WordCache {
    private static let slotCount = 1 << 19
    private static let maxEntries = slotCount / 2
    private static let arenaCapacity = 16 << 20  // offsets fit 24 bits

    /// Per slot: the entry's arena offset + 1 in the low 24 bits (0 = empty), the top 8 bits of its
    /// hash above: 4 bytes a slot keeps the table small enough to stay in cache.
    private let slots: UnsafeMutablePointer<UInt32>
    private let arena: UnsafeMutablePointer<UInt8>
    private var arenaUsed = 0
    private var entries = 0

    init() {
        slots = .allocate(capacity: Self.slotCount)
        slots.initialize(repeating: 0, count: Self.slotCount)
        arena = .allocate(capacity: Self.arenaCapacity)
    }

    deinit {
        slots.deallocate()
        arena.deallocate()
    }

    /// The slot where a lookup of `hash` starts. With `touch`, reads done only so that the
    /// memory is on its way to the cache when the lookup comes: several words' reads issued
    /// before their lookups overlap their cache misses.
    @inline(__always)
    func slot(hash: UInt32) -> UInt32 { slots[Int(hash) & (Self.slotCount - 1)] }

    /// Reads the start of the entry that `slot` (from `slot(hash:)`) names; the result means nothing.
    @inline(__always)
    func touch(slot: UInt32) -> UInt32 {
        slot == 0 ? 0 : UInt32(arena[Int(slot & 0xFF_FFFF) - 1])
    }

    /// A cached word: its encoded terms, and its IDs area (epoch, then one ID per term).
    struct Entry {
        let value: UnsafeBufferPointer<UInt8>
        let ids: UnsafeMutableRawPointer
    }

    /// The cached entry for `key`, valid until the next `insert`.
    @inline(__always)
    func lookup(_ key: UnsafeBufferPointer<UInt8>, hash: UInt32) -> Entry? {
        let mask = Self.slotCount - 1
        var slot = Int(hash) & mask
        while true {
            let packed = slots[slot]
            if packed == 0 { return nil }
            if packed >> 24 == hash >> 24 {
                let offset = Int(packed & 0xFF_FFFF) - 1
                let keyLength = Int(arena[offset])
                if keyLength == key.count && memoryEqual(arena + offset + 1, key.baseAddress!, keyLength) {
                    let valueAt = offset + 1 + keyLength
                    let valueLength = Int(arena[valueAt]) | Int(arena[valueAt + 1]) << 8
                    return Entry(value: UnsafeBufferPointer(start: arena + valueAt + 2, count: valueLength),
                                 ids: UnsafeMutableRawPointer(arena + valueAt + 2 + valueLength))
                }
            }
            slot = (slot + 1) & mask
        }
    }

    /// Stores `value` under `key` (which must not be present), clearing the cache first when full;
    /// returns the new entry (no IDs yet), valid until the next `insert`; nil when too large to keep.
    @discardableResult
    func insert(_ key: UnsafeBufferPointer<UInt8>, hash: UInt32, value: UnsafeBufferPointer<UInt8>) -> Entry? {
        let termCount = value.isEmpty ? 0 : Int(value[0])
        let size = 1 + key.count + 2 + value.count + 4 + 4 * termCount
        guard key.count <= 255, value.count <= 0xFFFF, size <= Self.arenaCapacity else { return nil }
        if entries >= Self.maxEntries || arenaUsed + size > Self.arenaCapacity { clear() }
        let offset = arenaUsed
        arena[offset] = UInt8(key.count)
        if let base = key.baseAddress { (arena + offset + 1).update(from: base, count: key.count) }
        let valueAt = offset + 1 + key.count
        arena[valueAt] = UInt8(truncatingIfNeeded: value.count)
        arena[valueAt + 1] = UInt8(truncatingIfNeeded: value.count >> 8)
        if let base = value.baseAddress { (arena + valueAt + 2).update(from: base, count: value.count) }
        let ids = UnsafeMutableRawPointer(arena + valueAt + 2 + value.count)
        ids.storeBytes(of: 0, as: UInt32.self)
        arenaUsed += size
        entries += 1
        let mask = Self.slotCount - 1
        var slot = Int(hash) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = UInt32(offset + 1) | (hash >> 24) << 24
        return Entry(value: UnsafeBufferPointer(start: arena + valueAt + 2, count: value.count), ids: ids)
    }

    private func clear() {
        slots.update(repeating: 0, count: Self.slotCount)
        arenaUsed = 0
        entries = 0
    }

    @inline(__always)
    private func memoryEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        var index = 0
        while index + 8 <= count {
            if UnsafeRawPointer(a + index).loadUnaligned(as: UInt64.self)
                != UnsafeRawPointer(b + index).loadUnaligned(as: UInt64.self) { return false }
            index += 8
        }
        while index < count {
            if a[index] != b[index] { return false }
            index += 1
        }
        return true
    }
}

/// A fast 32-bit hash of short byte strings (multiply-xorshift over 8-byte words).
enum ShortHash {
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        let count = bytes.count
        guard let base = bytes.baseAddress, count > 0 else { return 0x9E37_79B9 }
        let raw = UnsafeRawPointer(base)
        var h: UInt64 = 0x243F_6A88_85A3_08D3 ^ UInt64(count)
        var index = 0
        while index + 8 <= count {
            h = (h ^ raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
            h ^= h >> 29
            index += 8
        }
        if index < count {
            // The last 1–7 bytes, little-endian, in one or two loads (overlapping bytes already
            // hashed or each other) instead of byte by byte: the same value.
            let rest = count - index
            var tail: UInt64
            if count >= 8 {
                tail = raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) >> (UInt64(8 - rest) &* 8)
            } else if rest >= 4 {
                let low = UInt64(raw.loadUnaligned(fromByteOffset: index, as: UInt32.self))
                let high = UInt64(raw.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self))
                tail = low | high << (UInt64(rest - 4) &* 8)
            } else if rest >= 2 {
                tail = UInt64(raw.loadUnaligned(fromByteOffset: index, as: UInt16.self))
                if rest == 3 { tail |= UInt64(base[index + 2]) << 16 }
            } else {
                tail = UInt64(base[index])
            }
            h = (h ^ tail) &* 0x9E37_79B9_7F4A_7C15
            h ^= h >> 29
        }
        h = h &* 0xBF58_476D_1CE4_E5B9
        return UInt32(truncatingIfNeeded: h >> 32)
    }
}
