// CRC32: the IEEE 802.3 / zlib CRC-32 (reflected polynomial 0xEDB88320), slicing-by-16.

/// An incremental CRC-32 with the polynomial and conventions of zlib's `crc32`, PNG, gzip and
/// Ethernet ("123456789" → 0xCBF43926; nothing → 0).
///
///     var crc = CRC32()
///     crc.update(header); crc.update(payload)
///     let sum = crc.value
///
/// Uses slicing-by-16 tables (16 KiB, built on first use).
public struct CRC32: Sendable {
    /// The running register (inverted CRC).
    private var state: UInt32

    /// A CRC of nothing yet.
    public init() { state = 0xFFFF_FFFF }

    /// Continues from the CRC `value` of the bytes before (as zlib's `crc32(value, ...)` does).
    public init(continuing value: UInt32) { state = ~value }

    /// The CRC-32 of all bytes given so far.
    public var value: UInt32 { ~state }

    /// The CRC-32 of `bytes`.
    public static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var c = CRC32()
        c.update(bytes)
        return c.value
    }

    /// The CRC-32 of `bytes`.
    public static func checksum(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { checksum($0) }
    }

    /// Adds `bytes` to the checksum.
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Adds `bytes` to the checksum.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard var p = bytes.baseAddress, bytes.count > 0 else { return }
        var n = bytes.count
        var c = state
        crc32Tables.withUnsafeBufferPointer { tb in
            let t = tb.baseAddress.unsafelyUnwrapped
            @inline(__always) func T(_ k: Int, _ i: UInt32) -> UInt32 { t[k &* 256 &+ Int(i & 0xFF)] }
            while n >= 16 {
                let a = UInt64(littleEndian: p.loadUnaligned(as: UInt64.self)) ^ UInt64(c)
                let b = UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
                let a0 = UInt32(truncatingIfNeeded: a), a1 = UInt32(truncatingIfNeeded: a >> 32)
                let b0 = UInt32(truncatingIfNeeded: b), b1 = UInt32(truncatingIfNeeded: b >> 32)
                var x = T(15, a0) ^ T(14, a0 >> 8) ^ T(13, a0 >> 16) ^ T(12, a0 >> 24)
                x ^= T(11, a1) ^ T(10, a1 >> 8) ^ T(9, a1 >> 16) ^ T(8, a1 >> 24)
                x ^= T(7, b0) ^ T(6, b0 >> 8) ^ T(5, b0 >> 16) ^ T(4, b0 >> 24)
                x ^= T(3, b1) ^ T(2, b1 >> 8) ^ T(1, b1 >> 16) ^ T(0, b1 >> 24)
                c = x
                p += 16
                n &-= 16
            }
            while n > 0 {
                c = (c >> 8) ^ T(0, c ^ UInt32(p.load(as: UInt8.self)))
                p += 1
                n &-= 1
            }
        }
        state = c
    }
}

/// Table k (entries k*256 ..< k*256+256) gives the CRC register after byte n followed by k zeros.
private let crc32Tables: [UInt32] = {
    var t = [UInt32](repeating: 0, count: 16 * 256)
    for n in 0..<256 {
        var c = UInt32(n)
        for _ in 0..<8 { c = (c & 1) != 0 ? (c >> 1) ^ 0xEDB8_8320 : c >> 1 }
        t[n] = c
    }
    for k in 1..<16 {
        for n in 0..<256 {
            let prev = t[(k - 1) * 256 + n]
            t[k * 256 + n] = (prev >> 8) ^ t[Int(prev & 0xFF)]
        }
    }
    return t
}()
