// The query scenario: warm latency per query class (p50/p95/p99), in process, over a query file;
// checked by a hash of every query's top-10 ids, which must equal the exhaustive (unpruned) top 10.
import NewsIndex

struct BenchQuery {
    var id: String
    var text: String

    /// "1 word" … "4+ words", "AND" (a `+word` or ` AND `), or "phrase" (a quote).
    var queryClass: String {
        if text.contains("\"") { return "phrase" }
        let words = text.split(separator: " ")
        if words.contains(where: { $0.hasPrefix("+") || $0 == "AND" }) { return "AND" }
        return words.count >= 4 ? "4+ words" : words.count == 1 ? "1 word" : "\(words.count) words"
    }

    static let classes = ["1 word", "2 words", "3 words", "4+ words", "AND", "phrase"]

    /// General news queries of every class (the default query set).
    static let defaults: [BenchQuery] = [
        "sanctions", "election", "oil", "bank", "president", "market", "government", "the",
        "oil prices", "central bank", "interest rates", "trade deal", "stock market", "climate change",
        "european debt crisis", "prime minister resigns", "sanctions ceasefire talks",
        "central bank raises interest rates", "president visits china for trade talks",
        "+oil +prices", "+bank +rates +inflation", "+election +president", "+sanctions +russia",
        "\"interest rates\"", "\"prime minister\"", "\"stock market\"", "\"central bank\"",
    ].enumerated().map { BenchQuery(id: "d\($0.offset + 1)", text: $0.element) }

    /// `id<TAB>query` per line, or a bare query (its id: its line number); blank lines skipped.
    static func load(_ path: String) throws -> [BenchQuery] {
        let text = String(decoding: try SystemCalls.readFile(at: path), as: UTF8.self)
        var queries: [BenchQuery] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.hasSuffix("\r") ? line.dropLast() : line
            if trimmed.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            let parts = trimmed.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
            queries.append(parts.count == 2 ? BenchQuery(id: String(parts[0]), text: String(parts[1]))
                                            : BenchQuery(id: String(number + 1), text: String(trimmed)))
        }
        return queries
    }
}

enum QueryScenario {
    static func run(index: String, queries: [BenchQuery], warmup: Int, repeats: Int) throws -> [BenchResult] {
        let reader = try IndexReader(path: index)
        let searcher = Searcher(reader: reader)
        func request(_ query: BenchQuery, exhaustive: Bool = false) -> SearchRequest {
            var request = SearchRequest(text: query.text, limit: 10, syntax: true)
            request.exhaustive = exhaustive
            return request
        }
        // The check: pruned top 10 == exhaustive top 10 (ids, in order), untimed.
        var expected: [[String]] = []
        var differing: [String] = []
        for query in queries {
            let pruned = try searcher.search(request(query)).hits.map { try reader.id(of: $0.doc) }
            let exact = try searcher.search(request(query, exhaustive: true)).hits.map { try reader.id(of: $0.doc) }
            if pruned != exact { differing.append(query.id) }
            expected.append(exact)
        }
        if !differing.isEmpty {
            throw NewsIndexError(.corrupt, "pruned top 10 differs from the exhaustive top 10 for queries "
                + differing.prefix(10).joined(separator: ", "))
        }
        for _ in 0..<warmup { for query in queries { _ = try searcher.search(request(query)) } }
        var micros = [[Double]](repeating: [], count: queries.count)
        var checksum: UInt64 = 0
        for pass in 0..<max(1, repeats) {
            var passHash: UInt64 = 0
            for (index, query) in queries.enumerated() {
                let start = ProcessEnvironment.monotonicNanoseconds()
                let results = try searcher.search(request(query))
                var ids: [String] = []
                ids.reserveCapacity(results.hits.count)
                for hit in results.hits { ids.append(try reader.id(of: hit.doc)) }
                micros[index].append(Double(ProcessEnvironment.monotonicNanoseconds() - start) / 1000)
                if ids != expected[index] {
                    throw NewsIndexError(.corrupt, "query \(query.id): timed pass \(pass + 1) returned other results")
                }
                passHash = XXHash64.hash(Array((query.id + "\u{0}" + ids.joined(separator: "\u{0}")).utf8), seed: passHash)
            }
            checksum = passHash
        }
        var results: [BenchResult] = []
        for name in BenchQuery.classes + ["all"] {
            let members = queries.indices.filter { name == "all" || queries[$0].queryClass == name }
            if members.isEmpty { continue }
            let times = members.flatMap { micros[$0] }.sorted()
            var hash: UInt64 = 0
            for index in members {
                hash = XXHash64.hash(Array((queries[index].id + "\u{0}" + expected[index].joined(separator: "\u{0}")).utf8), seed: hash)
            }
            results.append(BenchResult(scenario: "query", label: name, figures: [
                Figure(name: "queries", value: Double(members.count), unit: ""),
                Figure(name: "timed searches", value: Double(times.count), unit: ""),
                Figure(name: "p50", value: percentile(times, 0.50), unit: "µs"),
                Figure(name: "p95", value: percentile(times, 0.95), unit: "µs"),
                Figure(name: "p99", value: percentile(times, 0.99), unit: "µs"),
                Figure(name: "mean", value: times.reduce(0, +) / Double(times.count), unit: "µs"),
            ], checksum: name == "all" ? checksum : hash))
        }
        return results
    }

    /// The nearest-rank percentile of sorted values.
    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return sorted[min(sorted.count - 1, max(0, rank - 1))]
    }
}
