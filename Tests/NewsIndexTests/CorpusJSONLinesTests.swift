// Tests of JSON Lines parsing: ids, escapes, surrogates, numbers, nested values, depth limits, broken lines.
import Foundation
import Testing
@testable import NewsIndex

@Suite("CorpusJSONLines")
struct CorpusJSONLinesTests {
    static let file = SourceFile(
        relativePath: "feed/news.jsonl", absolutePath: "/corpus/feed/news.jsonl", size: 0,
        modificationTimeNanoseconds: 0, kind: .jsonLines)

    static func parse(_ text: String) -> ([Document], [CorpusWarning]) {
        ArticleParser.parseJSONLines(bytes: Array(text.utf8), file: file)
    }

    static func parse(_ bytes: [UInt8]) -> ([Document], [CorpusWarning]) {
        ArticleParser.parseJSONLines(bytes: bytes, file: file)
    }

    @Test func idsDatesAndFallbackIDs() {
        let text = """
            {"id": "a1", "date": "2010-05-06", "title": "First", "body": "B1", "url": "http://x"}

            {"title": "No id", "body": "B2", "date": null}
            {"id": 42, "title": "Numeric id", "body": ""}
            {"id": null, "body": "only body"}
            """
        let (documents, warnings) = Self.parse(text)
        #expect(warnings.isEmpty, "\(warnings)")
        #expect(documents.map(\.id) == ["a1", "feed/news.jsonl#3", "42", "feed/news.jsonl#5"])
        #expect(documents.map(\.date) == [20_100_506, 0, 0, 0])
        #expect(documents.map(\.title) == ["First", "No id", "Numeric id", ""])
        #expect(documents.map(\.body) == ["B1", "B2", "", "only body"])
        #expect(documents.map(\.source.lineNumber) == [1, 3, 4, 5])
    }

    @Test func recordOffsetsCoverTheLineWithoutItsNewline() throws {
        let lines = ["{\"title\":\"A\"}", "{\"title\":\"B\"}\r", "  {\"title\":\"C\"}  "]
        let text = lines.joined(separator: "\n")
        let bytes = Array(text.utf8)
        let (documents, _) = Self.parse(text)
        #expect(documents.count == 3)
        var offset = 0
        for (document, line) in zip(documents, lines) {
            let record = line.hasSuffix("\r") ? String(line.dropLast()) : line
            #expect(document.source.byteOffset == Int64(offset))
            #expect(document.source.byteLength == record.utf8.count)
            let slice = Array(bytes[offset..<(offset + record.utf8.count)])
            #expect(document.source.contentHash == XXHash64.hash(slice))
            #expect(document.source.bodyOffset == 0)
            offset += line.utf8.count + 1
        }
    }

    @Test func everyEscape() throws {
        let line = #"{"title": "q\" b\\ s\/ \b\f\n\r\t \u0041\u00e9\u4e2d \ud83d\ude00", "body": "x"}"#
        let (documents, warnings) = Self.parse(line)
        #expect(warnings.isEmpty)
        #expect(documents.first?.title == "q\" b\\ s/ \u{8}\u{C}\n\r\t Aé中 😀")
    }

    @Test func loneSurrogatesBecomeReplacementCharacters() {
        let line = #"{"title": "a\ud800b\udc00c\ud800\u0041", "body": "\ud83d"}"#
        let (documents, warnings) = Self.parse(line)
        #expect(warnings.isEmpty)
        #expect(documents.first?.title == "a\u{FFFD}b\u{FFFD}c\u{FFFD}A")
        #expect(documents.first?.body == "\u{FFFD}")
    }

