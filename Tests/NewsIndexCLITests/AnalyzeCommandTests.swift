// `newsidx analyze`: positions, byte ranges, terms, JSON Lines, standard input, options.
import Foundation
import Testing

@Suite("CLI analyze")
struct AnalyzeCommandTests {
    /// The tab-separated fields of each output line.
    private func rows(_ result: RunResult) -> [[String]] {
        result.lines.map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    }

    @Test func textArgumentGivesPositionRangeTextAndTerm() throws {
        let result = try runNewsidx(["analyze", "Putin's three-year assault"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr.isEmpty)
        #expect(rows(result) == [
            ["0", "0-7", "Putin's", "putin"],
            ["1", "8-13", "three", "three"],
            ["2", "14-18", "year", "year"],
            ["3", "19-26", "assault", "assault"],
        ], "\(result)")
    }

    @Test func wordWithInnerPunctuationAlsoGivesItsParts() throws {
        let result = try runNewsidx(["analyze", "the U.S. economy"])
        #expect(result.status == 0, "\(result)")
        let rows = rows(result)
        let usRows = rows.filter { $0.count == 4 && $0[2] == "U.S" }
        #expect(usRows.map { $0[3] } == ["u.s", "u", "s"], "\(result)")
        #expect(Set(usRows.map { $0[0] }) == ["1"], "all parts at the position of the whole word: \(result)")
        #expect(Set(usRows.map { $0[1] }) == ["4-7"], "\(result)")
        #expect(rows.first == ["0", "0-3", "the", "the"])
        #expect(rows.last == ["2", "9-16", "economy", "economi"])
    }

    @Test func byteRangesSliceTheUTF8OfTheText() throws {
        let text = "Zürich’s café crème, 東京 news"
        let result = try runNewsidx(["analyze", text])
        #expect(result.status == 0, "\(result)")
        let utf8 = Array(text.utf8)
        let rows = rows(result)
        #expect(rows.count >= 4, "\(result)")
        for row in rows {
            try #require(row.count == 4, "\(row)")
            let bounds = row[1].split(separator: "-").compactMap { Int($0) }
            try #require(bounds.count == 2 && bounds[0] <= bounds[1] && bounds[1] <= utf8.count, "\(row)")
            #expect(String(decoding: utf8[bounds[0]..<bounds[1]], as: UTF8.self) == row[2], "\(row)")
        }
        // Folding: case and diacritics gone, the typographic possessive removed.
        #expect(rows.contains { $0[2] == "Zürich’s" && $0[3] == "zurich" }, "\(result)")
        #expect(rows.contains { $0[2] == "café" && $0[3] == "cafe" }, "\(result)")
    }

    @Test func jsonGivesOneObjectPerLine() throws {
        let result = try runNewsidx(["analyze", "--json", "Putin's three-year assault on the U.S."])
        #expect(result.status == 0, "\(result)")
        let objects = result.lines.map(jsonObject)
        #expect(objects.count == 9, "\(result)")
        for (line, object) in zip(result.lines, objects) {
            let object = try #require(object, "not a JSON object: \(line)")
            #expect(Set(object.keys) == ["position", "start", "end", "text", "term"], "\(line)")
            #expect(object["position"] is Int && object["start"] is Int && object["end"] is Int, "\(line)")
        }
        let first = try #require(objects.first ?? nil)
        #expect(first["position"] as? Int == 0)
        #expect(first["start"] as? Int == 0)
        #expect(first["end"] as? Int == 7)
        #expect(first["text"] as? String == "Putin's")
        #expect(first["term"] as? String == "putin")
        let us = objects.compactMap { $0 }.filter { $0["text"] as? String == "U.S" }
        #expect(us.compactMap { $0["term"] as? String } == ["u.s", "u", "s"])
        #expect(Set(us.compactMap { $0["position"] as? Int }) == [6])
    }

    @Test func jsonEscapesQuotesAndControlCharacters() throws {
        let result = try runNewsidx(["analyze", "--json", "say \"hi\"\u{7}there"])
        #expect(result.status == 0, "\(result)")
        #expect(!result.lines.isEmpty)
        for line in result.lines { #expect(jsonObject(line) != nil, "invalid JSON: \(line)") }
        #expect(!result.stdout.contains("\u{7}"))
    }

    @Test func readsStandardInputWhenNoTextIsGiven() throws {
        let viaArgument = try runNewsidx(["analyze", "Sanctions talks\nresumed in Doha."])
        let viaStdin = try runNewsidx(["analyze"], stdin: Data("Sanctions talks\nresumed in Doha.".utf8))
        #expect(viaStdin.status == 0, "\(viaStdin)")
        #expect(viaStdin.stderr.isEmpty, "\(viaStdin)")
        #expect(viaStdin.stdout == viaArgument.stdout)
        #expect(rows(viaStdin).map { $0[3] } == ["sanction", "talk", "resum", "in", "doha"], "\(viaStdin)")
    }

    @Test func emptyInputGivesNoOutput() throws {
        let fromStdin = try runNewsidx(["analyze"], stdin: Data())
        #expect(fromStdin.status == 0, "\(fromStdin)")
        #expect(fromStdin.stdout.isEmpty, "\(fromStdin)")
        #expect(fromStdin.stderr.isEmpty, "\(fromStdin)")
        let emptyArgument = try runNewsidx(["analyze", ""])
        #expect(emptyArgument.status == 0, "\(emptyArgument)")
        #expect(emptyArgument.stdout.isEmpty, "\(emptyArgument)")
        let punctuationOnly = try runNewsidx(["analyze", " , . ! "])
        #expect(punctuationOnly.status == 0, "\(punctuationOnly)")
        #expect(punctuationOnly.stdout.isEmpty, "\(punctuationOnly)")
    }

    @Test func invalidUTF8OnStandardInputIsReplacedWithAWarning() throws {
        // "ab", 0xFF, "cd": the bad byte becomes U+FFFD (3 bytes), so "cd" starts at byte 5.
        var bytes = Data("ab".utf8)
        bytes.append(0xFF)
        bytes.append(contentsOf: Array("cd caf".utf8))
        bytes.append(contentsOf: [0xC3])  // a truncated sequence at the end
        let result = try runNewsidx(["analyze"], stdin: bytes)
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr.contains("UTF-8"), "\(result)")
        #expect(result.stderr.contains("U+FFFD"), "\(result)")
        #expect(rows(result) == [
            ["0", "0-2", "ab", "ab"],
            ["1", "5-7", "cd", "cd"],
            ["2", "8-11", "caf", "caf"],
        ], "\(result)")
        let json = try runNewsidx(["analyze", "--json"], stdin: bytes)
        #expect(json.status == 0)
        for line in json.lines { #expect(jsonObject(line) != nil, "invalid JSON: \(line)") }
    }

    @Test func noStemShowsFoldedWords() throws {
        let stemmed = try runNewsidx(["analyze", "Running Dogs' Sanctions"])
        let folded = try runNewsidx(["analyze", "--no-stem", "Running Dogs' Sanctions"])
        #expect(stemmed.status == 0 && folded.status == 0, "\(stemmed)\n\(folded)")
        #expect(rows(stemmed).map { $0.last ?? "" } == ["run", "dog", "sanction"], "\(stemmed)")
        #expect(rows(folded).map { $0.last ?? "" } == ["running", "dogs", "sanctions"], "\(folded)")
    }

    @Test func badOptionIsAUsageError() throws {
        let result = try runNewsidx(["analyze", "--frobnicate", "text"])
        #expect(result.status == 64, "\(result)")
        #expect(result.stdout.isEmpty, "\(result)")
        #expect(result.stderr.contains("--frobnicate"), "\(result)")
        #expect(result.stderr.contains("--help"), "\(result)")
        let extra = try runNewsidx(["analyze", "one", "two"])
        #expect(extra.status == 64, "\(extra)")
        #expect(extra.stderr.contains("two"), "\(extra)")
        let valued = try runNewsidx(["analyze", "--json=yes", "x"])
        #expect(valued.status == 64, "\(valued)")
    }

    @Test func helpExitsZero() throws {
        for flag in ["--help", "-h"] {
            let result = try runNewsidx(["analyze", flag])
            #expect(result.status == 0, "\(result)")
            #expect(result.stdout.contains("Usage: newsidx analyze"), "\(result)")
            #expect(result.stdout.contains("--no-stem"), "\(result)")
            #expect(result.stderr.isEmpty)
        }
    }
}
