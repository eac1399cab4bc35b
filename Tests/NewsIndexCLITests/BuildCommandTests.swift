// `newsidx build`: summary, --json, --quiet, problem files, --strict, where the index goes.
import Foundation
import Testing

@Suite("CLI build")
struct BuildCommandTests {
    private func hasManifest(_ folder: URL) -> Bool {
        FileManager.default.fileExists(atPath: folder.appendingPathComponent("MANIFEST").path)
    }

    @Test func printsASummary() throws {
        let folder = try TempFolder("build-summary")
        defer { folder.remove() }
        let corpus = try makeStandardCorpus(in: folder)
        let index = folder.sub("index")
        let result = try runNewsidx(["build", corpus.path, "--index", index.path])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("Indexed 6 articles from 5 files"), "\(result)")
        #expect(result.stdout.contains(index.path), "\(result)")
        #expect(result.stdout.contains("0 warnings"), "\(result)")
        #expect(result.stderr.isEmpty, "\(result)")
        #expect(hasManifest(index))
    }

    @Test func jsonSummaryIsOneObject() throws {
        let folder = try TempFolder("build-json")
        defer { folder.remove() }
        let corpus = try makeStandardCorpus(in: folder)
        let result = try runNewsidx(["build", corpus.path, "--index", folder.sub("index").path, "--json"])
        #expect(result.status == 0, "\(result)")
        #expect(result.lines.count == 1, "\(result)")
        let object = try #require(jsonObject(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)), "\(result)")
        #expect(object["articles"] as? Int == 6, "\(result)")
        let terms = try #require(object["terms"] as? Int, "\(result)")
        #expect(terms > 20)
        let bytes = try #require(object["index_bytes"] as? Int, "\(result)")
        #expect(bytes > 0)
        let seconds = try #require((object["seconds"] as? NSNumber)?.doubleValue, "\(result)")
        #expect(seconds >= 0)
        #expect(object["warnings"] as? Int == 0)
    }

    @Test func quietPrintsNothing() throws {
        let folder = try TempFolder("build-quiet")
        defer { folder.remove() }
        let corpus = try makeStandardCorpus(in: folder)
        let index = folder.sub("index")
        let result = try runNewsidx(["build", corpus.path, "--index", index.path, "--quiet"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.isEmpty, "\(result)")
        #expect(result.stderr.isEmpty, "\(result)")
        #expect(hasManifest(index))
        // Without --quiet, stderr (not a terminal here) carries no progress line either.
        let loud = try runNewsidx(["build", corpus.path, "--index", folder.sub("index2").path])
        #expect(loud.status == 0)
        #expect(!loud.stderr.contains("\r"), "\(loud)")
        #expect(!loud.stderr.contains("\u{1B}"), "\(loud)")
        #expect(!loud.stderr.contains("files,"), "\(loud)")
        #expect(!loud.stdout.contains("\r") && !loud.stdout.contains("\u{1B}"), "\(loud)")
    }

    @Test func missingCorpusFolderFails() throws {
        let folder = try TempFolder("build-missing")
        defer { folder.remove() }
        let missing = folder.sub("no-such-corpus")
        let result = try runNewsidx(["build", missing.path, "--index", folder.sub("index").path])
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("no-such-corpus"), "\(result)")
        #expect(result.stdout.isEmpty, "\(result)")
        #expect(!hasManifest(folder.sub("index")))
    }

    @Test func noArgumentIsAUsageError() throws {
        let folder = try TempFolder("build-noarg")
        defer { folder.remove() }
        let result = try runNewsidx(["build"], cwd: folder.url)
        #expect(result.status == 64, "\(result)")
        #expect(result.stderr.contains("build"), "\(result)")
        #expect(result.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: folder.sub(".newsidx/MANIFEST").path))
        let badThreads = try runNewsidx(["build", folder.path, "--threads", "lots"], cwd: folder.url)
        #expect(badThreads.status == 64, "\(badThreads)")
        #expect(badThreads.stderr.contains("--threads"), "\(badThreads)")
    }

    @Test func problemFilesAreNamedAndSkipped() throws {
        let folder = try TempFolder("build-problems")
        defer { folder.remove() }
        let corpus = try makeStandardCorpus(in: folder)
        try folder.write("corpus/binary.txt", Data([0x20, 0x64, 0x61, 0x74, 0x65, 0x00, 0x01, 0x02, 0x00, 0x41]))
        var bad = Data(" date 2025-01-01 Cafe report\n\nThe caf".utf8)
        bad.append(0xE9)  // Latin-1 é: invalid UTF-8
        bad.append(contentsOf: Array(" served zanzibar coffee.\n".utf8))
        try folder.write("corpus/latin1.txt", bad)
        let index = folder.sub("index")
        let result = try runNewsidx(["build", corpus.path, "--index", index.path, "--json"])
        #expect(result.status == 0, "\(result)")
        let warnings = result.stderr.split(separator: "\n").map(String.init)
        #expect(warnings.contains { $0.contains("binary.txt") }, "\(result)")
        #expect(warnings.contains { $0.contains("latin1.txt") && $0.contains("UTF-8") }, "\(result)")
        let summary = try #require(jsonObject(result.lines.first ?? ""), "\(result)")
        #expect(summary["articles"] as? Int == 7, "6 good articles + the repaired Latin-1 one: \(result)")
        #expect(summary["warnings"] as? Int == 2, "\(result)")
        // The repaired article and the others are searchable.
        let search = try runNewsidx(["search", "zanzibar", "--index", index.path, "--json"])
        #expect(search.status == 0, "\(search)")
        #expect(search.lines.compactMap { jsonObject($0)?["id"] as? String } == ["latin1"], "\(search)")
        let others = try runNewsidx(["search", "doha", "--index", index.path, "--json"])
        #expect(others.lines.count == 1, "\(others)")
    }

    @Test func strictFailsOnWarningsButWritesTheIndex() throws {
        let folder = try TempFolder("build-strict")
        defer { folder.remove() }
        let corpus = try makeStandardCorpus(in: folder)
        let clean = try runNewsidx(["build", corpus.path, "--index", folder.sub("clean").path, "--strict", "--quiet"])
        #expect(clean.status == 0, "no warnings, no failure: \(clean)")
        try folder.write("corpus/binary.txt", Data([0x41, 0x00, 0x42]))
        let index = folder.sub("index")
        let result = try runNewsidx(["build", corpus.path, "--index", index.path, "--strict", "--quiet"])
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("binary.txt"), "\(result)")
        #expect(hasManifest(index), "the index is still written")
    }

    @Test func duplicateJSONLinesIdsAreNamed() throws {
        let folder = try TempFolder("build-dupids")
        defer { folder.remove() }
        try folder.write(
            "corpus/a.jsonl",
            #"{"id":"same","title":"First walrus","body":"The first walrus story.","date":"2025-01-01"}"# + "\n")
        try folder.write(
            "corpus/b.jsonl",
            "\n" + #"{"id":"same","title":"Second walrus","body":"The second walrus story.","date":"2025-01-02"}"# + "\n")
        let index = folder.sub("index")
        let result = try runNewsidx(["build", folder.sub("corpus").path, "--index", index.path, "--quiet"])
        #expect(result.status == 0, "\(result)")
        let warning = try #require(result.stderr.split(separator: "\n").first { $0.contains("duplicate") }, "\(result)")
        #expect(warning.contains("a.jsonl:1"), "names the first record: \(warning)")
        #expect(warning.contains("b.jsonl:2"), "names the duplicate: \(warning)")
        #expect(warning.contains("same"), "\(warning)")
        let search = try runNewsidx(["search", "walrus", "--index", index.path, "--json"])
        let ids = Set(search.lines.compactMap { jsonObject($0)?["id"] as? String })
        #expect(ids.count == 2 && ids.contains("same"), "both kept under distinct ids: \(search)")
    }

    @Test func indexGoesToOptionEnvironmentOrWorkingFolder() throws {
        let folder = try TempFolder("build-where")
        defer { folder.remove() }
        let corpus = try makeStandardCorpus(in: folder)
        let work = try folder.makeFolder("work")

        let explicit = folder.sub("explicit-index")
        let first = try runNewsidx(["build", corpus.path, "--index", explicit.path, "--quiet"], cwd: work,
                                   env: ["NEWSIDX_INDEX": folder.sub("env-ignored").path])
        #expect(first.status == 0, "\(first)")
        #expect(hasManifest(explicit), "--index wins")
        #expect(!FileManager.default.fileExists(atPath: folder.sub("env-ignored").path))
        #expect(!FileManager.default.fileExists(atPath: work.appendingPathComponent(".newsidx").path))

        let fromEnvironment = folder.sub("env-index")
        let second = try runNewsidx(["build", corpus.path, "--quiet"], cwd: work, env: ["NEWSIDX_INDEX": fromEnvironment.path])
        #expect(second.status == 0, "\(second)")
        #expect(hasManifest(fromEnvironment), "$NEWSIDX_INDEX is used")
        #expect(!FileManager.default.fileExists(atPath: work.appendingPathComponent(".newsidx").path))

        let third = try runNewsidx(["build", corpus.path, "--quiet"], cwd: work)
        #expect(third.status == 0, "\(third)")
        #expect(hasManifest(work.appendingPathComponent(".newsidx")), ".newsidx in the working folder")

        // Each is searchable in the way it was written.
        for (arguments, env) in [
            (["--index", explicit.path], [String: String]()),
            ([], ["NEWSIDX_INDEX": fromEnvironment.path]),
            ([], [:]),
        ] {
            let search = try runNewsidx(["search", "doha"] + arguments, cwd: work, env: env)
            #expect(search.status == 0, "\(search)")
            #expect(search.stdout.contains("Ceasefire talks resume in Doha"), "\(arguments) \(env): \(search)")
        }
    }

    @Test func rebuildingReplacesTheIndex() throws {
        let folder = try TempFolder("build-rebuild")
        defer { folder.remove() }
        let corpus = try makeStandardCorpus(in: folder)
        let index = folder.sub("index")
        try buildIndex(corpus: corpus, index: index)
        try folder.article("corpus/new.txt", date: "2025-07-01", title: "Quokka census", paragraphs: ["Quokkas counted."])
        try buildIndex(corpus: corpus, index: index)
        let search = try runNewsidx(["search", "quokka", "--index", index.path, "--json"])
        #expect(search.status == 0, "\(search)")
        #expect(search.lines.compactMap { jsonObject($0)?["id"] as? String } == ["new"], "\(search)")
    }
}
