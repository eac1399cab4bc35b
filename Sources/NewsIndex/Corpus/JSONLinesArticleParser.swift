// Parsing a `.jsonl` file: one article object per line; broken lines are warned about and skipped.

extension ArticleParser {
    /// Parses every line of the JSON Lines file in `bytes`. Empty lines are ignored; a broken line
    /// (bad JSON, not an object, no `title` and no `body`, `title`/`body` not strings) gives a
    /// warning naming the line and is skipped.
    public static func parseJSONLines(bytes: [UInt8], file: SourceFile) -> ([Document], [CorpusWarning]) {
        var documents: [Document] = []
        let warnings = parseJSONLines(bytes: bytes, file: file) { documents.append($0) }
        return (documents, warnings)
    }

    /// Like `parseJSONLines(bytes:file:)`, but hands each document to `each` as soon as it is
    /// parsed (so a large file need not be held as documents all at once). Returns the warnings.
    public static func parseJSONLines(
        bytes: [UInt8], file: SourceFile, each: (Document) throws -> Void
    ) rethrows -> [CorpusWarning] {
        try parseJSONLines(bytes: bytes, file: file, fileOffset: 0, firstLineNumber: 1, each: each)
    }

    /// Parses `bytes`, a piece of a JSON Lines file made of whole lines that starts at `fileOffset`
    /// with line `firstLineNumber` (for reading a large file in pieces). A byte order mark is
    /// skipped only at offset 0.
    public static func parseJSONLines(
        bytes: [UInt8], file: SourceFile, fileOffset: Int64, firstLineNumber: Int, each: (Document) throws -> Void
    ) rethrows -> [CorpusWarning] {
        try bytes.withUnsafeBytes { buffer in
            try parseJSONLines(buffer: buffer, file: file, fileOffset: fileOffset, firstLineNumber: firstLineNumber,
                               each: each)
        }
    }

    /// Like `parseJSONLines(bytes:file:fileOffset:firstLineNumber:each:)`, over bytes held elsewhere.
    static func parseJSONLines(
        buffer: UnsafeRawBufferPointer, file: SourceFile, fileOffset: Int64, firstLineNumber: Int,
        each: (Document) throws -> Void
    ) rethrows -> [CorpusWarning] {
        var warnings: [CorpusWarning] = []
        var parser = JSONArticleParser(bytes: buffer)
        let end = buffer.count
        var lineStart = 0
        if fileOffset == 0, end >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { lineStart = 3 }
        var lineNumber = firstLineNumber
        while lineStart < end {
            let newline = UTF8Text.nextNewline(buffer, from: lineStart, end: end)
            var lineEnd = newline
            if lineEnd > lineStart, buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            if let document = parseJSONLine(
                buffer, lineStart..<lineEnd, lineNumber: lineNumber, fileOffset: fileOffset,
                relativePath: file.relativePath, parser: &parser, warnings: &warnings)
            {
                try each(document)
            }
            lineStart = newline + 1
            lineNumber += 1
        }
        return warnings
    }

    /// Parses the record in `range` of `buffer`; `fileOffset` is the file offset of `buffer[0]`.
    /// Returns nil for a blank or broken line (a broken one adds a warning).
    static func parseJSONLine(
        _ buffer: UnsafeRawBufferPointer, _ range: Range<Int>, lineNumber: Int, fileOffset: Int64,
        relativePath: String, parser: inout JSONArticleParser, warnings: inout [CorpusWarning]
    ) -> Document? {
        var first = range.lowerBound
        while first < range.upperBound, UTF8Text.isWhitespace(buffer[first]) { first += 1 }
        if first == range.upperBound { return nil }
        func warn(_ message: String) {
            warnings.append(CorpusWarning(path: relativePath, line: lineNumber, message: message))
        }
        let fields: JSONArticleFields
        do {
            fields = try parser.parseArticle(in: range)
        } catch {
            warn("bad JSON at column \(error.offset - range.lowerBound + 1): \(error.message); line skipped")
            return nil
        }
        if let invalid = parser.firstInvalidUTF8 {
            warn("invalid UTF-8 at byte \(fileOffset + Int64(invalid)), replaced")
        }
        if fields.title == nil, fields.body == nil {
            warn("no \"title\" and no \"body\"; line skipped")
            return nil
        }
        var title = ""
        var body = ""
        switch fields.title {
        case nil: break
        case .string(let text): title = text
        case let other?:
            warn("\"title\" is \(other.typeName), not a string; line skipped")
            return nil
        }
        switch fields.body {
        case nil: break
        case .string(let text): body = text
        case let other?:
            warn("\"body\" is \(other.typeName), not a string; line skipped")
            return nil
        }
        let fallbackID = "\(relativePath)#\(lineNumber)"
        var id = fallbackID
        switch fields.id {
        case nil, .null?: break
        case .string(let text)?:
            if text.isEmpty {
                warn("\"id\" is empty; using \(fallbackID)")
            } else {
                id = text
            }
        case .number(let text)?: id = text
        case let other?: warn("\"id\" is \(other.typeName), not a string or number; using \(fallbackID)")
        }
        var date: Int32 = 0
        switch fields.date {
        case nil, .null?: break
        case .string(let text)?:
            if let parsed = ArticleDate.parse(text) {
                date = parsed
            } else {
                warn("invalid date \"\(text)\" (expected YYYY-MM-DD), date ignored")
            }
        case let other?: warn("\"date\" is \(other.typeName), not a \"YYYY-MM-DD\" string; date ignored")
        }
        let source = DocumentSource(
            relativePath: relativePath, kind: .jsonLines, byteOffset: fileOffset + Int64(range.lowerBound),
            byteLength: range.count, contentHash: XXHash64.hash(UnsafeRawBufferPointer(rebasing: buffer[range])),
            bodyOffset: 0, lineNumber: lineNumber)
        return Document(id: id, title: trimmed(title), body: body, date: date, source: source)
    }

    /// `text` without surrounding spaces and tabs (titles only; bodies are kept as they are).
    private static func trimmed(_ text: String) -> String {
        let utf8 = text.utf8
        guard let first = utf8.first, let last = utf8.last,
            first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09
        else { return text }
        var lower = utf8.startIndex
        var upper = utf8.endIndex
        while lower < upper, utf8[lower] == 0x20 || utf8[lower] == 0x09 { lower = utf8.index(after: lower) }
        while upper > lower, utf8[utf8.index(before: upper)] == 0x20 || utf8[utf8.index(before: upper)] == 0x09 {
            upper = utf8.index(before: upper)
        }
        return String(text[lower..<upper])
    }
}
