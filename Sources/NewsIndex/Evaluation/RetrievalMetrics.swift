// Retrieval-quality metrics with trec_eval's definitions: nDCG@10 (ndcg_cut), MAP, P@10, Recall@100.
import Glibc  // log2

/// One query's scores.
public struct QueryMetrics: Sendable, Equatable {
    /// nDCG at 10: DCG = Σ_{i ≤ 10} grade(d_i) / log2(i + 1), divided by the DCG of the ideal
    /// ranking of every judged document with grade > 0 (grades sorted, highest first, cut at 10).
    public var ndcg10: Double
    /// Average precision: Σ over relevant documents retrieved at rank i (to the depth) of
    /// (relevant documents in the top i) / i, divided by the relevant documents in the judgments.
    public var averagePrecision: Double
    /// Relevant documents in the top 10, divided by 10 (also when fewer were retrieved).
    public var precision10: Double
    /// Relevant documents in the top 100, divided by the relevant documents in the judgments.
    public var recall100: Double
    /// Relevant documents in the judgments (grade > 0).
    public var relevant: Int
    /// Documents retrieved (to the depth).
    public var retrieved: Int
    /// Relevant documents among them.
    public var relevantRetrieved: Int
}

/// The means over the queries that have at least one relevant document.
public struct MetricsSummary: Sendable, Equatable {
    public var queries: Int
    public var ndcg10: Double
    public var meanAveragePrecision: Double
    public var precision10: Double
    public var recall100: Double
}

public enum RetrievalMetrics {
    /// The scores of `ranking` (document ids, best first) against one query's `grades`; the ranking
    /// is cut at `depth`, and a document listed again further down counts only once. Nil when the
    /// query has no relevant document (grade > 0): trec_eval leaves such a query out of the means.
    public static func evaluate(ranking: [String], grades: [String: Double], depth: Int = 1000) -> QueryMetrics? {
        let relevant = grades.values.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
        guard relevant > 0 else { return nil }
        var seen = Set<String>()
        var dcg = 0.0, precisionSum = 0.0
        var found = 0, foundIn10 = 0, foundIn100 = 0, rank = 0
        for doc in ranking where rank < depth {
            guard seen.insert(doc).inserted else { continue }
            rank += 1
            let grade = grades[doc] ?? 0
            guard grade > 0 else { continue }
            found += 1
            precisionSum += Double(found) / Double(rank)
            if rank <= 10 {
                dcg += grade / log2(Double(rank) + 1)
                foundIn10 += 1
            }
            if rank <= 100 { foundIn100 += 1 }
        }
        let ideal = idealDCG(grades: grades, cutoff: 10)
        return QueryMetrics(
            ndcg10: ideal > 0 ? dcg / ideal : 0,
            averagePrecision: precisionSum / Double(relevant),
            precision10: Double(foundIn10) / 10,
            recall100: Double(foundIn100) / Double(relevant),
            relevant: relevant, retrieved: rank, relevantRetrieved: found)
    }

    /// The DCG of the best possible ranking: the positive grades, highest first, cut at `cutoff`.
    public static func idealDCG(grades: [String: Double], cutoff: Int) -> Double {
        let best = grades.values.filter { $0 > 0 }.sorted(by: >).prefix(cutoff)
        var total = 0.0
        for (index, grade) in best.enumerated() { total += grade / log2(Double(index) + 2) }
        return total
    }

    /// The means of `metrics` (nil entries, queries without relevant documents, left out).
    public static func summary(_ metrics: [QueryMetrics?]) -> MetricsSummary {
        let scored = metrics.compactMap { $0 }
        let count = Double(max(1, scored.count))
        func mean(_ value: (QueryMetrics) -> Double) -> Double { scored.reduce(0) { $0 + value($1) } / count }
        return MetricsSummary(queries: scored.count, ndcg10: mean(\.ndcg10), meanAveragePrecision: mean(\.averagePrecision),
                              precision10: mean(\.precision10), recall100: mean(\.recall100))
    }
}
