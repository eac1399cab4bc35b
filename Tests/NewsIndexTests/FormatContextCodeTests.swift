// ContextCode: order-1 Huffman string coding round-trips (fixed and seeded random strings), the
// table round-trips, and damaged tables or codes are rejected rather than misread.
import Testing
@testable import NewsIndex

@Suite struct FormatContextCodeTests {
    /// Encodes `strings` (table, then each code), decodes them back.
    static func roundTrip(_ strings: [String], seed: UInt64 = 0) throws {
        let encoder = ContextCodeEncoder(training: strings)
        var out = ByteWriter()
        encoder.writeTable(into: &out)
        let tableEnd = out.count
        var ends: [Int] = []
        for string in strings {
            let before = out.count
            encoder.encode(string, into: &out)
            #expect(out.count - before == encoder.encodedSize(string), "seed \(seed): \(string.debugDescription)")
            ends.append(out.count)
        }
        try out.bytes.withUnsafeBytes { raw in
            var reader = ByteReader(raw, fileName: "t")
            let decoder = try ContextCodeDecoder(reading: &reader)
            #expect(reader.position == tableEnd, "seed \(seed)")
            var at = tableEnd
            for (string, end) in zip(strings, ends) {
                var bytes: [UInt8] = []
                let (stop, zeroPadding) = try decoder.decode(raw, at: at, into: &bytes, fileName: "t", fileOffset: 0)
                #expect(bytes == Array(string.utf8), "seed \(seed)")
                #expect(stop == end && zeroPadding, "seed \(seed): \(string.debugDescription)")
                // The direct-to-String path (strings of ≤ 128 bytes) and its fallback agree.
                #expect(try decoder.decodeString(raw, at: at, fileName: "t", fileOffset: 0) == string, "seed \(seed)")
                at = end
            }
        }
    }

    @Test func fixedStrings() throws {
        try Self.roundTrip(["20061020-businesspro-energy-exxonmobil-alaska-dc-idUSN2021166720061020",
                            "20061021-businesspro-aol-sales-dc-idUSL2176365120061021",
                            "Exxon Mobil offers plan to end Alaska dispute", "", "a", "Zürich", "東京の記事",
                            "nul\u{0}inside", String(repeating: "long ", count: 300)])
    }

    @Test func degenerateTrainingSets() throws {
        try Self.roundTrip([])
        try Self.roundTrip([""])                 // one zero-bit context: the empty string is 0 bytes
        try Self.roundTrip(["", "", ""])
        try Self.roundTrip(["a", "a"])           // every context has one symbol: 0 bytes
        try Self.roundTrip(["aaaa"])
        try Self.roundTrip(["ab", "ab", "abab"])
        #expect(ContextCodeEncoder(training: ["a", "a"]).encodedSize("a") == 0)
        // 'a' is followed by 'a' or the end: one bit each, 4 bits in all.
        #expect(ContextCodeEncoder(training: ["aaaa"]).encodedSize("aaaa") == 1)
    }

    /// Random strings over a small alphabet (multi-byte characters included) or over all ASCII.
    @Test(arguments: 0..<12)
    func randomStrings(round: Int) throws {
        let seed = 0xC0DE_0000 + UInt64(round)
        var rng = SeededRandom(seed: seed)
        let alphabet: [String] = ["a", "b", "e", " ", "-", "0", "1", "é", "東", "🚀", "\u{0}", "\u{7F}"]
        let wide = rng.chance(0.5)
        let strings = (0..<rng.int(1...300)).map { _ in
            String((0..<rng.int(0...80)).map { _ in
                wide ? Character(Unicode.Scalar(UInt8(rng.int(0...127)))) : Character(alphabet[rng.below(alphabet.count)])
            })
        }
        try Self.roundTrip(strings, seed: seed)
    }

    /// A table whose lengths are not a complete code, or that names a byte without a context, or
    /// that chains zero-bit contexts forever, does not parse.
    @Test func damagedTables() {
        func parses(_ bytes: [UInt8]) -> Bool {
            bytes.withUnsafeBytes { raw in
                var reader = ByteReader(raw, fileName: "t")
                return (try? ContextCodeDecoder(reading: &reader)) != nil
            }
        }
        // start context (256 = gap 256), 1 symbol: End (256) with length 0. Valid.
        #expect(parses([1, 0x80, 0x02, 1, 0x80, 0x02, 0]))
        // Same with length 1: incomplete.
        #expect(!parses([1, 0x80, 0x02, 1, 0x80, 0x02, 1]))
        // start → 'a' (97) and End, lengths 1 and 1; no context for 'a'.
        #expect(!parses([1, 0x80, 0x02, 2, 97, 1, 0x9E, 0x01, 1]))
        // 'a' context with the single symbol 'a', start → 'a' or End: an endless zero-bit chain.
        #expect(!parses([2, 97, 1, 97, 0, 0x9E, 0x01, 2, 97, 1, 0x9E, 0x01, 1]))
        // ... with 'a' → End instead: fine.
        #expect(parses([2, 97, 1, 0x80, 0x02, 0, 0x9E, 0x01, 2, 97, 1, 0x9E, 0x01, 1]))
        // A length above the maximum, and contexts out of order.
        #expect(!parses([1, 0x80, 0x02, 2, 0, 21, 0, 1]))
        #expect(!parses([2, 5, 1, 0x80, 0x02, 0, 0x80, 0x02, 1, 0x80, 0x02, 0]))
    }

    /// A code that runs out of bytes throws instead of reading past its buffer.
    @Test func truncatedCode() throws {
        let strings = ["alpha beta gamma", "delta"]
        let encoder = ContextCodeEncoder(training: strings)
        var table = ByteWriter()
        encoder.writeTable(into: &table)
        var code = ByteWriter()
        encoder.encode(strings[0], into: &code)
        try table.bytes.withUnsafeBytes { raw in
            var reader = ByteReader(raw, fileName: "t")
            let decoder = try ContextCodeDecoder(reading: &reader)
            Array(code.bytes.dropLast()).withUnsafeBytes { short in
                var bytes: [UInt8] = []
                #expect(throws: NewsIndexError.self) { _ = try decoder.decode(short, at: 0, into: &bytes, fileName: "t", fileOffset: 0) }
            }
        }
    }
}
