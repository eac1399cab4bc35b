// The positions of one term (POSN file): every position delta of the term, document after document,
// in bit-packed blocks of 128 values and a tail (a short packed block, or varints when ≤ 2 values).
// Encoder and reader side by side.

/// Encodes a term's position deltas: for each document in posting order, its title positions then
/// its body positions, each field delta-coded from 0. The values are cut into blocks of 128:
///
///     TermPositions --> PackedBlock^(count / 128), [Tail]
///     PackedBlock   --> PatchedBlock (128 values; see PatchedBlock.swift)
///     Tail          --> varint^(count % 128)                   when count % 128 ≤ 2
///                     | ShortBlock(count % 128 values)          otherwise (PatchedBlock.encodeShort)
enum PositionsEncoder {
    /// Appends the blocks and returns each full or tail block's offset from the term's start.
    static func encode(_ values: [UInt32], into out: inout ByteWriter) -> [UInt32] {
        let start = out.count
        var offsets: [UInt32] = []
        offsets.reserveCapacity(values.count / 128 + 1)
        var index = 0
        values.withUnsafeBufferPointer { buffer in
            while index + 128 <= values.count {
                offsets.append(UInt32(out.count - start))
                PatchedBlock.encode(UnsafeBufferPointer(rebasing: buffer[index..<(index + 128)]), into: &out)
                index += 128
            }
        }
        if index < values.count {
            offsets.append(UInt32(out.count - start))
            PatchedBlock.encodeTail(values[index...], into: &out)
        }
        return offsets
    }
}

/// Reads position values of one term by absolute index, decoding one block at a time (cached).
struct PositionsReader {
    private let positions: UnsafeRawBufferPointer
    private let fileName: String
    private let termStart: Int
    /// Total number of values of the term (its collection frequency).
    let count: Int

    private var cachedBlock = -1
    private var cachedOffset = 0
    private var values = [UInt32](repeating: 0, count: 128)
    /// A known block start: block number and byte offset.
    private var anchorBlock = 0
    private var anchorOffset = 0

    init(positions: UnsafeRawBufferPointer, termStart: Int, count: Int, fileName: String) {
        self.positions = positions
        self.termStart = termStart
        self.count = count
        self.fileName = fileName
        anchorOffset = termStart
    }

    /// Tells the reader where block `block` starts (from a postings block header).
    mutating func anchor(block: Int, offsetFromTermStart: Int) {
        anchorBlock = block
        anchorOffset = termStart + offsetFromTermStart
    }

    /// The value at absolute index `index` (< count).
    mutating func value(at index: Int) throws(NewsIndexError) -> UInt32 {
        guard index >= 0 && index < count else { throw corrupt("position index \(index) of \(count)", at: termStart) }
        let block = index >> 7
        if block != cachedBlock { try load(block) }
        return values[index & 127]
    }

    private mutating func load(_ block: Int) throws(NewsIndexError) {
        // Walk from the nearest known block start (the anchor, or the cached block).
        var current = anchorBlock, offset = anchorOffset
        if cachedBlock >= 0 && cachedBlock <= block && cachedBlock > current { current = cachedBlock; offset = cachedOffset }
        if block < current { current = 0; offset = termStart }
        let fullBlocks = count >> 7
        while current < block {
            guard current < fullBlocks, offset < positions.count else { throw corrupt("positions block \(current) past the end", at: offset) }
            offset += try PatchedBlock.size(in: positions, at: offset, fileName: fileName)
            current += 1
        }
        var reader = ByteReader(positions, fileName: fileName)
        try reader.seek(to: offset)
        let tail = count & 127
        try values.withUnsafeMutableBufferPointer { (buffer) throws(NewsIndexError) in
            if block < fullBlocks {
                try PatchedBlock.decode(&reader, into: buffer.baseAddress!)
            } else {
                try PatchedBlock.decodeTail(&reader, count: tail, into: buffer.baseAddress!)
            }
        }
        cachedBlock = block
        cachedOffset = offset
    }

    private func corrupt(_ what: String, at offset: Int) -> NewsIndexError {
        NewsIndexError(.corrupt, "\(fileName): bad positions (\(what)) at offset \(offset)")
    }
}
