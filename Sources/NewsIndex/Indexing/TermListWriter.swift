// The encoding half of a segment write: takes one term's gathered postings at a time, in term
// order, and appends its positions (POSN), postings (POST) and dictionary entry (TDIC). It runs on
// the merging thread, or on a thread of its own fed in batches (`SegmentWriter`), or takes whole
// ranges of terms encoded on other threads (`EncodedTerms`), with the same bytes every way.

final class TermListWriter {
    private let postFile: StreamingFileWriter
    private let posnFile: StreamingFileWriter
    private var post = EnvelopeWriter(kind: .postings)
    private var posn = EnvelopeWriter(kind: .positions)
    private var dictionary = TermDictionaryWriter(valuesPerTerm: 4, termsPerBlock: SegmentWriter.dictionaryTermsPerBlock,
                                                  deltaColumns: SegmentWriter.dictionaryDeltaColumns)
    private let titleLengths: [UInt32]
    private let bodyLengths: [UInt32]
    private let base: String
    private(set) var terms = 0
    private(set) var postings = 0
    /// Payload bytes collected before they are handed to the file.
    private static let drainThreshold = 1 << 20

    init(base: String, titleLengths: [UInt32], bodyLengths: [UInt32]) throws {
        self.base = base
        self.titleLengths = titleLengths
        self.bodyLengths = bodyLengths
        postFile = try StreamingFileWriter(path: base + "post")
        posnFile = try StreamingFileWriter(path: base + "posn")
    }

    /// Encodes one term's postings (doc IDs increasing).
    func add(_ term: [UInt8], _ list: TermPostings) throws { try add(term[...], list) }

    /// Encodes one term's postings (doc IDs increasing).
    func add(_ term: ArraySlice<UInt8>, _ list: TermPostings) throws {
        let positionsStart = posn.payloadPosition
        let postingsStart = post.payloadPosition
        EncodedTerms.encode(list, titleLengths: titleLengths, bodyLengths: bodyLengths,
                            postings: &post.payload, positions: &posn.payload)
        term.withUnsafeBytes { term in
            dictionary.add(term, [UInt64(list.docs.count), UInt64(postingsStart), UInt64(positionsStart),
                                  UInt64(list.positionValues.count)])
        }
        terms += 1
        postings += list.docs.count
        try drainFull()
    }

    /// Appends a range of terms encoded elsewhere, that follows every term added so far.
    func append(_ range: EncodedTerms) throws {
        let postingsBase = post.payloadPosition
        let positionsBase = posn.payloadPosition
        post.payload.append(bytes: range.postings.bytes)
        posn.payload.append(bytes: range.positions.bytes)
        for (index, entry) in range.entries.enumerated() {
            range.term(index).withUnsafeBytes { term in
                dictionary.add(term, [UInt64(entry.documentFrequency), UInt64(postingsBase + entry.postingsStart),
                                      UInt64(positionsBase + entry.positionsStart), UInt64(entry.positionCount)])
            }
        }
        terms += range.entries.count
        postings += range.postingCount
        try drainFull()
    }

    private func drainFull() throws {
        if post.payload.count >= Self.drainThreshold { try postFile.write(post.drain()) }
        if posn.payload.count >= Self.drainThreshold { try posnFile.write(posn.drain()) }
    }

    /// Finishes the three files (each fsynced) and returns their sizes.
    func finish() throws -> SegmentFileSizes {
        var sizes = SegmentFileSizes()
        try postFile.write(post.finish())
        try postFile.finish()
        try posnFile.write(posn.finish())
        try posnFile.finish()
        sizes.bytes["post"] = postFile.bytesWritten
        sizes.bytes["posn"] = posnFile.bytesWritten
        var dictionaryBytes = ByteWriter()
        dictionary.finish(into: &dictionaryBytes)
        sizes.bytes["tdic"] = try SegmentWriter.writeWhole(base + "tdic", FileEnvelope.wrap(kind: .termDictionary, payload: dictionaryBytes.bytes))
        sizes.terms = terms
        sizes.postings = postings
        return sizes
    }
}
