// `newsidx search`: text and JSON output, paging, no hits, finding the index, safe output, stale sources.
import Foundation
import Testing

@Suite("CLI search")
struct SearchCommandTests {
    /// A temp folder with the standard corpus built into `index`.
    private func indexedCorpus(_ label: String) throws -> (TempFolder, URL, URL) {
        let folder = try TempFolder(label)
        let corpus = try makeStandardCorpus(in: folder)
        let index = folder.sub("index")
        try buildIndex(corpus: corpus, index: index)
        return (folder, corpus, index)
    }

    @Test func textOutputShowsRankTitleDatePathScoreAndMarkedSnippet() throws {
        let (folder, corpus, index) = try indexedCorpus("search-text")
        defer { folder.remove() }
        let result = try runNewsidx(["search", "ceasefire talks", "--index", index.path])
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr.isEmpty, "\(result)")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        try #require(lines.count >= 3, "\(result)")
        #expect(lines[0] == "1. Ceasefire talks resume in Doha", "\(result)")
        let facts = lines[1]
        #expect(facts.hasPrefix("   2024-01-02  "), "\(facts)")
        #expect(facts.contains(corpus.appendingPathComponent("world/2024-01-02-ceasefire.txt").path), "\(facts)")
        #expect(facts.range(of: #"score \d+\.\d{3}$"#, options: .regularExpression) != nil, "\(facts)")
        #expect(lines[2].hasPrefix("   "), "\(lines[2])")
        #expect(lines[2].contains("**ceasefire**"), "\(lines[2])")
        #expect(lines[2].contains("**talks**"), "\(lines[2])")
        // Ranks count up from 1; scores do not increase.
        let titles = lines.filter { $0.range(of: #"^\d+\. "#, options: .regularExpression) != nil }
        #expect(titles.count >= 2, "\(result)")
        for (offset, title) in titles.enumerated() { #expect(title.hasPrefix("\(offset + 1). "), "\(title)") }
        let scores = lines.compactMap { line -> Double? in
            guard let range = line.range(of: #"score \d+\.\d+$"#, options: .regularExpression) else { return nil }
            return Double(line[range].dropFirst(6))
        }
        #expect(scores.count == titles.count)
        #expect(scores == scores.sorted(by: >), "\(scores)")
        // No terminal escapes when piped.
        #expect(!result.stdout.contains("\u{1B}"))
    }

    @Test func jsonLinesCarryEveryFieldAndValidHighlights() throws {
        let (folder, corpus, index) = try indexedCorpus("search-json")
        defer { folder.remove() }
        let query = "sanctions talks"
        let result = try runNewsidx(["search", query, "--json", "--index", index.path])
        #expect(result.status == 0, "\(result)")
        let objects = result.lines.map(jsonObject)
        #expect(objects.count >= 4, "\(result)")
        // The query's terms, as the analyzer makes them: "sanction", "talk".
        let analyzed = try runNewsidx(["analyze", query])
        let stems = analyzed.lines.compactMap { $0.split(separator: "\t").last.map(String.init) }
        #expect(stems == ["sanction", "talk"], "\(analyzed)")
        var previousScore = Double.infinity
        for (offset, (line, object)) in zip(result.lines, objects).enumerated() {
            let object = try #require(object, "not a JSON object: \(line)")
            for key in ["rank", "score", "id", "path", "title", "date", "snippet", "highlights"] {
                #expect(object[key] != nil, "\(key) missing: \(line)")
            }
            #expect(object["rank"] as? Int == offset + 1, "\(line)")
            let score = try #require((object["score"] as? NSNumber)?.doubleValue, "\(line)")
            #expect(score > 0 && score <= previousScore, "\(line)")
            previousScore = score
            let path = try #require(object["path"] as? String)
            #expect(path.hasPrefix(corpus.path), "\(line)")
            #expect(FileManager.default.fileExists(atPath: path), "\(line)")
            let date = try #require(object["date"] as? String, "\(line)")
            #expect(date.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) != nil, "\(line)")
            let snippet = Array(try #require(object["snippet"] as? String).utf8)
            let highlights = try #require(object["highlights"] as? [[Int]], "\(line)")
            #expect(!highlights.isEmpty, "every hit here matches in its body: \(line)")
            var previousEnd = 0
            for range in highlights {
                try #require(range.count == 2 && range[0] >= previousEnd && range[0] < range[1] && range[1] <= snippet.count,
                             "bad highlight \(range) in \(line)")
                previousEnd = range[1]
                let word = String(decoding: snippet[range[0]..<range[1]], as: UTF8.self).lowercased()
                #expect(stems.contains { word.hasPrefix($0) }, "highlight '\(word)' is not a query word: \(line)")
            }
        }
        let ids = objects.compactMap { $0?["id"] as? String }
        #expect(Set(ids).isSuperset(of: ["2023-11-11-markets", "wire-1", "2025-06-28-nato-summit"]), "\(ids)")
        #expect(ids.first == "2023-11-11-markets", "most matches, sanctions in the title: \(ids)")
        let wire = try #require(objects.compactMap { $0 }.first { $0["id"] as? String == "wire-1" })
        #expect(wire["title"] as? String == "Oil prices climb")
        #expect(wire["date"] as? String == "2025-03-01")
        #expect((wire["path"] as? String)?.hasSuffix("/wire.jsonl") == true)
    }

    @Test func limitAndOffsetPageConsistently() throws {
        let (folder, _, index) = try indexedCorpus("search-paging")
        defer { folder.remove() }
        func ids(_ extra: [String]) throws -> [(Int, String)] {
            let result = try runNewsidx(["search", "the talks sanctions hague", "--json", "--index", index.path] + extra)
            #expect(result.status == 0, "\(result)")
            return result.lines.compactMap(jsonObject).compactMap { object in
                guard let rank = object["rank"] as? Int, let id = object["id"] as? String else { return nil }
                return (rank, id)
            }
        }
        let all = try ids(["--limit", "50"])
        #expect(all.count == 6, "\(all)")
        #expect(all.map(\.0) == Array(1...all.count))
        let defaultLimit = try ids([])
        #expect(defaultLimit.map(\.1) == all.map(\.1), "default limit 10 holds all six")
        let firstTwo = try ids(["--limit", "2"])
        #expect(firstTwo.map(\.1) == Array(all.prefix(2)).map(\.1))
        #expect(firstTwo.map(\.0) == [1, 2])
        let page = try ids(["--limit", "2", "--offset", "2"])
        #expect(page.map(\.1) == Array(all[2..<4]).map(\.1), "\(page) vs \(all)")
        #expect(page.map(\.0) == [3, 4], "ranks continue after the offset")
        let tail = try ids(["--limit", "5", "--offset", "4"])
        #expect(tail.map(\.1) == Array(all[4...]).map(\.1))
        let beyond = try runNewsidx(["search", "talks", "--offset", "100", "--index", index.path])
        #expect(beyond.status == 0 && beyond.stdout.isEmpty, "\(beyond)")
        let badLimit = try runNewsidx(["search", "talks", "--limit", "-1", "--index", index.path])
        #expect(badLimit.status == 64, "\(badLimit)")
        #expect(badLimit.stderr.contains("--limit"), "\(badLimit)")
    }

    @Test func noHitsGivesAMessageOnStderr() throws {
        let (folder, _, index) = try indexedCorpus("search-nohits")
        defer { folder.remove() }
        let result = try runNewsidx(["search", "xylophone", "--index", index.path])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.isEmpty, "\(result)")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(result)")
        #expect(result.stderr.contains("xylophone"), "\(result)")
        let json = try runNewsidx(["search", "xylophone", "--json", "--index", index.path])
        #expect(json.status == 0 && json.stdout.isEmpty, "\(json)")
    }

    @Test func noIndexAnywhereFails() throws {
        let folder = try TempFolder("search-noindex")
        defer { folder.remove() }
        let result = try runNewsidx(["search", "talks"], cwd: folder.url)
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("newsidx build"), "\(result)")
        #expect(result.stdout.isEmpty)
        let missing = try runNewsidx(["search", "talks", "--index", folder.sub("nope").path], cwd: folder.url)
        #expect(missing.status == 1, "\(missing)")
        #expect(!missing.stderr.isEmpty)
    }

    @Test func findsTheIndexInAParentFolder() throws {
        let folder = try TempFolder("search-parent")
        defer { folder.remove() }
        let corpus = try makeStandardCorpus(in: folder)
        let built = try runNewsidx(["build", corpus.path, "--quiet"], cwd: folder.url)
        #expect(built.status == 0, "\(built)")
        let deep = try folder.makeFolder("a/b/c")
        let result = try runNewsidx(["search", "doha", "--json"], cwd: deep)
        #expect(result.status == 0, "\(result)")
        #expect(result.lines.compactMap { jsonObject($0)?["id"] as? String } == ["world/2024-01-02-ceasefire"], "\(result)")
        // NEWSIDX_INDEX wins over the discovered folder.
        let other = try TempFolder("search-parent-other")
        defer { other.remove() }
        try other.article("c/x.txt", date: "2025-01-01", title: "Doha only here", paragraphs: ["Platypus in Doha."])
        try buildIndex(corpus: other.sub("c"), index: other.sub("idx"))
        let viaEnvironment = try runNewsidx(["search", "doha", "--json"], cwd: deep, env: ["NEWSIDX_INDEX": other.sub("idx").path])
        #expect(viaEnvironment.lines.compactMap { jsonObject($0)?["id"] as? String } == ["x"], "\(viaEnvironment)")
    }

    @Test func noEscapeSequencesWithNoColorOrPiped() throws {
        let (folder, _, index) = try indexedCorpus("search-nocolor")
        defer { folder.remove() }
        for env in [[:], ["NO_COLOR": "1"], ["TERM": "xterm-256color"]] {
            let result = try runNewsidx(["search", "sanctions", "--index", index.path], env: env)
            #expect(result.status == 0, "\(result)")
            #expect(!result.stdout.isEmpty)
            #expect(!result.stdout.contains("\u{1B}"), "\(env): \(result)")
            #expect(result.stdout.contains("**"), "\(env): \(result)")
        }
    }

    /// A corpus whose titles, bodies and ids hold terminal escapes (ESC, BEL, CR, C1 CSI).
    private func hostileIndex(_ folder: TempFolder) throws -> URL {
        try folder.write("c/evil.txt",
            " date 2025-02-02 Evil \u{1B}[31mred\u{1B}]0;pwned\u{7} zebra\n\nThe zebra \u{1B}[2J body, C1 \u{9B}1m and bell\u{7} and\rreturn here.\n")
        try folder.write("c/evil.jsonl",
            #"{"id":"e\u001b[1m1","title":"JSON \u001b[1mzebra \u009b2J","body":"zebra \u001b]2;title\u0007 body \u009b1m\r\n","date":"2025-02-04"}"# + "\n")
        let index = folder.sub("index")
        try buildIndex(corpus: folder.sub("c"), index: index)
        return index
    }

    @Test func controlCharactersInArticlesNeverReachTextOutputRaw() throws {
        let folder = try TempFolder("search-control")
        defer { folder.remove() }
        let index = try hostileIndex(folder)
        let text = try runNewsidx(["search", "zebra", "--index", index.path])
        #expect(text.status == 0, "\(text)")
        #expect(text.stdout.contains("Evil"), "\(text)")
        #expect(text.stdout.contains("JSON"), "\(text)")
        #expect(!containsControlCharacters(text.stdout), "raw control characters in: \(text.stdout.debugDescription)")
    }

    @Test func controlCharactersInArticlesAreEscapedInJSON() throws {
        let folder = try TempFolder("search-control-json")
        defer { folder.remove() }
        let index = try hostileIndex(folder)
        let json = try runNewsidx(["search", "zebra", "--json", "--index", index.path])
        #expect(json.status == 0, "\(json)")
        let objects = json.lines.compactMap(jsonObject)
        #expect(objects.count == 2, "\(json)")
        // JSON keeps the data, escaped.
        #expect(objects.contains { ($0["title"] as? String)?.contains("\u{1B}[31m") == true }, "\(json)")
        #expect(objects.contains { ($0["id"] as? String) == "e\u{1B}[1m1" }, "\(json)")
        let c0 = json.stdout.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n") || $0.value == 0x7F }
        #expect(c0.isEmpty, "raw C0 control characters: \(json.stdout.debugDescription)")
        // C1 controls (U+0080–U+009F; U+009B is CSI) are escaped too, like DEL.
        let c1 = json.stdout.unicodeScalars.filter { $0.value >= 0x80 && $0.value < 0xA0 }
        #expect(c1.isEmpty, "raw C1 control characters \(c1.map { String($0.value, radix: 16) }) in: \(json.stdout.debugDescription)")
    }

    @Test func controlCharactersInIdsNeverReachTRECOutputRaw() throws {
        let folder = try TempFolder("search-control-trec")
        defer { folder.remove() }
        let index = try hostileIndex(folder)
        let batch = try folder.write("q.txt", "zebra\n")
        let trec = try runNewsidx(["search", "--batch", batch.path, "--index", index.path])
        #expect(trec.status == 0, "\(trec)")
        #expect(trec.lines.count == 2, "\(trec)")
        #expect(!containsControlCharacters(trec.stdout), "raw control characters in: \(trec.stdout.debugDescription)")
        for line in trec.lines { #expect(line.split(separator: " ").count == 6, "\(line.debugDescription)") }
    }

    @Test func modifiedSourceGivesANote() throws {
        let (folder, corpus, index) = try indexedCorpus("search-modified")
        defer { folder.remove() }
        let file = corpus.appendingPathComponent("world/2024-01-02-ceasefire.txt")
        var text = try String(contentsOf: file, encoding: .utf8)
        text = text.replacingOccurrences(of: "Tuesday", with: "Fridays")  // same length
        try text.write(to: file, atomically: false, encoding: .utf8)
        let result = try runNewsidx(["search", "doha", "--index", index.path])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("1. Ceasefire talks resume in Doha"), "\(result)")
        #expect(result.stdout.contains("changed"), "\(result)")
        #expect(!result.stdout.contains("Fridays") && !result.stdout.contains("Tuesday"), "no snippet: \(result)")
        let json = try runNewsidx(["search", "doha", "--json", "--index", index.path])
        let object = try #require(json.lines.first.flatMap(jsonObject), "\(json)")
        #expect(object["title"] as? String == "Ceasefire talks resume in Doha")
        #expect((object["note"] as? String)?.contains("changed") == true, "\(json)")
        #expect(object["snippet"] as? String == "", "\(json)")
    }

    @Test func appendedSourceGivesANote() throws {
        let (folder, corpus, index) = try indexedCorpus("search-appended")
        defer { folder.remove() }
        let file = corpus.appendingPathComponent("world/2024-01-02-ceasefire.txt")
        let handle = try FileHandle(forWritingTo: file)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("\nA new paragraph about Doha was added later.\n".utf8))
        try handle.close()
        let result = try runNewsidx(["search", "doha", "--json", "--index", index.path])
        #expect(result.status == 0, "\(result)")
        let object = try #require(result.lines.first.flatMap(jsonObject), "\(result)")
        #expect(object["id"] as? String == "world/2024-01-02-ceasefire")
        #expect((object["note"] as? String)?.contains("changed") == true,
                "a .txt article that grew since the build is stale too: \(result)")
    }

