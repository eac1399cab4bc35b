// The postings of one term (POST file): doc IDs and per-field term frequencies in blocks of 128
// (a shorter last block bit-packed, or varints for 1–2 postings), with per-block headers for
// skipping and score bounds. Encoder and cursor side by side.

/// One block's header (present when a term is in 128 or more documents; see IndexFormat.md).
/// The TF maxima saturate at 255 and the length minima at 65535, which keeps them valid bounds
/// (a saturated maximum is read as "unbounded", a saturated minimum is still ≤ the true one).
public struct PostingsBlockHeader: Equatable, Sendable {
    /// The last doc ID in the block.
    public var lastDoc: UInt32
    /// Offset of the block's data from the start of the term's postings.
    public var dataOffset: UInt32
    /// Offset, from the start of the term's positions, of the positions block holding the first
    /// position of this block's first document.
    public var positionsOffset: UInt32
    /// Index of that first position among all the term's positions.
    public var positionsIndex: UInt32
    /// The largest title / body term frequency in the block (saturating at 255).
    public var maxTitleTF: UInt8
    public var maxBodyTF: UInt8
    /// The shortest title / body among the block's documents where the term occurs in that field
    /// (saturating at 65535; meaningless when the matching maximum TF is 0).
    public var minTitleLength: UInt16
    public var minBodyLength: UInt16

    public static let size = 22
}

/// Writes one term's postings.
enum PostingsEncoder {
    static let blockSize = 128

    /// Encodes the postings of one term into `out`.
    /// - Parameters:
    ///   - docs: increasing doc IDs; `titleTFs`/`bodyTFs`: per doc (their sum is ≥ 1).
    ///   - positionStarts: per doc, the index of its first position among the term's positions.
    ///   - positionBlockOffsets: per positions block, its offset from the start of the term's positions.
    ///   - titleLengths/bodyLengths: field lengths of every document of the segment, by doc ID.
    static func encode(
        docs: [UInt32], titleTFs: [UInt32], bodyTFs: [UInt32], positionStarts: [UInt32],
        positionBlockOffsets: [UInt32], titleLengths: [UInt32], bodyLengths: [UInt32], into out: inout ByteWriter
    ) {
        let count = docs.count
        if count < blockSize {
            encodeTailBlock(docs: docs[...], titleTFs: titleTFs[...], bodyTFs: bodyTFs[...], previous: -1, into: &out)
            return
        }
        let blockCount = (count + blockSize - 1) / blockSize
        let headersSize = blockCount * PostingsBlockHeader.size
        var headers: [PostingsBlockHeader] = []
        var data = ByteWriter()
        var previous: Int64 = -1
        var scratch = [UInt32](repeating: 0, count: blockSize)
        for block in 0..<blockCount {
            let lower = block * blockSize
            let upper = min(count, lower + blockSize)
            let firstPosition = positionStarts[lower]
            var header = PostingsBlockHeader(
                lastDoc: docs[upper - 1], dataOffset: UInt32(headersSize + data.count),
                positionsOffset: positionBlockOffsets.isEmpty ? 0 : positionBlockOffsets[Int(firstPosition >> 7)],
                positionsIndex: firstPosition, maxTitleTF: 0, maxBodyTF: 0,
                minTitleLength: UInt16.max, minBodyLength: UInt16.max)
            for index in lower..<upper {
                let doc = Int(docs[index])
                if titleTFs[index] > 0 {
                    header.maxTitleTF = max(header.maxTitleTF, UInt8(min(255, titleTFs[index])))
                    header.minTitleLength = min(header.minTitleLength, UInt16(min(65535, titleLengths[doc])))
                }
                if bodyTFs[index] > 0 {
                    header.maxBodyTF = max(header.maxBodyTF, UInt8(min(255, bodyTFs[index])))
                    header.minBodyLength = min(header.minBodyLength, UInt16(min(65535, bodyLengths[doc])))
                }
            }
            if upper - lower == blockSize {
                var last = previous
                for index in lower..<upper {
                    scratch[index - lower] = UInt32(Int64(docs[index]) - last - 1)
                    last = Int64(docs[index])
                }
                PatchedBlock.encode(scratch[...], into: &data)
                PatchedBlock.encode(titleTFs[lower..<upper], into: &data)
                PatchedBlock.encode(bodyTFs[lower..<upper], into: &data)
            } else {
                encodeTailBlock(docs: docs[lower..<upper], titleTFs: titleTFs[lower..<upper],
                                bodyTFs: bodyTFs[lower..<upper], previous: previous, into: &data)
            }
            previous = Int64(docs[upper - 1])
            headers.append(header)
        }
        for header in headers {
            out.append(u32: header.lastDoc)
            out.append(u32: header.dataOffset)
            out.append(u32: header.positionsOffset)
            out.append(u32: header.positionsIndex)
            out.append(u8: header.maxTitleTF)
            out.append(u8: header.maxBodyTF)
            out.append(u16: header.minTitleLength)
            out.append(u16: header.minBodyLength)
        }
        out.append(bytes: data.bytes)
    }

