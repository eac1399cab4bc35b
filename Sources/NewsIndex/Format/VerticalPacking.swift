// VerticalPacking: blocks of 128 UInt32 values bit-packed in four interleaved lanes, so that one
// 16-byte vector load and a shift and mask decode four values at once (the postings columns).

/// Four-lane ("vertical") bit packing of 128-value blocks, as SIMD-BP128 lays them out:
///
///     VerticalPacked --> 16 * width bytes: value i is in lane i mod 4, slot i div 4; each lane's
///                        32 values form one little-endian bit string of 32 * width bits (slot s at
///                        bits [s*width, (s+1)*width)), cut into `width` 32-bit words; word j of
///                        lane l is stored at byte offset 16 * j + 4 * l.
///
/// The same size as `BitPacking`'s layout (16 * width bytes); width 32 is the values in order.
/// Decoding reads whole 16-byte vectors only inside the block: no slack after it is needed.
enum VerticalPacking {
    /// Appends exactly 128 `values` packed at `width` (0...32) bits (16 * width bytes). Values must
    /// fit the width (programmer error: traps).
    static func pack(_ values: UnsafeBufferPointer<UInt32>, width: Int, into writer: inout ByteWriter) {
        precondition(values.count == 128, "VerticalPacking.pack needs exactly 128 values")
        precondition(width >= 0 && width <= 32, "VerticalPacking width must be 0...32")
        precondition(width == 32 || BitPacking.bitWidth(values) <= width, "VerticalPacking.pack: a value does not fit \(width) bits")
        if width == 0 { return }
        let size = 16 * width
        withUnsafeTemporaryAllocation(byteCount: size, alignment: 16) { tmp in
            let out = tmp.baseAddress!
            for lane in 0..<4 {
                var acc: UInt64 = 0
                var bits = 0
                var word = 0
                for slot in 0..<32 {
                    acc |= UInt64(values[slot &* 4 &+ lane]) << UInt64(bits)
                    bits &+= width
                    if bits >= 32 {
                        out.storeBytes(of: UInt32(truncatingIfNeeded: acc).littleEndian, toByteOffset: 16 &* word &+ 4 &* lane, as: UInt32.self)
                        word &+= 1
                        acc >>= 32
                        bits &-= 32
                    }
                }
                // 32 * width bits is a whole number of words: nothing is left over.
            }
            writer.append(UnsafeRawBufferPointer(start: UnsafeRawPointer(out), count: size))
        }
    }

    /// Decodes a block of `width` (0...32) bits whose 16 * width bytes are readable at `src` into
    /// `out` (128 values).
    static func unpack(_ src: UnsafeRawPointer, width: Int, into out: UnsafeMutablePointer<UInt32>) {
        switch width {
        case 0: out.update(repeating: 0, count: 128)
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
        default:
            for i in 0..<128 { out[i] = UInt32(littleEndian: src.loadUnaligned(fromByteOffset: i &* 4, as: UInt32.self)) }
        }
    }

    /// 32 steps of four values: with `w` a constant once inlined, every shift and word index is.
    @inline(__always)
    private static func unpackFixed(_ src: UnsafeRawPointer, _ w: Int, _ out: UnsafeMutablePointer<UInt32>) {
        let mask = SIMD4<UInt32>(repeating: (UInt32(1) << UInt32(w)) &- 1)
        let o = UnsafeMutableRawPointer(out)
        var word = src.loadUnaligned(as: SIMD4<UInt32>.self)
        var wordIndex = 0
        var shift = 0
        for slot in 0..<32 {
            var v = (word &>> SIMD4<UInt32>(repeating: UInt32(shift))) & mask
            shift &+= w
            if shift >= 32 {
                wordIndex &+= 1
                shift &-= 32
                if wordIndex < w {
                    word = src.loadUnaligned(fromByteOffset: wordIndex &* 16, as: SIMD4<UInt32>.self)
                    if shift > 0 { v |= (word &<< SIMD4<UInt32>(repeating: UInt32(w &- shift))) & mask }
                }
            }
            o.storeBytes(of: v, toByteOffset: slot &* 16, as: SIMD4<UInt32>.self)
        }
    }
}

extension ByteReader {
    /// Unpacks a vertically packed 128-value block of `width` bits at the cursor into `out` and
    /// moves past it; throws `.corrupt` when the width is above 32 or the block runs past the end.
    mutating func readVerticalBlock(width: Int, into out: UnsafeMutablePointer<UInt32>) throws(NewsIndexError) {
        let start = position
        guard width >= 0, width <= 32 else { throw corrupt("bit width \(width) above 32", at: start) }
        let size = 16 * width
        guard size <= remaining else { throw corrupt("packed block of \(size) bytes runs past the end (\(remaining) left)", at: start) }
        if size > 0 { VerticalPacking.unpack(buffer.baseAddress.unsafelyUnwrapped + start, width: width, into: out) }
        else { out.update(repeating: 0, count: 128) }
        try skip(size)
    }
}
