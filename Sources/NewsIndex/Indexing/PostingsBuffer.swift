// The in-memory inverted index of a build: per term, a stream of (doc, tf per field) and a stream of positions.

/// Inverts documents as they are analyzed, one document at a time, in doc ID order.
///
/// Per term it keeps two byte streams in a `ByteSlicePool`: the doc stream, with one entry per
/// document (written when the term is next seen in a later document or at `finish`: the varint of
/// `docDelta << 2 | (tfTitle > 0 ? 2 : 0) | (tfBody == 1 ? 1 : 0)`, then `tfTitle` if not 0 and
/// `tfBody` if not 1, as varints: one varint for the usual once-in-the-body), and the position stream (for each document, the title positions
/// then the body positions, each delta-coded from 0 within its field, written as tokens arrive).
final class PostingsBuffer {
    let terms = TermTable()
    let pool = ByteSlicePool()

    /// Everything a build tracks for one term, side by side: one cache line per term touched,
    /// instead of one per array.
    private struct TermState {
        var docStream = ByteSlicePool.Stream()
        var positionStream = ByteSlicePool.Stream()
        var lastDoc: Int32 = -1
        var lastFlushedDoc: Int32 = -1
        var titleTF: UInt32 = 0
        var bodyTF: UInt32 = 0
        var lastPosition: Int32 = 0
        var documentFrequency: UInt32 = 0
        var lastField: UInt8 = 0
    }

    /// Per term ID (manually grown: no copy-on-write or exclusivity work in the token loop).
    private var states: UnsafeMutablePointer<TermState>
    private var stateCapacity = 1024
    private var stateCount = 0

    private(set) var documentCount: Int32 = 0
    private var currentDoc: Int32 = -1
    private var finished = false

    init() {
        states = .allocate(capacity: stateCapacity)
    }

    deinit {
        states.deinitialize(count: stateCount)
        states.deallocate()
    }

