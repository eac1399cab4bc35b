// Writes a segment's files by merging posting sources term by term (k-way, in byte order), and
// writes runs (dictionary, postings, positions only) when the memory budget is reached.

/// Sizes of the files written, by extension.
public struct SegmentFileSizes: Sendable {
    public var bytes: [String: Int] = [:]
    public var total: Int { bytes.values.reduce(0, +) }
    public var terms = 0
    public var postings = 0
}

enum SegmentWriter {
    /// The dictionary's values: DocFreq, PostingsOffset, PositionsOffset, PositionCount; the two
    /// offsets (each list starts where the term before's ends) are delta-coded inside each block.
    static let dictionaryDeltaColumns: UInt8 = 0b0110
    /// Terms per dictionary block: 16. (32 would save ~9% of the dictionary on reuters, but the
    /// longer block scans made cold one-term queries ~6 µs slower.)
    static let dictionaryTermsPerBlock = 16

    /// Writes `NAME.tdic`, `.post`, `.posn`, `.docs`, `.stor` into `directory`, each fsynced.
    /// The postings come from `sources` (doc IDs already final); every document's lengths, date
    /// and stored record from `documents` and `stored`, in doc ID order. The bytes depend only on
    /// that content, never on how it was split into sources: the same corpus gives the same index
    /// whatever the thread count or memory budget. With `threads` > 1, sources all in memory are
    /// merged by term range on that many threads, and DOCS and STOR written meanwhile on another;
    /// otherwise `pipelined` encodes on a second thread while this one merges (same bytes every way).
    static func write(
        sources: [PostingSource], documents: DocumentTableWriter, stored: StoredFieldsWriter,
        directory: String, name: String, threads: Int = 1, pipelined: Bool = false
    ) throws -> SegmentFileSizes {
        let base = directory + "/" + name + "."
        // The document table and stored fields do not depend on the postings: with several
        // threads they are written on one of their own meanwhile.
        var documentSizes: Result<(docs: Int, stor: Int), Error>?
        let writeDocuments = {
            documentSizes = Result { try writeDocumentFiles(documents: documents, stored: stored, base: base) }
        }
        let documentWriter = threads > 1 ? WorkerThread(writeDocuments) : nil
        let postingSizes: Result<SegmentFileSizes, Error> = Result {
            try writePostings(sources: sources, titleLengths: documents.titleLengths,
                              bodyLengths: documents.bodyLengths, base: base, threads: threads, pipelined: pipelined)
        }
        if let documentWriter { documentWriter.join() } else { writeDocuments() }
        var sizes = try postingSizes.get()
        let written = try documentSizes!.get()
        sizes.bytes["docs"] = written.docs
        sizes.bytes["stor"] = written.stor
        return sizes
    }

    /// Writes `NAME.docs` and `NAME.stor` (each fsynced) and returns their sizes.
    private static func writeDocumentFiles(
        documents: DocumentTableWriter, stored: StoredFieldsWriter, base: String
    ) throws -> (docs: Int, stor: Int) {
        let docs = try writeEnveloped(base + "docs", kind: .documents) {
            documents.encode(idRanks: idRanks(stored.ids), into: &$0)
        }
        let stor = try writeEnveloped(base + "stor", kind: .storedFields) { stored.encode(into: &$0) }
        return (docs, stor)
    }

    /// Writes a run: `NAME.tdic`, `.post`, `.posn` of one buffer, doc IDs local to the buffer.
    static func writeRun(
        _ buffer: PostingsBuffer, titleLengths: [UInt32], bodyLengths: [UInt32], directory: String, name: String
    ) throws -> SegmentFileSizes {
        let identity = (0..<UInt32(titleLengths.count)).map { $0 }
        return try writePostings(sources: [BufferPostingSource(buffer, globalDocs: identity)],
                                 titleLengths: titleLengths, bodyLengths: bodyLengths,
                                 base: directory + "/" + name + ".")
    }

