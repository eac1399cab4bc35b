// The in-memory inverted index of a build: per term, a stream of (doc, tf per field) and a stream of positions.

/// Inverts documents as they are analyzed, one document at a time, in doc ID order.
///
/// Per term it keeps two byte streams in a `ByteSlicePool`: the doc stream, with one entry per
/// document (`docDelta`, `tfTitle`, `tfBody` as varints, written when the term is next seen in a
/// later document or at `finish`), and the position stream (for each document, the title positions
/// then the body positions, each delta-coded from 0 within its field, written as tokens arrive).
final class PostingsBuffer {
    let terms = TermTable()
    let pool = ByteSlicePool()

    private(set) var docStreams: [ByteSlicePool.Stream] = []
    private(set) var positionStreams: [ByteSlicePool.Stream] = []
    private var lastDoc: [Int32] = []
    private var lastFlushedDoc: [Int32] = []
    private var termFrequencies: [(title: UInt32, body: UInt32)] = []
    private var lastPosition: [Int32] = []
    private var lastField: [UInt8] = []
    private(set) var documentFrequencies: [UInt32] = []

    private(set) var documentCount: Int32 = 0
    private var currentDoc: Int32 = -1
    private var finished = false

    /// Approximate bytes of memory held, for the memory budget.
    var memoryBytes: Int { pool.allocatedBytes + terms.memoryBytes + terms.count * 72 }

    /// Starts the next document; its doc ID is the number of documents before it.
    func beginDocument() -> Int32 {
        precondition(!finished)
        currentDoc = documentCount
        documentCount += 1
        return currentDoc
    }

    /// Records one occurrence of `term` in the current document.
    @inline(__always)
    func add(_ term: UnsafeBufferPointer<UInt8>, field: Field, position: Int) {
        let id = Int(terms.intern(term))
        if id == docStreams.count { appendTermState() }
        if lastDoc[id] != currentDoc {
            if lastDoc[id] >= 0 { flushDocEntry(id) }
            lastDoc[id] = currentDoc
            documentFrequencies[id] += 1
            lastField[id] = field.rawValue
            lastPosition[id] = 0
            record(id, field: field, delta: position)
            return
        }
        if lastField[id] != field.rawValue {
            lastField[id] = field.rawValue
            lastPosition[id] = 0
            record(id, field: field, delta: position)
            return
        }
        let delta = position - Int(lastPosition[id])
        if delta <= 0 { return }  // the same term twice at one position (a word and its part)
        record(id, field: field, delta: delta)
    }

    @inline(__always)
    private func record(_ id: Int, field: Field, delta: Int) {
        lastPosition[id] += Int32(delta)
        if field == .title { termFrequencies[id].title += 1 } else { termFrequencies[id].body += 1 }
        pool.appendVarint(UInt32(delta), to: &positionStreams[id])
    }

    private func appendTermState() {
        docStreams.append(ByteSlicePool.Stream())
        positionStreams.append(ByteSlicePool.Stream())
        lastDoc.append(-1)
        lastFlushedDoc.append(-1)
        termFrequencies.append((0, 0))
        lastPosition.append(0)
        lastField.append(0)
        documentFrequencies.append(0)
    }

    private func flushDocEntry(_ id: Int) {
        let doc = lastDoc[id]
        pool.appendVarint(UInt32(doc - lastFlushedDoc[id]), to: &docStreams[id])
        pool.appendVarint(termFrequencies[id].title, to: &docStreams[id])
        pool.appendVarint(termFrequencies[id].body, to: &docStreams[id])
        lastFlushedDoc[id] = doc
        termFrequencies[id] = (0, 0)
    }

    /// Writes every term's pending entry; call once, after the last document.
    func finish() {
        guard !finished else { return }
        finished = true
        for id in 0..<docStreams.count where lastDoc[id] > lastFlushedDoc[id] { flushDocEntry(id) }
    }

    /// The postings of term `id` decoded: doc IDs, term frequencies and positions per field.
    /// Call after `finish`.
    func forEachPosting(
        of id: UInt32,
        _ body: (_ doc: Int32, _ titleTF: UInt32, _ bodyTF: UInt32, _ positions: inout ByteSlicePool.Reader) -> Void
    ) {
        var docs = pool.reader(docStreams[Int(id)])
        var positions = pool.reader(positionStreams[Int(id)])
        var doc: Int32 = -1
        while !docs.isAtEnd {
            doc += Int32(docs.readVarint())
            let titleTF = docs.readVarint()
            let bodyTF = docs.readVarint()
            body(doc, titleTF, bodyTF, &positions)
        }
    }
}
