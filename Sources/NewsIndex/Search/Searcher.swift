// Search: the query parsed and resolved against the index (prefixes expanded, statistics looked up),
// then evaluated per segment: block-max MaxScore for ranked OR of terms, leapfrog for AND of terms
// and phrases (an exact phrase alone: PhraseScan), and the exhaustive document-at-a-time evaluator
// for everything else (and as the oracle).

/// How hits are ordered.
public enum SearchSort: String, Sendable {
    /// Best score first (equal scores: smaller article id first).
    case relevance
    /// Newest first; same date: best score, then smaller article id.
    case date
}

/// The period of a histogram of matching articles.
public enum DatePeriod: String, Sendable {
    case year, month, day
}

/// One search's parameters.
public struct SearchRequest: Sendable {
    public var text: String
    public var limit: Int
    public var offset: Int
    public var bm25: BM25
    /// Parse the query language (`+`, `-`, `"…"`, `title:`, `date:` …); false: plain words, OR-ed
    /// (what `newsidx eval` uses: judged queries are plain text, AND/OR/NOT are words there).
    public var syntax: Bool
    /// Only articles dated on or after / on or before (YYYYMMDD, inclusive).
    public var since: UInt32?
    public var until: UInt32?
    public var sort: SearchSort = .relevance
    /// Count every matching article (`SearchResults.matchCount`).
    public var count = false
    /// Count matching articles per period (`SearchResults.histogram`).
    public var histogram: DatePeriod?
    /// Explain each hit's score (`SearchResults.explanations`).
    public var explain = false
    /// Score every matching article, no pruning (the oracle of the pruned paths).
    public var exhaustive = false

    public init(text: String, limit: Int = 10, offset: Int = 0, bm25: BM25 = BM25(), syntax: Bool = false) {
        self.text = text
        self.limit = limit
        self.offset = offset
        self.bm25 = bm25
        self.syntax = syntax
    }
}

/// Matching articles in one period (`label` is YYYY, YYYY-MM or YYYY-MM-DD; "unknown" for no date).
public struct HistogramBucket: Sendable, Equatable {
    public var label: String
    public var count: Int
}

/// A search's answer: the hits (best first, after the offset) and what else was asked for.
public struct SearchResults: Sendable {
    public var hits: [ScoredDoc]
    /// The distinct terms that can make an article match (for highlighting).
    public var terms: [QueryTerm]
    /// The query as understood (prefixes expanded; `query.notes` says where something was cut).
    public var query: Query
    public var matchCount: Int?
    public var histogram: [HistogramBucket] = []
    /// Parallel to `hits` when the request asked for explanations.
    public var explanations: [HitExplanation] = []
}

/// Runs queries against one opened index. Not thread-safe (it owns analyzers): one per thread.
public final class Searcher {
    public let reader: IndexReader
    private var parser: QueryParser
    private let scratch = SearchScratch()
    private var searches = 0
    private var packedLengths: [PackedLengths?]?
    public static let prefixExpansionLimit = 1000

    public init(reader: IndexReader) {
        self.reader = reader
        parser = QueryParser(stemming: reader.manifest.stemming)
    }

    /// The terms `text` is analyzed into (plain text).
    public func terms(of text: String) -> [QueryTerm] {
        var analyzer = Analyzer(stemming: reader.manifest.stemming, compoundParts: false, wordCache: false)
        return analyzer.queryTerms(text)
    }

    /// The request's query: parsed (or plain), with `since`/`until` as a date filter, prefixes expanded.
    public func query(for request: SearchRequest) throws -> Query {
        let (text, cut) = QueryLength.limited(request.text)
        var query = request.syntax ? parser.parse(text) : parser.parsePlain(text)
        if cut { query.notes.append("query cut to its first \(QueryLength.maximumWords) words") }
        if request.since != nil || request.until != nil, !query.clauses.isEmpty {
            query.clauses.append(QueryClause(.must, .date(DateRange(lower: max(DateRange.minimum, request.since ?? 0),
                                                                      upper: request.until ?? DateRange.maximum))))
        }
        return try expandPrefixes(query)
    }