    /// A block of fewer than 128 postings (a short list, or a long list's last block): a
    /// VarintBlock when it holds at most `PatchedBlock.varintTailLimit` postings, else a
    /// PackedTailBlock.
    private static func encodeTailBlock(
        docs: ArraySlice<UInt32>, titleTFs: ArraySlice<UInt32>, bodyTFs: ArraySlice<UInt32>,
        previous: Int64, into out: inout ByteWriter
    ) {
        if docs.count <= PatchedBlock.varintTailLimit {
            encodeVarintBlock(docs: docs, titleTFs: titleTFs, bodyTFs: bodyTFs, previous: previous, into: &out)
        } else {
            encodePackedTailBlock(docs: docs, titleTFs: titleTFs, bodyTFs: bodyTFs, previous: previous, into: &out)
        }
    }

    /// `<varint(docDelta − 1), varint(bodyTF << 1 | titleTF > 0), [varint titleTF]>` per document.
    private static func encodeVarintBlock(
        docs: ArraySlice<UInt32>, titleTFs: ArraySlice<UInt32>, bodyTFs: ArraySlice<UInt32>,
        previous: Int64, into out: inout ByteWriter
    ) {
        var last = previous
        for index in docs.indices {
            out.append(varint: UInt64(Int64(docs[index]) - last - 1))
            last = Int64(docs[index])
            let title = titleTFs[index]
            out.append(varint: UInt64(bodyTFs[index]) << 1 | (title > 0 ? 1 : 0))
            if title > 0 { out.append(varint: UInt64(title)) }
        }
    }

    /// The TF code of a posting in a PackedTailBlock: `(max(bodyTF, 1) − 1) << 1 | titleTF > 0`
    /// (0 for the common body-only posting with TF 1).
    @inline(__always)
    static func tfCode(title: UInt32, body: UInt32) -> UInt32 {
        (max(body, 1) - 1) << 1 | (title > 0 ? 1 : 0)
    }

    /// The title code of a posting with titleTF > 0: `(titleTF − 1) << 1 | bodyTF == 0`.
    @inline(__always)
    static func titleCode(title: UInt32, body: UInt32) -> UInt32 {
        (title - 1) << 1 | (body == 0 ? 1 : 0)
    }

    /// `ShortBlock(docDelta − 1 per posting), ShortBlock(TF code per posting), Tail(title code per
    /// posting with titleTF > 0)` (the tail is absent when no posting has a title TF).
    private static func encodePackedTailBlock(
        docs: ArraySlice<UInt32>, titleTFs: ArraySlice<UInt32>, bodyTFs: ArraySlice<UInt32>,
        previous: Int64, into out: inout ByteWriter
    ) {
        let n = docs.count
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: n) { scratch in
            var last = previous
            for (slot, index) in docs.indices.enumerated() {
                scratch[slot] = UInt32(Int64(docs[index]) - last - 1)
                last = Int64(docs[index])
            }
            PatchedBlock.encodeShort(UnsafeBufferPointer(scratch), into: &out)
            var titled = 0
            for (slot, index) in docs.indices.enumerated() {
                precondition(bodyTFs[index] <= UInt32(Int32.max) && titleTFs[index] <= UInt32(Int32.max), "term frequency above 2^31-1")
                scratch[slot] = tfCode(title: titleTFs[index], body: bodyTFs[index])
                if titleTFs[index] > 0 { titled += 1 }
            }
            PatchedBlock.encodeShort(UnsafeBufferPointer(scratch), into: &out)
            if titled > 0 {
                var k = 0
                for index in docs.indices where titleTFs[index] > 0 {
                    scratch[k] = titleCode(title: titleTFs[index], body: bodyTFs[index])
                    k += 1
                }
                PatchedBlock.encodeTail(UnsafeBufferPointer(rebasing: scratch[0..<titled]), into: &out)
            }
        }
    }
}

