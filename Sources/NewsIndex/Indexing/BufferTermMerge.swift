// The term-by-term merge of in-memory buffers, reading each term's postings straight from the
// buffers' byte streams and interleaving them by doc ID: no gathered copy to sort afterwards.

enum BufferTermMerge {
    /// Merges `sources` (ranges of buffers) term by term in byte order and hands each term's
    /// postings, in doc ID order, to `each` (the list's storage is reused for the next term).
    static func merge(_ sources: [BufferPostingSource], _ each: (ArraySlice<UInt8>, TermPostings) throws -> Void) rethrows {
        var list = TermPostings()
        var active = sources.filter { $0.step() }
        var holders: [BufferPostingSource] = []
        var cursors: [BufferPostingsCursor] = []
        while !active.isEmpty {
            var smallest = active[0].currentTerm
            for source in active.dropFirst() {
                let term = source.currentTerm
                if term.lexicographicallyPrecedes(smallest) { smallest = term }
            }
            holders.removeAll(keepingCapacity: true)
            for source in active where source.currentTerm == smallest { holders.append(source) }
            list.removeAll()
            let postings = holders.reduce(0) { $0 + $1.currentDocumentFrequency }
            list.docs.reserveCapacity(postings)
            list.titleTFs.reserveCapacity(postings)
            list.bodyTFs.reserveCapacity(postings)
            list.positionStarts.reserveCapacity(postings)
            cursors.removeAll(keepingCapacity: true)
            for holder in holders { cursors.append(holder.postingsCursor()) }
            if cursors.count == 1 {
                while cursors[0].doc != UInt32.max { take(&cursors[0], into: &list) }
            } else {
                while true {
                    var best = -1
                    var bestDoc = UInt32.max
                    for index in cursors.indices where cursors[index].doc < bestDoc {
                        best = index
                        bestDoc = cursors[index].doc
                    }
                    if best < 0 { break }
                    take(&cursors[best], into: &list)
                }
            }
            try each(smallest, list)
            var exhausted = false
            for holder in holders where !holder.step() { exhausted = true }
            if exhausted { active.removeAll { $0.isPastEnd } }
        }
    }

    @inline(__always)
    private static func take(_ cursor: inout BufferPostingsCursor, into list: inout TermPostings) {
        list.docs.append(cursor.doc)
        list.positionStarts.append(UInt32(list.positionValues.count))
        cursor.appendPositions(to: &list.positionValues)
        list.titleTFs.append(cursor.titleTF)
        list.bodyTFs.append(cursor.bodyTF)
        cursor.next()
    }
}
