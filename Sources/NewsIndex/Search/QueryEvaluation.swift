// Evaluating a resolved query in one segment, document at a time: the exhaustive path (any query; the
// oracle of the pruned paths), phrase and proximity matching on positions, and explanations.

/// A scored term of the query (a term clause, or a distinct term of a phrase), with its statistics
/// over the whole index.
struct QueryLeaf {
    var term: [UInt8]
    var field: QueryField
    var count: Int
    var documentFrequency: Int
    var idf: Double
    /// count · idf: the W of the scoring formula.
    var weight: Double
}

/// The query tree with its terms replaced by leaf numbers.
indirect enum QueryPlan {
    case term(Int)
    /// `slots[i]` is the leaf at relative position `offsets[i]`; `leaves` the distinct ones in order.
    case phrase(slots: [Int], offsets: [Int], slop: Int, field: QueryField, leaves: [Int])
    case date(DateRange)
    case group([(QueryOccur, QueryPlan)])
}

extension QueryPlan {
    /// The plan's one clause when it is an exact phrase (what `PhraseScan` takes): its slots'
    /// leaves, their offsets (the first 0), its field and its distinct leaves.
    var singleExactPhrase: (slots: [Int], offsets: [Int], field: QueryField, distinct: [Int])? {
        guard case .group(let clauses) = self, clauses.count == 1, clauses[0].0 != .mustNot,
              case .phrase(let slots, let offsets, let slop, let field, let distinct) = clauses[0].1,
              slop == 0, offsets.first == 0 else { return nil }
        return (slots, offsets, field, distinct)
    }
}

/// One term's part of a hit's score, in the terms of the BM25F formula.
public struct TermExplanation: Sendable, Equatable {
    public var term: String
    public var field: QueryField
    public var titleTF: UInt32
    public var bodyTF: UInt32
    public var documentFrequency: Int
    public var idf: Double
    /// How many times the query holds the term (its weight is count · idf).
    public var count: Int
    public var titleLength: UInt32
    public var bodyLength: UInt32
    public var averageTitleLength: Double
    public var averageBodyLength: Double
    public var titleWeight: Double
    public var bodyWeight: Double
    /// tf̃ = w_title · tf_title / norm_title + w_body · tf_body / norm_body.
    public var combinedFrequency: Double
    /// count · idf · tf̃ / (k1 + tf̃).
    public var contribution: Double
}

/// How a hit's score was made: the contributions, whose sum is the score.
public struct HitExplanation: Sendable, Equatable {
    public var doc: Int32
    public var score: Double
    public var terms: [TermExplanation]
    public var sum: Double { terms.reduce(0) { $0 + $1.contribution } }
}

/// Per segment: a cursor per leaf, moved forward only (candidates come in increasing doc order).
final class SegmentEvaluator {
    let segment: SegmentReader
    let leaves: [QueryLeaf]
    let scorer: DocumentScorer
    private(set) var cursors: [PostingsCursor?]
    /// Per leaf, copied out of `leaves` for the hot paths.
    private let weights: [Double]
    private let fields: [QueryField]

    private var positionScratch: [[UInt32]]
    /// Filled while evaluating when set.
    var explanation: [TermExplanation]? = nil
    private var currentNorms = DocumentNorms(body: 1, doc: 0)

    /// Memory the pruned loops reuse from query to query (the searcher's).
    let scratch: SearchScratch

    init(segment: SegmentReader, leaves: [QueryLeaf], entries: [TermEntry?], scorer: DocumentScorer,
         scratch: SearchScratch = SearchScratch()) throws {
        self.segment = segment
        self.scratch = scratch
        self.leaves = leaves
        self.scorer = scorer
        weights = leaves.map(\.weight)
        fields = leaves.map(\.field)
        cursors = try entries.map { entry in try entry.map { try segment.cursor($0) } }
        positionScratch = Array(repeating: [], count: leaves.count)
    }

