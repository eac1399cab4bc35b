// A postings cursor as the hot query loops hold it: without reference counting. Reading a class
// reference out of an array retains and releases it around every use, which cost a tenth of an
// AND query's time; the evaluator owns the cursors for the whole query, so these need not. Also
// the leapfrog over several of them (`leapfrog`: the two rarest `meet` by a merge of their loaded
// blocks without a branch per document, the others `align` to where they met).

struct UnownedCursor {
    private let reference: Unmanaged<PostingsCursor>

    /// `cursor` must outlive this value (the evaluator's cursors do, for the whole query).
    init(_ cursor: PostingsCursor) { reference = .passUnretained(cursor) }

    @inline(__always) var doc: Int32 { reference._withUnsafeGuaranteedRef { $0.doc } }
    @inline(__always) var titleTF: UInt32 { reference._withUnsafeGuaranteedRef { $0.titleTF } }
    @inline(__always) var bodyTF: UInt32 { reference._withUnsafeGuaranteedRef { $0.bodyTF } }
    @inline(__always) var hasHeaders: Bool { reference._withUnsafeGuaranteedRef { $0.hasHeaders } }
    @inline(__always) var blockIndex: Int { reference._withUnsafeGuaranteedRef { $0.blockIndex } }
    @inline(__always) var blockCount: Int { reference._withUnsafeGuaranteedRef { $0.blockCount } }
    @inline(__always) func lastDoc(ofBlock block: Int) -> UInt32 { reference._withUnsafeGuaranteedRef { $0.lastDoc(ofBlock: block) } }
    @inline(__always) var loadedDocs: UnsafePointer<UInt32> { reference._withUnsafeGuaranteedRef { $0.loadedDocs } }
    @inline(__always) var loadedTitleTFs: UnsafePointer<UInt32> { reference._withUnsafeGuaranteedRef { $0.loadedTitleTFs } }
    @inline(__always) var loadedBodyTFs: UnsafePointer<UInt32> { reference._withUnsafeGuaranteedRef { $0.loadedBodyTFs } }
    @inline(__always) var loadedBlockLength: Int { reference._withUnsafeGuaranteedRef { $0.loadedBlockLength } }
    @inline(__always) var positionInBlock: Int { reference._withUnsafeGuaranteedRef { $0.positionInBlock } }
    @inline(__always) func move(toIndexInBlock index: Int) throws { try reference._withUnsafeGuaranteedRef { try $0.move(toIndexInBlock: index) } }
    @inline(__always) func next() throws { try reference._withUnsafeGuaranteedRef { try $0.next() } }
    @inline(__always) func advance(to target: Int32) throws { try reference._withUnsafeGuaranteedRef { try $0.advance(to: target) } }
    @inline(__always) func positions(in field: Field, into list: PositionList) throws {
        try reference._withUnsafeGuaranteedRef { try $0.positions(in: field, into: list) }
    }
}

extension Array where Element == UnownedCursor {
    /// The leapfrog of the first `count` cursors (rarest first, the lead at 0): the two rarest
    /// meet by merging their blocks (`meet`), the others are moved to where they met. nil when all
    /// are on the lead's document (or the lead is exhausted), else the first document past it that
    /// one of them landed on (where the lead goes next).
    @inline(__always)
    func leapfrog(_ count: Int) throws -> Int32? {
        guard count >= 2 else { return nil }
        try self[0].meet(self[1])
        if self[0].doc == PostingsCursor.exhausted { return nil }
        return try align(2..<count, to: self[0].doc)
    }

    /// A leapfrog step: moves the cursors of `range` to `doc` in turn; nil when all are on it, else
    /// the first document past it that one of them landed on (where the lead goes next).
    @inline(__always)
    func align(_ range: Range<Int>, to doc: Int32) throws -> Int32? {
        for j in range {
            let cursor = self[j]
            if cursor.doc < doc { try cursor.advance(to: doc) }
            if cursor.doc > doc { return cursor.doc }
        }
        return nil
    }
}

extension UnownedCursor {
    /// Moves this cursor and `other` forward to their next common document (this one exhausted
    /// when there is none), starting from where they are. Inside two loaded blocks the documents
    /// are merged with the steps computed, not branched on (which way a leapfrog goes next is a
    /// coin toss the branch predictor loses); blocks are skipped with the headers as `advance` does.
    @inline(__always)
    func meet(_ other: UnownedCursor) throws {
        while true {
            let target = doc
            if target == PostingsCursor.exhausted { return }
            if other.doc < target { try other.advance(to: target) }
            let found = other.doc
            if found == target { return }
            if found == PostingsCursor.exhausted {
                try advance(to: PostingsCursor.exhausted)
                return
            }
            // other.doc > doc: merge the rest of both loaded blocks.
            let aDocs = loadedDocs, aLength = loadedBlockLength
            let bDocs = other.loadedDocs, bLength = other.loadedBlockLength
            var i = positionInBlock, j = other.positionInBlock
            while i < aLength && j < bLength {
                let x = aDocs[i]
                // A denser other list: eight of its documents at a time while all are below.
                while j &+ 8 <= bLength && bDocs[j &+ 7] < x { j &+= 8 }
                let y = bDocs[j]
                if x == y { break }
                i &+= x < y ? 1 : 0
                j &+= y < x ? 1 : 0
            }
            if i < aLength && j < bLength {
                try move(toIndexInBlock: i)
                try other.move(toIndexInBlock: j)
                return
            }
            if i == aLength {
                // Past this block: on to the other's document (skipping blocks by their headers).
                try other.move(toIndexInBlock: j)
                try advance(to: Int32(bitPattern: bDocs[j]))
            } else {
                // The other's block is used up: it goes on from its last document.
                try move(toIndexInBlock: i)
                try other.move(toIndexInBlock: bLength - 1)
            }
        }
    }
}
