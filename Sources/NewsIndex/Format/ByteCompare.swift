// ByteCompare: memcmp-order comparison of raw byte strings (no Foundation, no Glibc).

/// Byte-wise (memcmp, then shorter-first) ordering of byte strings, as the term dictionary sorts.
public enum ByteCompare {
    /// Negative if `a` sorts before `b`, 0 if equal, positive if after.
    public static func compare(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let n = min(a.count, b.count)
        let c = commonPrefixLength(a, b)
        if c < n {
            return Int(a[c]) - Int(b[c])
        }
        return a.count < b.count ? -1 : (a.count > b.count ? 1 : 0)
    }

    /// Negative if `a` sorts before `b`, 0 if equal, positive if after.
    public static func compare(_ a: [UInt8], _ b: [UInt8]) -> Int {
        a.withUnsafeBytes { x in b.withUnsafeBytes { y in compare(x, y) } }
    }

    /// Whether `a` sorts before `b` by their UTF-8 bytes (memcmp order), without the generic
    /// element-by-element walk of `String.UTF8View`.
    public static func precedes(_ a: String, _ b: String) -> Bool {
        let result = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y in compare(UnsafeRawBufferPointer(x), UnsafeRawBufferPointer(y)) < 0 }
        }
        return (result ?? nil) ?? a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// The length of the longest common prefix of `a` and `b`.
    public static func commonPrefixLength(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let n = min(a.count, b.count)
        guard n > 0, let pa = a.baseAddress, let pb = b.baseAddress else { return 0 }
        var i = 0
        while n &- i >= 8 {
            let x = pa.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ pb.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            if x != 0 { return i &+ UInt64(littleEndian: x).trailingZeroBitCount >> 3 }
            i &+= 8
        }
        while i < n, pa.load(fromByteOffset: i, as: UInt8.self) == pb.load(fromByteOffset: i, as: UInt8.self) {
            i &+= 1
        }
        return i
    }
}
