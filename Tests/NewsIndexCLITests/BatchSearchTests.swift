// `newsidx search --batch FILE`: a TREC run, timings, warm-up, ids with spaces.
import Foundation
import Testing

@Suite("CLI batch search")
struct BatchSearchTests {
    private struct RunLine: Equatable {
        var qid: String, docid: String, rank: Int, score: Double
    }

    /// Parses TREC run lines `qid Q0 docid rank score newsidx`, recording a failure for a bad line.
    private func parse(_ result: RunResult, sourceLocation: SourceLocation = #_sourceLocation) -> [RunLine] {
        result.lines.compactMap { line in
            let fields = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 6, fields[1] == "Q0", fields[5] == "newsidx",
                  let rank = Int(fields[3]), let score = Double(fields[4]) else {
                Issue.record("not a TREC run line: \(line.debugDescription)", sourceLocation: sourceLocation)
                return nil
            }
            return RunLine(qid: fields[0], docid: fields[2], rank: rank, score: score)
        }
    }

    private func indexedCorpus(_ label: String) throws -> (TempFolder, URL) {
        let folder = try TempFolder(label)
        let corpus = try makeStandardCorpus(in: folder)
        let index = folder.sub("index")
        try buildIndex(corpus: corpus, index: index)
        return (folder, index)
    }

    @Test func writesATRECRun() throws {
        let (folder, index) = try indexedCorpus("batch-trec")
        defer { folder.remove() }
        let queries = try folder.write("queries.tsv", "q1\tsanctions talks\ndoha ceasefire\n\nq3\tthe hague\nq4\txylophone\n")
        let result = try runNewsidx(["search", "--batch", queries.path, "--limit", "2", "--index", index.path])
        #expect(result.status == 0, "\(result)")
        let run = parse(result)
        #expect(Set(run.map(\.qid)) == ["q1", "2", "q3"], "bare line 2 has id 2; q4 has no hits: \(result)")
        for qid in ["q1", "2", "q3"] {
            let lines = run.filter { $0.qid == qid }
            #expect(!lines.isEmpty && lines.count <= 2, "\(qid): \(lines)")
            #expect(lines.map(\.rank) == Array(1...max(1, lines.count)), "ranks from 1: \(lines)")
            #expect(lines.map(\.score) == lines.map(\.score).sorted(by: >), "\(lines)")
        }
        #expect(run.filter { $0.qid == "q1" }.count == 2)
        #expect(run.first { $0.qid == "2" }?.docid == "world/2024-01-02-ceasefire", "\(result)")
        // Queries in file order.
        #expect(run.map(\.qid).reduce(into: [String]()) { if $0.last != $1 { $0.append($1) } } == ["q1", "2", "q3"])

        // The same ranking as the single-query command.
        let single = try runNewsidx(["search", "sanctions talks", "--json", "--limit", "2", "--index", index.path])
        #expect(single.lines.compactMap { jsonObject($0)?["id"] as? String } == run.filter { $0.qid == "q1" }.map(\.docid))
    }

    @Test func limitBoundsEachQuery() throws {
        let (folder, index) = try indexedCorpus("batch-limit")
        defer { folder.remove() }
        let queries = try folder.write("queries.tsv", "a\tthe talks sanctions hague\nb\tsanctions\n")
        for limit in [1, 3, 10] {
            let result = try runNewsidx(["search", "--batch", queries.path, "--limit", "\(limit)", "--index", index.path])
            #expect(result.status == 0, "\(result)")
            let run = parse(result)
            #expect(run.filter { $0.qid == "a" }.count == min(limit, 6), "limit \(limit): \(result)")
            #expect(run.filter { $0.qid == "b" }.count == min(limit, 3), "limit \(limit): \(result)")
        }
    }

    @Test func readsQueriesFromStandardInput() throws {
        let (folder, index) = try indexedCorpus("batch-stdin")
        defer { folder.remove() }
        let text = "q1\tsanctions\nq2\tdoha\n"
        let fromStdin = try runNewsidx(["search", "--batch", "-", "--index", index.path], stdin: Data(text.utf8))
        let file = try folder.write("q.tsv", text)
        let fromFile = try runNewsidx(["search", "--batch", file.path, "--index", index.path])
        #expect(fromStdin.status == 0 && fromFile.status == 0, "\(fromStdin)\n\(fromFile)")
        #expect(!fromStdin.stdout.isEmpty)
        #expect(fromStdin.stdout == fromFile.stdout)
        #expect(Set(parse(fromStdin).map(\.qid)) == ["q1", "q2"], "\(fromStdin)")
    }

