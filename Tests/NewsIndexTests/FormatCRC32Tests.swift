// Tests of CRC32 against zlib: published check values and values from Python's zlib.crc32.
import Testing
@testable import NewsIndex

@Suite struct FormatCRC32Tests {
    @Test func publishedCheckValues() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([]) == 0)
        #expect(CRC32().value == 0)
        #expect(CRC32.checksum(Array("The quick brown fox jumps over the lazy dog".utf8)) == 0x414F_A339)
        #expect(CRC32.checksum([UInt8](repeating: 0, count: 32)) == 0x190A_55AD)
        #expect(CRC32.checksum([UInt8](repeating: 0xFF, count: 32)) == 0xFF6C_AB0B)
    }

    /// (seed, length, zlib.crc32 of FormatRNG(seed).bytes(length)), computed with Python 3's zlib
    /// and the same SplitMix64 generator.
    static let zlibVectors: [(UInt64, Int, UInt32)] = [
        (1, 1, 0x3E61_1DAB), (2, 7, 0x48A4_EE4F), (3, 15, 0x4E7D_E453), (4, 16, 0xD0DA_2580),
        (5, 17, 0xDAE6_3DDF), (6, 255, 0x1B07_5DCA), (7, 1000, 0x1810_D8E7), (8, 4096, 0xC941_45E7),
        (9, 65537, 0xAA85_1D60),
    ]

    @Test func matchesPythonZlib() {
        for (seed, n, expected) in Self.zlibVectors {
            var rng = FormatRNG(seed: seed)
            #expect(CRC32.checksum(rng.bytes(n)) == expected, "seed \(seed), \(n) bytes")
        }
    }

    /// Any split into chunks gives the one-shot value; `init(continuing:)` resumes.
    @Test func incrementalEqualsOneShot() {
        var rng = FormatRNG(seed: 9)
        let data = rng.bytes(65537)
        let whole = CRC32.checksum(data)
        for trial in 0..<50 {
            var crc = CRC32()
            var i = 0
            while i < data.count {
                let n = min(data.count - i, Int(rng.next() % 100) * (trial % 3 == 0 ? 50 : 1))
                data[i..<(i + n)].withUnsafeBytes { crc.update($0) }
                i += n
                if rng.next() % 5 == 0 { crc = CRC32(continuing: crc.value) }
            }
            #expect(crc.value == whole, "trial \(trial)")
        }
    }

    /// Misaligned starts agree with a bit-at-a-time reference.
    @Test func unalignedStartsMatchBitwiseReference() {
        func reference(_ bytes: ArraySlice<UInt8>) -> UInt32 {
            var c: UInt32 = 0xFFFF_FFFF
            for b in bytes {
                c ^= UInt32(b)
                for _ in 0..<8 { c = (c & 1) != 0 ? (c >> 1) ^ 0xEDB8_8320 : c >> 1 }
            }
            return ~c
        }
        var rng = FormatRNG(seed: 3)
        let data = rng.bytes(300)
        for start in 0..<9 {
            for end in stride(from: start, through: data.count, by: 7) {
                let s = data[start..<end]
                #expect(s.withUnsafeBytes { CRC32.checksum($0) } == reference(s), "\(start)..<\(end)")
            }
        }
    }
}
