// StoredFields: reads the STOR payload (mapped): the file table, one document's id (cheap: one
// block offset, a few varints, one decoded string) and whole blocks of stored records.

/// Reads the STOR payload. Every read is bounds-checked; a damaged file gives `.corrupt` errors.
public struct StoredFields: @unchecked Sendable {
    private let payload: UnsafeRawBufferPointer
    private let fileName: String
    /// Where `payload` starts in the file (for messages: 0 gives payload offsets).
    private let fileOffset: Int
    let fileTableEnd: Int
    let blocksStart: Int
    let indexStart: Int
    public let documentCount: Int
    let idCode: ContextCodeDecoder
    let titleCode: ContextCodeDecoder

    public init(payload: UnsafeRawBufferPointer, fileName: String, fileOffset: Int = 0) throws(NewsIndexError) {
        var reader = ByteReader(payload, fileName: fileName, fileOffset: fileOffset)
        let trailerSize = StoredFieldsLayout.trailerSize
        guard payload.count >= trailerSize else { throw reader.corrupt("stored fields too short for the \(trailerSize)-byte trailer", at: 0) }
        let trailer = payload.count - trailerSize
        let fileTableEnd = try reader.getU64(at: trailer)
        let blocksStart = try reader.getU64(at: trailer + 8)
        let indexStart = try reader.getU64(at: trailer + 16)
        let count = UInt64(try reader.getU32(at: trailer + 24))
        let perBlock = try reader.getU32(at: trailer + 28)
        let blockCount = (count + UInt64(StoredFieldsLayout.documentsPerBlock) - 1) >> UInt64(StoredFieldsLayout.blockShift)
        guard perBlock == UInt32(StoredFieldsLayout.documentsPerBlock), fileTableEnd <= blocksStart,
              blocksStart <= indexStart, indexStart <= UInt64(trailer), indexStart + blockCount * 8 == UInt64(trailer) else {
            throw reader.corrupt("stored-fields trailer does not agree with the file size", at: trailer)
        }
        try reader.seek(to: Int(fileTableEnd))
        idCode = try ContextCodeDecoder(reading: &reader)
        titleCode = try ContextCodeDecoder(reading: &reader)
        guard reader.position == Int(blocksStart) else {
            throw reader.corrupt("code tables end here, the trailer says blocks start at \(blocksStart)", at: reader.position)
        }
        self.payload = payload
        self.fileName = fileName
        self.fileOffset = fileOffset
        self.fileTableEnd = Int(fileTableEnd)
        self.blocksStart = Int(blocksStart)
        self.indexStart = Int(indexStart)
        documentCount = Int(count)
    }

    private var reader: ByteReader { ByteReader(payload, fileName: fileName, fileOffset: fileOffset) }

    public var blockCount: Int { (documentCount + StoredFieldsLayout.documentsPerBlock - 1) >> StoredFieldsLayout.blockShift }

    /// Every source file, in the order of the table.
    public func files() throws(NewsIndexError) -> [StoredSourceFile] {
        var reader = reader
        let count = try reader.readVarint()
        guard count <= UInt64(fileTableEnd) else { throw reader.corrupt("file count \(count) too large", at: 0) }
        var files: [StoredSourceFile] = []
        files.reserveCapacity(Int(count))
        for _ in 0..<count {
            let path = try reader.readString()
            let kindByte = try reader.readU8()
            guard kindByte <= 1 else { throw reader.corrupt("unknown source kind \(kindByte)", at: reader.position - 1) }
            let size = try reader.readVarint()
            let mtime = try reader.readSignedVarint()
            let hash = try reader.readU64()
            files.append(StoredSourceFile(relativePath: path, kind: kindByte == 0 ? .text : .jsonLines,
                                          size: Int64(truncatingIfNeeded: size), modificationTimeNanoseconds: mtime, contentHash: hash))
        }
        guard reader.position == fileTableEnd else { throw reader.corrupt("file table ends at \(reader.position), trailer says \(fileTableEnd)", at: reader.position) }
        return files
    }

    /// A reader over block `block`'s bytes (its offset from the index up to the next block's).
    func blockReader(_ block: Int) throws(NewsIndexError) -> ByteReader {
        let reader = reader
        let slot = indexStart + block * 8
        let start = try reader.getU64(at: slot)
        let end = block + 1 < blockCount ? try reader.getU64(at: slot + 8) : UInt64(indexStart)
        guard start >= UInt64(blocksStart), start <= end, end <= UInt64(indexStart) else {
            throw reader.corrupt("block \(block) offsets \(start)..<\(end) out of bounds", at: slot)
        }
        return try reader.slice(at: Int(start), count: Int(end - start))
    }

