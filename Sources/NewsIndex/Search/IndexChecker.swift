// IndexChecker: the engine of `newsidx check`. Every file's CRC, then every structural invariant
// of IndexFormat.md, the first problem of each file reported with its offset. Never traps.

/// One problem found by `IndexChecker`: the file (its name inside the index folder), the file
/// offset where the damage shows (when known) and what is wrong.
public struct IndexCheckProblem: Equatable, Sendable, CustomStringConvertible {
    /// The file's name inside the index folder, e.g. "g000001-0.post" or "MANIFEST".
    public var file: String
    /// The byte offset in the file (from its first byte, envelope header included), when known.
    public var offset: Int?
    /// What is wrong, in plain words.
    public var message: String

    public init(file: String, offset: Int?, message: String) {
        self.file = file
        self.offset = offset
        self.message = message
    }

    /// "g000001-0.post: offset 1234: message" (or "FILE: message" without an offset).
    public var description: String {
        if let offset { return "\(file): offset \(offset): \(message)" }
        return "\(file): \(message)"
    }
}

/// What `IndexChecker.check` found: the problems (at most one per file, the first one met) and
/// how much was verified.
public struct IndexCheckReport: Sendable {
    /// The first problem of every damaged file, in checking order (MANIFEST, then per segment
    /// .docs, .stor, .tdic, .post, .posn).
    public var problems: [IndexCheckProblem] = []
    /// Checks that could not run because a file they depend on is damaged (not problems).
    public var notes: [String] = []
    /// Files whose envelope and checksum were verified (MANIFEST included).
    public var filesVerified = 0
    /// Segments whose five files were all verified without a problem.
    public var segmentsVerified = 0
    /// Dictionary terms read in order with their values checked.
    public var termsVerified = 0
    /// Postings (term, document) decoded and checked.
    public var postingsVerified = 0
    /// Positions decoded and checked against the field lengths.
    public var positionsVerified = 0
    /// Documents whose DOCS record and STOR record were checked.
    public var documentsVerified = 0

    public init() {}

    /// True when no problem was found.
    public var isClean: Bool { problems.isEmpty }

    /// Whether `file` already has its (first) problem recorded.
    func hasProblem(in file: String) -> Bool { problems.contains { $0.file == file } }

    /// Records `problem` unless its file already has one (only the first per file is kept).
    mutating func record(_ problem: IndexCheckProblem) {
        if !hasProblem(in: problem.file) { problems.append(problem) }
    }
}

/// Verifies a whole index folder against the format (IndexFormat.md): every file's envelope and
/// CRC-32, then per segment the DOCS and STOR tables, the term dictionary's order and values, and
/// every term's postings and positions (doc IDs, frequencies, block headers, positions within the
/// field lengths), and the MANIFEST's counts. Reads files with ordinary reads (no mapping), checks
/// every offset and length before using it, and reports instead of throwing or trapping.
public enum IndexChecker {
    /// Checks the index in `indexPath` (the folder holding MANIFEST).
    ///
    /// Throws only when there is no index there at all (`.noIndex`) or the folder cannot be
    /// examined; every damage is a problem in the report, the first one per file.
    public static func check(indexPath: String) throws -> IndexCheckReport {
        let manifestPath = indexPath + "/" + Manifest.fileName
        guard try SystemCalls.statusIfExists(of: manifestPath) != nil else {
            throw NewsIndexError(.noIndex, "no index at \(indexPath) (no \(Manifest.fileName)); run `newsidx build DIR` first")
        }
        var report = IndexCheckReport()
        let manifest: Manifest
        do {
            let bytes = try SystemCalls.readFile(at: manifestPath)
            manifest = try Manifest(fileBytes: bytes, fileName: Manifest.fileName)
        } catch let error as NewsIndexError {
            report.record(problem(from: error, file: Manifest.fileName))
            report.notes.append("no segment checked: the \(Manifest.fileName) cannot be read")
            return report
        }
        report.filesVerified += 1
        var seen: Set<String> = []
        for entry in manifest.segments where !seen.insert(entry.name).inserted {
            report.record(IndexCheckProblem(file: Manifest.fileName, offset: nil, message: "segment \(entry.name) named twice"))
        }
        var total = 0
        for entry in manifest.segments {
            guard total <= Int(Int32.max) - entry.documentCount else {
                report.record(IndexCheckProblem(file: Manifest.fileName, offset: nil,
                                                message: "the segments hold more than 2^31-1 documents in all"))
                break
            }
            total += entry.documentCount
        }
        for entry in manifest.segments {
            var segment = IndexCheckSegment(directory: indexPath, entry: entry)
            segment.run(into: &report)
        }
        return report
    }

    /// A problem from a reader's error: its "FILE: " prefix and trailing " at offset N" split off.
    static func problem(from error: NewsIndexError, file: String) -> IndexCheckProblem {
        var text = Substring(error.message)
        if text.hasPrefix(file + ": ") { text = text.dropFirst(file.count + 2) }
        var offset: Int?
        let marker = " at offset "
        if let range = lastRange(of: marker, in: text) {
            let digits = text[range.upperBound...]
            if !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(digits) {
                offset = value
                text = text[..<range.lowerBound]
            }
        }
        return IndexCheckProblem(file: file, offset: offset, message: String(text))
    }

    private static func lastRange(of needle: String, in text: Substring) -> Range<Substring.Index>? {
        var index = text.endIndex
        while index > text.startIndex {
            index = text.index(before: index)
            if text[index...].hasPrefix(needle) { return index..<text.index(index, offsetBy: needle.count) }
        }
        return nil
    }
}
