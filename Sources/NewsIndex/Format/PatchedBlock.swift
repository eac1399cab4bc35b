// Patched frame-of-reference (PFor) blocks of 128 integers (and short blocks of 1...127 for list
// tails): most values bit-packed at a small width, the few that do not fit stored as exceptions,
// so one outlier does not widen the whole block.

/// A block of exactly 128 UInt32 values:
///
///     PatchedBlock --> Width u8, ExceptionCount u8, Packed(128 low parts, Width bits),
///                      <Index u8, varint(value >> Width)>^ExceptionCount
///
/// The width is the one that makes the block smallest (each exception costs its index byte and
/// the varint of its high bits); at most 127 exceptions. Packed is `BitPacking`'s layout
/// (positions) or `VerticalPacking`'s four lanes (the postings columns): `Layout`.
enum PatchedBlock {
    /// How the 128 low parts are bit-packed.
    enum Layout {
        /// One bit string in value order (`BitPacking`).
        case sequential
        /// Four interleaved lanes (`VerticalPacking`).
        case vertical
    }

    static func encode(_ values: UnsafeBufferPointer<UInt32>, layout: Layout = .sequential, into out: inout ByteWriter) {
        precondition(values.count == 128)
        // needing[b]: how many values need exactly b bits. A value of b bits stored at width w < b
        // is an exception costing its index byte and a varint of its b − w high bits. (A tuple
        // and a temporary buffer below: no array allocated per block.)
        var needing = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let (width, exceptions) = withUnsafeMutableBytes(of: &needing) { raw -> (Int, Int) in
            let needing = raw.bindMemory(to: Int.self)
            let all = histogram(values, into: needing)
            // Widths above the largest value's bits cost more and more with no exception: the
            // search starts at that width (the same choice as starting at 32).
            let widest = 32 - all.leadingZeroBitCount
            var above = 0
            var best = (width: 32, size: Int.max, exceptions: 0)
            for width in stride(from: widest, through: 0, by: -1) {
                // `above` = values needing more than `width` bits.
                if width < widest { above += needing[width + 1] }
                guard above <= 127 else { break }
                var size = 16 * width
                if above > 0 {
                    for bits in (width + 1)...widest where needing[bits] > 0 {
                        size += needing[bits] * (1 + (bits - width + 6) / 7)
                    }
                }
                if size <= best.size { best = (width, size, above) }
            }
            return (best.width, best.exceptions)
        }
        out.append(u8: UInt8(width))
        func pack(_ values: UnsafeBufferPointer<UInt32>, _ width: Int) {
            switch layout {
            case .sequential: BitPacking.pack(values, width: width, into: &out)
            case .vertical: VerticalPacking.pack(values, width: width, into: &out)
            }
        }
        if width == 32 {
            out.append(u8: 0)
            pack(values, 32)
            return
        }
        let mask = width == 0 ? 0 : (UInt32(1) << UInt32(width)) &- 1
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 128) { low in
            for index in 0..<128 { low[index] = values[index] & mask }
            out.append(u8: UInt8(exceptions))
            pack(UnsafeBufferPointer(low), width)
            if exceptions > 0 { appendExceptions(values, width: width, count: exceptions, into: &out) }
        }
    }

    /// Counts in `needing[b]` the values of exactly b bits (0...32), and returns all values or-ed.
    /// Four sets of counters, one per value in turn: repeated lengths do not wait on each other.
    @inline(__always)
    private static func histogram(_ values: UnsafeBufferPointer<UInt32>, into needing: UnsafeMutableBufferPointer<Int>) -> UInt32 {
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: 4 * 33) { counts in
            counts.initialize(repeating: 0)
            var all: UInt32 = 0
            var index = 0
            while index + 4 <= values.count {
                for lane in 0..<4 {
                    let value = values[index + lane]
                    counts[lane * 33 + 32 - value.leadingZeroBitCount] += 1
                    all |= value
                }
                index += 4
            }
            while index < values.count {
                counts[32 - values[index].leadingZeroBitCount] += 1
                all |= values[index]
                index += 1
            }
            for bits in 0...32 { needing[bits] = Int(counts[bits] + counts[33 + bits] + counts[66 + bits] + counts[99 + bits]) }
            return all
        }
    }

    /// Appends the index byte and the varint of the high bits of each of the `count` values above
    /// `width` bits, in index order (`width` < 32); the scan stops at the last one.
    private static func appendExceptions(_ values: UnsafeBufferPointer<UInt32>, width: Int, count: Int, into out: inout ByteWriter) {
        let shift = UInt32(width)
        var remaining = count
        for index in 0..<values.count where values[index] >> shift != 0 {
            out.append(u8: UInt8(index))
            out.append(varint: UInt64(values[index] >> shift))
            remaining -= 1
            if remaining == 0 { return }
        }
    }

    static func encode(_ values: ArraySlice<UInt32>, layout: Layout = .sequential, into out: inout ByteWriter) {
        values.withUnsafeBufferPointer { encode($0, layout: layout, into: &out) }
    }

    /// Decodes a block at the reader's position into `out` (128 values) and moves past it.
    static func decode(_ reader: inout ByteReader, layout: Layout = .sequential, into out: UnsafeMutablePointer<UInt32>) throws(NewsIndexError) {
        let start = reader.position
        let width = Int(try reader.readU8())
        let exceptions = Int(try reader.readU8())
        guard width <= 32, exceptions <= 127, width < 32 || exceptions == 0 else {
            throw reader.corrupt("bad packed block (width \(width), \(exceptions) exceptions)", at: start)
        }
        switch layout {
        case .sequential: try reader.readPackedBlock(width: width, into: out)
        case .vertical: try reader.readVerticalBlock(width: width, into: out)
        }
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

    /// The size in bytes of the block at `offset` without decoding it (`reader` is left after it).
    static func size(_ reader: inout ByteReader, at offset: Int) throws(NewsIndexError) -> Int {
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

    // MARK: Short blocks (1...127 values)

    /// Header bit: an ExceptionCount byte follows.
    static let shortHasExceptions: UInt8 = 0x80
    /// Tails of at most this many values stay varints (a short block's header would cost more).
    static let varintTailLimit = 2

    /// Appends a short block of `values.count` (1...127) values:
    ///
    ///     ShortBlock --> Header u8 (Width | 0x80 if there are exceptions), [ExceptionCount u8],
    ///                    Packed(count low parts, Width bits: ceil(count * Width / 8) bytes),
    ///                    <Index u8, varint(value >> Width)>^ExceptionCount
    ///
    /// The width is the one that makes the block smallest (the smaller on a tie); exceptions are
    /// in increasing index order. Width 0 with every value an exception is allowed.
    static func encodeShort(_ values: UnsafeBufferPointer<UInt32>, into out: inout ByteWriter) {
        let n = values.count
        precondition(n >= 1 && n < 128)
        var needing = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let all = withUnsafeMutableBytes(of: &needing) { histogram(values, into: $0.bindMemory(to: Int.self)) }
        // Widths above the largest value's bits cost no less with no exception: the search starts
        // at that width (the same choice as starting at 32, ties going to the smaller width).
        let widest = 32 - all.leadingZeroBitCount
        let width = withUnsafeBytes(of: &needing) { raw -> Int in
            let needing = raw.bindMemory(to: Int.self)
            var best = (width: 32, size: Int.max)
            var above = 0          // values needing more than `width` bits
            for width in stride(from: widest, through: 0, by: -1) {
                if width < widest { above += needing[width + 1] }
                var size = BitPacking.packedSize(count: n, width: width)
                if above > 0 {
                    size += 1
                    for bits in (width + 1)...widest where needing[bits] > 0 {
                        size += needing[bits] * (1 + (bits - width + 6) / 7)
                    }
                }
                if size <= best.size { best = (width, size) }
            }
            return best.width
        }
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: n) { low in
            let mask = width == 32 ? UInt32.max : (UInt32(1) << UInt32(width)) &- 1
            var exceptions = 0
            for index in 0..<n {
                low[index] = values[index] & mask
                if width < 32 && values[index] >> UInt32(width) != 0 { exceptions += 1 }
            }
            out.append(u8: UInt8(width) | (exceptions > 0 ? shortHasExceptions : 0))
            if exceptions > 0 { out.append(u8: UInt8(exceptions)) }
            BitPacking.packShort(UnsafeBufferPointer(low), width: width, into: &out)
            if exceptions > 0 { appendExceptions(values, width: width, count: exceptions, into: &out) }
        }
    }

    static func encodeShort(_ values: ArraySlice<UInt32>, into out: inout ByteWriter) {
        values.withUnsafeBufferPointer { encodeShort($0, into: &out) }
    }

    /// Decodes a short block of `count` (1...127) values at the reader's position into `out`
    /// (room for 128; slots past `count` may get junk) and moves past it. Throws `.corrupt` on a
    /// bad header (width above 32, bit 0x40 set, 0 exceptions flagged, exceptions at width 32 or
    /// more than `count`), an exception index out of order or ≥ count, or a bad high part.
    static func decodeShort(_ reader: inout ByteReader, count: Int, into out: UnsafeMutablePointer<UInt32>) throws(NewsIndexError) {
        let start = reader.position
        let header = try reader.readU8()
        let width = Int(header & 0x3F)
        var exceptions = 0
        if header & shortHasExceptions != 0 { exceptions = Int(try reader.readU8()) }
        guard width <= 32, header & 0x40 == 0, count >= 1, count < 128,
              header & shortHasExceptions == 0 || (exceptions >= 1 && exceptions <= count && width < 32) else {
            throw reader.corrupt("bad short packed block (header 0x\(String(header, radix: 16)), \(exceptions) exceptions, \(count) values)", at: start)
        }
        try reader.readPackedValues(count: count, width: width, into: out)
        var previous = -1
        for _ in 0..<exceptions {
            let at = reader.position
            let index = Int(try reader.readU8())
            let high = try reader.readVarint()
            guard index > previous, index < count, high > 0, high <= UInt64(UInt32.max) >> UInt64(width) else {
                throw reader.corrupt("bad exception in short packed block", at: at)
            }
            out[index] |= UInt32(high) << UInt32(width)
            previous = index
        }
    }

    // MARK: Tails

    /// Appends a list tail of 0...127 values: varints when there are at most `varintTailLimit`,
    /// else a short block.
    static func encodeTail(_ values: UnsafeBufferPointer<UInt32>, into out: inout ByteWriter) {
        precondition(values.count < 128)
        if values.count <= varintTailLimit {
            for value in values { out.append(varint: UInt64(value)) }
        } else {
            encodeShort(values, into: &out)
        }
    }

    static func encodeTail(_ values: ArraySlice<UInt32>, into out: inout ByteWriter) {
        values.withUnsafeBufferPointer { encodeTail($0, into: &out) }
    }

    /// Decodes a tail of `count` (0...127) values written by `encodeTail` into `out` (room for 128).
    static func decodeTail(_ reader: inout ByteReader, count: Int, into out: UnsafeMutablePointer<UInt32>) throws(NewsIndexError) {
        if count <= varintTailLimit {
            for slot in 0..<count {
                let at = reader.position
                let value = try reader.readVarint()
                guard value <= UInt64(UInt32.max) else { throw reader.corrupt("value \(value) above 2^32-1", at: at) }
                out[slot] = UInt32(value)
            }
        } else {
            try decodeShort(&reader, count: count, into: out)
        }
    }
}
