// Reading one corpus file for a build: whole, or a large JSON Lines file in pieces of whole lines so
// that memory stays bounded; with the file's content hash either way.
import Glibc

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

    /// Reads a JSON Lines file piece by piece (ordinary reads into one buffer reused for every
    /// piece), calling `each` per article. Returns the parse warnings, the bytes read and the
    /// content hash.
    static func readJSONLines(
        _ file: SourceFile, each: (Document) -> Void
    ) throws -> (warnings: [CorpusWarning], bytes: Int, hash: UInt64) {
        let fd = try SystemCalls.openFile(file.absolutePath, O_RDONLY)
        defer { close(fd) }
        let size = Int(try SystemCalls.status(of: file.absolutePath).size)
        var hasher = ContentHasher()
        var warnings: [CorpusWarning] = []
        // The partial last line of a piece (`carry` bytes) moves to the front for the next one.
        var buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: min(pieceSize, max(size, 1)), alignment: 16)
        defer { buffer.deallocate() }
        var carry = 0
        var carryOffset: Int64 = 0
        var lineNumber = 1
        var offset = 0
        repeat {
            let length = min(pieceSize, size - offset)
            if carry + length > buffer.count {
                // A line longer than a piece: room for it and the next piece.
                let grown = UnsafeMutableRawBufferPointer.allocate(byteCount: carry + length, alignment: 16)
                grown.baseAddress!.copyMemory(from: buffer.baseAddress!, byteCount: carry)
                buffer.deallocate()
                buffer = grown
            }
            let piece = UnsafeMutableRawBufferPointer(rebasing: buffer[carry..<(carry + length)])
            try SystemCalls.readRange(fd, path: file.absolutePath, offset: offset, into: piece)
            hasher.add(UnsafeRawBufferPointer(piece))
            offset += length
            let text = UnsafeRawBufferPointer(rebasing: buffer[0..<(carry + length)])
            // Parse the whole lines; keep a partial last line for the next piece.
            let atEnd = offset >= size
            let cut = atEnd ? text.count : (lastNewline(text).map { $0 + 1 } ?? 0)
            let lines = UnsafeRawBufferPointer(rebasing: text[0..<cut])
            warnings += ArticleParser.parseJSONLines(buffer: lines, file: file, fileOffset: carryOffset,
                                                     firstLineNumber: lineNumber, each: each)
            lineNumber += newlineCount(lines)
            carry = text.count - cut
            if carry > 0 { buffer.baseAddress!.copyMemory(from: buffer.baseAddress! + cut, byteCount: carry) }
            carryOffset += Int64(cut)
        } while offset < size
        return (warnings, size, hasher.value)
    }

    /// The offset of the last newline in `bytes`, or nil.
    private static func lastNewline(_ bytes: UnsafeRawBufferPointer) -> Int? {
        var index = bytes.count - 1
        while index >= 0 && bytes[index] != 0x0A { index -= 1 }
        return index >= 0 ? index : nil
    }

    /// The number of newlines in `bytes`.
    private static func newlineCount(_ bytes: UnsafeRawBufferPointer) -> Int {
        var count = 0
        var index = 0
        while true {
            index = UTF8Text.nextNewline(bytes, from: index, end: bytes.count)
            if index == bytes.count { return count }
            count += 1
            index += 1
        }
    }
}
