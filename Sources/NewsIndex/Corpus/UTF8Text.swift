// UTF-8 validation with an ASCII fast path, and decoding with U+FFFD replacement of bad bytes.

/// Byte-level UTF-8 helpers for corpus text (fast on ASCII, exact per Unicode Table 3-7).
enum UTF8Text {
    /// The length of the well-formed UTF-8 sequence starting at `offset` (1...4), or 0 when the
    /// bytes there are not a well-formed sequence (bad lead, bad continuation, overlong,
    /// surrogate, above U+10FFFF, or cut off by `end`).
    @inline(__always)
    static func sequenceLength(_ bytes: UnsafeRawBufferPointer, _ offset: Int, _ end: Int) -> Int {
        let lead = bytes[offset]
        if lead < 0x80 { return 1 }
        @inline(__always) func continuation(_ index: Int, _ low: UInt8 = 0x80, _ high: UInt8 = 0xBF) -> Bool {
            index < end && bytes[index] >= low && bytes[index] <= high
        }
        switch lead {
        case 0xC2...0xDF:
            return continuation(offset + 1) ? 2 : 0
        case 0xE0...0xEF:
            let low: UInt8 = lead == 0xE0 ? 0xA0 : 0x80
            let high: UInt8 = lead == 0xED ? 0x9F : 0xBF
            return continuation(offset + 1, low, high) && continuation(offset + 2) ? 3 : 0
        case 0xF0...0xF4:
            let low: UInt8 = lead == 0xF0 ? 0x90 : 0x80
            let high: UInt8 = lead == 0xF4 ? 0x8F : 0xBF
            return continuation(offset + 1, low, high) && continuation(offset + 2) && continuation(offset + 3) ? 4 : 0
        default:
            return 0
        }
    }

    /// The length of the maximal ill-formed subpart at `offset` (where `sequenceLength` is 0): the
    /// lead byte plus the continuation bytes that were still acceptable, as U+FFFD replacement
    /// counts them (Unicode "best practice", the same as the standard library's repair).
    static func invalidSubpartLength(_ bytes: UnsafeRawBufferPointer, _ offset: Int, _ end: Int) -> Int {
        let lead = bytes[offset]
        let (needed, low, high): (Int, UInt8, UInt8)
        switch lead {
        case 0xC2...0xDF: (needed, low, high) = (1, 0x80, 0xBF)
        case 0xE0: (needed, low, high) = (2, 0xA0, 0xBF)
        case 0xED: (needed, low, high) = (2, 0x80, 0x9F)
        case 0xE1...0xEF: (needed, low, high) = (2, 0x80, 0xBF)
        case 0xF0: (needed, low, high) = (3, 0x90, 0xBF)
        case 0xF4: (needed, low, high) = (3, 0x80, 0x8F)
        case 0xF1...0xF3: (needed, low, high) = (3, 0x80, 0xBF)
        default: return 1
        }
        var length = 1
        while length <= needed, offset + length < end {
            let byte = bytes[offset + length]
            let ok = length == 1 ? (byte >= low && byte <= high) : (byte >= 0x80 && byte <= 0xBF)
            guard ok else { break }
            length += 1
        }
        return length
    }

    /// The offset of the first byte in `range` that does not start a well-formed sequence, or nil.
    static func firstInvalidOffset(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Int? {
        var offset = range.lowerBound
        let end = range.upperBound
        while offset < end {
            // ASCII fast path: 8 bytes at a time.
            while offset + 8 <= end,
                bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self) & 0x8080_8080_8080_8080 == 0
            {
                offset += 8
            }
            guard offset < end else { break }
            let length = sequenceLength(bytes, offset, end)
            if length == 0 { return offset }
            offset += length
        }
        return nil
    }

    /// The text of `range`, with each maximal ill-formed subsequence replaced by U+FFFD;
    /// `invalidAt` is the offset of the first bad byte, if any.
    static func decode(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> (text: String, invalidAt: Int?) {
        let slice = UnsafeRawBufferPointer(rebasing: bytes[range])
        guard let invalid = firstInvalidOffset(bytes, range) else {
            return (String(decoding: slice, as: UTF8.self), nil)
        }
        return (String(decoding: slice, as: UTF8.self), invalid)  // the standard library repairs
    }

    /// The offset of the first "\n" at or after `offset` before `end`, or `end`.
    @inline(__always)
    static func nextNewline(_ bytes: UnsafeRawBufferPointer, from offset: Int, end: Int) -> Int {
        var index = offset
        // SWAR: a byte equal to 0x0A makes (x ^ 0x0A..) have a zero byte.
        while index + 8 <= end {
            let word = bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self) ^ 0x0A0A_0A0A_0A0A_0A0A
            if (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080 != 0 { break }
            index += 8
        }
        while index < end, bytes[index] != 0x0A { index += 1 }
        return index
    }

    /// The offset of the first 0 byte in `range`, or nil.
    static func firstNUL(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Int? {
        var index = range.lowerBound
        let end = range.upperBound
        while index + 8 <= end {
            let word = bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            if (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080 != 0 { break }
            index += 8
        }
        while index < end {
            if bytes[index] == 0 { return index }
            index += 1
        }
        return nil
    }

    /// Whether `byte` is a space, tab, carriage return or line feed.
    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }
}
