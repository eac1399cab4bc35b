// Fast top-k for a query that is one exact phrase: the leapfrog of its terms (rarest first, block
// skipping once k hits are in; two rarest words of comparable frequency meet a pair of blocks at a
// time, `BlockPairMerge`), the terms' score checked against the threshold before any position is
// read, and positions matched rarest term first, so a frequent word's positions are decoded only
// where the rarer words already line up. Same hits and scores as the exhaustive evaluator.

@inline(__always)
private func below(_ bound: Double, _ threshold: Double) -> Bool { PruningMargin.below(bound, threshold) }

enum PhraseScan {
    /// The top k of the exact phrase whose slots are the leaves `slots` at `offsets` (the plan's
    /// `singleExactPhrase`), offered to `top`.
    static func run(_ evaluator: SegmentEvaluator, slots: [Int], offsets: [Int], field: QueryField, distinct: [Int],
                    into top: inout TopK) throws {
        var terms: [ScoredTerm] = []
        for leaf in distinct {
            guard let cursor = evaluator.cursors[leaf] else { return }  // a word absent here: no match
            terms.append(try ScoredTerm(evaluator, leaf: leaf, cursor: cursor, scanShortList: false))
        }
        terms.sort { $0.cursor.documentFrequency < $1.cursor.documentFrequency }
        let n = terms.count
        // The two rarest words drive the leapfrog; the others are moved to a candidate only when
        // the rarer words' positions line up there (the matcher does it).
        let drivers = min(n, 2)
        let cursors = terms.map { UnownedCursor($0.cursor) }
        let lead = terms[0].cursor
        var othersListBound = 0.0
        for j in 1..<n { othersListBound += terms[j].listBound }
        // The score's terms in the evaluator's order (the phrase's distinct leaves).
        let scoring = distinct.map { UnownedCursor(evaluator.cursors[$0]!) }
        let weights = distinct.map { evaluator.leaves[$0].weight }
        let scorer = evaluator.scorer
        let matcher = PhrasePositions(slots: slots, offsets: offsets, distinct: distinct, cursors: evaluator.cursors,
                                      frequency: { evaluator.leaves[$0].documentFrequency })
        let searchTitle = field != .body, searchBody = field != .title
        var checkedBlock = -1

        /// A document both drivers are on: offered when the phrase is there and its score can
        /// enter the top k (the bounds first, then the exact score, then the positions).
        func consider(_ doc: Int32, _ terms: inout [ScoredTerm]) throws {
            // Which fields can hold the phrase: every word must be in it.
            var inTitle = searchTitle, inBody = searchBody
            for j in 0..<drivers {
                if cursors[j].titleTF == 0 { inTitle = false }
                if cursors[j].bodyTF == 0 { inBody = false }
            }
            if !inTitle && !inBody { return }
            let threshold = top.threshold
            var score = -Double.infinity
            if threshold > -Double.infinity {
                var bound = 0.0
                for j in 0..<drivers { bound += terms[j].currentBound() }
                for j in drivers..<n { bound += terms[j].bound(at: doc) }
                if below(bound, threshold) { return }
                if drivers == n {
                    score = exactScore(scorer, scoring, weights, field, scorer.norms(Int(doc)))
                    if below(score, threshold) { return }
                }
            }
            // A match leaves every cursor on `doc`.
            if try (inTitle && matcher.matches(in: .title, doc: doc)) || (inBody && matcher.matches(in: .body, doc: doc)) {
                if score == -Double.infinity { score = exactScore(scorer, scoring, weights, field, scorer.norms(Int(doc))) }
                top.offer(ScoredDoc(doc: evaluator.segment.base + doc, score: score))
            }
        }

        try lead.next()
        if drivers == 2 && Conjunction.pairMerges(leadFrequency: terms[0].cursor.documentFrequency,
                                                  otherFrequency: terms[1].cursor.documentFrequency) {
            let merge = BlockPairMerge()
            defer { merge.deallocate() }
            let a = cursors[0], b = cursors[1]
            try merge.run(a, b, skip: {
                try terms[0].skipUnreachableBlocks(threshold: top.threshold, others: othersListBound, checked: &checkedBlock)
            }, common: { found in
                let aDocs = a.loadedDocs
                for m in 0..<found {
                    // Inside the loaded blocks: moving there decodes nothing.
                    try a.move(toIndexInBlock: Int(merge.leadIndices[m]))
                    try b.move(toIndexInBlock: Int(merge.otherIndices[m]))
                    try consider(Int32(bitPattern: aDocs[Int(merge.leadIndices[m])]), &terms)
                }
            })
            return
        }
        // The drivers to each common document (the bound is checked again there).
        try terms.leapfrog(cursors: cursors, drivers: drivers, othersListBound: othersListBound,
                           threshold: { top.threshold }, visit: { terms, doc, _ in try consider(doc, &terms) })
    }

