// The final merge of in-memory buffers split by term range across threads: each thread merges
// and encodes whole ranges of terms into bytes of its own, and the ranges are appended to the
// files in term order, so the files are byte for byte those of a merge on one thread.

enum ParallelTermMerge {
    /// Postings per range, roughly: enough ranges to share out evenly, each small enough that the
    /// few held while they wait their turn cost little memory.
    static let postingsPerRange = 1 << 18

    /// Merges `sources` (every term of each, in byte order) into `writer` on `threads` threads.
    static func write(_ sources: [BufferPostingSource], threads: Int, into writer: TermListWriter,
                      titleLengths: [UInt32], bodyLengths: [UInt32]) throws {
        let starts = rangeStarts(sources, threads: threads)
        let rangeCount = starts[0].count - 1
        let work = OrderedWork<EncodedTerms>(count: rangeCount, window: 2 * threads)
        let helpers = (0..<min(threads, rangeCount)).map { _ in
            WorkerThread {
                while let range = work.claim() {
                    let parts = sources.indices.map { sources[$0].range(starts[$0][range]..<starts[$0][range + 1]) }
                    var encoded = EncodedTerms()
                    BufferTermMerge.merge(parts) { term, list in
                        encoded.add(term, list, titleLengths: titleLengths, bodyLengths: bodyLengths)
                    }
                    work.deliver(range, encoded)
                }
            }
        }
        defer {
            work.cancel()  // after a failure: the helpers stop at their next claim
            for helper in helpers { helper.join() }
        }
        while let encoded = work.takeNext() { try writer.append(encoded) }
    }

    /// Per source, the term positions where each range starts, and its term count last: range k
    /// of source s is `starts[s][k]..<starts[s][k + 1]`. The ranges hold about the same number of
    /// postings in the source with the most terms; the same cut terms split every other source.
    static func rangeStarts(_ sources: [BufferPostingSource], threads: Int) -> [[Int]] {
        guard let guide = sources.max(by: { $0.termCount < $1.termCount }), guide.termCount > 0 else {
            return sources.map { [0, $0.termCount] }
        }
        var total = 0
        for source in sources { for position in 0..<source.termCount { total += source.documentFrequency(at: position) } }
        let rangeCount = min(4096, max(threads * 4, total / postingsPerRange))
        var guideTotal = 0
        for position in 0..<guide.termCount { guideTotal += guide.documentFrequency(at: position) }
        // Cut before the guide's term where its running count of postings reaches each share.
        var cuts: [Int] = []
        var running = 0
        for position in 0..<guide.termCount {
            if position > 0 && running * rangeCount >= (cuts.count + 1) * guideTotal { cuts.append(position) }
            running += guide.documentFrequency(at: position)
        }
        return sources.map { source in
            [0] + cuts.map { source === guide ? $0 : source.lowerBound(guide.term(at: $0)) } + [source.termCount]
        }
    }
}
