// The top level: --version, --help, unknown commands, no arguments; the demo corpus end to end.
import Foundation
import Testing

@Suite("CLI top level")
struct GeneralCommandTests {
    @Test func versionPrintsToolAndFormatVersions() throws {
        for argument in ["--version", "version"] {
            let result = try runNewsidx([argument])
            #expect(result.status == 0, "\(result)")
            #expect(result.stderr.isEmpty)
            let line = result.stdout.trimmingCharacters(in: .newlines)
            #expect(line.range(of: #"^newsidx \d+\.\d+\.\d+ \(index format version \d+\)$"#, options: .regularExpression) != nil,
                    "\(line)")
        }
    }

    @Test func helpListsTheCommands() throws {
        let result = try runNewsidx(["--help"])
        #expect(result.status == 0, "\(result)")
        for command in ["build", "search", "analyze"] { #expect(result.stdout.contains("  \(command) "), "\(result)") }
        for command in ["build", "search", "analyze"] {
            let help = try runNewsidx([command, "--help"])
            #expect(help.status == 0, "\(help)")
            #expect(help.stdout.hasPrefix("Usage: newsidx \(command)"), "\(help)")
        }
    }

    @Test func unknownCommandIsAUsageError() throws {
        let result = try runNewsidx(["frobnicate", "x"])
        #expect(result.status == 64, "\(result)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("frobnicate"), "\(result)")
    }

    @Test func noArgumentsIsAUsageError() throws {
        let result = try runNewsidx([])
        #expect(result.status == 64, "\(result)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("Usage: newsidx COMMAND"), "usage on stderr: \(result)")
    }

    static let demoCorpus = NewsidxBinary.packageRoot.appendingPathComponent("corpus")
    static var demoCorpusPresent: Bool {
        FileManager.default.fileExists(atPath: demoCorpus.appendingPathComponent("seed/2025-06-28-nato-summit-russia.txt").path)
    }

    @Test(.enabled(if: GeneralCommandTests.demoCorpusPresent, "the demo corpus (corpus/seed) is not in the repository yet"))
    func demoCorpusEndToEnd() throws {
        let folder = try TempFolder("demo")
        defer { folder.remove() }
        let index = folder.sub("index")
        let build = try runNewsidx(["build", Self.demoCorpus.path, "--index", index.path, "--json"])
        #expect(build.status == 0, "\(build)")
        let summary = try #require(jsonObject(build.lines.last ?? ""), "\(build)")
        let articles = try #require(summary["articles"] as? Int)
        #expect(articles >= 250, "the demo corpus holds about 292 articles: \(build)")
        let search = try runNewsidx(["search", "NATO summit Russia", "--json", "--limit", "5", "--index", index.path])
        #expect(search.status == 0, "\(search)")
        let ids = search.lines.compactMap { jsonObject($0)?["id"] as? String }
        #expect(ids.count == 5, "\(search)")
        #expect(ids.first == "seed/2025-06-28-nato-summit-russia", "the NATO summit article ranks first: \(ids)")
        let hit = try #require(search.lines.compactMap(jsonObject).first { ($0["id"] as? String)?.hasSuffix("nato-summit-russia") == true })
        #expect(hit["date"] as? String == "2025-06-28")
        #expect(!((hit["highlights"] as? [[Int]]) ?? []).isEmpty, "\(hit)")
        let text = try runNewsidx(["search", "NATO summit Russia", "--limit", "3", "--index", index.path])
        #expect(text.status == 0 && text.stdout.hasPrefix("1. "), "\(text)")
        #expect(!containsControlCharacters(text.stdout))
    }
}
