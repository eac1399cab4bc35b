// Fast top-k for a query of one term: block by block, skipping every block whose score bound
// cannot reach the current k-th score, and in a decoded block every posting of a group (documents
// with the term in the title / the others) whose bound cannot; the rest scored in a tight loop.
// Exactly the hits and scores of the exhaustive evaluator (same scorer, same skip margin).

enum TermScan {
    /// The evaluator's single leaf, ranked (as a lone OR term or a lone required term).
    static func run(_ evaluator: SegmentEvaluator, into top: inout TopK) throws {
        guard evaluator.leaves.count == 1, let cursor = evaluator.cursors[0] else { return }
        let leaf = evaluator.leaves[0]
        let scorer = evaluator.scorer
        let bounds = TermBounds(weight: leaf.weight, field: leaf.field, bm25: scorer.bm25,
                                averageTitleLength: scorer.averageTitleLength, averageBodyLength: scorer.averageBodyLength)
        let useTitle = leaf.field != .body, useBody = leaf.field != .title
        let base = evaluator.segment.base
        var threshold = top.threshold
        for block in 0..<cursor.blockCount {
            var titledOnly = false
            if cursor.hasHeaders && threshold > -Double.infinity {
                let groups = bounds.groups(cursor.header(block))
                if PruningMargin.below(max(groups.titled, groups.untitled), threshold) { continue }
                titledOnly = PruningMargin.below(groups.untitled, threshold)
            }
            try cursor.loadBlock(block)
            let docs = cursor.loadedDocs, titleTFs = cursor.loadedTitleTFs, bodyTFs = cursor.loadedBodyTFs
            for i in 0..<cursor.loadedBlockLength {
                if titledOnly && titleTFs[i] == 0 { continue }
                let titleTF = useTitle ? titleTFs[i] : 0, bodyTF = useBody ? bodyTFs[i] : 0
                if titleTF == 0 && bodyTF == 0 { continue }
                let doc = Int(docs[i])
                let score = scorer.score(weight: leaf.weight, titleTF: titleTF, bodyTF: bodyTF, norms: scorer.norms(doc))
                if score >= threshold {
                    top.offer(ScoredDoc(doc: base + Int32(doc), score: score))
                    threshold = top.threshold
                }
            }
        }
    }
}
