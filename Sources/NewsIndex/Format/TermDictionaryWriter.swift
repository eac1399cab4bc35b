// TermDictionaryWriter: writes sorted terms front-coded in blocks, with a block index and trailer.

/// Writes a term dictionary: byte-string terms in strictly increasing memcmp order, each with
/// the same number (0...8) of unsigned values.
///
///     TermDictionary --> Block^BlockCount, BlockIndex, Trailer
///     Block          --> Entry^(≤ TermsPerBlock)      (every block but the last is full)
///     Entry          --> Lengths (u8), [Shared (u8), SuffixLength (u8)], Suffix (SuffixLength bytes),
///                        Value (varint)^ValuesPerTerm
///     BlockIndex     --> <BlockOffset (u64 LE), FirstKey (u64 LE)>^BlockCount
///                        BlockOffset: from the dictionary's first byte; FirstKey: the first 8
///                        bytes of the block's first term, zero-padded, read big-endian (so
///                        integer order agrees with byte order; equal keys need the whole term)
///     Trailer        --> TermCount (u64), IndexOffset (u64), BlockCount (u32),
///                        ValuesPerTerm (u8), TermsPerBlock (u8), DeltaColumns (u8),
///                        Reserved (u8, 0)                                            = 24 bytes
///
/// Shared is the length of the prefix a term shares with the term before it; it is 0 for the
/// first entry of each block, so a block's first term is stored whole (the restart point the
/// reader binary-searches on, first by FirstKey, which keeps the search inside the compact
/// index). Shared + SuffixLength ≤ 255. Lengths packs both in one byte, `Shared << 4 |
/// SuffixLength`, when Shared ≤ 14 and SuffixLength ≤ 15; otherwise Lengths is 0xF0 and the two
/// follow as bytes (only then: 0xF1...0xFF and an escape that was not needed are rejected).
///
/// DeltaColumns: bit i set means value column i is stored delta-coded inside each block: the
/// block's first entry holds the value itself, every other entry the difference to the entry
/// before (so the column must not decrease from term to term; readers add the deltas up while
/// they scan a block). Blocks follow one another with no gaps; BlockCount = ceil(TermCount /
/// TermsPerBlock) and IndexOffset is where the last ends.
///
/// Example (TermsPerBlock 2, ValuesPerTerm 1, no delta column): "news"→7, "newsroom"→3,
/// "paper"→1 is
///
///     04 'n' 'e' 'w' 's' 07 | 44 'r' 'o' 'o' 'm' 03 | 05 'p' 'a' 'p' 'e' 'r' 01
///     BlockIndex: (0, key "news\0\0\0\0"), (12, key "paper\0\0\0") | Trailer: 3, 19, 2, 1, 2, 0, 0
public struct TermDictionaryWriter: Sendable {
    /// The longest term, in bytes.
    public static let maxTermLength = 255
    /// Trailer bytes.
    public static let trailerSize = 24

    /// Values stored per term (0...8).
    public let valuesPerTerm: Int
    /// Terms per front-coding block (1...255).
    public let termsPerBlock: Int
    /// Bit i set: value column i is delta-coded inside each block (it must not decrease).
    public let deltaColumns: UInt8
    /// Terms added so far.
    public private(set) var termCount = 0

    private var out = ByteWriter()
    private var blockOffsets: [UInt64] = []
    private var blockKeys: [UInt64] = []
    private var previous: [UInt8] = []
    private var previousValues = TermValues()

    /// A writer for terms carrying `valuesPerTerm` values each, restarting front coding every
    /// `termsPerBlock` terms (smaller blocks: faster lookups, a slightly bigger file), with the
    /// value columns whose bits are set in `deltaColumns` delta-coded inside each block.
    public init(valuesPerTerm: Int, termsPerBlock: Int = 16, deltaColumns: UInt8 = 0) {
        precondition(valuesPerTerm >= 0 && valuesPerTerm <= TermValues.capacity, "valuesPerTerm must be 0...8")
        precondition(termsPerBlock >= 1 && termsPerBlock <= 255, "termsPerBlock must be 1...255")
        precondition(Int(deltaColumns) >> valuesPerTerm == 0, "deltaColumns names a column past valuesPerTerm")
        self.valuesPerTerm = valuesPerTerm
        self.termsPerBlock = termsPerBlock
        self.deltaColumns = deltaColumns
    }

