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
    /// Payload bytes collected before they are handed to the file.
    private static let drainThreshold = 1 << 20
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
    /// whatever the thread count or memory budget.
    static func write(
        sources: [PostingSource], documents: DocumentTableWriter, stored: StoredFieldsWriter,
        directory: String, name: String
    ) throws -> SegmentFileSizes {
        let base = directory + "/" + name + "."
        var sizes = try writePostings(sources: sources, titleLengths: documents.titleLengths,
                                      bodyLengths: documents.bodyLengths, base: base)
        sizes.bytes["docs"] = try writeEnveloped(base + "docs", kind: .documents) {
            documents.encode(idRanks: idRanks(stored.ids), into: &$0)
        }
        sizes.bytes["stor"] = try writeEnveloped(base + "stor", kind: .storedFields) { stored.encode(into: &$0) }
        return sizes
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

    /// The term dictionary, postings and positions merged from `sources`.
    private static func writePostings(
        sources: [PostingSource], titleLengths: [UInt32], bodyLengths: [UInt32], base: String
    ) throws -> SegmentFileSizes {
        var sizes = SegmentFileSizes()
        let postFile = try StreamingFileWriter(path: base + "post")
        let posnFile = try StreamingFileWriter(path: base + "posn")
        var post = EnvelopeWriter(kind: .postings)
        var posn = EnvelopeWriter(kind: .positions)
        var dictionary = TermDictionaryWriter(valuesPerTerm: 4, termsPerBlock: SegmentWriter.dictionaryTermsPerBlock,
                                              deltaColumns: SegmentWriter.dictionaryDeltaColumns)
        var gathered = TermPostings()
        var merged = TermPostings()
        var runStarts: [Int] = []
        var encoded = ByteWriter()

        var active: [PostingSource] = []
        for source in sources where try source.advance() { active.append(source) }
        while !active.isEmpty {
            // The smallest current term, and every source holding it.
            var smallest = active[0].term
            for source in active.dropFirst() where source.term.lexicographicallyPrecedes(smallest) { smallest = source.term }
            gathered.removeAll()
            runStarts.removeAll(keepingCapacity: true)
            var exhausted: [Int] = []
            for (index, source) in active.enumerated() where source.term == smallest {
                runStarts.append(gathered.docs.count)
                try source.collect(into: &gathered)
                if try !source.advance() { exhausted.append(index) }
            }
            for index in exhausted.reversed() { active.remove(at: index) }
            guard !gathered.docs.isEmpty else { continue }  // every posting dropped (incremental)
            let sorted = gathered.isSortedByDoc
            if !sorted { gathered.mergeRuns(startingAt: runStarts, into: &merged) }
            let term = sorted ? gathered : merged

            let positionsStart = posn.payloadPosition
            let positionBlockOffsets = PositionsEncoder.encode(term.positionValues, into: &posn.payload)
            encoded.removeAll(keepingCapacity: true)
            PostingsEncoder.encode(docs: term.docs, titleTFs: term.titleTFs, bodyTFs: term.bodyTFs,
                                   positionStarts: term.positionStarts, positionBlockOffsets: positionBlockOffsets,
                                   titleLengths: titleLengths, bodyLengths: bodyLengths, into: &encoded)
            let postingsStart = post.payloadPosition
            post.payload.append(bytes: encoded.bytes)
            dictionary.add(smallest, [UInt64(term.docs.count), UInt64(postingsStart), UInt64(positionsStart),
                                      UInt64(term.positionValues.count)])
            sizes.terms += 1
            sizes.postings += term.docs.count
            if post.payload.count >= drainThreshold { try postFile.write(post.drain()) }
            if posn.payload.count >= drainThreshold { try posnFile.write(posn.drain()) }
        }
        try postFile.write(post.finish())
        try postFile.finish()
        try posnFile.write(posn.finish())
        try posnFile.finish()
        sizes.bytes["post"] = postFile.bytesWritten
        sizes.bytes["posn"] = posnFile.bytesWritten
        var dictionaryBytes = ByteWriter()
        dictionary.finish(into: &dictionaryBytes)
        sizes.bytes["tdic"] = try writeWhole(base + "tdic", FileEnvelope.wrap(kind: .termDictionary, payload: dictionaryBytes.bytes))
        return sizes
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

    private static func writeWhole(_ path: String, _ bytes: [UInt8]) throws -> Int {
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
