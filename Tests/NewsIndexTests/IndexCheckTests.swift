// IndexChecker on clean indexes (counts), and on damage the CRC does not reveal: payloads edited
// and re-wrapped with a valid checksum, so only the structural checks can find them.
import Foundation
import Testing
@testable import NewsIndex

@Suite struct IndexCheckTests {
    /// Edits the payload of `index/name` and re-wraps it with a valid envelope and CRC.
    static func rewrap(_ index: String, _ name: String, kind: FileKind, _ edit: (inout [UInt8]) -> Void) throws {
        let bytes = try SystemCalls.readFile(at: index + "/" + name)
        var payload = Array(bytes[12..<(bytes.count - 16)])
        edit(&payload)
        try Data(FileEnvelope.wrap(kind: kind, payload: payload)).write(to: URL(fileURLWithPath: index + "/" + name))
    }

    static func firstProblem(_ index: String) throws -> IndexCheckProblem? {
        try IndexChecker.check(indexPath: index).problems.first
    }

    @Test func cleanIndexesCheckClean() throws {
        let (s1, two) = try CheckCorpus.makeIndex(CheckCorpus.twoArticles, label: "check-two")
        let (s2, generated) = try CheckCorpus.makeIndex(CheckCorpus.generated(), label: "check-140")
        defer { withExtendedLifetime((s1, s2)) {} }
        let a = try IndexChecker.check(indexPath: two)
        #expect(a.isClean && a.notes.isEmpty)
        #expect((a.filesVerified, a.segmentsVerified, a.termsVerified, a.postingsVerified, a.positionsVerified, a.documentsVerified) == (6, 1, 5, 6, 9, 2))
        let b = try IndexChecker.check(indexPath: generated)
        #expect(b.isClean)
        #expect(b.documentsVerified == 140)
        let statistics = try IndexReader(path: generated).statistics()
        #expect(b.termsVerified == statistics.terms && b.postingsVerified == statistics.postings && b.positionsVerified == statistics.positions)
    }

    @Test func demoCorpusChecksClean() throws {
        let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("corpus").path
        guard FileManager.default.fileExists(atPath: corpus) else { return }
        let scratch = try CheckScratch("check-demo")
        _ = try IndexBuilder.build(BuildOptions(corpusPath: corpus, indexPath: scratch.path + "/index")) { _ in }
        let report = try IndexChecker.check(indexPath: scratch.path + "/index")
        #expect(report.problems == [])
        #expect(report.documentsVerified > 200)
    }

    @Test func noIndexThrows() throws {
        let scratch = try CheckScratch("check-none")
        #expect(throws: NewsIndexError.self) { try IndexChecker.check(indexPath: scratch.path) }
    }

    @Test func problemsNameFileAndOffset() {
        let p = IndexCheckProblem(file: "g000001-0.post", offset: 1234, message: "bad")
        #expect(p.description == "g000001-0.post: offset 1234: bad")
        #expect(IndexCheckProblem(file: "MANIFEST", offset: nil, message: "bad").description == "MANIFEST: bad")
        let converted = IndexChecker.problem(from: NewsIndexError(.corrupt, "x.post: damaged at offset 77"), file: "x.post")
        #expect(converted == IndexCheckProblem(file: "x.post", offset: 77, message: "damaged"))
    }