    /// Replaces every prefix by the group of its expansions (at most 1,000, the most frequent first).
    func expandPrefixes(_ query: Query) throws -> Query {
        var notes = query.notes
        func expand(_ clauses: [QueryClause]) throws -> [QueryClause] {
            try clauses.map { clause in
                switch clause.node {
                case .prefix(let bytes, let field):
                    var frequencies: [[UInt8]: Int] = [:]
                    for segment in reader.segments {
                        for (term, values) in try segment.dictionary.terms(withPrefix: bytes) where values.count > 0 {
                            frequencies[term, default: 0] += Int(values[0])
                        }
                    }
                    let sorted = frequencies.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key.lexicographicallyPrecedes($1.key) }
                    let kept = sorted.prefix(Searcher.prefixExpansionLimit)
                    let shown = kept.prefix(10).map { String(decoding: $0.key, as: UTF8.self) }.joined(separator: " ")
                    let name = field.prefix + String(decoding: bytes, as: UTF8.self) + "*"
                    if sorted.count > kept.count {
                        notes.append("\(name): \(sorted.count) terms, cut to the \(kept.count) most frequent: \(shown) …")
                    } else {
                        notes.append("\(name): \(kept.count) term\(kept.count == 1 ? "" : "s")" + (kept.isEmpty ? "" : ": " + shown + (kept.count > 10 ? " …" : "")))
                    }
                    return QueryClause(clause.occur, .group(kept.map { QueryClause(.should, .term($0.key, field: field, count: 1)) }))
                case .group(let children):
                    return QueryClause(clause.occur, .group(try expand(children)))
                default:
                    return clause
                }
            }
        }
        return Query(clauses: try expand(query.clauses), notes: notes)
    }

    // MARK: - Search

    public func search(_ request: SearchRequest) throws -> SearchResults {
        // From the second query on, the searcher serves many: it packs the documents' lengths
        // (once; they live as long as it does, and scorers point into them).
        searches += 1
        if searches == 2 { packedLengths = reader.segments.map { $0.documents.packedLengths() } }
        let query = try self.query(for: request)
        var leaves: [QueryLeaf] = []
        let plan = QueryPlan.group(Self.plan(query.clauses, leaves: &leaves))
        let terms = query.positiveTerms.map { QueryTerm(bytes: $0, count: 1) }
        // Each leaf's dictionary entry in each segment; df is their sum.
        let entries = try reader.segments.map { segment in try leaves.map { try segment.lookup($0.term) } }
        for index in leaves.indices {
            let frequency = entries.reduce(0) { $0 + ($1[index]?.documentFrequency ?? 0) }
            leaves[index].documentFrequency = frequency
            leaves[index].idf = request.bm25.idf(documentFrequency: frequency, documentCount: reader.documentCount)
            leaves[index].weight = Double(leaves[index].count) * leaves[index].idf
        }
        var results = SearchResults(hits: [], terms: terms, query: query, matchCount: nil)
        let wanted = request.offset + request.limit
        guard !query.clauses.isEmpty else {
            if request.count { results.matchCount = 0 }
            return results
        }
        if wanted == 0 && !request.count && request.histogram == nil { return results }

        var top = TopK(capacity: wanted, dateOf: request.sort == .date ? dateOf : nil, precedes: tieBreak)
        var matchCount = 0
        var buckets: [UInt32: Int] = [:]
        let rootClauses = query.clauses
        let allTerms = rootClauses.allSatisfy { if case .term = $0.node { return true } else { return false } }
        let fast = !request.exhaustive && request.sort == .relevance && !request.count && request.histogram == nil
            && request.bm25.prunable && allTerms
        // Terms and phrases, all required (or one clause): a conjunction of all their leaves.
        let conjunctive = !request.exhaustive && request.sort == .relevance && !request.count && request.histogram == nil
            && request.bm25.prunable && !leaves.isEmpty
            && rootClauses.allSatisfy { clause in
                guard clause.occur == .must || (rootClauses.count == 1 && clause.occur == .should) else { return false }
                switch clause.node { case .term, .phrase: return true; default: return false }
            }
        for (segmentIndex, (segment, segmentEntries)) in zip(reader.segments, entries).enumerated() {
            let scorer = DocumentScorer(bm25: request.bm25, documents: segment.documents,
                                        averageTitleLength: reader.averageTitleLength,
                                        averageBodyLength: reader.averageBodyLength,
                                        packedLengths: packedLengths?[segmentIndex] ?? nil)
            let evaluator = try SegmentEvaluator(segment: segment, leaves: leaves, entries: segmentEntries, scorer: scorer,
                                                 scratch: scratch)
            if fast && rootClauses.count == 1 && rootClauses[0].occur != .mustNot && leaves.count == 1 {
                try TermScan.run(evaluator, into: &top)
            } else if fast && (rootClauses.allSatisfy({ $0.occur == .should }) || (rootClauses.count == 1 && rootClauses[0].occur == .must)) {
                try MaxScore.run(evaluator, into: &top)
            } else if fast && rootClauses.allSatisfy({ $0.occur == .must }) {
                try Conjunction.run(evaluator, into: &top)
            } else if conjunctive, let single = plan.singleExactPhrase {
                try PhraseScan.run(evaluator, slots: single.slots, offsets: single.offsets, field: single.field,
                                   distinct: single.distinct, into: &top)
            } else if conjunctive {
                try Conjunction.run(evaluator, plan: plan, into: &top)
            } else {
                try exhaustive(plan, evaluator: evaluator, entries: segmentEntries, leaves: leaves,
                               histogram: request.histogram) { doc, score in
                    matchCount += 1
                    if let period = request.histogram {
                        let date = segment.documents.date(Int(doc))
                        let key = period == .year ? date / 10000 : period == .month ? date / 100 : date
                        buckets[key, default: 0] += 1
                    }
                    top.offer(ScoredDoc(doc: segment.base + doc, score: score))
                }
            }
        }
        results.hits = Array(top.sorted().dropFirst(request.offset))
        if request.count { results.matchCount = matchCount }
        if let period = request.histogram {
            results.histogram = buckets.sorted { $0.key < $1.key }.map { HistogramBucket(label: Self.label($0.key, period), count: $0.value) }
            if let unknown = results.histogram.first, unknown.label == "unknown" {
                results.histogram.removeFirst()
                results.histogram.append(unknown)
            }
        }
        if request.explain {
            results.explanations = try results.hits.map { hit in
                let (segment, local) = reader.locate(hit.doc)
                let index = reader.segments.firstIndex { $0 === segment }!
                let scorer = DocumentScorer(bm25: request.bm25, documents: segment.documents,
                                            averageTitleLength: reader.averageTitleLength,
                                            averageBodyLength: reader.averageBodyLength)
                let evaluator = try SegmentEvaluator(segment: segment, leaves: leaves, entries: entries[index], scorer: scorer)
                evaluator.explanation = []
                evaluator.begin(Int32(local))
                _ = try evaluator.evaluate(plan, Int32(local))
                return HitExplanation(doc: hit.doc, score: hit.score, terms: evaluator.explanation ?? [])
            }
        }
        return results
    }

    private static func label(_ key: UInt32, _ period: DatePeriod) -> String {
        if key == 0 { return "unknown" }
        func two(_ v: UInt32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        switch period {
        case .year: return "\(key)"
        case .month: return "\(key / 100)-\(two(key % 100))"
        case .day: return "\(key / 10000)-\(two(key / 100 % 100))-\(two(key % 100))"
        }
    }

    /// Every candidate document (from the cheapest set of terms that every match must hold, or all
    /// documents) evaluated exactly.
    private func exhaustive(
        _ plan: QueryPlan, evaluator: SegmentEvaluator, entries: [TermEntry?], leaves: [QueryLeaf],
        histogram: DatePeriod?, onMatch: (Int32, Double) throws -> Void
    ) throws {
        let segment = evaluator.segment
        if let cover = Self.cover(plan, leaves: leaves) {
            let drivers = try cover.leaves.compactMap { leaf in try entries[leaf].map { try segment.cursor($0) } }
            for cursor in drivers { try cursor.next() }
            while true {
                var doc = PostingsCursor.exhausted
                for cursor in drivers where cursor.doc < doc { doc = cursor.doc }
                if doc == PostingsCursor.exhausted { return }
                evaluator.begin(doc)
                if let score = try evaluator.evaluate(plan, doc) { try onMatch(doc, score) }
                for cursor in drivers where cursor.doc == doc { try cursor.next() }
            }
        } else {
            for doc in 0..<Int32(segment.documents.count) {
                evaluator.begin(doc)
                if let score = try evaluator.evaluate(plan, doc) { try onMatch(doc, score) }
            }
        }
    }

    /// Leaves whose postings together hold every match of `plan` (nil: no such set; scan all).
    static func cover(_ plan: QueryPlan, leaves: [QueryLeaf]) -> (leaves: [Int], cost: Int)? {
        switch plan {
        case .term(let leaf):
            return ([leaf], leaves[leaf].documentFrequency)
        case .phrase(_, _, _, _, let distinct):
            let rarest = distinct.min { leaves[$0].documentFrequency < leaves[$1].documentFrequency }!
            return ([rarest], leaves[rarest].documentFrequency)
        case .date:
            return nil
        case .group(let clauses):
            var best: (leaves: [Int], cost: Int)?
            var hasScoringMust = false
            for (occur, child) in clauses where occur == .must {
                if case .date = child { continue }
                hasScoringMust = true
                if let c = cover(child, leaves: leaves), best == nil || c.cost < best!.cost { best = c }
            }
            if hasScoringMust { return best }
            var union: (leaves: [Int], cost: Int) = ([], 0)
            var optional = 0
            for (occur, child) in clauses where occur == .should {
                if case .date = child { continue }
                optional += 1
                guard let c = cover(child, leaves: leaves) else { return nil }
                union.leaves += c.leaves.filter { !union.leaves.contains($0) }
                union.cost += c.cost
            }
            return optional > 0 || clauses.isEmpty ? union : nil
        }
    }

    /// The plan of a query's clauses: a leaf per term clause and per distinct term of each phrase.
    static func plan(_ clauses: [QueryClause], leaves: inout [QueryLeaf]) -> [(QueryOccur, QueryPlan)] {
        func leaf(_ term: [UInt8], _ field: QueryField, _ count: Int) -> Int {
            leaves.append(QueryLeaf(term: term, field: field, count: count, documentFrequency: 0, idf: 0, weight: 0))
            return leaves.count - 1
        }
        return clauses.map { clause in
            switch clause.node {
            case .term(let term, let field, let count):
                return (clause.occur, .term(leaf(term, field, count)))
            case .phrase(let terms, let offsets, let slop, let field):
                var distinct: [([UInt8], Int)] = []
                let slots = terms.map { term in
                    if let found = distinct.first(where: { $0.0 == term }) { return found.1 }
                    let index = leaf(term, field, 1)
                    distinct.append((term, index))
                    return index
                }
                return (clause.occur, .phrase(slots: slots, offsets: offsets, slop: slop, field: field, leaves: distinct.map(\.1)))
            case .prefix:
                return (clause.occur, .group([]))  // (expanded before planning)
            case .date(let range):
                return (clause.occur, .date(range))
            case .group(let children):
                return (clause.occur, .group(plan(children, leaves: &leaves)))
            }
        }
    }

    /// A document's date, by global doc ID.
    private var dateOf: (Int32) -> UInt32 {
        let reader = self.reader
        if reader.segments.count == 1 {
            let documents = reader.segments[0].documents
            return { documents.date(Int($0)) }
        }
        return { doc in let (segment, local) = reader.locate(doc); return segment.documents.date(local) }
    }

    /// Equal scores: the smaller article id first.
    private var tieBreak: (Int32, Int32) -> Bool {
        let reader = self.reader
        if reader.segments.count == 1 {
            let documents = reader.segments[0].documents
            return { documents.idRank(Int($0)) < documents.idRank(Int($1)) }
        }
        return { a, b in
            let (sa, la) = reader.locate(a), (sb, lb) = reader.locate(b)
            if sa === sb { return sa.documents.idRank(la) < sb.documents.idRank(lb) }
            let ia = (try? sa.stored.id(la)) ?? "", ib = (try? sb.stored.id(lb)) ?? ""
            return ia.utf8.lexicographicallyPrecedes(ib.utf8)
        }
    }
}