    /// Approximate bytes of memory held, for the memory budget.
    var memoryBytes: Int { pool.allocatedBytes + terms.memoryBytes + stateCapacity * MemoryLayout<TermState>.stride }

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
        add(id: termID(of: term), field: field, position: position)
    }

    /// The ID of `term`, added when new (IDs stay valid for the buffer's life).
    @inline(__always)
    func termID(of term: UnsafeBufferPointer<UInt8>) -> UInt32 {
        let id = terms.intern(term)
        if Int(id) == stateCount { appendTermState() }
        return id
    }

    /// Records one occurrence of the term `id` (from `termID(of:)`) in the current document.
    @inline(__always)
    func add(id: UInt32, field: Field, position: Int) {
        let state = states + Int(id)
        if state.pointee.lastDoc != currentDoc {
            if state.pointee.lastDoc >= 0 { flushDocEntry(state) }
            state.pointee.lastDoc = currentDoc
            state.pointee.documentFrequency += 1
            state.pointee.lastField = field.rawValue
            state.pointee.lastPosition = 0
            record(state, field: field, delta: position)
            return
        }
        if state.pointee.lastField != field.rawValue {
            state.pointee.lastField = field.rawValue
            state.pointee.lastPosition = 0
            record(state, field: field, delta: position)
            return
        }
        let delta = position - Int(state.pointee.lastPosition)
        if delta <= 0 { return }  // the same term twice at one position (a word and its part)
        record(state, field: field, delta: delta)
    }

    @inline(__always)
    private func record(_ state: UnsafeMutablePointer<TermState>, field: Field, delta: Int) {
        state.pointee.lastPosition += Int32(delta)
        if field == .title { state.pointee.titleTF += 1 } else { state.pointee.bodyTF += 1 }
        pool.appendVarint(UInt32(delta), to: &state.pointee.positionStream)
    }

    private func appendTermState() {
        if stateCount == stateCapacity {
            let grown = UnsafeMutablePointer<TermState>.allocate(capacity: stateCapacity * 2)
            grown.moveInitialize(from: states, count: stateCount)
            states.deallocate()
            states = grown
            stateCapacity *= 2
        }
        (states + stateCount).initialize(to: TermState())
        stateCount += 1
    }

    private func flushDocEntry(_ state: UnsafeMutablePointer<TermState>) {
        let doc = state.pointee.lastDoc
        let titleTF = state.pointee.titleTF, bodyTF = state.pointee.bodyTF
        let code = UInt32(doc - state.pointee.lastFlushedDoc) << 2 | (titleTF > 0 ? 2 : 0) | (bodyTF == 1 ? 1 : 0)
        pool.appendVarint(code, to: &state.pointee.docStream)
        if titleTF > 0 { pool.appendVarint(titleTF, to: &state.pointee.docStream) }
        if bodyTF != 1 { pool.appendVarint(bodyTF, to: &state.pointee.docStream) }
        state.pointee.lastFlushedDoc = doc
        state.pointee.titleTF = 0
        state.pointee.bodyTF = 0
    }

    /// Writes every term's pending entry; call once, after the last document.
    func finish() {
        guard !finished else { return }
        finished = true
        for id in 0..<stateCount where states[id].lastDoc > states[id].lastFlushedDoc { flushDocEntry(states + id) }
    }

    /// The number of documents holding term `id`.
    func documentFrequency(of id: UInt32) -> Int { Int(states[Int(id)].documentFrequency) }

    /// A cursor over the postings of term `id`, doc IDs mapped through `globalDocs`. Call after `finish`.
    func postingsCursor(of id: UInt32, globalDocs: [UInt32]) -> BufferPostingsCursor {
        BufferPostingsCursor(docs: pool.reader(states[Int(id)].docStream),
                             positions: pool.reader(states[Int(id)].positionStream), globalDocs: globalDocs)
    }

    /// The postings of term `id` decoded: doc IDs, term frequencies and positions per field.
    /// Call after `finish`.
    func forEachPosting(
        of id: UInt32,
        _ body: (_ doc: Int32, _ titleTF: UInt32, _ bodyTF: UInt32, _ positions: inout ByteSlicePool.Reader) -> Void
    ) {
        var docs = pool.reader(states[Int(id)].docStream)
        var positions = pool.reader(states[Int(id)].positionStream)
        var doc: Int32 = -1
        while !docs.isAtEnd {
            let code = docs.readVarint()
            doc += Int32(code >> 2)
            let titleTF = code & 2 != 0 ? docs.readVarint() : 0
            let bodyTF = code & 1 != 0 ? 1 : docs.readVarint()
            body(doc, titleTF, bodyTF, &positions)
        }
    }
}

/// One term's postings in a buffer, one posting at a time, doc IDs mapped to the final index's.
/// Each posting's positions must be read (`appendPositions`) before moving to the next.
struct BufferPostingsCursor {
    private var docs: ByteSlicePool.Reader
    private var positions: ByteSlicePool.Reader
    private let globalDocs: [UInt32]
    private var localDoc: Int32 = -1
    /// The current posting's final doc ID; `UInt32.max` once past the last.
    private(set) var doc = UInt32.max
    private(set) var titleTF: UInt32 = 0
    private(set) var bodyTF: UInt32 = 0

    init(docs: ByteSlicePool.Reader, positions: ByteSlicePool.Reader, globalDocs: [UInt32]) {
        self.docs = docs
        self.positions = positions
        self.globalDocs = globalDocs
        next()
    }

    /// Moves to the next posting.
    @inline(__always)
    mutating func next() {
        guard !docs.isAtEnd else { doc = UInt32.max; return }
        let code = docs.readVarint()
        localDoc += Int32(code >> 2)
        titleTF = code & 2 != 0 ? docs.readVarint() : 0
        bodyTF = code & 1 != 0 ? 1 : docs.readVarint()
        doc = globalDocs[Int(localDoc)]
    }

    /// Appends the current posting's stored position values (title then body).
    @inline(__always)
    mutating func appendPositions(to values: inout [UInt32]) {
        for _ in 0..<(titleTF + bodyTF) { values.append(positions.readVarint()) }
    }
}
