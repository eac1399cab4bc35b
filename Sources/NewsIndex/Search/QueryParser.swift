// The query language: a lenient parser that turns any user text into a `Query`, never an error.
//
//     word            ranked OR of the words (the default)
//     +word  -word    required / excluded; also `a AND b` (both required), `NOT a` (excluded)
//     a OR b          the default between words; accepted and ignored
//     ( … )           groups; nesting deeper than 32 levels is flattened into the 32nd
//     "a b c"         exact phrase; "a b"~N: all the words within a window of (words + N) positions
//     pre*            terms starting with `pre` (at least 2 characters before the star)
//     title:word  title:"a b"  title:(a b)  body:…   field scoping (any other `name:` is plain text)
//     date:2019  date:2019-03  date:2019-03-05  date:2019-01..2019-06  date:>=2020-01-01  date:<2019
//
// Words go through the document analyzer (folding, stemming; whole words, no compound parts). A word
// that becomes several terms ("U.S.-Russia" → u.s russia, "covid-19" → covid 19) becomes the
// phrase of those terms; a word that becomes none (lone punctuation, "C++" → c is kept) is dropped.
// Unbalanced quotes close at the end, unbalanced parentheses are closed at the end or ignored,
// operators with nothing to apply to are ignored. The parser is iterative: no recursion on input.

public struct QueryParser {
    public static let maximumDepth = 32
    public static let maximumSlop = 1000

    private var analyzer: Analyzer
    /// Made on the first prefix (an analyzer's word cache costs a few MB to set up).
    private var prefixAnalyzer: Analyzer?

    public init(stemming: Bool = true) {
        analyzer = Analyzer(stemming: stemming, compoundParts: false, wordCache: false)
    }

    /// Plain text: every term OR-ed, repeated terms counted (what the engine did before the query language).
    public mutating func parsePlain(_ text: String) -> Query {
        Query(clauses: analyzer.queryTerms(text).map { QueryClause(.should, .term($0.bytes, field: .any, count: $0.count)) })
    }

    // MARK: - Parsing

    private struct Frame {
        var clauses: [QueryClause] = []
        /// The occur and field the group itself will have in its parent.
        var occur: QueryOccur = .should
        var field: QueryField = .any
        /// The index of the last clause added (for `AND`).
        var last: Int? = nil
        var pendingAnd = false
    }

    private struct Pending {
        var occur: QueryOccur? = nil
        var field: QueryField? = nil
        var not = false
        var isEmpty: Bool { occur == nil && field == nil && !not }
    }

    public mutating func parse(_ text: String) -> Query {
        let bytes = Array(text.utf8)
        var stack: [Frame] = [Frame()]
        var pending = Pending()
        var ignoredOpens = 0
        var notes: [String] = []
        var index = 0
        let count = bytes.count

        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0C || b == 0x0B }

