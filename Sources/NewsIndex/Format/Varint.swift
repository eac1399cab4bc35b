// Varint helpers: sizes of unsigned LEB128 encodings and zig-zag mapping for signed values.
// (Encoding lives in ByteWriter.append(varint:), decoding in ByteReader.readVarint().)

/// Unsigned LEB128 ("varint") arithmetic shared by the writers and readers of the index format.
///
/// A varint stores 7 bits per byte, least significant group first; the high bit of a byte
/// says "more bytes follow". A `UInt64` takes 1...10 bytes. Signed values are zig-zag mapped
/// first (0, -1, 1, -2, ... → 0, 1, 2, 3, ...) so small magnitudes stay short.
public enum Varint {
    /// The longest encoding of a `UInt64`: 10 bytes.
    public static let maxLength = 10

    /// The number of bytes `value` takes as a varint (1...10).
    public static func encodedLength(_ value: UInt64) -> Int {
        // bits needed (at least 1), divided by 7, rounded up.
        let bits = 64 - (value | 1).leadingZeroBitCount
        return (bits + 6) / 7
    }

    /// Maps a signed value to an unsigned one with small magnitudes staying small.
    public static func zigZagEncode(_ value: Int64) -> UInt64 {
        UInt64(bitPattern: (value << 1) ^ (value >> 63))
    }

    /// The inverse of `zigZagEncode`.
    public static func zigZagDecode(_ value: UInt64) -> Int64 {
        Int64(bitPattern: (value >> 1) ^ (0 &- (value & 1)))
    }
}