    /// Block `block`'s id and title columns, each as its own reader; `reader` (over the block) is
    /// left at the locations that follow them.
    private func columns(_ reader: inout ByteReader, block: Int) throws(NewsIndexError) -> (ids: ByteReader, titles: ByteReader) {
        let idsLength = try reader.readVarintInt()
        let titlesLengthAt = reader.position
        let titlesLength = try reader.readVarintInt()
        guard idsLength <= reader.remaining, titlesLength <= reader.remaining - idsLength else {
            throw reader.corrupt("block \(block): ids and titles of \(idsLength) + \(titlesLength) bytes run past the block", at: titlesLengthAt)
        }
        return (try reader.readSlice(idsLength), try reader.readSlice(titlesLength))
    }

    /// Only the id of document `doc` (what search results print): its block's offset, two
    /// length varints, the lengths of the ids before it, then one decoded string.
    public func id(_ doc: Int) throws(NewsIndexError) -> String {
        let (code, fileOffset) = try encodedID(doc)
        return try idCode.decodeString(code, at: 0, fileName: fileName, fileOffset: fileOffset)
    }

    /// Appends document `doc`'s id, as stored (UTF-8 bytes as indexed), to `out`: no String made.
    public func appendID(_ doc: Int, to out: inout [UInt8]) throws(NewsIndexError) {
        let (code, fileOffset) = try encodedID(doc)
        try idCode.append(code, at: 0, to: &out, fileName: fileName, fileOffset: fileOffset)
    }

    /// Appends the ids of `docs` (as `appendID` does, one after another) to `out`, and where each
    /// ends to `ends`: the bytes they need are loaded together first (`touchIDs`), then decoded.
    public func appendIDs(_ docs: [Int], to out: inout [UInt8], ends: inout [Int]) throws(NewsIndexError) {
        docs.withUnsafeBufferPointer { touchIDs($0) }
        for doc in docs {
            try appendID(doc, to: &out)
            ends.append(out.count)
        }
    }

    /// Reads the parts of the file that `appendID` of each of `docs` will read (block offsets,
    /// then the start of each block's ids) with independent loads, so that their cache misses
    /// overlap instead of coming one after another.
    func touchIDs(_ docs: UnsafeBufferPointer<Int>) {
        guard let base = payload.baseAddress, !docs.isEmpty else { return }
        let limit = indexStart, count = payload.count
        var sink: UInt64 = 0
        withUnsafeTemporaryAllocation(of: Int.self, capacity: docs.count) { starts in
            for (i, doc) in docs.enumerated() {
                let slot = indexStart + (doc >> StoredFieldsLayout.blockShift) * 8
                starts[i] = doc >= 0 && doc < documentCount && slot + 8 <= count
                    ? Int(truncatingIfNeeded: UInt64(littleEndian: base.loadUnaligned(fromByteOffset: slot, as: UInt64.self))) : -1
            }
            for i in 0..<docs.count where starts[i] >= blocksStart && starts[i] < limit {
                // The id sits about (index / 16) of the way into the block's ids.
                let reach = min(limit, starts[i] + 64 + (docs[i] & (StoredFieldsLayout.documentsPerBlock - 1)) * 64)
                var at = starts[i]
                while at < reach { sink &+= UInt64(base.load(fromByteOffset: at, as: UInt8.self)); at += 64 }
            }
        }
        StoredFieldsTouch.sink = sink
    }

    /// The encoded id of document `doc` (the others of its block skipped by length), and its file
    /// offset for messages.
    private func encodedID(_ doc: Int) throws(NewsIndexError) -> (UnsafeRawBufferPointer, Int) {
        guard doc >= 0 && doc < documentCount else { throw NewsIndexError(.corrupt, "\(fileName): no document \(doc)") }
        var block = try blockReader(doc >> StoredFieldsLayout.blockShift)
        let idsLength = try block.readVarintInt()
        _ = try block.readVarint()
        let idsEnd = block.position
        guard idsLength <= block.remaining else { throw block.corrupt("ids of \(idsLength) bytes run past the block", at: 0) }
        for _ in 0..<(doc & (StoredFieldsLayout.documentsPerBlock - 1)) {
            let length = try block.readVarintInt()
            try block.skip(length)
        }
        let at = block.position
        let length = try block.readVarintInt()
        guard length <= idsEnd + idsLength - block.position else { throw block.corrupt("id of \(length) bytes runs past the block's ids", at: at) }
        return (try block.readBytes(length), block.fileOffset + at)
    }

