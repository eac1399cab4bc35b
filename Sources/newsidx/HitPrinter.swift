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
        analyzer = Analyzer(stemming: reader.manifest.stemming)
    }

    func print(_ hit: ScoredDoc, rank: Int) throws {
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
            Console.out.line(object.result)
            return
        }
        let title = TerminalText.sanitized(stored.title.isEmpty ? "(no title)" : stored.title, singleLine: true)
        Console.out.line("\(rank). " + (bold ? "\u{1B}[1m" + title + "\u{1B}[0m" : title))
        var facts: [String] = []
        if stored.date > 0 { facts.append(Format.date(stored.date)) }
        facts.append(TerminalText.sanitized(path, singleLine: true) + (stored.lineNumber > 0 ? ":\(stored.lineNumber)" : ""))
        facts.append("score " + Format.decimal(hit.score, 3))
        Console.out.line("   " + facts.joined(separator: "  "))
        if let note {
            Console.out.line("   " + note)
        } else if !snippet.text.isEmpty {
            Console.out.line("   " + highlighted(snippet))
        }
        Console.out.line("")
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
