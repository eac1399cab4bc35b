// TermDictionaryReader: exact lookups in a front-coded term dictionary (format: TermDictionaryWriter).

/// Reads a term dictionary written by `TermDictionaryWriter`, in place (no copying, no
/// per-lookup allocation).
///
/// `lookup` binary-searches the blocks' first terms, then scans one block comparing only the
/// bytes that differ from the previous term. `makeCursor` gives ordered iteration (all terms,
/// from a term, or those with a prefix). Damaged bytes make reads throw `.corrupt` or return
/// wrong values, never trap. Sendable for the reasons given on `ByteReader`.
public struct TermDictionaryReader: Sendable {
    let bytes: ByteReader
    /// The number of terms.
    public let termCount: Int
    /// Values stored per term.
    public let valuesPerTerm: Int
    /// Terms per front-coding block.
    public let termsPerBlock: Int
    /// Bit i set: value column i is delta-coded inside each block.
    public let deltaColumns: UInt8
    /// The number of blocks.
    public let blockCount: Int
    /// Where the block index starts (= where the blocks end).
    let indexOffset: Int

    /// Opens the dictionary held in `reader`'s whole buffer (e.g. an envelope's payload from
    /// `FileEnvelope.openReader`). Checks the trailer and the index's size; throws `.corrupt`.
    public init(_ reader: ByteReader) throws(NewsIndexError) {
        bytes = reader
        let size = reader.end
        let t = size - TermDictionaryWriter.trailerSize
        guard t >= 0 else { throw reader.corrupt("term dictionary too short for its trailer (\(size) bytes)", at: 0) }
        let count = try reader.getU64(at: t)
        let index = try reader.getU64(at: t + 8)
        let blocks = Int(try reader.getU32(at: t + 16))
        let vpt = Int(try reader.getU8(at: t + 20))
        let tpb = Int(try reader.getU8(at: t + 21))
        let deltas = try reader.getU8(at: t + 22)
        guard vpt <= TermValues.capacity, tpb >= 1 else {
            throw reader.corrupt("term dictionary trailer: \(vpt) values per term, \(tpb) terms per block", at: t + 20)
        }
        guard Int(deltas) >> vpt == 0 else {
            throw reader.corrupt("term dictionary trailer: delta columns 0x\(String(deltas, radix: 16)) past \(vpt) values per term", at: t + 22)
        }
        guard count <= UInt64(t), (Int(count) + tpb - 1) / tpb == blocks else {
            throw reader.corrupt("term dictionary trailer: \(count) terms do not fit \(blocks) blocks of \(tpb)", at: t)
        }
        guard index <= UInt64(t), Int(index) + blocks * 16 == t else {
            throw reader.corrupt("term dictionary trailer: block index at \(index) does not end at the trailer", at: t + 8)
        }
        termCount = Int(count)
        valuesPerTerm = vpt
        termsPerBlock = tpb
        deltaColumns = deltas
        blockCount = blocks
        indexOffset = Int(index)
    }

    /// Opens the dictionary held in `buffer` (messages name `fileName` and give offsets from
    /// `fileOffset`).
    public init(_ buffer: UnsafeRawBufferPointer, fileName: String, fileOffset: Int = 0, owner: AnyObject? = nil) throws(NewsIndexError) {
        try self.init(ByteReader(buffer, fileName: fileName, fileOffset: fileOffset, owner: owner))
    }

    // MARK: Blocks

    /// The offset of block `i` (checked to lie inside the blocks area).
    func blockOffset(_ i: Int) throws(NewsIndexError) -> Int {
        let o = try bytes.getU64(at: indexOffset + 16 * i)
        guard o < UInt64(indexOffset) else { throw bytes.corrupt("block \(i) offset \(o) outside the blocks", at: indexOffset + 16 * i) }
        return Int(o)
    }

