// IndexCheckPostings: IndexChecker's independent decoding of one term's postings (POST) and
// positions (POSN), checking every invariant of IndexFormat.md along the way.

/// Decodes and checks terms one at a time (scratch arrays reused between terms).
struct IndexCheckPostings {
    let post: IndexCheckFile
    let posn: IndexCheckFile
    let documentCount: Int
    let documents: IndexCheckDocuments?

    private var docs: [UInt32] = []
    private var titleTFs: [UInt32] = []
    private var bodyTFs: [UInt32] = []
    private var values: [UInt32] = []
    private var blockOffsets: [Int] = []
    private var block = [UInt32](repeating: 0, count: 128)

    init(post: IndexCheckFile, posn: IndexCheckFile, documentCount: Int, documents: IndexCheckDocuments?) {
        self.post = post
        self.posn = posn
        self.documentCount = documentCount
        self.documents = documents
    }

    private struct Header {
        var lastDoc: UInt32, dataOffset: UInt32, positionsOffset: UInt32, positionsIndex: UInt32
        var maxTitleTF: UInt8, maxBodyTF: UInt8, minTitleLength: UInt16, minBodyLength: UInt16
    }

    /// Checks one term; returns where its postings and positions end (payload offsets).
    mutating func check(_ term: IndexCheckTerm) throws -> (postings: Int, positions: Int) {
        let h = FileEnvelope.headerSize
        let df = term.documentFrequency
        let start = term.postingsOffset
        docs.removeAll(keepingCapacity: true)
        titleTFs.removeAll(keepingCapacity: true)
        bodyTFs.removeAll(keepingCapacity: true)
        var r = post.reader
        try r.seek(to: start)
        var previous: Int64 = -1
        var headers: [Header] = []
        if df < PostingsEncoder.blockSize {
            try readTailBlock(&r, count: df, previous: &previous, term: term)
        } else {
            let blockCount = (df + 127) / 128
            guard blockCount * PostingsBlockHeader.size <= r.remaining else {
                throw IndexCheckFailure(post.name, at: h + start, "\(term.display): \(blockCount) block headers run past the end")
            }
            for _ in 0..<blockCount {
                headers.append(Header(
                    lastDoc: try r.readU32(), dataOffset: try r.readU32(), positionsOffset: try r.readU32(),
                    positionsIndex: try r.readU32(), maxTitleTF: try r.readU8(), maxBodyTF: try r.readU8(),
                    minTitleLength: try r.readU16(), minBodyLength: try r.readU16()))
            }
            for (b, header) in headers.enumerated() {
                let headerAt = h + start + b * PostingsBlockHeader.size
                guard Int(header.dataOffset) == r.position - start else {
                    throw IndexCheckFailure(post.name, at: headerAt + 4,
                        "\(term.display), block \(b): data offset \(header.dataOffset), but the block starts at \(r.position - start)")
                }
                let lower = b * 128
                let length = min(128, df - lower)
                if length == 128 {
                    try decodeFullBlock(&r, previous: &previous, term: term)
                } else {
                    try readTailBlock(&r, count: length, previous: &previous, term: term)
                }
                guard header.lastDoc == docs[lower + length - 1] else {
                    throw IndexCheckFailure(post.name, at: headerAt,
                        "\(term.display), block \(b): header says last doc \(header.lastDoc), the block ends at doc \(docs[lower + length - 1])")
                }
                var maxTitle: UInt8 = 0, maxBody: UInt8 = 0
                var minTitle = UInt16.max, minBody = UInt16.max
                for i in lower..<(lower + length) {
                    let doc = Int(docs[i])
                    if titleTFs[i] > 0 {
                        maxTitle = max(maxTitle, UInt8(min(255, titleTFs[i])))
                        if let documents { minTitle = min(minTitle, UInt16(min(65535, documents.titleLengths[doc]))) }
                    }
                    if bodyTFs[i] > 0 {
                        maxBody = max(maxBody, UInt8(min(255, bodyTFs[i])))
                        if let documents { minBody = min(minBody, UInt16(min(65535, documents.bodyLengths[doc]))) }
                    }
                }
                guard header.maxTitleTF == maxTitle, header.maxBodyTF == maxBody else {
                    throw IndexCheckFailure(post.name, at: headerAt + 16,
                        "\(term.display), block \(b): header max TFs (title \(header.maxTitleTF), body \(header.maxBodyTF)) disagree with the block's (\(maxTitle), \(maxBody))")
                }
                if documents != nil {
                    guard header.minTitleLength == minTitle, header.minBodyLength == minBody else {
                        throw IndexCheckFailure(post.name, at: headerAt + 18,
                            "\(term.display), block \(b): header min lengths (title \(header.minTitleLength), body \(header.minBodyLength)) disagree with the documents' (\(minTitle), \(minBody))")
                    }
                }
            }
        }
        let postingsEnd = r.position

        // The term's positions: as many as the TFs add up to.
        var occurrences = 0
        for i in 0..<df { occurrences += Int(titleTFs[i]) + Int(bodyTFs[i]) }
        guard occurrences == term.positionCount else {
            throw IndexCheckFailure(post.name, at: h + start,
                "\(term.display): the postings hold \(occurrences) occurrences, the dictionary says \(term.positionCount) positions")
        }
        let positionsEnd = try decodePositions(term)

        // Headers point at the positions of each block's first document.
        var index = 0
        for (b, header) in headers.enumerated() {
            let headerAt = h + start + b * PostingsBlockHeader.size
            guard Int(header.positionsIndex) == index else {
                throw IndexCheckFailure(post.name, at: headerAt + 12,
                    "\(term.display), block \(b): positions index \(header.positionsIndex), the block's first position is number \(index)")
            }
            guard Int(header.positionsOffset) == blockOffsets[index >> 7] else {
                throw IndexCheckFailure(post.name, at: headerAt + 8,
                    "\(term.display), block \(b): positions offset \(header.positionsOffset), the positions block starts at \(blockOffsets[index >> 7])")
            }
            for i in (b * 128)..<min(df, b * 128 + 128) { index += Int(titleTFs[i]) + Int(bodyTFs[i]) }
        }

        // Per document: title positions then body positions, each increasing, inside the field.
        var k = 0
        for i in 0..<df {
            let doc = Int(docs[i])
            for (field, count) in [("title", Int(titleTFs[i])), ("body", Int(bodyTFs[i]))] {
                var position: UInt64 = 0
                for j in 0..<count {
                    let value = values[k]
                    guard j == 0 || value > 0 else {
                        throw IndexCheckFailure(posn.name, at: positionsFileOffset(term, k),
                            "\(term.display), doc \(doc), \(field): positions do not increase")
                    }
                    position += UInt64(value)
                    k += 1
                }
                if count > 0, let documents {
                    let length = field == "title" ? documents.titleLengths[doc] : documents.bodyLengths[doc]
                    guard position < UInt64(length) else {
                        throw IndexCheckFailure(posn.name, at: positionsFileOffset(term, k - 1),
                            "\(term.display), doc \(doc), \(field): position \(position) is not below the field's length \(length)")
                    }
                }
            }
        }
        return (postingsEnd, positionsEnd)
    }

