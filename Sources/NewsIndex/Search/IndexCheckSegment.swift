// IndexCheckSegment: IndexChecker's checks of one segment's five files and of their agreement
// with each other and with the MANIFEST (the invariants are those of IndexFormat.md).

/// The DOCS table of a segment, as checked.
struct IndexCheckDocuments {
    var titleLengths: [UInt32] = []
    var bodyLengths: [UInt32] = []
    var dates: [UInt32] = []
    var idRanks: [UInt32] = []
    /// Payload offset of each record's IdRank: header + doc · recordSize + rankOffset.
    var recordSize = 16
    var rankOffset = 12
    var count: Int { titleLengths.count }
    func idRankOffset(_ doc: Int) -> Int { DocumentTable.headerSize + doc * recordSize + rankOffset }
}

/// A dictionary entry, as checked.
struct IndexCheckTerm {
    var term: [UInt8]
    /// File offset of the entry in the .tdic file.
    var entryOffset: Int
    var documentFrequency: Int
    var postingsOffset: Int
    var positionsOffset: Int
    var positionCount: Int

    var display: String { "term \"\(String(decoding: term, as: UTF8.self))\"" }
}

struct IndexCheckSegment {
    let directory: String
    let entry: SegmentEntry

    init(directory: String, entry: SegmentEntry) {
        self.directory = directory
        self.entry = entry
    }

    func name(_ fileExtension: String) -> String { entry.name + "." + fileExtension }

    /// Runs every check of the segment, recording the first problem of each file.
    mutating func run(into report: inout IndexCheckReport) {
        let before = report.problems.count
        func load(_ ext: String, _ kind: FileKind) -> IndexCheckFile? {
            do throws(IndexCheckFailure) {
                let file = try IndexCheckFile.load(directory: directory, name: name(ext), kind: kind)
                report.filesVerified += 1
                return file
            } catch {
                report.record(error.problem)
                return nil
            }
        }
        let tdic = load("tdic", .termDictionary)
        let post = load("post", .postings)
        let posn = load("posn", .positions)
        let docsFile = load("docs", .documents)
        let storFile = load("stor", .storedFields)

        // DOCS, then STOR (checked against DOCS), then the counts against the MANIFEST.
        var documents: IndexCheckDocuments?
        if let docsFile {
            do { documents = try checkDocuments(docsFile) } catch { record(error, file: docsFile.name, into: &report) }
        }
        var storedCount: Int?
        if let storFile {
            do { storedCount = try checkStored(storFile, documents: documents, report: &report) } catch {
                record(error, file: storFile.name, into: &report)
            }
        }
        if let documents, let storedCount {
            report.documentsVerified += documents.count
            if documents.count != entry.documentCount || storedCount != entry.documentCount {
                if documents.count == storedCount {
                    report.record(IndexCheckProblem(
                        file: Manifest.fileName, offset: nil,
                        message: "segment \(entry.name) has \(entry.documentCount) documents, but its files hold \(documents.count)"))
                } else if documents.count != entry.documentCount {
                    report.record(IndexCheckProblem(
                        file: name("docs"), offset: FileEnvelope.headerSize,
                        message: "\(documents.count) documents, where the MANIFEST and the stored fields say \(entry.documentCount)"))
                } else {
                    report.record(IndexCheckProblem(
                        file: name("stor"), offset: nil,
                        message: "\(storedCount) documents, where the MANIFEST and DOCS say \(entry.documentCount)"))
                }
            }
        } else if let documents, documents.count != entry.documentCount {
            report.record(IndexCheckProblem(file: name("docs"), offset: FileEnvelope.headerSize,
                                            message: "\(documents.count) documents, where the MANIFEST says \(entry.documentCount)"))
        } else if let storedCount, storedCount != entry.documentCount {
            report.record(IndexCheckProblem(file: name("stor"), offset: nil,
                                            message: "\(storedCount) documents, where the MANIFEST says \(entry.documentCount)"))
        }

        // The dictionary, then every term's postings and positions.
        let documentCount = documents?.count ?? entry.documentCount
        var terms: [IndexCheckTerm]?
        if let tdic {
            do { terms = try checkDictionary(tdic, documentCount: documentCount, postings: post, positions: posn) } catch {
                record(error, file: tdic.name, into: &report)
            }
        }
        if let terms, let post, let posn {
            if documents == nil {
                report.notes.append("\(entry.name): positions not checked against field lengths (the DOCS file is damaged)")
            }
            checkPostings(terms: terms, post: post, posn: posn, documentCount: documentCount,
                          documents: documents, report: &report)
        } else {
            report.notes.append("\(entry.name): postings and positions not checked (a file they depend on is damaged)")
        }
        if report.problems.count == before { report.segmentsVerified += 1 }
    }