    @Test func deletedSourceGivesANote() throws {
        let (folder, corpus, index) = try indexedCorpus("search-deleted")
        defer { folder.remove() }
        let file = corpus.appendingPathComponent("world/2024-01-02-ceasefire.txt")
        try FileManager.default.removeItem(at: file)
        let result = try runNewsidx(["search", "doha", "--index", index.path])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("1. Ceasefire talks resume in Doha"), "\(result)")
        #expect(result.stdout.contains("missing"), "\(result)")
        #expect(!result.stdout.contains("Negotiators"), "\(result)")
        let json = try runNewsidx(["search", "doha", "--json", "--index", index.path])
        let object = try #require(json.lines.first.flatMap(jsonObject), "\(json)")
        #expect((object["note"] as? String)?.contains("missing") == true, "\(json)")
    }

    /// A corpus big enough that the output overflows a pipe buffer (64 KiB) many times.
    private func bigIndex(_ folder: TempFolder) throws -> URL {
        var lines = ""
        for number in 1...1500 {
            lines += #"{"id":"doc-\#(number)","title":"Report number \#(number) on the harbour","body":"The harbour report \#(number) describes ships, cargo and the harbour master's long day at the docks.","date":"2025-01-01"}"# + "\n"
        }
        try folder.write("big/articles.jsonl", lines)
        let index = folder.sub("big-index")
        try buildIndex(corpus: folder.sub("big"), index: index)
        return index
    }

    @Test func closedPipeEndsQuietly() throws {
        let folder = try TempFolder("search-pipe")
        defer { folder.remove() }
        let index = try bigIndex(folder)
        let binary = try #require(NewsidxBinary.url)
        let status = folder.sub("status"), errors = folder.sub("stderr")
        for mode in ["", "--json"] {
            let script = "{ '\(binary.path)' search harbour --limit 1500 \(mode) --index '\(index.path)' 2>'\(errors.path)'; "
                + "echo $? >'\(status.path)'; } | head -1"
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", script]
            process.currentDirectoryURL = folder.url
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            let firstLine = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            #expect(firstLine.split(separator: "\n").count == 1, "\(firstLine)")
            #expect(firstLine.hasPrefix(mode.isEmpty ? "1. Report number" : "{\"rank\":1,"), "\(firstLine)")
            let exitStatus = try String(contentsOf: status, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(exitStatus == "0", "newsidx exit status behind a closed pipe (\(mode))")
            let errorText = try String(contentsOf: errors, encoding: .utf8)
            #expect(errorText.isEmpty, "\(errorText)")
        }
    }

    @Test func pipeClosedBeforeAnyOutputEndsQuietly() throws {
        let folder = try TempFolder("search-pipe-early")
        defer { folder.remove() }
        let index = try bigIndex(folder)
        let binary = try #require(NewsidxBinary.url)
        let process = Process()
        process.executableURL = binary
        process.arguments = ["search", "harbour", "--limit", "1500", "--index", index.path]
        let out = Pipe(), errURL = folder.sub("stderr")
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let err = try FileHandle(forWritingTo: errURL)
        defer { try? err.close() }
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try out.fileHandleForReading.close()  // nobody will ever read: every write gets EPIPE
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationReason == .exit, "not killed by SIGPIPE")
        #expect(process.terminationStatus == 0)
        let errorText = try String(contentsOf: errURL, encoding: .utf8)
        #expect(errorText.isEmpty, "\(errorText)")
    }

    @Test func usageErrors() throws {
        let (folder, _, index) = try indexedCorpus("search-usage")
        defer { folder.remove() }
        let noQuery = try runNewsidx(["search", "--index", index.path])
        #expect(noQuery.status == 64, "\(noQuery)")
        let unknown = try runNewsidx(["search", "talks", "--colour", "--index", index.path])
        #expect(unknown.status == 64, "\(unknown)")
        #expect(unknown.stderr.contains("--colour"), "\(unknown)")
        let both = try runNewsidx(["search", "talks", "--batch", "q.txt", "--index", index.path])
        #expect(both.status == 64, "\(both)")
        let help = try runNewsidx(["search", "--help"])
        #expect(help.status == 0 && help.stdout.contains("--batch"), "\(help)")
    }
}
