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
    /// The 8-bit lookup table of `decode`.
    private let tables = ContextCodeTables()
    /// slot * lengthSlots + length → how many codes have that length.
    private var lengthCounts: [UInt16] = []
    /// slot → where its symbols start in `symbols`.
    private var symbolStart: [Int32] = []
    /// Every slot's symbols in canonical (length, symbol) order, and their lengths.
    private var symbols: [UInt16] = []
    private var symbolLengths: [UInt8] = []
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
            let canonical = entries.sorted { ($0.length, $0.symbol) < ($1.length, $1.symbol) }
            symbols += canonical.map { UInt16($0.symbol) }
            symbolLengths += canonical.map { UInt8($0.length) }
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
        for (index, context) in contexts.enumerated() {
            if single[index] >= 0 {
                let entry = UInt16(Int(single[index]) << 6 | ContextCodeTables.known)
                for slot in 0..<256 { tables.entries[context << 8 | slot] = entry }
                continue
            }
            // Every code of ≤ 8 bits fills the 2^(8 − length) table entries it prefixes.
            let start = Int(symbolStart[index])
            let end = index + 1 < contexts.count ? Int(symbolStart[index + 1]) : symbols.count
            var code = 0, previousLength = 0
            for (position, symbolIndex) in (start..<end).enumerated() {
                let length = Int(symbolLengths[symbolIndex])
                if position > 0 { code = (code + 1) << (length - previousLength) }
                previousLength = length
                guard length <= 8 else { continue }
                let first = code << (8 - length), span = 1 << (8 - length)
                for slot in first..<(first + span) {
                    tables.entries[context << 8 | slot] = UInt16(Int(symbols[symbolIndex]) << 6 | ContextCodeTables.known | length)
                }
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
        var capacity = 256
        while true {
            var result: (end: Int, paddingIsZero: Bool, written: Int) = (0, true, 0)
            var failure: NewsIndexError?
            let bytes = [UInt8](unsafeUninitializedCapacity: capacity) { output, initialized in
                do throws(NewsIndexError) {
                    result = try decode(buffer, at: start, output: output.baseAddress!, capacity: capacity,
                                        fileName: fileName, fileOffset: fileOffset)
                } catch { failure = error }
                initialized = max(0, result.written)
            }
            if let failure { throw failure }
            if result.written >= 0 {
                out += bytes
                return (result.end, result.paddingIsZero)
            }
            capacity *= 8
        }
    }

    /// Appends one string's bytes to `out`, through a buffer on the stack when they fit 256 bytes
    /// (no allocation beyond `out`'s own growth).
    func append(_ buffer: UnsafeRawBufferPointer, at start: Int, to out: inout [UInt8],
                fileName: String, fileOffset: Int) throws(NewsIndexError) {
        let fitted = try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 256) { (scratch) throws(NewsIndexError) -> Bool in
            let result = try decode(buffer, at: start, output: scratch.baseAddress!, capacity: scratch.count,
                                    fileName: fileName, fileOffset: fileOffset)
            guard result.written >= 0 else { return false }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: scratch[..<result.written]))
            return true
        }
        if !fitted { _ = try decode(buffer, at: start, into: &out, fileName: fileName, fileOffset: fileOffset) }
    }

    /// Decodes one string (invalid UTF-8 repaired with U+FFFD), straight into the string's storage
    /// when it fits 128 bytes.
    func decodeString(_ buffer: UnsafeRawBufferPointer, at start: Int, fileName: String, fileOffset: Int) throws(NewsIndexError) -> String {
        var failure: NewsIndexError?
        var fits = true
        let string = String(unsafeUninitializedCapacity: 128) { output in
            do throws(NewsIndexError) {
                let result = try decode(buffer, at: start, output: output.baseAddress!, capacity: output.count,
                                        fileName: fileName, fileOffset: fileOffset)
                fits = result.written >= 0
                return max(0, result.written)
            } catch {
                failure = error
                return 0
            }
        }
        if let failure { throw failure }
        if fits { return string }
        var bytes: [UInt8] = []
        _ = try decode(buffer, at: start, into: &bytes, fileName: fileName, fileOffset: fileOffset)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The decoding loop: writes the string's bytes to `output`; `written` is −1 when they do not
    /// fit `capacity` (nothing else is then meaningful).
    ///
    /// Bits are taken from a 64-bit buffer (next bit on top); a code of up to 8 bits is one
    /// lookup of the next 8 bits in its context's table, a longer one is decoded bit by bit.
    private func decode(_ buffer: UnsafeRawBufferPointer, at start: Int, output: UnsafeMutablePointer<UInt8>, capacity: Int,
                        fileName: String, fileOffset: Int) throws(NewsIndexError) -> (end: Int, paddingIsZero: Bool, written: Int) {
        guard start >= 0, start <= buffer.count else {
            throw NewsIndexError(.corrupt, "\(fileName): encoded string starts past its end at offset \(fileOffset + start)")
        }
        // With no bytes only zero-bit codes can be read; `base` is then never dereferenced.
        let base = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self)
        let count = buffer.count
        let entries = tables.entries
        var bits: UInt64 = 0, available = 0, position = start, consumed = 0, written = 0
        var context = Self.startContext
        while true {
            if available < HuffmanLengths.maximumLength {
                while available <= 56 && position < count {
                    bits |= UInt64(base.unsafelyUnwrapped[position]) << UInt64(56 - available)
                    available += 8
                    position += 1
                }
            }
            let entry = Int(entries[context << 8 | Int(bits >> 56)])
            var symbol: Int, length: Int
            if entry & ContextCodeTables.known != 0 {
                length = entry & 31
                symbol = entry >> 6
            } else {
                let index = Int(slot[context])
                guard index >= 0 else {
                    throw NewsIndexError(.corrupt, "\(fileName): encoded string uses context \(context), which the code table lacks, at offset \(fileOffset + start)")
                }
                (symbol, length) = slowSymbol(index, bits)
            }
            guard length <= available else {
                throw NewsIndexError(.corrupt, "\(fileName): encoded string runs past its end at offset \(fileOffset + start)")
            }
            bits <<= UInt64(length)
            available -= length
            consumed += length
            if symbol == Self.endSymbol { break }
            guard written < capacity else { return (0, false, -1) }
            output[written] = UInt8(truncatingIfNeeded: symbol)
            written += 1
            context = symbol
        }
        let end = start + (consumed + 7) >> 3
        let used = consumed & 7
        if used == 0 { return (end, true, written) }
        return (end, base.unsafelyUnwrapped[end - 1] & UInt8(0xFF >> used) == 0, written)
    }

    /// A code longer than 8 bits, canonically, from the top bits of `bits`: (symbol, length).
    /// A complete code always ends by the maximum length.
    private func slowSymbol(_ index: Int, _ bits: UInt64) -> (Int, Int) {
        var code = 0, first = 0, offset = Int(symbolStart[index])
        let countsBase = index * Self.lengthSlots
        for length in 1...HuffmanLengths.maximumLength {
            code |= Int(bits >> UInt64(64 - length)) & 1
            let count = Int(lengthCounts[countsBase + length])
            if code - first < count { return (Int(symbols[offset + code - first]), length) }
            offset += count
            first = (first + count) << 1
            code <<= 1
        }
        return (Self.endSymbol, Int.max)     // unreachable for a parsed table; fails the length check
    }
}

/// The decoder's lookup table in flat memory, immutable once built: for every context and every
/// value of the next 8 bits, `symbol << 6 | known | length` when a code of ≤ 8 bits (or the
/// zero-bit code of a single-symbol context) matches, 0 otherwise (a longer code, or a context
/// without a code: the decoder's slow path sorts them out). 257 × 256 entries, 128 KiB.
final class ContextCodeTables: @unchecked Sendable {
    static let known = 0x20
    let entries: UnsafeMutablePointer<UInt16>

    init() {
        entries = .allocate(capacity: ContextCodeEncoder.alphabet << 8)
        entries.initialize(repeating: 0, count: ContextCodeEncoder.alphabet << 8)
    }

    deinit { entries.deallocate() }
}
