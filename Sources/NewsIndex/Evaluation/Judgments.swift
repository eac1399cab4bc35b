// Relevance judgments (qrels) and judged queries, parsed from the TREC-style text files.

/// Relevance grades per query: `grades[qid][docid]`. A grade > 0 means relevant; nDCG uses the
/// grade itself as the gain (trec_eval's ndcg_cut).
public struct Judgments: Sendable, Equatable {
    public var grades: [String: [String: Double]]

    public init(grades: [String: [String: Double]] = [:]) { self.grades = grades }

    /// The judged query ids, in numeric order where they are numbers, else byte order.
    public var queryIDs: [String] { grades.keys.sorted(by: QueryOrder.precedes) }

    /// How many documents are judged relevant (grade > 0) for `qid`.
    public func relevantCount(_ qid: String) -> Int { grades[qid]?.values.reduce(0) { $0 + ($1 > 0 ? 1 : 0) } ?? 0 }

    /// Parses a qrels file: one judgment per line, `qid docid rel` or TREC's `qid iteration docid rel`,
    /// fields separated by tabs or spaces. Blank lines and lines starting with `#` are skipped, and so
    /// is a first line whose grade is not a number (a header). A later judgment of the same pair wins.
    /// - Throws: `NewsIndexError(.invalidInput)` naming `source` and the line of the first bad line.
    public static func parse(_ text: String, source: String) throws -> Judgments {
        var judgments = Judgments()
        var sawJudgment = false
        for (number, line) in TextLines.lines(text) {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if fields.isEmpty || fields[0].hasPrefix("#") { continue }
            let qid: Substring, doc: Substring, grade: Substring
            switch fields.count {
            case 3: (qid, doc, grade) = (fields[0], fields[1], fields[2])
            case 4: (qid, doc, grade) = (fields[0], fields[2], fields[3])
            default:
                throw NewsIndexError(.invalidInput, "\(source):\(number): expected `qid docid rel` or `qid 0 docid rel`, "
                    + "found \(fields.count) field\(fields.count == 1 ? "" : "s")")
            }
            guard let value = Double(grade), value.isFinite else {
                if !sawJudgment { sawJudgment = true; continue }  // a header line
                throw NewsIndexError(.invalidInput, "\(source):\(number): the relevance grade '\(grade)' is not a number")
            }
            sawJudgment = true
            judgments.grades[String(qid), default: [:]][String(doc)] = value
        }
        return judgments
    }
}

/// One query of a query file.
public struct JudgedQuery: Sendable, Equatable {
    public var id: String
    public var text: String

    public init(id: String, text: String) {
        self.id = id
        self.text = text
    }

    /// Parses a query file: `qid<TAB>text` per line (further tab-separated columns are ignored), or a
    /// bare query whose id is its line number. Blank lines are skipped, and so is a first line
    /// `qid<TAB>…` / `query_id<TAB>…` / `id<TAB>…` / `topic<TAB>…` (a header).
    public static func parseFile(_ text: String) -> [JudgedQuery] {
        var queries: [JudgedQuery] = []
        var first = true
        for (number, line) in TextLines.lines(text) {
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            defer { first = false }
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard columns.count > 1 else {
                queries.append(JudgedQuery(id: String(number), text: String(line)))
                continue
            }
            let id = columns[0].trimmingSpaces
            if first && ["qid", "query_id", "id", "topic"].contains(id.lowercased()) { continue }
            let text = columns.dropFirst().first(where: { !$0.trimmingSpaces.isEmpty }) ?? ""
            queries.append(JudgedQuery(id: id, text: String(text)))
        }
        return queries
    }
}

/// A ranked list per query, from a TREC run file (`qid Q0 docid rank score tag`).
public enum TRECRun {
    /// Parses a run; each query's documents are ordered as trec_eval orders them: by score, highest
    /// first, equal scores by docid in reverse byte order. A document listed twice counts once.
    /// - Throws: `NewsIndexError(.invalidInput)` naming `source` and the line of the first bad line.
    public static func parse(_ text: String, source: String) throws -> [String: [String]] {
        var entries: [String: [(doc: String, score: Double)]] = [:]
        for (number, line) in TextLines.lines(text) {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if fields.isEmpty { continue }
            guard fields.count == 6, let score = Double(fields[4]) else {
                throw NewsIndexError(.invalidInput, "\(source):\(number): expected `qid Q0 docid rank score tag`")
            }
            entries[String(fields[0]), default: []].append((String(fields[2]), score))
        }
        return entries.mapValues { list in
            var seen = Set<String>()
            return list.sorted { a, b in
                a.score != b.score ? a.score > b.score : b.doc.utf8.lexicographicallyPrecedes(a.doc.utf8)
            }.map(\.doc).filter { seen.insert($0).inserted }
        }
    }
}

/// Query ids in a natural order: numbers by value, before other ids, which go in byte order.
public enum QueryOrder {
    public static func precedes(_ a: String, _ b: String) -> Bool {
        switch (Int(a), Int(b)) {
        case let (x?, y?): return x != y ? x < y : a < b
        case (.some, nil): return true
        case (nil, .some): return false
        case (nil, nil): return a.utf8.lexicographicallyPrecedes(b.utf8)
        }
    }
}

/// Splitting text into numbered lines on "\n" bytes (a trailing "\r" dropped), since "\r\n" is one
/// Character in Swift.
enum TextLines {
    static func lines(_ text: String) -> [(Int, Substring)] {
        let utf8 = text.utf8
        guard !utf8.isEmpty else { return [] }
        var result: [(Int, Substring)] = []
        var start = utf8.startIndex
        while true {
            let end = utf8[start...].firstIndex(of: 0x0A) ?? utf8.endIndex
            var lineEnd = end
            if lineEnd > start, utf8[utf8.index(before: lineEnd)] == 0x0D { lineEnd = utf8.index(before: lineEnd) }
            result.append((result.count + 1, Substring(utf8[start..<lineEnd])))
            if end == utf8.endIndex { return result }
            start = utf8.index(after: end)
        }
    }
}

extension Substring {
    var trimmingSpaces: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
