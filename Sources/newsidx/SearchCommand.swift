// `newsidx search QUERY`: ranked results with title, date, path, score and a highlighted snippet.
import NewsIndex

enum SearchCommand: Subcommand {
    static let name = "search"
    static let summary = "find the articles that best match a query"
    static let spec = ArgumentSpec(
        options: ["--index", "--limit", "--offset", "--k1", "--b", "--title-weight", "--batch", "--warmup", "--timings"],
        flags: ["--json"],
        maxPositionals: 1)
    static let help = """
        Usage: newsidx search QUERY [--limit N] [--offset N] [--json] [--index PATH]
               newsidx search --batch FILE [--limit K] [--warmup N] [--timings PATH] [--json]

        Ranks the articles holding any word of QUERY with BM25 over the title and body (a title match
        weighs more) and prints the best: rank, score, date, title, path and a snippet of the body
        around the densest cluster of matched words, highlighted (bold on a terminal, **marked** when
        piped or with NO_COLOR set). The query is analyzed like the articles: case, accents and
        plurals do not matter.

        Options:
          --limit N          how many results (default 10)
          --offset N         skip the first N results (paging)
          --json             JSON Lines: rank, score, id, path, title, date, snippet, highlights
                             (UTF-8 byte ranges of the matched words within the snippet)
          --k1 X, --b X      BM25 parameters (default 1.2 and 0.75)
          --title-weight X   weight of a title match relative to a body match (default 2)
          --index PATH       the index (default: $NEWSIDX_INDEX, else .newsidx here or in a parent)

        Batch mode (for evaluation and benchmarks):
          --batch FILE       one query per line, `id<TAB>query` or a bare query (its id is its line
                             number); FILE - reads standard input. Prints a TREC run:
                             `qid Q0 docid rank score newsidx` (or JSON Lines with --json)
          --warmup N         run the whole batch N times first, untimed
          --timings PATH     write `qid<TAB>microseconds` per query of the timed pass
        """

    static func run(_ arguments: ParsedArguments) throws -> Int32 {
        let limit = try arguments.integer("--limit", default: 10, in: 0...1_000_000)
        let offset = try arguments.integer("--offset", default: 0, in: 0...1_000_000)
        let bm25 = BM25(k1: try arguments.decimal("--k1", default: BM25.defaultK1, in: 0...100),
                        b: try arguments.decimal("--b", default: BM25.defaultB, in: 0...1),
                        titleWeight: try arguments.decimal("--title-weight", default: BM25.defaultTitleWeight, in: 0...1000))
        if let batch = arguments.string("--batch") {
            if !arguments.positionals.isEmpty { throw UsageError("give either a QUERY or --batch FILE, not both") }
            return try BatchSearch.run(file: batch, arguments: arguments, limit: limit, bm25: bm25)
        }
        guard let query = arguments.positionals.first else {
            throw UsageError("search needs a query, e.g. `newsidx search \"sanctions ceasefire\"`")
        }
        let reader = try IndexLocation.open(arguments)
        let searcher = Searcher(reader: reader)
        let results = try searcher.search(SearchRequest(text: query, limit: limit, offset: offset, bm25: bm25))
        if results.hits.isEmpty && limit > 0 {
            Console.warn("no articles match \"\(query)\"")
            return 0
        }
        let printer = HitPrinter(reader: reader, terms: results.terms, json: arguments.has("--json"))
        for (index, hit) in results.hits.enumerated() {
            try printer.print(hit, rank: offset + index + 1)
        }
        return 0
    }
}