    private func record(_ error: any Error, file: String, into report: inout IndexCheckReport) {
        if let failure = error as? IndexCheckFailure {
            report.record(failure.problem)
        } else if let error = error as? NewsIndexError {
            report.record(IndexChecker.problem(from: error, file: file))
        } else {
            report.record(IndexCheckProblem(file: file, offset: nil, message: "\(error)"))
        }
    }

    // MARK: DOCS

    /// Header, widths (1...4, each the fewest bytes for its column), size, zero padding, DateBase
    /// the smallest known date, the length sums, IdRank a permutation.
    func checkDocuments(_ file: IndexCheckFile) throws -> IndexCheckDocuments {
        let r = file.reader
        let h = FileEnvelope.headerSize
        guard r.end >= DocumentTable.headerSize else {
            throw IndexCheckFailure(file.name, at: h, "DOCS payload of \(r.end) bytes is shorter than its \(DocumentTable.headerSize)-byte header")
        }
        let count = Int(try r.getU32(at: 0))
        let titleSum = try r.getU64(at: 4)
        let bodySum = try r.getU64(at: 12)
        let dateBase = try r.getU32(at: 20)
        var widths: [Int] = []
        for column in 0..<4 {
            let width = Int(try r.getU8(at: 24 + column))
            guard width >= 1 && width <= 4 else {
                throw IndexCheckFailure(file.name, at: h + 24 + column, "column \(column) width \(width), not 1...4")
            }
            widths.append(width)
        }
        let recordSize = widths.reduce(0, +)
        let expected = DocumentTable.headerSize + count * recordSize + DocumentTable.paddingSize
        guard r.end == expected else {
            throw IndexCheckFailure(file.name, at: h, "\(count) documents of \(recordSize) bytes need \(expected) payload bytes, found \(r.end)")
        }
        for at in (r.end - DocumentTable.paddingSize)..<r.end where try r.getU8(at: at) != 0 {
            throw IndexCheckFailure(file.name, at: h + at, "padding byte not 0")
        }
        var documents = IndexCheckDocuments()
        documents.recordSize = recordSize
        documents.rankOffset = widths[0] + widths[1] + widths[2]
        documents.titleLengths.reserveCapacity(count)
        documents.bodyLengths.reserveCapacity(count)
        var seenRank = [Bool](repeating: false, count: count)
        var titles: UInt64 = 0, bodies: UInt64 = 0
        var largest = [UInt32](repeating: 0, count: 4)
        var smallestDateCode = UInt32.max
        for doc in 0..<count {
            var at = DocumentTable.headerSize + doc * recordSize
            var values: [UInt32] = []
            for width in widths {
                var value: UInt32 = 0
                for byte in 0..<width { value |= UInt32(try r.getU8(at: at + byte)) << UInt32(8 * byte) }
                values.append(value)
                at += width
            }
            for column in 0..<4 { largest[column] = max(largest[column], values[column]) }
            let (title, body, dateCode, rank) = (values[0], values[1], values[2], values[3])
            if dateCode != 0 { smallestDateCode = min(smallestDateCode, dateCode) }
            let (date, overflow) = dateCode == 0 ? (0, false) : (dateCode - 1).addingReportingOverflow(dateBase)
            guard !overflow else {
                throw IndexCheckFailure(file.name, at: h + at - widths[3] - widths[2], "document \(doc): date code \(dateCode) + base \(dateBase) is above 2^32")
            }
            guard Int(rank) < count, !seenRank[Int(rank)] else {
                throw IndexCheckFailure(file.name, at: h + at - widths[3], "document \(doc): id rank \(rank) out of range or repeated")
            }
            seenRank[Int(rank)] = true
            titles += UInt64(title)
            bodies += UInt64(body)
            documents.titleLengths.append(title)
            documents.bodyLengths.append(body)
            documents.dates.append(date)
            documents.idRanks.append(rank)
        }
        for column in 0..<4 where widths[column] != DocumentTableWriter.width(largest[column]) {
            throw IndexCheckFailure(file.name, at: h + 24 + column,
                "column \(column) is \(widths[column]) bytes wide, its largest value \(largest[column]) needs \(DocumentTableWriter.width(largest[column]))")
        }
        guard smallestDateCode == UInt32.max ? dateBase == 0 : smallestDateCode == 1 else {
            throw IndexCheckFailure(file.name, at: h + 20, "date base \(dateBase) is not the smallest known date")
        }
        guard titles == titleSum else {
            throw IndexCheckFailure(file.name, at: h + 4, "title lengths sum to \(titles), the header says \(titleSum)")
        }
        guard bodies == bodySum else {
            throw IndexCheckFailure(file.name, at: h + 12, "body lengths sum to \(bodies), the header says \(bodySum)")
        }
        return documents
    }

