// The postings of one term (POST file): doc IDs and per-field term frequencies in blocks of 128
// (a shorter last block bit-packed, or varints for 1–2 postings), with per-block headers for
// skipping and score bounds. Encoder and cursor side by side.

/// One block's header (present when a term is in 128 or more documents; see IndexFormat.md). The
/// file stores it as varints relative to the previous block; this is the decoded form.
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
    /// Score-bound data, in two groups: the block's *titled* documents (the term in the title) and
    /// the others (the term in the body only). Per group and field: the largest TF and the smallest
    /// field length per occurrence, `floor(8 · length / tf)`, over the group's documents with the
    /// term in that field (both 0 when there is none). With the maximum TF, the length per TF
    /// bounds tf / norm for any b in [0, 1] (IndexFormat.md, "Per-block upper bound").
    public var maxTitleTF: UInt32
    public var minTitleLengthPerTF: UInt32
    /// Body statistics of the titled documents.
    public var maxTitledBodyTF: UInt32
    public var minTitledBodyLengthPerTF: UInt32
    /// Body statistics of the other documents.
    public var maxBodyTF: UInt32
    public var minBodyLengthPerTF: UInt32

    /// Fixed-point scale of the lengths per TF (eighths of a word).
    public static let lengthPerTFScale: UInt64 = 8

    /// Fills the score-bound fields from the block's postings and the documents' field lengths.
    mutating func setBounds(titleTFs: ArraySlice<UInt32>, bodyTFs: ArraySlice<UInt32>, docs: ArraySlice<UInt32>,
                            titleLengths: [UInt32], bodyLengths: [UInt32]) {
        var minTitle = UInt32.max, minTitledBody = UInt32.max, minBody = UInt32.max
        maxTitleTF = 0; maxTitledBodyTF = 0; maxBodyTF = 0
        for index in docs.indices {
            let doc = Int(docs[index]), title = titleTFs[index], body = bodyTFs[index]
            if title > 0 {
                maxTitleTF = max(maxTitleTF, title)
                minTitle = min(minTitle, Self.lengthPerTF(length: titleLengths[doc], tf: title))
                if body > 0 {
                    maxTitledBodyTF = max(maxTitledBodyTF, body)
                    minTitledBody = min(minTitledBody, Self.lengthPerTF(length: bodyLengths[doc], tf: body))
                }
            } else if body > 0 {
                maxBodyTF = max(maxBodyTF, body)
                minBody = min(minBody, Self.lengthPerTF(length: bodyLengths[doc], tf: body))
            }
        }
        minTitleLengthPerTF = maxTitleTF > 0 ? minTitle : 0
        minTitledBodyLengthPerTF = maxTitledBodyTF > 0 ? minTitledBody : 0
        minBodyLengthPerTF = maxBodyTF > 0 ? minBody : 0
    }

    /// Widens the score-bound data to cover `other`'s documents too: per group and field the larger
    /// maximum TF and the smaller length per TF (of the blocks whose maximum is > 0).
    mutating func merge(_ other: PostingsBlockHeader) {
        func combine(_ maxTF: inout UInt32, _ lengthPerTF: inout UInt32, _ otherMax: UInt32, _ otherLength: UInt32) {
            guard otherMax > 0 else { return }
            lengthPerTF = maxTF > 0 ? min(lengthPerTF, otherLength) : otherLength
            maxTF = max(maxTF, otherMax)
        }
        combine(&maxTitleTF, &minTitleLengthPerTF, other.maxTitleTF, other.minTitleLengthPerTF)
        combine(&maxTitledBodyTF, &minTitledBodyLengthPerTF, other.maxTitledBodyTF, other.minTitledBodyLengthPerTF)
        combine(&maxBodyTF, &minBodyLengthPerTF, other.maxBodyTF, other.minBodyLengthPerTF)
    }

    /// `floor(8 · length / tf)`, clamped to UInt32 (a smaller value only loosens the bound).
    @inline(__always)
    static func lengthPerTF(length: UInt32, tf: UInt32) -> UInt32 {
        UInt32(min(UInt64(UInt32.max), UInt64(length) * lengthPerTFScale / UInt64(tf)))
    }
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
        var headers: [PostingsBlockHeader] = []
        headers.reserveCapacity(blockCount)
        var data = ByteWriter()
        var previous: Int64 = -1
        var scratch = [UInt32](repeating: 0, count: blockSize)
        for block in 0..<blockCount {
            let lower = block * blockSize
            let upper = min(count, lower + blockSize)
            let firstPosition = positionStarts[lower]
            var header = PostingsBlockHeader(
                lastDoc: docs[upper - 1], dataOffset: UInt32(data.count),
                positionsOffset: positionBlockOffsets.isEmpty ? 0 : positionBlockOffsets[Int(firstPosition >> 7)],
                positionsIndex: firstPosition, maxTitleTF: 0, minTitleLengthPerTF: 0,
                maxTitledBodyTF: 0, minTitledBodyLengthPerTF: 0, maxBodyTF: 0, minBodyLengthPerTF: 0)
            header.setBounds(titleTFs: titleTFs[lower..<upper], bodyTFs: bodyTFs[lower..<upper], docs: docs[lower..<upper],
                             titleLengths: titleLengths, bodyLengths: bodyLengths)
            if upper - lower == blockSize {
                StrideGaps.encode(docs[lower..<upper], previous: previous, into: &scratch)
                PatchedBlock.encode(scratch[...], layout: .vertical, into: &data)
                PatchedBlock.encode(titleTFs[lower..<upper], layout: .vertical, into: &data)
                PatchedBlock.encode(bodyTFs[lower..<upper], layout: .vertical, into: &data)
            } else {
                encodeTailBlock(docs: docs[lower..<upper], titleTFs: titleTFs[lower..<upper],
                                bodyTFs: bodyTFs[lower..<upper], previous: previous, into: &data)
            }
            previous = Int64(docs[upper - 1])
            headers.append(header)
        }
        let positionCount = UInt64(positionStarts[count - 1]) + UInt64(titleTFs[count - 1]) + UInt64(bodyTFs[count - 1])
        appendHeaders(headers, dataLength: data.count, positionCount: positionCount, into: &out)
        out.append(bytes: data.bytes)
    }

    /// The headers, each relative to the one before (IndexFormat.md, POST):
    /// `varint(lastDoc − previous lastDoc − 1), varint(data length), varint(position count),
    /// varint(positions offset − previous), varint(maxTitleTF), [varint(minTitleLengthPerTF),
    /// varint(maxTitledBodyTF), [varint(minTitledBodyLengthPerTF)]], varint(maxBodyTF),
    /// [varint(minBodyLengthPerTF)]`, each bracketed part only when the maximum before it is > 0.
    static func appendHeaders(_ headers: [PostingsBlockHeader], dataLength: Int, positionCount: UInt64,
                              into out: inout ByteWriter) {
        var previousLastDoc: Int64 = -1
        var previousPositionsOffset: UInt32 = 0
        for (block, header) in headers.enumerated() {
            let nextData = block + 1 < headers.count ? Int(headers[block + 1].dataOffset) : dataLength
            let nextPositions = block + 1 < headers.count ? UInt64(headers[block + 1].positionsIndex) : positionCount
            out.append(varint: UInt64(Int64(header.lastDoc) - previousLastDoc - 1))
            out.append(varint: UInt64(nextData - Int(header.dataOffset)))
            out.append(varint: nextPositions - UInt64(header.positionsIndex))
            out.append(varint: UInt64(header.positionsOffset - previousPositionsOffset))
            out.append(varint: UInt64(header.maxTitleTF))
            if header.maxTitleTF > 0 {
                out.append(varint: UInt64(header.minTitleLengthPerTF))
                out.append(varint: UInt64(header.maxTitledBodyTF))
                if header.maxTitledBodyTF > 0 { out.append(varint: UInt64(header.minTitledBodyLengthPerTF)) }
            }
            out.append(varint: UInt64(header.maxBodyTF))
            if header.maxBodyTF > 0 { out.append(varint: UInt64(header.minBodyLengthPerTF)) }
            previousLastDoc = Int64(header.lastDoc)
            previousPositionsOffset = header.positionsOffset
        }
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
    /// Over the whole postings file; kept and moved in place, so a block load copies no file name.
    private var reader: ByteReader
    private let start: Int
    private var positionValues: PositionsReader
    private let documentCount: Int
    private var fileName: String { reader.fileName }
    let blockCount: Int
    let hasHeaders: Bool

    /// One allocation for the decoded block (docs, title TFs, body TFs) and the decoded positions
    /// block of `positionValues`, 128 values each, then the decoded headers.
    private let buffers: UnsafeMutablePointer<UInt32>
    private var docs: UnsafeMutablePointer<UInt32> { buffers }
    private var titleTFs: UnsafeMutablePointer<UInt32> { buffers + 128 }
    private var bodyTFs: UnsafeMutablePointer<UInt32> { buffers + 256 }
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

    /// `positionsFileName` names the positions in messages (by default `fileName` with `.posn`
    /// for `.post`; a reader opening many cursors passes it, made once).
    init(documentFrequency: Int, postingsOffset: Int, positionsOffset: Int, positionCount: Int,
         postings: UnsafeRawBufferPointer, positions: UnsafeRawBufferPointer,
         documentCount: Int, fileName: String, positionsFileName: String? = nil) throws(NewsIndexError) {
        guard documentFrequency > 0, documentFrequency <= documentCount,
              postingsOffset >= 0, postingsOffset < postings.count,
              positionsOffset >= 0, positionsOffset <= positions.count else {
            throw NewsIndexError(.corrupt, "\(fileName): postings entry out of bounds (offset \(postingsOffset), \(documentFrequency) documents)")
        }
        let hasHeaders = documentFrequency >= PostingsEncoder.blockSize
        let blockCount = hasHeaders ? (documentFrequency + 127) / 128 : 1
        buffers = .allocate(capacity: 4 * 128 + (hasHeaders ? blockCount * Self.headerFields : 0))
        headers = buffers + 4 * 128
        self.hasHeaders = hasHeaders
        self.blockCount = blockCount
        self.documentFrequency = documentFrequency
        reader = ByteReader(postings, fileName: fileName)
        self.start = postingsOffset
        positionValues = PositionsReader(positions: positions, termStart: positionsOffset, count: positionCount,
                                         fileName: positionsFileName ?? Self.positionsFileName(fileName),
                                         buffer: buffers + 384)
        self.documentCount = documentCount
        // Every stored property is set, so if this throws, deinit runs and frees the buffers.
        if hasHeaders { try decodeHeaders(positionCount: positionCount) }
    }

    deinit {
        buffers.deallocate()
    }

    /// The positions file beside a postings file.
    static func positionsFileName(_ postingsFileName: String) -> String {
        postingsFileName.hasSuffix(".post") ? String(postingsFileName.dropLast(5)) + ".posn" : postingsFileName
    }

    /// The decoded block headers, field-major: `headers[field · blockCount + block]` (in `buffers`).
    private let headers: UnsafeMutablePointer<UInt32>
    private static let headerFields = 10
    private enum HeaderField: Int {
        case lastDoc, dataOffset, positionsOffset, positionsIndex, maxTitleTF, titleLengthPerTF
        case maxTitledBodyTF, titledBodyLengthPerTF, maxBodyTF, bodyLengthPerTF
    }
    @inline(__always)
    private func headerValue(_ field: HeaderField, _ block: Int) -> UInt32 { headers[field.rawValue &* blockCount &+ block] }

    /// Reads the varint headers (IndexFormat.md, POST) into `headers`, checking that they describe
    /// increasing doc IDs below the document count, data inside the file, and positions inside the
    /// term's count.
    private func decodeHeaders(positionCount: Int) throws(NewsIndexError) {
        try reader.seek(to: start)
        func value(_ what: String) throws(NewsIndexError) -> UInt32 {
            let v = try reader.readVarint()
            guard v <= UInt64(UInt32.max) else { throw corrupt("block header \(what) too large", at: reader.position) }
            return UInt32(v)
        }
        var lastDoc: Int64 = -1, dataOffset: Int64 = 0, positionsIndex: Int64 = 0, positionsOffset: Int64 = 0
        for block in 0..<blockCount {
            func set(_ field: HeaderField, _ v: UInt32) { headers[field.rawValue * blockCount + block] = v }
            lastDoc += Int64(try value("doc gap")) + 1
            guard lastDoc < Int64(documentCount) else { throw corrupt("block \(block) ends past the \(documentCount) documents", at: reader.position) }
            set(.lastDoc, UInt32(lastDoc))
            set(.dataOffset, UInt32(truncatingIfNeeded: dataOffset))
            dataOffset += Int64(try value("data length"))
            set(.positionsIndex, UInt32(truncatingIfNeeded: positionsIndex))
            positionsIndex += Int64(try value("position count"))
            positionsOffset += Int64(try value("positions offset"))
            guard positionsOffset <= Int64(UInt32.max), positionsIndex <= Int64(positionCount) else {
                throw corrupt("block \(block) positions past the term's \(positionCount)", at: reader.position)
            }
            set(.positionsOffset, UInt32(positionsOffset))
            let maxTitle = try value("title TF")
            set(.maxTitleTF, maxTitle)
            set(.titleLengthPerTF, maxTitle > 0 ? try value("title length per TF") : 0)
            let maxTitledBody = maxTitle > 0 ? try value("titled body TF") : 0
            set(.maxTitledBodyTF, maxTitledBody)
            set(.titledBodyLengthPerTF, maxTitledBody > 0 ? try value("titled body length per TF") : 0)
            let maxBody = try value("body TF")
            set(.maxBodyTF, maxBody)
            set(.bodyLengthPerTF, maxBody > 0 ? try value("body length per TF") : 0)
        }
        let headersLength = Int64(reader.position - start)
        guard positionsIndex == Int64(positionCount), dataOffset + headersLength <= Int64(reader.end - start),
              dataOffset + headersLength <= Int64(UInt32.max) else {
            throw corrupt("block headers disagree with the term's \(positionCount) positions or run past the file", at: start)
        }
        for block in 0..<blockCount { headers[HeaderField.dataOffset.rawValue * blockCount + block] += UInt32(headersLength) }
    }

    /// The header of block `index` (only when `hasHeaders`).
    @inline(__always)
    func header(_ index: Int) -> PostingsBlockHeader {
        PostingsBlockHeader(
            lastDoc: headerValue(.lastDoc, index), dataOffset: headerValue(.dataOffset, index),
            positionsOffset: headerValue(.positionsOffset, index), positionsIndex: headerValue(.positionsIndex, index),
            maxTitleTF: headerValue(.maxTitleTF, index), minTitleLengthPerTF: headerValue(.titleLengthPerTF, index),
            maxTitledBodyTF: headerValue(.maxTitledBodyTF, index),
            minTitledBodyLengthPerTF: headerValue(.titledBodyLengthPerTF, index),
            maxBodyTF: headerValue(.maxBodyTF, index), minBodyLengthPerTF: headerValue(.bodyLengthPerTF, index))
    }

    /// The last doc ID of block `index` (only when `hasHeaders`).
    @inline(__always)
    func lastDoc(ofBlock index: Int) -> UInt32 { headers[index] }

    /// The decoded block (after `loadBlock`): its documents and TFs, `loadedBlockLength` of each.
    var loadedDocs: UnsafePointer<UInt32> { UnsafePointer(docs) }
    var loadedTitleTFs: UnsafePointer<UInt32> { UnsafePointer(titleTFs) }
    var loadedBodyTFs: UnsafePointer<UInt32> { UnsafePointer(bodyTFs) }
    var loadedBlockLength: Int { blockLength }
    /// The current document's index in the loaded block.
    var positionInBlock: Int { indexInBlock }

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

    /// Moves to document `index` of the loaded block (not before the current one), or to the next
    /// block when `index` is the block's length.
    func move(toIndexInBlock index: Int) throws(NewsIndexError) {
        if index < blockLength {
            indexInBlock = index
            doc = Int32(bitPattern: docs[index])
        } else {
            try loadBlock(blockIndex + 1)
        }
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
        // The first document ≥ target in the loaded block (the block's last one is, with headers).
        var index = indexInBlock
        while index < blockLength && Int32(bitPattern: docs[index]) < target { index &+= 1 }
        if index < blockLength {
            indexInBlock = index
            doc = Int32(bitPattern: docs[index])
        } else {
            try loadBlock(blockIndex + 1)  // (a list without headers: past its end)
        }
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
            dataOffset = start + Int(headerValue(.dataOffset, index))
            blockPositionIndex = Int(headerValue(.positionsIndex, index))
            positionValues.anchor(block: blockPositionIndex >> 7, offsetFromTermStart: Int(headerValue(.positionsOffset, index)))
            if index > 0 { previous = Int64(lastDoc(ofBlock: index - 1)) }
        } else {
            blockPositionIndex = 0
        }
        positionsIndex = blockPositionIndex
        positionsDocIndex = 0
        guard dataOffset < reader.end else { throw corrupt("block data", at: dataOffset) }
        try reader.seek(to: dataOffset)
        if length == 128 {
            try PatchedBlock.decode(&reader, layout: .vertical, into: docs)
            try PatchedBlock.decode(&reader, layout: .vertical, into: titleTFs)
            try PatchedBlock.decode(&reader, layout: .vertical, into: bodyTFs)
            // Increasing from the block before and the last in range: every doc ID is.
            guard StrideGaps.decode(docs, previous: previous) else { throw corrupt("doc IDs not increasing", at: dataOffset) }
            let last = Int64(docs[127])
            guard last < Int64(documentCount) else { throw corrupt("doc ID \(last) beyond the \(documentCount) documents", at: dataOffset) }
            // No posting without an occurrence: four at a time.
            var zeros = SIMDMask<SIMD4<Int32>>(repeating: false)
            let titleRaw = UnsafeRawPointer(titleTFs), bodyRaw = UnsafeRawPointer(bodyTFs)
            for step in 0..<32 {
                let both = titleRaw.loadUnaligned(fromByteOffset: step &* 16, as: SIMD4<UInt32>.self)
                    | bodyRaw.loadUnaligned(fromByteOffset: step &* 16, as: SIMD4<UInt32>.self)
                zeros .|= both .== 0
            }
            if any(zeros) { throw corrupt("a posting with term frequency 0", at: dataOffset) }
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
            try decodePackedTailBlock(length: length, previous: previous, at: dataOffset)
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
    private func decodePackedTailBlock(length: Int, previous: Int64, at dataOffset: Int) throws(NewsIndexError) {
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

    /// Where the current document's positions in `field` start among the term's, and how many.
    @inline(__always)
    private func positionRange(in field: Field) -> (first: Int, count: Int) {
        // Count the positions of earlier documents of this block.
        while positionsDocIndex < indexInBlock {
            positionsIndex += Int(titleTFs[positionsDocIndex]) + Int(bodyTFs[positionsDocIndex])
            positionsDocIndex += 1
        }
        let titleCount = Int(titleTFs[indexInBlock])
        return field == .title ? (positionsIndex, titleCount) : (positionsIndex + titleCount, Int(bodyTFs[indexInBlock]))
    }

    /// The positions of the current document in `field`, appended to `out` (cleared first).
    func positions(in field: Field, into out: inout [UInt32]) throws(NewsIndexError) {
        let (first, count) = positionRange(in: field)
        out.removeAll(keepingCapacity: true)
        out.reserveCapacity(count)
        let buffer = UnsafeMutablePointer<UInt32>.allocate(capacity: count)
        defer { buffer.deallocate() }
        try positionValues.prefixSums(from: first, length: count, into: buffer)
        out.append(contentsOf: UnsafeBufferPointer(start: buffer, count: count))
    }

    /// The positions of the current document in `field`, written to `list` (replacing its contents).
    func positions(in field: Field, into list: PositionList) throws(NewsIndexError) {
        let (first, count) = positionRange(in: field)
        list.reset(count)
        try positionValues.prefixSums(from: first, length: count, into: list.values)
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
