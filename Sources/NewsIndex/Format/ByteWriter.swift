// ByteWriter: an append-only little-endian byte buffer used to build every index file.

/// A growable byte buffer with little-endian fixed-width and varint appends.
///
/// Writers build a file's payload here and hand `bytes` to the envelope or the directory.
/// `set(u32:at:)` / `set(u64:at:)` patch a value written earlier (e.g. a length or offset
/// known only later) without moving the end.
public struct ByteWriter: Sendable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8]

    /// An empty writer; `capacity` reserves space up front.
    public init(capacity: Int = 0) {
        bytes = []
        if capacity > 0 { bytes.reserveCapacity(capacity) }
    }

    /// The number of bytes written so far (also the offset the next append lands at).
    public var count: Int { bytes.count }

    /// Reserves room for `n` more bytes.
    public mutating func reserveCapacity(additional n: Int) {
        bytes.reserveCapacity(bytes.count + n)
    }

    /// Forgets the contents (keeping the allocation if asked), e.g. after a chunk was flushed.
    public mutating func removeAll(keepingCapacity: Bool = true) {
        bytes.removeAll(keepingCapacity: keepingCapacity)
    }

    // MARK: Fixed width, little-endian

    /// Appends one byte.
    public mutating func append(u8 value: UInt8) {
        bytes.append(value)
    }

    /// Appends a 16-bit little-endian value.
    public mutating func append(u16 value: UInt16) {
        Swift.withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// Appends a 32-bit little-endian value.
    public mutating func append(u32 value: UInt32) {
        Swift.withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// Appends a 64-bit little-endian value.
    public mutating func append(u64 value: UInt64) {
        Swift.withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    // MARK: Varints

    /// Appends `value` as an unsigned LEB128 varint (1...10 bytes).
    public mutating func append(varint value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v &>>= 7
        }
        bytes.append(UInt8(truncatingIfNeeded: v))
    }

    /// Appends `value` zig-zag mapped, then as a varint.
    public mutating func append(signedVarint value: Int64) {
        append(varint: Varint.zigZagEncode(value))
    }

    // MARK: Byte runs

    /// Appends raw bytes.
    public mutating func append(bytes other: some Sequence<UInt8>) {
        bytes.append(contentsOf: other)
    }

    /// Appends the contents of a raw buffer.
    public mutating func append(_ buffer: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: buffer)
    }

    /// A string as its UTF-8 length (varint) then its bytes (read back by `ByteReader.readString`).
    public mutating func append(string: String) {
        append(varint: UInt64(string.utf8.count))
        append(bytes: string.utf8)
    }

    /// Appends `count` zero bytes (padding, placeholders to patch later).
    public mutating func append(zeros count: Int) {
        bytes.append(contentsOf: repeatElement(0, count: count))
    }

    // MARK: Patching (does not move the end)

    /// Overwrites 4 bytes at `offset` with `value` little-endian. The range must already exist.
    public mutating func set(u32 value: UInt32, at offset: Int) {
        precondition(offset >= 0 && offset <= bytes.count - 4, "ByteWriter.set(u32:at:) out of range")
        bytes.withUnsafeMutableBytes { $0.storeBytes(of: value.littleEndian, toByteOffset: offset, as: UInt32.self) }
    }

    /// Overwrites 8 bytes at `offset` with `value` little-endian. The range must already exist.
    public mutating func set(u64 value: UInt64, at offset: Int) {
        precondition(offset >= 0 && offset <= bytes.count - 8, "ByteWriter.set(u64:at:) out of range")
        bytes.withUnsafeMutableBytes { $0.storeBytes(of: value.littleEndian, toByteOffset: offset, as: UInt64.self) }
    }

    /// Calls `body` with the bytes written so far.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try bytes.withUnsafeBytes(body)
    }
}
