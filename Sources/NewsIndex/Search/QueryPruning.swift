// Fast top-k for flat queries: block-max MaxScore for a ranked OR of terms (the essential terms
// scored a window of documents at a time), leapfrog for an AND of terms. Both give exactly the hits and scores of the exhaustive evaluator: scores are summed in the
// same order (term order), and a document or block is skipped only when an upper bound of its score
// is below the current k-th score (a tie could still enter, so never on equality).

/// A bound may be slightly below the true score after rounding; comparing the bound with a margin
/// far above double rounding (1e-9 relative) keeps every skip safe.
enum PruningMargin {
    @inline(__always)
    static func below(_ bound: Double, _ threshold: Double) -> Bool { bound * 1.000000001 < threshold }
}

@inline(__always)
private func below(_ bound: Double, _ threshold: Double) -> Bool { PruningMargin.below(bound, threshold) }

/// Score bounds of one term from its postings block headers, computed at query time.
struct TermBounds {
    let weight: Double
    let field: QueryField
    let bm25: BM25
    let averageTitleLength: Double
    let averageBodyLength: Double
    /// Whether b is in [0, 1] (else no header gives a bound: every block is bounded by `weight`).
    private let usable: Bool
    /// A field's norm for the bound of `frequencyBound`, as base + maxTF · lengthPerTF · slope.
    private let titleBase: Double, titleSlope: Double, bodyBase: Double, bodySlope: Double

    init(weight: Double, field: QueryField, bm25: BM25, averageTitleLength: Double, averageBodyLength: Double) {
        self.weight = weight
        self.field = field
        self.bm25 = bm25
        self.averageTitleLength = averageTitleLength
        self.averageBodyLength = averageBodyLength
        usable = bm25.b >= 0 && bm25.b <= 1
        let scale = Double(PostingsBlockHeader.lengthPerTFScale)
        (titleBase, titleSlope) = averageTitleLength > 0 ? (1 - bm25.b, bm25.b / (scale * averageTitleLength)) : (1, 0)
        (bodyBase, bodySlope) = averageBodyLength > 0 ? (1 - bm25.b, bm25.b / (scale * averageBodyLength)) : (1, 0)
    }

    /// W · T / (k1 + T) with T the larger of the titled documents' bound (title plus their body)
    /// and the other documents' (body only), each from largest TFs and smallest lengths per TF
    /// (IndexFormat.md, "Per-block upper bound"); W itself when no finite bound follows.
    func block(_ header: PostingsBlockHeader) -> Double {
        let parts = groups(header)
        return max(parts.titled, parts.untitled)
    }

    /// The bounds of the block's two groups of documents: those with the term in the title, and
    /// the others (0 for an empty group). Each is `frequencyBound`'s per field, combined and
    /// scored over one division: with T = N / D, W · T / (k1 + T) = W · N / (k1 · D + N).
    func groups(_ header: PostingsBlockHeader) -> (titled: Double, untitled: Double) {
        guard usable else { return (weight, weight) }
        var titledN = 0.0, titledD = 1.0, untitled = 0.0
        if field != .body && header.maxTitleTF > 0 {
            let tf = Double(header.maxTitleTF)
            let norm = titleBase + tf * Double(header.minTitleLengthPerTF) * titleSlope
            guard norm > 0 else { return (weight, weight) }
            titledN = bm25.titleWeight * tf
            titledD = norm
        }
        if field != .title {
            if header.maxTitledBodyTF > 0 {
                let tf = Double(header.maxTitledBodyTF)
                let norm = bodyBase + tf * Double(header.minTitledBodyLengthPerTF) * bodySlope
                guard norm > 0 else { return (weight, weight) }
                titledN = titledN * norm + bm25.bodyWeight * tf * titledD
                titledD *= norm
            }
            if header.maxBodyTF > 0 {
                let tf = Double(header.maxBodyTF)
                let norm = bodyBase + tf * Double(header.minBodyLengthPerTF) * bodySlope
                guard norm > 0 else { return (weight, weight) }
                untitled = score(bm25.bodyWeight * tf, norm)
            }
        }
        return (score(titledN, titledD), untitled)
    }

    /// W · T / (k1 + T) for T = n / d (d > 0), capped at W; W when T is not a usable bound.
    @inline(__always)
    private func score(_ n: Double, _ d: Double) -> Double {
        guard n.isFinite, d.isFinite, n >= 0 else { return weight }
        if n == 0 { return 0 }
        let value = weight * n / (bm25.k1 * d + n)
        return value.isNaN ? weight : min(value, weight)
    }

