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

    /// A block header as stored: each value relative to the previous block's (IndexFormat.md, POST).
    private struct Header {
        var at: Int
        var lastDocGap: UInt64, dataLength: UInt64, positionCount: UInt64, positionsOffsetDelta: UInt64
        var maxTitleTF: UInt64, titleLengthPerTF: UInt64, maxTitledBodyTF: UInt64, titledBodyLengthPerTF: UInt64
        var maxBodyTF: UInt64, bodyLengthPerTF: UInt64
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
            for _ in 0..<blockCount {
                let at = h + r.position
                var header = Header(at: at, lastDocGap: try r.readVarint(), dataLength: try r.readVarint(),
                                    positionCount: try r.readVarint(), positionsOffsetDelta: try r.readVarint(),
                                    maxTitleTF: 0, titleLengthPerTF: 0, maxTitledBodyTF: 0, titledBodyLengthPerTF: 0,
                                    maxBodyTF: 0, bodyLengthPerTF: 0)
                header.maxTitleTF = try r.readVarint()
                if header.maxTitleTF > 0 {
                    header.titleLengthPerTF = try r.readVarint()
                    header.maxTitledBodyTF = try r.readVarint()
                    if header.maxTitledBodyTF > 0 { header.titledBodyLengthPerTF = try r.readVarint() }
                }
                header.maxBodyTF = try r.readVarint()
                if header.maxBodyTF > 0 { header.bodyLengthPerTF = try r.readVarint() }
                headers.append(header)
            }
            var lastDoc: Int64 = -1
            for (b, header) in headers.enumerated() {
                let blockStart = r.position
                let lower = b * 128
                let length = min(128, df - lower)
                if length == 128 {
                    try decodeFullBlock(&r, previous: &previous, term: term)
                } else {
                    try readTailBlock(&r, count: length, previous: &previous, term: term)
                }
                guard header.dataLength == UInt64(r.position - blockStart) else {
                    throw IndexCheckFailure(post.name, at: header.at,
                        "\(term.display), block \(b): header says \(header.dataLength) data bytes, the block takes \(r.position - blockStart)")
                }
                lastDoc += Int64(clamping: header.lastDocGap) + 1
                guard lastDoc == Int64(docs[lower + length - 1]) else {
                    throw IndexCheckFailure(post.name, at: header.at,
                        "\(term.display), block \(b): header says last doc \(lastDoc), the block ends at doc \(docs[lower + length - 1])")
                }
                // Recomputed independently: per group (titled documents / the others) and field,
                // the largest TF and the smallest floor(8 · length / tf).
                var maxTitle: UInt64 = 0, maxTitledBody: UInt64 = 0, maxBody: UInt64 = 0
                var minTitle = UInt64.max, minTitledBody = UInt64.max, minBody = UInt64.max
                func perTF(_ length: UInt32, _ tf: UInt32) -> UInt64 { min(UInt64(UInt32.max), UInt64(length) * 8 / UInt64(tf)) }
                for i in lower..<(lower + length) {
                    let doc = Int(docs[i]), title = titleTFs[i], body = bodyTFs[i]
                    if title > 0 {
                        maxTitle = max(maxTitle, UInt64(title))
                        if let documents { minTitle = min(minTitle, perTF(documents.titleLengths[doc], title)) }
                        if body > 0 {
                            maxTitledBody = max(maxTitledBody, UInt64(body))
                            if let documents { minTitledBody = min(minTitledBody, perTF(documents.bodyLengths[doc], body)) }
                        }
                    } else {
                        maxBody = max(maxBody, UInt64(body))
                        if let documents { minBody = min(minBody, perTF(documents.bodyLengths[doc], body)) }
                    }
                }
                guard header.maxTitleTF == maxTitle, header.maxTitledBodyTF == maxTitledBody, header.maxBodyTF == maxBody else {
                    throw IndexCheckFailure(post.name, at: header.at,
                        "\(term.display), block \(b): header max TFs (title \(header.maxTitleTF), titled body \(header.maxTitledBodyTF), body \(header.maxBodyTF)) disagree with the block's (\(maxTitle), \(maxTitledBody), \(maxBody))")
                }
                if documents != nil {
                    let want = (maxTitle > 0 ? minTitle : 0, maxTitledBody > 0 ? minTitledBody : 0, maxBody > 0 ? minBody : 0)
                    guard header.titleLengthPerTF == want.0, header.titledBodyLengthPerTF == want.1, header.bodyLengthPerTF == want.2 else {
                        throw IndexCheckFailure(post.name, at: header.at,
                            "\(term.display), block \(b): header lengths per TF (\(header.titleLengthPerTF), \(header.titledBodyLengthPerTF), \(header.bodyLengthPerTF)) disagree with the documents' \(want)")
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

        // Headers count each block's positions and point at the positions block of its first one.
        var index = 0
        var positionsOffset: UInt64 = 0
        for (b, header) in headers.enumerated() {
            var count = 0
            for i in (b * 128)..<min(df, b * 128 + 128) { count += Int(titleTFs[i]) + Int(bodyTFs[i]) }
            guard header.positionCount == UInt64(count) else {
                throw IndexCheckFailure(post.name, at: header.at,
                    "\(term.display), block \(b): header says \(header.positionCount) positions, the block's TFs add up to \(count)")
            }
            positionsOffset += header.positionsOffsetDelta
            guard positionsOffset == UInt64(blockOffsets[index >> 7]) else {
                throw IndexCheckFailure(post.name, at: header.at,
                    "\(term.display), block \(b): positions offset \(positionsOffset), the positions block starts at \(blockOffsets[index >> 7])")
            }
            index += count
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

    /// Three vertically packed patched blocks: doc IDs as stride-4 gaps (`StrideGaps`), title TFs,
    /// body TFs; decoded here one value at a time in 64 bits, apart from the reader's vector code.
    private mutating func decodeFullBlock(_ r: inout ByteReader, previous: inout Int64, term: IndexCheckTerm) throws {
        let h = FileEnvelope.headerSize
        let at = r.position
        try decodePatched(&r, layout: .vertical)
        let start = docs.count
        let before = previous
        for i in 0..<128 {
            let reference = i < 4 ? before - 3 + Int64(i) : Int64(docs[start + i - 4])
            let doc = reference + Int64(block[i]) + 4
            guard doc > previous else {
                throw IndexCheckFailure(post.name, at: h + at, "\(term.display): doc ID \(doc) not above the one before, \(previous)")
            }
            guard doc < Int64(documentCount) else {
                throw IndexCheckFailure(post.name, at: h + at, "\(term.display): doc ID \(doc) beyond the \(documentCount) documents")
            }
            docs.append(UInt32(doc))
            previous = doc
        }
        try decodePatched(&r, layout: .vertical)
        titleTFs.append(contentsOf: block)
        try decodePatched(&r, layout: .vertical)
        bodyTFs.append(contentsOf: block)
        for i in (docs.count - 128)..<docs.count where titleTFs[i] == 0 && bodyTFs[i] == 0 {
            throw IndexCheckFailure(post.name, at: h + at, "\(term.display), doc \(docs[i]): a posting with term frequency 0")
        }
    }

    private mutating func decodePatched(_ r: inout ByteReader, layout: PatchedBlock.Layout = .sequential) throws(NewsIndexError) {
        try block.withUnsafeMutableBufferPointer { (buffer) throws(NewsIndexError) in
            try PatchedBlock.decode(&r, layout: layout, into: buffer.baseAddress!)
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
