// The STOR file's model and writer: the source-file table and, per document, its id, title and
// where its record is, written in blocks of 16 documents with entropy-coded ids and titles.

/// One corpus file as it was when indexed (for incremental builds and stale-index checks).
public struct StoredSourceFile: Equatable, Sendable {
    public var relativePath: String
    public var kind: SourceKind
    public var size: Int64
    public var modificationTimeNanoseconds: Int64
    /// XXH64 of the whole file.
    public var contentHash: UInt64

    public init(relativePath: String, kind: SourceKind, size: Int64, modificationTimeNanoseconds: Int64, contentHash: UInt64) {
        self.relativePath = relativePath
        self.kind = kind
        self.size = size
        self.modificationTimeNanoseconds = modificationTimeNanoseconds
        self.contentHash = contentHash
    }
}

/// What is stored per document.
public struct StoredDocument: Equatable, Sendable {
    public var id: String
    public var title: String
    /// YYYYMMDD (0 unknown). Kept in DOCS only: `StoredFields.document` gives 0, and
    /// `IndexReader.storedDocument` fills it in from DOCS.
    public var date: Int32
    /// Where its record lies in its source file, and the record's hash.
    public var location: StoredLocation

    public init(id: String, title: String, date: Int32 = 0, location: StoredLocation) {
        self.id = id
        self.title = title
        self.date = date
        self.location = location
    }
}

/// STOR layout constants shared by the writer, the reader and the checker.
enum StoredFieldsLayout {
    /// Documents per block (the last block may hold fewer).
    static let documentsPerBlock = 16
    static let blockShift = 4
    /// FileTableEnd u64, BlocksStart u64, IndexStart u64, DocCount u32, DocsPerBlock u32.
    static let trailerSize = 32
}

/// Encodes the STOR payload (IndexFormat.md, "STOR"):
///
///     Stored    --> FileTable, IdCode, TitleCode, Block^BlockCount, BlockOffset^BlockCount, Trailer
///     FileTable --> FileCount varint, FileEntry^FileCount
///     Block     --> IdsLength varint, TitlesLength varint, Ids, Titles, Locations
///     Ids       --> <EncodedLength varint, EncodedId>^n
///     Titles    --> EncodedTitle^n
///     Trailer   --> FileTableEnd u64, BlocksStart u64, IndexStart u64, DocCount u32, DocsPerBlock u32
///
/// Ids and titles are coded with order-1 Huffman codes trained on this segment's ids and
/// titles (`ContextCodeEncoder`), so the bytes depend only on the documents, in order.
public struct StoredFieldsWriter {
    private var files: [StoredSourceFile] = []
    public private(set) var ids: [String] = []
    private var titles: [String] = []
    private var locations: [StoredLocation] = []

    public init() {}

    public var documentCount: Int { ids.count }

    /// Adds a source file; returns its index.
    public mutating func addFile(_ file: StoredSourceFile) -> Int {
        files.append(file)
        return files.count - 1
    }

    /// Sets a file's size and content hash once it has been read to its end.
    public mutating func setFileSizeAndHash(_ index: Int, size: Int64, contentHash: UInt64) {
        files[index].size = size
        files[index].contentHash = contentHash
    }

    /// Adds the next document (its `date` is not stored here: DOCS holds it).
    public mutating func addDocument(_ document: StoredDocument) {
        ids.append(document.id)
        titles.append(document.title)
        locations.append(document.location)
    }

    public func encode(into out: inout ByteWriter) {
        let base = out.count
        out.append(varint: UInt64(files.count))
        for file in files {
            out.append(string: file.relativePath)
            out.append(u8: file.kind == .text ? 0 : 1)
            out.append(varint: UInt64(max(0, file.size)))
            out.append(signedVarint: file.modificationTimeNanoseconds)
            out.append(u64: file.contentHash)
        }
        let fileTableEnd = out.count - base
        let idCode = ContextCodeEncoder(training: ids)
        let titleCode = ContextCodeEncoder(training: titles)
        idCode.writeTable(into: &out)
        titleCode.writeTable(into: &out)
        let blocksStart = out.count - base
        var blockOffsets: [UInt64] = []
        var idPart = ByteWriter(), titlePart = ByteWriter()
        let perBlock = StoredFieldsLayout.documentsPerBlock
        for start in stride(from: 0, to: ids.count, by: perBlock) {
            let end = min(start + perBlock, ids.count)
            blockOffsets.append(UInt64(out.count - base))
            idPart.removeAll()
            titlePart.removeAll()
            for doc in start..<end {
                idPart.append(varint: UInt64(idCode.encodedSize(ids[doc])))
                idCode.encode(ids[doc], into: &idPart)
                titleCode.encode(titles[doc], into: &titlePart)
            }
            out.append(varint: UInt64(idPart.count))
            out.append(varint: UInt64(titlePart.count))
            out.append(bytes: idPart.bytes)
            out.append(bytes: titlePart.bytes)
            StoredLocations.encode(locations[start..<end], into: &out)
        }
        let indexStart = out.count - base
        for offset in blockOffsets { out.append(u64: offset) }
        out.append(u64: UInt64(fileTableEnd))
        out.append(u64: UInt64(blocksStart))
        out.append(u64: UInt64(indexStart))
        out.append(u32: UInt32(ids.count))
        out.append(u32: UInt32(perBlock))
    }
}
