// An article's text fetched back from its source file at search time, checked against the stored hash.

/// The outcome of fetching a hit's text from its source file.
public enum ArticleText: Sendable {
    /// The article as it was indexed.
    case found(Document)
    /// The source changed or vanished since the build: the note says which, and what to do.
    case unavailable(note: String)

    /// Reads document `doc`'s record from its source file. The index keeps no article text: the
    /// stored path, byte range and content hash say where it is and whether it is still the same.
    public static func fetch(_ doc: Int32, stored: StoredDocument, in reader: IndexReader) -> ArticleText {
        let file: StoredSourceFile
        do {
            file = try reader.sourceFile(of: stored, doc: doc)
        } catch {
            return .unavailable(note: "(no source file recorded: \(error))")
        }
        let root = reader.manifest.corpusRoot
        let path = (root.hasSuffix("/") ? root : root + "/") + file.relativePath
        let bytes: [UInt8]
        do {
            bytes = try SystemCalls.readRange(at: path, offset: Int(stored.location.recordOffset), length: stored.location.recordLength)
        } catch {
            return .unavailable(note: "(source file \(path) is missing or unreadable; run `newsidx build` to update the index)")
        }
        // A .txt record is the whole file: a file that grew or shrank changed, whatever its start says.
        if file.kind == .text, let status = try? SystemCalls.status(of: path), status.size != Int64(stored.location.recordLength) {
            return .unavailable(note: "(source file \(path) changed since the index was built; run `newsidx build` to update it)")
        }
        guard bytes.count == stored.location.recordLength,
              UInt32(truncatingIfNeeded: bytes.withUnsafeBytes({ XXHash64.hash($0) })) == stored.location.recordHash else {
            return .unavailable(note: "(source file \(path) changed since the index was built; run `newsidx build` to update it)")
        }
        let (document, _) = ArticleParser.parseRecord(
            bytes: bytes, kind: file.kind, relativePath: file.relativePath,
            byteOffset: stored.location.recordOffset, lineNumber: stored.location.lineNumber)
        guard let document else {
            return .unavailable(note: "(the record in \(path) no longer parses; run `newsidx build`)")
        }
        return .found(document)
    }

    /// The absolute path of a stored document's source file.
    public static func sourcePath(_ doc: Int32, stored: StoredDocument, in reader: IndexReader) -> String {
        guard let file = try? reader.sourceFile(of: stored, doc: doc) else { return "?" }
        let root = reader.manifest.corpusRoot
        return (root.hasSuffix("/") ? root : root + "/") + file.relativePath
    }
}
