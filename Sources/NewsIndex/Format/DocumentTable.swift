// The DOCS file: per document, field lengths, date and id rank, in fixed-width records for O(1) access.

/// Per-document data that scoring, date filters and tie-breaking read for every candidate:
///
///     Docs   --> DocCount u32, TitleLengthSum u64, BodyLengthSum u64, Record^DocCount
///     Record --> TitleLength u32, BodyLength u32, Date u32 (YYYYMMDD, 0 = unknown), IdRank u32
///
/// Field lengths count word positions. IdRank is the document's place when the segment's ids are
/// sorted byte-wise: equal scores are ordered by it, so ties go to the smaller id.
public struct DocumentTableWriter {
    public private(set) var titleLengths: [UInt32] = []
    public private(set) var bodyLengths: [UInt32] = []
    public private(set) var dates: [UInt32] = []

    public init() {}

    public var count: Int { titleLengths.count }

    public mutating func append(titleLength: UInt32, bodyLength: UInt32, date: UInt32) {
        titleLengths.append(titleLength)
        bodyLengths.append(bodyLength)
        dates.append(date)
    }

    /// The payload, given each document's id rank.
    public func encode(idRanks: [UInt32], into out: inout ByteWriter) {
        precondition(idRanks.count == count)
        out.append(u32: UInt32(count))
        out.append(u64: titleLengths.reduce(0) { $0 + UInt64($1) })
        out.append(u64: bodyLengths.reduce(0) { $0 + UInt64($1) })
        for index in 0..<count {
            out.append(u32: titleLengths[index])
            out.append(u32: bodyLengths[index])
            out.append(u32: dates[index])
            out.append(u32: idRanks[index])
        }
    }
}

/// Reads the DOCS payload (mapped).
public struct DocumentTable: @unchecked Sendable {
    static let headerSize = 20
    static let recordSize = 16

    private let payload: UnsafeRawBufferPointer
    public let count: Int
    public let titleLengthSum: UInt64
    public let bodyLengthSum: UInt64

    public init(payload: UnsafeRawBufferPointer, fileName: String) throws(NewsIndexError) {
        let reader = ByteReader(payload, fileName: fileName)
        count = Int(try reader.getU32(at: 0))
        titleLengthSum = try reader.getU64(at: 4)
        bodyLengthSum = try reader.getU64(at: 12)
        guard payload.count == Self.headerSize + count * Self.recordSize else {
            throw NewsIndexError(.corrupt, "\(fileName): \(count) documents need \(Self.headerSize + count * Self.recordSize) payload bytes, found \(payload.count)")
        }
        self.payload = payload
    }

    @inline(__always)
    private func field(_ doc: Int, _ offset: Int) -> UInt32 {
        UInt32(littleEndian: payload.loadUnaligned(fromByteOffset: Self.headerSize + doc * Self.recordSize + offset, as: UInt32.self))
    }

    /// Title length in word positions (doc must be < count).
    @inline(__always) public func titleLength(_ doc: Int) -> UInt32 { field(doc, 0) }
    @inline(__always) public func bodyLength(_ doc: Int) -> UInt32 { field(doc, 4) }
    /// YYYYMMDD, 0 when unknown.
    @inline(__always) public func date(_ doc: Int) -> UInt32 { field(doc, 8) }
    @inline(__always) public func idRank(_ doc: Int) -> UInt32 { field(doc, 12) }
}
