// Tests of reading a large JSON Lines file in pieces: the same articles, warnings, offsets, line
// numbers and content hash as parsing the whole file at once, lines longer than a piece included.
import Foundation
import Testing
@testable import NewsIndex

@Suite("CorpusPieces")
struct CorpusPiecesTests {
    @Test func piecesGiveWhatTheWholeFileGives() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("newsidx-pieces-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // Short lines across the first piece boundary, a broken line, a line longer than a
        // piece, CRLF endings, a blank line, and no newline at the very end.
        var text = ""
        var line = 0
        while text.utf8.count < CorpusFileReader.pieceSize - 100 {
            text += "{\"id\":\"a\(line)\",\"title\":\"Title \(line)\",\"body\":\"Body of article \(line), fine.\"}\n"
            line += 1
        }
        text += "{\"id\": broken}\r\n\n"
        text += "{\"id\":\"long\",\"title\":\"Long\",\"body\":\"" + String(repeating: "word ", count: CorpusFileReader.pieceSize / 4) + "\"}\r\n"
        for extra in 0..<1000 { text += "{\"id\":\"z\(extra)\",\"title\":\"Z\",\"body\":\"after the long line\"}\n" }
        text += "{\"id\":\"last\",\"title\":\"Last\",\"body\":\"no newline\"}"
        let bytes = Array(text.utf8)
        #expect(bytes.count > 2 * CorpusFileReader.pieceSize)
        let path = folder.appendingPathComponent("big.jsonl").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let file = SourceFile(relativePath: "big.jsonl", absolutePath: path, size: Int64(bytes.count),
                              modificationTimeNanoseconds: 0, kind: .jsonLines)

        let (wholeDocuments, wholeWarnings) = ArticleParser.parseJSONLines(bytes: bytes, file: file)
        var pieceDocuments: [Document] = []
        let result = try CorpusFileReader.readJSONLines(file) { pieceDocuments.append($0) }
        #expect(pieceDocuments.count == wholeDocuments.count)
        #expect(pieceDocuments == wholeDocuments)
        #expect(result.warnings == wholeWarnings)
        #expect(result.warnings.count == 1)
        #expect(result.bytes == bytes.count)
        #expect(result.hash == CorpusFileReader.hash(bytes))
    }
}
