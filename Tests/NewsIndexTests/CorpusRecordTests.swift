// Tests that a stored record re-parses to the same document, and that duplicate ids get #2, #3 suffixes.
import Testing
@testable import NewsIndex

@Suite("CorpusRecords")
struct CorpusRecordTests {
    @Test func reparsingStoredRecordsGivesTheSameDocuments() throws {
        let folder = try CorpusScratchFolder()
        try folder.write("a/dated.txt", [0xEF, 0xBB, 0xBF] + Array(" date 2019-01-04 T\r\n\r\nBody \u{00E9}.\r\n".utf8))
        try folder.write("b.txt", "Title only")
        let jsonl: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("""
            {"id": "x", "title": "One", "body": "B\\n\\nC", "date": "2012-03-04"}

            {"title": "Two \\u00e9", "body": "D"}\r
            not json
            {"title": "Four", "body": "E"}
            """.utf8)
        try folder.write("c.jsonl", jsonl)
        let (files, _) = try CorpusScanner.scan(root: folder.path)
        var count = 0
        for file in files {
            let (documents, _) = try ArticleParser.parseFile(file)
            for document in documents {
                let source = document.source
                let bytes = try SystemCalls.readRange(
                    at: file.absolutePath, offset: Int(source.byteOffset), length: source.byteLength)
                #expect(XXHash64.hash(bytes) == source.contentHash)
                let (again, warnings) = ArticleParser.parseRecord(bytes: bytes, source: source)
                #expect(warnings.isEmpty)
                #expect(again == document, "\(document.id)")
                count += 1
            }
        }
        #expect(count == 5)
    }

    @Test func parseRecordToleratesATrailingNewlineAndReportsBrokenRecords() {
        let (document, _) = ArticleParser.parseRecord(
            bytes: Array("{\"title\": \"A\"}\n".utf8), kind: .jsonLines, relativePath: "f.jsonl", byteOffset: 10,
            lineNumber: 7)
        #expect(document?.id == "f.jsonl#7")
        #expect(document?.source.byteOffset == 10)
        #expect(document?.source.byteLength == 14)
        let (broken, warnings) = ArticleParser.parseRecord(
            bytes: Array("{\"title\"".utf8), kind: .jsonLines, relativePath: "f.jsonl", lineNumber: 7)
        #expect(broken == nil)
        #expect(warnings.first?.line == 7)
        let (empty, emptyWarnings) = ArticleParser.parseRecord(bytes: [], kind: .jsonLines, relativePath: "f.jsonl")
        #expect(empty == nil)
        #expect(!emptyWarnings.isEmpty)
    }

    @Test func duplicateIDsGetSuffixesInScanOrder() throws {
        func document(_ id: String, _ path: String, line: Int = 0) -> Document {
            Document(
                id: id, title: "", body: "", date: 0,
                source: DocumentSource(
                    relativePath: path, kind: line > 0 ? .jsonLines : .text, byteOffset: 0, byteLength: 0,
                    contentHash: 0, bodyOffset: 0, lineNumber: line))
        }
        var ids = DocumentIDs()
        var documents = [
            document("a", "a.txt"), document("a", "feed.jsonl", line: 3), document("a#3", "other.jsonl", line: 1),
            document("a", "feed.jsonl", line: 9), document("b", "b.txt"),
        ]
        var warnings: [CorpusWarning] = []
        for index in documents.indices {
            if let warning = ids.assign(&documents[index]) { warnings.append(warning) }
        }
        #expect(documents.map(\.id) == ["a", "a#2", "a#3", "a#4", "b"])
        #expect(ids.count == 5)
        #expect(
            warnings.map(\.description) == [
                "feed.jsonl:3: duplicate id \"a\" (first used by a.txt), renamed to \"a#2\"",
                "feed.jsonl:9: duplicate id \"a\" (first used by a.txt), renamed to \"a#4\"",
            ])
    }
}

@Suite("CorpusReader")
struct CorpusReaderTests {
    @Test func readsAllFilesInOrderWithUniqueIDsAndOrderedWarnings() throws {
        let folder = try CorpusScratchFolder()
        try folder.write("a.jsonl", "{\"id\": \"dup\", \"title\": \"one\"}\nbroken\n{\"id\": \"dup\", \"title\": \"two\"}\n")
        try folder.write("b/dup.txt", "Three\n\nBody.")
        try folder.write("c.txt", "")
        try folder.write("dup.jsonl", "{\"id\": \"b/dup\", \"title\": \"four\"}")
        var seen: [Document] = []
        let summary = try CorpusReader.read(root: folder.path) { seen.append($0) }
        #expect(seen.map(\.id) == ["dup", "dup#2", "b/dup", "b/dup#2"])
        #expect(seen.map(\.title) == ["one", "two", "Three", "four"])
        #expect(summary.documentCount == 4)
        #expect(summary.files.count == 4)
        #expect(
            summary.warnings.map(\.description) == [
                "a.jsonl:2: bad JSON at column 1: the line is not a JSON object; line skipped",
                "a.jsonl:3: duplicate id \"dup\" (first used by a.jsonl:1), renamed to \"dup#2\"",
                "c.txt: empty file",
                "dup.jsonl:1: duplicate id \"b/dup\" (first used by b/dup.txt), renamed to \"b/dup#2\"",
            ])
    }
}
