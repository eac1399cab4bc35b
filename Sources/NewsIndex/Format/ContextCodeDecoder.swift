// ContextCodeDecoder: reads an order-1 canonical Huffman length table (written by
// ContextCodeEncoder), checking every invariant, and decodes byte-aligned encoded strings.

/// The decoding side of `ContextCodeEncoder`. Parsing rejects any table that is not a complete
/// prefix code per context, that names a byte with no context of its own, or whose zero-bit
/// (single-symbol) contexts could chain forever; so decoding always ends or fails.
struct ContextCodeDecoder: Sendable {
    static let alphabet = ContextCodeEncoder.alphabet
    static let endSymbol = ContextCodeEncoder.endSymbol
    static let startContext = ContextCodeEncoder.startContext
    private static let lengthSlots = HuffmanLengths.maximumLength + 1

    /// context → its slot, −1 when absent.
    private var slot = [Int16](repeating: -1, count: alphabet)
    /// slot * lengthSlots + length → how many codes have that length.
    private var lengthCounts: [UInt16] = []
    /// slot → where its symbols start in `symbols`.
    private var symbolStart: [Int32] = []
    /// Every slot's symbols in canonical (length, symbol) order.
    private var symbols: [UInt16] = []
    /// slot → its only symbol when it has one (a zero-bit code), else −1.
    private var single: [Int16] = []
    /// The contexts present, in increasing order (for checks and tests).
    private(set) var contexts: [Int] = []

    /// Parses a table at the reader's cursor and moves past it.
    init(reading reader: inout ByteReader) throws(NewsIndexError) {
        let tableStart = reader.position
        let count = try reader.readVarint()
        guard count <= UInt64(Self.alphabet) else { throw reader.corrupt("code table of \(count) contexts (at most 257)", at: tableStart) }
        var previousContext = -1
        for _ in 0..<Int(count) {
            let at = reader.position
            let gap = try reader.readVarint()
            guard gap < UInt64(Self.alphabet), previousContext + 1 + Int(gap) < Self.alphabet else {
                throw reader.corrupt("code table context out of range or not increasing", at: at)
            }
            let context = previousContext + 1 + Int(gap)
            previousContext = context
            let symbolCountAt = reader.position
            let symbolCount = try reader.readVarint()
            guard symbolCount >= 1, symbolCount <= UInt64(Self.alphabet) else {
                throw reader.corrupt("context \(context): \(symbolCount) symbols (1...257)", at: symbolCountAt)
            }
            var entries: [(symbol: Int, length: Int)] = []
            var previousSymbol = -1
            for _ in 0..<Int(symbolCount) {
                let symbolAt = reader.position
                let symbolGap = try reader.readVarint()
                guard symbolGap < UInt64(Self.alphabet), previousSymbol + 1 + Int(symbolGap) < Self.alphabet else {
                    throw reader.corrupt("context \(context): symbol out of range or not increasing", at: symbolAt)
                }
                previousSymbol += 1 + Int(symbolGap)
                let length = Int(try reader.readU8())
                entries.append((previousSymbol, length))
            }
            guard HuffmanLengths.isComplete(entries.map(\.length)) else {
                throw reader.corrupt("context \(context): code lengths do not form a complete prefix code", at: symbolCountAt)
            }
            slot[context] = Int16(contexts.count)
            contexts.append(context)
            var perLength = [UInt16](repeating: 0, count: Self.lengthSlots)
            for entry in entries { perLength[entry.length] += 1 }
            lengthCounts += perLength
            symbolStart.append(Int32(symbols.count))
            symbols += entries.sorted { ($0.length, $0.symbol) < ($1.length, $1.symbol) }.map { UInt16($0.symbol) }
            single.append(entries.count == 1 ? Int16(entries[0].symbol) : -1)
        }
        // Every byte a context can produce must have a context; zero-bit chains must end.
        for (index, context) in contexts.enumerated() {
            let start = Int(symbolStart[index])
            let end = index + 1 < contexts.count ? Int(symbolStart[index + 1]) : symbols.count
            for symbol in symbols[start..<end] where Int(symbol) != Self.endSymbol && slot[Int(symbol)] < 0 {
                throw reader.corrupt("context \(context) codes byte \(symbol), which has no context", at: tableStart)
            }
        }
        for context in contexts {
            var next = context, steps = 0
            while single[Int(slot[next])] >= 0 && Int(single[Int(slot[next])]) != Self.endSymbol {
                next = Int(single[Int(slot[next])])
                steps += 1
                guard steps <= Self.alphabet else {
                    throw reader.corrupt("context \(context) starts an endless chain of zero-bit codes", at: tableStart)
                }
            }
        }
    }

    /// An empty code (no contexts): decodes nothing.
    init() {}

    /// Decodes the string whose code starts at byte `start` of `buffer` into `out` (appended).
    /// Returns the offset just past its last byte and whether the padding bits are all zero.
    /// Throws when the code runs past the end of `buffer` or reaches a context with no table.
    func decode(_ buffer: UnsafeRawBufferPointer, at start: Int, into out: inout [UInt8],
                fileName: String, fileOffset: Int) throws(NewsIndexError) -> (end: Int, paddingIsZero: Bool) {
        var position = start        // the byte holding the next bit
        var bit = 0                 // bits of buffer[position] used, 0...7
        var context = Self.startContext
        let lengthSlots = Self.lengthSlots
        while true {
            let index = Int(slot[context])
            guard index >= 0 else {
                throw NewsIndexError(.corrupt, "\(fileName): encoded string uses context \(context), which the code table lacks, at offset \(fileOffset + start)")
            }
            var symbol = Int(single[index])
            if symbol < 0 {
                var code = 0, first = 0, offset = Int(symbolStart[index])
                let countsBase = index * lengthSlots
                var length = 1
                while true {
                    guard position < buffer.count else {
                        throw NewsIndexError(.corrupt, "\(fileName): encoded string runs past its end at offset \(fileOffset + start)")
                    }
                    code |= Int(buffer[position] >> UInt8(7 - bit)) & 1
                    bit += 1
                    if bit == 8 { bit = 0; position += 1 }
                    let count = Int(lengthCounts[countsBase + length])
                    if code - first < count { symbol = Int(symbols[offset + code - first]); break }
                    offset += count
                    first = (first + count) << 1
                    code <<= 1
                    length += 1
                    // A complete code always ends by maximumLength.
                }
            }
            if symbol == Self.endSymbol { break }
            out.append(UInt8(symbol))
            context = symbol
        }
        if bit == 0 { return (position, true) }
        let padding = buffer[position] & UInt8(0xFF >> bit)
        return (position + 1, padding == 0)
    }

    /// Decodes one string (invalid UTF-8 repaired with U+FFFD).
    func decodeString(_ buffer: UnsafeRawBufferPointer, at start: Int, fileName: String, fileOffset: Int) throws(NewsIndexError) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64)
        _ = try decode(buffer, at: start, into: &bytes, fileName: fileName, fileOffset: fileOffset)
        return String(decoding: bytes, as: UTF8.self)
    }
}
