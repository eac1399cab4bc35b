// Sources of postings for the segment assembler: an in-memory buffer, or a run written to disk.
// Each yields its terms in byte order and, per term, its postings with global doc IDs.

/// The postings of one term gathered from every source, before they are encoded.
struct TermPostings {
    var docs: [UInt32] = []
    var titleTFs: [UInt32] = []
    var bodyTFs: [UInt32] = []
    /// Per posting: where its stored position values start in `positionValues`.
    var positionStarts: [UInt32] = []
    /// Title deltas then body deltas per posting, each field delta-coded from 0 (as stored).
    var positionValues: [UInt32] = []

    mutating func removeAll() {
        docs.removeAll(keepingCapacity: true)
        titleTFs.removeAll(keepingCapacity: true)
        bodyTFs.removeAll(keepingCapacity: true)
        positionStarts.removeAll(keepingCapacity: true)
        positionValues.removeAll(keepingCapacity: true)
    }

    var isSortedByDoc: Bool {
        var index = 1
        while index < docs.count {
            if docs[index - 1] >= docs[index] { return false }
            index += 1
        }
        return true
    }

    /// The same postings ordered by doc ID, into `out` (cleared first; its storage is reused from
    /// term to term). `runStarts` are where each source's postings begin: each run is in doc order,
    /// together they may interleave (workers take batches of articles in turn), so a k-way merge of
    /// the runs orders them in linear time.
    func mergeRuns(startingAt runStarts: [Int], into out: inout TermPostings) {
        out.removeAll()
        let runCount = runStarts.count
        var heads = runStarts
        var ends = [Int](repeating: docs.count, count: runCount)
        for run in 0..<(runCount - 1) { ends[run] = runStarts[run + 1] }
        while true {
            var best = -1
            var bestDoc = UInt32.max
            for run in 0..<runCount where heads[run] < ends[run] && (best < 0 || docs[heads[run]] < bestDoc) {
                best = run
                bestDoc = docs[heads[run]]
            }
            if best < 0 { return }
            // Take the whole stretch of this run that comes before every other run's head.
            var limit = UInt32.max
            for run in 0..<runCount where run != best && heads[run] < ends[run] { limit = min(limit, docs[heads[run]]) }
            var index = heads[best]
            while index < ends[best] && docs[index] < limit {
                out.docs.append(docs[index])
                out.titleTFs.append(titleTFs[index])
                out.bodyTFs.append(bodyTFs[index])
                out.positionStarts.append(UInt32(out.positionValues.count))
                let start = Int(positionStarts[index])
                let count = Int(titleTFs[index]) + Int(bodyTFs[index])
                out.positionValues.append(contentsOf: positionValues[start..<(start + count)])
                index += 1
            }
            heads[best] = index
        }
    }
}

/// Something that holds postings for a set of terms, readable term by term in byte order.
protocol PostingSource: AnyObject {
    /// The current term (valid after `advance` returned true).
    var term: [UInt8] { get }
    /// Moves to the next term; false when there is none.
    func advance() throws -> Bool
    /// Appends the current term's postings, doc IDs mapped to the final index's.
    func collect(into postings: inout TermPostings) throws
}

/// The postings of a segment on disk (a run flushed under the memory budget, or the previous
/// index in an incremental build); `globalDocs[local]` maps its doc IDs, `UInt32.max` = dropped.
final class SegmentPostingSource: PostingSource {
    private let files: [MappedFile]
    private let postings: UnsafeRawBufferPointer
    private let positions: UnsafeRawBufferPointer
    private var cursor: TermDictionaryCursor
    private let documentCount: Int
    private let globalDocs: [UInt32]
    private let fileName: String
    /// Offsets below which pages were released (the merge reads each file front to back).
    private var releasedPostings = 0
    private var releasedPositions = 0
    private static let releaseStep = 8 << 20

    var term: [UInt8] { cursor.term }

    /// Opens `directory/name.{tdic,post,posn}`; the segment holds `documentCount` documents.
    init(directory: String, name: String, documentCount: Int, globalDocs: [UInt32]) throws {
        let base = directory + "/" + name + "."
        let dictionaryFile = try MappedFile(path: base + "tdic")
        let postingsFile = try MappedFile(path: base + "post")
        let positionsFile = try MappedFile(path: base + "posn")
        files = [dictionaryFile, postingsFile, positionsFile]
        let dictionary = try TermDictionaryReader(
            FileEnvelope.open(bytes: dictionaryFile.bytes, fileName: base + "tdic", expectedKind: .termDictionary),
            fileName: base + "tdic")
        cursor = dictionary.makeCursor()
        postings = try FileEnvelope.open(bytes: postingsFile.bytes, fileName: base + "post", expectedKind: .postings)
        positions = try FileEnvelope.open(bytes: positionsFile.bytes, fileName: base + "posn", expectedKind: .positions)
        self.documentCount = documentCount
        self.globalDocs = globalDocs
        fileName = base + "post"
        guard globalDocs.count == documentCount else {
            throw NewsIndexError(.corrupt, "\(fileName): \(documentCount) documents but \(globalDocs.count) mapped")
        }
    }

    func advance() throws -> Bool { try cursor.next() }

    func collect(into out: inout TermPostings) throws {
        let values = cursor.values
        guard values.count == 4 else { throw NewsIndexError(.corrupt, "\(fileName): dictionary entry without 4 values") }
        let postingsCursor = try PostingsCursor(
            documentFrequency: Int(values[0]), postingsOffset: Int(values[1]), positionsOffset: Int(values[2]),
            positionCount: Int(values[3]), postings: postings, positions: positions,
            documentCount: documentCount, fileName: fileName)
        try postingsCursor.next()
        while postingsCursor.doc != PostingsCursor.exhausted {
            let global = globalDocs[Int(postingsCursor.doc)]
            if global != UInt32.max {
                out.docs.append(global)
                out.titleTFs.append(postingsCursor.titleTF)
                out.bodyTFs.append(postingsCursor.bodyTF)
                out.positionStarts.append(UInt32(out.positionValues.count))
                try postingsCursor.appendStoredPositions(to: &out.positionValues)
            }
            try postingsCursor.next()
        }
        // Postings and positions are laid out in term order: what lies before this term is done.
        let header = FileEnvelope.headerSize
        if Int(values[1]) - releasedPostings > Self.releaseStep {
            releasedPostings = Int(values[1])
            files[1].releasePages(before: header + releasedPostings)
        }
        if Int(values[2]) - releasedPositions > Self.releaseStep {
            releasedPositions = Int(values[2])
            files[2].releasePages(before: header + releasedPositions)
        }
    }
}
