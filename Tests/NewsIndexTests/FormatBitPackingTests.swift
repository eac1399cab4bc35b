// Tests of BitPacking: every width 0...32 against a bit-by-bit reference, bounds, varint tails.
import Testing
@testable import NewsIndex

@Suite struct FormatBitPackingTests {
    /// Bit-at-a-time reference packer: value i at bits [i*w, (i+1)*w), LSB first.
    static func referencePack(_ values: [UInt32], width: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 16 * width)
        for (i, v) in values.enumerated() {
            for b in 0..<width where (v >> UInt32(b)) & 1 == 1 {
                let bit = i * width + b
                out[bit / 8] |= 1 << UInt8(bit % 8)
            }
        }
        return out
    }

    static func randomBlock(_ rng: inout FormatRNG, width: Int) -> [UInt32] {
        let mask: UInt64 = width == 0 ? 0 : (1 << UInt64(width)) - 1
        var values = (0..<128).map { _ in UInt32(truncatingIfNeeded: rng.next() & mask) }
        values[Int(rng.next() % 128)] = UInt32(truncatingIfNeeded: mask)   // width is exact
        return values
    }

    @Test func smallReferenceVector() {
        var w = ByteWriter()
        let values = (0..<128).map { UInt32($0 % 8) }   // 0,1,...,7 repeated at width 3
        BitPacking.pack(values, width: 3, into: &w)
        // 0..7 at 3 bits, LSB first: 0b10_001_000, 0b1_100_011_0, 0b111_110_10 = 88 C6 FA.
        #expect(Array(w.bytes.prefix(6)) == [0x88, 0xC6, 0xFA, 0x88, 0xC6, 0xFA])
        #expect(w.count == 48)
    }

    @Test(arguments: 0...32)
    func everyWidthRoundTrips(width: Int) throws {
        let seed = UInt64(1000 + width)
        var rng = FormatRNG(seed: seed)
        var w = ByteWriter()
        w.append(u8: 0xEE)                       // an odd start offset: unaligned loads
        var blocks: [[UInt32]] = []
        for _ in 0..<5 {
            let values = Self.randomBlock(&rng, width: width)
            #expect(BitPacking.bitWidth(values) == width, "seed \(seed)")
            let before = w.count
            BitPacking.pack(values, width: width, into: &w)
            #expect(w.count - before == BitPacking.packedSize(width: width))
            #expect(Array(w.bytes[before...]) == Self.referencePack(values, width: width), "seed \(seed)")
            blocks.append(values)
        }
        var out = [UInt32](repeating: 0xDEAD, count: 128)
        // Decode from the full buffer (the last block exercises the end-of-buffer path) and from
        // a buffer with room after every block (the fast path).
        for slack in [0, 8, 20] {
            let bytes = w.bytes + [UInt8](repeating: 0xFF, count: slack)
            try bytes.withUnsafeBytes { buf in
                var r = ByteReader(buf, fileName: "p")
                try r.skip(1)
                for (k, values) in blocks.enumerated() {
                    try out.withUnsafeMutableBufferPointer { try r.readPackedBlock(width: width, into: $0.baseAddress!) }
                    #expect(out == values, "seed \(seed), block \(k), slack \(slack)")
                }
                #expect(r.remaining == slack)
            }
        }
    }

    @Test func truncatedBlocksThrowAndBadWidthsThrow() throws {
        var rng = FormatRNG(seed: 8)
        var out = [UInt32](repeating: 0, count: 128)
        for width in [1, 5, 17, 32] {
            var w = ByteWriter()
            BitPacking.pack(Self.randomBlock(&rng, width: width), width: width, into: &w)
            for n in 0..<w.count {
                Array(w.bytes[0..<n]).withUnsafeBytes { buf in
                    let e = formatError {
                        _ = try out.withUnsafeMutableBufferPointer {
                            try BitPacking.unpack(from: buf, at: 0, width: width, into: $0.baseAddress!, fileName: "x.post", fileOffset: 12)
                        }
                    }
                    #expect(e?.kind == .corrupt, "width \(width), cut at \(n)")
                    #expect(e?.message.hasPrefix("x.post: ") == true)
                }
            }
        }
        [UInt8](repeating: 0, count: 1000).withUnsafeBytes { buf in
            for width in [33, 64, 255, -1] {
                let e = formatError {
                    _ = try out.withUnsafeMutableBufferPointer { try BitPacking.unpack(from: buf, at: 0, width: width, into: $0.baseAddress!) }
                }
                #expect(e?.kind == .corrupt, "width \(width)")
            }
            for offset in [-1, 1001] {
                let e = formatError {
                    _ = try out.withUnsafeMutableBufferPointer { try BitPacking.unpack(from: buf, at: offset, width: 0, into: $0.baseAddress!) }
                }
                #expect(e?.kind == .corrupt, "offset \(offset)")
            }
        }
    }

    @Test func varintTailRoundTrip() throws {
        var rng = FormatRNG(seed: 44)
        for count in [0, 1, 2, 63, 127] {
            let values = (0..<count).map { _ in UInt32(truncatingIfNeeded: rng.anyWidthU64()) }
            var w = ByteWriter()
            BitPacking.packTail(values, into: &w)
            try w.bytes.withUnsafeBytes { buf in
                var r = ByteReader(buf, fileName: "t")
                var out = [UInt32](repeating: 0, count: 128)
                try out.withUnsafeMutableBufferPointer { try BitPacking.unpackTail(from: &r, count: count, into: $0.baseAddress!) }
                #expect(Array(out[0..<count]) == values, "count \(count)")
                #expect(r.isAtEnd)
            }
            // Every truncation throws.
            for n in 0..<w.count {
                Array(w.bytes[0..<n]).withUnsafeBytes { buf in
                    var r = ByteReader(buf, fileName: "t")
                    var out = [UInt32](repeating: 0, count: 128)
                    let e = formatError { try out.withUnsafeMutableBufferPointer { try BitPacking.unpackTail(from: &r, count: count, into: $0.baseAddress!) } }
                    #expect(e?.kind == .corrupt, "count \(count), cut at \(n)")
                }
            }
        }
        var w = ByteWriter()
        w.append(varint: UInt64(UInt32.max) + 1)
        w.bytes.withUnsafeBytes { buf in
            var r = ByteReader(buf, fileName: "t")
            var out = [UInt32](repeating: 0, count: 1)
            #expect(formatError { try out.withUnsafeMutableBufferPointer { try BitPacking.unpackTail(from: &r, count: 1, into: $0.baseAddress!) } }?.kind == .corrupt)
        }
    }
}
