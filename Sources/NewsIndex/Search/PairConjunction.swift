// The AND of exactly two terms of comparable frequency: their common documents found a pair of
// loaded blocks at a time (`BlockPairMerge`), then bounded, scored and offered in turn. Same hits
// and scores as `Conjunction.run`.

@inline(__always)
private func below(_ bound: Double, _ threshold: Double) -> Bool { PruningMargin.below(bound, threshold) }

extension Conjunction {
    /// Whether `runPair` suits lists of these lengths: of comparable density, where the merge
    /// steps through both blocks anyway. A much denser other list is better passed over eight
    /// documents at a time by `UnownedCursor.meet`.
    static func pairMerges(leadFrequency: Int, otherFrequency: Int) -> Bool { otherFrequency <= 8 * leadFrequency }

    /// `terms`: the two terms, the rarer first (the lead), both with a cursor (unmoved).
    static func runPair(_ evaluator: SegmentEvaluator, terms: inout [ScoredTerm], into top: inout TopK) throws {
        precondition(terms.count == 2)
        let a = UnownedCursor(terms[0].cursor), b = UnownedCursor(terms[1].cursor)
        let leafA = terms[0].leaf, leafB = terms[1].leaf
        let weightA = evaluator.leaves[leafA].weight, weightB = evaluator.leaves[leafB].weight
        let fieldA = evaluator.leaves[leafA].field, fieldB = evaluator.leaves[leafB].field
        let aFirst = leafA < leafB  // the exhaustive evaluator sums in leaf order
        let scorer = evaluator.scorer, base = evaluator.segment.base
        let otherListBound = terms[1].listBound
        let merge = BlockPairMerge()
        defer { merge.deallocate() }
        var checkedBlock = -1
        try a.next()
        try merge.run(a, b, skip: {
            try terms[0].skipUnreachableBlocks(threshold: top.threshold, others: otherListBound, checked: &checkedBlock)
        }, common: { found in
            var aTitled = terms[0].listBound, aUntitled = aTitled, bTitled = otherListBound, bUntitled = bTitled
            if a.hasHeaders {
                terms[0].cache(a.blockIndex)
                (aTitled, aUntitled) = (terms[0].cachedTitled, terms[0].cachedUntitled)
            }
            if b.hasHeaders {
                terms[1].cache(b.blockIndex)
                (bTitled, bUntitled) = (terms[1].cachedTitled, terms[1].cachedUntitled)
            }
            let aDocs = a.loadedDocs, aTitles = a.loadedTitleTFs, aBodies = a.loadedBodyTFs
            let bTitles = b.loadedTitleTFs, bBodies = b.loadedBodyTFs
            for m in 0..<found {
                let ia = Int(merge.leadIndices[m]), jb = Int(merge.otherIndices[m])
                let threshold = top.threshold
                if threshold > -Double.infinity {
                    let bound = (aTitles[ia] > 0 ? aTitled : aUntitled) + (bTitles[jb] > 0 ? bTitled : bUntitled)
                    if below(bound, threshold) { continue }
                }
                let titleA = fieldA == .body ? 0 : aTitles[ia], bodyA = fieldA == .title ? 0 : aBodies[ia]
                let titleB = fieldB == .body ? 0 : bTitles[jb], bodyB = fieldB == .title ? 0 : bBodies[jb]
                if (titleA == 0 && bodyA == 0) || (titleB == 0 && bodyB == 0) { continue }
                let doc = Int32(bitPattern: aDocs[ia])
                let norms = scorer.norms(Int(doc))
                let scoreA = scorer.score(weight: weightA, titleTF: titleA, bodyTF: bodyA, norms: norms)
                let scoreB = scorer.score(weight: weightB, titleTF: titleB, bodyTF: bodyB, norms: norms)
                top.offer(ScoredDoc(doc: base + doc, score: aFirst ? scoreA + scoreB : scoreB + scoreA))
            }
        })
    }
}