    @Test func flippedByteIsAChecksumMismatchAtTheFooter() throws {
        let (scratch, index) = try CheckCorpus.makeIndex(CheckCorpus.twoArticles, label: "check-crc")
        defer { withExtendedLifetime(scratch) {} }
        var bytes = try SystemCalls.readFile(at: index + "/g000001-0.posn")
        bytes[14] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: index + "/g000001-0.posn"))
        let problem = try #require(try Self.firstProblem(index))
        #expect(problem.file == "g000001-0.posn")
        #expect(problem.offset == bytes.count - 8)
        #expect(problem.message.contains("checksum mismatch"))
    }

    @Test func missingFile() throws {
        let (scratch, index) = try CheckCorpus.makeIndex(CheckCorpus.twoArticles, label: "check-missing")
        defer { withExtendedLifetime(scratch) {} }
        try FileManager.default.removeItem(atPath: index + "/g000001-0.stor")
        let report = try IndexChecker.check(indexPath: index)
        #expect(report.problems.map(\.description) == ["g000001-0.stor: missing (the MANIFEST names it)"])
    }

    // Payload offsets below are those of IndexFormat.md's worked example (file offset = 12 + payload offset).

    @Test func docIDBeyondDocumentCount() throws {
        let (scratch, index) = try CheckCorpus.makeIndex(CheckCorpus.twoArticles, label: "check-doc")
        defer { withExtendedLifetime(scratch) {} }
        try Self.rewrap(index, "g000001-0.post", kind: .postings) { $0[0] = 0x05 }    // "at": doc 1 → doc 6
        #expect(try Self.firstProblem(index)?.description == "g000001-0.post: offset 12: term \"at\": doc ID beyond the 2 documents")
    }

    @Test func positionPastFieldLength() throws {
        let (scratch, index) = try CheckCorpus.makeIndex(CheckCorpus.twoArticles, label: "check-pos")
        defer { withExtendedLifetime(scratch) {} }
        try Self.rewrap(index, "g000001-0.posn", kind: .positions) { $0[0] = 0x07 }   // "at", doc 1 body: 2 → 7
        let problem = try #require(try Self.firstProblem(index))
        #expect(problem.file == "g000001-0.posn" && problem.offset == 12)
        #expect(problem.message == "term \"at\", doc 1, body: position 7 is not below the field's length 4")
    }

    @Test func lengthSumsDisagree() throws {
        let (scratch, index) = try CheckCorpus.makeIndex(CheckCorpus.twoArticles, label: "check-sums")
        defer { withExtendedLifetime(scratch) {} }
        try Self.rewrap(index, "g000001-0.docs", kind: .documents) { $0[4] = 4 }
        #expect(try Self.firstProblem(index)?.description == "g000001-0.docs: offset 16: title lengths sum to 3, the header says 4")
    }

    @Test func dictionaryPositionCountDisagreesWithPostings() throws {
        let (scratch, index) = try CheckCorpus.makeIndex(CheckCorpus.twoArticles, label: "check-count")
        defer { withExtendedLifetime(scratch) {} }
        try Self.rewrap(index, "g000001-0.tdic", kind: .termDictionary) { $0[23] = 0x04 }   // "cat": 3 → 4 positions
        let problem = try #require(try Self.firstProblem(index))
        #expect(problem.file == "g000001-0.post" && problem.offset == 17)
        #expect(problem.message.contains("the postings hold 3 occurrences, the dictionary says 4 positions"))
    }

    @Test func termsOutOfOrder() throws {
        let (scratch, index) = try CheckCorpus.makeIndex(CheckCorpus.twoArticles, label: "check-order")
        defer { withExtendedLifetime(scratch) {} }
        try Self.rewrap(index, "g000001-0.tdic", kind: .termDictionary) { $0[8] = UInt8(ascii: "a") }   // "bark" → "aark"
        let problem = try #require(try Self.firstProblem(index))
        #expect(problem.file == "g000001-0.tdic" && problem.offset == 19)
        #expect(problem.message.contains("out of order"))
    }

    @Test func storedFileIndexOutOfRange() throws {
        let (scratch, index) = try CheckCorpus.makeIndex(CheckCorpus.twoArticles, label: "check-stor")
        defer { withExtendedLifetime(scratch) {} }
        try Self.rewrap(index, "g000001-0.stor", kind: .storedFields) { $0[161] = 5 }   // document 0's file index
        #expect(try Self.firstProblem(index)?.description == "g000001-0.stor: offset 164: document 0: source file 5 of 2")
    }

    /// An id code whose padding bits are not zero (it still decodes to "cats").
    @Test func storedIdPaddingNotZero() throws {
        let (scratch, index) = try CheckCorpus.makeIndex(CheckCorpus.twoArticles, label: "check-stor-pad")
        defer { withExtendedLifetime(scratch) {} }
        try Self.rewrap(index, "g000001-0.stor", kind: .storedFields) { $0[155] = 0x01 }   // document 0's id code
        #expect(try Self.firstProblem(index)?.description
                == "g000001-0.stor: offset 166: block 0 id 0: the code ends at byte 1 of 1 with nonzero padding")
    }

    /// A code table that is no longer a complete prefix code.
    @Test func storedCodeTableIncomplete() throws {
        let (scratch, index) = try CheckCorpus.makeIndex(CheckCorpus.twoArticles, label: "check-stor-table")
        defer { withExtendedLifetime(scratch) {} }
        try Self.rewrap(index, "g000001-0.stor", kind: .storedFields) { $0[61] = 2 }   // the id code's 'a' → 't' length 0 → 2
        let problem = try #require(try Self.firstProblem(index))
        #expect(problem.file == "g000001-0.stor" && problem.message.contains("complete prefix code"), "\(problem)")
    }

    @Test func documentsWidthOutOfRange() throws {
        let (scratch, index) = try CheckCorpus.makeIndex(CheckCorpus.twoArticles, label: "check-docs-width")
        defer { withExtendedLifetime(scratch) {} }
        try Self.rewrap(index, "g000001-0.docs", kind: .documents) { $0[24] = 5 }
        #expect(try Self.firstProblem(index)?.description == "g000001-0.docs: offset 36: column 0 width 5, not 1...4")
    }

    @Test func documentsDateBaseNotSmallest() throws {
        let (scratch, index) = try CheckCorpus.makeIndex(CheckCorpus.twoArticles, label: "check-docs-date")
        defer { withExtendedLifetime(scratch) {} }
        try Self.rewrap(index, "g000001-0.docs", kind: .documents) { $0[30] = 3 }   // document 0's date code 1 → 3
        #expect(try Self.firstProblem(index)?.description == "g000001-0.docs: offset 32: date base 20240102 is not the smallest known date")
    }

    @Test func documentsPaddingNotZero() throws {
        let (scratch, index) = try CheckCorpus.makeIndex(CheckCorpus.twoArticles, label: "check-docs-pad")
        defer { withExtendedLifetime(scratch) {} }
        try Self.rewrap(index, "g000001-0.docs", kind: .documents) { $0[$0.count - 1] = 1 }
        #expect(try Self.firstProblem(index)?.description == "g000001-0.docs: offset 50: padding byte not 0")
    }

    @Test func manifestCountDisagrees() throws {
        let (scratch, index) = try CheckCorpus.makeIndex(CheckCorpus.twoArticles, label: "check-manifest")
        defer { withExtendedLifetime(scratch) {} }
        let manifest = Manifest(generation: 1, buildTime: 0, corpusRoot: "/x", stemming: true,
                                segments: [SegmentEntry(name: "g000001-0", documentCount: 3)])
        try Data(manifest.encoded()).write(to: URL(fileURLWithPath: index + "/MANIFEST"))
        #expect(try Self.firstProblem(index)?.description == "MANIFEST: segment g000001-0 has 3 documents, but its files hold 2")
    }

    @Test func blockHeaderMaxTFDisagrees() throws {
        let (scratch, index) = try CheckCorpus.makeIndex(CheckCorpus.generated(), label: "check-header")
        defer { withExtendedLifetime(scratch) {} }
        let bytes = try SystemCalls.readFile(at: index + "/g000001-0.tdic")
        let values = try bytes.withUnsafeBytes { raw in
            try TermDictionaryReader(UnsafeRawBufferPointer(rebasing: raw[12..<(raw.count - 16)]), fileName: "tdic").lookup("news")
        }
        let offset = Int(try #require(values)[1])
        // Block 0's header: four varints, MaxTitleTF [and its group's three], then MaxBodyTF.
        let payload = Array(bytes.isEmpty ? [] : try SystemCalls.readFile(at: index + "/g000001-0.post").dropFirst(12))
        var at = offset
        func skipVarint() -> UInt64 {
            var value: UInt64 = 0, shift: UInt64 = 0
            while true {
                let byte = payload[at]; at += 1
                value |= UInt64(byte & 0x7F) << shift; shift += 7
                if byte < 0x80 { return value }
            }
        }
        for _ in 0..<4 { _ = skipVarint() }
        let maxTitleAt = at
        if skipVarint() > 0 { _ = skipVarint(); if skipVarint() > 0 { _ = skipVarint() } }
        // A non-zero one-byte maximum stays a valid varint with its group's fields when raised by 1.
        let target = payload[at] > 0 && payload[at] < 0x7F ? at : maxTitleAt
        #expect(payload[target] > 0 && payload[target] < 0x7F, "a one-byte maximum TF to change")
        try Self.rewrap(index, "g000001-0.post", kind: .postings) { $0[target] &+= 1 }
        let problem = try #require(try Self.firstProblem(index))
        #expect(problem.file == "g000001-0.post" && problem.offset == 12 + offset)
        #expect(problem.message.contains("header max TFs"))
    }

    /// A short packed block (format 2) with its reserved header bit set: "cat"'s positions tail.
    @Test func shortPositionsBlockWithReservedBit() throws {
        let (scratch, index) = try CheckCorpus.makeIndex(CheckCorpus.twoArticles, label: "check-short-posn")
        defer { withExtendedLifetime(scratch) {} }
        try Self.rewrap(index, "g000001-0.posn", kind: .positions) { $0[3] |= 0x40 }   // "cat": header 0x02 → 0x42
        let problem = try #require(try Self.firstProblem(index))
        #expect(problem.file == "g000001-0.posn" && problem.offset == 15)
        #expect(problem.message.contains("bad short packed block"))
    }

    /// A packed tail block of postings (3...127 postings) whose doc-delta header names width 33.
    @Test func packedTailPostingsWithBadWidth() throws {
        let (scratch, index) = try CheckCorpus.makeIndex(CheckCorpus.generated(), label: "check-short-post")
        defer { withExtendedLifetime(scratch) {} }
        let bytes = try SystemCalls.readFile(at: index + "/g000001-0.tdic")
        let offset = try bytes.withUnsafeBytes { raw -> Int? in
            let dictionary = try TermDictionaryReader(UnsafeRawBufferPointer(rebasing: raw[12..<(raw.count - 16)]), fileName: "tdic")
            var cursor = dictionary.makeCursor()
            while try cursor.next() {
                if cursor.values[0] >= 3 && cursor.values[0] < 128 { return Int(cursor.values[1]) }
            }
            return nil
        }
        let start = try #require(offset)
        try Self.rewrap(index, "g000001-0.post", kind: .postings) { $0[start] = 33 }
        let problem = try #require(try Self.firstProblem(index))
        #expect(problem.file == "g000001-0.post" && problem.offset == 12 + start)
        #expect(problem.message.contains("bad short packed block"))
    }
}
