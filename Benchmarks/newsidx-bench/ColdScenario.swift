// The cold scenario: a new `newsidx search` process per run, timed from spawn to its first result
// line and to its exit; checked against the in-process top 10.
import NewsIndex

enum ColdScenario {
    static func run(binary: String, index: String, query: BenchQuery, runs: Int) throws -> BenchResult {
        let reader = try IndexReader(path: index)
        let expected = try Searcher(reader: reader).search(SearchRequest(text: query.text, limit: 10, syntax: true))
            .hits.map { try reader.id(of: $0.doc) }
        var first: [Double] = [], total: [Double] = []
        for _ in 0..<max(1, runs) {
            let run = try ChildProcess.run(binary, ["search", query.text, "--index", index, "--limit", "10", "--json"])
            guard run.status == 0 else { throw NewsIndexError(.io, "\(binary) search failed (status \(run.status))") }
            let ids = idsOfJSONLines(run.output)
            if ids != expected {
                throw NewsIndexError(.corrupt, "\(binary) search \"\(query.text)\" gave \(ids.prefix(3))…, in process \(expected.prefix(3))…")
            }
            first.append(run.secondsToFirstOutput * 1000)
            total.append(run.seconds * 1000)
        }
        first.sort()
        total.sort()
        return BenchResult(scenario: "cold", label: query.text, figures: [
            Figure(name: "runs", value: Double(first.count), unit: ""),
            Figure(name: "first result p50", value: QueryScenario.percentile(first, 0.5), unit: "ms"),
            Figure(name: "first result min", value: first[0], unit: "ms"),
            Figure(name: "process exit p50", value: QueryScenario.percentile(total, 0.5), unit: "ms"),
            // No peak RSS here: a spawned child's ru_maxrss starts from this process's own peak
            // (exec records the parent's high-water mark), so it would measure the benchmark.
        ], checksum: XXHash64.hash(Array(expected.joined(separator: "\u{0}").utf8)))
    }

    /// The "id" of every JSON Lines object `newsidx search --json` printed (ids without escapes).
    static func idsOfJSONLines(_ output: [UInt8]) -> [String] {
        String(decoding: output, as: UTF8.self).split(separator: "\n").compactMap { line in
            guard let start = line.firstRange(of: "\"id\":\"")?.upperBound,
                  let end = line[start...].firstIndex(of: "\"") else { return nil }
            return String(line[start..<end])
        }
    }
}
