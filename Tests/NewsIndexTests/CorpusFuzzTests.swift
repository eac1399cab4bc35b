// Seeded mutation tests: damaged .txt and JSON Lines input never traps, every document re-parses from its
// stored record, and JSON accept/reject decisions agree with Foundation's JSONSerialization.
import Foundation
import Testing
@testable import NewsIndex

@Suite("CorpusFuzz")
struct CorpusFuzzTests {
    static let seedLines = [
        #"{"id": "a-1", "date": "2010-05-06", "title": "Storm \"hits\" coast", "body": "Para one.\n\nPara two \u00e9 \ud83d\ude00."}"#,
        #"{"title": "Nested", "meta": {"tags": ["x", 1, 2.5e3, true, null, {"k": []}]}, "body": "b"}"#,
        #"{"id": 12345, "title": "Zürich — 東京", "body": "", "date": null}"#,
    ]
    static let alphabet = Array(#"{}[]":,\ 0123456789eE.-+tfnrlu/abTZ"#.utf8) + [0x0A, 0x09, 0x00, 0xC3, 0xA9, 0xFF, 0xE2]

    fileprivate static func mutate(_ bytes: [UInt8], _ random: inout FuzzRandom) -> [UInt8] {
        var bytes = bytes
        for _ in 0..<(1 + Int(random.next() % 3)) {
            let position = bytes.isEmpty ? 0 : Int(random.next() % UInt64(bytes.count))
            let byte = alphabet[Int(random.next() % UInt64(alphabet.count))]
            switch random.next() % 3 {
            case 0 where !bytes.isEmpty: bytes[position] = byte
            case 1: bytes.insert(byte, at: position)
            default: if !bytes.isEmpty { bytes.remove(at: position) }
            }
        }
        return bytes
    }

    @Test func mutatedJSONLinesNeverTrapAndRecordsReparse() throws {
        let seed = UInt64.random(in: 1...UInt64.max)
        print("CorpusFuzz.mutatedJSONLinesNeverTrapAndRecordsReparse seed: \(seed)")
        var random = FuzzRandom(seed: seed)
        let file = SourceFile(
            relativePath: "f.jsonl", absolutePath: "/f.jsonl", size: 0, modificationTimeNanoseconds: 0, kind: .jsonLines)
        var disagreements: [String] = []
        for round in 0..<3000 {
            let original = Array(Self.seedLines[round % Self.seedLines.count].utf8)
            let line = Self.mutate(original, &random)
            let bytes = Array(Self.seedLines[0].utf8) + [0x0A] + line + [0x0A]
            let (documents, _) = ArticleParser.parseJSONLines(bytes: bytes, file: file)
            for document in documents {
                let start = Int(document.source.byteOffset)
                let record = Array(bytes[start..<(start + document.source.byteLength)])
                let (again, _) = ArticleParser.parseRecord(bytes: record, source: document.source)
                #expect(again == document, "seed \(seed) round \(round)")
            }
            // Differential check of the mutated line (line 2) against Foundation, where both apply.
            // Left out: invalid UTF-8 (we replace it, by design; Foundation rejects the line) and
            // surrogate escapes (we turn lone ones into U+FFFD).
            guard !line.contains(0x0A), let text = String(validating: line, as: UTF8.self),
                !text.lowercased().contains("\\ud"),
                // Foundation deviates from RFC 8259 here: it accepts trailing commas and rejects
                // numbers beyond Double's range (Python's json, like us, does the opposite).
                text.range(of: #",\s*[}\]]"#, options: .regularExpression) == nil,
                text.range(of: #"[eE][-+]?[0-9]{3}"#, options: .regularExpression) == nil
            else { continue }
            let ours = documents.contains { $0.source.lineNumber == 2 }
            let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any]
            var theirs = false
            if let object {
                let title = object["title"]
                let body = object["body"]
                theirs = (title != nil || body != nil) && (title == nil || title is String) && (body == nil || body is String)
                if title is NSNumber || body is NSNumber { theirs = false }
            }
            let blank = line.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
            if ours != theirs, !blank {
                disagreements.append("ours \(ours) theirs \(theirs): \(String(decoding: line, as: UTF8.self).debugDescription)")
            }
        }
        #expect(disagreements.isEmpty, "seed \(seed): \(disagreements.prefix(5))")
    }

    @Test func mutatedTextArticlesNeverTrapAndReparse() {
        let seed = UInt64.random(in: 1...UInt64.max)
        print("CorpusFuzz.mutatedTextArticlesNeverTrapAndReparse seed: \(seed)")
        var random = FuzzRandom(seed: seed)
        let original = Array(" date 2019-01-04 Title é\r\n\r\nBody line\n\nSecond 東京 line\n".utf8)
        let file = SourceFile(
            relativePath: "a.txt", absolutePath: "/a.txt", size: 0, modificationTimeNanoseconds: 0, kind: .text)
        for round in 0..<3000 {
            let bytes = Self.mutate(original, &random)
            let (document, warnings) = ArticleParser.parseText(bytes: bytes, file: file)
            if let document {
                #expect(document.source.byteLength == bytes.count)
                #expect(document.source.bodyOffset <= bytes.count)
                let (again, againWarnings) = ArticleParser.parseRecord(bytes: bytes, source: document.source)
                #expect(again == document && againWarnings == warnings, "seed \(seed) round \(round)")
            } else {
                #expect(!warnings.isEmpty, "seed \(seed) round \(round)")
            }
        }
    }
}

private typealias FuzzRandom = SeededRandom
