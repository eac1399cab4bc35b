// Corruption tests (SQLite's habit): every file of a built index truncated at every length and
// flipped byte by byte (XOR 0xFF); after each damage IndexChecker must name the damaged file, and
// opening and searching must throw or return, never trap. Each case is undone before the next.
import Foundation
import Testing
@testable import NewsIndex

@Suite struct CorruptionTests {
    static let queries = ["cats", "dogs bark", "sleep at", "news report", "market storm zebra", "report"]

    /// Opens the index and uses it as the CLI would: searches, stored records of the hits, stats,
    /// and every document's positions of a few terms. Any error is fine; only a trap is not.
    /// Returns whether everything succeeded.
    static func exercise(_ index: String) -> Bool {
        do {
            let reader = try IndexReader(path: index)
            let searcher = Searcher(reader: reader)
            for query in queries {
                let results = try searcher.search(SearchRequest(text: query, limit: 5))
                for hit in results.hits {
                    let document = try reader.storedDocument(hit.doc)
                    _ = try reader.sourceFile(of: document, doc: hit.doc)
                    _ = try reader.id(of: hit.doc)
                }
            }
            _ = try reader.statistics()
            var positions: [UInt32] = []
            for segment in reader.segments {
                for term in ["cat", "bark", "news", "report", "market"] {
                    guard let entry = try segment.lookup(Array(term.utf8)) else { continue }
                    let cursor = try segment.cursor(entry)
                    try cursor.next()
                    while cursor.doc != PostingsCursor.exhausted {
                        try cursor.positions(in: .title, into: &positions)
                        try cursor.positions(in: .body, into: &positions)
                        try cursor.next()
                    }
                    let skipper = try segment.cursor(entry)
                    try skipper.advance(to: Int32(segment.entry.documentCount / 2))
                    try skipper.advance(to: Int32(segment.entry.documentCount))
                }
            }
            return true
        } catch {
            return false
        }
    }

    /// Replaces `path` by `bytes` with a rename, so no mapping of the old file ever sees it shrink.
    static func replace(_ path: String, with bytes: ArraySlice<UInt8>) throws {
        let temporary = path + ".corrupting"
        try Data(bytes).write(to: URL(fileURLWithPath: temporary))
        guard rename(temporary, path) == 0 else { throw NewsIndexError(.io, "\(path): rename failed") }
    }

    struct Tally { var cases = 0, searchesThatThrew = 0, searchesThatReturned = 0 }

    /// Runs one damaged case: the checker must report a problem in `name`; open + search must not trap.
    static func damaged(_ index: String, _ name: String, _ what: String, tally: inout Tally) throws {
        let report = try IndexChecker.check(indexPath: index)
        #expect(report.problems.contains { $0.file == name }, "\(name) \(what): not detected; problems: \(report.problems)")
        tally.cases += 1
        if exercise(index) { tally.searchesThatReturned += 1 } else { tally.searchesThatThrew += 1 }
    }

    /// Every file: truncations at `0..<size` and single-byte flips, every `step`-th offset (plus
    /// the 16 first and 16 last bytes, where the envelope is), the original restored after each.
    static func sweep(_ index: String, step: (Int) -> Int) throws -> Tally {
        var tally = Tally()
        #expect(try IndexChecker.check(indexPath: index).problems == [])
        #expect(exercise(index))
        for name in ["MANIFEST"] + CheckCorpus.segmentFiles {
            let path = index + "/" + name
            let original = try SystemCalls.readFile(at: path)
            let k = step(original.count)
            let offsets = (0..<original.count).filter { $0 % k == 0 || $0 < 16 || $0 >= original.count - 16 }
            for length in offsets {
                try replace(path, with: original[0..<length])
                try damaged(index, name, "truncated to \(length) bytes", tally: &tally)
            }
            for offset in offsets {
                var bytes = original
                bytes[offset] ^= 0xFF
                try replace(path, with: bytes[...])
                try damaged(index, name, "byte \(offset) flipped", tally: &tally)
            }
            try replace(path, with: original[...])
        }
        #expect(try IndexChecker.check(indexPath: index).problems == [])
        return tally
    }