        while index < count {
            let byte = bytes[index]
            if isSpace(byte) { index += 1; continue }
            if byte == 0x28 {  // (
                index += 1
                if stack.count > QueryParser.maximumDepth {
                    ignoredOpens += 1
                    if notes.isEmpty { notes.append("nesting deeper than \(QueryParser.maximumDepth) levels flattened") }
                    continue
                }
                var frame = Frame()
                frame.occur = resolvedOccur(pending, in: stack[stack.count - 1])
                frame.field = pending.field ?? stack[stack.count - 1].field
                pending = Pending()
                stack.append(frame)
                continue
            }
            if byte == 0x29 {  // )
                index += 1
                if ignoredOpens > 0 { ignoredOpens -= 1; continue }
                if stack.count > 1 { closeFrame(&stack) }
                continue
            }
            if byte == 0x22 {  // "
                var end = index + 1
                while end < count && bytes[end] != 0x22 { end += 1 }
                let inner = String(decoding: bytes[(index + 1)..<end], as: UTF8.self)
                index = min(count, end + 1)
                var slop = 0
                if index < count && bytes[index] == 0x7E {  // ~N
                    var digits = index + 1
                    var value = 0
                    while digits < count, bytes[digits] >= 0x30, bytes[digits] <= 0x39 {
                        value = min(QueryParser.maximumSlop, value * 10 + Int(bytes[digits] - 0x30))
                        digits += 1
                    }
                    slop = digits > index + 1 ? value : 0
                    index = digits
                }
                let field = pending.field ?? stack[stack.count - 1].field
                if let node = phraseNode(inner, slop: slop, field: field) {
                    add(node, pending: pending, to: &stack)
                }
                pending = Pending()
                continue
            }
            // A word: up to whitespace, a parenthesis or a quote.
            var end = index
            while end < count && !isSpace(bytes[end]) && bytes[end] != 0x28 && bytes[end] != 0x29 && bytes[end] != 0x22 { end += 1 }
            var word = bytes[index..<end]
            index = end
            let nextByte: UInt8? = index < count ? bytes[index] : nil
            let opensNext = nextByte == 0x28 || nextByte == 0x22

            if word.elementsEqual("AND".utf8) {
                if let last = stack[stack.count - 1].last, stack[stack.count - 1].clauses[last].occur == .should {
                    stack[stack.count - 1].clauses[last].occur = .must
                }
                stack[stack.count - 1].pendingAnd = stack[stack.count - 1].last != nil
                continue
            }
            if word.elementsEqual("OR".utf8) { stack[stack.count - 1].pendingAnd = false; continue }
            if word.elementsEqual("NOT".utf8) { pending.not = true; continue }

            // Leading + or - (one; more are punctuation for the analyzer).
            if let first = word.first, first == 0x2B || first == 0x2D {
                pending.occur = first == 0x2B ? .must : .mustNot
                word = word.dropFirst()
                if word.isEmpty {
                    if !opensNext { pending.occur = nil }  // a stray operator
                    continue
                }
            }
            // field:
            if let colon = word.firstIndex(of: 0x3A), colon > word.startIndex {
                let name = String(decoding: word[word.startIndex..<colon], as: UTF8.self).lowercased()
                let value = word[(colon + 1)...]
                if name == "title" || name == "body" {
                    let field: QueryField = name == "title" ? .title : .body
                    if value.isEmpty && opensNext { pending.field = field; continue }
                    if !value.isEmpty {
                        if let node = wordNode(value, field: field) { add(node, pending: pending, to: &stack) }
                        pending = Pending()
                        continue
                    }
                } else if name == "date", let range = QueryParser.parseDateValue(value) {
                    var datePending = pending
                    if datePending.occur == nil && !datePending.not { datePending.occur = .must }
                    add(.date(range), pending: datePending, to: &stack)
                    pending = Pending()
                    continue
                }
            }
            if let node = wordNode(word, field: pending.field ?? stack[stack.count - 1].field) {
                add(node, pending: pending, to: &stack)
            }
            pending = Pending()
        }
        while stack.count > 1 { closeFrame(&stack) }
        return Query(clauses: stack[0].clauses, notes: notes)
    }

    private func resolvedOccur(_ pending: Pending, in frame: Frame) -> QueryOccur {
        if pending.not { return .mustNot }
        if let occur = pending.occur { return occur }
        return frame.pendingAnd ? .must : .should
    }

    private func add(_ node: QueryNode, pending: Pending, to stack: inout [Frame]) {
        var frame = stack.removeLast()
        let occur = resolvedOccur(pending, in: frame)
        frame.pendingAnd = false
        // A repeated term in the same role counts twice (its weight doubles).
        if case .term(let bytes, let field, let count) = node,
           let existing = frame.clauses.firstIndex(where: {
               if $0.occur == occur, case .term(let b, let f, _) = $0.node { return b == bytes && f == field }
               return false }),
           case .term(_, _, let existingCount) = frame.clauses[existing].node {
            frame.clauses[existing].node = .term(bytes, field: field, count: existingCount + count)
            frame.last = existing
        } else {
            frame.clauses.append(QueryClause(occur, node))
            frame.last = frame.clauses.count - 1
        }
        stack.append(frame)
    }

    private func closeFrame(_ stack: inout [Frame]) {
        let frame = stack.removeLast()
        guard !frame.clauses.isEmpty else { return }
        var node = QueryNode.group(frame.clauses)
        // A group of one optional or required clause is that clause.
        if frame.clauses.count == 1, frame.clauses[0].occur != .mustNot { node = frame.clauses[0].node }
        var parent = stack.removeLast()
        let occur = frame.occur == .should && parent.pendingAnd ? .must : frame.occur
        parent.pendingAnd = false
        parent.clauses.append(QueryClause(occur, node))
        parent.last = parent.clauses.count - 1
        stack.append(parent)
    }

    // MARK: - Words and phrases

    private mutating func analyzed(_ text: String) -> [(term: [UInt8], position: Int)] {
        var sink = PositionedTermSink()
        analyzer.analyze(text, into: &sink)
        return sink.terms
    }

    private mutating func wordNode(_ word: ArraySlice<UInt8>, field: QueryField) -> QueryNode? {
        // prefix*: at least two characters (after folding) before the star(s).
        if word.last == 0x2A {
            var stem = word
            while stem.last == 0x2A { stem = stem.dropLast() }
            var sink = PositionedTermSink()
            if prefixAnalyzer == nil { prefixAnalyzer = Analyzer(stemming: false, compoundParts: false, wordCache: false) }
            prefixAnalyzer!.analyze(String(decoding: stem, as: UTF8.self), into: &sink)
            if sink.terms.count == 1, String(decoding: sink.terms[0].term, as: UTF8.self).count >= 2 {
                return .prefix(sink.terms[0].term, field: field)
            }
        }
        return phraseNode(String(decoding: word, as: UTF8.self), slop: 0, field: field)
    }

    private mutating func phraseNode(_ text: String, slop: Int, field: QueryField) -> QueryNode? {
        let terms = analyzed(text)
        guard let first = terms.first else { return nil }
        if terms.count == 1 { return .term(first.term, field: field, count: 1) }
        return .phrase(terms.map(\.term), offsets: terms.map { $0.position - first.position }, slop: slop, field: field)
    }

    // MARK: - Dates

    /// `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, `A..B` (either side may be empty), `>=A`, `>A`, `<=A`, `<A`.
    static func parseDateValue(_ value: ArraySlice<UInt8>) -> DateRange? {
        let text = String(decoding: value, as: UTF8.self)
        let bytes = Array(value)
        if let dots = (0..<max(0, bytes.count - 1)).first(where: { bytes[$0] == 0x2E && bytes[$0 + 1] == 0x2E }) {
            let lowText = Substring(String(decoding: bytes[..<dots], as: UTF8.self))
            let highText = Substring(String(decoding: bytes[(dots + 2)...], as: UTF8.self))
            let low = lowText.isEmpty ? (DateRange.minimum, DateRange.minimum) : parseDate(lowText)
            let high = highText.isEmpty ? (DateRange.maximum, DateRange.maximum) : parseDate(highText)
            guard let low, let high, !(lowText.isEmpty && highText.isEmpty), low.0 <= high.1 else { return nil }
            return DateRange(lower: low.0, upper: high.1)
        }
        for (op, _) in [(">=", 0), ("<=", 0), (">", 0), ("<", 0)] where text.hasPrefix(op) {
            guard let period = parseDate(text.dropFirst(op.count)) else { return nil }
            switch op {
            case ">=": return DateRange(lower: period.0, upper: DateRange.maximum)
            case ">": return DateRange(lower: nextDay(period.1), upper: DateRange.maximum)
            case "<=": return DateRange(lower: DateRange.minimum, upper: period.1)
            default: return DateRange(lower: DateRange.minimum, upper: previousDay(period.0))
            }
        }
        guard let period = parseDate(text[...]) else { return nil }
        return DateRange(lower: period.0, upper: period.1)
    }

    static func daysIn(_ year: UInt32, _ month: UInt32) -> UInt32 {
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        return month == 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].contains(month) ? 30 : 31
    }

    static func nextDay(_ date: UInt32) -> UInt32 {
        let y = date / 10000, m = date / 100 % 100, d = date % 100
        if d < daysIn(y, m) { return date + 1 }
        return m < 12 ? y * 10000 + (m + 1) * 100 + 1 : (y + 1) * 10000 + 101
    }

    static func previousDay(_ date: UInt32) -> UInt32 {
        let y = date / 10000, m = date / 100 % 100, d = date % 100
        if d > 1 { return date - 1 }
        if m > 1 { return y * 10000 + (m - 1) * 100 + daysIn(y, m - 1) }
        return y > 1 ? (y - 1) * 10000 + 1231 : DateRange.minimum
    }

    /// A year, month or day as its first and last YYYYMMDD.
    public static func parseDate(_ text: Substring) -> (UInt32, UInt32)? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }),
              parts[0].utf8.count == 4, let year = UInt32(parts[0]), year >= 1 else { return nil }
        if parts.count == 1 { return (year * 10000 + 101, year * 10000 + 1231) }
        guard parts[1].utf8.count <= 2, let month = UInt32(parts[1]), (1...12).contains(month) else { return nil }
        if parts.count == 2 { return (year * 10000 + month * 100 + 1, year * 10000 + month * 100 + daysIn(year, month)) }
        guard parts[2].utf8.count <= 2, let day = UInt32(parts[2]), day >= 1, day <= daysIn(year, month) else { return nil }
        let date = year * 10000 + month * 100 + day
        return (date, date)
    }
}

/// Keeps (term, position) of every term, in order.
struct PositionedTermSink: TokenSink {
    var terms: [(term: [UInt8], position: Int)] = []

    mutating func accept(term: UnsafeBufferPointer<UInt8>, position: Int, start: Int, end: Int, isPart: Bool) {
        terms.append((Array(term), position))
    }
}
