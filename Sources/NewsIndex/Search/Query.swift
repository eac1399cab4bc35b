// The analyzed query: a tree of clauses (required, optional, excluded) over terms, phrases, prefixes
// and date ranges, as `QueryParser` makes it from user text. `description` is what
// `newsidx search --explain-query` prints.

/// Which field a term or phrase must match in.
public enum QueryField: Sendable, Equatable {
    case any, title, body

    var prefix: String {
        switch self {
        case .any: ""
        case .title: "title:"
        case .body: "body:"
        }
    }
}

/// How a clause takes part in its group (Lucene's BooleanClause.Occur).
public enum QueryOccur: Sendable, Equatable {
    /// Optional: adds to the score; a group without required clauses needs one of these to match.
    case should
    /// Required (`+word`, `AND`).
    case must
    /// Excluded (`-word`, `NOT`).
    case mustNot
}

/// An inclusive range of dates, as YYYYMMDD numbers (unknown dates, 0, never match).
public struct DateRange: Sendable, Equatable {
    public var lower: UInt32
    public var upper: UInt32

    public init(lower: UInt32, upper: UInt32) {
        self.lower = lower
        self.upper = upper
    }

    @inline(__always)
    public func contains(_ date: UInt32) -> Bool { date != 0 && date >= lower && date <= upper }

    public var description: String {
        func format(_ d: UInt32) -> String {
            let y = d / 10000, m = d / 100 % 100, day = d % 100
            func two(_ v: UInt32) -> String { v < 10 ? "0\(v)" : "\(v)" }
            return "\(y)-\(two(m))-\(two(day))"
        }
        if lower <= DateRange.minimum && upper >= DateRange.maximum { return "date:*" }
        if lower <= DateRange.minimum { return "date:..\(format(upper))" }
        if upper >= DateRange.maximum { return "date:\(format(lower)).." }
        return lower == upper ? "date:\(format(lower))" : "date:\(format(lower))..\(format(upper))"
    }

    static let minimum: UInt32 = 1
    static let maximum: UInt32 = 99_991_231
}

/// One node of the query tree.
public indirect enum QueryNode: Sendable, Equatable {
    /// An analyzed term; `count` is how many times the group holds it (its weight multiplier).
    case term([UInt8], field: QueryField, count: Int)
    /// Terms at fixed relative positions (`offsets[i]` of `terms[i]`, first 0); with `slop` > 0 the
    /// terms need only all occur within a window of `terms.count + slop` positions, in any order.
    case phrase([[UInt8]], offsets: [Int], slop: Int, field: QueryField)
    /// Folded (unstemmed) prefix; expanded through the term dictionary at search time.
    case prefix([UInt8], field: QueryField)
    /// Articles dated within the range (a filter: scores 0).
    case date(DateRange)
    /// Clauses; see `QueryOccur` for how they combine.
    case group([QueryClause])
}

public struct QueryClause: Sendable, Equatable {
    public var occur: QueryOccur
    public var node: QueryNode

    public init(_ occur: QueryOccur, _ node: QueryNode) {
        self.occur = occur
        self.node = node
    }
}

/// A parsed, analyzed query: the clauses of its top-level group.
public struct Query: Sendable, Equatable, CustomStringConvertible {
    public var clauses: [QueryClause]
    /// Notes on how the query was understood (e.g. a prefix cut to 1,000 terms, flattened nesting).
    public var notes: [String] = []

    public init(clauses: [QueryClause], notes: [String] = []) {
        self.clauses = clauses
        self.notes = notes
    }

    public var isEmpty: Bool { clauses.isEmpty }

    /// The canonical text form: `+` required, `-` excluded, `(…)` groups, `"…"~N` phrases,
    /// `field:` scoping, `date:FROM..TO`; `(nothing)` for an empty query.
    public var description: String {
        clauses.isEmpty ? "(nothing)" : Query.render(clauses)
    }

    static func render(_ clauses: [QueryClause]) -> String {
        clauses.map { clause in
            let mark = clause.occur == .must ? "+" : clause.occur == .mustNot ? "-" : ""
            return mark + render(clause.node)
        }.joined(separator: " ")
    }

    static func render(_ node: QueryNode) -> String {
        switch node {
        case .term(let bytes, let field, let count):
            return field.prefix + quoteIfNeeded(String(decoding: bytes, as: UTF8.self)) + (count > 1 ? "^\(count)" : "")
        case .phrase(let terms, let offsets, let slop, let field):
            var words: [String] = []
            var last = 0
            for (term, offset) in zip(terms, offsets) {
                for _ in 0..<max(0, offset - last - 1) { words.append("?") }
                words.append(String(decoding: term, as: UTF8.self))
                last = offset
            }
            return field.prefix + "\"" + words.joined(separator: " ") + "\"" + (slop > 0 ? "~\(slop)" : "")
        case .prefix(let bytes, let field):
            return field.prefix + String(decoding: bytes, as: UTF8.self) + "*"
        case .date(let range):
            return range.description
        case .group(let clauses):
            return "(" + render(clauses) + ")"
        }
    }

    private static func quoteIfNeeded(_ text: String) -> String {
        text.utf8.contains(where: { $0 == 0x20 || $0 == 0x22 || $0 == 0x28 || $0 == 0x29 }) ? "\"" + text + "\"" : text
    }

    /// The distinct terms that can make an article match (not those under an exclusion), for
    /// highlighting; expanded prefixes are not included.
    public var positiveTerms: [[UInt8]] {
        var out: [[UInt8]] = []
        func walk(_ clauses: [QueryClause]) {
            for clause in clauses where clause.occur != .mustNot {
                switch clause.node {
                case .term(let bytes, _, _): if !out.contains(bytes) { out.append(bytes) }
                case .phrase(let terms, _, _, _): for t in terms where !out.contains(t) { out.append(t) }
                case .group(let children): walk(children)
                case .prefix, .date: break
                }
            }
        }
        walk(clauses)
        return out
    }
}
