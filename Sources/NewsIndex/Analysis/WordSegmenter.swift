// UAX #29 word segmentation (Unicode 15.0, rules WB1-WB999) over UTF-8 bytes, with an ASCII
// fast path: the boundaries themselves, and the word segments that become terms.

/// Finds word boundaries in UTF-8 text by the default rules of Unicode Standard Annex #29,
/// "Unicode Text Segmentation", for Unicode 15.0.
///
/// Works on bytes: ASCII is classified with a 128-entry table, UTF-8 is decoded only above 0x7F.
/// Invalid or truncated UTF-8 never traps: each bad byte counts as one scalar with Word_Break
/// Other. No allocation happens per word.
public enum WordSegmenter {
    /// Calls `body(start, end)` with the UTF-8 byte range of every segment between UAX #29 word
    /// boundaries that contains at least one letter, digit or ideograph (General_Category L* or N*):
    /// the segments that become terms. Ranges come in increasing order.
    public static func forEachWord(in text: UnsafeBufferPointer<UInt8>, _ body: (Int, Int) -> Void) {
        var segmentStart = 0
        scan(text) { boundary, segmentFlags in
            if segmentFlags & WordBreakLookup.wordCharacterBit != 0 { body(segmentStart, boundary) }
            segmentStart = boundary
        }
    }

    /// Every boundary offset of `text`, 0 and text.count included (for conformance tests).
    /// Empty text has the single boundary 0.
    public static func boundaries(in text: UnsafeBufferPointer<UInt8>) -> [Int] {
        var result = [0]
        scan(text) { boundary, _ in result.append(boundary) }
        return result
    }

    // MARK: - The rules

    // Property numbers come from `WordBreakProperty.Raw` (plain byte constants, cheap in switches
    // and bit masks).
    private typealias Raw = WordBreakProperty.Raw
    /// Stands for sot (before the first scalar) and eot (after the last) in the state.
    @inline(__always) private static var edge: UInt8 { 31 }

    @inline(__always) private static func bit(_ p: UInt8) -> UInt32 { 1 &<< UInt32(p) }
    @inline(__always) private static var newlines: UInt32 { bit(Raw.cr) | bit(Raw.lf) | bit(Raw.newline) }
    /// Extend, Format and ZWJ: ignored after the first character of a sequence (WB4).
    @inline(__always) private static var ignorable: UInt32 { bit(Raw.extend) | bit(Raw.format) | bit(Raw.zwj) }
    @inline(__always) private static var ahLetter: UInt32 { bit(Raw.aLetter) | bit(Raw.hebrewLetter) }
    /// MidNumLet or Single_Quote.
    @inline(__always) private static var midNumLetQ: UInt32 { bit(Raw.midNumLet) | bit(Raw.singleQuote) }
    /// Characters that a following ExtendNumLet joins (WB13a).
    @inline(__always) private static var beforeExtendNumLet: UInt32 {
        ahLetter | bit(Raw.numeric) | bit(Raw.katakana) | bit(Raw.extendNumLet)
    }
    /// Classes before which an ASCII letter, digit or "_" has no boundary (WB5, WB8-WB10, WB13a/b).
    @inline(__always) private static var alphanumericRunContinues: UInt32 {
        ahLetter | bit(Raw.numeric) | bit(Raw.extendNumLet)
    }
    /// Classes after which a letter, digit or "_" always starts a new segment (WB3a, WB999).
    @inline(__always) private static var separators: UInt32 { bit(Raw.other) | bit(Raw.wSegSpace) | newlines }
    /// The classes of ASCII bytes before which there is a boundary unless WB3d joins two spaces.
    @inline(__always) private static var asciiSeparators: UInt32 { bit(Raw.other) | bit(Raw.wSegSpace) }
    /// The classes of ASCII letters, digits and "_".
    @inline(__always) private static var asciiAlphanumeric: UInt32 {
        bit(Raw.aLetter) | bit(Raw.numeric) | bit(Raw.extendNumLet)
    }

    @inline(__always) private static func isIn(_ p: UInt8, _ set: UInt32) -> Bool {
        (set &>> UInt32(p)) & 1 != 0
    }