    /// A reader over block `i`.
    func blockReader(_ i: Int) throws(NewsIndexError) -> ByteReader {
        let start = try blockOffset(i)
        let stop = i + 1 < blockCount ? try blockOffset(i + 1) : indexOffset
        guard stop > start else { throw bytes.corrupt("block \(i) offsets out of order", at: indexOffset + 16 * i) }
        return try bytes.slice(at: start, count: stop - start)
    }

    /// The number of terms in block `i`.
    func termsInBlock(_ i: Int) -> Int {
        i + 1 < blockCount ? termsPerBlock : termCount - i * termsPerBlock
    }

    /// The first term of block `i` (points into the dictionary). Reads the raw bytes directly
    /// (this runs ~log2(blockCount) times per lookup): Shared must be 0, so Lengths is either the
    /// length itself (≤ 15) or the escape 0xF0, 0, length (16...255).
    func firstTerm(_ i: Int) throws(NewsIndexError) -> UnsafeRawBufferPointer {
        let start = try blockOffset(i)       // < indexOffset
        let p = bytes.buffer
        var length = Int(p[start])
        var q = start + 1
        if length > 15 {
            guard length == Int(TermDictionaryWriter.lengthsEscape), indexOffset - start >= 3, p[start + 1] == 0, p[start + 2] > 15 else {
                throw bytes.corrupt("block \(i) does not start with a whole term", at: start)
            }
            length = Int(p[start + 2])
            q = start + 3
        }
        guard length <= indexOffset - q else {
            throw bytes.corrupt("term of \(length) bytes runs past the blocks", at: start)
        }
        return UnsafeRawBufferPointer(rebasing: p[q ..< q + length])
    }

    /// Reads an entry's Lengths (Shared, SuffixLength), rejecting a needless escape, an unknown
    /// byte, and a term over 255 bytes.
    static func readLengths(_ r: inout ByteReader) throws(NewsIndexError) -> (shared: Int, suffixLength: Int) {
        let at = r.position
        let lengths = try r.readU8()
        if lengths < TermDictionaryWriter.lengthsEscape { return (Int(lengths >> 4), Int(lengths & 15)) }
        let shared = Int(try r.readU8())
        let suffixLength = Int(try r.readU8())
        guard lengths == TermDictionaryWriter.lengthsEscape, shared > 14 || suffixLength > 15,
              shared + suffixLength <= TermDictionaryWriter.maxTermLength else {
            throw r.corrupt("bad front coding (lengths 0x\(String(lengths, radix: 16)), shared \(shared), suffix \(suffixLength))", at: at)
        }
        return (shared, suffixLength)
    }