    @Test func twoArticleIndexEveryTruncationAndEveryFlip() throws {
        let (scratch, index) = try CheckCorpus.makeIndex(CheckCorpus.twoArticles, label: "corrupt-two")
        defer { withExtendedLifetime(scratch) {} }
        let tally = try Self.sweep(index) { _ in 1 }
        print("two-article index: \(tally.cases) damaged cases, searches threw \(tally.searchesThatThrew), returned \(tally.searchesThatReturned)")
    }

    @Test func generatedIndexSampledTruncationsAndFlips() throws {
        let (scratch, index) = try CheckCorpus.makeIndex(CheckCorpus.generated(), label: "corrupt-140")
        defer { withExtendedLifetime(scratch) {} }
        // Some terms are in all 140 documents: their postings have block headers and a patched block.
        let reader = try IndexReader(path: index)
        #expect(try reader.documentFrequency(Array("news".utf8)) == 140)
        // About 250 offsets per file (every byte of the small ones).
        let tally = try Self.sweep(index) { size in max(1, size / 250) }
        print("140-article index: \(tally.cases) damaged cases, searches threw \(tally.searchesThatThrew), returned \(tally.searchesThatReturned)")
    }
}

/// Damage the CRC cannot see from the reader's side: open does not verify checksums, so a payload
/// re-wrapped with a valid CRC (or any payload, since open skips the CRC) reaches the decoders.
/// These run in a child process (exit tests): a trap fails the test instead of the whole run.
@Suite struct CraftedPostingsTrapTests {
    /// Builds the two-article index in a fresh folder and replaces the .post payload.
    static func indexWithPostings(_ payload: [UInt8]) throws -> (CheckScratch, String) {
        let (scratch, index) = try CheckCorpus.makeIndex(CheckCorpus.twoArticles, label: "crafted")
        let bytes = FileEnvelope.wrap(kind: .postings, payload: payload)
        try Data(bytes).write(to: URL(fileURLWithPath: index + "/g000001-0.post"))
        return (scratch, index)
    }

    /// "at" (postings offset 0, df 1) whose doc delta − 1 is 2^63: a 10-byte varint.
    /// PostingsCursor.loadBlock converts it with Int64(_:) and traps.
    @Test func docDeltaAbove2To63InVarintPostingsMustThrowNotTrap() async {
        await #expect(processExitsWith: .success) {
            let huge: [UInt8] = [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]
            let payload = huge + [0x02] + [0x01, 0x03, 0x01, 0x00, 0x03, 0x01, 0x00, 0x02, 0x01, 0x03, 0x01, 0x00, 0x02]
            let (scratch, index) = try CheckScratchIndex.make(payload)
            defer { withExtendedLifetime(scratch) {} }
            let report = try IndexChecker.check(indexPath: index)
            guard report.problems.contains(where: { $0.file == "g000001-0.post" }) else { exit(3) }
            let searcher = Searcher(reader: try IndexReader(path: index))
            _ = try? searcher.search(SearchRequest(text: "at"))
        }
    }

    /// "cat" (df 2): doc 0, then a doc delta − 1 of 2^63 − 1: `last + Int64(delta) + 1` overflows.
    @Test func docDeltaNear2To63InVarintPostingsMustThrowNotTrap() async {
        await #expect(processExitsWith: .success) {
            let big: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F]
            let payload = [0x01, 0x02, 0x01, 0x03, 0x01] + [0x00, 0x03, 0x01] + big + [0x02] + [0x01, 0x03, 0x01, 0x00, 0x02]
            let (scratch, index) = try CheckScratchIndex.make(payload)
            defer { withExtendedLifetime(scratch) {} }
            let report = try IndexChecker.check(indexPath: index)
            guard report.problems.contains(where: { $0.file == "g000001-0.post" }) else { exit(3) }
            let searcher = Searcher(reader: try IndexReader(path: index))
            _ = try? searcher.search(SearchRequest(text: "cats"))
        }
    }
}

enum CheckScratchIndex {
    static func make(_ payload: [UInt8]) throws -> (CheckScratch, String) {
        try CraftedPostingsTrapTests.indexWithPostings(payload)
    }
}
