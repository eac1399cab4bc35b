// The common documents of two cursors of comparable density, a pair of loaded blocks at a time:
// the blocks' documents are merged with computed steps (which list steps next is a coin toss the
// branch predictor loses on every query it has not just seen), the indices of the common ones
// collected, and the cursors then moved past the block that ran out. Shared by the two-term AND
// (`Conjunction.runPair`) and the phrase's two drivers (`PhraseScan`).

struct BlockPairMerge {
    /// Per common document of the last pair of blocks, its index in the lead's loaded block and in
    /// the other's.
    let leadIndices: UnsafeMutablePointer<Int32>
    let otherIndices: UnsafeMutablePointer<Int32>

    init() {
        leadIndices = .allocate(capacity: PostingsEncoder.blockSize)
        otherIndices = .allocate(capacity: PostingsEncoder.blockSize)
    }

    func deallocate() {
        leadIndices.deallocate()
        otherIndices.deallocate()
    }

    /// Walks `lead` (on its first document) and `other` to the end of either list. Every round
    /// first asks `skip` (the lead's block-max skipping: true when it moved the lead); then, with
    /// both cursors' blocks loaded, calls `common(found)` with the indices of the blocks' `found`
    /// common documents in `leadIndices` and `otherIndices` (found may be 0: not called then).
    /// `common` may move the cursors inside their loaded blocks, not beyond them.
    @inline(__always)
    func run(_ lead: UnownedCursor, _ other: UnownedCursor, skip: () throws -> Bool, common: (Int) throws -> Void) throws {
        while lead.doc != PostingsCursor.exhausted {
            if try skip() { continue }
            if other.doc < lead.doc { try other.advance(to: lead.doc) }
            if other.doc == PostingsCursor.exhausted { return }
            if lead.hasHeaders && Int32(bitPattern: lead.lastDoc(ofBlock: lead.blockIndex)) < other.doc {
                try lead.advance(to: other.doc)  // the lead's blocks that end before it are not decoded
                continue
            }
            let aDocs = lead.loadedDocs, aLength = lead.loadedBlockLength
            let bDocs = other.loadedDocs, bLength = other.loadedBlockLength
            var i = lead.positionInBlock, j = other.positionInBlock, found = 0
            while i < aLength && j < bLength {
                let x = aDocs[i], y = bDocs[j]
                leadIndices[found] = Int32(i)
                otherIndices[found] = Int32(j)
                found += x == y ? 1 : 0
                i += x <= y ? 1 : 0
                j += y <= x ? 1 : 0
            }
            if found > 0 { try common(found) }
            // One of the blocks is used up: on from where the merge stopped.
            if i == aLength {
                if j < bLength {
                    try other.move(toIndexInBlock: j)
                    try lead.move(toIndexInBlock: aLength - 1)
                    try lead.advance(to: Int32(bitPattern: bDocs[j]))
                } else {
                    try lead.move(toIndexInBlock: aLength)
                    try other.move(toIndexInBlock: bLength)
                }
            } else {
                try lead.move(toIndexInBlock: i)
                try other.move(toIndexInBlock: bLength)
            }
        }
    }
}
