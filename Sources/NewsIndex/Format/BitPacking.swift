// BitPacking: blocks of 128 UInt32 values (or fewer, for short tail blocks) packed at a fixed bit
// width 0...32, plus a varint fallback for the shortest tails.

/// Fixed-width bit packing of 128-value blocks (the postings block codec).
///
///     PackedBlock --> 16 * width bytes: value i occupies bits [i*width, (i+1)*width) of the
///                     block read as one little-endian bit string (bit 0 = lowest bit of byte 0)
///     VarintTail  --> count varints (count < 128 is known to the caller)
///
/// Width 0 means "all zeros" and takes no bytes. `bitWidth` picks the smallest width that holds
/// every value. Unpacking validates the block's length once, then decodes without further checks,
/// using a loop specialised for each width.
public enum BitPacking {
    /// Values per packed block.
    public static let blockSize = 128

    /// Bytes a packed block of `width` bits takes: 16 * width.
    public static func packedSize(width: Int) -> Int { 16 &* width }

    /// Bytes `count` values packed at `width` bits take: ceil(count * width / 8).
    public static func packedSize(count: Int, width: Int) -> Int { (count &* width &+ 7) >> 3 }

    /// The number of bits needed by the largest value (0 when all are 0).
    public static func bitWidth(_ values: UnsafeBufferPointer<UInt32>) -> Int {
        var all: UInt32 = 0
        for v in values { all |= v }
        return 32 - all.leadingZeroBitCount
    }

    /// The number of bits needed by the largest value (0 when all are 0).
    public static func bitWidth(_ values: [UInt32]) -> Int {
        values.withUnsafeBufferPointer { bitWidth($0) }
    }

    /// Appends exactly 128 `values` packed at `width` bits (16 * width bytes).
    /// Values must fit the width and there must be exactly 128 of them (programmer errors trap).
    public static func pack(_ values: UnsafeBufferPointer<UInt32>, width: Int, into writer: inout ByteWriter) {
        precondition(values.count == blockSize, "BitPacking.pack needs exactly 128 values")
        precondition(width >= 0 && width <= 32, "BitPacking width must be 0...32")
        precondition(width == 32 || bitWidth(values) <= width, "BitPacking.pack: a value does not fit \(width) bits")
        if width == 0 { return }
        let size = packedSize(width: width)
        withUnsafeTemporaryAllocation(byteCount: size + 8, alignment: 8) { tmp in
            let out = tmp.baseAddress!
            var acc: UInt64 = 0
            var bits = 0
            var o = 0
            for v in values {
                acc |= UInt64(v) << UInt64(bits)
                bits &+= width
                if bits >= 32 {
                    out.storeBytes(of: UInt32(truncatingIfNeeded: acc).littleEndian, toByteOffset: o, as: UInt32.self)
                    o &+= 4
                    acc >>= 32
                    bits &-= 32
                }
            }
            // 128 * width bits is a multiple of 32: nothing is left over.
            writer.append(UnsafeRawBufferPointer(start: out, count: size))
        }
    }

    /// Appends exactly 128 `values` packed at `width` bits.
    public static func pack(_ values: [UInt32], width: Int, into writer: inout ByteWriter) {
        values.withUnsafeBufferPointer { pack($0, width: width, into: &writer) }
    }

    /// Appends any number of `values` packed at `width` bits: `packedSize(count:width:)` bytes,
    /// the last byte's unused high bits 0. Values must fit the width (programmer error: traps).
    public static func packShort(_ values: UnsafeBufferPointer<UInt32>, width: Int, into writer: inout ByteWriter) {
        precondition(width >= 0 && width <= 32, "BitPacking width must be 0...32")
        precondition(width == 32 || bitWidth(values) <= width, "BitPacking.packShort: a value does not fit \(width) bits")
        if width == 0 { return }
        var acc: UInt64 = 0
        var bits = 0
        for v in values {
            acc |= UInt64(v) << UInt64(bits)
            bits &+= width
            while bits >= 8 {
                writer.append(u8: UInt8(truncatingIfNeeded: acc))
                acc >>= 8
                bits &-= 8
            }
        }
        if bits > 0 { writer.append(u8: UInt8(truncatingIfNeeded: acc)) }
    }

