// An index opened for search: the manifest read, every segment mapped, collection statistics at hand.

/// A read-only view of one committed generation of the index. Builds running meanwhile do not
/// affect it: it keeps its files mapped, and a build only removes the files of older generations.
public final class IndexReader: @unchecked Sendable {
    public let path: String
    public let manifest: Manifest
    let segments: [SegmentReader]
    /// N: the number of articles.
    public let documentCount: Int
    public let averageTitleLength: Double
    public let averageBodyLength: Double

    /// Opens the index at `path` (the folder holding MANIFEST).
    public init(path: String) throws {
        guard let manifest = try IndexDirectory.readManifest(in: path) else {
            throw NewsIndexError(.noIndex, "no index at \(path); run `newsidx build DIR` first")
        }
        self.path = path
        self.manifest = manifest
        var segments: [SegmentReader] = []
        var base: Int32 = 0
        for entry in manifest.segments {
            segments.append(try SegmentReader(directory: path, entry: entry, base: base))
            base += Int32(entry.documentCount)
        }
        self.segments = segments
        documentCount = Int(base)
        let titleSum = segments.reduce(0.0) { $0 + Double($1.documents.titleLengthSum) }
        let bodySum = segments.reduce(0.0) { $0 + Double($1.documents.bodyLengthSum) }
        averageTitleLength = documentCount > 0 ? titleSum / Double(documentCount) : 0
        averageBodyLength = documentCount > 0 ? bodySum / Double(documentCount) : 0
    }

    /// The segment holding global doc ID `doc`, and the doc's local ID there.
    func locate(_ doc: Int32) -> (SegmentReader, Int) {
        var low = 0, high = segments.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if segments[middle].base <= doc { low = middle } else { high = middle - 1 }
        }
        return (segments[low], Int(doc - segments[low].base))
    }

    /// The stored record of a document.
    public func storedDocument(_ doc: Int32) throws -> StoredDocument {
        let (segment, local) = locate(doc)
        var document = try segment.stored.document(local)
        document.date = Int32(bitPattern: segment.documents.date(local))
        return document
    }

    /// The id of a document.
    public func id(of doc: Int32) throws -> String {
        let (segment, local) = locate(doc)
        return try segment.stored.id(local)
    }

    /// Appends the id of `doc` as stored (UTF-8 bytes; `String(decoding:as:)` gives `id(of:)`).
    public func appendID(of doc: Int32, to out: inout [UInt8]) throws {
        let (segment, local) = locate(doc)
        try segment.stored.appendID(local, to: &out)
    }

    /// Appends the ids of `docs` one after another to `out`, and where each ends to `ends`: each
    /// run of documents of one segment is read together (`StoredFields.appendIDs`).
    public func appendIDs(of docs: [Int32], to out: inout [UInt8], ends: inout [Int]) throws {
        var index = 0
        while index < docs.count {
            let (segment, first) = locate(docs[index])
            var local = [first]
            index += 1
            while index < docs.count, case let (next, doc) = locate(docs[index]), next === segment {
                local.append(doc)
                index += 1
            }
            try segment.stored.appendIDs(local, to: &out, ends: &ends)
        }
    }

    /// The source file record a stored document points at.
    public func sourceFile(of document: StoredDocument, doc: Int32) throws -> StoredSourceFile {
        let (segment, _) = locate(doc)
        let files = try segment.storedSourceFiles()
        guard document.location.fileIndex < files.count else {
            throw NewsIndexError(.corrupt, "\(path): document \(doc) names source file \(document.location.fileIndex) of \(files.count)")
        }
        return files[document.location.fileIndex]
    }

    /// Documents containing `term` in any field, over all segments.
    public func documentFrequency(_ term: [UInt8]) throws -> Int {
        var total = 0
        for segment in segments { total += try segment.lookup(term)?.documentFrequency ?? 0 }
        return total
    }
}
