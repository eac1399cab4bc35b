// The DOCS file: per document, field lengths, date and id rank, in fixed-width records (widths
// chosen per segment) for O(1) access while scoring.

/// Per-document data that scoring, date filters and tie-breaking read for every candidate:
///
///     Docs   --> DocCount u32, TitleLengthSum u64, BodyLengthSum u64, DateBase u32,
///                Widths (4 × u8: title, body, date, rank), Record^DocCount, Padding (3 zero bytes)
///     Record --> TitleLength, BodyLength, DateCode, IdRank       (each of its column's width, 1...4 bytes)
///
/// Field lengths count word positions. DateCode is 0 for an unknown date, else Date − DateBase + 1
/// (DateBase: the smallest known date). IdRank is the document's place when the segment's ids
/// are sorted byte-wise: equal scores are ordered by it, so ties go to the smaller id. A column's
/// width is the fewest bytes that hold its largest value (1 when all are 0); the padding lets a
/// reader load every field as 4 bytes and mask.
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

    /// The fewest bytes (1...4) that hold `value`.
    static func width(_ value: UInt32) -> Int {
        value < 1 << 8 ? 1 : value < 1 << 16 ? 2 : value < 1 << 24 ? 3 : 4
    }

    /// The payload, given each document's id rank.
    public func encode(idRanks: [UInt32], into out: inout ByteWriter) {
        precondition(idRanks.count == count)
        let dateBase = dates.lazy.filter { $0 != 0 }.min() ?? 0
        let dateCodes = dates.map { $0 == 0 ? 0 : $0 - dateBase + 1 }
        let columns = [titleLengths, bodyLengths, dateCodes, idRanks]
        let widths = columns.map { Self.width($0.max() ?? 0) }
        out.append(u32: UInt32(count))
        out.append(u64: titleLengths.reduce(0) { $0 + UInt64($1) })
        out.append(u64: bodyLengths.reduce(0) { $0 + UInt64($1) })
        out.append(u32: dateBase)
        for width in widths { out.append(u8: UInt8(width)) }
        for index in 0..<count {
            for (column, width) in zip(columns, widths) {
                let value = column[index]
                for byte in 0..<width { out.append(u8: UInt8(truncatingIfNeeded: value >> UInt32(8 * byte))) }
            }
        }
        out.append(zeros: DocumentTable.paddingSize)
    }
}

/// Reads the DOCS payload (mapped).
public struct DocumentTable: @unchecked Sendable {
    static let headerSize = 28
    static let paddingSize = 3

    private let payload: UnsafeRawBufferPointer
    public let count: Int
    public let titleLengthSum: UInt64
    public let bodyLengthSum: UInt64
    public let dateBase: UInt32
    /// Bytes per record (the sum of the four widths, 4...16).
    public let recordSize: Int
    /// Column widths in bytes (title, body, date, rank).
    public let widths: [Int]
    private let offsets: (Int, Int, Int, Int)
    private let masks: (UInt32, UInt32, UInt32, UInt32)

    public init(payload: UnsafeRawBufferPointer, fileName: String) throws(NewsIndexError) {
        let reader = ByteReader(payload, fileName: fileName)
        count = Int(try reader.getU32(at: 0))
        titleLengthSum = try reader.getU64(at: 4)
        bodyLengthSum = try reader.getU64(at: 12)
        dateBase = try reader.getU32(at: 20)
        var widths: [Int] = []
        for column in 0..<4 {
            let width = Int(try reader.getU8(at: 24 + column))
            guard width >= 1 && width <= 4 else { throw reader.corrupt("column \(column) width \(width) (1...4)", at: 24 + column) }
            widths.append(width)
        }
        self.widths = widths
        recordSize = widths.reduce(0, +)
        let expected = Self.headerSize + count * recordSize + Self.paddingSize
        guard payload.count == expected else {
            throw NewsIndexError(.corrupt, "\(fileName): \(count) documents need \(expected) payload bytes, found \(payload.count)")
        }
        func mask(_ width: Int) -> UInt32 { width == 4 ? UInt32.max : (1 << UInt32(8 * width)) - 1 }
        offsets = (0, widths[0], widths[0] + widths[1], widths[0] + widths[1] + widths[2])
        masks = (mask(widths[0]), mask(widths[1]), mask(widths[2]), mask(widths[3]))
        self.payload = payload
    }

    /// Every document's field lengths as two arrays of 2-byte values, when the columns are at most
    /// 2 bytes wide (else nil): scoring reads the body length of every candidate, and the title
    /// length only of one with the term in its title, so the body lengths alone are what the
    /// cache must hold (a quarter of the records' lines or fewer). Made on request (a searcher
    /// serving many queries), not at open, so that a one-query process does not read the whole
    /// table first.
    func packedLengths() -> PackedLengths? {
        guard widths[0] <= 2 && widths[1] <= 2 else { return nil }
        let packed = PackedLengths(count: count)
        for doc in 0..<count {
            packed.titles[doc] = UInt16(truncatingIfNeeded: field(doc, offsets.0, masks.0))
            packed.bodies[doc] = UInt16(truncatingIfNeeded: field(doc, offsets.1, masks.1))
        }
        return packed
    }

    /// Payload offset of column `column` (0 title, 1 body, 2 date, 3 rank) of record `doc`.
    func fieldOffset(_ doc: Int, column: Int) -> Int {
        Self.headerSize + doc * recordSize + widths[..<column].reduce(0, +)
    }

    @inline(__always)
    private func field(_ doc: Int, _ offset: Int, _ mask: UInt32) -> UInt32 {
        UInt32(littleEndian: payload.loadUnaligned(fromByteOffset: Self.headerSize + doc * recordSize + offset, as: UInt32.self)) & mask
    }

    /// Title length in word positions (doc must be < count).
    @inline(__always) public func titleLength(_ doc: Int) -> UInt32 { field(doc, offsets.0, masks.0) }
    @inline(__always) public func bodyLength(_ doc: Int) -> UInt32 { field(doc, offsets.1, masks.1) }
    /// YYYYMMDD, 0 when unknown.
    @inline(__always) public func date(_ doc: Int) -> UInt32 {
        let code = field(doc, offsets.2, masks.2)
        return code == 0 ? 0 : code &+ dateBase &- 1
    }
    @inline(__always) public func idRank(_ doc: Int) -> UInt32 { field(doc, offsets.3, masks.3) }
}

/// A table's field lengths, packed for scoring (`DocumentTable.packedLengths`).
final class PackedLengths: @unchecked Sendable {
    let titles: UnsafeMutablePointer<UInt16>
    let bodies: UnsafeMutablePointer<UInt16>

    init(count: Int) {
        titles = .allocate(capacity: max(count, 1))
        bodies = .allocate(capacity: max(count, 1))
    }

    deinit {
        titles.deallocate()
        bodies.deallocate()
    }
}
