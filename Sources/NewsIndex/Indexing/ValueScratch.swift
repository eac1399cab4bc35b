// A growable run of UInt32 values in memory of its own, for loops that append one value at a time
// (no copy-on-write check per append, as an Array has): filled, then copied out whole.

/// Appendable UInt32 storage, reused from round to round (`removeAll` keeps the memory). Copies
/// share the storage: keep one owner, and call `deallocate` once.
struct ValueScratch {
    private(set) var base: UnsafeMutablePointer<UInt32>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 1024) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    func deallocate() { base.deallocate() }

    @inline(__always)
    mutating func append(_ value: UInt32) {
        if count == capacity { grow() }
        base[count] = value
        count += 1
    }

    mutating func removeAll() { count = 0 }

    /// The values appended since the last `removeAll`.
    var values: UnsafeBufferPointer<UInt32> { UnsafeBufferPointer(start: base, count: count) }

    private mutating func grow() {
        let grown = UnsafeMutablePointer<UInt32>.allocate(capacity: capacity * 2)
        grown.moveInitialize(from: base, count: count)
        base.deallocate()
        base = grown
        capacity *= 2
    }
}