    /// The last block whose first term is ≤ `term`, or nil if `term` sorts before every term.
    /// Compares the index's 8-byte keys first; only equal keys need the block's first term.
    func findBlock(_ term: UnsafeRawBufferPointer) throws(NewsIndexError) -> Int? {
        guard blockCount > 0 else { return nil }
        let key = TermDictionaryWriter.key(term)
        let index = UnsafeRawBufferPointer(rebasing: bytes.buffer[indexOffset ..< indexOffset + 16 * blockCount])
        let base = index.baseAddress.unsafelyUnwrapped
        func firstIsAtMost(_ i: Int) throws(NewsIndexError) -> Bool {
            let k = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: 16 * i + 8, as: UInt64.self))
            if k != key { return k < key }
            return ByteCompare.compare(try firstTerm(i), term) <= 0
        }
        guard try firstIsAtMost(0) else { return nil }
        // Invariant: first(lo) ≤ term; first(hi + 1) > term.
        var lo = 0, hi = blockCount - 1
        while lo < hi {
            let mid = lo + (hi - lo + 1) / 2
            if try firstIsAtMost(mid) { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    // MARK: Lookup

    /// The values of `term`, or nil when it is not in the dictionary.
    public func lookup(_ term: UnsafeRawBufferPointer) throws(NewsIndexError) -> TermValues? {
        guard let b = try findBlock(term) else { return nil }
        var r = try blockReader(b)
        let n = termsInBlock(b)
        var matched = 0      // common prefix of `term` and the previous entry (which sorts before it)
        var previousLength = 0
        var values = TermValues(zeros: valuesPerTerm)
        for k in 0..<n {
            let entry = r.position
            let (shared, suffixLength) = try Self.readLengths(&r)
            guard shared <= previousLength, (k != 0 || shared == 0) else {
                throw r.corrupt("bad front coding (shared \(shared), suffix \(suffixLength))", at: entry)
            }
            let suffix = try r.readBytes(suffixLength)
            previousLength = shared + suffixLength
            if shared < matched { return nil }            // differs from term earlier, and upward
            if shared == matched {
                let rest = UnsafeRawBufferPointer(rebasing: term[matched...])
                let c = ByteCompare.commonPrefixLength(suffix, rest)
                if c == suffixLength {
                    if c == rest.count {                                // equal
                        try readValues(&r, into: &values)
                        return values
                    }
                    matched += c                                        // a prefix of term: smaller
                } else if c == rest.count || suffix[c] > rest[c] {
                    return nil                                          // past term
                } else {
                    matched += c                                        // smaller
                }
            }
            // shared > matched: shares more with the previous (smaller) entry: smaller too.
            if deltaColumns == 0 { try r.skipVarints(valuesPerTerm) } else { try readValues(&r, into: &values) }
        }
        return nil
    }

    /// The values of `term`, or nil when it is not in the dictionary.
    public func lookup(_ term: [UInt8]) throws(NewsIndexError) -> TermValues? {
        try term.withUnsafeBytes { t in Result { () throws(NewsIndexError) in try lookup(t) } }.get()
    }

    /// The values of the term with these UTF-8 bytes, or nil.
    public func lookup(_ term: String) throws(NewsIndexError) -> TermValues? {
        var t = term
        return try t.withUTF8 { t in Result { () throws(NewsIndexError) in try lookup(UnsafeRawBufferPointer(t)) } }.get()
    }

    /// Reads an entry's values into `values`, which holds the entry before's (zeros at a block's
    /// start): plain columns are replaced, delta columns added to (wrapping: damaged deltas give
    /// wrong values, which callers bound-check, never a trap).
    @inline(__always)
    func readValues(_ r: inout ByteReader, into values: inout TermValues) throws(NewsIndexError) {
        for column in 0..<valuesPerTerm {
            let v = try r.readVarint()
            values[column] = deltaColumns >> column & 1 == 1 ? values[column] &+ v : v
        }
    }

    // MARK: Iteration

    /// A cursor before the first term: `next()` yields every term in order.
    public func makeCursor() -> TermDictionaryCursor {
        TermDictionaryCursor(dictionary: self, block: 0)
    }

    /// A cursor whose first `next()` yields the first term ≥ `term`.
    public func makeCursor(from term: UnsafeRawBufferPointer) throws(NewsIndexError) -> TermDictionaryCursor {
        var c = TermDictionaryCursor(dictionary: self, block: try findBlock(term) ?? 0)
        while try c.next() {
            if c.term.withUnsafeBytes({ ByteCompare.compare($0, term) }) >= 0 {
                c.holdCurrent()
                break
            }
        }
        return c
    }

    /// A cursor yielding, in order, exactly the terms that start with `prefix`.
    public func makeCursor(prefix: [UInt8]) throws(NewsIndexError) -> TermDictionaryCursor {
        var c = try prefix.withUnsafeBytes { p in Result { () throws(NewsIndexError) in try makeCursor(from: p) } }.get()
        c.stopPrefix = prefix
        return c
    }

    /// All terms starting with `prefix`, in order, with their values (at most `limit`).
    public func terms(withPrefix prefix: [UInt8], limit: Int = .max) throws(NewsIndexError) -> [(term: [UInt8], values: TermValues)] {
        var c = try makeCursor(prefix: prefix)
        var out: [(term: [UInt8], values: TermValues)] = []
        while out.count < limit, try c.next() { out.append((c.term, c.values)) }
        return out
    }
}
