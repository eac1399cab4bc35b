// Reading one term's postings back from a postings buffer's byte stream (see `PostingsBuffer` for
// the stream's layout), one posting at a time, for the merge.

/// One term's postings in a buffer, one posting at a time, doc IDs mapped to the final index's.
/// Each posting's positions must be read (`appendPositions`, which also sets its term frequencies)
/// before moving to the next.
struct BufferPostingsCursor {
    private var stream: ByteSlicePool.Reader
    private let globalDocs: [UInt32]
    private var localDoc: Int32 = -1
    private var inTitle = false
    /// The current posting's final doc ID; `UInt32.max` once past the last.
    private(set) var doc = UInt32.max
    /// The current posting's term frequencies, once its positions were read.
    private(set) var titleTF: UInt32 = 0
    private(set) var bodyTF: UInt32 = 0

    init(_ stream: ByteSlicePool.Reader, globalDocs: [UInt32]) {
        self.stream = stream
        self.globalDocs = globalDocs
        next()
    }

    /// Moves to the next posting.
    @inline(__always)
    mutating func next() {
        guard !stream.isAtEnd else { doc = UInt32.max; return }
        let code = stream.readVarint()
        localDoc += Int32(code >> 1)
        inTitle = code & 1 != 0
        doc = globalDocs[Int(localDoc)]
    }

    /// Appends the current posting's stored position values (title then body) and sets its term
    /// frequencies.
    @inline(__always)
    mutating func appendPositions(to values: inout ValueScratch) {
        titleTF = inTitle ? appendField(to: &values) : 0
        bodyTF = appendField(to: &values)
    }

    /// Appends one field's values (up to its 0 or the stream's end) and returns their count.
    @inline(__always)
    private mutating func appendField(to values: inout ValueScratch) -> UInt32 {
        guard !stream.isAtEnd else { return 0 }
        let first = stream.readVarint()
        if first == 0 { return 0 }
        values.append(first - 1)
        var count: UInt32 = 1
        while !stream.isAtEnd {
            let value = stream.readVarint()
            if value == 0 { break }
            values.append(value)
            count += 1
        }
        return count
    }
}