    /// Whether leaf `leaf` occurs in `doc` (in its field).
    @inline(__always)
    func present(_ leaf: Int, _ doc: Int32) throws -> Bool {
        guard let cursor = cursors[leaf] else { return false }
        if cursor.doc < doc { try cursor.advance(to: doc) }
        guard cursor.doc == doc else { return false }
        switch fields[leaf] {
        case .any: return true
        case .title: return cursor.titleTF > 0
        case .body: return cursor.bodyTF > 0
        }
    }

    /// The contribution of a present leaf to the current document.
    @inline(__always)
    func contribution(_ leaf: Int) -> Double {
        let cursor = cursors[leaf]!
        let field = fields[leaf]
        let titleTF = field == .body ? 0 : cursor.titleTF, bodyTF = field == .title ? 0 : cursor.bodyTF
        let value = scorer.score(weight: weights[leaf], titleTF: titleTF, bodyTF: bodyTF, norms: currentNorms)
        if explanation != nil { record(leaf, titleTF: titleTF, bodyTF: bodyTF, value: value) }
        return value
    }

    private func record(_ leaf: Int, titleTF: UInt32, bodyTF: UInt32, value: Double) {
        let doc = Int(cursors[leaf]!.doc)
        let l = leaves[leaf], bm25 = scorer.bm25
        explanation!.append(TermExplanation(
            term: String(decoding: l.term, as: UTF8.self), field: l.field, titleTF: titleTF, bodyTF: bodyTF,
            documentFrequency: l.documentFrequency, idf: l.idf, count: l.count,
            titleLength: scorer.documents.titleLength(doc), bodyLength: scorer.documents.bodyLength(doc),
            averageTitleLength: scorer.averageTitleLength, averageBodyLength: scorer.averageBodyLength,
            titleWeight: bm25.titleWeight, bodyWeight: bm25.bodyWeight,
            combinedFrequency: bm25.combinedFrequency(titleTF: Double(titleTF), titleNorm: scorer.titleNorm(doc),
                                                      bodyTF: Double(bodyTF), bodyNorm: currentNorms.body),
            contribution: value))
    }

    /// Sets the document the next `evaluate` calls are about (its date is read only by a date
    /// clause: most queries have none, and the DOCS record is a cache line of its own).
    @inline(__always)
    func begin(_ doc: Int32) {
        currentNorms = scorer.norms(Int(doc))
    }

    /// `begin` with the document's norms already at hand.
    @inline(__always)
    func begin(_ doc: Int32, norms: DocumentNorms) {
        currentNorms = norms
    }

    private var currentDate: UInt32 { segment.documents.date(currentNorms.doc) }

    /// The score of `doc` (after `begin(doc)`) under `plan`, nil when it does not match.
    func evaluate(_ plan: QueryPlan, _ doc: Int32) throws -> Double? {
        switch plan {
        case .term(let leaf):
            return try present(leaf, doc) ? contribution(leaf) : nil
        case .date(let range):
            return range.contains(currentDate) ? 0 : nil
        case .phrase(let slots, let offsets, let slop, let field, let distinct):
            for leaf in distinct where try !present(leaf, doc) { return nil }
            guard try phraseMatches(slots: slots, offsets: offsets, slop: slop, field: field, distinct: distinct) else { return nil }
            var score = 0.0
            for leaf in distinct { score += contribution(leaf) }
            return score
        case .group(let clauses):
            let mark = explanation?.count
            let value = try evaluateGroup(clauses, doc)
            if value == nil, let mark { explanation!.removeSubrange(mark...) }
            return value
        }
    }

    private func evaluateGroup(_ clauses: [(QueryOccur, QueryPlan)], _ doc: Int32) throws -> Double? {
            var score = 0.0
            var required = false, optional = 0, optionalMatched = false
            for (occur, child) in clauses {
                switch (occur, child) {
                case (.mustNot, _):
                    let saved = explanation
                    explanation = nil
                    let matched = try evaluate(child, doc) != nil
                    explanation = saved
                    if matched { return nil }
                case (_, .date(let range)):
                    if !range.contains(currentDate) { return nil }
                case (.must, _):
                    required = true
                    guard let value = try evaluate(child, doc) else { return nil }
                    score += value
                case (.should, _):
                    optional += 1
                    if let value = try evaluate(child, doc) {
                        optionalMatched = true
                        score += value
                    }
                }
            }
            if required { return score }
            if optional > 0 { return optionalMatched ? score : nil }
            return clauses.isEmpty ? nil : score
    }

