// TermDictionaryWriter: writes sorted terms front-coded in blocks, with a block index and trailer.

/// Writes a term dictionary: byte-string terms in strictly increasing memcmp order, each with
/// the same number (0...8) of unsigned values.
///
///     TermDictionary --> Block^BlockCount, BlockIndex, Trailer
///     Block          --> Entry^(≤ TermsPerBlock)      (every block but the last is full)
///     Entry          --> Shared (varint), SuffixLength (varint), Suffix (SuffixLength bytes),
///                        Value (varint)^ValuesPerTerm
///     BlockIndex     --> <BlockOffset (u64 LE), FirstKey (u64 LE)>^BlockCount
///                        BlockOffset: from the dictionary's first byte; FirstKey: the first 8
///                        bytes of the block's first term, zero-padded, read big-endian (so
///                        integer order agrees with byte order; equal keys need the whole term)
///     Trailer        --> TermCount (u64), IndexOffset (u64), BlockCount (u32),
///                        ValuesPerTerm (u8), TermsPerBlock (u8), Reserved (u16, 0)   = 24 bytes
///
/// Shared is the length of the prefix a term shares with the term before it; it is 0 for the
/// first entry of each block, so a block's first term is stored whole (the restart point the
/// reader binary-searches on, first by FirstKey, which keeps the search inside the compact
/// index). Shared + SuffixLength ≤ 255. Blocks follow one another with no
/// gaps; BlockCount = ceil(TermCount / TermsPerBlock) and IndexOffset is where the last ends.
///
/// Example (TermsPerBlock 2, ValuesPerTerm 1): "news"→7, "newsroom"→3, "paper"→1 is
///
///     00 04 'n' 'e' 'w' 's' 07 | 04 04 'r' 'o' 'o' 'm' 03 | 00 05 'p' 'a' 'p' 'e' 'r' 01
///     BlockIndex: (0, key "news\0\0\0\0"), (14, key "paper\0\0\0") | Trailer: 3, 22, 2, 1, 2, 0
public struct TermDictionaryWriter: Sendable {
    /// The longest term, in bytes.
    public static let maxTermLength = 255
    /// Trailer bytes.
    public static let trailerSize = 24

    /// Values stored per term (0...8).
    public let valuesPerTerm: Int
    /// Terms per front-coding block (1...255).
    public let termsPerBlock: Int
    /// Terms added so far.
    public private(set) var termCount = 0

    private var out = ByteWriter()
    private var blockOffsets: [UInt64] = []
    private var blockKeys: [UInt64] = []
    private var previous: [UInt8] = []

    /// A writer for terms carrying `valuesPerTerm` values each, restarting front coding every
    /// `termsPerBlock` terms (smaller blocks: faster lookups, a slightly bigger file).
    public init(valuesPerTerm: Int, termsPerBlock: Int = 16) {
        precondition(valuesPerTerm >= 0 && valuesPerTerm <= TermValues.capacity, "valuesPerTerm must be 0...8")
        precondition(termsPerBlock >= 1 && termsPerBlock <= 255, "termsPerBlock must be 1...255")
        self.valuesPerTerm = valuesPerTerm
        self.termsPerBlock = termsPerBlock
    }

    /// Bytes written so far (blocks only).
    public var byteCount: Int { out.count }

    /// Adds the next term. Terms must come in strictly increasing byte order, be at most 255
    /// bytes long, and carry exactly `valuesPerTerm` values (programmer errors: they trap).
    public mutating func add(_ term: UnsafeRawBufferPointer, _ values: TermValues) {
        precondition(term.count <= Self.maxTermLength, "term longer than 255 bytes")
        precondition(values.count == valuesPerTerm, "expected \(valuesPerTerm) values per term, got \(values.count)")
        var shared = 0
        if termCount > 0 {
            let order = previous.withUnsafeBytes { ByteCompare.compare($0, term) }
            precondition(order < 0, "terms must be added in strictly increasing byte order")
        }
        if termCount % termsPerBlock == 0 {
            blockOffsets.append(UInt64(out.count))
            blockKeys.append(Self.key(term))
        } else {
            shared = previous.withUnsafeBytes { ByteCompare.commonPrefixLength($0, term) }
        }
        out.append(varint: UInt64(shared))
        out.append(varint: UInt64(term.count - shared))
        out.append(UnsafeRawBufferPointer(rebasing: term[shared...]))
        for v in values { out.append(varint: v) }
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
        writer.append(u16: 0)
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
