// The term-by-term merge of in-memory buffers, reading each term's postings straight from the
// buffers' byte streams and interleaving them by doc ID: no gathered copy to sort afterwards.

enum BufferTermMerge {
    /// Merges `sources` (ranges of buffers) term by term in byte order and hands each term's
    /// postings, in doc ID order, to `each` (the list's storage is reused for the next term).
    static func merge(_ sources: [BufferPostingSource], _ each: (ArraySlice<UInt8>, TermPostings) throws -> Void) rethrows {
        var list = TermPostings()
        // The term's postings are gathered here, then copied into `list` whole.
        var scratch = Scratch()
        defer { scratch.deallocate() }
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
            scratch.removeAll()
            cursors.removeAll(keepingCapacity: true)
            for holder in holders { cursors.append(holder.postingsCursor()) }
            if cursors.count == 1 {
                var cursor = cursors[0]
                while cursor.doc != UInt32.max { take(&cursor, into: &scratch) }
            } else {
                while true {
                    var best = -1
                    var bestDoc = UInt32.max
                    for index in cursors.indices where cursors[index].doc < bestDoc {
                        best = index
                        bestDoc = cursors[index].doc
                    }
                    if best < 0 { break }
                    take(&cursors[best], into: &scratch)
                }
            }
            scratch.copy(into: &list)
            try each(smallest, list)
            var exhausted = false
            for holder in holders where !holder.step() { exhausted = true }
            if exhausted { active.removeAll { $0.isPastEnd } }
        }
    }

    @inline(__always)
    private static func take(_ cursor: inout BufferPostingsCursor, into scratch: inout Scratch) {
        scratch.docs.append(cursor.doc)
        scratch.positionStarts.append(UInt32(scratch.positionValues.count))
        cursor.appendPositions(to: &scratch.positionValues)
        scratch.titleTFs.append(cursor.titleTF)
        scratch.bodyTFs.append(cursor.bodyTF)
        cursor.next()
    }

    /// One term's postings as they are merged: the columns of `TermPostings`.
    private struct Scratch {
        var docs = ValueScratch()
        var titleTFs = ValueScratch()
        var bodyTFs = ValueScratch()
        var positionStarts = ValueScratch()
        var positionValues = ValueScratch()

        mutating func removeAll() {
            docs.removeAll()
            titleTFs.removeAll()
            bodyTFs.removeAll()
            positionStarts.removeAll()
            positionValues.removeAll()
        }

        func copy(into list: inout TermPostings) {
            list.docs.append(contentsOf: docs.values)
            list.titleTFs.append(contentsOf: titleTFs.values)
            list.bodyTFs.append(contentsOf: bodyTFs.values)
            list.positionStarts.append(contentsOf: positionStarts.values)
            list.positionValues.append(contentsOf: positionValues.values)
        }

        func deallocate() {
            for column in [docs, titleTFs, bodyTFs, positionStarts, positionValues] { column.deallocate() }
        }
    }
}
