// Interning of term bytes to dense UInt32 term IDs during a build (open addressing over one arena).

/// Maps term bytes (≤ 255) to dense IDs 0, 1, 2, … in order of first appearance.
final class TermTable {
    /// Per slot: term ID + 1 in the high 32 bits (0 = empty), the term's hash in the low 32 bits,
    /// so a probe costs one memory access.
    private var slots: UnsafeMutablePointer<UInt64>
    private var slotCount: Int
    private var arena: [UInt8] = []
    /// Per term ID: where its bytes start in the arena (length in the byte before).
    private var termOffsets: [UInt32] = []
    private var termHashes: [UInt32] = []

    init(initialSlots: Int = 1 << 16) {
        slotCount = initialSlots
        slots = .allocate(capacity: slotCount)
        slots.initialize(repeating: 0, count: slotCount)
        arena.reserveCapacity(1 << 20)
    }

    deinit {
        slots.deallocate()
    }

    var count: Int { termOffsets.count }

    /// Bytes of memory held (approximately).
    var memoryBytes: Int { slotCount * 8 + arena.capacity + termOffsets.capacity * 8 }

    /// The ID of `term`, adding it when new.
    @inline(__always)
    func intern(_ term: UnsafeBufferPointer<UInt8>) -> UInt32 {
        let hash = ShortHash.hash(term)
        let mask = slotCount - 1
        var slot = Int(hash) & mask
        while true {
            let packed = slots[slot]
            if packed == 0 { break }
            if UInt32(truncatingIfNeeded: packed) == hash, equals(Int(packed >> 32) - 1, term) { return UInt32(packed >> 32) - 1 }
            slot = (slot + 1) & mask
        }
        let id = UInt32(termOffsets.count)
        arena.append(UInt8(term.count))
        termOffsets.append(UInt32(arena.count))
        arena.append(contentsOf: term)
        termHashes.append(hash)
        slots[slot] = UInt64(id + 1) << 32 | UInt64(hash)
        if termOffsets.count * 2 > slotCount { rehash() }
        return id
    }

    @inline(__always)
    private func equals(_ id: Int, _ term: UnsafeBufferPointer<UInt8>) -> Bool {
        let offset = Int(termOffsets[id])
        guard Int(arena[offset - 1]) == term.count else { return false }
        return arena.withUnsafeBufferPointer { bytes in
            for index in 0..<term.count where bytes[offset + index] != term[index] { return false }
            return true
        }
    }

    private func rehash() {
        let newCount = slotCount * 2
        let newSlots = UnsafeMutablePointer<UInt64>.allocate(capacity: newCount)
        newSlots.initialize(repeating: 0, count: newCount)
        let mask = newCount - 1
        for id in 0..<termOffsets.count {
            let hash = termHashes[id]
            var slot = Int(hash) & mask
            while newSlots[slot] != 0 { slot = (slot + 1) & mask }
            newSlots[slot] = UInt64(id + 1) << 32 | UInt64(hash)
        }
        slots.deallocate()
        slots = newSlots
        slotCount = newCount
    }

    /// The bytes of term `id`.
    func bytes(of id: UInt32) -> ArraySlice<UInt8> {
        let offset = Int(termOffsets[Int(id)])
        return arena[offset..<(offset + Int(arena[offset - 1]))]
    }

    /// Term IDs sorted by their bytes (memcmp order): the order terms reach the disk.
    func idsSortedByBytes() -> [UInt32] {
        var ids = (0..<UInt32(termOffsets.count)).map { $0 }
        arena.withUnsafeBufferPointer { bytes in
            ids.sort { a, b in
                let oa = Int(termOffsets[Int(a)]), ob = Int(termOffsets[Int(b)])
                let la = Int(bytes[oa - 1]), lb = Int(bytes[ob - 1])
                let common = min(la, lb)
                for index in 0..<common {
                    let x = bytes[oa + index], y = bytes[ob + index]
                    if x != y { return x < y }
                }
                return la < lb
            }
        }
        return ids
    }
}
