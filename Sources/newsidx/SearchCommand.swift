// `newsidx search QUERY`: ranked results with title, date, path, score and a highlighted snippet.
import NewsIndex

enum SearchCommand: Subcommand {
    static let name = "search"
    static let summary = "find the articles that best match a query"
    static let spec = ArgumentSpec(
        options: ["--index", "--limit", "--offset", "--k1", "--b", "--title-weight", "--batch", "--warmup", "--timings",
                  "--since", "--until", "--sort", "--by"],
        flags: ["--json", "--count", "--explain", "--explain-query", "--plain"],
        maxPositionals: 1)
    static let help = """
        Usage: newsidx search QUERY [--limit N] [--offset N] [--sort relevance|date] [--since DATE]
                              [--until DATE] [--count] [--by year|month|day] [--explain]
                              [--explain-query] [--plain] [--json] [--index PATH]
               newsidx search --batch FILE [--limit K] [--warmup N] [--timings PATH] [--json]

        Ranks the matching articles with BM25 over the title and body (a title match weighs more) and
        prints the best: rank, score, date, title, path and a snippet of the body around the densest
        cluster of matched words, highlighted (bold on a terminal, **marked** when piped or with
        NO_COLOR set). The query is analyzed like the articles: case, accents and plurals do not matter.

        Query language (never an error: what cannot be understood is read as words):
          sanctions ceasefire      articles with either word, ranked (the default is OR)
          +sanctions -iran         + requires a word, - excludes it; also `a AND b`, `NOT a`, `a OR b`
          (iran OR iraq) +oil      parentheses group (deeper than 32 levels is flattened)
          "peace talks"            an exact phrase; "peace talks"~3: the words within 3 extra positions
          presid*                  words starting with presid (2+ characters; the 1,000 most frequent)
          title:ceasefire          only in the title; also title:"a phrase", title:(a b), body:word
          date:2019-03             dates: date:2019, date:2019-03-05, date:2019-01..2019-06,
                                   date:>=2020-01-01, date:<2019 (articles without a date never match)
        A word the analyzer splits ("U.S.-Russia", "covid-19") is searched as the phrase of its parts;
        a colon after an unknown name ("key:value") is part of the word.

        Options:
          --limit N          how many results (default 10)
          --offset N         skip the first N results (paging)
          --sort KEY         relevance (default) or date (newest first; then score)
          --since DATE, --until DATE
                             only articles dated from / up to DATE (YYYY, YYYY-MM or YYYY-MM-DD)
          --count            print only the exact number of matching articles
          --by PERIOD        print how many matching articles fall in each year, month or day
          --explain          after each hit, how its score was made (per term and field)
          --explain-query    print the query as understood after analysis, and stop
          --plain            read QUERY as plain words (no operators, phrases, fields or dates)
          --json             JSON Lines: rank, score, id, path, title, date, snippet, highlights
                             (UTF-8 byte ranges of the matched words within the snippet)
          --k1 X, --b X      BM25 parameters (default 2.0 and 0.8)
          --title-weight X   weight of a title match relative to a body match (default 3)
          --index PATH       the index (default: $NEWSIDX_INDEX, else .newsidx here or in a parent)

        Batch mode (for evaluation and benchmarks):
          --batch FILE       one query per line, `id<TAB>query` or a bare query (its id is its line
                             number); FILE - reads standard input. Prints a TREC run:
                             `qid Q0 docid rank score newsidx` (or JSON Lines with --json)
          --warmup N         run the whole batch N times first, untimed
          --timings PATH     write `qid<TAB>microseconds` per query of the timed pass
        """

    /// A date option: YYYY, YYYY-MM or YYYY-MM-DD, as the period's first and last YYYYMMDD.
    static func date(_ option: String, _ text: String) throws -> (UInt32, UInt32) {
        guard let period = QueryParser.parseDate(text[...]) else {
            throw UsageError("\(option) takes a date as YYYY, YYYY-MM or YYYY-MM-DD, not '\(text)'")
        }
        return period
    }

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
        var request = SearchRequest(text: query, limit: limit, offset: offset, bm25: bm25, syntax: !arguments.has("--plain"))
        if let since = arguments.string("--since") { request.since = try date("--since", since).0 }
        if let until = arguments.string("--until") { request.until = try date("--until", until).1 }
        request.sort = SearchSort(rawValue: try arguments.choice("--sort", default: "relevance", among: ["relevance", "date"]))!
        if arguments.string("--by") != nil {
            request.histogram = DatePeriod(rawValue: try arguments.choice("--by", default: "year", among: ["year", "month", "day"]))
        }
        request.count = arguments.has("--count")
        request.explain = arguments.has("--explain")
        let json = arguments.has("--json")
        let reader = try IndexLocation.open(arguments)
        let searcher = Searcher(reader: reader)
        if arguments.has("--explain-query") {
            let understood = try searcher.query(for: request)
            if json {
                var object = JSONObjectWriter()
                object.add("query", understood.description)
                object.addRaw("notes", "[" + understood.notes.map { note in var t = ""; JSONText.appendString(note, to: &t); return t }.joined(separator: ",") + "]")
                Console.out.line(object.result)
            } else {
                Console.out.line(understood.description)
                for note in understood.notes { Console.out.line("note: " + note) }
            }
            return 0
        }
        let results = try searcher.search(request)
        if let stale = StaleIndex.check(reader: reader, hits: results.hits.map(\.doc)).message { Console.warn(stale) }
        if request.histogram != nil || request.count {
            for bucket in results.histogram {
                if json {
                    var object = JSONObjectWriter()
                    object.add("period", bucket.label)
                    object.add("count", bucket.count)
                    Console.out.line(object.result)
                } else {
                    Console.out.line("\(bucket.label)\t\(bucket.count)")
                }
            }
            if let count = results.matchCount {
                if json {
                    var object = JSONObjectWriter()
                    object.add("count", count)
                    Console.out.line(object.result)
                } else {
                    Console.out.line(String(count))
                }
            }
            return 0
        }
        if results.hits.isEmpty && limit > 0 {
            Console.warn("no articles match \"\(query)\"")
            return 0
        }
        let printer = HitPrinter(reader: reader, terms: results.terms, json: json)
        for (index, hit) in results.hits.enumerated() {
            try printer.print(hit, rank: offset + index + 1,
                              explanation: request.explain ? results.explanations[index] : nil, bm25: bm25)
        }
        return 0
    }
}
