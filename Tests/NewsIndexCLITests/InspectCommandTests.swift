// CLI tests of the inspecting commands: `show` (one article in full), `stats` and `check`.
import Foundation
import Testing

@Suite("CLI show, stats, check")
struct InspectCommandTests {
    @Test func showPrintsTheWholeArticle() throws {
        let folder = try TempFolder("show")
        defer { folder.remove() }
        let corpus = try makeStandardCorpus(in: folder)
        let index = folder.sub("index")
        try buildIndex(corpus: corpus, index: index)
        let text = try runNewsidx(["show", "world/2024-01-02-ceasefire", "--index", index.path])
        #expect(text.status == 0, "\(text)")
        #expect(text.stdout.contains("Ceasefire talks resume in Doha"), "\(text)")
        #expect(text.stdout.contains("2024-01-02"), "\(text)")
        #expect(text.stdout.contains("hoping for a hostage deal."), "\(text)")
        let json = try runNewsidx(["show", "wire-1", "--json", "--index", index.path])
        let object = try #require(jsonObject(json.stdout.trimmingCharacters(in: .newlines)), "\(json)")
        #expect(object["title"] as? String == "Oil prices climb")
        #expect(object["body"] as? String == "Oil prices climbed after sanctions on shipping were tightened.")
        #expect(object["date"] as? String == "2025-03-01")
        let missing = try runNewsidx(["show", "no-such-article", "--index", index.path])
        #expect(missing.status == 1 && missing.stderr.contains("no-such-article"), "\(missing)")
        let usage = try runNewsidx(["show", "--index", index.path])
        #expect(usage.status == 64, "\(usage)")
    }

    @Test func statsCountsWhatWasIndexed() throws {
        let folder = try TempFolder("stats")
        defer { folder.remove() }
        let corpus = try makeStandardCorpus(in: folder)
        let index = folder.sub("index")
        try buildIndex(corpus: corpus, index: index)
        let result = try runNewsidx(["stats", "--json", "--index", index.path])
        #expect(result.status == 0, "\(result)")
        let object = try #require(jsonObject(result.stdout.trimmingCharacters(in: .newlines)), "\(result)")
        #expect(object["articles"] as? Int == 6)
        #expect(object["format_version"] as? Int == 3)
        #expect((object["terms"] as? Int ?? 0) > 20)
        // The files listed are the files on disk, and their sizes add up to index_bytes.
        let files = try #require(object["files"] as? [String: Int])
        var total = 0
        for (name, size) in files {
            let attributes = try FileManager.default.attributesOfItem(atPath: index.appendingPathComponent(name).path)
            #expect((attributes[.size] as? Int) == size, "\(name)")
            total += size
        }
        #expect(object["index_bytes"] as? Int == total)
        let text = try runNewsidx(["stats", "--index", index.path])
        #expect(text.status == 0 && text.stdout.contains("articles      6"), "\(text)")
    }

    @Test func checkPassesACleanIndexAndNamesADamagedFile() throws {
        let folder = try TempFolder("check")
        defer { folder.remove() }
        let corpus = try makeStandardCorpus(in: folder)
        let index = folder.sub("index")
        try buildIndex(corpus: corpus, index: index)
        let clean = try runNewsidx(["check", "--index", index.path])
        #expect(clean.status == 0 && clean.stdout.contains("clean"), "\(clean)")
        let names = try FileManager.default.contentsOfDirectory(atPath: index.path)
        let postings = try #require(names.first { $0.hasSuffix(".post") })
        let url = index.appendingPathComponent(postings)
        var bytes = try Data(contentsOf: url)
        bytes[bytes.count / 2] ^= 0xFF
        try bytes.write(to: url)
        let damaged = try runNewsidx(["check", "--index", index.path])
        #expect(damaged.status == 1, "\(damaged)")
        #expect(damaged.stdout.contains(postings), "\(damaged)")
        #expect(damaged.stdout.contains("offset"), "\(damaged)")
        let none = try runNewsidx(["check", "--index", folder.sub("nothing").path])
        #expect(none.status == 1, "\(none)")
    }
}
