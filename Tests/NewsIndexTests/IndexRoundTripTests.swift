// Round trips of each index file kind alone: writer → bytes → reader gives back what was written.
import Foundation
import Testing
@testable import NewsIndex

@Suite("Index file round trips")
struct IndexRoundTripTests {
    // MARK: DOCS

    @Test(arguments: [0, 1, 2, 1000])
    func documentTable(count: Int) throws {
        let seed = 0xD0C5_0000 + UInt64(count)
        var rng = ModelRandom(seed: seed)
        var writer = DocumentTableWriter()
        var rows: [(UInt32, UInt32, UInt32)] = []
        for _ in 0..<count {
            let big = rng.chance(0.05)
            let row = (big ? UInt32.random(in: 0...UInt32.max, using: &rng) : UInt32(rng.int(0...300)),
                       big ? UInt32.max : UInt32(rng.int(0...5000)),
                       rng.chance(0.1) ? 0 : UInt32(rng.int(19000101...20991231)))
            rows.append(row)
            writer.append(titleLength: row.0, bodyLength: row.1, date: row.2)
        }
        let ranks = (0..<UInt32(count)).shuffled(using: &rng)
        var out = ByteWriter()
        writer.encode(idRanks: ranks, into: &out)
        let bytes = out.bytes
        try bytes.withUnsafeBytes { raw in
            let table = try DocumentTable(payload: raw, fileName: "t.docs")
            #expect(bytes.count == DocumentTable.headerSize + count * table.recordSize + DocumentTable.paddingSize, "seed \(seed)")
            #expect(table.count == count, "seed \(seed)")
            #expect(table.titleLengthSum == rows.reduce(0) { $0 + UInt64($1.0) }, "seed \(seed)")
            #expect(table.bodyLengthSum == rows.reduce(0) { $0 + UInt64($1.1) }, "seed \(seed)")
            for (doc, row) in rows.enumerated() {
                let ok = table.titleLength(doc) == row.0 && table.bodyLength(doc) == row.1
                    && table.date(doc) == row.2 && table.idRank(doc) == ranks[doc]
                #expect(ok, "seed \(seed) doc \(doc)")
                if !ok { break }
            }
        }
        // A payload one byte short, or one byte long, does not open.
        for damaged in [Array(bytes.dropLast()), bytes + [0]] {
            #expect(throws: NewsIndexError.self, "seed \(seed) \(damaged.count) bytes") {
                try damaged.withUnsafeBytes { _ = try DocumentTable(payload: $0, fileName: "t.docs") }
            }
        }
    }

    /// Each column is as wide as its largest value needs; dates are coded from the smallest known one.
    @Test func documentTableWidths() throws {
        var writer = DocumentTableWriter()
        writer.append(titleLength: 255, bodyLength: 256, date: 20061020)
        writer.append(titleLength: 0, bodyLength: 65536, date: 0)
        writer.append(titleLength: 7, bodyLength: 9, date: 20131231)
        var out = ByteWriter()
        writer.encode(idRanks: [2, 0, 1], into: &out)
        try out.bytes.withUnsafeBytes { raw in
            let table = try DocumentTable(payload: raw, fileName: "t.docs")
            // title ≤ 255: 1 byte; body 65536: 3 bytes; date codes ≤ 20131231 − 20061020 + 1 = 70212: 3 bytes; ranks: 1.
            #expect(table.widths == [1, 3, 3, 1])
            #expect(table.dateBase == 20061020)
            #expect(out.count == 28 + 3 * 8 + 3)
            #expect((0..<3).map { table.date($0) } == [20061020, 0, 20131231])
            #expect((0..<3).map { table.bodyLength($0) } == [256, 65536, 9])
            #expect((0..<3).map { table.idRank($0) } == [2, 0, 1])
        }
    }

    // MARK: STOR

    static let samples = ["", "a", "Zürich", "東京の記事", "🚀 launch — “quotes”", "e\u{301}cole", "tab\there", "line\nbreak",
                          String(repeating: "long ", count: 300), "nul\u{0}inside"]

    @Test(arguments: [(0, 0), (1, 0), (0, 1), (1, 1), (300, 500)])
    func storedFields(files fileCount: Int, documents documentCount: Int) throws {
        let seed = 0x5708_0000 + UInt64(fileCount * 1000 + documentCount)
        var rng = ModelRandom(seed: seed)
        var writer = StoredFieldsWriter()
        var files: [StoredSourceFile] = []
        for i in 0..<fileCount {
            let file = StoredSourceFile(
                relativePath: i < Self.samples.count ? Self.samples[i] : "dir/\(Self.samples.randomElement(using: &rng)!)/\(i).txt",
                kind: rng.chance(0.5) ? .text : .jsonLines,
                size: rng.chance(0.1) ? Int64.max : Int64(rng.int(0...1_000_000)),
                modificationTimeNanoseconds: rng.chance(0.2) ? -Int64(rng.int(0...Int(Int32.max))) : Int64.random(in: 0...Int64.max, using: &rng),
                contentHash: rng.next())
            files.append(file)
            #expect(writer.addFile(file) == i)
        }
        var documents: [StoredDocument] = []
        for i in 0..<documentCount {
            let document = StoredDocument(
                id: i < Self.samples.count ? Self.samples[i] : "id-\(i)-\(Self.samples.randomElement(using: &rng)!)",
                title: Self.samples.randomElement(using: &rng)!,
                date: 0,     // not stored in STOR (DOCS holds it)
                location: StoredLocation(
                    fileIndex: rng.int(0...max(0, fileCount - 1)),
                    recordOffset: rng.chance(0.1) ? Int64.max : Int64(rng.int(0...10_000_000)),
                    recordLength: rng.int(0...100_000), bodyOffset: rng.int(0...500), lineNumber: rng.int(0...100_000),
                    recordHash: UInt32(truncatingIfNeeded: rng.next())))
            documents.append(document)
            writer.addDocument(document)
        }
        #expect(writer.documentCount == documentCount)
        var out = ByteWriter()
        writer.encode(into: &out)
        try out.bytes.withUnsafeBytes { raw in
            let stored = try StoredFields(payload: raw, fileName: "t.stor")
            #expect(stored.documentCount == documentCount, "seed \(seed)")
            #expect(try stored.files() == files, "seed \(seed)")
            for (i, document) in documents.enumerated() {
                let back = try stored.document(i)
                #expect(back == document, "seed \(seed) doc \(i)")
                #expect(try stored.id(i) == document.id, "seed \(seed) doc \(i)")
                if back != document { break }
            }
            #expect(throws: NewsIndexError.self) { _ = try stored.document(documentCount) }
            #expect(throws: NewsIndexError.self) { _ = try stored.document(-1) }
            #expect(throws: NewsIndexError.self) { _ = try stored.id(documentCount) }
        }
        // Too short for the trailer.
        #expect(throws: NewsIndexError.self) {
            try Array(out.bytes.suffix(31)).withUnsafeBytes { _ = try StoredFields(payload: $0, fileName: "t.stor") }
        }
    }

    // MARK: MANIFEST

    static let manifests: [Manifest] = [
        Manifest(generation: 0, buildTime: 0, corpusRoot: "", stemming: false, segments: []),
        Manifest(generation: 1, buildTime: 1_700_000_000, corpusRoot: "/srv/news", stemming: true,
                 segments: [SegmentEntry(name: "g1-0", documentCount: 0)]),
        Manifest(generation: UInt64.max, buildTime: -1, corpusRoot: "/tmp/Zürich/東京 🚀", stemming: true,
                 segments: (0..<40).map { SegmentEntry(name: "g\($0)-\($0 % 3)", documentCount: $0 * 100_003 % Int(Int32.max)) }
                     + [SegmentEntry(name: "é", documentCount: Int(Int32.max))]),
    ]

    @Test(arguments: 0..<3)
    func manifest(index: Int) throws {
        let manifest = Self.manifests[index]
        let bytes = manifest.encoded()
        let back = try Manifest(fileBytes: bytes, fileName: "MANIFEST")
        #expect(back == manifest)
        #expect(back.documentCount == manifest.documentCount)
        // Every byte flipped (one bit, or all bits), and every truncation: the parse throws.
        for offset in bytes.indices {
            for mask: UInt8 in [0x01, 0x80, 0xFF] {
                var damaged = bytes
                damaged[offset] ^= mask
                #expect(throws: NewsIndexError.self, "manifest \(index): byte \(offset) ^ \(mask)") {
                    _ = try Manifest(fileBytes: damaged, fileName: "MANIFEST")
                }
            }
        }
        for length in 0..<bytes.count {
            #expect(throws: NewsIndexError.self, "manifest \(index): truncated to \(length)") {
                _ = try Manifest(fileBytes: Array(bytes.prefix(length)), fileName: "MANIFEST")
            }
        }
        #expect(throws: NewsIndexError.self) { _ = try Manifest(fileBytes: bytes + [0], fileName: "MANIFEST") }
    }

    // MARK: POST + POSN

    /// A random posting list. Variants: 0 mixed, 1 no title tfs (tf 0 in one field everywhere),
    /// 2 no body tfs, 3 large gaps, large tfs (> 255) and long fields (> 65535) for saturation.
    struct PostingList {
        var docs: [UInt32] = []
        var titleTFs: [UInt32] = []
        var bodyTFs: [UInt32] = []
        /// Absolute positions per doc and field.
        var titlePositions: [[UInt32]] = []
        var bodyPositions: [[UInt32]] = []
        var titleLengths: [UInt32] = []
        var bodyLengths: [UInt32] = []
        var documentCount = 0

        init(length: Int, variant: Int, rng: inout ModelRandom) {
            var doc = rng.int(0...3)
            for _ in 0..<length {
                docs.append(UInt32(doc))
                doc += 1 + (rng.chance(0.7) ? rng.int(0...2) : rng.int(0...(variant == 3 ? 100_000 : 1000)))
            }
            func tf() -> UInt32 {
                if variant == 3 && rng.chance(0.03) { return UInt32(rng.int(200...600)) }
                return rng.chance(0.4) ? 0 : UInt32(rng.int(1...(rng.chance(0.1) ? 40 : 3)))
            }
            for _ in 0..<length {
                var title = variant == 1 ? 0 : tf()
                var body = variant == 2 ? 0 : tf()
                if title == 0 && body == 0 { if variant == 1 { body = 1 } else { title = 1 } }
                titleTFs.append(title)
                bodyTFs.append(body)
                titlePositions.append(Self.positions(title, &rng))
                bodyPositions.append(Self.positions(body, &rng))
            }
            documentCount = Int(docs.last!) + 1 + rng.int(0...5)
            // Documents without the term: lengths the headers must ignore (shorter than any below).
            titleLengths = [UInt32](repeating: 0, count: documentCount)
            bodyLengths = [UInt32](repeating: 0, count: documentCount)
            for (i, d) in docs.enumerated() {
                // A field is at least as long as its last position + 1; sometimes far longer.
                let long = variant == 3 && rng.chance(0.3)
                titleLengths[Int(d)] = max(UInt32(rng.int(0...50)), (titlePositions[i].last ?? 0) + 1) + (long ? 70_000 : 0)
                bodyLengths[Int(d)] = max(UInt32(rng.int(0...3000)), (bodyPositions[i].last ?? 0) + 1) + (long ? UInt32(rng.int(0...100_000)) : 0)
            }
        }

        static func positions(_ count: UInt32, _ rng: inout ModelRandom) -> [UInt32] {
            var out: [UInt32] = []
            var p = UInt32(rng.int(0...(rng.chance(0.1) ? 100_000 : 5)))
            for _ in 0..<count { out.append(p); p += UInt32(rng.int(1...(rng.chance(0.05) ? 5000 : 4))) }
            return out
        }

        /// The POSN values: per doc, title then body positions, each delta-coded from 0.
        var positionValues: (values: [UInt32], starts: [UInt32]) {
            var values: [UInt32] = [], starts: [UInt32] = []
            for i in docs.indices {
                starts.append(UInt32(values.count))
                for field in [titlePositions[i], bodyPositions[i]] {
                    var last: UInt32 = 0
                    for p in field { values.append(p - last); last = p }
                }
            }
            return (values, starts)
        }
    }

    @Test(arguments: [1, 2, 3, 4, 9, 127, 128, 129, 130, 131, 255, 256, 259, 1000])
    func postings(length: Int) throws {
        for variant in 0..<4 {
            let seed = 0x9057_0000 + UInt64(length * 16 + variant)
            var rng = ModelRandom(seed: seed)
            let list = PostingList(length: length, variant: variant, rng: &rng)
            let (values, starts) = list.positionValues

            // Each term's data sits after other bytes and is followed by more.
            var posn = ByteWriter()
            for _ in 0..<rng.int(0...17) { posn.append(u8: 0xA5) }
            let positionsOffset = posn.count
            let blockOffsets = PositionsEncoder.encode(values, into: &posn)
            for _ in 0..<9 { posn.append(u8: 0x5A) }
            var post = ByteWriter()
            for _ in 0..<rng.int(1...23) { post.append(u8: 0xC3) }
            let postingsOffset = post.count
            PostingsEncoder.encode(docs: list.docs, titleTFs: list.titleTFs, bodyTFs: list.bodyTFs,
                                   positionStarts: starts, positionBlockOffsets: blockOffsets,
                                   titleLengths: list.titleLengths, bodyLengths: list.bodyLengths, into: &post)
            for _ in 0..<7 { post.append(u8: 0x3C) }

            let context = "seed \(seed) length \(length) variant \(variant)"
            try post.bytes.withUnsafeBytes { postings in
                try posn.bytes.withUnsafeBytes { positions in
                    func cursor() throws -> PostingsCursor {
                        try PostingsCursor(documentFrequency: length, postingsOffset: postingsOffset,
                                           positionsOffset: positionsOffset, positionCount: values.count,
                                           postings: postings, positions: positions,
                                           documentCount: list.documentCount, fileName: "t.post")
                    }
                    try checkHeaders(try cursor(), list, starts: starts, blockOffsets: blockOffsets, context)
                    try checkSequential(try cursor(), list, context)
                    try checkAdvance(cursor, list, rng: &rng, context)
                }
            }
        }
    }

    /// Block headers: lastDoc, positions anchors, and per group (documents with the term in the
    /// title / the others) the largest TFs and smallest floor(8 · length / tf), recomputed here.
    func checkHeaders(_ cursor: PostingsCursor, _ list: PostingList, starts: [UInt32], blockOffsets: [UInt32],
                      _ context: String) throws {
        let length = list.docs.count
        #expect(cursor.hasHeaders == (length >= 128), "\(context)")
        guard length >= 128 else { #expect(cursor.blockCount == 1, "\(context)"); return }
        let blocks = (length + 127) / 128
        #expect(cursor.blockCount == blocks, "\(context)")
        var previousDataOffset: UInt32 = 0
        for block in 0..<blocks {
            let range = (block * 128)..<min(length, block * 128 + 128)
            let header = cursor.header(block)
            var maxTitle: UInt32 = 0, maxTitledBody: UInt32 = 0, maxBody: UInt32 = 0
            var minTitle = UInt32.max, minTitledBody = UInt32.max, minBody = UInt32.max
            for i in range {
                let doc = Int(list.docs[i]), title = list.titleTFs[i], body = list.bodyTFs[i]
                let titleRatio = UInt32(min(UInt64(UInt32.max), UInt64(list.titleLengths[doc]) * 8 / UInt64(max(title, 1))))
                let bodyRatio = UInt32(min(UInt64(UInt32.max), UInt64(list.bodyLengths[doc]) * 8 / UInt64(max(body, 1))))
                if title > 0 {
                    maxTitle = max(maxTitle, title); minTitle = min(minTitle, titleRatio)
                    if body > 0 { maxTitledBody = max(maxTitledBody, body); minTitledBody = min(minTitledBody, bodyRatio) }
                } else {
                    maxBody = max(maxBody, body); minBody = min(minBody, bodyRatio)
                }
            }
            let want = PostingsBlockHeader(
                lastDoc: list.docs[range.upperBound - 1], dataOffset: header.dataOffset,
                positionsOffset: blockOffsets[Int(starts[range.lowerBound] >> 7)], positionsIndex: starts[range.lowerBound],
                maxTitleTF: maxTitle, minTitleLengthPerTF: maxTitle > 0 ? minTitle : 0,
                maxTitledBodyTF: maxTitledBody, minTitledBodyLengthPerTF: maxTitledBody > 0 ? minTitledBody : 0,
                maxBodyTF: maxBody, minBodyLengthPerTF: maxBody > 0 ? minBody : 0)
            #expect(header == want, "\(context) block \(block)")
            #expect(cursor.lastDoc(ofBlock: block) == want.lastDoc, "\(context) block \(block)")
            #expect(block == 0 || header.dataOffset > previousDataOffset, "\(context) block \(block): data offsets increase")
            previousDataOffset = header.dataOffset
        }
    }

    /// `next` over everything: docs, tfs and positions of both fields, then exhausted (and stays so).
    func checkSequential(_ cursor: PostingsCursor, _ list: PostingList, _ context: String) throws {
        #expect(cursor.doc == -1)
        var positions: [UInt32] = []
        for i in list.docs.indices {
            try cursor.next()
            guard cursor.doc == Int32(list.docs[i]), cursor.titleTF == list.titleTFs[i], cursor.bodyTF == list.bodyTFs[i] else {
                Issue.record("\(context) posting \(i): doc \(cursor.doc) tfs \(cursor.titleTF)/\(cursor.bodyTF), wrote \(list.docs[i]) \(list.titleTFs[i])/\(list.bodyTFs[i])")
                return
            }
            // Alternate the order in which the fields are asked for.
            for field in i % 2 == 0 ? [Field.title, .body] : [.body, .title] {
                try cursor.positions(in: field, into: &positions)
                let want = field == .title ? list.titlePositions[i] : list.bodyPositions[i]
                guard positions == want else {
                    Issue.record("\(context) posting \(i) \(field.name) positions \(positions), wrote \(want)")
                    return
                }
            }
        }
        try cursor.next()
        #expect(cursor.doc == PostingsCursor.exhausted, "\(context)")
        try cursor.next()
        #expect(cursor.doc == PostingsCursor.exhausted, "\(context)")
    }

    /// `advance(to:)` to random increasing targets, sometimes skipping positions entirely.
    func checkAdvance(_ makeCursor: () throws -> PostingsCursor, _ list: PostingList, rng: inout ModelRandom,
                      _ context: String) throws {
        var positions: [UInt32] = []
        for round in 0..<8 {
            let cursor = try makeCursor()
            var index = -1
            var target: Int32 = 0
            var trace: [Int32] = []
            while true {
                target = target + Int32(rng.chance(0.5) ? rng.int(0...3) : rng.int(0...(list.documentCount / 4 + 1)))
                trace.append(target)
                try cursor.advance(to: target)
                if index < 0 || Int32(list.docs[index]) < target {
                    index = list.docs[max(index, 0)...].firstIndex { Int32($0) >= target } ?? list.docs.count
                }
                if index >= list.docs.count {
                    #expect(cursor.doc == PostingsCursor.exhausted, "\(context) round \(round) targets \(trace)")
                    break
                }
                guard cursor.doc == Int32(list.docs[index]), cursor.titleTF == list.titleTFs[index],
                      cursor.bodyTF == list.bodyTFs[index] else {
                    Issue.record("\(context) round \(round) targets \(trace): doc \(cursor.doc), wrote \(list.docs[index])")
                    break
                }
                if rng.chance(0.5) {
                    try cursor.positions(in: .body, into: &positions)
                    guard positions == list.bodyPositions[index] else {
                        Issue.record("\(context) round \(round) targets \(trace): body positions \(positions), wrote \(list.bodyPositions[index])")
                        break
                    }
                    try cursor.positions(in: .title, into: &positions)
                    guard positions == list.titlePositions[index] else {
                        Issue.record("\(context) round \(round) targets \(trace): title positions \(positions), wrote \(list.titlePositions[index])")
                        break
                    }
                }
            }
        }
    }
}
