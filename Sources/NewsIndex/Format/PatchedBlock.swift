// Patched frame-of-reference (PFor) blocks of 128 integers: most values bit-packed at a small width,
// the few that do not fit stored as exceptions, so one outlier does not widen the whole block.

/// A block of exactly 128 UInt32 values:
///
///     PatchedBlock --> Width u8, ExceptionCount u8, Packed(128 low parts, Width bits),
///                      <Index u8, varint(value >> Width)>^ExceptionCount
///
/// The width is the one that makes the block smallest (each exception costs its index byte and
/// the varint of its high bits); at most 127 exceptions.
enum PatchedBlock {
    static func encode(_ values: UnsafeBufferPointer<UInt32>, into out: inout ByteWriter) {
        precondition(values.count == 128)
        // needing[b]: how many values need exactly b bits. A value of b bits stored at width w < b
        // is an exception costing its index byte and a varint of its b − w high bits.
        var needing = [Int](repeating: 0, count: 33)
        for value in values { needing[32 - value.leadingZeroBitCount] += 1 }
        var above = 0
        var best = (width: 32, size: Int.max)
        for width in stride(from: 32, through: 0, by: -1) {
            // `above` = values needing more than `width` bits.
            if width < 32 { above += needing[width + 1] }
            guard above <= 127 else { break }
            var size = 16 * width
            if above > 0 {
                for bits in (width + 1)...32 where needing[bits] > 0 {
                    size += needing[bits] * (1 + (bits - width + 6) / 7)
                }
            }
            if size <= best.size { best = (width, size) }
        }
        let width = best.width
        out.append(u8: UInt8(width))
        if width == 32 {
            out.append(u8: 0)
            BitPacking.pack(values, width: 32, into: &out)
            return
        }
        let mask = width == 0 ? 0 : (UInt32(1) << UInt32(width)) &- 1
        var low = [UInt32](repeating: 0, count: 128)
        var exceptions: [(UInt8, UInt32)] = []
        for index in 0..<128 {
            low[index] = values[index] & mask
            let high = values[index] >> UInt32(width)
            if high != 0 { exceptions.append((UInt8(index), high)) }
        }
        out.append(u8: UInt8(exceptions.count))
        BitPacking.pack(low, width: width, into: &out)
        for (index, high) in exceptions {
            out.append(u8: index)
            out.append(varint: UInt64(high))
        }
    }

    static func encode(_ values: ArraySlice<UInt32>, into out: inout ByteWriter) {
        values.withUnsafeBufferPointer { encode($0, into: &out) }
    }

    /// Decodes a block at the reader's position into `out` (128 values) and moves past it.
    static func decode(_ reader: inout ByteReader, into out: UnsafeMutablePointer<UInt32>) throws(NewsIndexError) {
        let start = reader.position
        let width = Int(try reader.readU8())
        let exceptions = Int(try reader.readU8())
        guard width <= 32, exceptions <= 127, width < 32 || exceptions == 0 else {
            throw reader.corrupt("bad packed block (width \(width), \(exceptions) exceptions)", at: start)
        }
        try reader.readPackedBlock(width: width, into: out)
        for _ in 0..<exceptions {
            let at = reader.position
            let index = Int(try reader.readU8())
            let high = try reader.readVarint()
            guard index < 128, high > 0, high <= UInt64(UInt32.max) >> UInt64(width) else {
                throw reader.corrupt("bad exception in packed block", at: at)
            }
            out[index] |= UInt32(high) << UInt32(width)
        }
    }

    /// The size in bytes of the block at `offset` without decoding it.
    static func size(in buffer: UnsafeRawBufferPointer, at offset: Int, fileName: String) throws(NewsIndexError) -> Int {
        var reader = ByteReader(buffer, fileName: fileName)
        try reader.seek(to: offset)
        let width = Int(try reader.readU8())
        let exceptions = Int(try reader.readU8())
        guard width <= 32 else { throw reader.corrupt("bad packed block width \(width)", at: offset) }
        try reader.skip(BitPacking.packedSize(width: width))
        for _ in 0..<exceptions {
            _ = try reader.readU8()
            _ = try reader.readVarint()
        }
        return reader.position - offset
    }
}
