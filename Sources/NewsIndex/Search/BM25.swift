// BM25 ranking over the title and body fields (BM25F: field-weighted, length-normalized term frequency).
import Glibc  // log

/// The ranking function, in the terms of IndexFormat.md ("Scoring"):
///
///     score(d) = Σ_t idf(t) · tf̃ / (k1 + tf̃)
///     tf̃       = Σ_f w_f · tf_f(t,d) / (1 − b + b · len_f(d) / avglen_f)      f ∈ {title, body}
///     idf(t)   = ln(1 + (N − n(t) + 0.5) / (n(t) + 0.5))
///
/// N is the number of live articles, n(t) the number of them containing t in any field. With one
/// field of weight 1 this is exactly Lucene's BM25 (since Lucene 8: no (k1 + 1) factor).
public struct BM25: Sendable, Equatable {
    public var k1: Double
    public var b: Double
    public var titleWeight: Double
    public var bodyWeight: Double

    /// The defaults: a title match weighs three times a body match (a headline states what the
    /// article is about); k1 2 (the weighted title frequency adds to tf̃, so it saturates later than
    /// plain BM25's 1.2) and b 0.8. Chosen on a small grid over the eval-time and eval-cran
    /// judgments, inside a plateau where both sets do well (BENCHMARKS.md, "Ranking quality").
    public static let defaultK1 = 2.0
    public static let defaultB = 0.8
    public static let defaultTitleWeight = 3.0

    public init(k1: Double = defaultK1, b: Double = defaultB,
                titleWeight: Double = defaultTitleWeight, bodyWeight: Double = 1.0) {
        self.k1 = k1
        self.b = b
        self.titleWeight = titleWeight
        self.bodyWeight = bodyWeight
    }

    /// idf(t) for a term found in `documentFrequency` of `documentCount` articles.
    public func idf(documentFrequency: Int, documentCount: Int) -> Double {
        let n = Double(documentFrequency), total = Double(documentCount)
        return log(1 + (total - n + 0.5) / (n + 0.5))
    }

    /// The length normalization 1 − b + b · len / avglen of one field (1 when the average is 0).
    @inline(__always)
    public func normalization(length: Double, averageLength: Double) -> Double {
        averageLength > 0 ? 1 - b + b * length / averageLength : 1
    }

    /// tf̃ of one term in one document. A field where the term does not occur adds nothing (not
    /// even when its norm is 0: an empty field with b = 1).
    @inline(__always)
    public func combinedFrequency(titleTF: Double, titleNorm: Double, bodyTF: Double, bodyNorm: Double) -> Double {
        var tf = 0.0
        if titleTF > 0 { tf += titleWeight * titleTF / titleNorm }
        if bodyTF > 0 { tf += bodyWeight * bodyTF / bodyNorm }
        return tf
    }

    /// One term's contribution: idf · tf̃ / (k1 + tf̃).
    @inline(__always)
    public func termScore(idf: Double, combinedFrequency tf: Double) -> Double {
        tf > 0 ? idf * tf / (k1 + tf) : 0
    }
}
