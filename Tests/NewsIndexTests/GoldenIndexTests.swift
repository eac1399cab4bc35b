// Golden index: the two-article corpus of IndexFormat.md's worked example, built with the real
// IndexBuilder, must give exactly the pinned bytes of Fixtures/golden/ for every segment file.
//
// Pinned means pinned: there is no switch that rewrites the fixtures. A difference is either a
// bug or a format change. A deliberate format change must (1) bump NewsIndexVersion.format,
// (2) add a line to IndexFormat.md's version history and redo its worked example, (3) regenerate
// the fixtures by hand — build the corpus below (`CheckCorpus.twoArticles`, every file's
// modification time set to 2024-01-02 00:00 UTC) with `IndexBuilder.build` into a scratch folder
// and copy its g000001-0.{tdic,post,posn,docs,stor} here — (4) check the new bytes against the
// spec's annotated dump field by field before committing them.
import Foundation
import Glibc
import Testing
@testable import NewsIndex

@Suite struct GoldenIndexTests {
    static func fixture(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: Fixtures.url("golden/" + name)))
    }

    /// The first offset where `a` and `b` differ (or the shorter length), for the message.
    static func firstDifference(_ a: [UInt8], _ b: [UInt8]) -> Int? {
        for i in 0..<min(a.count, b.count) where a[i] != b[i] { return i }
        return a.count == b.count ? nil : min(a.count, b.count)
    }

    @Test(arguments: CheckCorpus.segmentFiles)
    func segmentFileMatchesPinnedBytes(_ name: String) throws {
        let (scratch, index) = try CheckCorpus.makeIndex(CheckCorpus.twoArticles, label: "golden")
        defer { withExtendedLifetime(scratch) {} }
        let built = try SystemCalls.readFile(at: index + "/" + name)
        let pinned = try Self.fixture(name)
        let difference = Self.firstDifference(built, pinned)
        #expect(difference == nil, "\(name): built \(built.count) bytes, pinned \(pinned.count); first difference at offset \(difference ?? -1)")
    }

    @Test func manifestMatchesFieldByField() throws {
        let (scratch, index) = try CheckCorpus.makeIndex(CheckCorpus.twoArticles, label: "golden-manifest")
        defer { withExtendedLifetime(scratch) {} }
        let bytes = try SystemCalls.readFile(at: index + "/MANIFEST")
        let manifest = try Manifest(fileBytes: bytes, fileName: "MANIFEST")
        #expect(manifest.generation == 1)
        #expect(manifest.stemming)
        #expect(manifest.segments == [SegmentEntry(name: "g000001-0", documentCount: 2)])
        #expect(manifest.corpusRoot == SystemCalls.resolvedPath(scratch.path + "/corpus"))
        #expect(manifest.buildTime > 1_700_000_000)     // a Unix time in seconds (varies per build)
        // Every byte but the build time, the corpus root and the CRC is fixed: re-encoding with the
        // two varying fields gives the file exactly.
        #expect(manifest.encoded() == bytes)
        let root = Array(manifest.corpusRoot.utf8)
        #expect(bytes.count == 12 + 8 + 8 + 1 + root.count + 4 + 1 + 1 + 9 + 1 + 16)
        #expect(Array(bytes[0..<12]) == Array("NXIFMANI".utf8) + [3, 0, 0, 0])
        #expect(Array(bytes[12..<20]) == [1, 0, 0, 0, 0, 0, 0, 0])               // generation
        let afterRoot = 28 + 1 + root.count
        #expect(bytes[28] == UInt8(root.count))                                    // root length (< 128 here)
        #expect(Array(bytes[afterRoot..<(afterRoot + 4)]) == [1, 0, 0, 0])         // flags: stemming
        #expect(Array(bytes[(afterRoot + 4)...].prefix(12)) == [1, 9] + Array("g000001-0".utf8) + [2])
        #expect(Array(bytes.suffix(4)) == Array("NXEF".utf8))
    }

    /// IndexFormat.md's PatchedBlock example: 128 ones but value 5 = 300.
    @Test func patchedBlockExampleOfTheSpec() throws {
        var values = [UInt32](repeating: 1, count: 128)
        values[5] = 300
        var out = ByteWriter()
        PatchedBlock.encode(values[...], into: &out)
        #expect(out.bytes == [0x01, 0x01, 0xDF] + [UInt8](repeating: 0xFF, count: 15) + [0x05, 0x96, 0x01])
        try out.bytes.withUnsafeBytes { raw in
            var r = ByteReader(raw, fileName: "x")
            var decoded = [UInt32](repeating: 0, count: 128)
            try decoded.withUnsafeMutableBufferPointer { (buffer) throws(NewsIndexError) in
                try PatchedBlock.decode(&r, into: buffer.baseAddress!)
            }
            #expect(decoded == values)
        }
    }

    /// IndexFormat.md's "Scoring the example": "cats" scores 0.14025 (doc 0) and 0.07293 (doc 1).
    @Test func scoresOfTheSpecExample() throws {
        let (scratch, index) = try CheckCorpus.makeIndex(CheckCorpus.twoArticles, label: "golden-scores")
        defer { withExtendedLifetime(scratch) {} }
        // The spec's arithmetic uses k1 1.2, b 0.75, title weight 2 (named: defaults may be retuned).
        let hits = try Searcher(reader: try IndexReader(path: index))
            .search(SearchRequest(text: "cats", bm25: BM25(k1: 1.2, b: 0.75, titleWeight: 2))).hits
        #expect(hits.map(\.doc) == [0, 1])
        #expect(abs(hits[0].score - 0.140248) < 1e-5)
        #expect(abs(hits[1].score - 0.072929) < 1e-5)
    }

    /// The pinned files, with a MANIFEST naming them, are a clean index that answers queries.
    @Test func pinnedFilesCheckCleanAndSearch() throws {
        let scratch = try CheckScratch("golden-pinned")
        for name in CheckCorpus.segmentFiles {
            try Data(try Self.fixture(name)).write(to: URL(fileURLWithPath: scratch.path + "/" + name))
        }
        let manifest = Manifest(generation: 1, buildTime: 0, corpusRoot: "/corpus", stemming: true,
                                segments: [SegmentEntry(name: "g000001-0", documentCount: 2)])
        try Data(manifest.encoded()).write(to: URL(fileURLWithPath: scratch.path + "/MANIFEST"))
        let report = try IndexChecker.check(indexPath: scratch.path)
        #expect(report.problems == [])
        #expect(report.filesVerified == 6)
        #expect(report.termsVerified == 5)          // at, bark, cat, dog, sleep
        #expect(report.postingsVerified == 6)
        #expect(report.positionsVerified == 9)
        #expect(report.documentsVerified == 2)
        let searcher = Searcher(reader: try IndexReader(path: scratch.path))
        let hits = try searcher.search(SearchRequest(text: "cats")).hits
        #expect(hits.map(\.doc) == [0, 1])          // "Cats" in doc 0's title and body
        let barking = try searcher.search(SearchRequest(text: "barking dog")).hits
        #expect(barking.map(\.doc) == [1])
    }
}

