// A starting threshold for ranked OR. Each term's most promising block (by its score bound) is
// decoded and its documents scored on that term alone: a document's partial score (summed over
// the terms that saw it) is at most its full score, so the k-th best partial score is reached by k
// real documents and nothing below it can be in the top k. MaxScore may then skip from the first
// document on instead of scoring thousands while its heap fills.

enum ThresholdSeed {

    /// A lower bound of the k-th best score, or −∞ when fewer than k documents were seen.
    static func floor(_ evaluator: SegmentEvaluator, k: Int) throws -> Double {
        let leaves = evaluator.leaves
        guard leaves.count > 1, k > 0 else { return -Double.infinity }
        let segment = evaluator.segment, scorer = evaluator.scorer
        var seen: [(doc: UInt32, score: Double)] = []
        for leaf in leaves.indices {
            guard let entry = evaluator.entry(leaf) else { continue }
            let cursor = try segment.cursor(entry)
            let weight = leaves[leaf].weight, field = leaves[leaf].field
            var blocks: [Int] = [0]
            if cursor.hasHeaders {
                let bounds = TermBounds(weight: weight, field: field, bm25: scorer.bm25,
                                        averageTitleLength: scorer.averageTitleLength, averageBodyLength: scorer.averageBodyLength)
                var best = 0, bestBound = -Double.infinity
                for block in 0..<cursor.blockCount {
                    let bound = bounds.block(cursor.header(block))
                    if bound > bestBound { best = block; bestBound = bound }
                }
                blocks = [best]
            }
            for block in blocks {
                try cursor.loadBlock(block)
                let docs = cursor.loadedDocs, titleTFs = cursor.loadedTitleTFs, bodyTFs = cursor.loadedBodyTFs
                for i in 0..<cursor.loadedBlockLength {
                    let title = field == .body ? 0 : titleTFs[i], body = field == .title ? 0 : bodyTFs[i]
                    if title == 0 && body == 0 { continue }
                    let score = scorer.score(weight: weight, titleTF: title, bodyTF: body, norms: scorer.norms(Int(docs[i])))
                    seen.append((docs[i], score))
                }
            }
        }
        guard seen.count >= k else { return -Double.infinity }
        // One partial score per document: the sum over the terms that saw it.
        seen.sort { $0.doc < $1.doc }
        var scores: [Double] = []
        scores.reserveCapacity(seen.count)
        var i = 0
        while i < seen.count {
            var sum = seen[i].score
            var j = i + 1
            while j < seen.count && seen[j].doc == seen[i].doc { sum += seen[j].score; j += 1 }
            scores.append(sum)
            i = j
        }
        guard scores.count >= k else { return -Double.infinity }
        scores.sort(by: >)
        // Lowered far below the pruning margin, for rounding safety: summed in another order, a
        // full score could come out a few ulps below a partial one.
        return scores[k - 1] * (1 - 1e-12)
    }
}