    /// Unpacks `count` (0...128) values of `width` bits starting at `offset` in `buffer` into
    /// `out`, which must have room for 128 values (slots from `count` up to the next multiple of
    /// 8 may be overwritten with junk). Returns the bytes consumed, `packedSize(count:width:)`.
    /// Throws `.corrupt` if the width is not 0...32 or the values run past the end of `buffer`.
    public static func unpackShort(
        from buffer: UnsafeRawBufferPointer, at offset: Int, count: Int, width: Int,
        into out: UnsafeMutablePointer<UInt32>, fileName: String = "index file", fileOffset: Int = 0
    ) throws(NewsIndexError) -> Int {
        guard width >= 0, width <= 32, count >= 0, count <= blockSize else {
            throw NewsIndexError(.corrupt, "\(fileName): bit width \(width) above 32 at offset \(fileOffset + offset)")
        }
        let size = packedSize(count: count, width: width)
        guard offset >= 0, offset <= buffer.count, size <= buffer.count &- offset else {
            throw NewsIndexError(.corrupt, "\(fileName): packed values of \(size) bytes run past the end (\(max(0, buffer.count - offset)) left) at offset \(fileOffset + offset)")
        }
        if width == 0 {
            out.update(repeating: 0, count: count)
            return 0
        }
        // Whole groups of 8 values are decoded; the last group's loads reach at most
        // groups * width + 8 bytes from the start.
        let groups = (count &+ 7) >> 3
        let reach = groups &* width &+ 8
        let src = buffer.baseAddress.unsafelyUnwrapped + offset
        if reach <= buffer.count &- offset {
            unpackGroups(src, width: width, groups: groups, into: out)
        } else {
            withUnsafeTemporaryAllocation(byteCount: 16 * 32 + 8, alignment: 8) { tmp in
                let t = tmp.baseAddress!
                t.copyMemory(from: src, byteCount: size)
                t.advanced(by: size).initializeMemory(as: UInt8.self, repeating: 0, count: reach - size)
                unpackGroups(UnsafeRawPointer(t), width: width, groups: groups, into: out)
            }
        }
        return size
    }

    /// Decodes `groups` groups of 8 values whose bytes plus 8 bytes of slack are readable.
    static func unpackGroups(_ src: UnsafeRawPointer, width: Int, groups: Int, into out: UnsafeMutablePointer<UInt32>) {
        if width == 32 {
            for i in 0..<(groups &* 8) {
                out[i] = UInt32(littleEndian: src.loadUnaligned(fromByteOffset: i &* 4, as: UInt32.self))
            }
            return
        }
        let w = width
        let mask: UInt64 = (1 << UInt64(w)) &- 1
        var p = src
        var o = out
        for _ in 0..<groups {
            for j in 0..<8 {
                let bit = j &* w
                let word = UInt64(littleEndian: p.loadUnaligned(fromByteOffset: bit >> 3, as: UInt64.self))
                o[j] = UInt32(truncatingIfNeeded: (word >> UInt64(bit & 7)) & mask)
            }
            p += w
            o += 8
        }
    }

    /// Unpacks one 128-value block of `width` bits starting at `offset` in `buffer` into `out`
    /// (room for 128 values) and returns the bytes consumed (16 * width).
    /// Throws `.corrupt` if the width is not 0...32 or the block runs past the end of `buffer`;
    /// `fileName` and `fileOffset` (where `buffer` starts in the file) go into the message.
    public static func unpack(
        from buffer: UnsafeRawBufferPointer, at offset: Int, width: Int,
        into out: UnsafeMutablePointer<UInt32>, fileName: String = "index file", fileOffset: Int = 0
    ) throws(NewsIndexError) -> Int {
        guard width >= 0, width <= 32 else {
            throw NewsIndexError(.corrupt, "\(fileName): bit width \(width) above 32 at offset \(fileOffset + offset)")
        }
        let size = 16 &* width
        guard offset >= 0, offset <= buffer.count, size <= buffer.count &- offset else {
            throw NewsIndexError(.corrupt, "\(fileName): packed block of \(size) bytes runs past the end (\(max(0, buffer.count - offset)) left) at offset \(fileOffset + offset)")
        }
        if width == 0 {
            out.update(repeating: 0, count: blockSize)
            return 0
        }
        let src = buffer.baseAddress.unsafelyUnwrapped + offset
        if size &+ 8 <= buffer.count &- offset {
            unpackUnchecked(src, width: width, into: out)
        } else {
            // The fast loop may load up to 8 bytes past the block: copy the block to a padded
            // scratch buffer first (only ever for a block at the very end of a buffer).
            withUnsafeTemporaryAllocation(byteCount: 16 * 32 + 8, alignment: 8) { tmp in
                let t = tmp.baseAddress!
                t.copyMemory(from: src, byteCount: size)
                t.advanced(by: size).initializeMemory(as: UInt8.self, repeating: 0, count: 8)
                unpackUnchecked(UnsafeRawPointer(t), width: width, into: out)
            }
        }
        return size
    }

