// `newsidx search` with the query language: --explain-query, --count, --by, --sort date, --since,
// --until, --explain (the per-term contributions add up to the score), usage errors.
import Foundation
import Testing

@Suite("CLI search query language")
struct SearchQueryCommandTests {
    private func indexed(_ label: String) throws -> (TempFolder, URL) {
        let folder = try TempFolder(label)
        let corpus = try makeStandardCorpus(in: folder)
        let index = folder.sub("index")
        try buildIndex(corpus: corpus, index: index)
        return (folder, index)
    }

    @Test func explainQueryPrintsTheAnalyzedQuery() throws {
        let (folder, index) = try indexed("search-explain-query")
        defer { folder.remove() }
        let cases = [
            ("+Sanctions -\"peace talks\"~2 date:2024", "+sanction -\"peac talk\"~2 +date:2024-01-01..2024-12-31"),
            ("U.S.-Russia (((", "\"u.s russia\""),
            ("title:(NATO summit) OR", "(title:nato title:summit)"),
        ]
        for (query, expected) in cases {
            let result = try runNewsidx(["search", "--explain-query", "--index", index.path, "--", query])
            #expect(result.status == 0, "\(result)")
            #expect(result.stdout == expected + "\n", "\(query): \(result)")
        }
    }

    @Test func countHistogramAndDateSort() throws {
        let (folder, index) = try indexed("search-count")
        defer { folder.remove() }
        // "sanctions" is in the markets article (2023) and the oil wire (2025), maybe more: count them.
        let all = try runNewsidx(["search", "sanctions", "--json", "--limit", "100", "--index", index.path])
        let dates = all.lines.compactMap { jsonObject($0)?["date"] as? String }
        let count = try runNewsidx(["search", "sanctions", "--count", "--index", index.path])
        #expect(count.stdout == "\(dates.count)\n", "\(count)")
        let byYear = try runNewsidx(["search", "sanctions", "--by", "year", "--index", index.path])
        var expected: [String: Int] = [:]
        for date in dates { expected[String(date.prefix(4)), default: 0] += 1 }
        let lines = expected.sorted { $0.key < $1.key }.map { "\($0.key)\t\($0.value)" }
        #expect(byYear.stdout == lines.joined(separator: "\n") + "\n", "\(byYear)")
        let sorted = try runNewsidx(["search", "sanctions", "--sort", "date", "--json", "--index", index.path])
        let sortedDates = sorted.lines.compactMap { jsonObject($0)?["date"] as? String }
        #expect(sortedDates == dates.sorted(by: >), "\(sorted)")
        let since = try runNewsidx(["search", "sanctions", "--since", "2024", "--until", "2025-03", "--json", "--index", index.path])
        let sinceDates = since.lines.compactMap { jsonObject($0)?["date"] as? String }
        #expect(Set(sinceDates) == Set(dates.filter { $0 >= "2024-01-01" && $0 <= "2025-03-31" }), "\(since)")
        let bad = try runNewsidx(["search", "x", "--since", "2024-13", "--index", index.path])
        #expect(bad.status == 64, "\(bad)")
    }

    @Test func explainedContributionsSumToTheScore() throws {
        let (folder, index) = try indexed("search-explain")
        defer { folder.remove() }
        let result = try runNewsidx(["search", "sanctions talks title:oil", "--explain", "--json", "--index", index.path])
        #expect(result.status == 0, "\(result)")
        #expect(!result.lines.isEmpty)
        for line in result.lines {
            let object = try #require(jsonObject(line))
            let score = try #require(object["score"] as? Double)
            let explain = try #require(object["explain"] as? [String: Any])
            let terms = try #require(explain["terms"] as? [[String: Any]])
            let sum = terms.reduce(0.0) { $0 + ($1["contribution"] as? Double ?? .nan) }
            #expect(abs(sum - score) <= 1e-9, "\(line)")
        }
        let text = try runNewsidx(["search", "sanctions", "--explain", "--index", index.path])
        #expect(text.stdout.contains("sum (= score"), "\(text)")
    }
}
