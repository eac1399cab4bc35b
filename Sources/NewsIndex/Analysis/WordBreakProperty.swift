// The UAX #29 Word_Break property (Unicode 15.0) and its constant-time lookup, with the
// Extended_Pictographic and "word character" (General_Category L* or N*) flags.

/// The Word_Break property values of UAX #29, Unicode 15.0 (from our generated tables, not from
/// the toolchain's `Unicode.Scalar.Properties`, which follow a different Unicode version).
///
/// The raw values are the numbers used in `WordBreakTables.ranges`; they must match
/// `PROPERTY_NUMBERS` in Scripts/generate_wordbreak_tables.py.
public enum WordBreakProperty: UInt8, Sendable, CaseIterable {
    case other = 0
    case cr = 1
    case lf = 2
    case newline = 3
    case extend = 4
    case zwj = 5
    case regionalIndicator = 6
    case format = 7
    case katakana = 8
    case hebrewLetter = 9
    case aLetter = 10
    case singleQuote = 11
    case doubleQuote = 12
    case midNumLet = 13
    case midLetter = 14
    case midNum = 15
    case numeric = 16
    case extendNumLet = 17
    case wSegSpace = 18

    /// The Word_Break property of `scalar`.
    public static func of(_ scalar: Unicode.Scalar) -> WordBreakProperty {
        WordBreakProperty(rawValue: WordBreakLookup.shared.value(of: scalar.value) & WordBreakLookup.propertyMask)
            ?? .other
    }

    /// Whether `scalar` has the Extended_Pictographic property (emoji-data.txt, Unicode 15.0).
    public static func isExtendedPictographic(_ scalar: Unicode.Scalar) -> Bool {
        WordBreakLookup.shared.value(of: scalar.value) & WordBreakLookup.pictographicBit != 0
    }

    /// Whether `scalar` is a word character for indexing: General_Category L* (letters, including
    /// ideographs) or N* (digits and other numbers), Unicode 15.0.
    public static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        WordBreakLookup.shared.value(of: scalar.value) & WordBreakLookup.wordCharacterBit != 0
    }
}

extension WordBreakProperty {
    /// The raw values as plain byte constants for the segmenter's hot loop (the optimizer folds
    /// these, while `rawValue` of an enum case may stay a call). Must equal the cases' raw values
    /// (checked by WordBreakTests).
    enum Raw {
        @inline(__always) static var other: UInt8 { 0 }
        @inline(__always) static var cr: UInt8 { 1 }
        @inline(__always) static var lf: UInt8 { 2 }
        @inline(__always) static var newline: UInt8 { 3 }
        @inline(__always) static var extend: UInt8 { 4 }
        @inline(__always) static var zwj: UInt8 { 5 }
        @inline(__always) static var regionalIndicator: UInt8 { 6 }
        @inline(__always) static var format: UInt8 { 7 }
        @inline(__always) static var katakana: UInt8 { 8 }
        @inline(__always) static var hebrewLetter: UInt8 { 9 }
        @inline(__always) static var aLetter: UInt8 { 10 }
        @inline(__always) static var singleQuote: UInt8 { 11 }
        @inline(__always) static var doubleQuote: UInt8 { 12 }
        @inline(__always) static var midNumLet: UInt8 { 13 }
        @inline(__always) static var midLetter: UInt8 { 14 }
        @inline(__always) static var midNum: UInt8 { 15 }
        @inline(__always) static var numeric: UInt8 { 16 }
        @inline(__always) static var extendNumLet: UInt8 { 17 }
        @inline(__always) static var wSegSpace: UInt8 { 18 }
    }
}

/// A two-level table giving each code point's packed value (see `WordBreakTables.ranges`):
/// `values[Int(blockIndex[cp >> 8]) << 8 | cp & 0xFF]`. Block 0 holds U+0000...U+00FF, so the
/// first 128 entries of `values` are the ASCII class table. Built once from the generated ranges
/// (about 150 distinct mixed blocks plus one shared block per uniform value, ~45 KB).
struct WordBreakLookup: Sendable {
    /// Bits 0-4 of a packed value: the `WordBreakProperty` raw value.
    static let propertyMask: UInt8 = 0x1F
    /// Bit 5 of a packed value: Extended_Pictographic.
    static let pictographicBit: UInt8 = 0x20
    /// Bit 6 of a packed value: General_Category L* or N*.
    static let wordCharacterBit: UInt8 = 0x40
    /// Number of 256-code-point blocks in U+0000...U+10FFFF.
    static let blockCount = 0x1100

    /// The shared table, built on first use.
    static let shared = WordBreakLookup(ranges: WordBreakTables.ranges)

    /// For each block of 256 code points, the index of its 256 values in `values`.
    let blockIndex: [UInt16]
    /// Packed values, 256 per block; block 0 is U+0000...U+00FF.
    let values: [UInt8]

    /// Builds the table from sorted, non-overlapping (first, last, value) triples.
    init(ranges: [UInt32]) {
        var blockIndex = [UInt16](repeating: 0, count: Self.blockCount)
        var values: [UInt8] = []
        values.reserveCapacity(180 * 256)
        var uniformBlock = [Int](repeating: -1, count: 256)  // packed value -> block number
        let tripleCount = ranges.count / 3
        var next = 0  // first triple that may reach into the current block
        for block in 0..<Self.blockCount {
            let low = UInt32(block << 8), high = low + 0xFF
            while next < tripleCount && ranges[3 * next + 1] < low { next += 1 }
            var uniform: UInt8? = nil
            if block != 0 {  // block 0 always gets its own values: it is the ASCII table
                if next == tripleCount || ranges[3 * next] > high {
                    uniform = 0
                } else if ranges[3 * next] <= low && ranges[3 * next + 1] >= high {
                    uniform = UInt8(truncatingIfNeeded: ranges[3 * next + 2])
                }
            }
            if let uniform {
                if uniformBlock[Int(uniform)] < 0 {
                    uniformBlock[Int(uniform)] = values.count >> 8
                    values.append(contentsOf: repeatElement(uniform, count: 256))
                }
                blockIndex[block] = UInt16(uniformBlock[Int(uniform)])
                continue
            }
            let base = values.count
            blockIndex[block] = UInt16(base >> 8)
            values.append(contentsOf: repeatElement(0, count: 256))
            var k = next
            while k < tripleCount && ranges[3 * k] <= high {
                let first = max(ranges[3 * k], low), last = min(ranges[3 * k + 1], high)
                let value = UInt8(truncatingIfNeeded: ranges[3 * k + 2])
                if first <= last {
                    for cp in first...last { values[base + Int(cp - low)] = value }
                }
                k += 1
            }
        }
        self.blockIndex = blockIndex
        self.values = values
    }

    /// The packed value of code point `cp`; 0 (Other) for values above U+10FFFF.
    @inline(__always)
    func value(of cp: UInt32) -> UInt8 {
        guard cp < 0x110000 else { return 0 }
        return values[Int(blockIndex[Int(cp >> 8)]) << 8 | Int(cp & 0xFF)]
    }
}
