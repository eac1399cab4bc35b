// Tests of ByteWriter, ByteReader and Varint: round trips, edge values, bounds errors.
import Testing
@testable import NewsIndex

@Suite struct FormatByteIOTests {
    @Test func fixedWidthIsLittleEndian() throws {
        var w = ByteWriter()
        w.append(u8: 0xAB)
        w.append(u16: 0x0102)
        w.append(u32: 0x0304_0506)
        w.append(u64: 0x0708_090A_0B0C_0D0E)
        #expect(w.bytes == [0xAB, 0x02, 0x01, 0x06, 0x05, 0x04, 0x03, 0x0E, 0x0D, 0x0C, 0x0B, 0x0A, 0x09, 0x08, 0x07])
        w.set(u32: 0xDEAD_BEEF, at: 1)
        #expect(w.bytes[1...4] == [0xEF, 0xBE, 0xAD, 0xDE])
        #expect(w.count == 15)
    }

    @Test func varintReferenceBytes() {
        let cases: [(UInt64, [UInt8])] = [
            (0, [0x00]), (1, [0x01]), (127, [0x7F]), (128, [0x80, 0x01]), (300, [0xAC, 0x02]),
            (16383, [0xFF, 0x7F]), (16384, [0x80, 0x80, 0x01]),
            (UInt64.max, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]),
            (1 << 63, [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]),
        ]
        for (value, expected) in cases {
            var w = ByteWriter()
            w.append(varint: value)
            #expect(w.bytes == expected, "\(value)")
            #expect(Varint.encodedLength(value) == expected.count, "\(value)")
        }
    }

    @Test func zigZag() {
        let cases: [(Int64, UInt64)] = [(0, 0), (-1, 1), (1, 2), (-2, 3), (Int64.max, UInt64.max - 1), (Int64.min, UInt64.max)]
        for (s, u) in cases {
            #expect(Varint.zigZagEncode(s) == u)
            #expect(Varint.zigZagDecode(u) == s)
        }
    }

    /// A random program of writes, read back in order.
    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func randomRoundTrip(seed: UInt64) throws {
        var rng = FormatRNG(seed: seed)
        enum Op { case u8(UInt8), u16(UInt16), u32(UInt32), u64(UInt64), varint(UInt64), signed(Int64), bytes([UInt8]) }
        var ops: [Op] = []
        var w = ByteWriter()
        for _ in 0..<5000 {
            switch rng.next() % 7 {
            case 0: let v = UInt8(truncatingIfNeeded: rng.next()); ops.append(.u8(v)); w.append(u8: v)
            case 1: let v = UInt16(truncatingIfNeeded: rng.next()); ops.append(.u16(v)); w.append(u16: v)
            case 2: let v = UInt32(truncatingIfNeeded: rng.next()); ops.append(.u32(v)); w.append(u32: v)
            case 3: let v = rng.next(); ops.append(.u64(v)); w.append(u64: v)
            case 4: let v = rng.anyWidthU64(); ops.append(.varint(v)); w.append(varint: v)
            case 5: let v = Int64(bitPattern: rng.anyWidthU64()); ops.append(.signed(v)); w.append(signedVarint: v)
            default: let v = rng.bytes(Int(rng.next() % 20)); ops.append(.bytes(v)); w.append(bytes: v)
            }
        }
        try w.bytes.withUnsafeBytes { buf in
            var r = ByteReader(buf, fileName: "t.bin")
            for (i, op) in ops.enumerated() {
                let ok: Bool
                switch op {
                case .u8(let v): ok = try r.readU8() == v
                case .u16(let v): ok = try r.readU16() == v
                case .u32(let v): ok = try r.readU32() == v
                case .u64(let v): ok = try r.readU64() == v
                case .varint(let v): ok = try r.readVarint() == v
                case .signed(let v): ok = try r.readSignedVarint() == v
                case .bytes(let v): ok = Array(try r.readBytes(v.count)) == v
                }
                #expect(ok, "seed \(seed), op \(i): \(op)")
                if !ok { return }
            }
            #expect(r.isAtEnd && r.remaining == 0, "seed \(seed)")
            #expect(throws: NewsIndexError.self) { try r.readU8() }
        }
    }

    @Test func boundsErrorsNameFileAndOffset() throws {
        let bytes: [UInt8] = [1, 2, 3]
        try bytes.withUnsafeBytes { buf throws in
            var r = ByteReader(buf, fileName: "seg1.post", fileOffset: 12)
            #expect(try r.readU8() == 1)
            let e = formatError { _ = try r.readU32() }
            #expect(e?.kind == .corrupt)
            #expect(e?.message == "seg1.post: unexpected end of data reading 4 bytes (2 left) at offset 13")
            #expect(r.position == 1, "a failed read does not move the cursor")
            #expect(formatError { _ = try r.readU16() } == nil)
            #expect(formatError { _ = try r.readU16() }?.kind == .corrupt)
            #expect(formatError { _ = try r.readU64() }?.kind == .corrupt)
            #expect(formatError { _ = try r.readBytes(2) }?.kind == .corrupt)
            #expect(formatError { _ = try r.readBytes(-1) }?.kind == .corrupt)
            #expect(formatError { try r.skip(2) }?.kind == .corrupt)
            #expect(formatError { try r.seek(to: 4) }?.kind == .corrupt)
            #expect(formatError { _ = try r.getU32(at: 0) }?.kind == .corrupt)
            #expect(formatError { _ = try r.getU8(at: -1) }?.kind == .corrupt)
            #expect(formatError { _ = try r.slice(at: 2, count: 2) }?.kind == .corrupt)
        }
        // An empty buffer (nil base address) reads nothing, traps on nothing.
        var empty = ByteReader(UnsafeRawBufferPointer(start: nil, count: 0), fileName: "e")
        #expect(formatError { _ = try empty.readVarint() }?.kind == .corrupt)
        #expect(formatError { _ = try empty.readU8() }?.kind == .corrupt)
        #expect(try empty.readBytes(0).count == 0)
    }

    @Test func getDoesNotMoveAndSliceKeepsFileOffsets() throws {
        var w = ByteWriter()
        w.append(u32: 7); w.append(u64: 9); w.append(u8: 5)
        try w.bytes.withUnsafeBytes { buf in
            var r = ByteReader(buf, fileName: "f", fileOffset: 100)
            #expect(try r.getU32(at: 0) == 7)
            #expect(try r.getU64(at: 4) == 9)
            #expect(try r.getU8(at: 12) == 5)
            #expect(r.position == 0)
            var s = try r.slice(at: 4, count: 8)
            #expect(try s.readU64() == 9)
            let e = formatError { _ = try s.readU8() }
            #expect(e?.message == "f: unexpected end of data reading 1 byte (0 left) at offset 112")
            try r.skip(4)
            var t = try r.readSlice(8)
            #expect(try t.readU64() == 9 && r.position == 12)
        }
    }

    @Test func varintRejectsOverlongAndTruncated() throws {
        let cases: [[UInt8]] = [
            [0x80],                                                        // truncated
            [0xFF, 0xFF],                                                  // truncated
            [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02],  // above 2^64
            [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01], // 11 bytes
        ]
        for c in cases {
            // With and without padding after (the fast and the careful decode paths).
            for pad in [0, 16] {
                let bytes = c + [UInt8](repeating: 0, count: pad)
                bytes.withUnsafeBytes { buf in
                    var r = ByteReader(buf, fileName: "v")
                    let e = formatError { _ = try r.readVarint() }
                    let truncatedButPadded = pad > 0 && c.count < 10
                    if truncatedButPadded {
                        #expect(e == nil, "\(c) padded reads as a shorter varint")
                    } else {
                        #expect(e?.kind == .corrupt, "\(c) pad \(pad)")
                        #expect(e?.message.hasPrefix("v: ") == true)
                    }
                }
            }
        }
        // The readVarintInt guard.
        var w = ByteWriter()
        w.append(varint: UInt64.max)
        w.bytes.withUnsafeBytes { buf in
            var r = ByteReader(buf, fileName: "v")
            #expect(formatError { _ = try r.readVarintInt() }?.kind == .corrupt)
        }
    }

    @Test func varintTruncationAtEveryLength() throws {
        var rng = FormatRNG(seed: 77)
        for _ in 0..<200 {
            let v = rng.anyWidthU64()
            var w = ByteWriter()
            w.append(varint: v)
            let full = w.bytes
            for n in 0..<full.count {
                Array(full[0..<n]).withUnsafeBytes { buf in
                    var r = ByteReader(buf, fileName: "v")
                    #expect(formatError { _ = try r.readVarint() }?.kind == .corrupt, "value \(v) cut at \(n)")
                }
            }
        }
    }

    @Test func skipVarintsAgreesWithReading() throws {
        var rng = FormatRNG(seed: 31)
        var w = ByteWriter()
        let values = (0..<500).map { _ in rng.anyWidthU64() }
        for v in values { w.append(varint: v) }
        try w.bytes.withUnsafeBytes { buf in
            var a = ByteReader(buf, fileName: "s")
            var b = ByteReader(buf, fileName: "s")
            var i = 0
            while i < values.count {
                let n = min(values.count - i, Int(rng.next() % 5))
                try a.skipVarints(n)
                for _ in 0..<n { _ = try b.readVarint() }
                #expect(a.position == b.position, "seed 31 at value \(i)")
                i += n
            }
            #expect(formatError { try a.skipVarints(1) }?.kind == .corrupt)
        }
        let overlong = [UInt8](repeating: 0x80, count: 11) + [0]
        overlong.withUnsafeBytes { buf in
            var r = ByteReader(buf, fileName: "s")
            #expect(formatError { try r.skipVarints(1) }?.kind == .corrupt)
        }
    }
}