    // MARK: STOR

    /// Trailer and code tables (through the reader, which checks them), file table, block
    /// offsets contiguous, every block decoded strictly (exact lengths, zero padding, UTF-8,
    /// the writer's location form), file indexes and record ranges in bounds, ids unique and
    /// ranked as DOCS says. Returns the document count.
    func checkStored(_ file: IndexCheckFile, documents: IndexCheckDocuments?, report: inout IndexCheckReport) throws -> Int {
        var r = file.reader
        let h = FileEnvelope.headerSize
        let library = try StoredFields(payload: file.payload, fileName: file.name, fileOffset: h)
        let count = library.documentCount
        // The file table.
        let fileTableEnd = library.fileTableEnd
        let fileCount = try r.readVarint()
        guard fileCount <= UInt64(fileTableEnd / 12) else {
            throw IndexCheckFailure(file.name, at: h, "\(fileCount) source files cannot fit a \(fileTableEnd)-byte file table")
        }
        var fileSizes: [UInt64] = []
        for index in 0..<Int(fileCount) {
            let at = r.position
            _ = try readString(&r, what: "source file \(index) path")
            let kind = try r.readU8()
            guard kind <= 1 else { throw IndexCheckFailure(file.name, at: h + r.position - 1, "source file \(index): unknown kind \(kind)") }
            fileSizes.append(try r.readVarint())
            _ = try r.readSignedVarint()
            _ = try r.readU64()
            guard r.position <= fileTableEnd else {
                throw IndexCheckFailure(file.name, at: h + at, "source file \(index) runs past the file table's end \(fileTableEnd)")
            }
        }
        guard r.position == fileTableEnd else {
            throw IndexCheckFailure(file.name, at: h + r.position, "file table ends here, the trailer says at \(fileTableEnd)")
        }
        // The blocks: contiguous from BlocksStart to IndexStart, in order; ids unique, each read
        // alone equal to its block's.
        var ids: [String] = []
        ids.reserveCapacity(count)
        var seenIDs: Set<String> = []
        var expectedStart = UInt64(library.blocksStart)
        for block in 0..<library.blockCount {
            let slot = library.indexStart + block * 8
            let start = try r.getU64(at: slot)
            guard start == expectedStart else {
                throw IndexCheckFailure(file.name, at: h + slot, "block \(block) at \(start), but the block before ends at \(expectedStart)")
            }
            let (blockIDs, _, locations) = try library.decodeBlock(block, strict: true)
            let reader = try library.blockReader(block)
            expectedStart = start + UInt64(reader.end)
            for (index, location) in locations.enumerated() {
                let doc = block * StoredFieldsLayout.documentsPerBlock + index
                guard location.fileIndex < Int(fileCount) else {
                    throw IndexCheckFailure(file.name, at: h + Int(start), "document \(doc): source file \(location.fileIndex) of \(fileCount)")
                }
                let (end, overflow) = UInt64(location.recordOffset).addingReportingOverflow(UInt64(location.recordLength))
                guard !overflow, end <= fileSizes[location.fileIndex] else {
                    throw IndexCheckFailure(file.name, at: h + Int(start),
                        "document \(doc): record \(location.recordOffset)+\(location.recordLength) lies past the end of its \(fileSizes[location.fileIndex])-byte source file")
                }
                let id = blockIDs[index]
                guard seenIDs.insert(id).inserted else {
                    throw IndexCheckFailure(file.name, at: h + Int(start), "document \(doc): id \"\(id)\" repeated")
                }
                guard try library.id(doc) == id else {
                    throw IndexCheckFailure(file.name, at: h + Int(start), "document \(doc): the id reader reads another id than its block holds")
                }
                ids.append(id)
            }
        }
        guard expectedStart == UInt64(library.indexStart) else {
            throw IndexCheckFailure(file.name, at: h + Int(expectedStart), "blocks end here, the block index starts at \(library.indexStart)")
        }
        // The id ranks of DOCS follow the byte order of these ids.
        if let documents, documents.count == ids.count {
            let order = ids.indices.sorted { ids[$0].utf8.lexicographicallyPrecedes(ids[$1].utf8) }
            for (rank, doc) in order.enumerated() where documents.idRanks[doc] != UInt32(rank) {
                report.record(IndexCheckProblem(
                    file: name("docs"), offset: FileEnvelope.headerSize + documents.idRankOffset(doc),
                    message: "document \(doc): id rank \(documents.idRanks[doc]), but its id \"\(ids[doc])\" ranks \(rank)"))
                break
            }
        }
        return count
    }