    /// An upper bound of tf / (1 − b + b · len / avglen) over documents with tf ≤ maxTF and
    /// len / tf ≥ lengthPerTF / 8: written as 1 / ((1 − b) / tf + b · (len / tf) / avglen), it grows
    /// with tf and shrinks with len / tf, so 1 / ((1 − b) / maxTF + b · (lengthPerTF / 8) / avglen),
    /// computed as maxTF / ((1 − b) + maxTF · lengthPerTF · b / (8 · avglen)) (two divisions, not
    /// four). nil when b is outside [0, 1] or the bound is not finite.
    @inline(__always)
    static func frequencyBound(maxTF: UInt32, lengthPerTF: UInt32, b: Double, averageLength: Double) -> Double? {
        guard b >= 0, b <= 1 else { return nil }
        if !(averageLength > 0) { return Double(maxTF) }  // norm = 1
        let tf = Double(maxTF)
        let denominator = (1 - b)
            + tf * Double(lengthPerTF) * b / (Double(PostingsBlockHeader.lengthPerTFScale) * averageLength)
        guard denominator > 0 else { return nil }
        let bound = tf / denominator
        return bound.isFinite ? bound : nil
    }
}

enum MaxScore {
    static func run(_ evaluator: SegmentEvaluator, into top: inout TopK) throws {
        // The window's scratch is reused by the next query, unless this one fails midway (then
        // its slots may not be cleared).
        let window = evaluator.scratch.takeWindow(leaves: evaluator.leaves.count, size: windowSize)
        try run(evaluator, window: window, into: &top)
        evaluator.scratch.giveBack(window)
    }

