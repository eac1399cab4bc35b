// A range of consecutive terms encoded apart from the segment files (on any thread): their
// postings and positions bytes and dictionary entries, offsets relative to the range's start.
// `TermListWriter` appends ranges in term order, so the files are those of one sequential pass.

struct EncodedTerms {
    /// The POST bytes of the range's terms, one after the other.
    private(set) var postings = ByteWriter()
    /// The POSN bytes of the range's terms, one after the other.
    private(set) var positions = ByteWriter()
    /// Term bytes, one after the other (`termEnds[i]` is where term i's bytes end).
    private(set) var termBytes: [UInt8] = []
    private(set) var entries: [Entry] = []
    private(set) var postingCount = 0

    /// One term's dictionary values, its offsets relative to the range's start.
    struct Entry {
        var termEnd: Int
        var documentFrequency: Int
        var postingsStart: Int
        var positionsStart: Int
        var positionCount: Int
    }

    /// Encodes the next term (terms come in increasing byte order; postings in doc ID order).
    mutating func add(_ term: ArraySlice<UInt8>, _ list: TermPostings, titleLengths: [UInt32], bodyLengths: [UInt32]) {
        let positionsStart = positions.count
        let postingsStart = postings.count
        Self.encode(list, titleLengths: titleLengths, bodyLengths: bodyLengths,
                    postings: &postings, positions: &positions)
        termBytes.append(contentsOf: term)
        entries.append(Entry(termEnd: termBytes.count, documentFrequency: list.docs.count, postingsStart: postingsStart,
                             positionsStart: positionsStart, positionCount: list.positionValues.count))
        postingCount += list.docs.count
    }

    /// The bytes of the term of `entries[index]`.
    func term(_ index: Int) -> ArraySlice<UInt8> {
        termBytes[(index == 0 ? 0 : entries[index - 1].termEnd)..<entries[index].termEnd]
    }

    /// Appends one term's positions to `positions` and its postings to `postings`: the bytes that
    /// every build writes for the term, wherever the two streams stand.
    static func encode(_ list: TermPostings, titleLengths: [UInt32], bodyLengths: [UInt32],
                       postings: inout ByteWriter, positions: inout ByteWriter) {
        let positionBlockOffsets = PositionsEncoder.encode(list.positionValues, into: &positions)
        PostingsEncoder.encode(docs: list.docs, titleTFs: list.titleTFs, bodyTFs: list.bodyTFs,
                               positionStarts: list.positionStarts, positionBlockOffsets: positionBlockOffsets,
                               titleLengths: titleLengths, bodyLengths: bodyLengths, into: &postings)
    }
}