    /// The term dictionary, postings and positions merged from `sources`. When every source is in
    /// memory, they are read straight from the buffers, and with `threads` > 1 term ranges are
    /// merged on that many threads and appended in order. Else with `pipelined`, the merging (this thread) and the encoding (a thread of its own)
    /// overlap: terms go over in batches, in order. The bytes are the same every way.
    private static func writePostings(
        sources: [PostingSource], titleLengths: [UInt32], bodyLengths: [UInt32], base: String, threads: Int = 1,
        pipelined: Bool = false
    ) throws -> SegmentFileSizes {
        let writer = try TermListWriter(base: base, titleLengths: titleLengths, bodyLengths: bodyLengths)
        let buffers = sources.compactMap { $0 as? BufferPostingSource }
        if !buffers.isEmpty && buffers.count == sources.count {
            if threads > 1 {
                try ParallelTermMerge.write(buffers, threads: threads, into: writer,
                                            titleLengths: titleLengths, bodyLengths: bodyLengths)
            } else {
                try BufferTermMerge.merge(buffers) { term, list in try writer.add(term, list) }
            }
            return try writer.finish()
        }
        guard pipelined else {
            try mergeTerms(sources) { term, list in try writer.add(term, list) }
            return try writer.finish()
        }
        let queue = BoundedQueue<[(term: [UInt8], list: TermPostings)]>(capacity: 2)
        var failure: Error?
        let encoder = WorkerThread {
            while let batch = queue.pop() {
                guard failure == nil else { continue }  // keep draining so the merge never blocks
                do { for item in batch { try writer.add(item.term, item.list) } } catch { failure = error }
            }
        }
        var batch: [(term: [UInt8], list: TermPostings)] = []
        var batchPostings = 0
        do {
            try mergeTerms(sources, handsOff: true) { term, list in
                batch.append((term, list))
                batchPostings += list.docs.count + 1
                if batchPostings >= 1 << 14 {
                    queue.push(batch)
                    batch = []
                    batchPostings = 0
                }
            }
        } catch {
            queue.close()
            encoder.join()
            throw error
        }
        if !batch.isEmpty { queue.push(batch) }
        queue.close()
        encoder.join()
        if let failure { throw failure }
        return try writer.finish()
    }

    /// Merges `sources` term by term in byte order and hands each term's postings, in doc ID
    /// order, to `each`. With `handsOff`, `each` keeps them: every term then gets new storage
    /// (clearing shared storage would copy it at its largest capacity); otherwise it is reused.
    static func mergeTerms(_ sources: [PostingSource], handsOff: Bool = false,
                                   _ each: ([UInt8], TermPostings) throws -> Void) throws {
        var gathered = TermPostings()
        var merged = TermPostings()
        var runStarts: [Int] = []
        var active: [PostingSource] = []
        for source in sources where try source.advance() { active.append(source) }
        while !active.isEmpty {
            // The smallest current term, and every source holding it.
            var smallest = active[0].term
            for source in active.dropFirst() where source.term.lexicographicallyPrecedes(smallest) { smallest = source.term }
            if handsOff {
                gathered = TermPostings()
                merged = TermPostings()
            } else {
                gathered.removeAll()
            }
            runStarts.removeAll(keepingCapacity: true)
            var exhausted: [Int] = []
            for (index, source) in active.enumerated() where source.term == smallest {
                runStarts.append(gathered.docs.count)
                try source.collect(into: &gathered)
                if try !source.advance() { exhausted.append(index) }
            }
            for index in exhausted.reversed() { active.remove(at: index) }
            guard !gathered.docs.isEmpty else { continue }  // every posting dropped (incremental)
            if gathered.isSortedByDoc {
                try each(smallest, gathered)
            } else {
                gathered.mergeRuns(startingAt: runStarts, into: &merged)
                try each(smallest, merged)
            }
        }
    }

    /// A file whose payload `encode` appends, without copying the payload again.
    private static func writeEnveloped(_ path: String, kind: FileKind, _ encode: (inout ByteWriter) -> Void) throws -> Int {
        var envelope = EnvelopeWriter(kind: kind)
        encode(&envelope.payload)
        let file = try StreamingFileWriter(path: path)
        try file.write(envelope.drain())
        try file.write(envelope.finish())
        try file.finish()
        return file.bytesWritten
    }

    static func writeWhole(_ path: String, _ bytes: [UInt8]) throws -> Int {
        let file = try StreamingFileWriter(path: path)
        try file.write(bytes)
        try file.finish()
        return bytes.count
    }

    /// Each document's place among the segment's ids sorted byte-wise.
    static func idRanks(_ ids: [String]) -> [UInt32] {
        let order = ids.indices.sorted { ByteCompare.precedes(ids[$0], ids[$1]) }
        var ranks = [UInt32](repeating: 0, count: ids.count)
        for (rank, doc) in order.enumerated() { ranks[doc] = UInt32(rank) }
        return ranks
    }
}
