// `newsidx eval`: run judged queries against the index and score the ranking (nDCG@10, MAP, P@10, R@100).
import NewsIndex

enum EvalCommand: Subcommand {
    static let name = "eval"
    static let summary = "score the ranking against relevance judgments"
    static let spec = ArgumentSpec(
        options: ["--queries", "--qrels", "--index", "--depth", "--run", "--k1", "--b", "--title-weight"],
        flags: ["--per-query", "--syntax", "--json"],
        maxPositionals: 0)
    static let help = """
        Usage: newsidx eval --queries FILE --qrels FILE [--index PATH] [--per-query] [--depth N] [--json]
               newsidx eval --run RUN --qrels FILE [--per-query] [--depth N] [--json]

        Runs every judged query (a query id that appears in the qrels) against the index, to depth
        1000, and scores the rankings with trec_eval's definitions:

          nDCG@10     graded: the grade is the gain, DCG = sum of grade / log2(rank + 1) over the top
                      10; the ideal ranking holds every judged document with grade > 0
          MAP         mean over queries of average precision to the depth, over all relevant
                      documents in the qrels
          P@10        relevant documents in the top 10, divided by 10
          R@100       relevant documents in the top 100, divided by the relevant ones in the qrels

        A document is relevant when its grade is > 0. The means are over the queries with at least
        one relevant document; a judged query missing from the query file, or without results,
        scores 0.

        Options:
          --queries FILE   `qid<TAB>query` per line (further columns ignored)
          --qrels FILE     `qid docid rel` or TREC's `qid 0 docid rel`, tabs or spaces
          --run RUN        score a TREC run (`qid Q0 docid rank score tag`) instead of searching
          --per-query      a line per query, then the means
          --syntax         parse the queries with the search syntax (default: plain words, since
                           judged queries are often in capitals: AND, OR and NOT are words)
          --depth N        results per query (default 1000)
          --json           JSON: one object with the means (with --per-query, a line per query first)
          --k1 X, --b X, --title-weight X
                           BM25 parameters, as for search (defaults 1.2, 0.75 and 2)
          --index PATH     the index (default: $NEWSIDX_INDEX, else .newsidx here or in a parent)
        """

    static func run(_ arguments: ParsedArguments) throws -> Int32 {
        guard let qrelsPath = arguments.string("--qrels") else {
            throw UsageError("eval needs --qrels FILE (and --queries FILE or --run RUN)")
        }
        let runPath = arguments.string("--run")
        let queriesPath = arguments.string("--queries")
        if runPath == nil && queriesPath == nil { throw UsageError("eval needs --queries FILE (or --run RUN)") }
        if runPath != nil && queriesPath != nil { throw UsageError("give either --queries or --run, not both") }
        let depth = try arguments.integer("--depth", default: 1000, in: 1...1_000_000)
        let bm25 = BM25(k1: try arguments.decimal("--k1", default: BM25.defaultK1, in: 0...100),
                        b: try arguments.decimal("--b", default: BM25.defaultB, in: 0...1),
                        titleWeight: try arguments.decimal("--title-weight", default: BM25.defaultTitleWeight, in: 0...1000))

        let judgments = try Judgments.parse(readText(qrelsPath, option: "--qrels"), source: qrelsPath)
        let judged = judgments.queryIDs
        if judged.isEmpty { throw NewsIndexError(.invalidInput, "\(qrelsPath): no judgments") }

        var rankings: [String: [String]] = [:]
        if let runPath {
            rankings = try TRECRun.parse(readText(runPath, option: "--run"), source: runPath)
        } else if let queriesPath {
            let queries = JudgedQuery.parseFile(try readText(queriesPath, option: "--queries"))
            let byID = Dictionary(queries.map { ($0.id, $0.text) }, uniquingKeysWith: { first, _ in first })
            let missing = judged.filter { byID[$0] == nil && judgments.relevantCount($0) > 0 }
            if !missing.isEmpty {
                Console.warn("warning: \(missing.count) judged quer\(missing.count == 1 ? "y is" : "ies are") not in \(queriesPath) "
                    + "and score 0: \(missing.prefix(5).joined(separator: ", "))\(missing.count > 5 ? ", …" : "")")
            }
            let reader = try IndexLocation.open(arguments)
            let searcher = Searcher(reader: reader)
            for qid in judged {
                guard let text = byID[qid] else { continue }
                let request = searchRequest(text: text, limit: depth, bm25: bm25, syntax: arguments.has("--syntax"))
                let results = try searcher.search(request)
                rankings[qid] = try results.hits.map { try reader.id(of: $0.doc) }
            }
        }

        var perQuery: [(String, QueryMetrics?)] = []
        for qid in judged {
            perQuery.append((qid, RetrievalMetrics.evaluate(ranking: rankings[qid] ?? [], grades: judgments.grades[qid] ?? [:], depth: depth)))
        }
        let summary = RetrievalMetrics.summary(perQuery.map(\.1))
        print(perQuery: arguments.has("--per-query") ? perQuery : [], summary: summary,
              judged: judged.count, depth: depth, json: arguments.has("--json"))
        return 0
    }