extension BM25 {
    /// Whether per-block bounds are valid upper bounds for these parameters (tf̃ increasing in each
    /// TF and decreasing in each length: 0 ≤ b ≤ 1, non-negative k1 and weights).
    var prunable: Bool {
        b >= 0 && b <= 1 && k1 >= 0 && titleWeight >= 0 && bodyWeight >= 0 && k1.isFinite && titleWeight.isFinite && bodyWeight.isFinite
    }
}

/// One document's length normalization for scoring: the body's, and the document for the title's,
/// which is read only when a term is in the title (most postings have it in the body alone).
struct DocumentNorms {
    let body: Double
    let doc: Int
}

/// BM25F pieces that depend on one document: its field-length normalizations.
struct DocumentScorer {
    let bm25: BM25
    let documents: DocumentTable
    let averageTitleLength: Double
    let averageBodyLength: Double
    /// norm_f(d) = base_f + slope_f · len_f(d): 1 − b and b / avglen_f, or 1 and 0 when avglen_f = 0
    /// (no division per document).
    private let titleBase: Double, titleSlope: Double, bodyBase: Double, bodySlope: Double

    /// The documents' lengths packed (`DocumentTable.packedLengths`), when the searcher made them.
    private let titleLengths: UnsafePointer<UInt16>?
    private let bodyLengths: UnsafePointer<UInt16>?