    /// The two-level property table, as raw pointers for the hot loop.
    private struct Classifier {
        let values: UnsafePointer<UInt8>
        let blockIndex: UnsafePointer<UInt16>

        /// The packed value (see `WordBreakTables.ranges`) and byte length of the scalar starting
        /// at `i` (`i < count`). A byte that does not start a valid, complete UTF-8 sequence is one
        /// scalar of length 1 with value 0 (Other).
        @inline(__always)
        func classify(_ p: UnsafePointer<UInt8>, _ i: Int, _ count: Int) -> (value: UInt8, length: Int) {
            let b0 = p[i]
            if b0 < 0x80 { return (values[Int(b0)], 1) }
            guard let (cp, length) = WordSegmenter.decode(p, i, count) else { return (0, 1) }
            return (values[Int(blockIndex[Int(cp >> 8)]) << 8 | Int(cp & 0xFF)], length)
        }
    }

    /// Decodes the multi-byte UTF-8 sequence at `i` (`p[i] >= 0x80`); nil when it is invalid,
    /// overlong, a surrogate, above U+10FFFF or truncated by `count`.
    @inline(__always)
    private static func decode(_ p: UnsafePointer<UInt8>, _ i: Int, _ count: Int) -> (UInt32, Int)? {
        let b0 = UInt32(p[i])
        @inline(__always) func continuation(_ k: Int, _ low: UInt32 = 0x80, _ high: UInt32 = 0xBF) -> UInt32? {
            let b = UInt32(p[k])
            return b >= low && b <= high ? b & 0x3F : nil
        }
        if b0 < 0xC2 { return nil }
        if b0 < 0xE0 {
            guard i + 1 < count, let b1 = continuation(i + 1) else { return nil }
            return ((b0 & 0x1F) << 6 | b1, 2)
        }
        if b0 < 0xF0 {
            guard i + 2 < count,
                  let b1 = continuation(i + 1, b0 == 0xE0 ? 0xA0 : 0x80, b0 == 0xED ? 0x9F : 0xBF),
                  let b2 = continuation(i + 2) else { return nil }
            return ((b0 & 0x0F) << 12 | b1 << 6 | b2, 3)
        }
        if b0 < 0xF5 {
            guard i + 3 < count,
                  let b1 = continuation(i + 1, b0 == 0xF0 ? 0x90 : 0x80, b0 == 0xF4 ? 0x8F : 0xBF),
                  let b2 = continuation(i + 2), let b3 = continuation(i + 3) else { return nil }
            return ((b0 & 0x07) << 18 | b1 << 12 | b2 << 6 | b3, 4)
        }
        return nil
    }