    /// The file offset of the block holding the term's position number `index`.
    private func positionsFileOffset(_ term: IndexCheckTerm, _ index: Int) -> Int {
        FileEnvelope.headerSize + term.positionsOffset + blockOffsets[index >> 7]
    }

    /// A block of fewer than 128 postings: varints for at most 2, else packed.
    private mutating func readTailBlock(_ r: inout ByteReader, count: Int, previous: inout Int64, term: IndexCheckTerm) throws {
        if count <= PatchedBlock.varintTailLimit {
            try readVarintEntries(&r, count: count, previous: &previous, term: term)
        } else {
            try readPackedTail(&r, count: count, previous: &previous, term: term)
        }
    }

    /// `ShortBlock(docDelta − 1), ShortBlock(tfCode), [Tail(titleCode)]` for `count` (3...127)
    /// postings: tfCode = (max(bodyTF, 1) − 1) << 1 | titled, titleCode = (titleTF − 1) << 1 |
    /// bodyTF == 0, one title code per titled posting (none: no tail), a title-only posting's
    /// tfCode is exactly 1.
    private mutating func readPackedTail(_ r: inout ByteReader, count: Int, previous: inout Int64, term: IndexCheckTerm) throws {
        let h = FileEnvelope.headerSize
        let at = r.position
        try block.withUnsafeMutableBufferPointer { (buffer) throws(NewsIndexError) in
            try PatchedBlock.decodeShort(&r, count: count, into: buffer.baseAddress!)
        }
        for i in 0..<count {
            previous += Int64(block[i]) + 1
            guard previous < Int64(documentCount) else {
                throw IndexCheckFailure(post.name, at: h + at, "\(term.display): doc ID \(previous) beyond the \(documentCount) documents")
            }
            docs.append(UInt32(previous))
        }
        let codesAt = r.position
        try block.withUnsafeMutableBufferPointer { (buffer) throws(NewsIndexError) in
            try PatchedBlock.decodeShort(&r, count: count, into: buffer.baseAddress!)
        }
        let codes = Array(block[0..<count])
        let titled = codes.reduce(0) { $0 + Int($1 & 1) }
        var titleCodes: [UInt32] = []
        let titlesAt = r.position
        if titled > 0 {
            try block.withUnsafeMutableBufferPointer { (buffer) throws(NewsIndexError) in
                try PatchedBlock.decodeTail(&r, count: titled, into: buffer.baseAddress!)
            }
            titleCodes = Array(block[0..<titled])
        }
        var k = 0
        for (i, code) in codes.enumerated() {
            let doc = docs[docs.count - count + i]
            var body = UInt64(code >> 1) + 1
            var title: UInt64 = 0
            if code & 1 == 1 {
                let titleCode = titleCodes[k]
                k += 1
                title = UInt64(titleCode >> 1) + 1
                if titleCode & 1 == 1 {
                    guard code == 1 else {
                        throw IndexCheckFailure(post.name, at: h + titlesAt,
                            "\(term.display), doc \(doc): title code says no body occurrence, the TF code \(code) says body TF \(body)")
                    }
                    body = 0
                }
            }
            guard body <= UInt64(Int32.max), title <= UInt64(Int32.max) else {
                throw IndexCheckFailure(post.name, at: h + codesAt, "\(term.display), doc \(doc): term frequency above 2^31-1")
            }
            titleTFs.append(UInt32(title))
            bodyTFs.append(UInt32(body))
        }
    }

