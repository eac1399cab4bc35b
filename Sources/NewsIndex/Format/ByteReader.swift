// ByteReader: a bounds-checked little-endian cursor over mapped or in-memory index bytes.

/// A cursor over a raw byte buffer: `read*` moves the cursor, `get*(at:)` does not.
///
/// Every read checks bounds and throws `NewsIndexError(.corrupt, "FILE: ... at offset N")`
/// instead of trapping, so a damaged or truncated file becomes an error message. Offsets in
/// messages are file offsets: `fileOffset` (where this buffer starts in the file) plus the
/// position in the buffer.
///
/// The reader does not own the bytes: keep the mapping (or array) alive while reading. `owner`
/// may hold the object that owns them (e.g. the mapped file), which keeps it alive for as long
/// as the reader or a copy of it exists.
///
/// `@unchecked Sendable`: the reader is a value (pointer, range, cursor) over bytes that the index
/// never changes once written (write-once files, mapped read-only). Do not use it over memory that
/// another thread mutates.
public struct ByteReader: @unchecked Sendable {
    let base: UnsafeRawPointer?
    /// One past the last readable position (the buffer's size).
    public let end: Int
    /// The current position, 0...end.
    public private(set) var position: Int
    /// The file name used in error messages.
    public let fileName: String
    /// Where position 0 of this buffer lies in the file (for error messages).
    public let fileOffset: Int
    /// Keeps the memory alive (optional).
    public let owner: AnyObject?

    /// A reader over `buffer`, starting at position 0.
    /// - Parameters:
    ///   - fileName: names the file in error messages.
    ///   - fileOffset: the offset of `buffer` within the file (e.g. `FileEnvelope.headerSize`
    ///     for a payload), so messages give file offsets.
    ///   - owner: an object to keep alive while the reader exists.
    public init(_ buffer: UnsafeRawBufferPointer, fileName: String, fileOffset: Int = 0, owner: AnyObject? = nil) {
        base = buffer.baseAddress
        end = buffer.count
        position = 0
        self.fileName = fileName
        self.fileOffset = fileOffset
        self.owner = owner
    }

    /// The bytes left after the cursor.
    public var remaining: Int { end &- position }

    /// True when the cursor is at the end.
    public var isAtEnd: Bool { position == end }