    /// The evaluator's phrase score: its distinct words' contributions (in the searched field),
    /// summed in leaf order.
    @inline(__always)
    private static func exactScore(_ scorer: DocumentScorer, _ cursors: [UnownedCursor], _ weights: [Double],
                                   _ field: QueryField, _ norms: DocumentNorms) -> Double {
        var score = 0.0
        for j in cursors.indices {
            let cursor = cursors[j]
            let title = field == .body ? 0 : cursor.titleTF, body = field == .title ? 0 : cursor.bodyTF
            score += scorer.score(weight: weights[j], titleTF: title, bodyTF: body, norms: norms)
        }
        return score
    }
}

/// Exact phrase matching in one field of a candidate document (the drivers' cursors on it, the
/// other words' moved there when their turn comes): the candidate starts come from the rarest
/// word's positions and are filtered by each other slot in turn (rarest word
/// first), so frequent words' positions are read only while some start survives.
final class PhrasePositions {
    /// Slot indices, rarest word first.
    private let order: [Int]
    private let offsets: [Int]
    /// Per slot, its word's cursor.
    private let slotCursors: [UnownedCursor]
    /// Per slot, the index of its word's list in `lists` (a word repeated in the phrase is read once).
    private let slotList: [Int]
    private let listOwners: [PositionList]
    private let lists: [Unmanaged<PositionList>]
    private let starts = PositionList()

    init(slots: [Int], offsets: [Int], distinct: [Int], cursors: [PostingsCursor?], frequency: (Int) -> Int) {
        order = slots.indices.sorted { a, b in
            let fa = frequency(slots[a]), fb = frequency(slots[b])
            return fa != fb ? fa < fb : a < b
        }
        self.offsets = offsets
        slotCursors = slots.map { UnownedCursor(cursors[$0]!) }
        slotList = slots.map { leaf in distinct.firstIndex(of: leaf)! }
        listOwners = distinct.map { _ in PositionList() }
        lists = listOwners.map { Unmanaged.passUnretained($0) }
    }

    /// Whether the phrase occurs in `field` of `doc`, every word's cursor at or before it: each
    /// word's cursor is moved there when its turn comes (false as soon as one lacks it).
    func matches(in field: Field, doc: Int32) throws -> Bool {
        var loaded: UInt64 = 0  // bit i: lists[i] holds this field's positions
        // Starts from the first slot of the order: position − offset, kept when ≥ 0.
        let first = order[0]
        let firstList = lists[slotList[first]]
        let firstCursor = slotCursors[first]
        guard try Self.holds(firstCursor, field, doc) else { return false }
        try firstList._withUnsafeGuaranteedRef { try firstCursor.positions(in: field, into: $0) }
        if slotList[first] < 64 { loaded |= 1 << UInt64(slotList[first]) }
        let (firstValues, firstCount) = firstList._withUnsafeGuaranteedRef { ($0.values, $0.count) }
        starts.reset(firstCount)
        let startValues = starts.values
        var count = 0
        let firstOffset = offsets[first]
        for i in 0..<firstCount {
            let start = Int(firstValues[i]) - firstOffset
            if start >= 0 { startValues[count] = UInt32(start); count += 1 }
        }
        for k in 1..<order.count {
            if count == 0 { return false }
            let slot = order[k]
            let listIndex = slotList[slot]
            let list = lists[listIndex]
            if listIndex >= 64 || loaded & (1 << UInt64(listIndex)) == 0 {
                let cursor = slotCursors[slot]
                guard try Self.holds(cursor, field, doc) else { return false }
                try list._withUnsafeGuaranteedRef { try cursor.positions(in: field, into: $0) }
                if listIndex < 64 { loaded |= 1 << UInt64(listIndex) }
            }
            // Keep the starts s with s + offset in the list (both ascending).
            let offset = offsets[slot]
            var kept = 0, at = 0
            let (values, length) = list._withUnsafeGuaranteedRef { ($0.values, $0.count) }
            for i in 0..<count {
                let want = Int(startValues[i]) + offset
                while at < length && Int(values[at]) < want { at += 1 }
                if at == length { break }
                if Int(values[at]) == want { startValues[kept] = startValues[i]; kept += 1 }
            }
            count = kept
        }
        return count > 0
    }

    /// Moves `cursor` to `doc` if it is before it; whether the word is then in `field` of `doc`.
    @inline(__always)
    private static func holds(_ cursor: UnownedCursor, _ field: Field, _ doc: Int32) throws -> Bool {
        if cursor.doc < doc { try cursor.advance(to: doc) }
        return cursor.doc == doc && (field == .title ? cursor.titleTF : cursor.bodyTF) > 0
    }
}