/// Reads one term's postings in doc ID order, with skipping (`advance(to:)`) and the positions of
/// the current document. Every read is bounds-checked: a damaged file throws `.corrupt`.
final class PostingsCursor {
    static let exhausted = Int32.max

    let documentFrequency: Int
    private let postings: UnsafeRawBufferPointer
    private let start: Int
    private var positionValues: PositionsReader
    private let documentCount: Int
    private let fileName: String
    let blockCount: Int
    let hasHeaders: Bool

    private let docs = UnsafeMutablePointer<UInt32>.allocate(capacity: 128)
    private let titleTFs = UnsafeMutablePointer<UInt32>.allocate(capacity: 128)
    private let bodyTFs = UnsafeMutablePointer<UInt32>.allocate(capacity: 128)
    private var blockLength = 0
    private var indexInBlock = 0
    private(set) var blockIndex = -1
    /// Index (among the term's positions) of the first position of the block's first document,
    /// and of the document at `positionsDocIndex`.
    private var blockPositionIndex = 0
    private var positionsIndex = 0
    private var positionsDocIndex = 0

    /// The current doc ID (`exhausted` past the end; -1 before the first `next`).
    private(set) var doc: Int32 = -1

    init(documentFrequency: Int, postingsOffset: Int, positionsOffset: Int, positionCount: Int,
         postings: UnsafeRawBufferPointer, positions: UnsafeRawBufferPointer,
         documentCount: Int, fileName: String) throws(NewsIndexError) {
        guard documentFrequency > 0, documentFrequency <= documentCount,
              postingsOffset >= 0, postingsOffset < postings.count,
              positionsOffset >= 0, positionsOffset <= positions.count else {
            throw NewsIndexError(.corrupt, "\(fileName): postings entry out of bounds (offset \(postingsOffset), \(documentFrequency) documents)")
        }
        self.documentFrequency = documentFrequency
        self.postings = postings
        self.start = postingsOffset
        positionValues = PositionsReader(positions: positions, termStart: positionsOffset, count: positionCount,
                                         fileName: fileName.hasSuffix(".post") ? String(fileName.dropLast(5)) + ".posn" : fileName)
        self.documentCount = documentCount
        self.fileName = fileName
        hasHeaders = documentFrequency >= PostingsEncoder.blockSize
        blockCount = hasHeaders ? (documentFrequency + 127) / 128 : 1
        if hasHeaders && blockCount * PostingsBlockHeader.size > postings.count - start {
            throw NewsIndexError(.corrupt, "\(fileName): block headers run past the end at offset \(start)")
        }
    }

    deinit {
        docs.deallocate()
        titleTFs.deallocate()
        bodyTFs.deallocate()
    }

    /// The header of block `index` (only when `hasHeaders`).
    @inline(__always)
    func header(_ index: Int) -> PostingsBlockHeader {
        let base = start + index * PostingsBlockHeader.size
        func u32(_ offset: Int) -> UInt32 { UInt32(littleEndian: postings.loadUnaligned(fromByteOffset: base + offset, as: UInt32.self)) }
        let packed = u32(16)
        return PostingsBlockHeader(
            lastDoc: u32(0), dataOffset: u32(4), positionsOffset: u32(8), positionsIndex: u32(12),
            maxTitleTF: UInt8(truncatingIfNeeded: packed), maxBodyTF: UInt8(truncatingIfNeeded: packed >> 8),
            minTitleLength: UInt16(truncatingIfNeeded: packed >> 16),
            minBodyLength: UInt16(littleEndian: postings.loadUnaligned(fromByteOffset: base + 20, as: UInt16.self)))
    }

    /// The last doc ID of block `index` (only when `hasHeaders`).
    @inline(__always)
    func lastDoc(ofBlock index: Int) -> UInt32 {
        UInt32(littleEndian: postings.loadUnaligned(fromByteOffset: start + index * PostingsBlockHeader.size, as: UInt32.self))
    }

