// Reading a whole corpus in scan order: scan, parse each file, make ids unique, hand documents over one by one.

/// Reads every article under a corpus folder, in the scanner's order, with unique ids.
public enum CorpusReader {
    /// What a read of the corpus found besides the documents.
    public struct Summary: Sendable {
        /// The files scanned (sorted by relative path), including ones that gave no document.
        public var files: [SourceFile]
        /// Every warning: the scan's first, then each file's in file order.
        public var warnings: [CorpusWarning]
        /// The number of documents handed to the callback.
        public var documentCount: Int
    }

    /// Scans `root`, parses each file and passes each document (id already de-duplicated with
    /// `DocumentIDs`) to `each`. A file that cannot be read any more (deleted or changed since the
    /// scan) becomes a warning. Throws `.invalidInput` for a bad root, and whatever `each` throws.
    public static func read(root: String, each: (Document) throws -> Void) throws -> Summary {
        let (files, scanWarnings) = try CorpusScanner.scan(root: root)
        var summary = Summary(files: files, warnings: scanWarnings, documentCount: 0)
        var ids = DocumentIDs()
        for file in files {
            let bytes: [UInt8]
            do {
                bytes = try SystemCalls.readFile(at: file.absolutePath)
            } catch let error as NewsIndexError {
                summary.warnings.append(
                    CorpusWarning(path: file.relativePath, message: "cannot read (\(error.message)), skipped"))
                continue
            }
            var fileWarnings: [CorpusWarning] = []
            func deliver(_ document: Document) throws {
                var document = document
                if let warning = ids.assign(&document) { fileWarnings.append(warning) }
                summary.documentCount += 1
                try each(document)
            }
            switch file.kind {
            case .text:
                let (document, warnings) = ArticleParser.parseText(bytes: bytes, file: file)
                fileWarnings.append(contentsOf: warnings)
                if let document { try deliver(document) }
            case .jsonLines:
                let lineWarnings = try ArticleParser.parseJSONLines(bytes: bytes, file: file) { try deliver($0) }
                fileWarnings.append(contentsOf: lineWarnings)
            }
            // Parse warnings and duplicate-id warnings of one file, in line order.
            let ordered = fileWarnings.enumerated().sorted {
                ($0.element.line ?? 0, $0.offset) < ($1.element.line ?? 0, $1.offset)
            }
            summary.warnings.append(contentsOf: ordered.map(\.element))
        }
        return summary
    }
}