    @Test func escapedKeysAreRecognised() {
        let (documents, _) = Self.parse(#"{"t\u0069tle": "Escaped key", "body": "b"}"#)
        #expect(documents.first?.title == "Escaped key")
    }

    @Test func nestedValuesAreSkipped() {
        let line = #"{"meta": {"a": [1, 2.5e-3, -0, {"b": [true, false, null, "x\"]"]}], "c": {}}, "tags": [], "title": "T", "body": "B"}"#
        let (documents, warnings) = Self.parse(line)
        #expect(warnings.isEmpty, "\(warnings)")
        #expect(documents.first?.title == "T")
    }

    @Test func deepNestingIsRejectedNotCrashing() {
        let ok = "{\"x\": " + String(repeating: "[", count: 60) + String(repeating: "]", count: 60) + ", \"title\": \"ok\"}"
        let deep = "{\"x\": " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + ", \"title\": \"t\"}"
        let (documents, warnings) = Self.parse(ok + "\n" + deep)
        #expect(documents.map(\.title) == ["ok"])
        #expect(warnings.count == 1)
        #expect(warnings.first?.line == 2)
        #expect(warnings.first?.message.contains("nesting deeper than 64") == true)
    }

    @Test(arguments: [
        ("{\"title\": \"a\"", "unterminated object"),
        ("[1, 2]", "not a JSON object"),
        ("{\"title\": 5}", "\"title\" is a number, not a string"),
        ("{\"body\": null}", "\"body\" is null, not a string"),
        ("{\"id\": \"x\"}", "no \"title\" and no \"body\""),
        ("{\"title\": \"a\" \"body\": \"b\"}", "expected ',' or '}'"),
        ("{\"title\": \"a\tb\"}", "control character"),
        ("{\"title\": \"\\x\"}", "invalid escape"),
        ("{\"title\": \"\\u12G4\"}", "invalid \\u escape"),
        ("{\"title\": \"a\"} trailing", "unexpected text after the object"),
        ("{\"title\": 01}", "expected ',' or '}'"),
        ("{\"title\": tru}", "invalid value"),
        ("{\"title\": \"a\",}", "expected a quoted key"),
        ("{\"title\": \"unterminated}", "unterminated string"),
        ("{\"x\": -}", "invalid number"),
    ])
    func brokenLineIsWarnedAndSkipped(_ line: String, _ message: String) {
        let text = "{\"title\": \"before\"}\n" + line + "\n{\"title\": \"after\"}\n"
        let (documents, warnings) = Self.parse(text)
        #expect(documents.map(\.title) == ["before", "after"])
        #expect(warnings.count == 1)
        #expect(warnings.first?.line == 2)
        #expect(warnings.first?.description.hasPrefix("feed/news.jsonl:2: ") == true)
        #expect(warnings.first?.message.contains(message) == true, "\(warnings)")
        // The ids of later lines keep their real line numbers.
        #expect(documents.last?.id == "feed/news.jsonl#3")
    }

    @Test func odditiesOfIdAndDateAreWarnedButKept() {
        let text = """
            {"id": "", "title": "a", "date": "2019-13-45"}
            {"id": [1], "title": "b", "date": 20190101}
            """
        let (documents, warnings) = Self.parse(text)
        #expect(documents.map(\.id) == ["feed/news.jsonl#1", "feed/news.jsonl#2"])
        #expect(documents.map(\.date) == [0, 0])
        #expect(warnings.count == 4)
        #expect(warnings.map(\.line) == [1, 1, 2, 2])
    }

    @Test func invalidUTF8InAStringIsReplaced() {
        let bytes = Array("{\"title\": \"ab".utf8) + [0xC3] + Array("\", \"body\": \"\u{00E9}\"}".utf8)
        let (documents, warnings) = Self.parse(bytes)
        #expect(documents.first?.title == "ab\u{FFFD}")
        #expect(documents.first?.body == "é")
        #expect(warnings.map(\.description) == ["feed/news.jsonl:1: invalid UTF-8 at byte 13, replaced"])
    }

    @Test func bomAndCRLF() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("{\"title\": \"A\"}\r\n{\"title\": \"B\"}\r\n".utf8)
        let (documents, warnings) = Self.parse(bytes)
        #expect(warnings.isEmpty)
        #expect(documents.map(\.title) == ["A", "B"])
        #expect(documents.first?.source.byteOffset == 3)
        #expect(documents.first?.source.byteLength == 14)
    }

    @Test func randomStringsRoundTripThroughEscapes() throws {
        let seed = UInt64.random(in: 1...UInt64.max)
        print("CorpusJSONLines.randomStringsRoundTripThroughEscapes seed: \(seed)")
        var generator = CorpusSeededRandom(seed: seed)
        var lines: [String] = []
        var expected: [String] = []
        for _ in 0..<300 {
            var text = ""
            for _ in 0..<Int(generator.next() % 40) {
                let pick = generator.next() % 10
                let scalar: Unicode.Scalar
                switch pick {
                case 0..<5: scalar = Unicode.Scalar(UInt8(0x20 + generator.next() % 95))
                case 5: scalar = Unicode.Scalar(UInt8(generator.next() % 0x20))
                case 6: scalar = Unicode.Scalar(UInt32(0x80 + generator.next() % 0x780))!
                case 7: scalar = Unicode.Scalar(UInt32(0xE000 + generator.next() % 0x1000))!
                default: scalar = Unicode.Scalar(UInt32(0x10000 + generator.next() % 0x10000))!
                }
                text.unicodeScalars.append(scalar)
            }
            expected.append(text)
            lines.append("{\"title\": \"\(Self.escape(text, &generator))\", \"body\": \"\"}")
        }
        let (documents, warnings) = Self.parse(lines.joined(separator: "\n"))
        #expect(warnings.isEmpty, "seed \(seed)")
        // Titles are trimmed of spaces and tabs at both ends.
        let trimmed = expected.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \t")) }
        #expect(documents.map(\.title) == trimmed, "seed \(seed)")
    }

    /// JSON-escapes `text`, choosing randomly between raw UTF-8 and \u escapes where both are allowed.
    fileprivate static func escape(_ text: String, _ generator: inout CorpusSeededRandom) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value == 0x22 { out += "\\\"" } else if value == 0x5C { out += "\\\\" } else if value < 0x20 || generator.next() % 3 == 0 {
                if value >= 0x10000 {
                    let v = value - 0x10000
                    out += String(format: "\\u%04x\\u%04X", 0xD800 + (v >> 10), 0xDC00 + (v & 0x3FF))
                } else {
                    out += String(format: "\\u%04x", value)
                }
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

private typealias CorpusSeededRandom = SeededRandom
