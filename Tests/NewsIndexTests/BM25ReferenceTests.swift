// BM25F scores of a three-article corpus, checked against values worked out by hand from the
// formula in BM25.swift (and IndexFormat.md), every input written out as a literal.
import Foundation
import Testing
@testable import NewsIndex

/// The corpus (ids are the file names without ".txt"; no word is changed by the stemmer):
///
///     a  title "cat dog"  (len 2)   body "cat cat bird"      (len 3)
///     b  title "bird"     (len 1)   body "dog dog dog fish"  (len 4)
///     c  title "owl"      (len 1)   body "cat"               (len 1)
///
/// N = 3, avg title = (2 + 1 + 1) / 3 = 4/3, avg body = (3 + 4 + 1) / 3 = 8/3.
/// Document frequencies: cat 2 (a, c), dog 2 (a, b), bird 2 (a, b), owl 1 (c), fish 1 (b).
@Suite("BM25 reference (hand-computed)")
struct BM25ReferenceTests {
    /// A fresh index of the corpus above, in its own folder.
    final class Fixture {
        let scratch: ModelScratch
        let reader: IndexReader
        let searcher: Searcher

        init() throws {
            scratch = try ModelScratch("bm25ref")
            try scratch.write("corpus/a.txt", " date 2024-01-01 cat dog\n\ncat cat bird\n")
            try scratch.write("corpus/b.txt", " date 2024-01-02 bird\n\ndog dog dog fish\n")
            try scratch.write("corpus/c.txt", " date 2024-01-03 owl\n\ncat\n")
            _ = try ModelIndex.build(corpus: scratch.path + "/corpus", index: scratch.path + "/index")
            reader = try IndexReader(path: scratch.path + "/index")
            searcher = Searcher(reader: reader)
        }

        /// The parameters the hand computations in this file use (Lucene's k1 and b, title weight 2),
        /// named here so that tuning the engine's defaults cannot change what these tests check.
        static let handComputed = BM25(k1: 1.2, b: 0.75, titleWeight: 2.0)

        /// (id, score) of every hit, best first.
        func search(_ text: String, _ bm25: BM25 = handComputed) throws -> [(id: String, score: Double)] {
            let results = try searcher.search(SearchRequest(text: text, limit: 100, bm25: bm25))
            return try results.hits.map { (try reader.id(of: $0.doc), $0.score) }
        }
    }