    /// `<varint(docDelta − 1), varint(bodyTF << 1 | titleTF > 0), [varint titleTF]>` × count.
    private mutating func readVarintEntries(_ r: inout ByteReader, count: Int, previous: inout Int64, term: IndexCheckTerm) throws {
        let h = FileEnvelope.headerSize
        for _ in 0..<count {
            let at = r.position
            let delta = try r.readVarint()
            guard delta < UInt64(documentCount), previous + Int64(delta) + 1 < Int64(documentCount) else {
                throw IndexCheckFailure(post.name, at: h + at, "\(term.display): doc ID beyond the \(documentCount) documents")
            }
            previous += Int64(delta) + 1
            let codeAt = r.position
            let code = try r.readVarint()
            guard code >> 1 <= UInt64(UInt32.max) else {
                throw IndexCheckFailure(post.name, at: h + codeAt, "\(term.display), doc \(previous): body term frequency above 2^32-1")
            }
            var title: UInt64 = 0
            if code & 1 == 1 {
                let titleAt = r.position
                title = try r.readVarint()
                guard title >= 1, title <= UInt64(UInt32.max) else {
                    throw IndexCheckFailure(post.name, at: h + titleAt, "\(term.display), doc \(previous): title term frequency \(title) (flagged, so 1...2^32-1)")
                }
            } else if code >> 1 == 0 {
                throw IndexCheckFailure(post.name, at: h + codeAt, "\(term.display), doc \(previous): a posting with term frequency 0")
            }
            docs.append(UInt32(previous))
            titleTFs.append(UInt32(title))
            bodyTFs.append(UInt32(code >> 1))
        }
    }

    /// Three patched blocks: doc deltas − 1, title TFs, body TFs.
    private mutating func decodeFullBlock(_ r: inout ByteReader, previous: inout Int64, term: IndexCheckTerm) throws {
        let h = FileEnvelope.headerSize
        let at = r.position
        try decodePatched(&r)
        for i in 0..<128 {
            previous += Int64(block[i]) + 1
            guard previous < Int64(documentCount) else {
                throw IndexCheckFailure(post.name, at: h + at, "\(term.display): doc ID \(previous) beyond the \(documentCount) documents")
            }
            docs.append(UInt32(previous))
        }
        try decodePatched(&r)
        titleTFs.append(contentsOf: block)
        try decodePatched(&r)
        bodyTFs.append(contentsOf: block)
        for i in (docs.count - 128)..<docs.count where titleTFs[i] == 0 && bodyTFs[i] == 0 {
            throw IndexCheckFailure(post.name, at: h + at, "\(term.display), doc \(docs[i]): a posting with term frequency 0")
        }
    }

    private mutating func decodePatched(_ r: inout ByteReader) throws(NewsIndexError) {
        try block.withUnsafeMutableBufferPointer { (buffer) throws(NewsIndexError) in
            try PatchedBlock.decode(&r, into: buffer.baseAddress!)
        }
    }

    /// Decodes the term's `positionCount` values (patched blocks of 128, then a tail: varints
    /// when ≤ 2 values, else a short block with its header, order and bound checks), noting
    /// each block's offset from the term's start; returns where they end.
    private mutating func decodePositions(_ term: IndexCheckTerm) throws -> Int {
        let h = FileEnvelope.headerSize
        values.removeAll(keepingCapacity: true)
        blockOffsets.removeAll(keepingCapacity: true)
        var q = posn.reader
        try q.seek(to: term.positionsOffset)
        let count = term.positionCount
        // A 128-value block takes at least 2 bytes, a tail value at least 1.
        guard count / 64 <= q.remaining else {
            throw IndexCheckFailure(posn.name, at: h + term.positionsOffset, "\(term.display): \(count) positions cannot fit the \(q.remaining) bytes left")
        }
        for _ in 0..<(count / 128) {
            blockOffsets.append(q.position - term.positionsOffset)
            try decodePatched(&q)
            values.append(contentsOf: block)
        }
        if count % 128 > 0 {
            blockOffsets.append(q.position - term.positionsOffset)
            try block.withUnsafeMutableBufferPointer { (buffer) throws(NewsIndexError) in
                try PatchedBlock.decodeTail(&q, count: count % 128, into: buffer.baseAddress!)
            }
            values.append(contentsOf: block[0..<(count % 128)])
        }
        return q.position
    }
}