    /// The request for one judged query: plain words (AND, OR, NOT, quotes are words) unless `syntax`.
    static func searchRequest(text: String, limit: Int, bm25: BM25, syntax: Bool) -> SearchRequest {
        SearchRequest(text: text, limit: limit, bm25: bm25, syntax: syntax)
    }

    static func readText(_ path: String, option: String) throws -> String {
        let bytes: [UInt8]
        do { bytes = try SystemCalls.readFile(at: path) } catch let error as NewsIndexError {
            throw NewsIndexError(.invalidInput, "\(option) \(error.message)")
        }
        let decoded = LenientUTF8.decode(bytes)
        if decoded.replaced { Console.warn("\(path): not valid UTF-8; invalid bytes were replaced by U+FFFD") }
        return decoded.text
    }

    static func print(perQuery: [(String, QueryMetrics?)], summary: MetricsSummary, judged: Int, depth: Int, json: Bool) {
        if json {
            for (qid, metrics) in perQuery {
                var object = JSONObjectWriter()
                object.add("qid", qid)
                if let metrics {
                    object.add("ndcg@10", metrics.ndcg10)
                    object.add("ap", metrics.averagePrecision)
                    object.add("p@10", metrics.precision10)
                    object.add("recall@100", metrics.recall100)
                    object.add("relevant", metrics.relevant)
                    object.add("retrieved", metrics.retrieved)
                    object.add("relevant_retrieved", metrics.relevantRetrieved)
                } else {
                    object.add("relevant", 0)
                }
                Console.out.line(object.result)
            }
            var object = JSONObjectWriter()
            object.add("queries", summary.queries)
            object.add("judged_queries", judged)
            object.add("depth", depth)
            object.add("ndcg@10", summary.ndcg10)
            object.add("map", summary.meanAveragePrecision)
            object.add("p@10", summary.precision10)
            object.add("recall@100", summary.recall100)
            Console.out.line(object.result)
            return
        }
        func cell(_ value: Double) -> String { Format.decimal(value, 4).padding(toLength: 9) }
        if !perQuery.isEmpty {
            Console.out.line("qid".padding(toLength: 12) + "nDCG@10  AP       P@10     R@100    relevant retrieved")
            for (qid, metrics) in perQuery {
                let name = TerminalText.sanitized(qid, singleLine: true).padding(toLength: 12)
                guard let metrics else {
                    Console.out.line(name + "(no relevant documents: not averaged)")
                    continue
                }
                Console.out.line(name + cell(metrics.ndcg10) + cell(metrics.averagePrecision) + cell(metrics.precision10)
                    + cell(metrics.recall100) + String(metrics.relevant).padding(toLength: 9) + String(metrics.retrieved))
            }
            Console.out.line("")
        }
        Console.out.line("queries     \(summary.queries) with relevant documents (of \(judged) judged), depth \(depth)")
        Console.out.line("nDCG@10     \(Format.decimal(summary.ndcg10, 4))")
        Console.out.line("MAP         \(Format.decimal(summary.meanAveragePrecision, 4))")
        Console.out.line("P@10        \(Format.decimal(summary.precision10, 4))")
        Console.out.line("R@100       \(Format.decimal(summary.recall100, 4))")
    }
}