    private static func run(_ evaluator: SegmentEvaluator, window: ScoringWindow, into top: inout TopK) throws {
        let leaves = evaluator.leaves
        var terms: [ScoredTerm] = []
        for (leaf, cursor) in evaluator.cursors.enumerated() {
            guard let cursor else { continue }
            try cursor.next()
            terms.append(try ScoredTerm(evaluator, leaf: leaf, cursor: cursor))
        }
        guard !terms.isEmpty else { return }
        let floor = try ThresholdSeed.floor(evaluator, k: top.capacity)
        terms.sort { $0.listBound < $1.listBound }
        let cursors = terms.map { UnownedCursor($0.cursor) }  // the hot loops read these, not the larger terms
        let leafOf = terms.map(\.leaf)
        let weights = leafOf.map { leaves[$0].weight }, fields = leafOf.map { leaves[$0].field }
        let scorer = evaluator.scorer
        /// A term's contribution to the document its cursor is on (the evaluator's presence test
        /// and contribution, without its per-call lookups), nil when the term is not in the
        /// searched field there.
        @inline(__always)
        func contribution(_ cursor: UnownedCursor, _ weight: Double, _ field: QueryField,
                          _ norms: DocumentNorms) -> Double? {
            let title = field == .body ? 0 : cursor.titleTF, body = field == .title ? 0 : cursor.bodyTF
            if title == 0 && body == 0 { return nil }
            return scorer.score(weight: weight, titleTF: title, bodyTF: body, norms: norms)
        }
        let n = terms.count
        var prefix = [Double](repeating: 0, count: n + 1)
        for j in 0..<n { prefix[j + 1] = prefix[j] + terms[j].listBound }
        let leafCount = leaves.count
        var shallow = [Int](repeating: 0, count: n)
        /// Per non-essential term, for the current document: Σ of the block bounds of terms 0...j.
        var blockPrefix = [Double](repeating: 0, count: n + 1)
        // The window last found able to reach the threshold (no need to check its documents again).
        var checkedUpTo: Int32 = -1
        var checkedThreshold = -Double.infinity
        var nonEssential = 0

        while true {
            let threshold = max(top.threshold, floor)
            while nonEssential < n && below(prefix[nonEssential + 1], threshold) { nonEssential += 1 }
            if nonEssential == n { return }
            if nonEssential == n - 1 {
                try singleEssential(evaluator, terms: &terms, prefix: prefix, floor: floor, into: &top)
                return
            }
            var doc = PostingsCursor.exhausted
            for j in nonEssential..<n where cursors[j].doc < doc { doc = cursors[j].doc }
            if doc == PostingsCursor.exhausted { return }

            if threshold > -Double.infinity && (doc > checkedUpTo || threshold != checkedThreshold) {
                // Block-max: the window up to the first end of an essential block.
                var upTo = PostingsCursor.exhausted - 1
                for j in nonEssential..<n {
                    let cursor = cursors[j]
                    if cursor.hasHeaders && cursor.doc != PostingsCursor.exhausted {
                        upTo = min(upTo, Int32(bitPattern: cursor.lastDoc(ofBlock: cursor.blockIndex)))
                    }
                }
                var bound = prefix[nonEssential]
                for j in nonEssential..<n where cursors[j].doc <= upTo {
                    let cursor = cursors[j]
                    if cursor.hasHeaders {
                        terms[j].cache(cursor.blockIndex)
                        bound += terms[j].cachedBound
                    } else {
                        bound += terms[j].listBound
                    }
                }
                checkedUpTo = upTo
                checkedThreshold = threshold
                if below(bound, threshold) {
                    // Shallow skipping: find the next window whose block bounds can reach the
                    // threshold from the headers alone, then decode only there.
                    var target = upTo + 1
                    for j in nonEssential..<n { shallow[j] = max(cursors[j].blockIndex, 0) }
                    windows: while target < PostingsCursor.exhausted {
                        var end = PostingsCursor.exhausted - 1
                        var windowBound = prefix[nonEssential]
                        for j in nonEssential..<n {
                            let cursor = cursors[j]
                            if cursor.doc == PostingsCursor.exhausted { continue }
                            if !cursor.hasHeaders { windowBound += terms[j].listBound; continue }
                            var block = shallow[j]
                            while block < cursor.blockCount && Int32(bitPattern: cursor.lastDoc(ofBlock: block)) < target { block += 1 }
                            shallow[j] = block
                            if block == cursor.blockCount { continue }
                            end = min(end, Int32(bitPattern: cursor.lastDoc(ofBlock: block)))
                            terms[j].cache(block)
                            windowBound += terms[j].cachedBound
                        }
                        if !below(windowBound, threshold) || end == PostingsCursor.exhausted - 1 { break windows }
                        target = end + 1
                    }
                    for j in nonEssential..<n where cursors[j].doc < target { try cursors[j].advance(to: target) }
                    continue
                }
            }

            // Window scoring: the essential terms' postings up to `end` (all in their loaded blocks)
            // scored block by block into per-document slots; then the gathered documents that the
            // non-essential terms' largest block bounds over the window can lift to the threshold,
            // in order: each bounded with those terms' block bounds at it, completed by probing
            // them, offered.
            var end = doc &+ Int32(Self.windowSize - 1)
            for j in nonEssential..<n {
                let cursor = cursors[j]
                if cursor.hasHeaders && cursor.doc != PostingsCursor.exhausted {
                    end = min(end, Int32(bitPattern: cursor.lastDoc(ofBlock: cursor.blockIndex)))
                }
            }
            // The essential terms from the largest list bound down. `rest` bounds what a document
            // can still get from the terms not yet gathered (this one included) and the
            // non-essential ones: once it is below the threshold, a term only adds to documents
            // an earlier term gathered, and the others are passed over unscored.
            var rest = prefix[nonEssential]
            if threshold > -Double.infinity {
                for j in nonEssential..<n where cursors[j].doc <= end {
                    if cursors[j].hasHeaders {
                        terms[j].cache(cursors[j].blockIndex)
                        rest += terms[j].cachedBound
                    } else {
                        rest += terms[j].listBound
                    }
                }
            }
            for j in stride(from: n - 1, through: nonEssential, by: -1) {
                let cursor = cursors[j]
                if cursor.doc > end { continue }
                let onlyGathered = threshold > -Double.infinity && below(rest, threshold)
                if threshold > -Double.infinity { rest -= cursor.hasHeaders ? terms[j].cachedBound : terms[j].listBound }
                let docs = cursor.loadedDocs, titles = cursor.loadedTitleTFs, bodies = cursor.loadedBodyTFs
                let length = cursor.loadedBlockLength, leaf = leafOf[j], weight = weights[j], field = fields[j]
                // Whether a posting counts is computed, not branched on (which documents an earlier
                // term gathered is a coin toss): a posting that does not count adds a score of 0
                // (no TF in the field scores 0; 0 is added to a partial exactly).
                var i = cursor.positionInBlock
                if onlyGathered {
                    while i < length {
                        let d = Int32(bitPattern: docs[i])
                        if d > end { break }
                        let title = field == .body ? 0 : titles[i], body = field == .title ? 0 : bodies[i]
                        let slot = Int(d &- doc)
                        let gathered = window.gathered[slot >> 6] & (UInt64(1) << UInt64(slot & 63)) != 0
                        let value = scorer.score(weight: weight, titleTF: title, bodyTF: body, norms: window.norms[slot])
                        let kept = gathered ? value : 0
                        window.contributions[slot &* leafCount &+ leaf] = kept
                        window.partials[slot] += kept
                        i += 1
                    }
                } else {
                    while i < length {
                        let d = Int32(bitPattern: docs[i])
                        if d > end { break }
                        let title = field == .body ? 0 : titles[i], body = field == .title ? 0 : bodies[i]
                        let slot = Int(d &- doc)
                        // Gathered when in the searched field; its norms (re)written either way.
                        window.gathered[slot >> 6] |= (title | body) != 0 ? UInt64(1) << UInt64(slot & 63) : 0
                        let norms = scorer.norms(Int(d))
                        window.norms[slot] = norms
                        let value = scorer.score(weight: weight, titleTF: title, bodyTF: body, norms: norms)
                        window.contributions[slot &* leafCount &+ leaf] = value
                        window.partials[slot] += value
                        i += 1
                    }
                }
                try cursor.move(toIndexInBlock: i)
            }
            // The gathered documents in order, those that cannot reach the threshold even with the
            // non-essential terms' largest block bounds over the window dropped without a branch
            // per document (which ones is a coin toss), their slots cleared.
            var nonEssentialBound = Double.infinity
            if threshold > -Double.infinity {
                nonEssentialBound = 0
                for j in 0..<nonEssential { nonEssentialBound += terms[j].bound(from: doc, through: end) }
            }
            var kept = 0, dropped = 0
            let keptSlots = window.keptSlots, droppedSlots = window.droppedSlots
            for word in 0..<(Self.windowSize / 64) where window.gathered[word] != 0 {
                var bits = window.gathered[word]
                window.gathered[word] = 0
                while bits != 0 {
                    let slot = word << 6 | bits.trailingZeroBitCount
                    bits &= bits &- 1
                    let keep = !below(window.partials[slot] + nonEssentialBound, threshold)
                    keptSlots[kept] = UInt16(truncatingIfNeeded: slot)
                    droppedSlots[dropped] = UInt16(truncatingIfNeeded: slot)
                    kept &+= keep ? 1 : 0
                    dropped &+= keep ? 0 : 1
                }
            }
            for index in 0..<dropped {
                let slot = Int(droppedSlots[index])
                window.partials[slot] = 0
                let row = window.contributions + slot &* leafCount
                for leaf in 0..<leafCount { row[leaf] = 0 }
            }
            var current = threshold
            for index in 0..<kept {
                let slot = Int(keptSlots[index])
                let d = doc &+ Int32(slot)
                var partial = window.partials[slot]
                window.partials[slot] = 0
                let row = window.contributions + slot &* leafCount
                if current > -Double.infinity {
                    for j in 0..<nonEssential { blockPrefix[j + 1] = blockPrefix[j] + terms[j].bound(at: d) }
                }
                var skipped = false
                var j = nonEssential - 1
                while j >= 0 {
                    if below(partial + (current > -Double.infinity ? blockPrefix[j + 1] : prefix[j + 1]), current) { skipped = true; break }
                    let cursor = cursors[j]
                    if cursor.doc < d { try cursor.advance(to: d) }
                    if cursor.doc == d, let value = contribution(cursor, weights[j], fields[j], window.norms[slot]) {
                        row[leafOf[j]] = value
                        partial += value
                    }
                    j -= 1
                }
                // The exhaustive evaluator's sum (term order), the row cleared as it is read
                // (a separate clearing loop becomes a memset call per document).
                var score = 0.0
                for leaf in 0..<leafCount {
                    score += row[leaf]
                    row[leaf] = 0
                }
                if !skipped {
                    top.offer(ScoredDoc(doc: evaluator.segment.base + d, score: score))
                    current = max(top.threshold, floor)
                }
            }
        }
    }