    /// Decodes a block whose 16 * width bytes plus 8 bytes of slack are known to be readable.
    static func unpackUnchecked(_ src: UnsafeRawPointer, width: Int, into out: UnsafeMutablePointer<UInt32>) {
        switch width {
        case 1: unpackFixed(src, 1, out)
        case 2: unpackFixed(src, 2, out)
        case 3: unpackFixed(src, 3, out)
        case 4: unpackFixed(src, 4, out)
        case 5: unpackFixed(src, 5, out)
        case 6: unpackFixed(src, 6, out)
        case 7: unpackFixed(src, 7, out)
        case 8: unpackFixed(src, 8, out)
        case 9: unpackFixed(src, 9, out)
        case 10: unpackFixed(src, 10, out)
        case 11: unpackFixed(src, 11, out)
        case 12: unpackFixed(src, 12, out)
        case 13: unpackFixed(src, 13, out)
        case 14: unpackFixed(src, 14, out)
        case 15: unpackFixed(src, 15, out)
        case 16: unpackFixed(src, 16, out)
        case 17: unpackFixed(src, 17, out)
        case 18: unpackFixed(src, 18, out)
        case 19: unpackFixed(src, 19, out)
        case 20: unpackFixed(src, 20, out)
        case 21: unpackFixed(src, 21, out)
        case 22: unpackFixed(src, 22, out)
        case 23: unpackFixed(src, 23, out)
        case 24: unpackFixed(src, 24, out)
        case 25: unpackFixed(src, 25, out)
        case 26: unpackFixed(src, 26, out)
        case 27: unpackFixed(src, 27, out)
        case 28: unpackFixed(src, 28, out)
        case 29: unpackFixed(src, 29, out)
        case 30: unpackFixed(src, 30, out)
        case 31: unpackFixed(src, 31, out)
        case 32:
            for i in 0..<blockSize {
                out[i] = UInt32(littleEndian: src.loadUnaligned(fromByteOffset: i &* 4, as: UInt32.self))
            }
        default:
            out.update(repeating: 0, count: blockSize)
        }
    }

    /// 16 groups of 8 values; a group of 8 values at width w is exactly w bytes, so inside a group
    /// every byte offset, shift and mask is a constant once `w` is.
    @inline(__always)
    static func unpackFixed(_ src: UnsafeRawPointer, _ w: Int, _ out: UnsafeMutablePointer<UInt32>) {
        let mask: UInt64 = (1 << UInt64(w)) &- 1
        var p = src
        var o = out
        for _ in 0..<16 {
            @inline(__always) func one(_ j: Int) {
                let bit = j &* w
                let word = UInt64(littleEndian: p.loadUnaligned(fromByteOffset: bit >> 3, as: UInt64.self))
                o[j] = UInt32(truncatingIfNeeded: (word >> UInt64(bit & 7)) & mask)
            }
            one(0); one(1); one(2); one(3); one(4); one(5); one(6); one(7)
            p += w
            o += 8
        }
    }

    // MARK: Varint tail

    /// Appends `values` (fewer than 128, typically the last block of a list) as varints.
    public static func packTail(_ values: UnsafeBufferPointer<UInt32>, into writer: inout ByteWriter) {
        for v in values { writer.append(varint: UInt64(v)) }
    }

    /// Appends `values` as varints.
    public static func packTail(_ values: [UInt32], into writer: inout ByteWriter) {
        values.withUnsafeBufferPointer { packTail($0, into: &writer) }
    }

    /// Reads `count` varint values (each must fit a `UInt32`) from `reader` into `out`.
    /// Throws `.corrupt` on truncation or a value above `UInt32.max`.
    public static func unpackTail(
        from reader: inout ByteReader, count: Int, into out: UnsafeMutablePointer<UInt32>
    ) throws(NewsIndexError) {
        for i in 0..<count {
            let start = reader.position
            let v = try reader.readVarint()
            guard v <= UInt64(UInt32.max) else { throw reader.corrupt("value \(v) above 2^32-1", at: start) }
            out[i] = UInt32(truncatingIfNeeded: v)
        }
    }
}

extension ByteReader {
    /// Unpacks a 128-value block of `width` bits at the cursor into `out` and moves past it.
    public mutating func readPackedBlock(width: Int, into out: UnsafeMutablePointer<UInt32>) throws(NewsIndexError) {
        let n = try BitPacking.unpack(
            from: buffer, at: position, width: width, into: out, fileName: fileName, fileOffset: fileOffset)
        try skip(n)
    }

    /// Unpacks `count` values of `width` bits at the cursor into `out` (room for 128) and moves
    /// past them.
    public mutating func readPackedValues(count: Int, width: Int, into out: UnsafeMutablePointer<UInt32>) throws(NewsIndexError) {
        let n = try BitPacking.unpackShort(
            from: buffer, at: position, count: count, width: width, into: out, fileName: fileName, fileOffset: fileOffset)
        try skip(n)
    }
}
