// Tests of parsing `.txt` articles: dated/undated titles, bad dates, CRLF, BOM, title-only, empty, NUL, bad UTF-8.
import Testing
@testable import NewsIndex

@Suite("CorpusTextParser")
struct CorpusTextParserTests {
    static func file(_ path: String = "2019/storm.txt") -> SourceFile {
        SourceFile(relativePath: path, absolutePath: "/corpus/" + path, size: 0, modificationTimeNanoseconds: 0, kind: .text)
    }

    static func parse(_ bytes: [UInt8], path: String = "2019/storm.txt") -> (Document?, [CorpusWarning]) {
        ArticleParser.parseText(bytes: bytes, file: file(path))
    }

    static func parse(_ text: String) -> (Document?, [CorpusWarning]) { parse(Array(text.utf8)) }

    @Test func datedArticle() throws {
        let text = " date 2019-01-04 Storm hits coast\n\nFirst paragraph.\n\nSecond one.\n"
        let (document, warnings) = Self.parse(text)
        let doc = try #require(document)
        #expect(warnings.isEmpty)
        #expect(doc.id == "2019/storm")
        #expect(doc.title == "Storm hits coast")
        #expect(doc.date == 20_190_104)
        #expect(doc.body == "First paragraph.\n\nSecond one.")
        #expect(doc.source.kind == .text)
        #expect(doc.source.byteOffset == 0)
        #expect(doc.source.byteLength == text.utf8.count)
        #expect(doc.source.contentHash == XXHash64.hash(Array(text.utf8)))
        // bodyOffset points at the body's first byte in the raw file.
        #expect(Array(text.utf8)[doc.source.bodyOffset...].starts(with: "First".utf8))
    }

    @Test func undatedArticle() throws {
        let (document, warnings) = Self.parse("Bare headline  \n\nBody text.\n")
        #expect(warnings.isEmpty)
        #expect(document?.title == "Bare headline")
        #expect(document?.date == 0)
        #expect(document?.body == "Body text.")
    }

    @Test(arguments: ["2019-13-45", "2019-02-29", "2019-00-10", "0000-01-01", "20x9-01-01"])
    func invalidDateKeepsWholeLineAsTitle(_ date: String) throws {
        let (document, warnings) = Self.parse(" date \(date) Headline\n\nBody.\n")
        let doc = try #require(document)
        #expect(doc.date == 0)
        #expect(doc.title == "date \(date) Headline")
        #expect(warnings.count == 1)
        #expect(warnings.first?.line == 1)
        #expect(warnings.first?.message.contains("invalid date \"\(date)\"") == true)
    }

    @Test func leapDayIsValid() {
        #expect(Self.parse(" date 2020-02-29 Leap\n").0?.date == 20_200_229)
        #expect(Self.parse(" date 2000-02-29 Leap\n").0?.date == 20_000_229)
        #expect(Self.parse(" date 1900-02-29 Leap\n").0?.date == 0)
    }

    @Test func dateWithoutHeadline() {
        let (document, warnings) = Self.parse(" date 2021-05-06\n\nBody.")
        #expect(warnings.isEmpty)
        #expect(document?.date == 20_210_506)
        #expect(document?.title == "")
        #expect(document?.body == "Body.")
    }

    @Test func crlfAndBOM() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(" date 2019-01-04 Title\r\n\r\nLine one.\r\nLine two.\r\n".utf8)
        let (document, warnings) = Self.parse(bytes)
        let doc = try #require(document)
        #expect(warnings.isEmpty)
        #expect(doc.title == "Title")
        #expect(doc.date == 20_190_104)
        #expect(doc.body == "Line one.\r\nLine two.")
        #expect(doc.source.bodyOffset == 3 + " date 2019-01-04 Title\r\n\r\n".utf8.count)
    }

    @Test func titleOnlyFile() {
        for text in ["Only a title", "Only a title\n", "Only a title\n\n\n"] {
            let (document, warnings) = Self.parse(text)
            #expect(warnings.isEmpty)
            #expect(document?.title == "Only a title")
            #expect(document?.body == "")
            #expect(document?.source.bodyOffset == text.utf8.count)
        }
    }

    @Test func emptyFileGivesNoDocument() {
        for bytes: [UInt8] in [[], [0xEF, 0xBB, 0xBF], Array("\n \n".utf8)] {
            let (document, warnings) = Self.parse(bytes)
            #expect(document == nil)
            #expect(warnings.map(\.description) == ["2019/storm.txt: empty file"])
        }
    }

    @Test func nulByteSkipsTheFile() {
        let bytes = Array("Title\n\nBody".utf8) + [0] + Array("more".utf8)
        let (document, warnings) = Self.parse(bytes)
        #expect(document == nil)
        #expect(warnings.map(\.description) == ["2019/storm.txt: binary file (NUL byte at offset 11), skipped"])
    }

    @Test func invalidUTF8IsReplacedWithAWarning() throws {
        let bytes = Array("Caf".utf8) + [0xE9] + Array(" title\n\nLine two \u{00E9}\n".utf8) + [0xFF, 0xC0, 0x80]
        let (document, warnings) = Self.parse(bytes)
        let doc = try #require(document)
        #expect(doc.title == "Caf\u{FFFD} title")
        #expect(doc.body.hasPrefix("Line two \u{00E9}\n\u{FFFD}"))
        #expect(warnings.map(\.description) == ["2019/storm.txt:1: invalid UTF-8 at byte 3, replaced"])
    }

    @Test func bodyKeepsInnerBlankLinesAndIndentation() {
        let (document, _) = Self.parse("T\n\n\n   Indented first.\n\n\nAfter two blanks.\n\n")
        #expect(document?.body == "   Indented first.\n\n\nAfter two blanks.")
    }

    @Test func nonASCIIText() {
        let (document, warnings) = Self.parse(" date 2024-12-31 Zürich — «quote» 東京\n\nŁódź 🎉.\n")
        #expect(warnings.isEmpty)
        #expect(document?.title == "Zürich — «quote» 東京")
        #expect(document?.body == "Łódź 🎉.")
    }

    @Test func idDropsOnlyTheTxtExtension() {
        #expect(Self.parse(Array("T".utf8), path: "a.b/c.d.txt").0?.id == "a.b/c.d")
    }
}
