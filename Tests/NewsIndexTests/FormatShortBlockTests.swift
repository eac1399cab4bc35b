// Tests of the short (1...127-value) codecs of index format 2: BitPacking.packShort/unpackShort,
// PatchedBlock short blocks and tails (POSN tails, POST packed tail blocks), with reference bytes,
// seeded random round trips, edge cases and corruption.
import Testing
@testable import NewsIndex

@Suite struct FormatShortBlockTests {
    /// Bit-at-a-time reference packer: value i at bits [i*w, (i+1)*w), LSB first.
    static func referencePack(_ values: [UInt32], width: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: (values.count * width + 7) / 8)
        for (i, v) in values.enumerated() {
            for b in 0..<width where (v >> UInt32(b)) & 1 == 1 {
                let bit = i * width + b
                out[bit / 8] |= 1 << UInt8(bit % 8)
            }
        }
        return out
    }

    static func varintLength(_ v: UInt64) -> Int { v < 0x80 ? 1 : 1 + varintLength(v >> 7) }

    /// The smallest short-block size over every width (the writer's choice must reach it).
    static func smallestShortSize(_ values: [UInt32]) -> Int {
        (0...32).map { width -> Int in
            let exceptions = values.filter { width < 32 && $0 >> UInt32(width) != 0 }
            return 1 + (values.count * width + 7) / 8 + (exceptions.isEmpty ? 0 : 1)
                + exceptions.reduce(0) { $0 + 1 + varintLength(UInt64($1 >> UInt32(width))) }
        }.min()!
    }

    /// Values of one of several shapes: zeros, all UInt32.max, small with outliers, any width.
    static func randomValues(_ rng: inout FormatRNG, count: Int, shape: Int) -> [UInt32] {
        (0..<count).map { _ in
            switch shape {
            case 0: return 0
            case 1: return UInt32.max
            case 2: return rng.chance(0.1) ? UInt32(truncatingIfNeeded: rng.anyWidthU64()) : UInt32(rng.below(4))
            case 3: return UInt32(rng.below(1 << rng.int(0...16)))
            default: return UInt32(truncatingIfNeeded: rng.anyWidthU64())
            }
        }
    }

    static func decodeShort(_ bytes: [UInt8], count: Int) throws -> ([UInt32], Int) {
        var out = [UInt32](repeating: 0xDEAD, count: 128)
        return try bytes.withUnsafeBytes { buffer in
            var r = ByteReader(buffer, fileName: "s")
            try out.withUnsafeMutableBufferPointer { o in
                try PatchedBlock.decodeShort(&r, count: count, into: o.baseAddress!)
            }
            return (Array(out[0..<count]), r.position)
        }
    }

    static func decodeTail(_ bytes: [UInt8], count: Int) throws -> ([UInt32], Int) {
        var out = [UInt32](repeating: 0xDEAD, count: 128)
        return try bytes.withUnsafeBytes { buffer in
            var r = ByteReader(buffer, fileName: "s")
            try out.withUnsafeMutableBufferPointer { o in
                try PatchedBlock.decodeTail(&r, count: count, into: o.baseAddress!)
            }
            return (Array(out[0..<count]), r.position)
        }
    }

    // MARK: BitPacking.packShort / unpackShort

    @Test(arguments: 0...32)
    func shortPackingEveryWidthAndCount(width: Int) throws {
        let seed = UInt64(7000 + width)
        print("FormatShortBlockTests.shortPackingEveryWidthAndCount seed \(seed)")
        var rng = FormatRNG(seed: seed)
        let mask: UInt64 = width == 0 ? 0 : (1 << UInt64(width)) - 1
        for count in [0, 1, 2, 3, 7, 8, 9, 15, 63, 64, 65, 127, 128] {
            var values = (0..<count).map { _ in UInt32(truncatingIfNeeded: rng.next() & mask) }
            if count > 0 { values[rng.below(count)] = UInt32(truncatingIfNeeded: mask) }
            var w = ByteWriter()
            w.append(u8: 0xEE)                                   // odd start: unaligned loads
            values.withUnsafeBufferPointer { BitPacking.packShort($0, width: width, into: &w) }
            #expect(w.count - 1 == BitPacking.packedSize(count: count, width: width))
            #expect(Array(w.bytes.dropFirst()) == Self.referencePack(values, width: width), "seed \(seed) count \(count)")
            // At the very end of the buffer (the padded copy) and with room after (the fast path).
            for slack in [0, 3, 8, 40] {
                let bytes = w.bytes + [UInt8](repeating: 0xFF, count: slack)
                var out = [UInt32](repeating: 0xDEAD, count: 128)
                try bytes.withUnsafeBytes { buf in
                    var r = ByteReader(buf, fileName: "p")
                    try r.skip(1)
                    try out.withUnsafeMutableBufferPointer { try r.readPackedValues(count: count, width: width, into: $0.baseAddress!) }
                    #expect(Array(out[0..<count]) == values, "seed \(seed) count \(count) slack \(slack)")
                    #expect(r.remaining == slack)
                }
            }
            // Every truncation throws.
            for cut in 1..<w.count {
                let e = formatError {
                    try Array(w.bytes[0..<cut]).withUnsafeBytes { buf in
                        var out = [UInt32](repeating: 0, count: 128)
                        var r = ByteReader(buf, fileName: "p")
                        try r.skip(1)
                        try out.withUnsafeMutableBufferPointer { try r.readPackedValues(count: count, width: width, into: $0.baseAddress!) }
                    }
                }
                #expect(e?.kind == .corrupt, "seed \(seed) count \(count) cut \(cut)")
            }
        }
    }

    // MARK: Short patched blocks

    @Test func shortBlockReferenceBytes() throws {
        // 1, 1, 1, 1, 300: width 1 (1 packed byte) and one exception beat width 9 (6 bytes).
        var w = ByteWriter()
        PatchedBlock.encodeShort([1, 1, 1, 1, 300][...], into: &w)
        // Header 0x81 = width 1 | exceptions; 1 exception; low bits 1,1,1,1,0 = 0x0F; index 4, high 150.
        #expect(w.bytes == [0x81, 0x01, 0x0F, 0x04, 0x96, 0x01])
        #expect(try Self.decodeShort(w.bytes, count: 5).0 == [1, 1, 1, 1, 300])
        // All zeros: width 0, one header byte.
        w = ByteWriter()
        PatchedBlock.encodeShort([UInt32](repeating: 0, count: 127)[...], into: &w)
        #expect(w.bytes == [0x00])
        // All UInt32.max: width 32, no exceptions possible.
        w = ByteWriter()
        PatchedBlock.encodeShort([UInt32.max, UInt32.max, UInt32.max][...], into: &w)
        #expect(w.bytes == [0x20] + [UInt8](repeating: 0xFF, count: 12))
        // One value: width 0 plus an exception (1 + 1 + 2 bytes) loses to width 5 (2 bytes).
        w = ByteWriter()
        PatchedBlock.encodeShort([17][...], into: &w)
        #expect(w.bytes == [0x05, 0x11])
        // Tails: up to 2 values are plain varints.
        for (values, bytes) in [([], []), ([5], [5]), ([300, 0], [0xAC, 0x02, 0x00]), ([0, 0, 0], [0x00])] as [([UInt32], [UInt8])] {
            w = ByteWriter()
            PatchedBlock.encodeTail(values[...], into: &w)
            #expect(w.bytes == bytes, "tail \(values)")
            #expect(try Self.decodeTail(bytes, count: values.count) == (values, bytes.count))
        }
    }

    @Test(arguments: 0..<5)
    func shortBlocksRoundTripAndAreSmallest(shape: Int) throws {
        let seed = UInt64(7100 + shape)
        print("FormatShortBlockTests.shortBlocksRoundTripAndAreSmallest seed \(seed)")
        var rng = FormatRNG(seed: seed)
        for count in [1, 2, 3, 4, 7, 8, 9, 31, 64, 100, 126, 127] {
            for _ in 0..<4 {
                let values = Self.randomValues(&rng, count: count, shape: shape)
                var w = ByteWriter()
                PatchedBlock.encodeShort(values[...], into: &w)
                let bytes = w.bytes + [0xA5, 0x5A]                    // followed by other data
                let (decoded, end) = try Self.decodeShort(bytes, count: count)
                #expect(decoded == values && end == w.count, "seed \(seed) count \(count)")
                #expect(w.count == Self.smallestShortSize(values), "seed \(seed) count \(count): not the smallest width")
                var tail = ByteWriter()
                PatchedBlock.encodeTail(values[...], into: &tail)
                #expect(try Self.decodeTail(tail.bytes, count: count) == (values, tail.count), "seed \(seed) count \(count)")
                #expect(tail.count <= (count <= 2 ? values.reduce(0) { $0 + Self.varintLength(UInt64($1)) } : w.count))
                for cut in 0..<tail.count {
                    #expect(formatError { _ = try Self.decodeTail(Array(tail.bytes[0..<cut]), count: count) }?.kind == .corrupt,
                            "seed \(seed) count \(count) cut \(cut)")
                }
            }
        }
    }

    @Test func badShortBlocksAreRefused() throws {
        let bad: [(String, [UInt8], Int)] = [
            ("width 33", [0x21] + [UInt8](repeating: 0, count: 20), 3),
            ("reserved bit 0x40", [0x41, 0x00], 3),
            ("exceptions flagged, count 0", [0x81, 0x00, 0x00], 3),
            ("more exceptions than values", [0x80, 0x04, 0, 1, 1, 1, 2, 1, 3, 1], 3),
            ("exception at width 32", [0xA0, 0x01] + [UInt8](repeating: 0, count: 12) + [0, 1], 3),
            ("exception index = count", [0x81, 0x01, 0x00, 0x03, 0x01], 3),
            ("exception indices out of order", [0x81, 0x02, 0x00, 0x02, 0x01, 0x01, 0x01], 3),
            ("exception indices repeated", [0x81, 0x02, 0x00, 0x01, 0x01, 0x01, 0x01], 3),
            ("exception high part 0", [0x81, 0x01, 0x00, 0x00, 0x00], 3),
            ("exception high part too large", [0x84, 0x01, 0x00, 0x00, 0x80, 0x80, 0x80, 0x80, 0x01], 3),
            ("128 values", [0x00], 128),
            ("0 values", [0x00], 0),
        ]
        for (what, bytes, count) in bad {
            #expect(formatError { _ = try Self.decodeShort(bytes, count: count) }?.kind == .corrupt, "\(what)")
        }
        // A tail varint above 2^32 − 1.
        #expect(formatError { _ = try Self.decodeTail([0x80, 0x80, 0x80, 0x80, 0x10], count: 1) }?.kind == .corrupt)
    }

    // MARK: POST packed tail blocks

    /// Docs 5, 9, 10 with (title, body) TFs (0, 1), (2, 0), (1, 3): the example of IndexFormat.md.
    @Test func packedTailBlockReferenceBytes() throws {
        var out = ByteWriter()
        PostingsEncoder.encode(docs: [5, 9, 10], titleTFs: [0, 2, 1], bodyTFs: [1, 0, 3], positionStarts: [0, 1, 3],
                               positionBlockOffsets: [0], titleLengths: [], bodyLengths: [], into: &out)
        #expect(out.bytes == [0x03, 0x1D, 0x00,     // doc deltas − 1: 5, 3, 0 at width 3
                              0x03, 0x48, 0x01,     // TF codes 0, 1, 5 at width 3
                              0x03, 0x00])          // title codes (2 titled postings: varints) 3, 0
        try out.bytes.withUnsafeBytes { postings in
            let cursor = try PostingsCursor(documentFrequency: 3, postingsOffset: 0, positionsOffset: 0, positionCount: 6,
                                            postings: postings, positions: UnsafeRawBufferPointer(start: nil, count: 0),
                                            documentCount: 11, fileName: "t.post")
            var seen: [(Int32, UInt32, UInt32)] = []
            try cursor.next()
            while cursor.doc != PostingsCursor.exhausted {
                seen.append((cursor.doc, cursor.titleTF, cursor.bodyTF))
                try cursor.next()
            }
            #expect(seen.map(\.0) == [5, 9, 10] && seen.map(\.1) == [0, 2, 1] && seen.map(\.2) == [1, 0, 3])
        }
    }

    /// Damaged packed tail blocks throw from the cursor: a doc past the count, a title-only flag
    /// on a posting with a body TF.
    @Test func badPackedTailBlocksThrow() throws {
        let cases: [(String, [UInt8], Int)] = [
            ("doc past the document count", [0x03, 0x1D, 0x00, 0x03, 0x48, 0x01, 0x03, 0x00], 10),
            ("title-only flag with a body TF", [0x03, 0x1D, 0x00, 0x03, 0x48, 0x01, 0x03, 0x01], 11),
            ("truncated title codes", [0x03, 0x1D, 0x00, 0x03, 0x48, 0x01, 0x03], 11),
        ]
        for (what, bytes, documentCount) in cases {
            let e = formatError {
                try bytes.withUnsafeBytes { postings in
                    let cursor = try PostingsCursor(documentFrequency: 3, postingsOffset: 0, positionsOffset: 0, positionCount: 6,
                                                    postings: postings, positions: UnsafeRawBufferPointer(start: nil, count: 0),
                                                    documentCount: documentCount, fileName: "t.post")
                    try cursor.next()
                }
            }
            #expect(e?.kind == .corrupt, "\(what)")
        }
    }
}
