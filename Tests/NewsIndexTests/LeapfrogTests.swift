// The two-cursor leapfrog (`UnownedCursor.meet`, the AND and phrase loops' block merge): on seeded
// random pairs of postings lists of every density ratio, encoded as in the index, the documents
// where the two cursors meet are exactly the lists' intersection, in order.
import Testing
@testable import NewsIndex

@Suite("Leapfrog of two cursors")
struct LeapfrogTests {
    /// A postings list of `docs` (body TF 1 each), encoded as POST bytes.
    private static func encoded(_ docs: [UInt32], documentCount: Int) -> [UInt8] {
        let count = docs.count
        var out = ByteWriter()
        PostingsEncoder.encode(docs: docs, titleTFs: [UInt32](repeating: 0, count: count),
                               bodyTFs: [UInt32](repeating: 1, count: count),
                               positionStarts: (0..<count).map { UInt32($0) },
                               positionBlockOffsets: [UInt32](repeating: 0, count: count / 128 + 1),
                               titleLengths: [UInt32](repeating: 1, count: documentCount),
                               bodyLengths: [UInt32](repeating: 10, count: documentCount), into: &out)
        return out.bytes
    }

    private static func cursor(_ bytes: UnsafeRawBufferPointer, count: Int, documentCount: Int) throws -> PostingsCursor {
        try PostingsCursor(documentFrequency: count, postingsOffset: 0, positionsOffset: 0, positionCount: count,
                           postings: bytes, positions: UnsafeRawBufferPointer(start: nil, count: 0),
                           documentCount: documentCount, fileName: "t.post")
    }

    @Test func meetingPointsAreTheIntersection() throws {
        let seed: UInt64 = 0x1EAF
        var random = SeededRandom(seed: seed)
        for round in 0..<300 {
            let documentCount = random.int(50...20_000)
            // Each list keeps a document with its own probability: from a few documents to nearly all.
            func list() -> [UInt32] {
                let density = [0.001, 0.01, 0.05, 0.2, 0.6, 0.95][random.below(6)]
                var docs = (0..<documentCount).filter { _ in random.chance(density) }.map(UInt32.init)
                if docs.isEmpty { docs = [UInt32(random.below(documentCount))] }
                return docs
            }
            let a = list(), b = list()
            let expected = Array(Set(a).intersection(b)).sorted().map { Int32($0) }
            let aBytes = Self.encoded(a, documentCount: documentCount), bBytes = Self.encoded(b, documentCount: documentCount)
            var met: [Int32] = []
            try aBytes.withUnsafeBytes { aRaw in
                try bBytes.withUnsafeBytes { bRaw in
                    let first = try Self.cursor(aRaw, count: a.count, documentCount: documentCount)
                    let second = try Self.cursor(bRaw, count: b.count, documentCount: documentCount)
                    let lead = UnownedCursor(first), other = UnownedCursor(second)
                    try lead.next()
                    while true {
                        try lead.meet(other)
                        if lead.doc == PostingsCursor.exhausted { break }
                        #expect(other.doc == lead.doc, "seed \(seed) round \(round): the cursors did not meet")
                        met.append(lead.doc)
                        try lead.next()
                    }
                    withExtendedLifetime((first, second)) {}
                }
            }
            #expect(met == expected, "seed \(seed) round \(round): \(a.count) and \(b.count) documents of \(documentCount)")
        }
    }
}
