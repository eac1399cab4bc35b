// `newsidx show ID`: one article in full (title, date, path, body) from its source file.
import NewsIndex

enum ShowCommand: Subcommand {
    static let name = "show"
    static let summary = "print one article in full"
    static let spec = ArgumentSpec(options: ["--index"], flags: ["--json"], maxPositionals: 1)
    static let help = """
        Usage: newsidx show ID [--json] [--index PATH]

        Prints the article with id ID (as search shows it: for a .txt file its path in the corpus
        without .txt, for a .jsonl record its id) in full: title, date, path and body, read from its
        source file. If the source changed or vanished since the build, says so.

        Options:
          --json         one JSON object: id, title, date, path, body
          --index PATH   the index (default: $NEWSIDX_INDEX, else .newsidx here or in a parent)
        """

    static func run(_ arguments: ParsedArguments) throws -> Int32 {
        guard let id = arguments.positionals.first else { throw UsageError("show needs an article id, e.g. `newsidx show seed/2025-06-28-nato-summit-russia`") }
        let reader = try IndexLocation.open(arguments)
        guard let doc = try reader.document(withID: id) else {
            throw NewsIndexError(.invalidInput, "no article with id '\(id)' in \(reader.path); `newsidx search` shows the ids (--json)")
        }
        let stored = try reader.storedDocument(doc)
        let path = ArticleText.sourcePath(doc, stored: stored, in: reader)
        var body: String?
        var note: String?
        switch ArticleText.fetch(doc, stored: stored, in: reader) {
        case .found(let document): body = document.body
        case .unavailable(let text): note = text
        }
        if arguments.has("--json") {
            var object = JSONObjectWriter()
            object.add("id", stored.id)
            object.add("title", stored.title)
            if stored.date > 0 { object.add("date", Format.date(stored.date)) } else { object.addNull("date") }
            object.add("path", path)
            if let body { object.add("body", body) } else { object.addNull("body") }
            if let note { object.add("note", note) }
            Console.out.line(object.result)
            return body == nil ? 1 : 0
        }
        Console.out.line(TerminalText.sanitized(stored.title, singleLine: true))
        if stored.date > 0 { Console.out.line(Format.date(stored.date)) }
        Console.out.line(TerminalText.sanitized(path, singleLine: true) + (stored.location.lineNumber > 0 ? ":\(stored.location.lineNumber)" : ""))
        Console.out.line("")
        if let body {
            Console.out.line(TerminalText.sanitized(body))
            return 0
        }
        Console.warn(note ?? "source unavailable")
        return 1
    }
}
