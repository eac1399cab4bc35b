// Tests of the full postings block codecs of index format 3: VerticalPacking (four-lane bit
// packing) against a bit-at-a-time reference layout, vertical PatchedBlocks with exceptions, and
// StrideGaps (doc IDs against the doc four places before) with their corruption checks.
import Testing
@testable import NewsIndex

@Suite struct FormatVerticalBlockTests {
    /// Bit-at-a-time reference of IndexFormat.md's vertical layout: value i in lane i mod 4, slot
    /// i div 4; lane l's bit string cut into 32-bit words, word j at byte 16·j + 4·l.
    static func referencePack(_ values: [UInt32], width: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 16 * width)
        for (i, v) in values.enumerated() {
            let lane = i % 4, slot = i / 4
            for b in 0..<width where (v >> UInt32(b)) & 1 == 1 {
                let bit = slot * width + b          // in the lane's bit string
                let word = bit / 32, inWord = bit % 32
                out[16 * word + 4 * lane + inWord / 8] |= 1 << UInt8(inWord % 8)
            }
        }
        return out
    }

    static func unpack(_ bytes: [UInt8], width: Int) throws -> [UInt32] {
        var decoded = [UInt32](repeating: 0xDEAD_BEEF, count: 128)
        try bytes.withUnsafeBytes { raw in
            var reader = ByteReader(raw, fileName: "test")
            try decoded.withUnsafeMutableBufferPointer { (buffer) throws(NewsIndexError) in
                try reader.readVerticalBlock(width: width, into: buffer.baseAddress!)
            }
            #expect(reader.isAtEnd)
        }
        return decoded
    }

    @Test func everyWidthMatchesTheReferenceLayoutAndRoundTrips() throws {
        let seed: UInt64 = 0x5EED_0003
        var rng = FormatRNG(seed: seed)
        for width in 0...32 {
            for _ in 0..<20 {
                let values = (0..<128).map { _ -> UInt32 in
                    width == 0 ? 0 : UInt32(truncatingIfNeeded: rng.next()) & UInt32(truncatingIfNeeded: (UInt64(1) << UInt64(width)) - 1)
                }
                var writer = ByteWriter()
                values.withUnsafeBufferPointer { VerticalPacking.pack($0, width: width, into: &writer) }
                #expect(writer.bytes == Self.referencePack(values, width: width), "seed \(seed), width \(width)")
                #expect(try Self.unpack(writer.bytes, width: width) == values, "seed \(seed), width \(width)")
            }
        }
    }

    /// IndexFormat.md's example in the vertical layout: 128 ones but value 5 = 300.
    @Test func patchedBlockExampleOfTheSpecInTheVerticalLayout() throws {
        var values = [UInt32](repeating: 1, count: 128)
        values[5] = 300
        var out = ByteWriter()
        PatchedBlock.encode(values[...], layout: .vertical, into: &out)
        let packed = [UInt8](repeating: 0xFF, count: 4) + [0xFD, 0xFF, 0xFF, 0xFF] + [UInt8](repeating: 0xFF, count: 8)
        #expect(out.bytes == [0x01, 0x01] + packed + [0x05, 0x96, 0x01])
        try out.bytes.withUnsafeBytes { raw in
            var reader = ByteReader(raw, fileName: "x")
            var decoded = [UInt32](repeating: 0, count: 128)
            try decoded.withUnsafeMutableBufferPointer { (buffer) throws(NewsIndexError) in
                try PatchedBlock.decode(&reader, layout: .vertical, into: buffer.baseAddress!)
            }
            #expect(decoded == values)
        }
    }

    @Test func verticalPatchedBlocksWithExceptionsRoundTrip() throws {
        let seed: UInt64 = 0x5EED_0004
        var rng = FormatRNG(seed: seed)
        for round in 0..<300 {
            let small = rng.int(0...12)
            let values = (0..<128).map { _ -> UInt32 in
                rng.chance(0.05) ? UInt32(truncatingIfNeeded: rng.anyWidthU64()) : UInt32(rng.below(1 << small))
            }
            var vertical = ByteWriter(), sequential = ByteWriter()
            PatchedBlock.encode(values[...], layout: .vertical, into: &vertical)
            PatchedBlock.encode(values[...], into: &sequential)
            // Same width, exceptions and size: only the packed bytes' order differs.
            #expect(vertical.bytes.count == sequential.bytes.count, "seed \(seed), round \(round)")
            #expect(vertical.bytes.prefix(2) == sequential.bytes.prefix(2), "seed \(seed), round \(round)")
            try vertical.bytes.withUnsafeBytes { raw in
                var reader = ByteReader(raw, fileName: "x")
                var decoded = [UInt32](repeating: 0, count: 128)
                try decoded.withUnsafeMutableBufferPointer { (buffer) throws(NewsIndexError) in
                    try PatchedBlock.decode(&reader, layout: .vertical, into: buffer.baseAddress!)
                }
                #expect(decoded == values, "seed \(seed), round \(round)")
            }
        }
    }

    @Test func truncatedVerticalBlockThrows() {
        let bytes = [UInt8](repeating: 0xFF, count: 16 * 5 - 1)
        #expect(throws: NewsIndexError.self) { _ = try Self.unpack(bytes, width: 5) }
        #expect(throws: NewsIndexError.self) { _ = try Self.unpack([UInt8](repeating: 0, count: 16 * 33), width: 33) }
    }

    static func decodeStride(_ gaps: [UInt32], previous: Int64) -> ([UInt32], Bool) {
        var values = gaps
        let ok = values.withUnsafeMutableBufferPointer { StrideGaps.decode($0.baseAddress!, previous: previous) }
        return (values, ok)
    }

    @Test func strideGapsRoundTripIncreasingDocs() {
        let seed: UInt64 = 0x5EED_0005
        var rng = FormatRNG(seed: seed)
        for round in 0..<300 {
            let previous: Int64 = rng.chance(0.3) ? -1 : Int64(rng.below(1 << 20))
            let spread = 1 << rng.int(0...12)
            var docs: [UInt32] = []
            var doc = previous
            for _ in 0..<128 { doc += 1 + Int64(rng.below(spread)); docs.append(UInt32(doc)) }
            var gaps = [UInt32](repeating: 0, count: 128)
            StrideGaps.encode(docs[...], previous: previous, into: &gaps)
            // Each gap is the doc minus the one four before minus 4, the first four against previous.
            #expect(gaps[0] == UInt32(Int64(docs[0]) - previous - 1), "seed \(seed), round \(round)")
            #expect(gaps[9] == docs[9] - docs[5] - 4, "seed \(seed), round \(round)")
            let (decoded, ok) = Self.decodeStride(gaps, previous: previous)
            #expect(ok && decoded == docs, "seed \(seed), round \(round)")
        }
    }

    @Test func strideGapsThatDoNotIncreaseAreRejected() {
        // Docs 10, 11, ... 137 after previous 9: all gaps 0.
        let zero = [UInt32](repeating: 0, count: 128)
        let (docs, ok) = Self.decodeStride(zero, previous: 9)
        #expect(ok && docs == (10...137).map { UInt32($0) })
        // A lane's sum pushed past the next lane's value: doc 2 jumps above doc 3.
        var jump = zero
        jump[2] = 5
        #expect(!Self.decodeStride(jump, previous: 9).1)
        // A sum that wraps past 2^32 comes back below the doc before it.
        var wrap = zero
        wrap[64] = UInt32.max - 20
        #expect(!Self.decodeStride(wrap, previous: 9).1)
        // The first doc wrapped below the block before's last (every later one still increases).
        var below = zero
        below[0] = UInt32.max - 50
        let (wrapped, belowOK) = Self.decodeStride(below, previous: 100)
        #expect(wrapped[0] == 50 && wrapped[1] == 102 && !belowOK)
    }
}
