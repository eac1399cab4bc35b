// StoredLocations: where each document's record lies in its source file, coded per STOR block
// with the common case (the next line of the same JSONL file) in a single flag bit.

/// Where a document's record is, and the check that it is still the same.
public struct StoredLocation: Equatable, Sendable {
    /// Index into the file table.
    public var fileIndex: Int
    public var recordOffset: Int64
    public var recordLength: Int
    public var bodyOffset: Int
    public var lineNumber: Int
    /// The low 32 bits of the XXH64 of the record's bytes.
    public var recordHash: UInt32

    public init(fileIndex: Int, recordOffset: Int64, recordLength: Int, bodyOffset: Int, lineNumber: Int, recordHash: UInt32) {
        self.fileIndex = fileIndex
        self.recordOffset = recordOffset
        self.recordLength = recordLength
        self.bodyOffset = bodyOffset
        self.lineNumber = lineNumber
        self.recordHash = recordHash
    }
}

/// The Locations part of a STOR block:
///
///     Location --> Head varint (RecordLength << 1 | Follows),
///                  [FileIndex varint, RecordOffset varint, BodyOffset varint, LineNumber varint],
///                  RecordHash u32
///
/// Follows = 1 says the record is the line after the previous document's (same block): same
/// file, offset = previous offset + previous length + 1, body offset 0, line = previous + 1; the
/// four bracketed fields are then absent. The writer sets it whenever that holds, never for a
/// block's first document.
enum StoredLocations {
    /// The location `next` would have if it followed `previous`, nil when that overflows.
    static func following(_ previous: StoredLocation) -> (fileIndex: Int, recordOffset: Int64, lineNumber: Int)? {
        let (end, o1) = previous.recordOffset.addingReportingOverflow(Int64(previous.recordLength))
        let (offset, o2) = end.addingReportingOverflow(1)
        let (line, o3) = previous.lineNumber.addingReportingOverflow(1)
        guard !o1, !o2, !o3 else { return nil }
        return (previous.fileIndex, offset, line)
    }

    static func follows(_ next: StoredLocation, after previous: StoredLocation?) -> Bool {
        guard let previous, let expected = following(previous) else { return false }
        return next.fileIndex == expected.fileIndex && next.recordOffset == expected.recordOffset
            && next.bodyOffset == 0 && next.lineNumber == expected.lineNumber
    }

    static func encode(_ locations: ArraySlice<StoredLocation>, into out: inout ByteWriter) {
        var previous: StoredLocation?
        for location in locations {
            let follows = follows(location, after: previous)
            out.append(varint: UInt64(location.recordLength) << 1 | (follows ? 1 : 0))
            if !follows {
                out.append(varint: UInt64(location.fileIndex))
                out.append(varint: UInt64(location.recordOffset))
                out.append(varint: UInt64(location.bodyOffset))
                out.append(varint: UInt64(location.lineNumber))
            }
            out.append(u32: location.recordHash)
            previous = location
        }
    }

    /// Decodes `count` locations at the reader's cursor. `strict` (the checker) also rejects a
    /// Follows = 0 where the record does follow (the writer's form is the only one).
    static func decode(_ reader: inout ByteReader, count: Int, strict: Bool) throws(NewsIndexError) -> [StoredLocation] {
        var result: [StoredLocation] = []
        result.reserveCapacity(count)
        for index in 0..<count {
            let at = reader.position
            let head = try reader.readVarint()
            guard head >> 1 <= UInt64(Int.max) else { throw reader.corrupt("record length \(head >> 1) too large", at: at) }
            let length = Int(head >> 1)
            var location: StoredLocation
            if head & 1 == 1 {
                guard let previous = result.last, let expected = following(previous) else {
                    throw reader.corrupt("location \(index) of its block follows no record", at: at)
                }
                location = StoredLocation(fileIndex: expected.fileIndex, recordOffset: expected.recordOffset, recordLength: length,
                                          bodyOffset: 0, lineNumber: expected.lineNumber, recordHash: 0)
            } else {
                let fileIndex = try reader.readVarintInt()
                let offsetAt = reader.position
                let offset = try reader.readVarint()
                guard offset <= UInt64(Int64.max) else { throw reader.corrupt("record offset \(offset) too large", at: offsetAt) }
                location = StoredLocation(fileIndex: fileIndex, recordOffset: Int64(offset), recordLength: length,
                                          bodyOffset: try reader.readVarintInt(), lineNumber: try reader.readVarintInt(), recordHash: 0)
                if strict && follows(location, after: result.last) {
                    throw reader.corrupt("location \(index) of its block follows the one before but is written in full", at: at)
                }
            }
            location.recordHash = try reader.readU32()
            result.append(location)
        }
        return result
    }
}
