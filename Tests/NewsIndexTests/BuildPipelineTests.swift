// Building at scale: the same corpus gives byte-identical segment files whatever the thread count or
// memory budget (runs flushed and merged), and incremental builds equal full builds byte for byte.
import Foundation
import Testing
@testable import NewsIndex

/// A generated corpus folder and helpers to build and compare indexes of it.
struct GeneratedCorpus {
    static let words = ["nato", "summit", "russia", "ukraine", "sanctions", "ceasefire", "talks", "oil", "prices",
                        "market", "election", "president", "minister", "bank", "rates", "storm", "flood", "court",
                        "ruling", "trade", "tariffs", "china", "europe", "budget", "deal", "vote", "army", "peace",
                        "U.S.", "32.3", "can't", "Putin's", "café", "Zürich"]
    let root: URL
    var random: SeededRandom

    init(_ label: String, seed: UInt64) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("newsidx-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("corpus"), withIntermediateDirectories: true)
        random = SeededRandom(seed: seed)
    }

    var corpus: URL { root.appendingPathComponent("corpus") }

    mutating func sentence(_ count: Int) -> String {
        (0..<count).map { _ in Self.words[random.below(Self.words.count)] }.joined(separator: " ")
    }

    /// Writes (or rewrites) article `number` as a .txt file.
    mutating func writeArticle(_ number: Int) throws {
        let day = 1 + random.below(28)
        let text = " date 2024-03-\(day < 10 ? "0" : "")\(day) \(sentence(1 + random.below(6)))\n\n"
            + (0..<(1 + random.below(3))).map { _ in sentence(5 + random.below(60)) }.joined(separator: "\n\n") + "\n"
        let folder = number % 3 == 0 ? "a" : "b/c"
        let url = corpus.appendingPathComponent("\(folder)/article-\(number).txt")
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: false, encoding: .utf8)
    }

    /// Writes a .jsonl file of `count` articles.
    mutating func writeJSONLines(_ name: String, count: Int) throws {
        var lines = ""
        for line in 0..<count {
            lines += "{\"id\":\"\(name)-\(line)\",\"title\":\"\(sentence(4))\",\"body\":\"\(sentence(30))\",\"date\":\"2023-01-0\(1 + line % 9)\"}\n"
        }
        try lines.write(to: corpus.appendingPathComponent(name + ".jsonl"), atomically: false, encoding: .utf8)
    }

    func article(_ number: Int) -> URL {
        corpus.appendingPathComponent("\(number % 3 == 0 ? "a" : "b/c")/article-\(number).txt")
    }

    @discardableResult
    func build(_ index: String, threads: Int = 1, memoryBytes: Int? = nil, full: Bool = false) throws -> BuildSummary {
        var options = BuildOptions(corpusPath: corpus.path, indexPath: root.appendingPathComponent(index).path)
        options.threads = threads
        options.memoryBytes = memoryBytes
        options.full = full
        return try IndexBuilder.build(options, warning: { Issue.record("unexpected warning: \($0)") })
    }

    /// The bytes of every segment file the index's MANIFEST names, by extension (the MANIFEST's
    /// time and generation differ between builds; everything else must not).
    func segmentFiles(_ index: String) throws -> [String: Data] {
        let folder = root.appendingPathComponent(index)
        let manifest = try #require(try IndexDirectory.readManifest(in: folder.path))
        #expect(manifest.segments.count == 1, "\(index): \(manifest.segments.count) segments")
        var files: [String: Data] = [:]
        for segment in manifest.segments {
            for fileExtension in SegmentFiles.extensions {
                files[fileExtension] = try Data(contentsOf: folder.appendingPathComponent(segment.name + "." + fileExtension))
            }
        }
        return files
    }

    func remove() { try? FileManager.default.removeItem(at: root) }
}

