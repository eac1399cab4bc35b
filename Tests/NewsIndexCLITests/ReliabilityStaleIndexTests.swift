// Issue 7: `newsidx search` warns in one stderr line when the corpus changed since the build (the
// hits' files, a sample of the others, the root's and the hits' folder listings), naming what
// changed and saying to rerun `newsidx build`; it stays quiet when nothing changed.
import Foundation
import Glibc
import Testing

@Suite("Reliability: stale index warning")
struct ReliabilityStaleIndexTests {
    func staleLines(_ result: RunResult) -> [String] {
        result.stderr.split(separator: "\n").map(String.init).filter { $0.contains("corpus changed") }
    }

    /// Searches `query`, expects success, and returns the stale-warning lines.
    private func search(_ query: String, _ index: URL, json: Bool = false) throws -> [String] {
        let result = try runNewsidx(["search", query, "--index", index.path] + (json ? ["--json"] : []))
        #expect(result.status == 0, "\(result)")
        #expect(!result.lines.isEmpty, "\(result)")
        let lines = staleLines(result)
        for line in lines {
            #expect(line.hasPrefix("newsidx: warning: "), "\(result)")
            #expect(line.contains("newsidx build"), "says how to update: \(result)")
            #expect(!containsControlCharacters(line), "\(result)")
        }
        #expect(lines.count <= 1, "one line at most: \(result)")
        return lines
    }

    private func fresh(_ label: String) throws -> (TempFolder, URL, URL) {
        let folder = try TempFolder(label)
        let corpus = try makeStandardCorpus(in: folder)
        let index = folder.sub("index")
        try buildIndex(corpus: corpus, index: index)
        return (folder, corpus, index)
    }

    @Test func quietWhenNothingChangedOrAFileIsOnlyTouched() throws {
        let (folder, corpus, index) = try fresh("stale-quiet")
        defer { folder.remove() }
        #expect(try search("sanctions", index).isEmpty)
        #expect(try search("sanctions", index, json: true).isEmpty)
        // Same bytes, new time: not a change.
        let file = corpus.appendingPathComponent("2023-11-11-markets.txt")
        let bytes = try Data(contentsOf: file)
        try bytes.write(to: file)
        #expect(try search("sanctions", index).isEmpty)
        // A file that is not an article, added after the build: not a change either.
        try folder.write("corpus/notes.md", "not an article")
        #expect(try search("sanctions", index).isEmpty)
    }

    @Test func aChangedHitFileIsNamed() throws {
        let (folder, _, index) = try fresh("stale-hit")
        defer { folder.remove() }
        try folder.article("corpus/2023-11-11-markets.txt", date: "2023-11-11", title: "Markets fall on sanctions fears",
                           paragraphs: ["Rewritten after the build: sanctions."])
        let lines = try search("sanctions", index)
        #expect(lines.count == 1 && lines[0].contains("2023-11-11-markets.txt changed"), "\(lines)")
    }

    @Test func aDeletedFileThatIsNotAHitIsFoundByTheSampleOrTheListing() throws {
        let (folder, corpus, index) = try fresh("stale-deleted")
        defer { folder.remove() }
        try FileManager.default.removeItem(at: corpus.appendingPathComponent("world/2024-01-02-ceasefire.txt"))
        let lines = try search("election", index)
        #expect(lines.count == 1 && lines[0].contains("world/2024-01-02-ceasefire.txt deleted"), "\(lines)")
    }

    @Test func newArticlesAndFoldersAreNoticed() throws {
        let (folder, _, index) = try fresh("stale-new")
        defer { folder.remove() }
        try folder.article("corpus/2025-09-09-new.txt", date: "2025-09-09", title: "New", paragraphs: ["election news"])
        let file = try search("election", index)
        #expect(file.count == 1 && file[0].contains("new file 2025-09-09-new.txt"), "\(file)")

        let (folder2, _, index2) = try fresh("stale-new-folder")
        defer { folder2.remove() }
        try folder2.article("corpus/sport/2025-09-09-match.txt", date: "2025-09-09", title: "Match", paragraphs: ["a match"])
        let newFolder = try search("election", index2)
        #expect(newFolder.count == 1 && newFolder[0].contains("new folder sport"), "\(newFolder)")

        // A new article inside the folder of a hit.
        let (folder3, _, index3) = try fresh("stale-new-in-hit-folder")
        defer { folder3.remove() }
        try folder3.article("corpus/world/2025-09-10-more.txt", date: "2025-09-10", title: "More", paragraphs: ["more"])
        let inside = try search("ceasefire doha", index3)
        #expect(inside.count == 1 && inside[0].contains("new file world/2025-09-10-more.txt"), "\(inside)")
    }

    @Test func aMissingCorpusFolderIsNamed() throws {
        let (folder, corpus, index) = try fresh("stale-gone")
        defer { folder.remove() }
        try FileManager.default.moveItem(at: corpus, to: folder.sub("moved"))
        let result = try runNewsidx(["search", "sanctions", "--index", index.path])
        #expect(result.status == 0, "\(result)")
        let lines = staleLines(result)
        #expect(lines.count == 1 && lines[0].contains("is gone"), "\(result)")
    }

    @Test func theCheckIsBoundedOnALargeFileTable() throws {
        // 3,000 files: the check looks at the hits, a sample of 24 and a few folder listings.
        let folder = try TempFolder("stale-large")
        defer { folder.remove() }
        for part in 0..<30 {
            for n in 0..<100 {
                try folder.write("corpus/part\(part)/a\(n).txt", " date 2025-01-01 Article \(part)-\(n)\n\nuniq\(part)x\(n) common\n")
            }
        }
        let index = folder.sub("index")
        try buildIndex(corpus: folder.sub("corpus"), index: index)
        #expect(try search("common", index).isEmpty)
        try folder.write("corpus/part7/a7.txt", " date 2025-01-01 Article 7-7\n\nuniq7x7 common changed\n")
        let lines = try search("uniq7x7", index)
        #expect(lines.count == 1 && lines[0].contains("part7/a7.txt changed"), "\(lines)")
    }
}

extension ReliabilityStaleIndexTests {
    @Test func anIndexInsideTheCorpusIsNotANewFolder() throws {
        let folder = try TempFolder("stale-index-inside")
        defer { folder.remove() }
        let corpus = try makeStandardCorpus(in: folder)
        let index = corpus.appendingPathComponent("idx")
        try buildIndex(corpus: corpus, index: index)
        try buildIndex(corpus: corpus, index: index)  // a second commit changes the index folder again
        let result = try runNewsidx(["search", "sanctions", "--index", index.path])
        #expect(result.status == 0, "\(result)")
        #expect(staleLines(result).isEmpty, "\(result)")
    }
}