    /// The stored record of document `doc` (date 0: see `StoredDocument.date`): its id (the
    /// others skipped by length), its title (the titles before it decoded and dropped) and the
    /// locations of the block up to it.
    public func document(_ doc: Int) throws(NewsIndexError) -> StoredDocument {
        guard doc >= 0 && doc < documentCount else { throw NewsIndexError(.corrupt, "\(fileName): no document \(doc)") }
        let index = doc & (StoredFieldsLayout.documentsPerBlock - 1)
        var reader = try blockReader(doc >> StoredFieldsLayout.blockShift)
        var (ids, titles) = try columns(&reader, block: doc >> StoredFieldsLayout.blockShift)
        for _ in 0..<index { try ids.skip(try ids.readVarintInt()) }
        let idAt = ids.position
        let idLength = try ids.readVarintInt()
        guard idLength <= ids.remaining else { throw ids.corrupt("id of \(idLength) bytes runs past the block's ids", at: idAt) }
        let id = try idCode.decodeString(try ids.readBytes(idLength), at: 0, fileName: fileName, fileOffset: ids.fileOffset + idAt)
        var titleAt = 0
        var scratch: [UInt8] = []
        for _ in 0..<index {
            scratch.removeAll(keepingCapacity: true)
            titleAt = try titleCode.decode(titles.buffer, at: titleAt, into: &scratch, fileName: fileName, fileOffset: titles.fileOffset).end
        }
        let title = try titleCode.decodeString(titles.buffer, at: titleAt, fileName: fileName, fileOffset: titles.fileOffset)
        let locations = try StoredLocations.decode(&reader, count: index + 1, strict: false)
        return StoredDocument(id: id, title: title, location: locations[index])
    }

    /// Every record of block `block` (documents 16·block ..< 16·block + 16), dates 0.
    public func block(_ block: Int) throws(NewsIndexError) -> [StoredDocument] {
        let decoded = try decodeBlock(block, strict: false)
        return (0..<decoded.ids.count).map { StoredDocument(id: decoded.ids[$0], title: decoded.titles[$0], location: decoded.locations[$0]) }
    }

    /// Decodes block `block`. `strict` (the checker) also requires every part to end exactly
    /// where its length says, zero padding bits, valid UTF-8 and the writer's location form.
    func decodeBlock(_ block: Int, strict: Bool) throws(NewsIndexError) -> (ids: [String], titles: [String], locations: [StoredLocation]) {
        guard block >= 0 && block < blockCount else { throw NewsIndexError(.corrupt, "\(fileName): no block \(block)") }
        let count = min(StoredFieldsLayout.documentsPerBlock, documentCount - block * StoredFieldsLayout.documentsPerBlock)
        var reader = try blockReader(block)
        var (ids, titles) = try columns(&reader, block: block)
        var idStrings: [String] = [], titleStrings: [String] = []
        var bytes: [UInt8] = []
        func text(_ what: @autoclosure () -> String, _ at: Int, in part: ByteReader) throws(NewsIndexError) -> String {
            if strict {
                guard let valid = String(validating: bytes, as: UTF8.self) else { throw part.corrupt("\(what()): not valid UTF-8", at: at) }
                return valid
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        for index in 0..<count {
            let at = ids.position
            let length = try ids.readVarintInt()
            guard length <= ids.remaining else { throw ids.corrupt("block \(block) id \(index): \(length) bytes run past the ids", at: at) }
            let start = ids.position
            let encoded = try ids.readBytes(length)
            bytes.removeAll(keepingCapacity: true)
            let (end, zeroPadding) = try idCode.decode(encoded, at: 0, into: &bytes, fileName: fileName, fileOffset: ids.fileOffset + start)
            if strict && (end != length || !zeroPadding) {
                throw ids.corrupt("block \(block) id \(index): the code ends at byte \(end) of \(length)\(zeroPadding ? "" : " with nonzero padding")", at: at)
            }
            idStrings.append(try text("block \(block) id \(index)", at, in: ids))
        }
        if strict && !ids.isAtEnd { throw ids.corrupt("block \(block): ids end before their length \(ids.buffer.count)", at: ids.position) }
        for index in 0..<count {
            let at = titles.position
            bytes.removeAll(keepingCapacity: true)
            let (end, zeroPadding) = try titleCode.decode(titles.buffer, at: at, into: &bytes, fileName: fileName, fileOffset: titles.fileOffset)
            if strict && !zeroPadding { throw titles.corrupt("block \(block) title \(index): nonzero padding bits", at: end - 1) }
            try titles.seek(to: end)
            titleStrings.append(try text("block \(block) title \(index)", at, in: titles))
        }
        if strict && !titles.isAtEnd { throw titles.corrupt("block \(block): titles end before their length \(titles.buffer.count)", at: titles.position) }
        let locations = try StoredLocations.decode(&reader, count: count, strict: strict)
        if strict && !reader.isAtEnd { throw reader.corrupt("block \(block): locations end before the next block", at: reader.position) }
        return (idStrings, titleStrings, locations)
    }
}

/// Keeps the touched bytes' sum observable, so that the loads are not optimized away.
enum StoredFieldsTouch {
    nonisolated(unsafe) static var sink: UInt64 = 0
}
