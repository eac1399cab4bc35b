// Per-block score bounds (IndexFormat.md, "Per-block upper bound"): on a seeded random corpus and
// random BM25 parameters, every block's bound — and each group's (titled documents / the others) —
// is at least the true score of every document of the block (group), so pruning never drops a hit.
import Testing
@testable import NewsIndex

@Suite("Block score bounds")
struct BlockBoundTests {
    @Test func boundsAreAtLeastEveryScoreInTheirBlock() throws {
        let seed: UInt64 = 31
        let corpus = try RandomSearchCorpus(label: "block-bounds", seed: seed, documents: 900)
        let reader = corpus.reader
        let segment = reader.segments[0]
        var random = SeededRandom(seed: seed &+ 5)
        var blocksChecked = 0, titledBlocks = 0
        for round in 0..<40 {
            let bm25 = round == 0 ? BM25() : BM25(k1: Double(random.int(0...30)) / 10, b: Double(random.int(0...10)) / 10,
                                                  titleWeight: Double(random.int(0...40)) / 10, bodyWeight: Double(random.int(0...20)) / 10)
            let field = [QueryField.any, .title, .body][random.below(3)]
            let scorer = DocumentScorer(bm25: bm25, documents: segment.documents,
                                        averageTitleLength: reader.averageTitleLength, averageBodyLength: reader.averageBodyLength)
            for word in corpus.vocabulary.prefix(12) {
                guard let entry = try segment.lookup(corpus.term(word)), entry.documentFrequency >= 128 else { continue }
                let weight = bm25.idf(documentFrequency: entry.documentFrequency, documentCount: reader.documentCount)
                let bounds = TermBounds(weight: weight, field: field, bm25: bm25,
                                        averageTitleLength: reader.averageTitleLength, averageBodyLength: reader.averageBodyLength)
                let cursor = try segment.cursor(entry)
                for block in 0..<cursor.blockCount {
                    let groups = bounds.groups(cursor.header(block))
                    try cursor.loadBlock(block)
                    for i in 0..<cursor.loadedBlockLength {
                        let title = field == .body ? 0 : cursor.loadedTitleTFs[i], body = field == .title ? 0 : cursor.loadedBodyTFs[i]
                        let score = scorer.score(weight: weight, titleTF: title, bodyTF: body, norms: scorer.norms(Int(cursor.loadedDocs[i])))
                        let groupBound = cursor.loadedTitleTFs[i] > 0 ? groups.titled : groups.untitled
                        #expect(score <= groupBound * (1 + 1e-12),
                                "seed \(seed) round \(round) \(word) \(field) \(bm25) block \(block) doc \(cursor.loadedDocs[i]): score \(score) > group bound \(groupBound)")
                        #expect(score <= bounds.block(cursor.header(block)) * (1 + 1e-12), "seed \(seed) round \(round) \(word) block \(block)")
                    }
                    if cursor.header(block).maxTitleTF > 0 { titledBlocks += 1 }
                    blocksChecked += 1
                }
            }
        }
        // The corpus must exercise both groups, or the test proves little.
        #expect(blocksChecked > 100 && titledBlocks > 50, "seed \(seed): \(blocksChecked) blocks, \(titledBlocks) with titled documents")
    }

    @Test func frequencyBoundIsTightAtItsExtremes() {
        // b = 0: the bound is the largest TF; b = 1: avglen / (length per TF).
        #expect(TermBounds.frequencyBound(maxTF: 7, lengthPerTF: 80, b: 0, averageLength: 100) == 7)
        #expect(TermBounds.frequencyBound(maxTF: 7, lengthPerTF: 80, b: 1, averageLength: 100) == 10)
        // b outside [0, 1], or a zero length per TF with b = 1: no finite bound.
        #expect(TermBounds.frequencyBound(maxTF: 7, lengthPerTF: 80, b: 1.5, averageLength: 100) == nil)
        #expect(TermBounds.frequencyBound(maxTF: 7, lengthPerTF: 0, b: 1, averageLength: 100) == nil)
        // No average length: every norm is 1.
        #expect(TermBounds.frequencyBound(maxTF: 3, lengthPerTF: 80, b: 0.5, averageLength: 0) == 3)
    }
}
