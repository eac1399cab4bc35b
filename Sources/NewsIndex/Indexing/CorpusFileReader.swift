// Reading one corpus file for a build: whole, or a large JSON Lines file in pieces of whole lines so
// that memory stays bounded; with the file's content hash either way.

enum CorpusFileReader {
    /// Files above this size are read in pieces of this size (JSON Lines only: a .txt file is one article).
    static let pieceSize = 16 << 20

    /// The file's content hash: XXH64 of the file when it fits one piece, else XXH64 of the
    /// XXH64 values of its consecutive pieces (the same for a file whatever reads it).
    struct ContentHasher {
        private var pieceHashes: [UInt8] = []
        private var single: UInt64?
        private var pieces = 0

        mutating func add(_ piece: UnsafeRawBufferPointer) {
            let hash = XXHash64.hash(piece)
            pieces += 1
            single = pieces == 1 ? hash : nil
            for shift in stride(from: 0, to: 64, by: 8) { pieceHashes.append(UInt8(truncatingIfNeeded: hash >> UInt64(shift))) }
        }

        var value: UInt64 {
            if let single { return single }
            return pieceHashes.withUnsafeBytes { XXHash64.hash($0) }
        }
    }

    /// The content hash of bytes held whole.
    static func hash(_ bytes: [UInt8]) -> UInt64 {
        var hasher = ContentHasher()
        var offset = 0
        bytes.withUnsafeBytes { buffer in
            repeat {
                let end = min(buffer.count, offset + pieceSize)
                hasher.add(UnsafeRawBufferPointer(rebasing: buffer[offset..<end]))
                offset = end
            } while offset < buffer.count
        }
        return hasher.value
    }

    /// Reads a JSON Lines file piece by piece (ordinary reads), calling `each` per article.
    /// Returns the parse warnings, the bytes read and the content hash.
    static func readJSONLines(
        _ file: SourceFile, each: (Document) -> Void
    ) throws -> (warnings: [CorpusWarning], bytes: Int, hash: UInt64) {
        let size = Int(try SystemCalls.status(of: file.absolutePath).size)
        var hasher = ContentHasher()
        var warnings: [CorpusWarning] = []
        var carry: [UInt8] = []
        var carryOffset: Int64 = 0
        var lineNumber = 1
        var offset = 0
        repeat {
            let piece = try SystemCalls.readRange(at: file.absolutePath, offset: offset, length: min(pieceSize, size - offset))
            piece.withUnsafeBytes { hasher.add($0) }
            offset += piece.count
            var text = carry
            text.append(contentsOf: piece)
            // Parse the whole lines; keep a partial last line for the next piece.
            let atEnd = offset >= size
            let cut = atEnd ? text.count : (text.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0)
            let lines = Array(text[0..<cut])
            warnings += ArticleParser.parseJSONLines(bytes: lines, file: file, fileOffset: carryOffset,
                                                     firstLineNumber: lineNumber, each: each)
            lineNumber += lines.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            carry = Array(text[cut...])
            carryOffset += Int64(cut)
        } while offset < size
        return (warnings, size, hasher.value)
    }
}