    init(bm25: BM25, documents: DocumentTable, averageTitleLength: Double, averageBodyLength: Double,
         packedLengths: PackedLengths? = nil) {
        self.bm25 = bm25
        self.documents = documents
        titleLengths = packedLengths.map { UnsafePointer($0.titles) }
        bodyLengths = packedLengths.map { UnsafePointer($0.bodies) }
        self.averageTitleLength = averageTitleLength
        self.averageBodyLength = averageBodyLength
        (titleBase, titleSlope) = averageTitleLength > 0 ? (1 - bm25.b, bm25.b / averageTitleLength) : (1, 0)
        (bodyBase, bodySlope) = averageBodyLength > 0 ? (1 - bm25.b, bm25.b / averageBodyLength) : (1, 0)
    }

    /// The document's body norm now, its title norm when a term in its title asks for it.
    @inline(__always)
    func norms(_ doc: Int) -> DocumentNorms {
        if let bodyLengths { return DocumentNorms(body: bodyBase + bodySlope * Double(bodyLengths[doc]), doc: doc) }
        return DocumentNorms(body: bodyBase + bodySlope * Double(documents.bodyLength(doc)), doc: doc)
    }

    @inline(__always)
    func titleNorm(_ doc: Int) -> Double {
        if let titleLengths { return titleBase + titleSlope * Double(titleLengths[doc]) }
        return titleBase + titleSlope * Double(documents.titleLength(doc))
    }

    /// weight (idf × query count) · tf̃ / (k1 + tf̃), with tf̃ = a / n_title + c / n_body (a, c the
    /// weighted TFs; a field without the term adds nothing), over one division instead of three:
    /// weight · num / (k1 · n_title · n_body + num) with num = a · n_body + c · n_title.
    @inline(__always)
    func score(weight: Double, titleTF: UInt32, bodyTF: UInt32, norms: DocumentNorms) -> Double {
        let a = bm25.titleWeight * Double(titleTF), c = bm25.bodyWeight * Double(bodyTF)
        let numerator: Double, rest: Double
        if titleTF == 0 {
            numerator = c
            rest = bm25.k1 * norms.body
        } else if bodyTF == 0 {
            numerator = a
            rest = bm25.k1 * titleNorm(norms.doc)
        } else {
            let title = titleNorm(norms.doc)
            numerator = a * norms.body + c * title
            rest = bm25.k1 * title * norms.body
        }
        return numerator > 0 ? weight * numerator / (rest + numerator) : 0
    }
}
