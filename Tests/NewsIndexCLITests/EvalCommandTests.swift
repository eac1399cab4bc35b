// `newsidx eval`: judged queries run against a built index, scored with trec_eval's definitions.
import Foundation
import Testing

@Suite("CLI eval")
struct EvalCommandTests {
    /// The standard corpus, indexed, with a query file and qrels:
    /// - q1 "NOT DOHA": plain words, so only the Doha article matches ("not" is in no article); it
    ///   is judged relevant (grade 2): nDCG@10 1, AP 1, P@10 0.1, R@100 1.
    /// - q2 "xylophone": no results, one relevant article: every metric 0.
    /// - q3: judged, but no document has a grade > 0: left out of the means.
    /// - q4: judged relevant documents, but missing from the query file: warned about, scores 0.
    /// - q5: in the query file, not judged: not run.
    /// Means over q1, q2, q4: nDCG@10 1/3, MAP 1/3, P@10 0.1/3, R@100 1/3.
    private func setUp(_ label: String) throws -> (TempFolder, URL, URL, URL) {
        let folder = try TempFolder(label)
        let corpus = try makeStandardCorpus(in: folder)
        let index = folder.sub("index")
        try buildIndex(corpus: corpus, index: index)
        let queries = try folder.write("queries.tsv", "qid\tquery\nq1\tNOT DOHA\nq2\txylophone\nq3\tstorm\nq5\tsanctions\n")
        let qrels = try folder.write("qrels.txt", "q1 0 world/2024-01-02-ceasefire 2\nq1 0 wire-1 0\nq2\twire-1\t1\nq3 wire-2 0\nq4 wire-2 1\n")
        return (folder, index, queries, qrels)
    }

    @Test func meansOverQueriesWithRelevantDocuments() throws {
        let (folder, index, queries, qrels) = try setUp("eval-means")
        defer { folder.remove() }
        let result = try runNewsidx(["eval", "--queries", queries.path, "--qrels", qrels.path, "--index", index.path])
        #expect(result.status == 0, "\(result)")
        #expect(result.lines == [
            "queries     3 with relevant documents (of 4 judged), depth 1000",
            "nDCG@10     0.3333",
            "MAP         0.3333",
            "P@10        0.0333",
            "R@100       0.3333",
        ], "\(result)")
        #expect(result.stderr.contains("1 judged query is not in") && result.stderr.contains("q4"), "\(result)")
    }

    @Test func perQueryJSON() throws {
        let (folder, index, queries, qrels) = try setUp("eval-json")
        defer { folder.remove() }
        let result = try runNewsidx(["eval", "--queries", queries.path, "--qrels", qrels.path, "--index", index.path,
                                     "--per-query", "--json"])
        #expect(result.status == 0, "\(result)")
        let objects = result.lines.compactMap(jsonObject)
        #expect(objects.count == 5, "q1 q2 q3 q4, then the means: \(result)")
        guard objects.count == 5 else { return }
        #expect(objects.prefix(4).map { $0["qid"] as? String } == ["q1", "q2", "q3", "q4"])
        let q1 = objects[0]
        #expect(q1["ndcg@10"] as? Double == 1 && q1["ap"] as? Double == 1 && q1["p@10"] as? Double == 0.1
            && q1["recall@100"] as? Double == 1 && q1["retrieved"] as? Int == 1, "\(q1)")
        #expect(objects[1]["ndcg@10"] as? Double == 0 && objects[1]["retrieved"] as? Int == 0, "\(objects[1])")
        #expect(objects[2]["relevant"] as? Int == 0 && objects[2]["ndcg@10"] == nil, "q3 is not scored: \(objects[2])")
        let means = objects[4]
        #expect(means["queries"] as? Int == 3 && means["judged_queries"] as? Int == 4 && means["depth"] as? Int == 1000)
        #expect(abs((means["map"] as? Double ?? 0) - 1.0 / 3) < 1e-12 && abs((means["p@10"] as? Double ?? 0) - 0.1 / 3) < 1e-12, "\(means)")
    }

    @Test func perQueryTable() throws {
        let (folder, index, queries, qrels) = try setUp("eval-table")
        defer { folder.remove() }
        let result = try runNewsidx(["eval", "--queries", queries.path, "--qrels", qrels.path, "--index", index.path, "--per-query"])
        #expect(result.status == 0, "\(result)")
        let lines = result.lines
        #expect(lines.first?.hasPrefix("qid") == true, "\(result)")
        #expect(lines.contains("q1          1.0000   1.0000   0.1000   1.0000   1        1"), "\(result)")
        #expect(lines.contains("q3          (no relevant documents: not averaged)"), "\(result)")
        #expect(lines.last == "R@100       0.3333", "\(result)")
    }

    @Test func scoresATRECRunWithoutAnIndex() throws {
        let folder = try TempFolder("eval-run")
        defer { folder.remove() }
        // q1: relevant a (3), b (1); run: x, b, a. DCG = 1/log2 3 + 3/log2 4 = 0.6309298 + 1.5 = 2.1309298;
        // ideal = 3 + 1/log2 3 = 3.6309298; nDCG = 0.5868827. AP = (1/2 + 2/3) / 2 = 0.5833333.
        // With --depth 2: AP = (1/2) / 2 = 0.25.
        let qrels = try folder.write("qrels", "q1 a 3\nq1 b 1\nq1 c 0\n")
        let run = try folder.write("run", "q1 Q0 x 1 3.0 t\nq1 Q0 b 2 2.0 t\nq1 Q0 a 3 1.0 t\n")
        let result = try runNewsidx(["eval", "--run", run.path, "--qrels", qrels.path, "--json"])
        #expect(result.status == 0, "\(result)")
        let means = result.lines.compactMap(jsonObject).last ?? [:]
        #expect(abs((means["ndcg@10"] as? Double ?? 0) - 0.5868827) < 1e-7, "\(result)")
        #expect(abs((means["map"] as? Double ?? 0) - 7.0 / 12) < 1e-12, "\(result)")
        let cut = try runNewsidx(["eval", "--run", run.path, "--qrels", qrels.path, "--json", "--depth", "2"])
        #expect(abs((cut.lines.compactMap(jsonObject).last?["map"] as? Double ?? 0) - 0.25) < 1e-12, "\(cut)")
    }

    @Test func usageAndInputErrors() throws {
        let folder = try TempFolder("eval-errors")
        defer { folder.remove() }
        let qrels = try folder.write("qrels", "q1 a 1\n")
        let noQrels = try runNewsidx(["eval", "--queries", qrels.path])
        #expect(noQrels.status == 64 && noQrels.stderr.contains("--qrels"), "\(noQrels)")
        let both = try runNewsidx(["eval", "--queries", qrels.path, "--run", qrels.path, "--qrels", qrels.path])
        #expect(both.status == 64, "\(both)")
        let badDepth = try runNewsidx(["eval", "--run", qrels.path, "--qrels", qrels.path, "--depth", "0"])
        #expect(badDepth.status == 64, "\(badDepth)")
        let missing = try runNewsidx(["eval", "--run", qrels.path, "--qrels", folder.sub("nope").path])
        #expect(missing.status == 1 && missing.stderr.contains("nope"), "\(missing)")
        let badQrels = try folder.write("bad", "q1 a high\nq1 b low\n")
        let bad = try runNewsidx(["eval", "--run", qrels.path, "--qrels", badQrels.path])
        #expect(bad.status == 1 && bad.stderr.contains("bad:2"), "\(bad)")
    }
}
