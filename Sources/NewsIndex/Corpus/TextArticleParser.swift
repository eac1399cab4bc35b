// Parsing one `.txt` article: optional BOM, title line (" date YYYY-MM-DD Headline" or bare), body.

extension ArticleParser {
    /// Parses the `.txt` article in `bytes` (the whole file). Returns no document for an empty or
    /// binary (NUL-containing) file, with a warning; fixes what it can (bad date, bad UTF-8) with
    /// a warning.
    public static func parseText(bytes: [UInt8], file: SourceFile) -> (Document?, [CorpusWarning]) {
        bytes.withUnsafeBytes { parseTextRecord($0, relativePath: file.relativePath) }
    }

    /// The id of a `.txt` article: its relative path without ".txt".
    static func textID(relativePath: String) -> String {
        relativePath.hasSuffix(".txt") ? String(relativePath.utf8.dropLast(4))! : relativePath
    }

    /// Parses a whole `.txt` file's bytes.
    static func parseTextRecord(_ bytes: UnsafeRawBufferPointer, relativePath: String) -> (Document?, [CorpusWarning]) {
        var warnings: [CorpusWarning] = []
        let end = bytes.count
        if let nul = UTF8Text.firstNUL(bytes, 0..<end) {
            warnings.append(
                CorpusWarning(path: relativePath, message: "binary file (NUL byte at offset \(nul)), skipped"))
            return (nil, warnings)
        }
        var start = 0
        if end >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        var contentStart = start
        while contentStart < end, UTF8Text.isWhitespace(bytes[contentStart]) { contentStart += 1 }
        if contentStart == end {
            warnings.append(CorpusWarning(path: relativePath, message: "empty file"))
            return (nil, warnings)
        }
        if let invalid = UTF8Text.firstInvalidOffset(bytes, start..<end) {
            warnings.append(
                CorpusWarning(
                    path: relativePath, line: lineNumber(of: invalid, in: bytes),
                    message: "invalid UTF-8 at byte \(invalid), replaced"))
        }

        // Title line: up to the first "\n", without a trailing "\r".
        let lineEnd = UTF8Text.nextNewline(bytes, from: start, end: end)
        var titleEnd = lineEnd
        if titleEnd > start, bytes[titleEnd - 1] == 0x0D { titleEnd -= 1 }
        var date: Int32 = 0
        var titleStart = start
        let prefix: [UInt8] = Array(" date ".utf8)
        if titleEnd - start >= prefix.count, (0..<prefix.count).allSatisfy({ bytes[start + $0] == prefix[$0] }) {
            let dateStart = start + prefix.count
            let afterDate = dateStart + 10
            if afterDate <= titleEnd, afterDate == titleEnd || bytes[afterDate] == 0x20 || bytes[afterDate] == 0x09,
                let parsed = ArticleDate.parse(bytes, at: dateStart)
            {
                date = parsed
                titleStart = afterDate
            } else {
                let shown = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[dateStart..<min(afterDate, titleEnd)]), as: UTF8.self)
                warnings.append(
                    CorpusWarning(
                        path: relativePath, line: 1,
                        message: "invalid date \"\(shown)\" in the title line, date ignored (whole line kept as the title)"))
            }
        }
        let title = trimmedText(bytes, titleStart..<titleEnd)

        // Body: after the title line, leading blank lines skipped, trailing white space dropped.
        var bodyStart = min(lineEnd + 1, end)
        var scan = bodyStart
        while scan < end {
            let byte = bytes[scan]
            if byte == 0x0A {
                bodyStart = scan + 1
            } else if byte != 0x20, byte != 0x09, byte != 0x0D {
                break
            }
            scan += 1
        }
        if scan == end { bodyStart = end }
        var bodyEnd = end
        while bodyEnd > bodyStart, UTF8Text.isWhitespace(bytes[bodyEnd - 1]) { bodyEnd -= 1 }
        let body = bodyStart < bodyEnd ? UTF8Text.decode(bytes, bodyStart..<bodyEnd).text : ""

        let source = DocumentSource(
            relativePath: relativePath, kind: .text, byteOffset: 0, byteLength: end,
            contentHash: XXHash64.hash(bytes), bodyOffset: bodyStart, lineNumber: 0)
        let document = Document(
            id: textID(relativePath: relativePath), title: title, body: body, date: date, source: source)
        return (document, warnings)
    }

    /// The text of `range` without surrounding spaces and tabs, bad UTF-8 replaced.
    static func trimmedText(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> String {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper, bytes[lower] == 0x20 || bytes[lower] == 0x09 { lower += 1 }
        while upper > lower, bytes[upper - 1] == 0x20 || bytes[upper - 1] == 0x09 { upper -= 1 }
        return lower < upper ? UTF8Text.decode(bytes, lower..<upper).text : ""
    }

    /// The 1-based line number of byte `offset`.
    static func lineNumber(of offset: Int, in bytes: UnsafeRawBufferPointer) -> Int {
        var line = 1
        var index = 0
        while true {
            index = UTF8Text.nextNewline(bytes, from: index, end: offset)
            if index >= offset { return line }
            line += 1
            index += 1
        }
    }
}
