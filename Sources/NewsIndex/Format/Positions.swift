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
/// The block buffer belongs to the caller (`values`, room for 128), which frees it.
struct PositionsReader {
    /// Over the whole positions file; kept and moved in place, so a block load copies no file name.
    private var reader: ByteReader
    private let termStart: Int
    /// Total number of values of the term (its collection frequency).
    let count: Int

    /// The block whose values `values` holds.
    private var decodedBlock = -1
    /// The last block located, and its byte offset.
    private var knownBlock = -1
    private var knownOffset = 0
    private let values: UnsafeMutablePointer<UInt32>
    /// A known block start: block number and byte offset.
    private var anchorBlock = 0
    private var anchorOffset = 0

    init(positions: UnsafeRawBufferPointer, termStart: Int, count: Int, fileName: String, buffer: UnsafeMutablePointer<UInt32>) {
        reader = ByteReader(positions, fileName: fileName)
        self.termStart = termStart
        self.count = count
        values = buffer
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
        if block != decodedBlock { try load(block) }
        return values[index & 127]
    }

    /// The running sums of the `length` values from absolute index `first` (a field's positions,
    /// delta-coded from 0), written to `out`; throws when a sum passes 2^32 − 1.
    mutating func prefixSums(from first: Int, length: Int, into out: UnsafeMutablePointer<UInt32>) throws(NewsIndexError) {
        guard first >= 0, length >= 0, first <= count - length else {
            throw corrupt("positions \(first)..<\(first + length) of \(count)", at: termStart)
        }
        var sum: UInt64 = 0
        var index = first, written = 0
        let end = first + length
        while index < end {
            let block = index >> 7
            let stop = min(end, (block + 1) << 7)
            if block != decodedBlock { try load(block) }
            var slot = index & 127
            for _ in index..<stop {
                sum &+= UInt64(values[slot])
                out[written] = UInt32(truncatingIfNeeded: sum)
                slot &+= 1
                written &+= 1
            }
            index = stop
        }
        guard sum <= UInt64(UInt32.max) else { throw corrupt("a position above 2^32 − 1", at: termStart) }
    }

    /// The byte offset of block `block`, walked to from the nearest known block start (the anchor,
    /// or the block last located).
    private mutating func locate(_ block: Int) throws(NewsIndexError) -> Int {
        var current = anchorBlock, offset = anchorOffset
        if knownBlock >= 0 && knownBlock <= block && knownBlock > current { current = knownBlock; offset = knownOffset }
        if block < current { current = 0; offset = termStart }
        let fullBlocks = count >> 7
        while current < block {
            guard current < fullBlocks, offset < reader.end else { throw corrupt("positions block \(current) past the end", at: offset) }
            offset += try PatchedBlock.size(&reader, at: offset)
            current += 1
        }
        knownBlock = block
        knownOffset = offset
        return offset
    }

    private mutating func load(_ block: Int) throws(NewsIndexError) {
        let offset = try locate(block)  // moves `reader`: done before the seek's access begins
        try reader.seek(to: offset)
        decodedBlock = -1
        if block < count >> 7 {
            try PatchedBlock.decode(&reader, into: values)
        } else {
            try PatchedBlock.decodeTail(&reader, count: count & 127, into: values)
        }
        decodedBlock = block
    }

    private func corrupt(_ what: String, at offset: Int) -> NewsIndexError {
        NewsIndexError(.corrupt, "\(reader.fileName): bad positions (\(what)) at offset \(offset)")
    }
}

/// A reusable buffer of one document's positions in one field (ascending), for phrase matching
/// without an array per read.
final class PositionList {
    private(set) var values: UnsafeMutablePointer<UInt32>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 64) {
        self.capacity = capacity
        values = .allocate(capacity: capacity)
    }

    deinit { values.deallocate() }

    /// Empties the list and makes room for `count` values, which the caller then writes.
    func reset(_ count: Int) {
        if count > capacity {
            values.deallocate()
            capacity = max(count, capacity * 2)
            values = .allocate(capacity: capacity)
        }
        self.count = count
    }
}