    /// Documents per scoring window, at most (the essential terms' blocks usually end sooner).
    static let windowSize = 1024
}

/// The scratch of MaxScore's window scoring, per slot (document − window start): whether an
/// essential term has it, its norms, its partial score and its contributions per leaf (a row of
/// `leaves` values, for up to `leafCapacity` leaves). Every slot is back to zero after a window.
final class ScoringWindow {
    let size: Int
    let leafCapacity: Int
    let gathered: UnsafeMutablePointer<UInt64>
    let norms: UnsafeMutablePointer<DocumentNorms>
    let partials: UnsafeMutablePointer<Double>
    let contributions: UnsafeMutablePointer<Double>
    /// The gathered slots that go on to be scored, and those dropped (a window's scratch lists).
    let keptSlots: UnsafeMutablePointer<UInt16>
    let droppedSlots: UnsafeMutablePointer<UInt16>

    init(size: Int, leaves: Int) {
        precondition(size <= 1 << 16)
        self.size = size
        leafCapacity = leaves
        keptSlots = .allocate(capacity: size)
        droppedSlots = .allocate(capacity: size)
        gathered = .allocate(capacity: size / 64)
        gathered.initialize(repeating: 0, count: size / 64)
        norms = .allocate(capacity: size)
        norms.initialize(repeating: DocumentNorms(body: 1, doc: 0), count: size)
        partials = .allocate(capacity: size)
        partials.initialize(repeating: 0, count: size)
        contributions = .allocate(capacity: size * leaves)
        contributions.initialize(repeating: 0, count: size * leaves)
    }

