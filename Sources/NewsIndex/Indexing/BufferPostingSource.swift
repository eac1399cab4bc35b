// The postings of an in-memory buffer as a posting source, in term byte order: the whole buffer,
// or one range of its terms (so that several threads can merge disjoint term ranges at once).

/// The postings of an in-memory buffer; `globalDocs[local]` is each document's final doc ID.
final class BufferPostingSource: PostingSource {
    private let buffer: PostingsBuffer
    /// The buffer's term IDs in byte order (shared by every range of the buffer).
    private let order: [UInt32]
    private let globalDocs: [UInt32]
    private var index: Int
    private let end: Int
    private(set) var term: [UInt8] = []

    init(_ buffer: PostingsBuffer, globalDocs: [UInt32]) {
        buffer.finish()
        self.buffer = buffer
        self.globalDocs = globalDocs
        order = buffer.terms.idsSortedByBytes()
        index = -1
        end = order.count
    }

    private init(_ whole: BufferPostingSource, range: Range<Int>) {
        buffer = whole.buffer
        order = whole.order
        globalDocs = whole.globalDocs
        index = range.lowerBound - 1
        end = range.upperBound
    }

    /// The number of terms (of the whole buffer).
    var termCount: Int { order.count }

    /// The source of terms `range` only (indices in byte order), reading the same buffer.
    /// Ranges of one buffer may be read on several threads at once.
    func range(_ range: Range<Int>) -> BufferPostingSource { BufferPostingSource(self, range: range) }

    /// The bytes of the term at `position` in byte order.
    func term(at position: Int) -> ArraySlice<UInt8> { buffer.terms.bytes(of: order[position]) }

    /// The number of documents holding the term at `position` in byte order.
    func documentFrequency(at position: Int) -> Int { buffer.documentFrequency(of: order[position]) }

    /// The position in byte order of the first term not below `term`.
    func lowerBound(_ term: ArraySlice<UInt8>) -> Int {
        var low = 0, high = order.count
        while low < high {
            let middle = (low + high) / 2
            if buffer.terms.bytes(of: order[middle]).lexicographicallyPrecedes(term) { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The current term's bytes, in place (valid after `step` returned true).
    var currentTerm: ArraySlice<UInt8> { buffer.terms.bytes(of: order[index]) }

    /// Moves to the next term of the range without copying it out; false when there is none.
    func step() -> Bool {
        index += 1
        return index < end
    }

    /// Whether `step` went past the range's last term.
    var isPastEnd: Bool { index >= end }

    /// The current term's postings, read one at a time (for merging without gathering).
    func postingsCursor() -> BufferPostingsCursor {
        buffer.postingsCursor(of: order[index], globalDocs: globalDocs)
    }

    /// The number of documents holding the current term.
    var currentDocumentFrequency: Int { buffer.documentFrequency(of: order[index]) }

    func advance() throws -> Bool {
        index += 1
        guard index < end else { return false }
        term = Array(buffer.terms.bytes(of: order[index]))
        return true
    }

    func collect(into postings: inout TermPostings) throws {
        var cursor = postingsCursor()
        var positions = ValueScratch()
        defer { positions.deallocate() }
        let firstPosition = UInt32(postings.positionValues.count)
        while cursor.doc != UInt32.max {
            postings.docs.append(cursor.doc)
            postings.positionStarts.append(firstPosition + UInt32(positions.count))
            cursor.appendPositions(to: &positions)
            postings.titleTFs.append(cursor.titleTF)
            postings.bodyTFs.append(cursor.bodyTF)
            cursor.next()
        }
        postings.positionValues.append(contentsOf: positions.values)
    }
}
