// StoredLocations: record locations round-trip through a block's Locations part, consecutive
// JSONL lines take the one-flag form, and the strict decoder accepts only the writer's form.
import Testing
@testable import NewsIndex

@Suite struct FormatStoredLocationsTests {
    static func encode(_ locations: [StoredLocation]) -> [UInt8] {
        var out = ByteWriter()
        StoredLocations.encode(locations[...], into: &out)
        return out.bytes
    }

    static func decode(_ bytes: [UInt8], count: Int, strict: Bool = true) throws -> [StoredLocation] {
        try bytes.withUnsafeBytes { raw throws(NewsIndexError) in
            var reader = ByteReader(raw, fileName: "t")
            let result = try StoredLocations.decode(&reader, count: count, strict: strict)
            guard reader.isAtEnd else { throw NewsIndexError(.corrupt, "t: trailing bytes") }
            return result
        }
    }

    @Test func consecutiveLinesTakeOneFlag() throws {
        let first = StoredLocation(fileIndex: 3, recordOffset: 1000, recordLength: 200, bodyOffset: 0, lineNumber: 7, recordHash: 0xDEADBEEF)
        let next = StoredLocation(fileIndex: 3, recordOffset: 1201, recordLength: 300, bodyOffset: 0, lineNumber: 8, recordHash: 1)
        let bytes = Self.encode([first, next])
        // first: head (200 << 1 = 400: 2 bytes), 3, 1000 (2), 0, 7, hash 4 = 11; next: head (601: 2) + hash 4.
        #expect(bytes.count == 11 + 6)
        #expect(Array(bytes[11..<13]) == [0xD9, 0x04])      // 300 << 1 | 1 = 601
        #expect(try Self.decode(bytes, count: 2) == [first, next])
    }

    @Test func explicitFormWhereItFollowsIsRejectedStrictly() throws {
        let first = StoredLocation(fileIndex: 0, recordOffset: 0, recordLength: 10, bodyOffset: 0, lineNumber: 1, recordHash: 5)
        let next = StoredLocation(fileIndex: 0, recordOffset: 11, recordLength: 10, bodyOffset: 0, lineNumber: 2, recordHash: 6)
        var out = ByteWriter()
        StoredLocations.encode([first][...], into: &out)
        out.append(varint: 10 << 1)      // explicit, though it follows
        for value: UInt64 in [0, 11, 0, 2] { out.append(varint: value) }
        out.append(u32: 6)
        #expect(try Self.decode(out.bytes, count: 2, strict: false) == [first, next])
        #expect(throws: NewsIndexError.self) { _ = try Self.decode(out.bytes, count: 2) }
        // A first location cannot follow anything.
        #expect(throws: NewsIndexError.self) { _ = try Self.decode([0x15, 0, 0, 0, 0], count: 1, strict: false) }
    }

    @Test(arguments: 0..<10)
    func randomLocations(round: Int) throws {
        let seed = 0x10CA_0000 + UInt64(round)
        var rng = SeededRandom(seed: seed)
        var locations: [StoredLocation] = []
        for _ in 0..<rng.int(1...16) {
            if let previous = locations.last, rng.chance(0.6), let expected = StoredLocations.following(previous) {
                locations.append(StoredLocation(fileIndex: expected.fileIndex, recordOffset: expected.recordOffset,
                                                recordLength: rng.int(0...100_000), bodyOffset: 0, lineNumber: expected.lineNumber,
                                                recordHash: UInt32(truncatingIfNeeded: rng.next())))
            } else {
                locations.append(StoredLocation(fileIndex: rng.int(0...5000),
                                                recordOffset: rng.chance(0.1) ? Int64.max : Int64(rng.int(0...1 << 40)),
                                                recordLength: rng.chance(0.05) ? Int.max : rng.int(0...100_000),
                                                bodyOffset: rng.int(0...300), lineNumber: rng.chance(0.05) ? Int.max : rng.int(0...1_000_000),
                                                recordHash: UInt32(truncatingIfNeeded: rng.next())))
            }
        }
        let bytes = Self.encode(locations)
        #expect(try Self.decode(bytes, count: locations.count) == locations, "seed \(seed)")
        #expect(throws: NewsIndexError.self, "seed \(seed)") { _ = try Self.decode(Array(bytes.dropLast()), count: locations.count) }
    }
}
