// The article parser's entry points: a whole source file, or one stored record re-parsed later.

/// Turns corpus bytes into `Document`s: `.txt` files (one article each) and `.jsonl` files
/// (one article per line). Never traps on bad input: problems become `CorpusWarning`s.
public enum ArticleParser {
    /// Reads `file` with ordinary reads and parses it according to its kind.
    /// Throws `.io` only when the file cannot be read.
    public static func parseFile(_ file: SourceFile) throws -> ([Document], [CorpusWarning]) {
        let bytes = try SystemCalls.readFile(at: file.absolutePath)
        switch file.kind {
        case .text:
            let (document, warnings) = parseText(bytes: bytes, file: file)
            return (document.map { [$0] } ?? [], warnings)
        case .jsonLines:
            return parseJSONLines(bytes: bytes, file: file)
        }
    }

    /// Re-parses one stored record: `bytes` are the `byteLength` bytes at `byteOffset` of the
    /// source file (the whole file for `.txt`; one line for `.jsonl`, a trailing newline is
    /// tolerated). Gives the same document as the original parse (the id before any `#2`
    /// de-duplication suffix), or nil with warnings when the record no longer parses.
    public static func parseRecord(
        bytes: [UInt8], kind: SourceKind, relativePath: String, byteOffset: Int64 = 0, lineNumber: Int = 0
    ) -> (Document?, [CorpusWarning]) {
        bytes.withUnsafeBytes { buffer in
            switch kind {
            case .text:
                return parseTextRecord(buffer, relativePath: relativePath)
            case .jsonLines:
                var end = buffer.count
                if end > 0, buffer[end - 1] == 0x0A { end -= 1 }
                if end > 0, buffer[end - 1] == 0x0D { end -= 1 }
                var start = 0
                if byteOffset == 0, end >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { start = 3 }
                var parser = JSONArticleParser(bytes: buffer)
                var warnings: [CorpusWarning] = []
                let document = parseJSONLine(
                    buffer, start..<end, lineNumber: lineNumber, fileOffset: byteOffset,
                    relativePath: relativePath, parser: &parser, warnings: &warnings)
                if document == nil, warnings.isEmpty {
                    warnings.append(CorpusWarning(path: relativePath, line: lineNumber, message: "empty record"))
                }
                return (document, warnings)
            }
        }
    }

    /// Re-parses the record `source` describes from its bytes (see `parseRecord(bytes:kind:...)`).
    public static func parseRecord(bytes: [UInt8], source: DocumentSource) -> (Document?, [CorpusWarning]) {
        parseRecord(
            bytes: bytes, kind: source.kind, relativePath: source.relativePath, byteOffset: source.byteOffset,
            lineNumber: source.lineNumber)
    }
}
