// Entry point of newsidx-bench: parses the scenario and corpus arguments and runs the scenarios.
import Glibc
import NewsIndex

let usage = """
    Usage: newsidx-bench [SCENARIO ...] [--corpus PATH] [--repeat N] [--threads LIST] [--queries FILE]
                         [--index PATH] [--newsidx PATH] [--runs N] [--warmup N] [--json]

    Scenarios (default: analysis). Each prints its figures and a checksum of its result, and fails
    when the result is wrong, so that a broken optimisation cannot look fast.

      analysis     analyzer throughput on one core: MB/s of title + body text, tokens/s (the text
                   is read and parsed first, untimed); checksum of every term
      build        a full build per thread count, each in a child process: wall seconds, MB/s of
                   text, articles/s, peak RSS (wait4), index bytes and % of text; checksum of the
                   segment files, which must not depend on the thread count
      query        warm latency per query class (1, 2, 3, 4+ words, AND, phrase): p50/p95/p99 µs of
                   analysis + top-10 search + fetching the ids; each top 10 must equal the
                   exhaustive (unpruned) top 10 and be the same in every pass
      cold         a new `newsidx search` process per run: ms from spawn to the first result line
                   and to exit; its ids must equal the in-process top 10
      incremental  on a scratch copy: rebuild with no change, then with 1% of the articles edited;
                   the result must answer the default queries as a full build does
      stored       in process: ns to read one document's id (a search's top 10 path) and one
                   whole stored record (printing a hit), over documents in a fixed random order

      --corpus PATH    a corpus folder or .jsonl file (default: corpus/)
      --repeat N       timed passes (analysis, build, query); the best / all are reported (default 3)
      --threads LIST   thread counts for build, e.g. 1,2 (default: 1 and every core)
      --queries FILE   query file for query and cold (`id<TAB>query` or one query per line; the
                       search syntax applies); default: 27 general news queries
      --index PATH     an index of the corpus for query and cold (default: built in a scratch folder)
      --newsidx PATH   the binary for cold (default: newsidx beside this executable)
      --runs N         process starts for cold (default 20)
      --warmup N       untimed passes before query (default 5)
      --json           one JSON object per result
    """

var scenarios: [String] = []
var corpusPath = "corpus"
var repeats = 3
var json = false
var threadList: [Int]?
var queriesPath: String?
var indexPath: String?
var binaryPath: String?
var runs = 20
var warmup = 5
var arguments = CommandLine.arguments.dropFirst()

if arguments.first == "--child-build" {
    let rest = Array(arguments.dropFirst())
    guard rest.count == 3, let threads = Int(rest[2]) else { exit(64) }
    exit(BuildScenario.child(corpus: rest[0], index: rest[1], threads: threads))
}

func fail(_ message: String, _ status: Int32 = 64) -> Never {
    FileHandleOut.err(message)
    exit(status)
}

enum FileHandleOut {
    static func err(_ text: String) {
        let line = text + "\n"
        _ = line.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
    }
}

while let argument = arguments.popFirst() {
    func value() -> String {
        guard let next = arguments.popFirst() else { fail("newsidx-bench: \(argument) needs a value\n\n\(usage)") }
        return next
    }
    func number() -> Int {
        let text = value()
        guard let number = Int(text), number >= 0 else { fail("newsidx-bench: \(argument) takes a whole number, not '\(text)'") }
        return number
    }
    switch argument {
    case "--corpus": corpusPath = value()
    case "--repeat": repeats = max(1, number())
    case "--runs": runs = max(1, number())
    case "--warmup": warmup = number()
    case "--queries": queriesPath = value()
    case "--index": indexPath = value()
    case "--newsidx": binaryPath = value()
    case "--threads":
        let text = value()
        let cores = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        let list = text.split(separator: ",").map { $0 == "max" ? cores : Int($0) ?? -1 }
        guard !list.isEmpty, list.allSatisfy({ $0 > 0 }) else { fail("newsidx-bench: --threads takes a list like 1,2 or 1,max") }
        threadList = list
    case "--json": json = true
    case "-h", "--help": print(usage); exit(0)
    default:
        if argument.hasPrefix("-") { fail("newsidx-bench: unknown option \(argument)\n\n\(usage)") }
        scenarios.append(argument)
    }
}
if scenarios.isEmpty { scenarios = ["analysis"] }
let known = ["analysis", "build", "query", "cold", "incremental", "stored"]
if let unknown = scenarios.first(where: { !known.contains($0) }) {
    fail("newsidx-bench: unknown scenario \(unknown)\n\n\(usage)")
}

var status: Int32 = 0
do {
    let scratch = try BenchScratch()
    defer { scratch.removeAll() }
    do {
        let corpus = try BenchCorpus(path: corpusPath, scratch: scratch)
        let queries = try queriesPath.map(BenchQuery.load) ?? BenchQuery.defaults
        var builtIndex: String?
        func index() throws -> String {
            if let indexPath { return indexPath }
            if let builtIndex { return builtIndex }
            let path = scratch.path("index")
            _ = try IndexBuilder.build(BuildOptions(corpusPath: corpus.folder, indexPath: path), warning: { _ in })
            builtIndex = path
            return path
        }
        for scenario in scenarios {
            var results: [BenchResult] = []
            switch scenario {
            case "analysis": results = [AnalysisScenario.run(texts: try corpus.texts(), repeats: repeats)]
            case "build":
                let cores = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
                results = try BuildScenario.run(corpus: corpus, threads: threadList ?? (cores > 1 ? [1, cores] : [1]),
                                                repeats: repeats, scratch: scratch)
            case "query": results = try QueryScenario.run(index: try index(), queries: queries, warmup: warmup, repeats: repeats)
            case "cold":
                guard let query = queries.first else { fail("newsidx-bench: no queries") }
                results = [try ColdScenario.run(binary: binaryPath ?? ChildProcess.newsidxBesideSelf, index: try index(),
                                                query: query, runs: runs)]
            case "stored": results = [try StoredScenario.run(index: try index(), repeats: repeats)]
            default:
                results = try IncrementalScenario.run(corpus: corpus, scratch: scratch, threads: threadList?.first ?? 0)
            }
            for result in results { result.print(json: json) }
        }
    } catch {
        FileHandleOut.err("newsidx-bench: \(error)")
        status = 1
    }
} catch {
    FileHandleOut.err("newsidx-bench: \(error)")
    status = 1
}
exit(status)