    /// The number of ASCII letters and digits ([A-Za-z0-9]) starting at `i`, eight bytes at a time.
    @inline(__always)
    private static func asciiLetterDigitRun(_ p: UnsafePointer<UInt8>, _ i: Int, _ count: Int) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        var j = i
        while j + 8 <= count {
            let x = UInt64(littleEndian: UnsafeRawPointer(p + j).loadUnaligned(as: UInt64.self))
            // Per byte, with the top bit cleared so that no sum carries into the next byte:
            // b + (0x80 - low) has its top bit set iff b >= low, b + (0x7F - high) iff b > high.
            let seven = x & ~high
            let folded = seven | (0x20 &* ones)  // ASCII letters to lower case
            let letters = (folded &+ (0x80 - 0x61) &* ones) & ~(folded &+ (0x7F - 0x7A) &* ones)
            let digits = (seven &+ (0x80 - 0x30) &* ones) & ~(seven &+ (0x7F - 0x39) &* ones)
            let stops = ~((letters | digits) & ~x) & high
            if stops != 0 { return j - i + stops.trailingZeroBitCount >> 3 }
            j += 8
        }
        while j < count {
            let b = p[j] | 0x20
            guard (b >= 0x61 && b <= 0x7A) || (p[j] >= 0x30 && p[j] <= 0x39) else { break }
            j += 1
        }
        return j - i
    }

    /// The Word_Break property of the first scalar at or after `i` that is not Extend, Format or
    /// ZWJ (the look-ahead of WB6, WB7b and WB12), or `edge` at the end of the text.
    private static func nextProperty(
        _ classifier: Classifier, _ p: UnsafePointer<UInt8>, _ i: Int, _ count: Int
    ) -> UInt8 {
        var j = i
        while j < count {
            let (value, length) = classifier.classify(p, j, count)
            let property = value & WordBreakLookup.propertyMask
            if !isIn(property, ignorable) { return property }
            j += length
        }
        return edge
    }

    /// Walks `text` and calls `emit(boundary, flags)` for every boundary after offset 0, in
    /// increasing order, the last being `text.count`; `flags` is the OR of the packed values of
    /// the segment's scalars that end at `boundary` (bit 6: it has a word character).
    @inline(__always)
    private static func scan(_ text: UnsafeBufferPointer<UInt8>, _ emit: (Int, UInt8) -> Void) {
        guard let p = text.baseAddress, text.count > 0 else { return }
        let lookup = WordBreakLookup.shared
        lookup.values.withUnsafeBufferPointer { values in
            lookup.blockIndex.withUnsafeBufferPointer { blockIndex in
                let classifier = Classifier(values: values.baseAddress!, blockIndex: blockIndex.baseAddress!)
                scan(p, text.count, classifier, emit)
            }
        }
    }

    @inline(__always)
    private static func scan(
        _ p: UnsafePointer<UInt8>, _ count: Int, _ classifier: Classifier, _ emit: (Int, UInt8) -> Void
    ) {
        // The property of the scalar just before `i` (for WB3-WB3d, which look at raw neighbours),
        // and of the last two scalars before `i` that WB4 did not fold into their predecessor.
        var previousRaw = edge
        var previous = edge
        var beforePrevious = edge
        var oddRegionalIndicators = false  // an odd number of RI end at `previous` (WB15, WB16)
        var segmentFlags: UInt8 = 0  // OR of the packed values of the current segment's scalars
        var i = 0
        while i < count {
            let byte = p[i]
            if byte < 0x80 {
                // ASCII: never Extend, Format, ZWJ, Regional_Indicator or pictographic, so WB3c and
                // WB4 do not apply, and the common cases need only the neighbours.
                let value = classifier.values[Int(byte)]
                let property = value & WordBreakLookup.propertyMask
                let boundary: Bool
                if isIn(property, asciiAlphanumeric) {
                    if isIn(previous, alphanumericRunContinues) {
                        boundary = false  // WB5, WB8-WB10, WB13a, WB13b
                    } else if isIn(previous, separators) {
                        boundary = i > 0  // WB3a, WB999
                    } else {
                        boundary = i > 0 && isBoundary(
                            property, pictographic: false, previousRaw: previousRaw, previous: previous,
                            beforePrevious: beforePrevious, oddRegionalIndicators: false,
                            next: { nextProperty(classifier, p, i + 1, count) })
                    }
                } else if isIn(property, asciiSeparators) {
                    boundary = i > 0 && !(previousRaw == Raw.wSegSpace && property == Raw.wSegSpace)  // WB3d, WB999
                } else {
                    boundary = i > 0 && isBoundary(
                        property, pictographic: false, previousRaw: previousRaw, previous: previous,
                        beforePrevious: beforePrevious, oddRegionalIndicators: false,
                        next: { nextProperty(classifier, p, i + 1, count) })
                }
                if boundary {
                    emit(i, segmentFlags)
                    segmentFlags = 0
                }
                segmentFlags |= value
                beforePrevious = previous
                previous = property
                previousRaw = property
                oddRegionalIndicators = false
                i += 1
                if isIn(property, asciiAlphanumeric) {
                    // Letters and digits after a letter, digit or "_" join it: skip them.
                    let run = asciiLetterDigitRun(p, i, count)
                    if run > 0 {
                        i += run
                        segmentFlags |= WordBreakLookup.wordCharacterBit
                        previous = classifier.values[Int(p[i - 1])] & WordBreakLookup.propertyMask
                        beforePrevious = classifier.values[Int(p[i - 2])] & WordBreakLookup.propertyMask
                        previousRaw = previous
                    }
                }
            } else {
                let (value, length) = classifier.classify(p, i, count)
                let current = value & WordBreakLookup.propertyMask
                if i > 0 && isBoundary(
                    current, pictographic: value & WordBreakLookup.pictographicBit != 0,
                    previousRaw: previousRaw, previous: previous, beforePrevious: beforePrevious,
                    oddRegionalIndicators: oddRegionalIndicators,
                    next: { nextProperty(classifier, p, i + length, count) })
                {
                    emit(i, segmentFlags)
                    segmentFlags = 0
                }
                segmentFlags |= value
                // WB4: Extend, Format and ZWJ after anything but sot, CR, LF and Newline vanish into it.
                if !isIn(current, ignorable) || previousRaw == edge || isIn(previousRaw, newlines) {
                    oddRegionalIndicators = current == Raw.regionalIndicator
                        && !(previous == Raw.regionalIndicator && oddRegionalIndicators)
                    beforePrevious = previous
                    previous = current
                }
                previousRaw = current
                i += length
            }
        }
        emit(count, segmentFlags)
    }

    /// Whether there is a word boundary before a scalar of property `current` (not at sot),
    /// by rules WB3-WB999. `next` gives the look-ahead property past `current` (WB4 applied).
    @inline(__always)
    private static func isBoundary(
        _ current: UInt8, pictographic: Bool, previousRaw: UInt8, previous: UInt8, beforePrevious: UInt8,
        oddRegionalIndicators: Bool, next: () -> UInt8
    ) -> Bool {
        if previousRaw == Raw.cr && current == Raw.lf { return false }  // WB3
        if isIn(previousRaw, newlines) || isIn(current, newlines) { return true }  // WB3a, WB3b
        if previousRaw == Raw.zwj && pictographic { return false }  // WB3c
        if previousRaw == Raw.wSegSpace && current == Raw.wSegSpace { return false }  // WB3d
        if isIn(current, ignorable) { return false }  // WB4
        switch current {
        case Raw.aLetter, Raw.hebrewLetter:
            if isIn(previous, ahLetter) { return false }  // WB5
            if isIn(previous, bit(Raw.midLetter) | midNumLetQ) && isIn(beforePrevious, ahLetter) {
                return false  // WB7
            }
            if current == Raw.hebrewLetter && previous == Raw.doubleQuote && beforePrevious == Raw.hebrewLetter {
                return false  // WB7c
            }
            if previous == Raw.numeric || previous == Raw.extendNumLet { return false }  // WB10, WB13b
            return true
        case Raw.numeric:
            if isIn(previous, ahLetter | bit(Raw.numeric) | bit(Raw.extendNumLet)) { return false }  // WB8, WB9, WB13b
            if isIn(previous, bit(Raw.midNum) | midNumLetQ) && beforePrevious == Raw.numeric { return false }  // WB11
            return true
        case Raw.katakana:
            return !(previous == Raw.katakana || previous == Raw.extendNumLet)  // WB13, WB13b
        case Raw.extendNumLet:
            return !isIn(previous, beforeExtendNumLet)  // WB13a
        case Raw.midLetter, Raw.midNumLet, Raw.singleQuote:
            if current == Raw.singleQuote && previous == Raw.hebrewLetter { return false }  // WB7a
            if isIn(previous, ahLetter) { return !isIn(next(), ahLetter) }  // WB6
            if previous == Raw.numeric && current != Raw.midLetter { return next() != Raw.numeric }  // WB12
            return true
        case Raw.midNum:
            return !(previous == Raw.numeric && next() == Raw.numeric)  // WB12
        case Raw.doubleQuote:
            return !(previous == Raw.hebrewLetter && next() == Raw.hebrewLetter)  // WB7b
        case Raw.regionalIndicator:
            return !(previous == Raw.regionalIndicator && oddRegionalIndicators)  // WB15, WB16
        default:
            return true  // WB999
        }
    }
}