    var titleTF: UInt32 { titleTFs[indexInBlock] }
    var bodyTF: UInt32 { bodyTFs[indexInBlock] }

    /// Moves to the next document.
    @inline(__always)
    func next() throws(NewsIndexError) {
        if indexInBlock + 1 < blockLength {
            indexInBlock += 1
            doc = Int32(bitPattern: docs[indexInBlock])
            return
        }
        try loadBlock(blockIndex + 1)
    }

    /// Moves to the first document ≥ `target` (staying put when already there).
    func advance(to target: Int32) throws(NewsIndexError) {
        if doc >= target { return }
        if hasHeaders {
            var block = max(blockIndex, 0)
            while block < blockCount && Int32(bitPattern: lastDoc(ofBlock: block)) < target { block += 1 }
            if block >= blockCount { doc = Self.exhausted; return }
            if block != blockIndex { try loadBlock(block) }
        } else if blockIndex < 0 {
            try loadBlock(0)
        }
        while doc < target { try next() }
    }

    /// Skips to block `index` without decoding it (for block-max pruning); the next `next`
    /// decodes it. Only when `hasHeaders`.
    func loadBlock(_ index: Int) throws(NewsIndexError) {
        guard index < blockCount else {
            blockIndex = blockCount
            blockLength = 0
            indexInBlock = 0
            doc = Self.exhausted
            return
        }
        let length = hasHeaders ? min(128, documentFrequency - index * 128) : documentFrequency
        var previous: Int64 = -1
        var dataOffset = start
        if hasHeaders {
            let header = header(index)
            dataOffset = start + Int(header.dataOffset)
            blockPositionIndex = Int(header.positionsIndex)
            positionValues.anchor(block: blockPositionIndex >> 7, offsetFromTermStart: Int(header.positionsOffset))
            if index > 0 { previous = Int64(lastDoc(ofBlock: index - 1)) }
        } else {
            blockPositionIndex = 0
        }
        positionsIndex = blockPositionIndex
        positionsDocIndex = 0
        guard dataOffset < postings.count else { throw corrupt("block data", at: dataOffset) }
        var reader = ByteReader(postings, fileName: fileName)
        try reader.seek(to: dataOffset)
        if length == 128 {
            try PatchedBlock.decode(&reader, into: docs)
            try PatchedBlock.decode(&reader, into: titleTFs)
            try PatchedBlock.decode(&reader, into: bodyTFs)
            var last = previous
            for index in 0..<128 {
                last = last + Int64(docs[index]) + 1
                docs[index] = UInt32(truncatingIfNeeded: last)
            }
            guard last < Int64(documentCount) else { throw corrupt("doc ID \(last) beyond the \(documentCount) documents", at: dataOffset) }
            for index in 0..<128 where titleTFs[index] == 0 && bodyTFs[index] == 0 {
                throw corrupt("a posting with term frequency 0", at: dataOffset)
            }
        } else if length <= PatchedBlock.varintTailLimit {
            var last = previous
            for index in 0..<length {
                let delta = try reader.readVarint()
                guard delta < UInt64(documentCount) else { throw corrupt("doc ID delta \(delta) beyond the \(documentCount) documents", at: reader.position) }
                last = last + Int64(delta) + 1
                guard last < Int64(documentCount) else { throw corrupt("doc ID \(last) beyond the \(documentCount) documents", at: reader.position) }
                docs[index] = UInt32(last)
                let code = try reader.readVarint()
                guard code >> 1 <= UInt64(UInt32.max) else { throw corrupt("term frequency too large", at: reader.position) }
                bodyTFs[index] = UInt32(code >> 1)
                titleTFs[index] = 0
                if code & 1 == 1 {
                    let title = try reader.readVarint()
                    guard title > 0, title <= UInt64(UInt32.max) else { throw corrupt("bad title term frequency", at: reader.position) }
                    titleTFs[index] = UInt32(title)
                }
                if titleTFs[index] == 0 && bodyTFs[index] == 0 { throw corrupt("a posting with term frequency 0", at: reader.position) }
            }
        } else {
            try decodePackedTailBlock(&reader, length: length, previous: previous, at: dataOffset)
        }
        if hasHeaders && Int64(docs[length - 1]) != Int64(lastDoc(ofBlock: index)) {
            throw corrupt("block \(index) ends at doc \(docs[length - 1]) but its header says \(lastDoc(ofBlock: index))", at: dataOffset)
        }
        blockIndex = index
        blockLength = length
        indexInBlock = 0
        doc = Int32(bitPattern: docs[0])
    }

