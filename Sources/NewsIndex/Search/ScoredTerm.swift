// One term of a ranked query with its score bounds: the list's bound, and per block (from the
// headers alone, cached) the bounds of its titled and other documents. Shared by MaxScore (ranked
// OR) and the conjunction (AND, phrases).

struct ScoredTerm {
    let leaf: Int
    let cursor: PostingsCursor
    let bounds: TermBounds
    var listBound: Double
    var cachedBlock = -1
    var cachedBound = 0.0
    /// The group bounds (titled documents / the others) of `cachedBlock`.
    var cachedTitled = 0.0
    var cachedUntitled = 0.0

    /// Caches the bounds of `block` (a block of a list with headers).
    @inline(__always)
    mutating func cache(_ block: Int) {
        if cachedBlock == block { return }
        cachedBlock = block
        let groups = bounds.groups(cursor.header(block))
        cachedTitled = groups.titled
        cachedUntitled = groups.untitled
        cachedBound = max(groups.titled, groups.untitled)
    }

    /// A leapfrog's lead, once per block (`checked` remembers which) while a threshold is set:
    /// moves the cursor past the blocks whose bound plus `others` cannot reach `threshold` (from
    /// the headers, undecoded). True when it moved.
    @inline(__always)
    mutating func skipUnreachableBlocks(threshold: Double, others: Double, checked: inout Int) throws(NewsIndexError) -> Bool {
        guard threshold > -Double.infinity, cursor.hasHeaders, cursor.blockIndex != checked else { return false }
        var block = cursor.blockIndex
        while block < cursor.blockCount {
            cache(block)
            if !PruningMargin.below(cachedBound + others, threshold) { break }
            block += 1
        }
        checked = block
        guard block != cursor.blockIndex else { return false }
        try cursor.loadBlock(block)
        return true
    }

    /// The block the last `probe` found (headers only, never decoded).
    var probeBlock = 0

    /// A bound of the term's contribution to document `doc` (≥ its cursor's document) from the
    /// headers alone: the bound of the block that would hold it, 0 past the last block.
    @inline(__always)
    mutating func bound(at doc: Int32) -> Double {
        guard cursor.hasHeaders else { return listBound }
        let block = probe(doc)
        if block == cursor.blockCount { return 0 }
        cache(block)
        return cachedBound
    }

    /// A bound of the term's contribution to any document of `first...last` (≥ its cursor's
    /// document) from the headers alone: the largest bound of the blocks that would hold them.
    @inline(__always)
    mutating func bound(from first: Int32, through last: Int32) -> Double {
        guard cursor.hasHeaders else { return listBound }
        var block = probe(first)
        var bound = 0.0
        while block < cursor.blockCount {
            cache(block)
            bound = max(bound, cachedBound)
            if Int32(bitPattern: cursor.lastDoc(ofBlock: block)) >= last { break }
            block += 1
        }
        return bound
    }

    /// The first block (from the last probed on) that would hold `doc` (the block count past the
    /// last), remembered for the next probe (of a later document).
    @inline(__always)
    private mutating func probe(_ doc: Int32) -> Int {
        var block = max(probeBlock, cursor.blockIndex)
        while block < cursor.blockCount && Int32(bitPattern: cursor.lastDoc(ofBlock: block)) < doc { block += 1 }
        probeBlock = block
        return block
    }

    /// A bound of the term's contribution to its cursor's current document.
    @inline(__always)
    mutating func currentBound() -> Double {
        guard cursor.hasHeaders else { return listBound }
        cache(cursor.blockIndex)
        return cursor.titleTF > 0 ? cachedTitled : cachedUntitled
    }

    /// The term's bounds, and its list bound: the bound of one header summing up all blocks (the
    /// largest maxima, the smallest lengths per TF: at least every block's bound, one bound
    /// computed instead of one per block), or for a list without headers (< 128 postings) its exact
    /// best contribution from a scan of its postings (`scanShortList`, with the cursor on its first
    /// document: the list is its loaded block) or else its weight.
    init(_ evaluator: SegmentEvaluator, leaf: Int, cursor: PostingsCursor, scanShortList: Bool = true) throws {
        let scorer = evaluator.scorer
        let weight = evaluator.leaves[leaf].weight, field = evaluator.leaves[leaf].field
        let bounds = TermBounds(weight: weight, field: field, bm25: scorer.bm25,
                                averageTitleLength: scorer.averageTitleLength, averageBodyLength: scorer.averageBodyLength)
        var listBound = 0.0
        if cursor.hasHeaders {
            var all = cursor.header(0)
            for block in 1..<cursor.blockCount {
                let header = cursor.header(block)
                all.merge(header)
            }
            listBound = bounds.block(all)
        } else if !scanShortList || cursor.blockIndex != 0 || cursor.positionInBlock != 0 {
            listBound = weight
        } else {
            // The whole list is the cursor's loaded block.
            let docs = cursor.loadedDocs, titleTFs = cursor.loadedTitleTFs, bodyTFs = cursor.loadedBodyTFs
            for i in 0..<cursor.loadedBlockLength {
                let value = scorer.score(weight: weight, titleTF: field == .body ? 0 : titleTFs[i],
                                         bodyTF: field == .title ? 0 : bodyTFs[i], norms: scorer.norms(Int(docs[i])))
                listBound = max(listBound, value)
            }
        }
        self.leaf = leaf
        self.cursor = cursor
        self.bounds = bounds
        self.listBound = listBound
    }
}

extension Array where Element == ScoredTerm {
    /// The leapfrog led by the first term (the rarest; its cursor already on its first document),
    /// shared by the conjunction and the phrase scan. Per lead document, once `threshold()` is set
    /// (> −∞): the lead's blocks that cannot reach it are skipped from the headers, and a document
    /// whose bound cannot is passed before the others' blocks are decoded. Then the first `drivers`
    /// cursors of `cursors` (this array's, in order) meet, and `visit(&terms, doc, threshold)` sees
    /// each document they are all on (with this array, for its bounds); the lead then moves on.
    @inline(__always)
    mutating func leapfrog(cursors: [UnownedCursor], drivers: Int, othersListBound: Double, threshold: () -> Double,
                           visit: (inout [ScoredTerm], Int32, Double) throws -> Void) throws {
        let lead = cursors[0]
        var checkedBlock = -1
        var doc = lead.doc
        candidates: while doc != PostingsCursor.exhausted {
            let threshold = threshold()
            if try self[0].skipUnreachableBlocks(threshold: threshold, others: othersListBound, checked: &checkedBlock) {
                doc = lead.doc
                continue candidates
            }
            if threshold > -Double.infinity && leadCannotReach(doc, threshold: threshold) {
                try lead.next()
                doc = lead.doc
                continue candidates
            }
            if let next = try cursors.leapfrog(drivers) {
                try lead.advance(to: next)
                doc = lead.doc
                continue candidates
            }
            doc = lead.doc
            if doc == PostingsCursor.exhausted { return }
            try visit(&self, doc, threshold)
            try lead.next()
            doc = lead.doc
        }
    }

    /// Whether the lead (the first term, on `doc`) cannot take `doc` into the top k: its bound there
    /// plus the other terms' block bounds at `doc`, read from their headers without decoding, is
    /// below `threshold` (> −∞).
    @inline(__always)
    private mutating func leadCannotReach(_ doc: Int32, threshold: Double) -> Bool {
        var bound = self[0].currentBound()
        for j in 1..<count { bound += self[j].bound(at: doc) }
        return PruningMargin.below(bound, threshold)
    }
}
