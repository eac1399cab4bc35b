// The common documents of two cursors of comparable density, a pair of loaded blocks at a time:
// the blocks' documents are merged four against four with vector compares, then one by one, with
// computed steps (which list steps next is a coin toss the branch predictor loses on every query
// it has not just seen), the indices of the common ones
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

    /// Whether the lead (its document x) and the other (y) step on: x ≤ y and y ≤ x, as 0 or 1 from
    /// the sign bits of differences (doc IDs are below 2^31), arithmetic the compiler cannot turn
    /// back into branches.
    @inline(__always)
    private static func steps(_ x: UInt32, _ y: UInt32) -> (lead: Int, other: Int) {
        let difference = Int(x) &- Int(y)
        return (Int(bitPattern: UInt(bitPattern: difference &- 1) >> 63),
                Int(bitPattern: UInt(bitPattern: (0 &- difference) &- 1) >> 63))
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
            // Four documents of each block at a time while both have more than four left: every
            // lane of the lead's four against every lane of the other's, then on past the four whose
            // last is the smaller (both when equal). The common ones' indices are written for all
            // four lanes, the count moving only for a match (no branch on which lanes match).
            let aRaw = UnsafeRawPointer(aDocs), bRaw = UnsafeRawPointer(bDocs)
            let lanes = SIMD4<UInt32>(0, 1, 2, 3)
            while i &+ 4 < aLength && j &+ 4 < bLength {
                let x = aRaw.loadUnaligned(fromByteOffset: i &* 4, as: SIMD4<UInt32>.self)
                let y = bRaw.loadUnaligned(fromByteOffset: j &* 4, as: SIMD4<UInt32>.self)
                let m0 = x .== y
                let m1 = x .== SIMD4(y[1], y[2], y[3], y[0])
                let m2 = x .== SIMD4(y[2], y[3], y[0], y[1])
                let m3 = x .== SIMD4(y[3], y[0], y[1], y[2])
                let none = SIMD4<UInt32>(repeating: 0)
                let hit = none.replacing(with: 1, where: m0 .| m1 .| m2 .| m3)
                // Lane k of x met lane (k + r) mod 4 of y for the rotation r that matched.
                let shift = none.replacing(with: 1, where: m1) | none.replacing(with: 2, where: m2)
                    | none.replacing(with: 3, where: m3)
                let otherLane = (lanes &+ shift) & SIMD4(repeating: 3)
                for k in 0..<4 {
                    leadIndices[found] = Int32(truncatingIfNeeded: i &+ k)
                    otherIndices[found] = Int32(truncatingIfNeeded: j &+ Int(otherLane[k]))
                    found &+= Int(hit[k])
                }
                let step = Self.steps(x[3], y[3])
                i &+= 4 &* step.lead
                j &+= 4 &* step.other
            }
            // The rest one document at a time, to where a block runs out.
            while i < aLength && j < bLength {
                let step = Self.steps(aDocs[i], bDocs[j])
                leadIndices[found] = Int32(truncatingIfNeeded: i)  // indices are below 128
                otherIndices[found] = Int32(truncatingIfNeeded: j)
                found &+= step.lead & step.other
                i &+= step.lead
                j &+= step.other
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
