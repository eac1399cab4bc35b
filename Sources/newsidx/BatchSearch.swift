// `newsidx search --batch FILE`: many queries in one process, a TREC run out, optional timings.
import Glibc
import NewsIndex

enum BatchSearch {
    static func run(file: String, arguments: ParsedArguments, limit: Int, bm25: BM25) throws -> Int32 {
        let warmup = try arguments.integer("--warmup", default: 0, in: 0...1000)
        let bytes: [UInt8]
        if file == "-" {
            bytes = StandardInput.readAll()
        } else {
            do { bytes = try SystemCalls.readFile(at: file) } catch let error as NewsIndexError {
                throw NewsIndexError(.invalidInput, "--batch \(error.message)")
            }
        }
        let (queries, replaced) = parseQueries(bytes)
        if replaced { Console.warn("\(file): not valid UTF-8; invalid bytes were replaced by U+FFFD") }
        let reader = try IndexLocation.open(arguments)
        let searcher = Searcher(reader: reader)
        for _ in 0..<warmup {
            for query in queries { _ = try searcher.search(SearchRequest(text: query.text, limit: limit, bm25: bm25, syntax: true)) }
        }
        var timings: [(String, UInt64)] = []
        let json = arguments.has("--json")
        // The timed part fetches the ids as bytes into one reused buffer; the Strings for the
        // output are made after the clock stops.
        var idBytes: [UInt8] = []
        var idEnds: [Int] = []
        for query in queries {
            let start = ProcessEnvironment.monotonicNanoseconds()
            let results = try searcher.search(SearchRequest(text: query.text, limit: limit, bm25: bm25, syntax: true))
            idBytes.removeAll(keepingCapacity: true)
            idEnds.removeAll(keepingCapacity: true)
            try reader.appendIDs(of: results.hits.map(\.doc), to: &idBytes, ends: &idEnds)
            timings.append((query.id, (ProcessEnvironment.monotonicNanoseconds() - start) / 1000))
            var ids: [String] = []
            ids.reserveCapacity(idEnds.count)
            for (index, end) in idEnds.enumerated() {
                ids.append(String(decoding: idBytes[(index == 0 ? 0 : idEnds[index - 1])..<end], as: UTF8.self))
            }
            for (index, hit) in results.hits.enumerated() {
                if json {
                    var object = JSONObjectWriter()
                    object.add("qid", query.id)
                    object.add("rank", index + 1)
                    object.add("id", ids[index])
                    object.add("score", hit.score)
                    Console.out.line(object.result)
                } else {
                    Console.out.line("\(trecField(query.id)) Q0 \(trecField(ids[index])) \(index + 1) \(hit.score) newsidx")
                }
            }
        }
        Console.out.flush()
        if let path = arguments.string("--timings") {
            let text = timings.map { "\(trecField($0.0))\t\($0.1)\n" }.joined()
            try? SystemCalls.removeFile(at: path, ignoringMissing: true)
            try SystemCalls.writeFileDurably(at: path, bytes: Array(text.utf8), mode: .replaceExisting)
        }
        return 0
    }

    struct BatchQuery {
        var id: String
        var text: String
    }

    /// `id<TAB>query` per line, or a bare query whose id is its line number; blank lines skipped.
    /// Lines are split on bytes ("\r\n" is one Character in Swift, so never split a String on "\n"),
    /// and each is decoded on its own (invalid UTF-8 becomes U+FFFD; `replaced` says if any did),
    /// so the file is never held twice.
    static func parseQueries(_ bytes: [UInt8]) -> (queries: [BatchQuery], replaced: Bool) {
        var queries: [BatchQuery] = []
        var replaced = false
        var lineNumber = 0
        func text(_ part: ArraySlice<UInt8>) -> String {
            if let valid = String(validating: part, as: UTF8.self) { return valid }
            replaced = true
            return String(decoding: part, as: UTF8.self)
        }
        for rawLine in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = rawLine
            if line.last == 0x0D { line = line.dropLast() }
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            if let tab = line.firstIndex(of: 0x09) {
                queries.append(BatchQuery(id: text(line[..<tab]), text: text(line[(tab + 1)...])))
            } else {
                queries.append(BatchQuery(id: String(lineNumber), text: text(line)))
            }
        }
        return (queries, replaced)
    }

    /// The same, from text.
    static func parseQueries(_ text: String) -> [BatchQuery] { parseQueries(Array(text.utf8)).queries }

    /// A TREC run field: whitespace written as %20, % as %25 and control characters as %XX, so the
    /// columns stay intact and nothing raw reaches a terminal.
    static func trecField(_ value: String) -> String {
        func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
            // Printable ASCII other than space and % never needs it (the common case, no table lookup).
            if scalar.value > 0x20 && scalar.value < 0x7F { return scalar == "%" }
            return scalar == "%" || scalar.properties.isWhitespace || TerminalText.isControl(scalar.value) || scalar.value == 0x0A
        }
        if value.isEmpty { return "%00" }
        guard value.unicodeScalars.contains(where: needsEscape) else { return value }
        var result = ""
        for scalar in value.unicodeScalars {
            if scalar == " " || scalar == "\t" {
                result += "%20"
            } else if needsEscape(scalar) {
                for byte in String(scalar).utf8 {
                    let hex = String(byte, radix: 16, uppercase: true)
                    result += "%" + (hex.count == 1 ? "0" + hex : hex)
                }
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