    /// Lengths packs Shared ≤ 14 and SuffixLength ≤ 15 in one byte; 0xF0 escapes to two bytes.
    static let lengthsEscape: UInt8 = 0xF0

    /// Appends an entry's Lengths (one byte, or the escape and two bytes).
    static func appendLengths(shared: Int, suffixLength: Int, into out: inout ByteWriter) {
        if shared <= 14 && suffixLength <= 15 {
            out.append(u8: UInt8(shared << 4 | suffixLength))
        } else {
            out.append(u8: lengthsEscape)
            out.append(u8: UInt8(shared))
            out.append(u8: UInt8(suffixLength))
        }
    }

    /// Bytes written so far (blocks only).
    public var byteCount: Int { out.count }

    /// Adds the next term. Terms must come in strictly increasing byte order, be at most 255
    /// bytes long, and carry exactly `valuesPerTerm` values, delta columns not decreasing
    /// (programmer errors: they trap).
    public mutating func add(_ term: UnsafeRawBufferPointer, _ values: TermValues) {
        precondition(term.count <= Self.maxTermLength, "term longer than 255 bytes")
        precondition(values.count == valuesPerTerm, "expected \(valuesPerTerm) values per term, got \(values.count)")
        var shared = 0
        if termCount > 0 {
            let order = previous.withUnsafeBytes { ByteCompare.compare($0, term) }
            precondition(order < 0, "terms must be added in strictly increasing byte order")
        }
        let restart = termCount % termsPerBlock == 0
        if restart {
            blockOffsets.append(UInt64(out.count))
            blockKeys.append(Self.key(term))
        } else {
            shared = previous.withUnsafeBytes { ByteCompare.commonPrefixLength($0, term) }
        }
        Self.appendLengths(shared: shared, suffixLength: term.count - shared, into: &out)
        out.append(UnsafeRawBufferPointer(rebasing: term[shared...]))
        for (column, v) in values.enumerated() {
            if deltaColumns >> column & 1 == 1 {
                let before = termCount == 0 ? 0 : previousValues[column]
                precondition(v >= before, "delta column \(column) decreases (\(before) then \(v))")
                out.append(varint: restart ? v : v - before)
            } else {
                out.append(varint: v)
            }
        }
        previousValues = values
        previous.removeAll(keepingCapacity: true)
        previous.append(contentsOf: term)
        termCount += 1
    }

    /// Adds the next term (see `add(_:_:)` for the rules).
    public mutating func add(_ term: [UInt8], _ values: TermValues) {
        term.withUnsafeBytes { add($0, values) }
    }

    /// Adds the next term, as its UTF-8 bytes (see `add(_:_:)` for the rules).
    public mutating func add(_ term: String, _ values: TermValues) {
        var t = term
        t.withUTF8 { add(UnsafeRawBufferPointer($0), values) }
    }

    /// Appends the finished dictionary (blocks, index, trailer) to `writer`. The reader must be
    /// given exactly these bytes (offsets inside are relative to their first byte).
    public func finish(into writer: inout ByteWriter) {
        writer.append(bytes: out.bytes)
        for (o, k) in zip(blockOffsets, blockKeys) {
            writer.append(u64: o)
            writer.append(u64: k)
        }
        writer.append(u64: UInt64(termCount))
        writer.append(u64: UInt64(out.count))
        writer.append(u32: UInt32(blockOffsets.count))
        writer.append(u8: UInt8(valuesPerTerm))
        writer.append(u8: UInt8(termsPerBlock))
        writer.append(u8: deltaColumns)
        writer.append(u8: 0)
    }

    /// The finished dictionary bytes.
    public func finish() -> [UInt8] {
        var w = ByteWriter(capacity: out.count + blockOffsets.count * 16 + Self.trailerSize)
        finish(into: &w)
        return w.bytes
    }

    /// The first 8 bytes of `term`, zero-padded, as a big-endian number.
    static func key(_ term: UnsafeRawBufferPointer) -> UInt64 {
        var k: UInt64 = 0
        for i in 0..<8 { k = k << 8 | UInt64(i < term.count ? term[i] : 0) }
        return k
    }
}
