// TermDictionaryCursor: ordered iteration over a term dictionary (scans, prefix queries, merges).

/// Walks a term dictionary in byte order, rebuilding each term from its front coding.
///
///     var c = dictionary.makeCursor()            // or makeCursor(from:), makeCursor(prefix:)
///     while try c.next() { use(c.term, c.values) }
///
/// A sequential scan also checks the structure: blocks follow one another, each starts with a
/// whole term, terms strictly increase. Anything else throws `.corrupt` (for `newsidx check`).
public struct TermDictionaryCursor: Sendable {
    let dictionary: TermDictionaryReader
    var block: Int
    var inBlock = 0
    var reader: ByteReader        // over the blocks area; position = the next entry
    var started = false           // a block has been entered
    var hasPrevious = false       // `term` holds the previous term (for the order check)
    var finished = false
    var held = false
    var stopPrefix: [UInt8]?

    /// The current term (valid after `next()` returned true).
    public private(set) var term: [UInt8] = []
    /// The current term's values (valid after `next()` returned true).
    public private(set) var values = TermValues()

    init(dictionary d: TermDictionaryReader, block: Int) {
        dictionary = d
        self.block = block
        let whole = d.bytes
        reader = ByteReader(
            UnsafeRawBufferPointer(rebasing: whole.buffer[0..<d.indexOffset]),
            fileName: whole.fileName, fileOffset: whole.fileOffset, owner: whole.owner)
        term.reserveCapacity(TermDictionaryWriter.maxTermLength)
    }

    /// Makes the next `next()` return true with the current term again.
    mutating func holdCurrent() { held = true }

    /// Moves to the next term; false at the end (or past the cursor's prefix).
    public mutating func next() throws(NewsIndexError) -> Bool {
        if held {
            held = false
        } else {
            guard !finished, try advance() else {
                finished = true
                return false
            }
        }
        if let p = stopPrefix, !term.starts(with: p) {
            finished = true
            return false
        }
        return true
    }

    private mutating func advance() throws(NewsIndexError) -> Bool {
        let d = dictionary
        if !started || inBlock == d.termsInBlock(block) {
            if started { block += 1 }
            guard block < d.blockCount else {
                if started && reader.position != d.indexOffset {
                    throw reader.corrupt("\(d.indexOffset - reader.position) stray bytes after the last block", at: reader.position)
                }
                return false
            }
            let start = try d.blockOffset(block)
            if started && reader.position != start {
                throw d.bytes.corrupt("block \(block) starts at \(start), the one before ends at \(reader.position)", at: d.indexOffset + 16 * block)
            }
            try reader.seek(to: start)
            started = true
            inBlock = 0
            values = TermValues(zeros: d.valuesPerTerm)
        }
        let entry = reader.position
        let (shared, suffixLength) = try TermDictionaryReader.readLengths(&reader)
        guard shared <= term.count, inBlock != 0 || shared == 0 else {
            throw reader.corrupt("bad front coding (shared \(shared), suffix \(suffixLength))", at: entry)
        }
        let suffix = try reader.readBytes(suffixLength)
        if hasPrevious {
            // Strictly increasing; inside a block the first differing byte is right after `shared`.
            let increasing: Bool
            if inBlock == 0 {
                increasing = term.withUnsafeBytes { ByteCompare.compare($0, suffix) } < 0
            } else if suffixLength == 0 {
                increasing = false
            } else {
                increasing = shared == term.count || suffix[0] > term[shared]
            }
            guard increasing else { throw reader.corrupt("terms out of order", at: entry) }
        }
        term.removeSubrange(shared...)
        term.append(contentsOf: suffix)
        try d.readValues(&reader, into: &values)
        inBlock += 1
        hasPrevious = true
        return true
    }
}
