// The STOR file: the source-file table and, per document, its id, title and where its record is.

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
    public var date: Int32
    /// Index into the file table.
    public var fileIndex: Int
    public var recordOffset: Int64
    public var recordLength: Int
    public var bodyOffset: Int
    public var lineNumber: Int
    public var recordHash: UInt64

    public init(id: String, title: String, date: Int32, fileIndex: Int, recordOffset: Int64, recordLength: Int,
                bodyOffset: Int, lineNumber: Int, recordHash: UInt64) {
        self.id = id
        self.title = title
        self.date = date
        self.fileIndex = fileIndex
        self.recordOffset = recordOffset
        self.recordLength = recordLength
        self.bodyOffset = bodyOffset
        self.lineNumber = lineNumber
        self.recordHash = recordHash
    }
}

/// Encodes the STOR payload:
///
///     Stored    --> FileCount varint, FileEntry^FileCount, DocRecord^DocCount, DocOffset^DocCount, Trailer
///     FileEntry --> Path String, Kind u8 (0 txt, 1 jsonl), Size varint, ModTimeNs zigzag-varint, FileHash u64
///     DocRecord --> Id String, Title String, Date varint, FileIndex varint, RecordOffset varint,
///                   RecordLength varint, BodyOffset varint, LineNumber varint, RecordHash u64
///     DocOffset --> u64 (payload offset of the DocRecord)
///     Trailer   --> FileTableEnd u64, DocOffsetsStart u64, DocCount u64
///     String    --> Length varint, UTF-8 bytes
public struct StoredFieldsWriter {
    private var files: [StoredSourceFile] = []
    private var records = ByteWriter()
    private var recordOffsets: [UInt64] = []
    public private(set) var ids: [String] = []

    public init() {}

    public var documentCount: Int { recordOffsets.count }

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

    public mutating func addDocument(_ document: StoredDocument) {
        recordOffsets.append(UInt64(records.count))
        ids.append(document.id)
        records.append(string: document.id)
        records.append(string: document.title)
        records.append(varint: UInt64(UInt32(bitPattern: document.date)))
        records.append(varint: UInt64(document.fileIndex))
        records.append(varint: UInt64(document.recordOffset))
        records.append(varint: UInt64(document.recordLength))
        records.append(varint: UInt64(document.bodyOffset))
        records.append(varint: UInt64(document.lineNumber))
        records.append(u64: document.recordHash)
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
        let recordsStart = fileTableEnd
        out.append(bytes: records.bytes)
        let offsetsStart = out.count - base
        for offset in recordOffsets { out.append(u64: UInt64(recordsStart) + offset) }
        out.append(u64: UInt64(fileTableEnd))
        out.append(u64: UInt64(offsetsStart))
        out.append(u64: UInt64(recordOffsets.count))
    }
}

/// Reads the STOR payload (mapped). Every read is bounds-checked.
public struct StoredFields: @unchecked Sendable {
    private let payload: UnsafeRawBufferPointer
    private let fileName: String
    private let fileTableEnd: Int
    private let offsetsStart: Int
    public let documentCount: Int

    public init(payload: UnsafeRawBufferPointer, fileName: String) throws(NewsIndexError) {
        let reader = ByteReader(payload, fileName: fileName)
        guard payload.count >= 24 else { throw NewsIndexError(.corrupt, "\(fileName): stored fields too short at offset 0") }
        let trailer = payload.count - 24
        let fileTableEnd = try reader.getU64(at: trailer)
        let offsetsStart = try reader.getU64(at: trailer + 8)
        let count = try reader.getU64(at: trailer + 16)
        guard fileTableEnd <= offsetsStart, offsetsStart <= UInt64(trailer),
              count <= UInt64(trailer), offsetsStart + count * 8 == UInt64(trailer) else {
            throw NewsIndexError(.corrupt, "\(fileName): stored-fields trailer does not agree with the file size at offset \(trailer)")
        }
        self.payload = payload
        self.fileName = fileName
        self.fileTableEnd = Int(fileTableEnd)
        self.offsetsStart = Int(offsetsStart)
        documentCount = Int(count)
    }

    /// Every source file, in the order of the table.
    public func files() throws(NewsIndexError) -> [StoredSourceFile] {
        var reader = ByteReader(payload, fileName: fileName)
        let count = try reader.readVarint()
        guard count <= UInt64(fileTableEnd) else { throw reader.corrupt("file count \(count) too large", at: 0) }
        var files: [StoredSourceFile] = []
        files.reserveCapacity(Int(count))
        for _ in 0..<count {
            let path = try reader.readString()
            let kindByte = try reader.readU8()
            guard kindByte <= 1 else { throw reader.corrupt("unknown source kind \(kindByte)", at: reader.position - 1) }
            let size = try reader.readVarint()
            let mtime = try reader.readSignedVarint()
            let hash = try reader.readU64()
            files.append(StoredSourceFile(relativePath: path, kind: kindByte == 0 ? .text : .jsonLines,
                                          size: Int64(truncatingIfNeeded: size), modificationTimeNanoseconds: mtime, contentHash: hash))
        }
        guard reader.position == fileTableEnd else { throw reader.corrupt("file table ends at \(reader.position), trailer says \(fileTableEnd)", at: reader.position) }
        return files
    }

    /// The stored record of document `doc`.
    public func document(_ doc: Int) throws(NewsIndexError) -> StoredDocument {
        guard doc >= 0 && doc < documentCount else { throw NewsIndexError(.corrupt, "\(fileName): no document \(doc)") }
        var reader = ByteReader(payload, fileName: fileName)
        let offset = try reader.getU64(at: offsetsStart + doc * 8)
        guard offset >= UInt64(fileTableEnd), offset < UInt64(offsetsStart) else {
            throw reader.corrupt("document \(doc) record offset \(offset) out of bounds", at: offsetsStart + doc * 8)
        }
        try reader.seek(to: Int(offset))
        let id = try reader.readString()
        let title = try reader.readString()
        let date = try reader.readVarint()
        let fileIndex = try reader.readVarintInt()
        let recordOffset = try reader.readVarintInt()
        let recordLength = try reader.readVarintInt()
        let bodyOffset = try reader.readVarintInt()
        let lineNumber = try reader.readVarintInt()
        let hash = try reader.readU64()
        return StoredDocument(id: id, title: title, date: Int32(truncatingIfNeeded: date), fileIndex: fileIndex,
                              recordOffset: Int64(recordOffset), recordLength: recordLength,
                              bodyOffset: bodyOffset, lineNumber: lineNumber, recordHash: hash)
    }

    /// Only the id of document `doc` (what batch runs print).
    public func id(_ doc: Int) throws(NewsIndexError) -> String {
        guard doc >= 0 && doc < documentCount else { throw NewsIndexError(.corrupt, "\(fileName): no document \(doc)") }
        var reader = ByteReader(payload, fileName: fileName)
        let offset = try reader.getU64(at: offsetsStart + doc * 8)
        guard offset >= UInt64(fileTableEnd), offset < UInt64(offsetsStart) else {
            throw reader.corrupt("document \(doc) record offset \(offset) out of bounds", at: offsetsStart + doc * 8)
        }
        try reader.seek(to: Int(offset))
        return try reader.readString()
    }

}