    private func readString(_ r: inout ByteReader, what: String) throws -> String {
        let at = r.position
        let length = try r.readVarint()
        guard length <= UInt64(r.remaining) else {
            throw IndexCheckFailure(r.fileName, at: r.fileOffset + at, "\(what): string of \(length) bytes runs past the end")
        }
        let bytes = try r.readBytes(Int(length))
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw IndexCheckFailure(r.fileName, at: r.fileOffset + at, "\(what): not valid UTF-8")
        }
        return text
    }

    // MARK: TDIC

    /// Trailer, block index keys, terms strictly increasing, four values per term in bounds.
    func checkDictionary(_ file: IndexCheckFile, documentCount: Int,
                         postings: IndexCheckFile?, positions: IndexCheckFile?) throws -> [IndexCheckTerm] {
        let h = FileEnvelope.headerSize
        let dictionary = try TermDictionaryReader(file.reader)
        let trailer = file.payload.count - TermDictionaryWriter.trailerSize
        guard dictionary.valuesPerTerm == 4 else {
            throw IndexCheckFailure(file.name, at: h + trailer + 20, "\(dictionary.valuesPerTerm) values per term, 4 expected")
        }
        guard dictionary.termsPerBlock == SegmentWriter.dictionaryTermsPerBlock else {
            throw IndexCheckFailure(file.name, at: h + trailer + 21, "\(dictionary.termsPerBlock) terms per block, \(SegmentWriter.dictionaryTermsPerBlock) expected")
        }
        guard dictionary.deltaColumns == SegmentWriter.dictionaryDeltaColumns else {
            throw IndexCheckFailure(file.name, at: h + trailer + 22, "delta columns 0x\(String(dictionary.deltaColumns, radix: 16)), 0x6 (the two offsets) expected")
        }
        guard try file.reader.getU8(at: trailer + 23) == 0 else {
            throw IndexCheckFailure(file.name, at: h + trailer + 23, "reserved trailer byte is not 0")
        }
        var cursor = dictionary.makeCursor()
        var terms: [IndexCheckTerm] = []
        terms.reserveCapacity(dictionary.termCount)
        while true {
            let entryOffset = h + cursor.reader.position
            guard try cursor.next() else { break }
            let v = cursor.values
            let term = IndexCheckTerm(
                term: cursor.term, entryOffset: entryOffset,
                documentFrequency: Int(clamping: v[0]), postingsOffset: Int(clamping: v[1]),
                positionsOffset: Int(clamping: v[2]), positionCount: Int(clamping: v[3]))
            guard v[0] >= 1, v[0] <= UInt64(documentCount) else {
                throw IndexCheckFailure(file.name, at: entryOffset, "\(term.display): document frequency \(v[0]) outside 1...\(documentCount)")
            }
            guard v[3] >= v[0], v[3] <= UInt64(Int32.max) else {
                throw IndexCheckFailure(file.name, at: entryOffset, "\(term.display): \(v[3]) positions for \(v[0]) documents")
            }
            if let postings, v[1] >= UInt64(postings.payload.count) {
                throw IndexCheckFailure(file.name, at: entryOffset, "\(term.display): postings offset \(v[1]) past the postings (\(postings.payload.count) bytes)")
            }
            if let positions, v[2] >= UInt64(positions.payload.count) {
                throw IndexCheckFailure(file.name, at: entryOffset, "\(term.display): positions offset \(v[2]) past the positions (\(positions.payload.count) bytes)")
            }
            if let previous = terms.last {
                guard term.postingsOffset > previous.postingsOffset, term.positionsOffset > previous.positionsOffset else {
                    throw IndexCheckFailure(file.name, at: entryOffset, "\(term.display): offsets do not increase")
                }
            } else if term.postingsOffset != 0 || term.positionsOffset != 0 {
                throw IndexCheckFailure(file.name, at: entryOffset, "the first term's offsets are not 0")
            }
            terms.append(term)
        }
        guard terms.count == dictionary.termCount else {
            throw IndexCheckFailure(file.name, at: h + trailer, "\(terms.count) terms read, the trailer says \(dictionary.termCount)")
        }
        // Block index keys: the first 8 bytes of each block's first term, big-endian.
        for block in 0..<dictionary.blockCount {
            let first = terms[block * dictionary.termsPerBlock].term
            let key = first.withUnsafeBytes { TermDictionaryWriter.key($0) }
            let at = dictionary.indexOffset + 16 * block + 8
            let stored = try file.reader.getU64(at: at)
            guard stored == key else {
                throw IndexCheckFailure(file.name, at: h + at, "block \(block): index key does not match its first term")
            }
        }
        return terms
    }

    // MARK: POST + POSN

    /// Decodes every term's postings and positions, in dictionary order: each list starts where
    /// the one before ended, doc IDs increase and are < the document count, df and the position
    /// count agree with the data, block headers agree with their blocks, positions increase within
    /// each field and lie inside the field's length. Stops at the first problem.
    func checkPostings(terms: [IndexCheckTerm], post: IndexCheckFile, posn: IndexCheckFile,
                       documentCount: Int, documents: IndexCheckDocuments?, report: inout IndexCheckReport) {
        var postingsEnd = 0, positionsEnd = 0
        var checker = IndexCheckPostings(post: post, posn: posn, documentCount: documentCount, documents: documents)
        do {
            for term in terms {
                guard term.postingsOffset == postingsEnd else {
                    throw IndexCheckFailure(post.name, at: FileEnvelope.headerSize + postingsEnd,
                        "\(term.display): postings start at \(term.postingsOffset), the term before ends here")
                }
                guard term.positionsOffset == positionsEnd else {
                    throw IndexCheckFailure(posn.name, at: FileEnvelope.headerSize + positionsEnd,
                        "\(term.display): positions start at \(term.positionsOffset), the term before ends here")
                }
                let ends = try checker.check(term)
                postingsEnd = ends.postings
                positionsEnd = ends.positions
                report.termsVerified += 1
                report.postingsVerified += term.documentFrequency
                report.positionsVerified += term.positionCount
            }
            guard postingsEnd == post.payload.count else {
                throw IndexCheckFailure(post.name, at: FileEnvelope.headerSize + postingsEnd, "\(post.payload.count - postingsEnd) bytes after the last term's postings")
            }
            guard positionsEnd == posn.payload.count else {
                throw IndexCheckFailure(posn.name, at: FileEnvelope.headerSize + positionsEnd, "\(posn.payload.count - positionsEnd) bytes after the last term's positions")
            }
        } catch let error as NewsIndexError where error.message.hasPrefix(posn.name + ": ") {
            record(error, file: posn.name, into: &report)     // a positions block that does not decode
        } catch {
            record(error, file: post.name, into: &report)
        }
    }
}
