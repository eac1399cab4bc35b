// A starting threshold for ranked OR. Each term's most promising block (by its score bound) is
// decoded and its documents scored on that term alone: a document's partial score (summed over
// the terms that saw it) is at most its full score, so the k-th best partial score is reached by k
// real documents and nothing below it can be in the top k. MaxScore may then skip from the first
// document on instead of scoring thousands while its heap fills. The blocks are read through the
// evaluator's own cursors (their headers are decoded once per query), which are left on their
// first document.

enum ThresholdSeed {

    /// A lower bound of the k-th best score, or −∞ when fewer than k documents were seen. Every
    /// cursor of the evaluator is left on its first document.
    static func floor(_ evaluator: SegmentEvaluator, k: Int) throws -> Double {
        let leaves = evaluator.leaves
        guard leaves.count > 1, k > 0 else { return -Double.infinity }
        let scorer = evaluator.scorer
        // Per document seen, its partial score: the sum over the terms that saw it (each term's
        // block is in doc order, so the lists are merged, not sorted).
        var merged: [(doc: UInt32, score: Double)] = []
        var next: [(doc: UInt32, score: Double)] = []
        // Room for every block's documents: no regrowth while merging.
        let room = leaves.count * PostingsEncoder.blockSize
        merged.reserveCapacity(room)
        next.reserveCapacity(room)
        for leaf in leaves.indices {
            guard let cursor = evaluator.cursors[leaf] else { continue }
            let weight = leaves[leaf].weight, field = leaves[leaf].field
            var block = 0
            if cursor.hasHeaders {
                let bounds = TermBounds(weight: weight, field: field, bm25: scorer.bm25,
                                        averageTitleLength: scorer.averageTitleLength, averageBodyLength: scorer.averageBodyLength)
                var bestBound = -Double.infinity
                for candidate in 0..<cursor.blockCount {
                    let bound = bounds.block(cursor.header(candidate))
                    if bound > bestBound { block = candidate; bestBound = bound }
                }
            }
            if cursor.blockIndex != block || cursor.positionInBlock != 0 { try cursor.loadBlock(block) }
            let docs = cursor.loadedDocs, titleTFs = cursor.loadedTitleTFs, bodyTFs = cursor.loadedBodyTFs
            next.removeAll(keepingCapacity: true)
            var m = 0
            for i in 0..<cursor.loadedBlockLength {
                let title = field == .body ? 0 : titleTFs[i], body = field == .title ? 0 : bodyTFs[i]
                if title == 0 && body == 0 { continue }
                let doc = docs[i]
                let score = scorer.score(weight: weight, titleTF: title, bodyTF: body, norms: scorer.norms(Int(doc)))
                while m < merged.count && merged[m].doc < doc { next.append(merged[m]); m += 1 }
                if m < merged.count && merged[m].doc == doc {
                    next.append((doc, merged[m].score + score))
                    m += 1
                } else {
                    next.append((doc, score))
                }
            }
            while m < merged.count { next.append(merged[m]); m += 1 }
            swap(&merged, &next)
            if cursor.blockIndex != 0 || cursor.positionInBlock != 0 { try cursor.loadBlock(0) }
        }
        guard merged.count >= k else { return -Double.infinity }
        // The k-th best partial score: the k best kept in ascending order.
        var best: [Double] = []
        best.reserveCapacity(k + 1)
        for entry in merged where best.count < k || entry.score > best[0] {
            var at = 0
            while at < best.count && best[at] < entry.score { at += 1 }
            best.insert(entry.score, at: at)
            if best.count > k { best.removeFirst() }
        }
        // Lowered far below the pruning margin, for rounding safety: summed in another order, a
        // full score could come out a few ulps below a partial one.
        return best[0] * (1 - 1e-12)
    }
}
