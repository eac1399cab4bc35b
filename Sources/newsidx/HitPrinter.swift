// Printing one search hit: as readable text (bold highlights on a terminal) or as a JSON line.
import NewsIndex

struct HitPrinter {
    let reader: IndexReader
    let json: Bool
    private let queryTerms: Set<[UInt8]>
    private let bold: Bool
    private var analyzer: Analyzer

    init(reader: IndexReader, terms: [QueryTerm], json: Bool) {
        self.reader = reader
        self.json = json
        queryTerms = Set(terms.map(\.bytes))
        bold = Console.out.isTerminal && ProcessEnvironment.variable("NO_COLOR") == nil
        analyzer = Analyzer(stemming: reader.manifest.stemming, wordCache: false)
    }

    func print(_ hit: ScoredDoc, rank: Int, explanation: HitExplanation? = nil, bm25: BM25 = BM25()) throws {
        var analyzer = self.analyzer
        let stored = try reader.storedDocument(hit.doc)
        let path = ArticleText.sourcePath(hit.doc, stored: stored, in: reader)
        var snippet = Snippet(text: "", highlights: [])
        var note: String?
        switch ArticleText.fetch(hit.doc, stored: stored, in: reader) {
        case .found(let document):
            snippet = SnippetMaker.make(body: document.body, queryTerms: queryTerms, analyzer: &analyzer)
        case .unavailable(let text):
            note = text
        }
        if json {
            var object = JSONObjectWriter()
            object.add("rank", rank)
            object.add("score", hit.score)
            object.add("id", stored.id)
            object.add("path", path)
            object.add("title", stored.title)
            if stored.date > 0 { object.add("date", Format.date(stored.date)) } else { object.addNull("date") }
            object.add("snippet", snippet.text)
            object.addRaw("highlights", "[" + snippet.highlights.map { "[\($0.lowerBound),\($0.upperBound)]" }.joined(separator: ",") + "]")
            if let note { object.add("note", note) }
            if let explanation { object.addRaw("explain", Self.json(explanation, bm25: bm25, documents: reader.documentCount)) }
            Console.out.line(object.result)
            return
        }
        let title = TerminalText.sanitized(stored.title.isEmpty ? "(no title)" : stored.title, singleLine: true)
        Console.out.line("\(rank). " + (bold ? "\u{1B}[1m" + title + "\u{1B}[0m" : title))
        var facts: [String] = []
        if stored.date > 0 { facts.append(Format.date(stored.date)) }
        facts.append(TerminalText.sanitized(path, singleLine: true) + (stored.location.lineNumber > 0 ? ":\(stored.location.lineNumber)" : ""))
        facts.append("score " + Format.decimal(hit.score, 3))
        Console.out.line("   " + facts.joined(separator: "  "))
        if let note {
            Console.out.line("   " + TerminalText.sanitized(note, singleLine: true))
        } else if !snippet.text.isEmpty {
            Console.out.line("   " + highlighted(snippet))
        }
        if let explanation { for line in Self.lines(explanation, bm25: bm25, documents: reader.documentCount) { Console.out.line(line) } }
        Console.out.line("")
    }

    /// The score's making, one line per term: W = count · idf, tf̃, contribution, then the sum.
    static func lines(_ explanation: HitExplanation, bm25: BM25, documents: Int) -> [String] {
        var lines = ["   explain: score = Σ count·idf·tf̃/(k1 + tf̃), k1 \(Format.decimal(bm25.k1, 2)), b \(Format.decimal(bm25.b, 2)), N \(documents)"]
        for term in explanation.terms {
            let field = term.field == .any ? "" : (term.field == .title ? "title:" : "body:")
            lines.append("     " + Format.decimal(term.contribution, 4) + "  " + TerminalText.sanitized(field + term.term, singleLine: true)
                + "  idf " + Format.decimal(term.idf, 4) + " (df \(term.documentFrequency))" + (term.count > 1 ? " ×\(term.count)" : "")
                + "  title tf \(term.titleTF) len \(term.titleLength) avg " + Format.decimal(term.averageTitleLength, 2)
                + " w " + Format.decimal(term.titleWeight, 2)
                + "  body tf \(term.bodyTF) len \(term.bodyLength) avg " + Format.decimal(term.averageBodyLength, 2)
                + " w " + Format.decimal(term.bodyWeight, 2)
                + "  tf~ " + Format.decimal(term.combinedFrequency, 4))
        }
        lines.append("     " + Format.decimal(explanation.sum, 4) + "  sum (= score " + Format.decimal(explanation.score, 4) + ")")
        return lines
    }

    static func json(_ explanation: HitExplanation, bm25: BM25, documents: Int) -> String {
        let terms = explanation.terms.map { term -> String in
            var object = JSONObjectWriter()
            object.add("term", term.term)
            object.add("field", term.field == .any ? "any" : term.field == .title ? "title" : "body")
            object.add("contribution", term.contribution)
            object.add("idf", term.idf)
            object.add("df", term.documentFrequency)
            object.add("count", term.count)
            object.add("title_tf", Int(term.titleTF))
            object.add("title_length", Int(term.titleLength))
            object.add("average_title_length", term.averageTitleLength)
            object.add("title_weight", term.titleWeight)
            object.add("body_tf", Int(term.bodyTF))
            object.add("body_length", Int(term.bodyLength))
            object.add("average_body_length", term.averageBodyLength)
            object.add("body_weight", term.bodyWeight)
            object.add("combined_tf", term.combinedFrequency)
            return object.result
        }
        var object = JSONObjectWriter()
        object.add("k1", bm25.k1)
        object.add("b", bm25.b)
        object.add("documents", documents)
        object.add("sum", explanation.sum)
        object.addRaw("terms", "[" + terms.joined(separator: ",") + "]")
        return object.result
    }

    /// The snippet with its highlights in bold (terminal) or between ** markers.
    private func highlighted(_ snippet: Snippet) -> String {
        let bytes = Array(snippet.text.utf8)
        var output: [UInt8] = []
        var last = 0
        let open = Array((bold ? "\u{1B}[1m" : "**").utf8), close = Array((bold ? "\u{1B}[0m" : "**").utf8)
        for range in snippet.highlights {
            output.append(contentsOf: bytes[last..<range.lowerBound])
            output.append(contentsOf: open)
            output.append(contentsOf: bytes[range])
            output.append(contentsOf: close)
            last = range.upperBound
        }
        output.append(contentsOf: bytes[last...])
        return String(decoding: output, as: UTF8.self)
    }
}