// MARK: The corpora shared by GoldenIndexTests, IndexCheckTests and CorruptionTests

/// A unique temporary folder for one test (tests run in parallel; never chdir), removed on release.
final class CheckScratch {
    let path: String

    init(_ label: String) throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("newsidx-\(label)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `text` to `relativePath` and sets its modification time to `mtime` (Unix seconds).
    func write(_ relativePath: String, _ text: String, mtime: Int) throws {
        let full = path + "/" + relativePath
        let parent = (full as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: full))
        var times = [timespec(tv_sec: mtime, tv_nsec: 0), timespec(tv_sec: mtime, tv_nsec: 0)]
        guard utimensat(AT_FDCWD, full, &times, 0) == 0 else {
            throw NewsIndexError(.io, "\(full): utimensat failed (errno \(errno))")
        }
    }
}

enum CheckCorpus {
    /// The worked example of IndexFormat.md: two articles, modification time 2024-01-02 00:00 UTC.
    static let twoArticles: [(path: String, text: String)] = [
        ("cats.txt", " date 2024-01-02 Cats\nCats sleep.\n"),
        ("dogs.txt", " date 2024-01-03 Dogs bark\nDogs bark at cats.\n"),
    ]
    static let fixedModificationTime = 1_704_153_600

    /// 140 short generated articles: "news" and "report" in every one (≥ 128 documents, so their
    /// postings have block headers and a full patched block), a few words in many, others rare.
    static func generated(count: Int = 140) -> [(path: String, text: String)] {
        var random = ModelRandom(seed: 0x5EED_C0DE)
        let common = ["market", "city", "council", "storm", "election", "river", "school", "vote"]
        let rare = ["zebra", "quartz", "violin", "glacier", "harbor", "meteor", "saffron", "tundra", "walnut", "yacht"]
        var articles: [(String, String)] = []
        for index in 0..<count {
            var title = ["News"]
            if random.chance(0.3) { title.append(common[random.int(0...7)].capitalized) }
            if random.chance(0.1) { title.append("report report") }
            var body: [String] = []
            let words = random.int(3...14)
            for _ in 0..<words {
                body.append(random.chance(0.6) ? common[random.int(0...7)] : rare[random.int(0...9)])
            }
            body.append("report")
            if random.chance(0.05) { body.append(contentsOf: repeatElement("news", count: 300)) }
            let day = 1 + index % 28
            let text = " date 2024-02-\(day < 10 ? "0" : "")\(day) \(title.joined(separator: " "))\n\(body.joined(separator: " ")).\n"
            articles.append((String(format: "a%03d.txt", index), text))
        }
        return articles
    }

    /// Writes `articles` into `corpus` and builds the index into `index` (no warnings allowed).
    static func build(_ articles: [(path: String, text: String)], corpus: String, index: String) throws {
        let scratch = corpus
        for article in articles {
            let full = scratch + "/" + article.path
            try Data(article.text.utf8).write(to: URL(fileURLWithPath: full))
            var times = [timespec(tv_sec: fixedModificationTime, tv_nsec: 0), timespec(tv_sec: fixedModificationTime, tv_nsec: 0)]
            guard utimensat(AT_FDCWD, full, &times, 0) == 0 else { throw NewsIndexError(.io, "\(full): utimensat failed") }
        }
        var warnings: [String] = []
        _ = try IndexBuilder.build(BuildOptions(corpusPath: corpus, indexPath: index)) { warnings.append("\($0)") }
        if !warnings.isEmpty { throw NewsIndexError(.corrupt, "unexpected build warnings: \(warnings)") }
    }

    /// A scratch folder holding `corpus/` and the built `index/`.
    static func makeIndex(_ articles: [(path: String, text: String)], label: String) throws -> (CheckScratch, String) {
        let scratch = try CheckScratch(label)
        let corpus = scratch.path + "/corpus", index = scratch.path + "/index"
        try FileManager.default.createDirectory(atPath: corpus, withIntermediateDirectories: true)
        try build(articles, corpus: corpus, index: index)
        return (scratch, index)
    }

    /// The file names of the single segment of a freshly built index (generation 1).
    static let segmentFiles = SegmentFiles.extensions.map { "g000001-0." + $0 }
}
