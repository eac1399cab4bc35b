// Tests of FileEnvelope / EnvelopeWriter: layout, cheap checks, checksum, truncation, byte flips.
import Testing
@testable import NewsIndex

@Suite struct FormatEnvelopeTests {
    static let payload: [UInt8] = Array("hello, index".utf8)

    @Test func layoutReferenceBytes() {
        let file = FileEnvelope.wrap(kind: .postings, version: 1, payload: [0xAA, 0xBB])
        var expected: [UInt8] = Array("NXIF".utf8) + Array("POST".utf8) + [1, 0, 0, 0] + [0xAA, 0xBB]
        let crc = CRC32.checksum(expected)
        expected += [2, 0, 0, 0, 0, 0, 0, 0]
        expected += [UInt8(crc & 0xFF), UInt8(crc >> 8 & 0xFF), UInt8(crc >> 16 & 0xFF), UInt8(crc >> 24)]
        expected += Array("NXEF".utf8)
        #expect(file == expected)
        #expect(file.count == FileEnvelope.headerSize + 2 + FileEnvelope.footerSize)
    }

    @Test func openReturnsThePayload() throws {
        let file = FileEnvelope.wrap(kind: .termDictionary, payload: Self.payload)
        try file.withUnsafeBytes { buf in
            let p = try FileEnvelope.open(bytes: buf, fileName: "a.tdic", expectedKind: .termDictionary, supportedVersion: NewsIndexVersion.format)
            #expect(Array(p) == Self.payload)
            try FileEnvelope.verifyChecksum(bytes: buf, fileName: "a.tdic")
            var r = try FileEnvelope.openReader(bytes: buf, fileName: "a.tdic", expectedKind: .termDictionary)
            _ = try r.readBytes(Self.payload.count)
            #expect(formatError { _ = try r.readU8() }?.message.hasSuffix("at offset \(12 + Self.payload.count)") == true)
        }
        // Empty payload.
        try FileEnvelope.wrap(kind: .manifest, payload: []).withUnsafeBytes { buf in
            #expect(try FileEnvelope.open(bytes: buf, fileName: "m", expectedKind: .manifest).count == 0)
            try FileEnvelope.verifyChecksum(bytes: buf, fileName: "m")
        }
    }

    @Test func streamingWriterEqualsWrap() throws {
        var rng = FormatRNG(seed: 21)
        let payload = rng.bytes(10_000)
        var env = EnvelopeWriter.begin(kind: .storedFields, version: 1)
        var out: [UInt8] = []
        var i = 0
        while i < payload.count {
            let n = min(payload.count - i, Int(rng.next() % 900))
            env.payload.append(bytes: payload[i..<(i + n)])
            i += n
            #expect(env.payloadPosition == i)
            if rng.next() % 3 == 0 { out += env.drain() }
        }
        out += env.finish()
        #expect(out == FileEnvelope.wrap(kind: .storedFields, version: 1, payload: payload))
    }

    @Test func rejectsWrongMagicKindVersionLength() throws {
        let good = FileEnvelope.wrap(kind: .postings, payload: Self.payload)
        func open(_ bytes: [UInt8], kind: FileKind = .postings) -> NewsIndexError? {
            formatError { _ = try bytes.withUnsafeBytes { try FileEnvelope.open(bytes: $0, fileName: "s.post", expectedKind: kind, supportedVersion: NewsIndexVersion.format) } }
        }
        #expect(open(good) == nil)

        var badMagic = good; badMagic[0] = UInt8(ascii: "X")
        #expect(open(badMagic)?.kind == .corrupt)
        #expect(open(badMagic)?.message.hasPrefix("s.post: not a newsidx index file") == true)

        let wrongKind = open(good, kind: .positions)
        #expect(wrongKind?.kind == .corrupt)
        #expect(wrongKind?.message == "s.post: is a \"POST\" file where a \"POSN\" file was expected at offset 4")

        var v2 = good; v2[8] = 3
        let version = open(v2)
        #expect(version?.kind == .unsupportedVersion)
        #expect(version?.message == "s.post: index format version 3; this newsidx reads version 2 — rebuild the index with `newsidx build`")

        var badFooter = good; badFooter[good.count - 1] = 0
        #expect(open(badFooter)?.kind == .corrupt)

        var badLength = good; badLength[good.count - 16] &+= 1
        #expect(open(badLength)?.kind == .corrupt)
        #expect(open(badLength)?.message.contains("payload length") == true)

        // One byte more or fewer in the payload (footer intact) is a length mismatch.
        var longer = good; longer.insert(0, at: 12)
        #expect(open(longer)?.kind == .corrupt)
        var shorter = good; shorter.remove(at: 12)
        #expect(open(shorter)?.kind == .corrupt)
    }

    @Test func truncationAtEveryLengthThrows() {
        let good = FileEnvelope.wrap(kind: .documents, payload: Self.payload)
        for n in 0..<good.count {
            let cut = Array(good[0..<n])
            cut.withUnsafeBytes { buf in
                let e1 = formatError { _ = try FileEnvelope.open(bytes: buf, fileName: "d", expectedKind: .documents) }
                let e2 = formatError { try FileEnvelope.verifyChecksum(bytes: buf, fileName: "d") }
                #expect(e1?.kind == .corrupt, "open, cut at \(n)")
                #expect(e2?.kind == .corrupt, "verify, cut at \(n)")
            }
        }
    }

    @Test func checksumCatchesEverySingleByteFlip() {
        let good = FileEnvelope.wrap(kind: .documents, payload: Self.payload)
        var rng = FormatRNG(seed: 5)
        for i in 0..<good.count {
            for flip in [0xFF, 0x01, UInt8(truncatingIfNeeded: rng.next() | 1)] as [UInt8] {
                var bad = good
                bad[i] ^= flip
                let e = formatError { try bad.withUnsafeBytes { try FileEnvelope.verifyChecksum(bytes: $0, fileName: "d") } }
                #expect(e?.kind == .corrupt, "flip 0x\(String(flip, radix: 16)) at byte \(i)")
            }
        }
    }
}
