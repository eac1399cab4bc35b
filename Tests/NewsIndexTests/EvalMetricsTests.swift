// Retrieval metrics (trec_eval definitions) against hand-computed values, and qrels/query/run parsing.
import Glibc  // log2
import NewsIndex
import Testing

@Suite("Eval metrics")
struct EvalMetricsTests {
    static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-12 }

    /// Graded judgments: d1 3, d2 2, d3 1, d4 0 (judged, not relevant), d5 1 (never retrieved).
    static let grades: [String: Double] = ["d1": 3, "d2": 2, "d3": 1, "d4": 0, "d5": 1]

    @Test func gradedRanking() throws {
        // ranks: 1 x (unjudged), 2 d2 (2), 3 d4 (0), 4 d1 (3), 5 y (unjudged), 6 d3 (1)
        let m = try #require(RetrievalMetrics.evaluate(ranking: ["x", "d2", "d4", "d1", "y", "d3"], grades: Self.grades))
        // DCG@10 = 2/log2(3) + 3/log2(5) + 1/log2(7) = 1.2618595 + 1.2920297 + 0.3562072 = 2.9100964
        // ideal: grades 3, 2, 1, 1 (d4's 0 is not relevant):
        //        3/log2(2) + 2/log2(3) + 1/log2(4) + 1/log2(5) = 3 + 1.2618595 + 0.5 + 0.4306766 = 5.1925361
        // nDCG@10 = 2.9100964 / 5.1925361 = 0.5604384
        let dcg = 2 / log2(3.0) + 3 / log2(5.0) + 1 / log2(7.0)
        let ideal = 3 + 2 / log2(3.0) + 0.5 + 1 / log2(5.0)
        #expect(Self.close(RetrievalMetrics.idealDCG(grades: Self.grades, cutoff: 10), ideal))
        #expect(Self.close(m.ndcg10, dcg / ideal) && abs(m.ndcg10 - 0.560438354576915) < 1e-12, "\(m)")
        // 4 relevant (d1 d2 d3 d5); found at ranks 2, 4, 6: AP = (1/2 + 2/4 + 3/6) / 4 = 1.5 / 4 = 0.375
        #expect(Self.close(m.averagePrecision, 0.375), "\(m)")
        // P@10 = 3 relevant in the top 10 / 10 (only 6 retrieved: still divided by 10)
        #expect(Self.close(m.precision10, 0.3), "\(m)")
        // R@100 = 3 of 4
        #expect(Self.close(m.recall100, 0.75), "\(m)")
        #expect(m.relevant == 4 && m.retrieved == 6 && m.relevantRetrieved == 3)
    }

    @Test func perfectRankingScoresOne() throws {
        let m = try #require(RetrievalMetrics.evaluate(ranking: ["d1", "d2", "d3", "d5", "d4"], grades: Self.grades))
        // DCG equals the ideal DCG; AP = (1/1 + 2/2 + 3/3 + 4/4) / 4 = 1; P@10 = 4/10; R@100 = 4/4
        #expect(Self.close(m.ndcg10, 1) && Self.close(m.averagePrecision, 1) && Self.close(m.precision10, 0.4) && Self.close(m.recall100, 1))
        // A lower grade first lowers nDCG but not AP (binary): d5 (1) and d1 (3) swapped:
        // DCG = 1 + 2/log2 3 + 1/2 + 3/log2 5 = 1 + 1.2618595 + 0.5 + 1.2920297 = 4.0538892; / 5.1925361 = 0.7807147
        let swapped = try #require(RetrievalMetrics.evaluate(ranking: ["d5", "d2", "d3", "d1"], grades: Self.grades))
        #expect(Self.close(swapped.ndcg10, (1 + 2 / log2(3.0) + 0.5 + 3 / log2(5.0)) / (3 + 2 / log2(3.0) + 0.5 + 1 / log2(5.0))))
        #expect(abs(swapped.ndcg10 - 0.7807147) < 1e-7 && Self.close(swapped.averagePrecision, 1))
    }

    @Test func cutoffsAtTenAndAtTheDepth() throws {
        // 12 documents, two relevant (grade 1) at ranks 10 and 11.
        let ranking = (1...12).map { "n\($0)" }
        let grades: [String: Double] = ["n10": 1, "n11": 1]
        let m = try #require(RetrievalMetrics.evaluate(ranking: ranking, grades: grades))
        // nDCG@10: only rank 10 counts: (1/log2 11) / (1/log2 2 + 1/log2 3) = 0.2890648 / 1.6309298 = 0.1772393
        #expect(abs(m.ndcg10 - 0.17723928678404774) < 1e-12, "\(m)")
        // AP = (1/10 + 2/11) / 2 = (0.1 + 0.1818182) / 2 = 0.1409091
        #expect(Self.close(m.averagePrecision, (0.1 + 2.0 / 11) / 2), "\(m)")
        #expect(Self.close(m.precision10, 0.1) && Self.close(m.recall100, 1))
        // Depth 10: rank 11 is cut: AP = (1/10) / 2 = 0.05, and recall@100 = 1/2.
        let cut = try #require(RetrievalMetrics.evaluate(ranking: ranking, grades: grades, depth: 10))
        #expect(Self.close(cut.averagePrecision, 0.05) && Self.close(cut.recall100, 0.5) && cut.retrieved == 10, "\(cut)")
    }

    @Test func recallCountsTheTopHundredOnly() throws {
        // Relevant at ranks 100 and 101: R@100 = 1/2; AP = (1/100 + 2/101) / 2.
        let ranking = (1...101).map { "n\($0)" }
        let m = try #require(RetrievalMetrics.evaluate(ranking: ranking, grades: ["n100": 2, "n101": 1]))
        #expect(Self.close(m.recall100, 0.5) && Self.close(m.precision10, 0) && Self.close(m.ndcg10, 0), "\(m)")
        #expect(Self.close(m.averagePrecision, (0.01 + 2.0 / 101) / 2), "\(m)")
    }

    @Test func duplicatesCountOnce() throws {
        // [a, a, b]: a at rank 1, b at rank 2 (the second a is dropped): AP = (1/1 + 2/2) / 2 = 1.
        let m = try #require(RetrievalMetrics.evaluate(ranking: ["a", "a", "b"], grades: ["a": 1, "b": 1]))
        #expect(Self.close(m.averagePrecision, 1) && m.retrieved == 2)
    }

    @Test func queriesWithoutRelevantDocumentsAreLeftOut() throws {
        #expect(RetrievalMetrics.evaluate(ranking: ["a"], grades: ["a": 0, "b": 0]) == nil)
        #expect(RetrievalMetrics.evaluate(ranking: ["a"], grades: [:]) == nil)
        // No results: every metric 0 (the query still counts in the means).
        let empty = try #require(RetrievalMetrics.evaluate(ranking: [], grades: ["a": 1]))
        #expect(empty.ndcg10 == 0 && empty.averagePrecision == 0 && empty.precision10 == 0 && empty.recall100 == 0)
        // Means over the two scored queries: graded (0.560438…, 0.375, 0.3, 0.75) and empty (0, 0, 0, 0).
        let graded = RetrievalMetrics.evaluate(ranking: ["x", "d2", "d4", "d1", "y", "d3"], grades: Self.grades)
        let summary = RetrievalMetrics.summary([graded, nil, empty])
        #expect(summary.queries == 2)
        #expect(abs(summary.ndcg10 - 0.560438354576915 / 2) < 1e-12)
        #expect(Self.close(summary.meanAveragePrecision, 0.1875) && Self.close(summary.precision10, 0.15) && Self.close(summary.recall100, 0.375))
        #expect(RetrievalMetrics.summary([nil]).queries == 0 && RetrievalMetrics.summary([]).ndcg10 == 0)
    }

    @Test func qrelsInThreeAndFourColumns() throws {
        let text = "qid\tdocid\trel\n1\td1\t2\n1 d2 0\r\n\n# comment\n2 0 x/y 1\n2\tQ0\tz  3\n10 d1 1\n"
        let j = try Judgments.parse(text, source: "qrels.tsv")
        #expect(j.grades == ["1": ["d1": 2, "d2": 0], "2": ["x/y": 1, "z": 3], "10": ["d1": 1]])
        #expect(j.queryIDs == ["1", "2", "10"], "numeric ids in numeric order")
        #expect(j.relevantCount("1") == 1 && j.relevantCount("2") == 2 && j.relevantCount("3") == 0)
    }

    @Test func badQrelsNameTheLine() {
        #expect(throws: NewsIndexError(.invalidInput, "q.tsv:2: the relevance grade 'high' is not a number")) {
            try Judgments.parse("1 a 1\n1 b high\n", source: "q.tsv")
        }
        #expect(throws: NewsIndexError(.invalidInput, "q.tsv:1: expected `qid docid rel` or `qid 0 docid rel`, found 2 fields")) {
            try Judgments.parse("1 a\n", source: "q.tsv")
        }
    }

    @Test func queryFiles() {
        let text = "qid\tquery\n1\tWHAT IS NOT\t001\n\nbare query\r\n3\t\tsecond column empty\n"
        #expect(JudgedQuery.parseFile(text) == [
            JudgedQuery(id: "1", text: "WHAT IS NOT"),
            JudgedQuery(id: "4", text: "bare query"),
            JudgedQuery(id: "3", text: "second column empty"),
        ])
    }

    @Test func trecRunsAreOrderedByScore() throws {
        // trec_eval's order: score descending, equal scores by docid descending; a repeated doc counts once.
        let run = try TRECRun.parse("q1 Q0 a 1 1.5 t\nq1 Q0 b 2 2.0 t\nq1 Q0 c 3 1.5 t\nq1 Q0 b 4 0.1 t\nq2 Q0 z 1 1 t\n", source: "run")
        #expect(run == ["q1": ["b", "c", "a"], "q2": ["z"]])
        #expect(throws: NewsIndexError.self) { try TRECRun.parse("q1 Q0 a 1\n", source: "run") }
    }
}