    /// A query file saved with Windows line ends ("\r\n", a single Character in Swift) has one query a line.
    @Test func crlfQueryFileHasOneQueryPerLine() throws {
        let (folder, index) = try indexedCorpus("batch-crlf")
        defer { folder.remove() }
        let lf = try folder.write("lf.tsv", "q1\tsanctions\nq2\tdoha\nmarkets\n")
        let crlf = try folder.write("crlf.tsv", "q1\tsanctions\r\nq2\tdoha\r\nmarkets\r\n")
        let expected = try runNewsidx(["search", "--batch", lf.path, "--index", index.path])
        let result = try runNewsidx(["search", "--batch", crlf.path, "--index", index.path])
        #expect(result.status == 0, "\(result)")
        #expect(Set(parse(expected).map(\.qid)) == ["q1", "q2", "3"], "\(expected)")
        #expect(Set(parse(result).map(\.qid)) == ["q1", "q2", "3"], "\(result)")
        #expect(result.stdout == expected.stdout, "\(result)")
    }

    @Test func timingsFileHasOneLinePerQuery() throws {
        let (folder, index) = try indexedCorpus("batch-timings")
        defer { folder.remove() }
        let queries = try folder.write("queries.tsv", "q1\tsanctions\nq2\tdoha\nq3\txylophone\nmarkets\n")
        let timings = folder.sub("timings.tsv")
        let result = try runNewsidx(["search", "--batch", queries.path, "--timings", timings.path, "--index", index.path])
        #expect(result.status == 0, "\(result)")
        let text = try String(contentsOf: timings, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.last == "", "ends with a newline: \(text.debugDescription)")
        let rows = lines.dropLast().map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows.map { $0.first ?? "" } == ["q1", "q2", "q3", "4"], "one line per query, no-hit ones too: \(text)")
        for row in rows {
            #expect(row.count == 2, "\(row)")
            #expect(row.count == 2 && UInt64(row[1]) != nil, "microseconds as a whole number: \(row)")
        }
        // An existing timings file is replaced.
        let again = try runNewsidx(["search", "--batch", queries.path, "--timings", timings.path, "--index", index.path])
        #expect(again.status == 0)
        let second = try String(contentsOf: timings, encoding: .utf8)
        #expect(second.split(separator: "\n").count == 4, "\(second)")
    }

    @Test func warmupGivesIdenticalOutput() throws {
        let (folder, index) = try indexedCorpus("batch-warmup")
        defer { folder.remove() }
        let queries = try folder.write("queries.tsv", "q1\tsanctions talks\nq2\tthe hague\nq3\telection results\n")
        let plain = try runNewsidx(["search", "--batch", queries.path, "--index", index.path])
        let warmed = try runNewsidx(["search", "--batch", queries.path, "--warmup", "2", "--index", index.path])
        #expect(plain.status == 0 && warmed.status == 0, "\(plain)\n\(warmed)")
        #expect(!plain.stdout.isEmpty)
        #expect(warmed.stdout == plain.stdout)
        let json = try runNewsidx(["search", "--batch", queries.path, "--warmup", "2", "--json", "--index", index.path])
        #expect(json.status == 0)
        let objects = json.lines.compactMap(jsonObject)
        #expect(objects.count == parse(plain).count, "\(json)")
        #expect(objects.map { "\($0["qid"] ?? "") \($0["id"] ?? "") \($0["rank"] ?? "")" }
            == parse(plain).map { "\($0.qid) \($0.docid) \($0.rank)" })
        let badWarmup = try runNewsidx(["search", "--batch", queries.path, "--warmup", "many", "--index", index.path])
        #expect(badWarmup.status == 64, "\(badWarmup)")
    }

    @Test func idsWithSpacesAreEscaped() throws {
        let folder = try TempFolder("batch-spaces")
        defer { folder.remove() }
        try folder.write("c/wire.jsonl",
            #"{"id":"wire 7","title":"Pelican story","body":"A pelican landed.","date":"2025-01-01"}"# + "\n"
            + #"{"id":"100%","title":"Full pelican","body":"Pelicans everywhere.","date":"2025-01-02"}"# + "\n")
        try folder.article("c/my file.txt", date: "2025-01-03", title: "Pelican in a file with a space", paragraphs: ["Pelican."])
        let index = folder.sub("index")
        try buildIndex(corpus: folder.sub("c"), index: index)
        let queries = try folder.write("q.tsv", "query one\tpelican\n")
        let result = try runNewsidx(["search", "--batch", queries.path, "--index", index.path])
        #expect(result.status == 0, "\(result)")
        let run = parse(result)
        #expect(run.count == 3, "\(result)")
        #expect(Set(run.map(\.qid)) == ["query%20one"], "\(result)")
        #expect(Set(run.map(\.docid)) == ["wire%207", "100%25", "my%20file"], "\(result)")
    }

    @Test func missingBatchFileOrIndexFails() throws {
        let folder = try TempFolder("batch-missing")
        defer { folder.remove() }
        let missingFile = try runNewsidx(["search", "--batch", folder.sub("nope.tsv").path], cwd: folder.url)
        #expect(missingFile.status == 1, "\(missingFile)")
        #expect(missingFile.stderr.contains("nope.tsv"), "\(missingFile)")
        let queries = try folder.write("q.tsv", "q1\ttalks\n")
        let noIndex = try runNewsidx(["search", "--batch", queries.path], cwd: folder.url)
        #expect(noIndex.status == 1, "\(noIndex)")
        #expect(noIndex.stderr.contains("newsidx build"), "\(noIndex)")
    }
}
