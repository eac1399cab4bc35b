// Ranked search: the query's terms OR-ed, every matching article scored with BM25F, the top k kept.

/// One search's parameters.
public struct SearchRequest: Sendable {
    public var text: String
    public var limit: Int
    public var offset: Int
    public var bm25: BM25

    public init(text: String, limit: Int = 10, offset: Int = 0, bm25: BM25 = BM25()) {
        self.text = text
        self.limit = limit
        self.offset = offset
        self.bm25 = bm25
    }
}

/// A search's answer: the hits (best first, after the offset) and the analyzed query terms.
public struct SearchResults: Sendable {
    public var hits: [ScoredDoc]
    public var terms: [QueryTerm]
}

/// Runs queries against one opened index. Not thread-safe (it owns an analyzer): one per thread.
public final class Searcher {
    public let reader: IndexReader
    private var analyzer: Analyzer

    public init(reader: IndexReader) {
        self.reader = reader
        analyzer = Analyzer(stemming: reader.manifest.stemming, compoundParts: false)
    }

    /// The terms `text` is analyzed into.
    public func terms(of text: String) -> [QueryTerm] { analyzer.queryTerms(text) }

    /// Ranked OR of the query's terms: every article holding at least one, scored by BM25F.
    public func search(_ request: SearchRequest) throws -> SearchResults {
        let terms = analyzer.queryTerms(request.text)
        let wanted = request.offset + request.limit
        var top = TopK(capacity: wanted, precedes: tieBreak)
        guard wanted > 0 else { return SearchResults(hits: [], terms: terms) }
        // Each term's dictionary entry in each segment, looked up once; df is their sum.
        let entries = try reader.segments.map { segment in try terms.map { try segment.lookup($0.bytes) } }
        let weights = terms.indices.map { index in
            let frequency = entries.reduce(0) { $0 + ($1[index]?.documentFrequency ?? 0) }
            return Double(terms[index].count) * request.bm25.idf(documentFrequency: frequency, documentCount: reader.documentCount)
        }
        for (segment, segmentEntries) in zip(reader.segments, entries) {
            var cursors: [(PostingsCursor, Double)] = []
            for (index, entry) in segmentEntries.enumerated() {
                guard let entry else { continue }
                let cursor = try segment.cursor(entry)
                try cursor.next()
                cursors.append((cursor, weights[index]))
            }
            try scoreDisjunction(cursors, segment: segment, bm25: request.bm25, into: &top)
        }
        let hits = top.sorted()
        return SearchResults(hits: Array(hits.dropFirst(request.offset)), terms: terms)
    }

    /// Document-at-a-time over all cursors: each document holding any term is scored exactly.
    private func scoreDisjunction(
        _ cursors: [(PostingsCursor, Double)], segment: SegmentReader, bm25: BM25, into top: inout TopK
    ) throws {
        let scorer = DocumentScorer(bm25: bm25, documents: segment.documents,
                                    averageTitleLength: reader.averageTitleLength,
                                    averageBodyLength: reader.averageBodyLength)
        while true {
            var doc = PostingsCursor.exhausted
            for (cursor, _) in cursors where cursor.doc < doc { doc = cursor.doc }
            if doc == PostingsCursor.exhausted { return }
            var score = 0.0
            let norms = scorer.norms(Int(doc))
            for (cursor, weight) in cursors where cursor.doc == doc {
                score += scorer.score(weight: weight, titleTF: cursor.titleTF, bodyTF: cursor.bodyTF, norms: norms)
                try cursor.next()
            }
            top.offer(ScoredDoc(doc: segment.base + doc, score: score))
        }
    }

    /// Equal scores: the smaller article id first.
    private var tieBreak: (Int32, Int32) -> Bool {
        let reader = self.reader
        if reader.segments.count == 1 {
            let documents = reader.segments[0].documents
            return { documents.idRank(Int($0)) < documents.idRank(Int($1)) }
        }
        return { a, b in
            let (sa, la) = reader.locate(a), (sb, lb) = reader.locate(b)
            if sa === sb { return sa.documents.idRank(la) < sb.documents.idRank(lb) }
            let ia = (try? sa.stored.id(la)) ?? "", ib = (try? sb.stored.id(lb)) ?? ""
            return ia.utf8.lexicographicallyPrecedes(ib.utf8)
        }
    }
}

/// BM25F pieces that depend on one document: its field-length normalizations.
struct DocumentScorer {
    let bm25: BM25
    let documents: DocumentTable
    let averageTitleLength: Double
    let averageBodyLength: Double

    @inline(__always)
    func norms(_ doc: Int) -> (title: Double, body: Double) {
        (bm25.normalization(length: Double(documents.titleLength(doc)), averageLength: averageTitleLength),
         bm25.normalization(length: Double(documents.bodyLength(doc)), averageLength: averageBodyLength))
    }

    /// weight (idf × query count) · tf̃ / (k1 + tf̃).
    @inline(__always)
    func score(weight: Double, titleTF: UInt32, bodyTF: UInt32, norms: (title: Double, body: Double)) -> Double {
        let tf = bm25.combinedFrequency(titleTF: Double(titleTF), titleNorm: norms.title,
                                        bodyTF: Double(bodyTF), bodyNorm: norms.body)
        return bm25.termScore(idf: weight, combinedFrequency: tf)
    }
}