    // MARK: - Phrases

    private func phraseMatches(slots: [Int], offsets: [Int], slop: Int, field: QueryField, distinct: [Int]) throws -> Bool {
        for fieldIndex in 0..<2 {
            let f: Field = fieldIndex == 0 ? .title : .body
            if (f == .title && field == .body) || (f == .body && field == .title) { continue }
            // Every term must occur in the field (from the TFs, before decoding any position).
            var complete = true
            for leaf in distinct where (f == .title ? cursors[leaf]!.titleTF : cursors[leaf]!.bodyTF) == 0 { complete = false; break }
            guard complete else { continue }
            for leaf in distinct { try cursors[leaf]!.positions(in: f, into: &positionScratch[leaf]) }
            if slop == 0 ? exactMatch(slots: slots, offsets: offsets)
                         : PhraseMatcher.within(slots.map { positionScratch[$0] }, slots: slots, span: (offsets.last ?? 0) + slop) {
                return true
            }
        }
        return false
    }

    /// Some p with the positions of slot i holding `p + offsets[i]` for every i.
    private func exactMatch(slots: [Int], offsets: [Int]) -> Bool {
        let count = slots.count
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: count) { cursorsAt in
            for i in 0..<count { cursorsAt[i] = 0 }
            let first = positionScratch[slots[0]]
            outer: for start in first {
                let base = Int(start) - offsets[0]
                for i in 1..<count {
                    let want = base + offsets[i]
                    let list = positionScratch[slots[i]]
                    var k = cursorsAt[i]
                    while k < list.count && Int(list[k]) < want { k += 1 }
                    cursorsAt[i] = k
                    if k == list.count { return false }
                    if Int(list[k]) != want { continue outer }
                }
                return true
            }
            return false
        }
    }
}

/// Position matching of phrases (positions sorted ascending per term).
enum PhraseMatcher {
    /// Some p with `lists[i]` holding `p + offsets[i]` for every i.
    static func exact(_ lists: [[UInt32]], offsets: [Int]) -> Bool {
        guard let first = lists.first else { return false }
        var cursors = [Int](repeating: 0, count: lists.count)
        outer: for start in first {
            let base = Int(start) - offsets[0]
            for i in 1..<lists.count {
                let want = base + offsets[i]
                let list = lists[i]
                while cursors[i] < list.count && Int(list[cursors[i]]) < want { cursors[i] += 1 }
                if cursors[i] == list.count { return false }
                if Int(list[cursors[i]]) != want { continue outer }
            }
            return true
        }
        return false
    }

    /// A window [s, s + span] holding, for every distinct leaf, at least as many occurrences as
    /// the phrase has slots of it (any order).
    static func within(_ lists: [[UInt32]], slots: [Int], span: Int) -> Bool {
        // Distinct leaves and how many slots each needs.
        var leafIds: [Int] = [], need: [Int] = [], listOf: [Int] = []
        for (slot, leaf) in slots.enumerated() {
            if let k = leafIds.firstIndex(of: leaf) { need[k] += 1 } else { leafIds.append(leaf); need.append(1); listOf.append(slot) }
        }
        var events: [(position: Int, kind: Int)] = []
        for (k, slot) in listOf.enumerated() { for p in lists[slot] { events.append((Int(p), k)) } }
        events.sort { $0.position < $1.position }
        var have = [Int](repeating: 0, count: leafIds.count)
        var satisfied = 0
        var left = 0
        for right in 0..<events.count {
            let k = events[right].kind
            have[k] += 1
            if have[k] == need[k] { satisfied += 1 }
            while events[right].position - events[left].position > span {
                let j = events[left].kind
                if have[j] == need[j] { satisfied -= 1 }
                have[j] -= 1
                left += 1
            }
            if satisfied == leafIds.count { return true }
        }
        return false
    }
}
