// The analysis pipeline end to end: possessives, compound parts, positions, byte ranges, invariants.
import Testing
@testable import NewsIndex

@Suite("Analyzer pipeline")
struct AnalyzerPipelineTests {
    private func terms(_ text: String, stemming: Bool = true, parts: Bool = true) -> [String] {
        var analyzer = Analyzer(stemming: stemming, compoundParts: parts)
        return analyzer.tokens(of: text).map(\.term)
    }

    @Test func issueExample() {
        var analyzer = Analyzer()
        let tokens = analyzer.tokens(of: "Putin's three-year assault, says NATO's Rutte")
        #expect(tokens.map(\.term) == ["putin", "three", "year", "assault", "say", "nato", "rutt"])
        #expect(tokens.map(\.position) == [0, 1, 2, 3, 4, 5, 6])
        // Byte ranges point at the original words.
        let utf8 = Array("Putin's three-year assault, says NATO's Rutte".utf8)
        #expect(tokens.map { String(decoding: utf8[$0.start..<$0.end], as: UTF8.self) }
                == ["Putin's", "three", "year", "assault", "says", "NATO's", "Rutte"])
    }

    @Test func possessiveWithTypographicApostrophe() {
        #expect(terms("Putin’s") == ["putin"])
        #expect(terms("Erdoğan’s café in Zürich") == ["erdogan", "cafe", "in", "zurich"])
    }

    @Test func compoundsGiveWholeAndPartsAtOnePosition() {
        var analyzer = Analyzer()
        let tokens = analyzer.tokens(of: "U.S. forces")
        #expect(tokens.map(\.term) == ["u.s", "u", "s", "forc"])
        #expect(tokens.map(\.position) == [0, 0, 0, 1])
        #expect(tokens.map(\.isPart) == [false, true, true, false])
        #expect(terms("can't") == ["can't", "can", "t"])
        #expect(terms("32.3 percent") == ["32.3", "32", "3", "percent"])
        // Queries use the whole word only.
        #expect(terms("U.S.", parts: false) == ["u.s"])
    }

    @Test func noStemKeepsFoldedWords() {
        #expect(terms("Running Cafés", stemming: false) == ["running", "cafes"])
        #expect(terms("Running Cafés") == ["run", "cafe"])
    }

    @Test func scriptsAndFolding() {
        #expect(terms("ΑΘΉΝΑ Москва STRASSE Straße", stemming: false) == ["αθηνα", "москва", "strasse", "strasse"])
        #expect(terms("東京") == ["東", "京"])
        #expect(terms("co\u{AD}operate") == ["cooper"])  // soft hyphen dropped, then stemmed
    }

    @Test func longWordsAreSkippedAndCounted() {
        var analyzer = Analyzer()
        let long = String(repeating: "a", count: 300)
        let tokens = analyzer.tokens(of: "before \(long) after")
        #expect(tokens.map(\.term) == ["befor", "after"])
        #expect(tokens.map(\.position) == [0, 1])
        #expect(analyzer.skippedLongTokens == 1)
    }

    @Test func emptyAndPunctuationOnly() {
        #expect(terms("").isEmpty)
        #expect(terms(" ... --- !!! ").isEmpty)
    }

    /// The cache must never change results: analyzing twice gives the same tokens.
    @Test func cachedAnalysisEqualsFirstAnalysis() {
        var analyzer = Analyzer()
        let text = "The U.S. president's can't-miss summit: 3.5% growth, Zürich’s café."
        let first = analyzer.tokens(of: text)
        let second = analyzer.tokens(of: text)
        #expect(first == second)
        var fresh = Analyzer()
        #expect(fresh.tokens(of: text) == first)
    }
}

@Suite("Analyzer invariants")
struct AnalyzerInvariantTests {
    typealias Random = SeededRandom

    static let pieces: [String] = [
        "the", "U.S.", "can't", "32.3", "three-year", "Putin’s", "Erdoğan", "café", "Zürich", "Straße",
        "ΑΘΉΝΑ", "Σίσυφος", "Москва", "Ёлка", "東京", "カタカナ", "नमस्ते", "مرحبا", "שָׁלוֹם", "😀", "👍🏽",
        "🇫🇷", "e\u{301}", "co\u{AD}op", "a\u{200D}b", " ", "  ", "\n", "\r\n", "\t", ",", ".", "'", "\"",
        "-", "_", ":", "1,000", "snake_case", "x", String(repeating: "z", count: 260), "\u{1B}", "\u{0}",
    ]

    @Test func randomTextKeepsTheInvariants() {
        for seed in UInt64(1)...300 {
            var random = Random(state: seed)
            var text = ""
            for _ in 0..<random.below(40) {
                text += Self.pieces[random.below(Self.pieces.count)]
                if random.below(3) == 0 { text += " " }
            }
            var analyzer = Analyzer()
            let tokens = analyzer.tokens(of: text)
            let count = text.utf8.count
            var lastPosition = -1
            var lastStart = -1
            for token in tokens {
                #expect(!token.term.isEmpty, "seed \(seed): empty term in \(text.debugDescription)")
                #expect(token.term.utf8.count <= 255, "seed \(seed)")
                #expect(token.start >= 0 && token.start < token.end && token.end <= count,
                        "seed \(seed): range \(token.start)..<\(token.end) outside \(count) bytes")
                if token.position == lastPosition {
                    #expect(token.isPart && token.start == lastStart, "seed \(seed): a second term at one position must be a part of the same word")
                } else {
                    #expect(token.position == lastPosition + 1, "seed \(seed): positions must increase by one, got \(lastPosition) then \(token.position)")
                    #expect(token.start > lastStart, "seed \(seed): offsets must increase")
                    #expect(!token.isPart, "seed \(seed): a word's first term is its whole")
                }
                lastPosition = token.position
                lastStart = token.start
            }
        }
    }
}