@Suite("Build pipeline")
struct BuildPipelineTests {
    @Test func sameBytesWhateverTheThreadsAndBudget() throws {
        for seed in UInt64(1)...4 {
            var corpus = try GeneratedCorpus("determinism", seed: seed)
            defer { corpus.remove() }
            for number in 0..<(60 + Int(seed) * 40) { try corpus.writeArticle(number) }
            try corpus.writeJSONLines("wire", count: 150)
            try corpus.build("one")
            let reference = try corpus.segmentFiles("one")
            #expect(reference.count == 5, "seed \(seed)")
            for (threads, budget) in [(2, nil), (3, nil), (1, 20_000), (2, 8_000), (4, 3_000)] as [(Int, Int?)] {
                let name = "t\(threads)-m\(budget ?? 0)"
                let summary = try corpus.build(name, threads: threads, memoryBytes: budget)
                if let budget, budget < 10_000 { #expect(summary.runs > 3, "seed \(seed) \(name): expected many runs") }
                let files = try corpus.segmentFiles(name)
                for (kind, bytes) in reference {
                    #expect(files[kind] == bytes, "seed \(seed): \(kind) differs with \(threads) threads, budget \(budget ?? 0)")
                }
                // Runs are gone once the build is committed.
                let leftovers = try FileManager.default.contentsOfDirectory(atPath: corpus.root.appendingPathComponent(name).path)
                    .filter { $0.contains("tmp") }
                #expect(leftovers.isEmpty, "seed \(seed): runs left: \(leftovers)")
            }
        }
    }

    @Test func incrementalBuildsEqualFullBuilds() throws {
        for seed in UInt64(10)...15 {
            var corpus = try GeneratedCorpus("incremental", seed: seed)
            defer { corpus.remove() }
            var live = Set<Int>()
            for number in 0..<80 { try corpus.writeArticle(number); live.insert(number) }
            try corpus.writeJSONLines("wire", count: 40)
            let first = try corpus.build("incremental")
            #expect(first.added == 81 && first.committed, "seed \(seed)")
            var next = 80
            var builtLive = live
            for step in 0..<6 {
                var added = 0, changed = 0, removed = 0
                for _ in 0..<(1 + corpus.random.below(6)) {
                    switch corpus.random.below(4) {
                    case 0:
                        try corpus.writeArticle(next); live.insert(next); next += 1; added += 1
                    case 1:
                        if let number = live.randomElement(using: &corpus.random) {
                            try corpus.writeArticle(number); changed += 1
                        }
                    case 2:
                        if let number = live.randomElement(using: &corpus.random) {
                            try FileManager.default.removeItem(at: corpus.article(number)); live.remove(number); removed += 1
                        }
                    default:
                        // touch: a new time, the same bytes
                        if let number = live.randomElement(using: &corpus.random) {
                            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: Double(step + 1) * 60)],
                                                                  ofItemAtPath: corpus.article(number).path)
                        }
                    }
                }
                let summary = try corpus.build("incremental", threads: 1 + step % 2, memoryBytes: step % 3 == 0 ? 4_000 : nil)
                let full = try corpus.build("full-\(step)", full: true)
                #expect(summary.articles == full.articles, "seed \(seed) step \(step)")
                // Added and removed follow from the files before and after; a rewrite may by chance give
                // the same bytes, so `changed` is at most the number of rewrites.
                #expect(summary.added == live.subtracting(builtLive).count, "seed \(seed) step \(step): added \(summary.added)")
                #expect(summary.removed == builtLive.subtracting(live).count, "seed \(seed) step \(step): removed \(summary.removed)")
                #expect(summary.changed <= changed, "seed \(seed) step \(step): changed \(summary.changed) of \(changed) rewrites")
                _ = (added, removed)
                builtLive = live
                let incremental = try corpus.segmentFiles("incremental")
                let reference = try corpus.segmentFiles("full-\(step)")
                if summary.committed {
                    for (kind, bytes) in reference {
                        #expect(incremental[kind] == bytes, "seed \(seed) step \(step): \(kind) differs from a full build")
                    }
                } else {
                    #expect(added == 0 && removed == 0, "seed \(seed) step \(step): nothing committed after changes")
                }
                // Search answers the same too.
                let a = try Searcher(reader: IndexReader(path: corpus.root.appendingPathComponent("incremental").path))
                    .search(SearchRequest(text: "sanctions russia oil", limit: 10))
                let b = try Searcher(reader: IndexReader(path: corpus.root.appendingPathComponent("full-\(step)").path))
                    .search(SearchRequest(text: "sanctions russia oil", limit: 10))
                #expect(a.hits == b.hits, "seed \(seed) step \(step)")
            }
        }
    }

    @Test func unchangedRerunWritesNothingAndTouchIsFree() throws {
        var corpus = try GeneratedCorpus("rerun", seed: 99)
        defer { corpus.remove() }
        for number in 0..<30 { try corpus.writeArticle(number) }
        let first = try corpus.build("index")
        let again = try corpus.build("index")
        #expect(!again.committed && again.unchanged == 30 && again.generation == first.generation)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 3600)], ofItemAtPath: corpus.article(4).path)
        let touched = try corpus.build("index")
        #expect(!touched.committed && touched.unchanged == 30 && touched.changed == 0)
        // Same size, different bytes: caught by the content hash.
        let url = corpus.article(7)
        var text = try String(contentsOf: url, encoding: .utf8)
        let swapped = text.replacingOccurrences(of: "oil", with: "war")
        text = swapped == text ? text.replacingOccurrences(of: "a", with: "e") : swapped
        try text.write(to: url, atomically: false, encoding: .utf8)
        let edited = try corpus.build("index")
        #expect(edited.committed && edited.changed == 1 && edited.unchanged == 29)
    }

    @Test func deletedCorpusFolderIsAnErrorAndKeepsTheIndex() throws {
        var corpus = try GeneratedCorpus("deleted", seed: 5)
        defer { corpus.remove() }
        for number in 0..<10 { try corpus.writeArticle(number) }
        try corpus.build("index")
        let before = try corpus.segmentFiles("index")
        try FileManager.default.removeItem(at: corpus.corpus)
        #expect(throws: NewsIndexError.self) { try corpus.build("index") }
        #expect(try corpus.segmentFiles("index") == before)
        #expect(try IndexReader(path: corpus.root.appendingPathComponent("index").path).documentCount == 10)
    }
}