    /// The whole underlying buffer (position 0...end).
    public var buffer: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: end) }

    // MARK: Errors (kept out of line so the hot paths stay small)

    /// A `.corrupt` error naming this file and the file offset of buffer position `at`.
    public func corrupt(_ what: String, at position: Int) -> NewsIndexError {
        NewsIndexError(.corrupt, "\(fileName): \(what) at offset \(fileOffset + position)")
    }

    @inline(never)
    func pastEnd(_ count: Int, at position: Int) -> NewsIndexError {
        if count < 0 {
            return corrupt("invalid length \(count)", at: position)
        }
        return corrupt(
            "unexpected end of data reading \(count) byte\(count == 1 ? "" : "s") (\(max(0, end - position)) left)",
            at: position)
    }

    // MARK: Moving the cursor

    /// Moves the cursor to `position` (0...end).
    public mutating func seek(to newPosition: Int) throws(NewsIndexError) {
        guard newPosition >= 0, newPosition <= end else {
            throw corrupt("seek to \(newPosition) outside 0...\(end)", at: position)
        }
        position = newPosition
    }

    /// Moves the cursor forward by `count` bytes.
    public mutating func skip(_ count: Int) throws(NewsIndexError) {
        guard count >= 0, count <= end &- position else { throw pastEnd(count, at: position) }
        position &+= count
    }

    // MARK: Fixed width, little-endian

    /// Reads one byte.
    public mutating func readU8() throws(NewsIndexError) -> UInt8 {
        guard position < end else { throw pastEnd(1, at: position) }
        let v = base.unsafelyUnwrapped.load(fromByteOffset: position, as: UInt8.self)
        position &+= 1
        return v
    }

    /// Reads a 16-bit little-endian value.
    public mutating func readU16() throws(NewsIndexError) -> UInt16 {
        guard 2 <= end &- position else { throw pastEnd(2, at: position) }
        let v = base.unsafelyUnwrapped.loadUnaligned(fromByteOffset: position, as: UInt16.self)
        position &+= 2
        return UInt16(littleEndian: v)
    }

    /// Reads a 32-bit little-endian value.
    public mutating func readU32() throws(NewsIndexError) -> UInt32 {
        guard 4 <= end &- position else { throw pastEnd(4, at: position) }
        let v = base.unsafelyUnwrapped.loadUnaligned(fromByteOffset: position, as: UInt32.self)
        position &+= 4
        return UInt32(littleEndian: v)
    }

    /// Reads a 64-bit little-endian value.
    public mutating func readU64() throws(NewsIndexError) -> UInt64 {
        guard 8 <= end &- position else { throw pastEnd(8, at: position) }
        let v = base.unsafelyUnwrapped.loadUnaligned(fromByteOffset: position, as: UInt64.self)
        position &+= 8
        return UInt64(littleEndian: v)
    }

    // MARK: Fixed width at a position, cursor unchanged

    /// The byte at `offset`.
    public func getU8(at offset: Int) throws(NewsIndexError) -> UInt8 {
        guard offset >= 0, offset < end else { throw pastEnd(1, at: offset) }
        return base.unsafelyUnwrapped.load(fromByteOffset: offset, as: UInt8.self)
    }

    /// The 32-bit little-endian value at `offset`.
    public func getU32(at offset: Int) throws(NewsIndexError) -> UInt32 {
        guard offset >= 0, 4 <= end &- offset else { throw pastEnd(4, at: offset) }
        return UInt32(littleEndian: base.unsafelyUnwrapped.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    /// The 64-bit little-endian value at `offset`.
    public func getU64(at offset: Int) throws(NewsIndexError) -> UInt64 {
        guard offset >= 0, 8 <= end &- offset else { throw pastEnd(8, at: offset) }
        return UInt64(littleEndian: base.unsafelyUnwrapped.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    // MARK: Varints

    /// Reads an unsigned LEB128 varint. More than 10 bytes, or a value above `UInt64.max`,
    /// is corrupt. A 1- or 2-byte value is decoded inline with one bounds check.
    public mutating func readVarint() throws(NewsIndexError) -> UInt64 {
        if end &- position >= 2 {
            let p = base.unsafelyUnwrapped + position
            let b0 = p.load(as: UInt8.self)
            if b0 < 0x80 {
                position &+= 1
                return UInt64(b0)
            }
            let b1 = p.load(fromByteOffset: 1, as: UInt8.self)
            if b1 < 0x80 {
                position &+= 2
                return UInt64(b0 & 0x7F) | UInt64(b1) &<< 7
            }
        } else if position < end {
            let b0 = base.unsafelyUnwrapped.load(fromByteOffset: position, as: UInt8.self)
            if b0 < 0x80 {
                position &+= 1
                return UInt64(b0)
            }
        }
        return try readVarintSlow()
    }

    @inline(never)
    mutating func readVarintSlow() throws(NewsIndexError) -> UInt64 {
        let start = position
        guard let p = base else { throw pastEnd(1, at: start) }
        if end &- start >= Varint.maxLength {
            // At least 10 bytes left: no bounds checks per byte.
            var result: UInt64 = 0
            var shift: UInt64 = 0
            var i = start
            while i &- start < 9 {
                let b = p.load(fromByteOffset: i, as: UInt8.self)
                i &+= 1
                result |= UInt64(b & 0x7F) &<< shift
                if b < 0x80 {
                    position = i
                    return result
                }
                shift &+= 7
            }
            let b = p.load(fromByteOffset: i, as: UInt8.self)
            // The 10th byte may carry only the top bit of a UInt64 and must end the varint.
            guard b <= 1 else { throw corrupt("varint longer than 10 bytes or above 2^64", at: start) }
            position = i &+ 1
            return result | UInt64(b) &<< 63
        }
        var result: UInt64 = 0
        var shift: UInt64 = 0
        var i = start
        while true {
            guard i < end else { throw corrupt("unexpected end of data inside a varint", at: start) }
            let b = p.load(fromByteOffset: i, as: UInt8.self)
            i &+= 1
            if shift == 63 {
                guard b <= 1 else { throw corrupt("varint longer than 10 bytes or above 2^64", at: start) }
                result |= UInt64(b) << 63
                break
            }
            result |= UInt64(b & 0x7F) << shift
            if b < 0x80 { break }
            shift &+= 7
        }
        position = i
        return result
    }

    /// Moves past `count` varints without decoding them (each must end within 10 bytes).
    public mutating func skipVarints(_ count: Int) throws(NewsIndexError) {
        guard count > 0 else { return }
        guard let p = base else { throw pastEnd(1, at: position) }
        var i = position
        var left = count
        var length = 0
        while left > 0 {
            guard i < end else { throw corrupt("unexpected end of data inside a varint", at: i - length) }
            let b = p.load(fromByteOffset: i, as: UInt8.self)
            i &+= 1
            length &+= 1
            if b < 0x80 {
                left &-= 1
                length = 0
            } else if length == Varint.maxLength {
                throw corrupt("varint longer than 10 bytes", at: i - length)
            }
        }
        position = i
    }

    /// Reads a varint that must fit a (non-negative) `Int`.
    public mutating func readVarintInt() throws(NewsIndexError) -> Int {
        let start = position
        let v = try readVarint()
        guard v <= UInt64(Int.max) else { throw corrupt("value \(v) too large", at: start) }
        return Int(v)
    }

    /// Reads a zig-zag mapped varint.
    public mutating func readSignedVarint() throws(NewsIndexError) -> Int64 {
        Varint.zigZagDecode(try readVarint())
    }

    // MARK: Byte runs

    /// Reads `count` bytes without copying: the result points into the underlying buffer.
    public mutating func readBytes(_ count: Int) throws(NewsIndexError) -> UnsafeRawBufferPointer {
        guard count >= 0, count <= end &- position else { throw pastEnd(count, at: position) }
        let r = UnsafeRawBufferPointer(start: base.map { $0 + position }, count: count)
        position &+= count
        return r
    }

    /// Reads `count` bytes into a new array.
    public mutating func readByteArray(_ count: Int) throws(NewsIndexError) -> [UInt8] {
        Array(try readBytes(count))
    }

    /// Reads `count` bytes as UTF-8 text (invalid sequences become U+FFFD).
    public mutating func readUTF8(_ count: Int) throws(NewsIndexError) -> String {
        String(decoding: try readBytes(count), as: UTF8.self)
    }

    /// A string stored as its UTF-8 length (varint) then its bytes; invalid UTF-8 is repaired
    /// with U+FFFD, a length past the end throws.
    public mutating func readString() throws(NewsIndexError) -> String {
        let start = position
        let length = try readVarintInt()
        guard length <= remaining else { throw corrupt("string of \(length) bytes runs past the end", at: start) }
        return try readUTF8(length)
    }

    /// A reader over the `count` bytes at `offset` (cursor unchanged). Its positions start at 0,
    /// its messages keep giving file offsets.
    public func slice(at offset: Int, count: Int) throws(NewsIndexError) -> ByteReader {
        guard offset >= 0, offset <= end else { throw pastEnd(count, at: offset) }
        guard count >= 0, count <= end &- offset else { throw pastEnd(count, at: offset) }
        return ByteReader(
            UnsafeRawBufferPointer(start: base.map { $0 + offset }, count: count),
            fileName: fileName, fileOffset: fileOffset + offset, owner: owner)
    }

    /// Reads `count` bytes as a sub-reader and moves past them.
    public mutating func readSlice(_ count: Int) throws(NewsIndexError) -> ByteReader {
        let r = try slice(at: position, count: count)
        position &+= count
        return r
    }
}
