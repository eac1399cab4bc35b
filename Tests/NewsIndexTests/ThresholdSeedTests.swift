// The starting threshold of ranked OR (ThresholdSeed): on a seeded random corpus, random OR
// queries, k and BM25 parameters, it is never above the true k-th best score (so MaxScore, which
// skips whatever cannot beat it, never drops a hit), and it is a real bound, not −∞, most of the time.
import Testing
@testable import NewsIndex

@Suite("Ranked OR starting threshold")
struct ThresholdSeedTests {
    @Test func floorIsAtMostTheKthBestScore() throws {
        let seed: UInt64 = 41
        let corpus = try RandomSearchCorpus(label: "threshold-seed", seed: seed, documents: 900)
        let reader = corpus.reader
        let segment = reader.segments[0]
        let searcher = Searcher(reader: reader)
        var random = SeededRandom(seed: seed &+ 3)
        var finite = 0
        let rounds = 150
        for round in 0..<rounds {
            let words = (0..<random.int(2...4)).map { _ in
                random.chance(0.5) ? corpus.vocabulary[random.below(8)] : corpus.vocabulary[random.below(corpus.vocabulary.count)]
            }
            let k = [1, 3, 10, 40][random.below(4)]
            let bm25 = random.searchBM25()
            let context = "seed \(seed) round \(round): \(words) k \(k) \(bm25)"
            // The leaves as the searcher resolves a plain OR query (one per distinct term).
            var terms: [[UInt8]] = []
            for word in words where !terms.contains(corpus.term(word)) { terms.append(corpus.term(word)) }
            let entries = try terms.map { try segment.lookup($0) }
            let leaves = zip(terms, entries).map { term, entry in
                let df = entry?.documentFrequency ?? 0
                let idf = bm25.idf(documentFrequency: df, documentCount: reader.documentCount)
                return QueryLeaf(term: term, field: .any, count: 1, documentFrequency: df, idf: idf, weight: idf)
            }
            let scorer = DocumentScorer(bm25: bm25, documents: segment.documents,
                                        averageTitleLength: reader.averageTitleLength, averageBodyLength: reader.averageBodyLength)
            let evaluator = try SegmentEvaluator(segment: segment, leaves: leaves, entries: entries, scorer: scorer)
            let floor = try ThresholdSeed.floor(evaluator, k: k)

            var request = SearchRequest(text: terms.map { String(decoding: $0, as: UTF8.self) }.joined(separator: " "), limit: k)
            request.bm25 = bm25
            request.exhaustive = true
            let hits = try searcher.search(request).hits
            if floor > -Double.infinity {
                finite += 1
                #expect(hits.count == k, "\(context): a finite floor with fewer than k matches")
                if let kth = hits.last { #expect(floor <= kth.score, "\(context): floor \(floor) above the k-th score \(kth.score)") }
            }
        }
        #expect(finite > rounds / 2, "seed \(seed): only \(finite) of \(rounds) floors were finite")
    }
}
