// The index an incremental build starts from: its files by path, each file's articles, and the map
// from its doc IDs to the new index's (UInt32.max for articles that are gone or re-analyzed).

/// An article of the previous index: which segment, which doc ID there.
struct PreviousDocument: Hashable {
    var segment: Int
    var local: Int
}

/// What an incremental build keeps of a previous article.
struct KeptDocument {
    var stored: StoredDocument
    var date: UInt32
    var titleLength: UInt32
    var bodyLength: UInt32

    /// Where the article came from, for duplicate-id warnings.
    func source(file: StoredSourceFile) -> DocumentSource {
        DocumentSource(relativePath: file.relativePath, kind: file.kind, byteOffset: stored.location.recordOffset,
                       byteLength: stored.location.recordLength, contentHash: UInt64(stored.location.recordHash),
                       bodyOffset: stored.location.bodyOffset, lineNumber: stored.location.lineNumber)
    }
}

final class PreviousIndex {
    let manifest: Manifest
    /// Source files by relative path, with their articles in doc ID order (decoded on first use).
    private var fileTable: [String: StoredSourceFile] = [:]
    private var articlesByFile: [String: [PreviousDocument]]?
    /// The STOR block decoded last (kept articles are read in order, a block at a time).
    private var lastBlock: (segment: Int, block: Int, records: [StoredDocument])?
    private let directory: String
    private let segments: [(entry: SegmentEntry, documents: DocumentTable, stored: StoredFields)]
    private let mappedFiles: [MappedFile]
    /// Per segment, per local doc ID: the doc ID in the new index, or UInt32.max.
    private var newDocs: [[UInt32]]

    /// The committed index in `directory`, or nil when there is none or it was built with other
    /// analysis settings (then everything is analyzed again).
    static func open(_ directory: IndexDirectory, stemming: Bool) throws -> PreviousIndex? {
        guard let manifest = directory.current, manifest.stemming == stemming else { return nil }
        return try PreviousIndex(directory: directory.path, manifest: manifest)
    }

    private init(directory: String, manifest: Manifest) throws {
        self.manifest = manifest
        self.directory = directory
        var segments: [(SegmentEntry, DocumentTable, StoredFields)] = []
        var mapped: [MappedFile] = []
        for entry in manifest.segments {
            let base = directory + "/" + entry.name + "."
            let documentsFile = try MappedFile(path: base + "docs")
            let storedFile = try MappedFile(path: base + "stor")
            mapped += [documentsFile, storedFile]
            let documents = try DocumentTable(
                payload: FileEnvelope.open(bytes: documentsFile.bytes, fileName: base + "docs", expectedKind: .documents),
                fileName: base + "docs")
            let stored = try StoredFields(
                payload: FileEnvelope.open(bytes: storedFile.bytes, fileName: base + "stor", expectedKind: .storedFields),
                fileName: base + "stor")
            guard documents.count == entry.documentCount, stored.documentCount == entry.documentCount else {
                throw NewsIndexError(.corrupt, "\(base)docs: document counts disagree with the manifest; run `newsidx build --full`")
            }
            segments.append((entry, documents, stored))
        }
        self.segments = segments
        mappedFiles = mapped
        newDocs = segments.map { [UInt32](repeating: UInt32.max, count: $0.0.documentCount) }
        for segment in segments {
            for file in try segment.2.files() { fileTable[file.relativePath] = file }
        }
    }

    /// The number of source files the previous index knew.
    var fileCount: Int { fileTable.count }

    /// True when the corpus is exactly the files the index was built from, each with the size and
    /// modification time it had (so nothing needs reading).
    func isUpToDate(with scanned: [SourceFile]) -> Bool {
        guard scanned.count == fileTable.count else { return false }
        for file in scanned {
            guard let old = fileTable[file.relativePath], old.size == file.size,
                  old.modificationTimeNanoseconds == file.modificationTimeNanoseconds else { return false }
        }
        return true
    }

    /// The previous record of the file at `path` and its articles in doc ID order, if it had one.
    func file(_ path: String) throws -> (file: StoredSourceFile, docs: [PreviousDocument])? {
        guard let file = fileTable[path] else { return nil }
        if articlesByFile == nil { articlesByFile = try groupArticlesByFile() }
        return (file, articlesByFile![path] ?? [])
    }

    private func groupArticlesByFile() throws -> [String: [PreviousDocument]] {
        var result: [String: [PreviousDocument]] = [:]
        for (segmentIndex, segment) in segments.enumerated() {
            let table = try segment.stored.files()
            for block in 0..<segment.stored.blockCount {
                for (index, record) in try segment.stored.block(block).enumerated() {
                    let local = block * StoredFieldsLayout.documentsPerBlock + index
                    guard record.location.fileIndex < table.count else {
                        throw NewsIndexError(.corrupt, "\(directory): document \(local) names a missing source file; run `newsidx build --full`")
                    }
                    result[table[record.location.fileIndex].relativePath, default: []].append(PreviousDocument(segment: segmentIndex, local: local))
                }
            }
        }
        return result
    }

    /// A previous article's stored record, date and field lengths.
    func document(_ doc: PreviousDocument) throws -> KeptDocument {
        let segment = segments[doc.segment]
        let block = doc.local >> StoredFieldsLayout.blockShift
        if lastBlock?.segment != doc.segment || lastBlock?.block != block {
            lastBlock = (doc.segment, block, try segment.stored.block(block))
        }
        let records = lastBlock!.records
        let index = doc.local & (StoredFieldsLayout.documentsPerBlock - 1)
        guard index < records.count else { throw NewsIndexError(.corrupt, "\(directory): no document \(doc.local)") }
        return KeptDocument(stored: records[index], date: segment.documents.date(doc.local),
                            titleLength: segment.documents.titleLength(doc.local),
                            bodyLength: segment.documents.bodyLength(doc.local))
    }

    /// Keeps a previous article as doc `doc` of the new index.
    func map(_ previous: PreviousDocument, to doc: UInt32) {
        newDocs[previous.segment][previous.local] = doc
    }

    /// The previous postings, mapped to the new doc IDs (articles not kept are dropped).
    func sources() throws -> [PostingSource] {
        try segments.enumerated().map { index, segment in
            try SegmentPostingSource(directory: directory, name: segment.entry.name,
                                     documentCount: segment.entry.documentCount, globalDocs: newDocs[index])
        }
    }
}