    deinit {
        gathered.deallocate()
        norms.deallocate()
        partials.deallocate()
        contributions.deallocate()
        keptSlots.deallocate()
        droppedSlots.deallocate()
    }
}

extension MaxScore {
    /// The rest of the evaluation once one essential term is left (the other terms' list bounds
    /// add up to less than the threshold, so every hit holds it): its postings block by block, a
    /// block skipped when its bound plus the others' cannot reach the threshold, a document when
    /// its group bound plus the others' block bounds cannot, the others probed only for documents
    /// that pass. Contributions are summed in term order, as everywhere.
    fileprivate static func singleEssential(_ evaluator: SegmentEvaluator, terms: inout [ScoredTerm], prefix: [Double],
                                            floor: Double, into top: inout TopK) throws {
        let n = terms.count, e = n - 1
        let cursor = terms[e].cursor
        let leaf = terms[e].leaf
        let weight = evaluator.leaves[leaf].weight, field = evaluator.leaves[leaf].field
        let scorer = evaluator.scorer
        let base = evaluator.segment.base
        var contributions = [Double](repeating: 0, count: evaluator.leaves.count)
        var blockPrefix = [Double](repeating: 0, count: n)
        var threshold = max(top.threshold, floor)
        // The other terms as the loop reads them: no reference counting, no per-call lookups.
        let others = terms[..<e].map { UnownedCursor($0.cursor) }
        let otherLeaves = terms[..<e].map(\.leaf)
        let otherWeights = otherLeaves.map { evaluator.leaves[$0].weight }
        let otherFields = otherLeaves.map { evaluator.leaves[$0].field }
        while cursor.doc != PostingsCursor.exhausted {
            if below(prefix[n], threshold) { return }
            let block = cursor.blockIndex
            var titledBound = terms[e].listBound, untitledBound = terms[e].listBound
            if cursor.hasHeaders {
                terms[e].cache(block)
                if below(terms[e].cachedBound + prefix[e], threshold) {
                    try cursor.loadBlock(block + 1)
                    continue
                }
                titledBound = terms[e].cachedTitled
                untitledBound = terms[e].cachedUntitled
            }
            let docs = cursor.loadedDocs, titleTFs = cursor.loadedTitleTFs, bodyTFs = cursor.loadedBodyTFs
            for i in cursor.positionInBlock..<cursor.loadedBlockLength {
                let title = field == .body ? 0 : titleTFs[i], body = field == .title ? 0 : bodyTFs[i]
                if title == 0 && body == 0 { continue }
                if below((titleTFs[i] > 0 ? titledBound : untitledBound) + prefix[e], threshold) { continue }
                let doc = Int32(bitPattern: docs[i])
                let norms = scorer.norms(Int(doc))
                let own = scorer.score(weight: weight, titleTF: title, bodyTF: body, norms: norms)
                for j in 0..<e { blockPrefix[j + 1] = blockPrefix[j] + terms[j].bound(at: doc) }
                var partial = own
                if below(partial + blockPrefix[e], threshold) { continue }
                contributions[leaf] = own
                var skipped = false
                var j = e - 1
                while j >= 0 {
                    if below(partial + blockPrefix[j + 1], threshold) { skipped = true; break }
                    // The evaluator's presence test and contribution, read from the cursor.
                    let other = others[j]
                    if other.doc < doc { try other.advance(to: doc) }
                    if other.doc == doc {
                        let otherField = otherFields[j]
                        let title = otherField == .body ? 0 : other.titleTF, body = otherField == .title ? 0 : other.bodyTF
                        if title != 0 || body != 0 {
                            let value = scorer.score(weight: otherWeights[j], titleTF: title, bodyTF: body, norms: norms)
                            contributions[otherLeaves[j]] = value
                            partial += value
                        }
                    }
                    j -= 1
                }
                // Summed in leaf order and cleared as read (no memset call per document).
                var score = 0.0
                for l in contributions.indices {
                    score += contributions[l]
                    contributions[l] = 0
                }
                if !skipped {
                    top.offer(ScoredDoc(doc: base + doc, score: score))
                    threshold = max(top.threshold, floor)
                }
            }
            try cursor.loadBlock(block + 1)
        }
    }
}

