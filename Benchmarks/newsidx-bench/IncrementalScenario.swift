// The incremental scenario: on a scratch copy of the corpus, a full build, then timed rebuilds with
// no change and with 1% of the articles changed; checked against a full build of the changed copy
// (the same top 10 for the default queries).
import NewsIndex

enum IncrementalScenario {
    static func run(corpus: BenchCorpus, scratch: BenchScratch, threads: Int) throws -> [BenchResult] {
        let copy = scratch.path("incremental-corpus")
        let index = scratch.path("incremental-index")
        let copied = try ChildProcess.run("/bin/cp", ["-rL", corpus.folder, copy])
        guard copied.status == 0 else { throw NewsIndexError(.io, "cannot copy \(corpus.folder) to \(copy)") }
        func build(_ path: String, full: Bool = false) throws -> BuildSummary {
            var options = BuildOptions(corpusPath: copy, indexPath: path)
            options.threads = threads
            options.full = full
            return try IndexBuilder.build(options, warning: { _ in })
        }
        let initial = try build(index, full: true)
        let unchanged = try build(index)
        let changedArticles = try changeOnePercent(copy)
        let changed = try build(index)
        // The check: the incremental index answers as a full build of the changed copy does.
        let reference = scratch.path("incremental-reference")
        _ = try build(reference, full: true)
        let (incrementalIDs, referenceIDs) = (try topTens(index), try topTens(reference))
        scratch.remove(reference)
        if incrementalIDs != referenceIDs {
            throw NewsIndexError(.corrupt, "after the incremental build, the top 10 differs from a full build's")
        }
        let checksum = XXHash64.hash(Array(incrementalIDs.joined(separator: "\n").utf8))
        func result(_ label: String, _ summary: BuildSummary) -> BenchResult {
            BenchResult(scenario: "incremental", label: label, figures: [
                Figure(name: "seconds", value: summary.seconds, unit: "s"),
                Figure(name: "full build seconds", value: initial.seconds, unit: "s"),
                Figure(name: "articles", value: Double(summary.articles), unit: ""),
                Figure(name: "files added", value: Double(summary.added), unit: ""),
                Figure(name: "files changed", value: Double(summary.changed), unit: ""),
                Figure(name: "files removed", value: Double(summary.removed), unit: ""),
                Figure(name: "files unchanged", value: Double(summary.unchanged), unit: ""),
                Figure(name: "committed", value: summary.committed ? 1 : 0, unit: ""),
                Figure(name: "input bytes read", value: Double(summary.inputBytes), unit: "B"),
            ] + (label == "no change" ? [] : [Figure(name: "articles edited", value: Double(changedArticles), unit: "")]),
            checksum: checksum)
        }
        scratch.remove(copy)
        scratch.remove(index)
        return [result("no change", unchanged), result("1% changed", changed)]
    }

    /// Edits 1% of the articles (at least one): with 100 or more files, every 100th file gets a new
    /// last paragraph; otherwise, every 100th record of each .jsonl file gets a word in its body.
    /// Returns how many articles were edited.
    static func changeOnePercent(_ folder: String) throws -> Int {
        let files = try CorpusScanner.scan(root: folder).files
        var edited = 0
        if files.count >= 100 {
            for (index, file) in files.enumerated() where index % 100 == 50 {
                var bytes = try SystemCalls.readFile(at: file.absolutePath)
                if file.kind == .text {
                    bytes += Array("\nEdited by the benchmark: a new paragraph.\n".utf8)
                } else {
                    bytes = editRecords(bytes, every: 1)
                }
                try rewrite(file.absolutePath, bytes)
                edited += 1
            }
            return edited
        }
        for file in files where file.kind != .text {
            let bytes = try SystemCalls.readFile(at: file.absolutePath)
            let before = bytes.count
            let changed = editRecords(bytes, every: 100)
            try rewrite(file.absolutePath, changed)
            edited += (changed.count - before) / Self.insertion.count
        }
        return max(edited, 0)
    }

    static let insertion = Array("edited ".utf8)

    /// Inserts "edited " at the start of the body of every `every`-th line's JSON record.
    static func editRecords(_ bytes: [UInt8], every: Int) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 100)
        for (number, line) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            if number > 0 { output.append(0x0A) }
            if number % every == every / 2, let at = bodyStart(line) {
                output += line[..<at]
                output += insertion
                output += line[at...]
            } else {
                output += line
            }
        }
        return output
    }

    /// Where the text of a record's "body" string starts (after `"body"`, spaces, `:`, spaces, `"`).
    static func bodyStart(_ line: ArraySlice<UInt8>) -> Int? {
        let key = Array("\"body\"".utf8)
        guard var index = firstIndex(of: key, in: line).map({ $0 + key.count }) else { return nil }
        while index < line.endIndex, line[index] == 0x20 || line[index] == 0x09 || line[index] == 0x3A { index += 1 }
        guard index < line.endIndex, line[index] == 0x22 else { return nil }
        return index + 1
    }

    static func firstIndex(of needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        var index = haystack.startIndex
        while index + needle.count <= haystack.endIndex {
            if haystack[index] == needle[0] && haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    static func rewrite(_ path: String, _ bytes: [UInt8]) throws {
        try SystemCalls.removeFile(at: path, ignoringMissing: true)
        try SystemCalls.writeFileDurably(at: path, bytes: bytes, mode: .replaceExisting)
    }

    /// Every default query's top-10 ids, one line per query.
    static func topTens(_ index: String) throws -> [String] {
        let reader = try IndexReader(path: index)
        let searcher = Searcher(reader: reader)
        return try BenchQuery.defaults.map { query in
            try searcher.search(SearchRequest(text: query.text, limit: 10, syntax: true)).hits
                .map { try reader.id(of: $0.doc) }.joined(separator: " ")
        }
    }
}
