// Writes one segment's five files from the in-memory inverted index, terms in byte order.

/// Everything a finished segment holds in memory before it is written.
final class SegmentContents {
    let postings = PostingsBuffer()
    var documents = DocumentTableWriter()
    var stored = StoredFieldsWriter()

    var documentCount: Int { documents.count }
}

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

    /// Writes `NAME.tdic`, `.post`, `.posn`, `.docs`, `.stor` into `directory`, each fsynced.
    static func write(_ segment: SegmentContents, directory: String, name: String) throws -> SegmentFileSizes {
        let buffer = segment.postings
        buffer.finish()
        var sizes = SegmentFileSizes()
        let base = directory + "/" + name + "."

        let postFile = try StreamingFileWriter(path: base + "post")
        let posnFile = try StreamingFileWriter(path: base + "posn")
        var post = EnvelopeWriter(kind: .postings)
        var posn = EnvelopeWriter(kind: .positions)
        var dictionary = TermDictionaryWriter(valuesPerTerm: 4)

        var docs: [UInt32] = [], titleTFs: [UInt32] = [], bodyTFs: [UInt32] = [], positionStarts: [UInt32] = []
        var positionValues: [UInt32] = []
        var encoded = ByteWriter()
        let titleLengths = segment.documents.titleLengths
        let bodyLengths = segment.documents.bodyLengths
        for id in buffer.terms.idsSortedByBytes() {
            docs.removeAll(keepingCapacity: true)
            titleTFs.removeAll(keepingCapacity: true)
            bodyTFs.removeAll(keepingCapacity: true)
            positionStarts.removeAll(keepingCapacity: true)
            positionValues.removeAll(keepingCapacity: true)
            buffer.forEachPosting(of: id) { doc, titleTF, bodyTF, positions in
                docs.append(UInt32(doc))
                titleTFs.append(titleTF)
                bodyTFs.append(bodyTF)
                positionStarts.append(UInt32(positionValues.count))
                for _ in 0..<(titleTF + bodyTF) { positionValues.append(positions.readVarint()) }
            }
            let positionsStart = posn.payloadPosition
            let positionBlockOffsets = PositionsEncoder.encode(positionValues, into: &posn.payload)
            encoded.removeAll(keepingCapacity: true)
            PostingsEncoder.encode(docs: docs, titleTFs: titleTFs, bodyTFs: bodyTFs, positionStarts: positionStarts,
                                   positionBlockOffsets: positionBlockOffsets,
                                   titleLengths: titleLengths, bodyLengths: bodyLengths, into: &encoded)
            let postingsStart = post.payloadPosition
            post.payload.append(bytes: encoded.bytes)
            dictionary.add(Array(buffer.terms.bytes(of: id)),
                           [UInt64(docs.count), UInt64(postingsStart), UInt64(positionsStart), UInt64(positionValues.count)])
            sizes.postings += docs.count
            if post.payload.count >= drainThreshold { try postFile.write(post.drain()) }
            if posn.payload.count >= drainThreshold { try posnFile.write(posn.drain()) }
        }
        sizes.terms = buffer.terms.count
        try postFile.write(post.finish())
        try postFile.finish()
        try posnFile.write(posn.finish())
        try posnFile.finish()
        sizes.bytes["post"] = postFile.bytesWritten
        sizes.bytes["posn"] = posnFile.bytesWritten

        var dictionaryBytes = ByteWriter()
        dictionary.finish(into: &dictionaryBytes)
        sizes.bytes["tdic"] = try writeWhole(base + "tdic", FileEnvelope.wrap(kind: .termDictionary, payload: dictionaryBytes.bytes))

        var documents = ByteWriter()
        segment.documents.encode(idRanks: idRanks(segment.stored.ids), into: &documents)
        sizes.bytes["docs"] = try writeWhole(base + "docs", FileEnvelope.wrap(kind: .documents, payload: documents.bytes))

        var stored = ByteWriter()
        segment.stored.encode(into: &stored)
        sizes.bytes["stor"] = try writeWhole(base + "stor", FileEnvelope.wrap(kind: .storedFields, payload: stored.bytes))
        return sizes
    }

    private static func writeWhole(_ path: String, _ bytes: [UInt8]) throws -> Int {
        let file = try StreamingFileWriter(path: path)
        try file.write(bytes)
        try file.finish()
        return bytes.count
    }

    /// Each document's place among the segment's ids sorted byte-wise.
    static func idRanks(_ ids: [String]) -> [UInt32] {
        let order = ids.indices.sorted { ids[$0].utf8.lexicographicallyPrecedes(ids[$1].utf8) }
        var ranks = [UInt32](repeating: 0, count: ids.count)
        for (rank, doc) in order.enumerated() { ranks[doc] = UInt32(rank) }
        return ranks
    }
}
