// The in-memory inverted index of a build: per term, one byte stream of its documents and their positions.

/// Inverts documents as they are analyzed, one document at a time, in doc ID order.
///
/// Per term it keeps one byte stream in a `ByteSlicePool`, written as tokens arrive: per document,
/// the varint of `docDelta << 1 | (in the title ? 1 : 0)`, then the title's position values (when
/// in the title) and a 0, then the body's position values, then a 0 when another document follows.
/// Position values are delta-coded from 0 within each field, the first of a field stored + 1, so
/// every value is at least 1 and a 0 ends a field; a field's term frequency is its count of values.
/// Nothing waits for the document's end: a term's bytes are written where its last ones went.
///
/// Tokens are inverted in chunks of 256: the chunk's term states are read first, then the stream
/// ends they write to (every token's, without a branch), then the tokens are written, so that the
/// cache misses of many terms overlap instead of stalling the loop token after token.
final class PostingsBuffer {
    let terms = TermTable()
    let pool = ByteSlicePool()

    /// Everything a build tracks for one term: 32 bytes, two terms per cache line.
    private struct TermState {
        var stream = ByteSlicePool.Stream()
        var lastDoc: Int32 = -1
        var lastPosition: Int32 = 0
        var documentFrequency: UInt32 = 0
        var lastField: UInt8 = 0
    }

    /// Per term ID, aligned to cache lines (manually grown: no copy-on-write or exclusivity work in
    /// the token loop).
    private var states: UnsafeMutablePointer<TermState>
    private var stateCapacity = 1024
    private var stateCount = 0

    private(set) var documentCount: Int32 = 0
    private var currentDoc: Int32 = -1
    private var finished = false

    /// Tokens added but not yet inverted: term ID << 32 | field << 31 | position.
    private let pending: UnsafeMutablePointer<UInt64>
    private var pendingCount = 0
    private static let chunkSize = 256
    /// What the chunks' early reads gave (kept so that they are not optimized away).
    private var touchedSum: UInt32 = 0

    init() {
        states = Self.allocateStates(capacity: stateCapacity)
        pending = .allocate(capacity: Self.chunkSize)
    }

    deinit {
        states.deinitialize(count: stateCount)
        UnsafeMutableRawPointer(states).deallocate()
        pending.deallocate()
    }

    private static func allocateStates(capacity: Int) -> UnsafeMutablePointer<TermState> {
        UnsafeMutableRawPointer.allocate(byteCount: capacity * MemoryLayout<TermState>.stride, alignment: 64)
            .bindMemory(to: TermState.self, capacity: capacity)
    }

    /// Approximate bytes of memory held, for the memory budget.
    var memoryBytes: Int { pool.allocatedBytes + terms.memoryBytes + stateCapacity * MemoryLayout<TermState>.stride }

    /// Starts the next document; its doc ID is the number of documents before it.
    func beginDocument() -> Int32 {
        precondition(!finished)
        endDocument()
        currentDoc = documentCount
        documentCount += 1
        return currentDoc
    }

    /// Records one occurrence of `term` in the current document (title occurrences before body ones).
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

    /// Records one occurrence of the term `id` (from `termID(of:)`) in the current document
    /// (positions below 2^31).
    @inline(__always)
    func add(id: UInt32, field: Field, position: Int) {
        pending[pendingCount] = UInt64(id) << 32 | UInt64(field.rawValue) << 31 | UInt64(UInt32(truncatingIfNeeded: position) & 0x7FFF_FFFF)
        pendingCount += 1
        if pendingCount == Self.chunkSize { invertPending() }
    }

    /// Inverts the tokens of the current document still pending; call after its last token.
    func endDocument() {
        if pendingCount > 0 { invertPending() }
    }

    private func invertPending() {
        let count = pendingCount
        pendingCount = 0
        // Early reads, in short loops so that many are under way at once: the term states, then
        // the stream ends the tokens write to (each token's: a branch on "new in the document"
        // here would stop the reads that follow a misprediction).
        var touched: UInt32 = 0
        for index in 0..<count { touched &+= UInt32(bitPattern: states[Int(pending[index] >> 32)].lastDoc) }
        for index in 0..<count {
            touched &+= UInt32(pool.byte(at: states[Int(pending[index] >> 32)].stream.write))
        }
        touchedSum &+= touched
        for index in 0..<count {
            let token = pending[index]
            invert(id: UInt32(truncatingIfNeeded: token >> 32), field: token & 1 << 31 == 0 ? .title : .body,
                   position: Int(token & 0x7FFF_FFFF))
        }
    }

    @inline(__always)
    private func invert(id: UInt32, field: Field, position: Int) {
        let state = states + Int(id)
        if state.pointee.lastDoc != currentDoc {
            beginEntry(state, field: field, position: position)
            return
        }
        if state.pointee.lastField != field.rawValue {
            // From the title to the body: the title's values end.
            state.pointee.lastField = field.rawValue
            state.pointee.lastPosition = Int32(position)
            pool.append(0, to: &state.pointee.stream)
            pool.appendVarint(UInt32(position) + 1, to: &state.pointee.stream)
            return
        }
        let delta = position - Int(state.pointee.lastPosition)
        if delta <= 0 { return }  // the same term twice at one position (a word and its part)
        state.pointee.lastPosition = Int32(position)
        pool.appendVarint(UInt32(delta), to: &state.pointee.stream)
    }

    /// The term's first occurrence in the current document: ends its previous document's values
    /// and starts the document's entry.
    @inline(__always)
    private func beginEntry(_ state: UnsafeMutablePointer<TermState>, field: Field, position: Int) {
        let lastDoc = state.pointee.lastDoc
        if lastDoc >= 0 {
            // The previous document's last field ends; when that was the title, its body (empty) too.
            if state.pointee.lastField == Field.title.rawValue { pool.append(0, to: &state.pointee.stream) }
            pool.append(0, to: &state.pointee.stream)
        }
        let code = UInt32(currentDoc - lastDoc) << 1 | (field == .title ? 1 : 0)
        pool.appendVarint(code, to: &state.pointee.stream)
        pool.appendVarint(UInt32(position) + 1, to: &state.pointee.stream)
        state.pointee.lastDoc = currentDoc
        state.pointee.documentFrequency += 1
        state.pointee.lastField = field.rawValue
        state.pointee.lastPosition = Int32(position)
    }

    private func appendTermState() {
        if stateCount == stateCapacity {
            let grown = Self.allocateStates(capacity: stateCapacity * 2)
            grown.moveInitialize(from: states, count: stateCount)
            UnsafeMutableRawPointer(states).deallocate()
            states = grown
            stateCapacity *= 2
        }
        (states + stateCount).initialize(to: TermState())
        stateCount += 1
    }

    /// Ends the input; call once, after the last document (the streams need no closing).
    func finish() {
        endDocument()
        finished = true
    }

    /// The number of documents holding term `id`.
    func documentFrequency(of id: UInt32) -> Int { Int(states[Int(id)].documentFrequency) }

    /// A cursor over the postings of term `id`, doc IDs mapped through `globalDocs`. Call after `finish`.
    func postingsCursor(of id: UInt32, globalDocs: [UInt32]) -> BufferPostingsCursor {
        BufferPostingsCursor(pool.reader(states[Int(id)].stream), globalDocs: globalDocs)
    }
}
