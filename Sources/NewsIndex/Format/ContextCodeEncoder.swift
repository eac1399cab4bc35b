// ContextCodeEncoder: trains an order-1 canonical Huffman code on a segment's strings (ids or
// titles), writes its length table and encodes each string as a byte-aligned bit string.

/// An order-1 code over bytes: each byte is coded with the Huffman code of the byte before it
/// (its *context*; the first byte's context is `start`), and every string ends with the `end`
/// symbol. Trained on exactly the strings it will encode, so every (context, symbol) pair it
/// meets has a code. See IndexFormat.md, "STOR", for the table's grammar.
struct ContextCodeEncoder {
    /// The symbol that ends a string (bytes are symbols 0...255).
    static let endSymbol = 256
    /// The context of a string's first symbol (other contexts are the previous byte 0...255).
    static let startContext = 256
    static let alphabet = 257

    /// Per context (0...256), its symbols' lengths in symbol order; empty when never seen.
    private(set) var lengths: [[(symbol: Int, length: Int)]]
    /// context * alphabet + symbol → (code, length); length −1 when the pair has no code.
    private var codes: [(code: UInt32, length: Int8)]

    /// Trains on `strings` (each counted with its end symbol).
    init(training strings: some Sequence<String>) {
        var counts = [UInt64](repeating: 0, count: Self.alphabet * Self.alphabet)
        for string in strings {
            var context = Self.startContext
            for byte in string.utf8 {
                counts[context * Self.alphabet + Int(byte)] += 1
                context = Int(byte)
            }
            counts[context * Self.alphabet + Self.endSymbol] += 1
        }
        lengths = []
        codes = [(code: UInt32, length: Int8)](repeating: (0, -1), count: Self.alphabet * Self.alphabet)
        for context in 0..<Self.alphabet {
            var seen: [(symbol: Int, count: UInt64)] = []
            for symbol in 0..<Self.alphabet where counts[context * Self.alphabet + symbol] > 0 {
                seen.append((symbol, counts[context * Self.alphabet + symbol]))
            }
            guard !seen.isEmpty else { lengths.append([]); continue }
            let contextLengths = HuffmanLengths.lengths(seen)
            lengths.append(contextLengths)
            for entry in HuffmanLengths.canonicalCodes(contextLengths) {
                codes[context * Self.alphabet + entry.symbol] = (entry.code, Int8(entry.length))
            }
        }
    }

    /// The length table:
    ///
    ///     Code    --> ContextCount varint, Context^ContextCount
    ///     Context --> ContextGap varint, SymbolCount varint, <SymbolGap varint, Length u8>^SymbolCount
    ///
    /// Gaps: the value minus the one before minus 1 (the first: the value itself).
    func writeTable(into out: inout ByteWriter) {
        out.append(varint: UInt64(lengths.count { !$0.isEmpty }))
        var previousContext = -1
        for (context, entries) in lengths.enumerated() where !entries.isEmpty {
            out.append(varint: UInt64(context - previousContext - 1))
            previousContext = context
            out.append(varint: UInt64(entries.count))
            var previousSymbol = -1
            for entry in entries {
                out.append(varint: UInt64(entry.symbol - previousSymbol - 1))
                previousSymbol = entry.symbol
                out.append(u8: UInt8(entry.length))
            }
        }
    }

    /// Appends `string`'s code: its symbols' codes, most significant bit first, then zero bits
    /// up to a byte boundary. `string` must have been among the training strings.
    func encode(_ string: String, into out: inout ByteWriter) {
        var accumulator: UInt64 = 0
        var pending = 0
        func put(_ context: Int, _ symbol: Int) {
            let entry = codes[context * Self.alphabet + symbol]
            precondition(entry.length >= 0, "ContextCodeEncoder: a string it was not trained on")
            accumulator = accumulator << UInt64(entry.length) | UInt64(entry.code)
            pending += Int(entry.length)
            while pending >= 8 {
                pending -= 8
                out.append(u8: UInt8(truncatingIfNeeded: accumulator >> UInt64(pending)))
            }
        }
        var context = Self.startContext
        for byte in string.utf8 {
            put(context, Int(byte))
            context = Int(byte)
        }
        put(context, Self.endSymbol)
        if pending > 0 { out.append(u8: UInt8(truncatingIfNeeded: accumulator << UInt64(8 - pending))) }
    }

    /// The encoded size of `string` in bytes.
    func encodedSize(_ string: String) -> Int {
        var bits = 0
        var context = Self.startContext
        for byte in string.utf8 {
            bits += Int(codes[context * Self.alphabet + Int(byte)].length)
            context = Int(byte)
        }
        bits += Int(codes[context * Self.alphabet + Self.endSymbol].length)
        return (bits + 7) / 8
    }
}
