// One segment opened for search: its five files mapped, envelopes checked, ready for term lookups.

/// A segment's files, mapped read-only. Opening checks each file's envelope (magic, kind,
/// version, length) but not its checksum (that is `newsidx check`).
final class SegmentReader: @unchecked Sendable {
    let entry: SegmentEntry
    /// The segment's first global doc ID.
    let base: Int32
    let dictionary: TermDictionaryReader
    let documents: DocumentTable
    let stored: StoredFields
    let postings: UnsafeRawBufferPointer
    let positions: UnsafeRawBufferPointer
    let postingsName: String
    let positionsName: String
    private let files: [MappedFile]
    /// The source-file table, decoded once, on first use.
    private var sourceFiles: [StoredSourceFile]?

    /// The source files the segment's documents come from.
    func storedSourceFiles() throws -> [StoredSourceFile] {
        if let sourceFiles { return sourceFiles }
        let decoded = try stored.files()
        sourceFiles = decoded
        return decoded
    }

    init(directory: String, entry: SegmentEntry, base: Int32) throws {
        self.entry = entry
        self.base = base
        var files: [MappedFile] = []
        func open(_ fileExtension: String, _ kind: FileKind) throws -> (UnsafeRawBufferPointer, String) {
            let path = directory + "/" + entry.name + "." + fileExtension
            let file = try MappedFile(path: path)
            files.append(file)
            return (try FileEnvelope.open(bytes: file.bytes, fileName: path, expectedKind: kind), path)
        }
        let (dictionaryPayload, dictionaryName) = try open("tdic", .termDictionary)
        let (postingsPayload, postingsName) = try open("post", .postings)
        let (positionsPayload, _) = try open("posn", .positions)
        let (documentsPayload, documentsName) = try open("docs", .documents)
        let (storedPayload, storedName) = try open("stor", .storedFields)
        dictionary = try TermDictionaryReader(dictionaryPayload, fileName: dictionaryName)
        documents = try DocumentTable(payload: documentsPayload, fileName: documentsName)
        stored = try StoredFields(payload: storedPayload, fileName: storedName)
        postings = postingsPayload
        positions = positionsPayload
        self.postingsName = postingsName
        positionsName = PostingsCursor.positionsFileName(postingsName)
        self.files = files
        guard documents.count == entry.documentCount, stored.documentCount == entry.documentCount else {
            throw NewsIndexError(.corrupt, "\(documentsName): \(documents.count) documents, \(stored.documentCount) stored, but the manifest says \(entry.documentCount)")
        }
    }

    /// The dictionary entry of `term`: (document frequency, postings offset, positions offset,
    /// number of positions).
    func lookup(_ term: [UInt8]) throws -> TermEntry? {
        guard let values = try dictionary.lookup(term) else { return nil }
        return try TermEntry(values, segment: self)
    }

    /// A cursor over the postings of a dictionary entry.
    func cursor(_ term: TermEntry) throws -> PostingsCursor {
        try PostingsCursor(documentFrequency: term.documentFrequency, postingsOffset: term.postingsOffset,
                           positionsOffset: term.positionsOffset, positionCount: term.positionCount,
                           postings: postings, positions: positions,
                           documentCount: entry.documentCount, fileName: postingsName, positionsFileName: positionsName)
    }
}

/// A term's entry in a segment's dictionary.
struct TermEntry: Equatable {
    var documentFrequency: Int
    var postingsOffset: Int
    var positionsOffset: Int
    /// How many positions the term has (its collection frequency).
    var positionCount: Int

    /// Checks dictionary values against the segment's bounds.
    init(_ values: TermValues, segment: SegmentReader) throws(NewsIndexError) {
        guard values.count == 4, values[0] > 0, values[0] <= UInt64(segment.entry.documentCount),
              values[1] < UInt64(segment.postings.count), values[2] <= UInt64(segment.positions.count),
              values[3] >= values[0], values[3] <= UInt64(Int32.max) else {
            throw NewsIndexError(.corrupt, "\(segment.postingsName): dictionary entry out of bounds")
        }
        documentFrequency = Int(values[0])
        postingsOffset = Int(values[1])
        positionsOffset = Int(values[2])
        positionCount = Int(values[3])
    }
}