    /// A PackedTailBlock of `length` (3...127) postings: doc deltas, TF codes, title codes.
    @inline(__always)
    private func decodePackedTailBlock(_ reader: inout ByteReader, length: Int, previous: Int64, at dataOffset: Int) throws(NewsIndexError) {
        try PatchedBlock.decodeShort(&reader, count: length, into: docs)
        var last = previous
        for index in 0..<length {
            last = last + Int64(docs[index]) + 1
            docs[index] = UInt32(truncatingIfNeeded: last)
        }
        // Deltas are < 2^32 each, so `last` cannot wrap; only the final doc needs checking.
        guard last < Int64(documentCount) else { throw corrupt("doc ID \(last) beyond the \(documentCount) documents", at: dataOffset) }
        try PatchedBlock.decodeShort(&reader, count: length, into: bodyTFs)        // TF codes for now
        var titled = 0
        for index in 0..<length { titled &+= Int(bodyTFs[index] & 1) }
        if titled == 0 {
            for index in 0..<length {
                titleTFs[index] = 0
                bodyTFs[index] = (bodyTFs[index] >> 1) &+ 1
            }
            return
        }
        // Title codes land at the front of titleTFs; spread them backwards (slot k ≤ index,
        // so nothing is overwritten before it is read).
        try PatchedBlock.decodeTail(&reader, count: titled, into: titleTFs)
        var k = titled
        for index in stride(from: length - 1, through: 0, by: -1) {
            let code = bodyTFs[index]
            if code & 1 == 0 {
                titleTFs[index] = 0
                bodyTFs[index] = (code >> 1) &+ 1
            } else {
                k -= 1
                let titleCode = titleTFs[k]
                titleTFs[index] = (titleCode >> 1) &+ 1
                if titleCode & 1 == 1 {
                    guard code >> 1 == 0 else { throw corrupt("a title-only posting with a body term frequency", at: dataOffset) }
                    bodyTFs[index] = 0
                } else {
                    bodyTFs[index] = (code >> 1) &+ 1
                }
            }
        }
    }

    /// The positions of the current document in `field`, appended to `out` (cleared first).
    func positions(in field: Field, into out: inout [UInt32]) throws(NewsIndexError) {
        out.removeAll(keepingCapacity: true)
        // Count the positions of earlier documents of this block.
        while positionsDocIndex < indexInBlock {
            positionsIndex += Int(titleTFs[positionsDocIndex]) + Int(bodyTFs[positionsDocIndex])
            positionsDocIndex += 1
        }
        let titleCount = Int(titleTFs[indexInBlock])
        let first = field == .title ? positionsIndex : positionsIndex + titleCount
        let count = field == .title ? titleCount : Int(bodyTFs[indexInBlock])
        var position: UInt64 = 0
        for index in first..<(first + count) {
            position &+= UInt64(try positionValues.value(at: index))
            guard position <= UInt64(UInt32.max) else {
                throw NewsIndexError(.corrupt, "\(fileName): position too large for a document of term at offset \(start)")
            }
            out.append(UInt32(position))
        }
    }

    /// The current document's position values as stored (its title deltas, then its body deltas,
    /// each field delta-coded from 0), appended to `out`: what a merge copies unchanged.
    func appendStoredPositions(to out: inout [UInt32]) throws(NewsIndexError) {
        while positionsDocIndex < indexInBlock {
            positionsIndex += Int(titleTFs[positionsDocIndex]) + Int(bodyTFs[positionsDocIndex])
            positionsDocIndex += 1
        }
        let count = Int(titleTFs[indexInBlock]) + Int(bodyTFs[indexInBlock])
        for index in positionsIndex..<(positionsIndex + count) { out.append(try positionValues.value(at: index)) }
    }

    private func corrupt(_ what: String, at offset: Int) -> NewsIndexError {
        NewsIndexError(.corrupt, "\(fileName): bad postings (\(what)) at offset \(offset)")
    }
}