    /// `actual` has exactly the expected ids in order, each score within 1e-9.
    static func check(_ actual: [(id: String, score: Double)], _ expected: [(String, Double)],
                      _ query: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(actual.map(\.id) == expected.map(\.0), "query \"\(query)\": hits \(actual)", sourceLocation: sourceLocation)
        for (hit, (id, score)) in zip(actual, expected) where hit.id == id {
            #expect(abs(hit.score - score) <= 1e-9,
                    "query \"\(query)\", \(id): score \(hit.score), hand-computed \(score)", sourceLocation: sourceLocation)
        }
    }

    // idf(t) = ln(1 + (N − n + 0.5) / (n + 0.5)) with N = 3:
    /// n = 2: ln(1 + 1.5 / 2.5) = ln 1.6 ≈ 0.4700036292
    static let idf2 = log(1.0 + (3.0 - 2.0 + 0.5) / (2.0 + 0.5))
    /// n = 1: ln(1 + 2.5 / 1.5) = ln(8/3) ≈ 0.9808292530
    static let idf1 = log(1.0 + (3.0 - 1.0 + 0.5) / (1.0 + 0.5))

    @Test func collectionStatistics() throws {
        let f = try Fixture()
        #expect(f.reader.documentCount == 3)
        #expect(abs(f.reader.averageTitleLength - 4.0 / 3.0) <= 1e-12)
        #expect(abs(f.reader.averageBodyLength - 8.0 / 3.0) <= 1e-12)
        #expect(try f.reader.documentFrequency(Array("cat".utf8)) == 2)
        #expect(try f.reader.documentFrequency(Array("owl".utf8)) == 1)
        #expect(try f.reader.documentFrequency(Array("zebra".utf8)) == 0)
        #expect(try (0..<3).map { try f.reader.id(of: Int32($0)) } == ["a", "b", "c"])
    }

    /// Defaults k1 1.2, b 0.75, title weight 2, body weight 1; query "cat" (n = 2).
    @Test func defaultsOneTerm() throws {
        let f = try Fixture()
        // a: title tf 1, len 2: norm = 1 − 0.75 + 0.75 · 2 / (4/3) = 0.25 + 1.125   = 1.375
        //    body  tf 2, len 3: norm = 0.25 + 0.75 · 3 / (8/3)      = 0.25 + 0.84375 = 1.09375
        //    tf̃ = 2 · 1 / 1.375 + 1 · 2 / 1.09375 = 1.454545… + 1.828571… = 3.283116883…
        //    score = ln 1.6 · 3.283116883 / (1.2 + 3.283116883) ≈ 0.3441973276
        let tfA = 2.0 * 1.0 / 1.375 + 1.0 * 2.0 / 1.09375
        let a = Self.idf2 * tfA / (1.2 + tfA)
        // c: title tf 0; body tf 1, len 1: norm = 0.25 + 0.75 · 1 / (8/3) = 0.25 + 0.28125 = 0.53125
        //    tf̃ = 1 / 0.53125 = 1.882352941…; score = ln 1.6 · 1.882352941 / 3.082352941 ≈ 0.2870251171
        let tfC = 1.0 * 1.0 / 0.53125
        let c = Self.idf2 * tfC / (1.2 + tfC)
        #expect(abs(a - 0.3441973275588701) <= 1e-12 && abs(c - 0.2870251170966325) <= 1e-12)
        Self.check(try f.search("cat"), [("a", a), ("c", c)], "cat")
        // Case and plural fold to the same term.
        Self.check(try f.search("Cats"), [("a", a), ("c", c)], "Cats")
    }

    /// A term found only in a title: "owl" (n = 1) in c's title.
    @Test func titleOnlyTerm() throws {
        let f = try Fixture()
        // c: title tf 1, len 1: norm = 0.25 + 0.75 · 1 / (4/3) = 0.25 + 0.5625 = 0.8125
        //    tf̃ = 2 · 1 / 0.8125 = 2.461538…; score = ln(8/3) · 2.461538 / 3.661538 ≈ 0.6593810104
        let tf = 2.0 * 1.0 / 0.8125
        let c = Self.idf1 * tf / (1.2 + tf)
        #expect(abs(c - 0.6593810104280513) <= 1e-12)
        Self.check(try f.search("owl"), [("c", c)], "owl")
    }

    /// k1 2, b 0.5, title weight 3, body weight 0.5; query "dog" (n = 2).
    @Test func customParameters() throws {
        let f = try Fixture()
        let bm25 = BM25(k1: 2.0, b: 0.5, titleWeight: 3.0, bodyWeight: 0.5)
        // a: title tf 1, len 2: norm = 1 − 0.5 + 0.5 · 2 / (4/3) = 0.5 + 0.75 = 1.25; body tf 0
        //    tf̃ = 3 · 1 / 1.25 = 2.4; score = ln 1.6 · 2.4 / (2 + 2.4) ≈ 0.2563656160
        let a = Self.idf2 * 2.4 / (2.0 + 2.4)
        // b: title tf 0; body tf 3, len 4: norm = 0.5 + 0.5 · 4 / (8/3) = 0.5 + 0.75 = 1.25
        //    tf̃ = 0.5 · 3 / 1.25 = 1.2; score = ln 1.6 · 1.2 / (2 + 1.2) ≈ 0.1762513610
        let b = Self.idf2 * 1.2 / (2.0 + 1.2)
        #expect(abs(a - 0.2563656159522194) <= 1e-12 && abs(b - 0.17625136096715086) <= 1e-12)
        Self.check(try f.search("dog", bm25), [("a", a), ("b", b)], "dog (custom)")
        // The same query with the defaults ranks b first:
        // a: tf̃ = 2 · 1 / 1.375 = 1.454545…; b: body norm = 0.25 + 0.75 · 4 / (8/3) = 1.375, tf̃ = 3 / 1.375 = 2.181818…
        let tfA = 2.0 / 1.375, tfB = 3.0 / 1.375
        Self.check(try f.search("dog"), [("b", Self.idf2 * tfB / (1.2 + tfB)), ("a", Self.idf2 * tfA / (1.2 + tfA))], "dog")
    }

    /// b = 0: no length normalization, tf̃ = 2 · tf_title + tf_body.
    @Test func noLengthNormalization() throws {
        let f = try Fixture()
        let bm25 = BM25(k1: 1.2, b: 0.0, titleWeight: 2.0)
        // a: tf̃ = 2 · 1 + 0 = 2; score = ln 1.6 · 2 / 3.2 ≈ 0.2937522683
        // b: tf̃ = 0 + 3 = 3;     score = ln 1.6 · 3 / 4.2 ≈ 0.3357168780
        let a = Self.idf2 * 2.0 / (1.2 + 2.0)
        let b = Self.idf2 * 3.0 / (1.2 + 3.0)
        #expect(abs(a - 0.29375226827858475) <= 1e-12 && abs(b - 0.3357168780326683) <= 1e-12)
        Self.check(try f.search("dog", bm25), [("b", b), ("a", a)], "dog (b 0)")
        // "owl" with b = 0: tf̃ = 2 (its title length no longer matters); ln(8/3) · 2 / 3.2
        Self.check(try f.search("owl", bm25), [("c", Self.idf1 * 2.0 / 3.2)], "owl (b 0)")
    }

    /// Several terms add up; a repeated query term counts once per occurrence.
    @Test func multipleAndRepeatedTerms() throws {
        let f = try Fixture()
        // Per-term scores with the defaults (norms as in defaultsOneTerm / customParameters):
        let tfCatA = 2.0 * 1.0 / 1.375 + 1.0 * 2.0 / 1.09375, catA = Self.idf2 * tfCatA / (1.2 + tfCatA)
        let tfCatC = 1.0 / 0.53125, catC = Self.idf2 * tfCatC / (1.2 + tfCatC)
        let tfDogA = 2.0 / 1.375, dogA = Self.idf2 * tfDogA / (1.2 + tfDogA)
        let tfDogB = 3.0 / 1.375, dogB = Self.idf2 * tfDogB / (1.2 + tfDogB)
        // bird (n = 2): a body tf 1, len 3 → tf̃ = 1 / 1.09375 = 0.9142857…; b title tf 1, len 1 → tf̃ = 2 / 0.8125
        let tfBirdA = 1.0 / 1.09375, birdA = Self.idf2 * tfBirdA / (1.2 + tfBirdA)
        let tfBirdB = 2.0 / 0.8125, birdB = Self.idf2 * tfBirdB / (1.2 + tfBirdB)

        // "dog bird": a = 0.2575362352 + 0.2032448126, b = 0.3032281479 + 0.3159688264
        let dogBird = [("b", dogB + birdB), ("a", dogA + birdA)].sorted { $0.1 > $1.1 }
        Self.check(try f.search("dog bird"), dogBird, "dog bird")

        // "cat cat": every cat contribution doubled (qcount 2).
        Self.check(try f.search("cat cat"), [("a", 2 * catA), ("c", 2 * catC)], "cat cat")
        // "cat dog cat": a = 2 · cat + dog; b = dog; c = 2 · cat.
        let mixed = [("a", 2 * catA + dogA), ("b", dogB), ("c", 2 * catC)].sorted { $0.1 > $1.1 }
        Self.check(try f.search("cat dog cat"), mixed, "cat dog cat")
    }

    /// A term absent from the index contributes nothing (and matches nothing).
    @Test func absentTerm() throws {
        let f = try Fixture()
        let tfA = 2.0 * 1.0 / 1.375 + 1.0 * 2.0 / 1.09375, a = Self.idf2 * tfA / (1.2 + tfA)
        let tfC = 1.0 / 0.53125, c = Self.idf2 * tfC / (1.2 + tfC)
        Self.check(try f.search("cat zebra"), [("a", a), ("c", c)], "cat zebra")
        Self.check(try f.search("zebra cat zebra"), [("a", a), ("c", c)], "zebra cat zebra")
        Self.check(try f.search("zebra"), [], "zebra")
        Self.check(try f.search(""), [], "(empty)")
    }
}