enum Conjunction {
    /// Every leaf required: the rarest leads, the others `advance(to:)` its documents (two terms of
    /// comparable frequency: `runPair`, a pair of loaded blocks at a time). Block-max:
    /// once k hits are in, a lead block whose bound plus the others' list bounds cannot reach the
    /// threshold is skipped from the headers, a lead document whose bound plus the others' block
    /// bounds (headers, undecoded) cannot is passed before they move, and a candidate whose
    /// terms' group bounds cannot is not scored. With a `plan` (phrases), a document whose terms' score cannot
    /// enter the top k is dropped before its positions are read (a phrase's score is its terms'
    /// score); the others are evaluated exactly.
    static func run(_ evaluator: SegmentEvaluator, plan: QueryPlan? = nil, into top: inout TopK) throws {
        var terms: [ScoredTerm] = []
        for (leaf, cursor) in evaluator.cursors.enumerated() {
            guard let cursor else { return }  // a term absent from the segment: nothing matches here
            terms.append(try ScoredTerm(evaluator, leaf: leaf, cursor: cursor, scanShortList: false))
        }
        guard !terms.isEmpty else { return }
        terms.sort { $0.cursor.documentFrequency < $1.cursor.documentFrequency }
        let n = terms.count
        if plan == nil && n == 2 && evaluator.leaves.count == 2
            && pairMerges(leadFrequency: terms[0].cursor.documentFrequency, otherFrequency: terms[1].cursor.documentFrequency) {
            try runPair(evaluator, terms: &terms, into: &top)
            return
        }
        // The hot loop reads these, not the larger terms; unmanaged (the evaluator keeps the
        // cursors alive), so that it does no reference counting.
        let cursors = terms.map { UnownedCursor($0.cursor) }
        let lead = terms[0].cursor
        let leafCount = evaluator.leaves.count
        var othersListBound = 0.0
        for j in 1..<n { othersListBound += terms[j].listBound }
        let byLeaf = evaluator.cursors.map { UnownedCursor($0!) }  // all present (checked above)
        let weights = evaluator.leaves.map(\.weight), fields = evaluator.leaves.map(\.field)
        let scorer = evaluator.scorer
        try lead.next()
        try terms.leapfrog(cursors: cursors, drivers: n, othersListBound: othersListBound,
                           threshold: { top.threshold }, visit: { terms, doc, threshold in
            if threshold > -Double.infinity {
                var bound = 0.0
                for j in 0..<n { bound += terms[j].currentBound() }
                if below(bound, threshold) { return }
            }
            if let plan {
                evaluator.begin(doc)
                var score = 0.0
                var all = true
                for leaf in 0..<leafCount {
                    if try !evaluator.present(leaf, doc) { all = false; break }
                    score += evaluator.contribution(leaf)
                }
                if all && !below(score, top.threshold), let exact = try evaluator.evaluate(plan, doc) {
                    top.offer(ScoredDoc(doc: evaluator.segment.base + doc, score: exact))
                }
            } else {
                // Every cursor is on `doc`: the evaluator's presence test and contributions, read
                // straight from the cursors, summed in leaf order.
                let norms = scorer.norms(Int(doc))
                var score = 0.0
                var all = true
                for leaf in 0..<leafCount {
                    let cursor = byLeaf[leaf], field = fields[leaf]
                    let title = field == .body ? 0 : cursor.titleTF, body = field == .title ? 0 : cursor.bodyTF
                    if title == 0 && body == 0 { all = false; break }
                    score += scorer.score(weight: weights[leaf], titleTF: title, bodyTF: body, norms: norms)
                }
                if all { top.offer(ScoredDoc(doc: evaluator.segment.base + doc, score: score)) }
            }
        })
    }
}
