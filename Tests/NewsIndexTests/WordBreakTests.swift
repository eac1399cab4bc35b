// Tests of UAX #29 word segmentation (Unicode 15.0): the full WordBreakTest.txt conformance file,
// news-text examples, the generated property tables, and seeded random text checked against a
// slow, independent implementation of the rules.
import Foundation
import Testing
@testable import NewsIndex

// MARK: - Helpers

/// The byte offsets of `WordSegmenter.boundaries` for a string.
private func boundaries(_ text: String) -> [Int] {
    Array(text.utf8).withUnsafeBufferPointer { WordSegmenter.boundaries(in: $0) }
}

/// The segments between boundaries, as strings.
private func segments(_ text: String) -> [String] {
    let bytes = Array(text.utf8)
    let offsets = bytes.withUnsafeBufferPointer { WordSegmenter.boundaries(in: $0) }
    return zip(offsets, offsets.dropFirst()).map { String(decoding: bytes[$0..<$1], as: UTF8.self) }
}

/// The segments `forEachWord` reports, as byte ranges.
private func wordRanges(_ bytes: [UInt8]) -> [Range<Int>] {
    var ranges: [Range<Int>] = []
    bytes.withUnsafeBufferPointer { buffer in
        WordSegmenter.forEachWord(in: buffer) { start, end in ranges.append(start..<end) }
    }
    return ranges
}

/// The segments `forEachWord` reports, as strings.
private func words(_ text: String) -> [String] {
    let bytes = Array(text.utf8)
    return wordRanges(bytes).map { String(decoding: bytes[$0], as: UTF8.self) }
}

// MARK: - Conformance

@Suite("WordBreak conformance") struct WordBreakConformanceTests {
    /// Every line of WordBreakTest.txt (Unicode 15.0): ÷ marks a boundary, × none.
    @Test func everyLineOfWordBreakTest() throws {
        let file = try Fixtures.text("unicode/WordBreakTest.txt")
        #expect(file.hasPrefix("# WordBreakTest-15.0.0.txt"))
        var total = 0
        var failures: [String] = []
        for line in file.split(separator: "\n") {
            let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
            let tokens = content.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if tokens.isEmpty { continue }
            var bytes: [UInt8] = []
            var expected: [Int] = []
            for token in tokens {
                switch token {
                case "÷": expected.append(bytes.count)
                case "×": break
                default:
                    let scalar = try #require(UInt32(token, radix: 16).flatMap(Unicode.Scalar.init), "bad token \(token)")
                    bytes.append(contentsOf: String(scalar).utf8)
                }
            }
            total += 1
            let actual = bytes.withUnsafeBufferPointer { WordSegmenter.boundaries(in: $0) }
            if actual != expected { failures.append("\(line)\n    got \(actual), expected \(expected)") }
        }
        print("WordBreakTest.txt: \(total - failures.count) of \(total) lines pass")
        #expect(total == 1823)
        #expect(failures.isEmpty, "\(failures.count) failing lines:\n\(failures.prefix(20).joined(separator: "\n"))")
    }
}

// MARK: - Examples

@Suite("WordBreak examples") struct WordBreakExampleTests {
    @Test func contractionsNumbersAndAbbreviationsStayWhole() {
        #expect(words("can't") == ["can't"])
        #expect(words("don't stop.") == ["don't", "stop"])
        #expect(words("Putin's") == ["Putin's"])
        #expect(words("Putin\u{2019}s") == ["Putin\u{2019}s"])
        #expect(words("32.3") == ["32.3"])
        #expect(words("3,000,000 1.5%") == ["3,000,000", "1.5"])
        #expect(words("$20 million") == ["20", "million"])
        #expect(words("U.S.") == ["U.S"])
        #expect(segments("U.S.") == ["U.S", "."])
        #expect(words("the U.S.-led talks") == ["the", "U.S", "led", "talks"])
        #expect(words("x_y __init__") == ["x_y", "__init__"])
        #expect(words("A380s 4x4 G20") == ["A380s", "4x4", "G20"])
    }

    @Test func hyphensAndPunctuationSplit() {
        #expect(words("three-year") == ["three", "year"])
        #expect(segments("three-year") == ["three", "-", "year"])
        #expect(words("(Reuters) - Exxon, \"we\" said: ok!") == ["Reuters", "Exxon", "we", "said", "ok"])
        #expect(words("end.Next") == ["end.Next"])  // WB6/WB7: a full stop between letters joins them
        #expect(words("a:b") == ["a:b"])
        #expect(words("word. Next") == ["word", "Next"])
    }

    @Test func nonEnglishLettersAndScripts() {
        #expect(words("Erdoğan") == ["Erdoğan"])
        #expect(words("Erdog\u{306}an") == ["Erdog\u{306}an"])  // combining breve stays inside (WB4)
        #expect(words("Ελλάδα Москва") == ["Ελλάδα", "Москва"])
        #expect(words("中文字") == ["中", "文", "字"])
        #expect(words("カタカナ、ひらがな") == ["カタカナ", "ひ", "ら", "が", "な"])
        #expect(words("צה\"ל") == ["צה\"ל"])  // WB7b/WB7c
        #expect(words("co\u{AD}operate") == ["co\u{AD}operate"])  // soft hyphen (Format) stays inside
        #expect(words("٣٤ ½") == ["٣٤", "½"])  // Arabic-Indic digits; ½ is a number (No) with Word_Break Other
    }

    @Test func skipsSpacesPunctuationAndEmoji() {
        #expect(words("") == [])
        #expect(words("  ...  ,;!? -- \r\n\t") == [])
        #expect(words("I ❤️ NY 👍🏽 👩‍👩‍👧 🇺🇸🇫🇷") == ["I", "NY"])
        #expect(segments("👩‍👩‍👧") == ["👩‍👩‍👧"])  // WB3c
        #expect(segments("🇺🇸🇫🇷🇩") == ["🇺🇸", "🇫🇷", "🇩"])  // WB15/WB16
        #expect(segments("a  b") == ["a", "  ", "b"])  // WB3d
        #expect(segments("a\r\n\nb") == ["a", "\r\n", "\n", "b"])  // WB3, WB3a, WB3b
    }

    @Test func boundariesOfEmptyTextAndRangesInOrder() {
        #expect(boundaries("") == [0])
        #expect(boundaries("a") == [0, 1])
        let bytes = Array("The cat's 2.5 mats, e.g. ok.".utf8)
        let ranges = wordRanges(bytes)
        #expect(ranges.map { String(decoding: bytes[$0], as: UTF8.self) } == ["The", "cat's", "2.5", "mats", "e.g", "ok"])
        #expect(zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound <= $1.lowerBound })
    }

    @Test func invalidUTF8IsOneOtherScalarPerByte() {
        // Each bad byte is its own scalar of Word_Break Other: a boundary on both sides.
        #expect(wordRanges([0x61, 0xFF, 0x62]) == [0..<1, 2..<3])
        #expect(wordRanges([0x61, 0xC0, 0xAF, 0x62]) == [0..<1, 3..<4])  // overlong
        #expect(wordRanges([0x61, 0xED, 0xA0, 0x80, 0x62]) == [0..<1, 4..<5])  // surrogate
        #expect(wordRanges([0x61, 0x62, 0xE2, 0x82]) == [0..<2])  // truncated at the end
        #expect([0xE2, 0x82].withUnsafeBufferPointer { WordSegmenter.boundaries(in: $0) } == [0, 1, 2])
        #expect([0xF4, 0x90, 0x80, 0x80].withUnsafeBufferPointer { WordSegmenter.boundaries(in: $0) } == [0, 1, 2, 3, 4])
    }
}

// MARK: - Property tables

@Suite("WordBreak property tables") struct WordBreakPropertyTests {
    @Test func rawConstantsMatchTheEnum() {
        typealias Raw = WordBreakProperty.Raw
        let pairs: [(WordBreakProperty, UInt8)] = [
            (.other, Raw.other), (.cr, Raw.cr), (.lf, Raw.lf), (.newline, Raw.newline), (.extend, Raw.extend),
            (.zwj, Raw.zwj), (.regionalIndicator, Raw.regionalIndicator), (.format, Raw.format),
            (.katakana, Raw.katakana), (.hebrewLetter, Raw.hebrewLetter), (.aLetter, Raw.aLetter),
            (.singleQuote, Raw.singleQuote), (.doubleQuote, Raw.doubleQuote), (.midNumLet, Raw.midNumLet),
            (.midLetter, Raw.midLetter), (.midNum, Raw.midNum), (.numeric, Raw.numeric),
            (.extendNumLet, Raw.extendNumLet), (.wSegSpace, Raw.wSegSpace),
        ]
        #expect(pairs.count == WordBreakProperty.allCases.count)
        for (property, raw) in pairs { #expect(property.rawValue == raw, "\(property)") }
    }

    @Test func knownProperties() {
        let expected: [(UInt32, WordBreakProperty)] = [
            (0x61, .aLetter), (0x30, .numeric), (0x20, .wSegSpace), (0x0D, .cr), (0x0A, .lf), (0x85, .newline),
            (0x2028, .newline), (0x05D0, .hebrewLetter), (0x30A2, .katakana), (0x1F1E6, .regionalIndicator),
            (0x200D, .zwj), (0x00AD, .format), (0x0301, .extend), (0x1F3FD, .extend), (0x2019, .midNumLet),
            (0x2E, .midNumLet), (0x3A, .midLetter), (0x2C, .midNum), (0x22, .doubleQuote), (0x27, .singleQuote),
            (0x5F, .extendNumLet), (0x3000, .wSegSpace), (0x4E2D, .other), (0x1F600, .other), (0x10FFFF, .other),
        ]
        for (value, property) in expected {
            let scalar = Unicode.Scalar(value)!
            #expect(WordBreakProperty.of(scalar) == property, "U+\(String(value, radix: 16))")
        }
        #expect(WordBreakProperty.isExtendedPictographic("😀"))
        #expect(WordBreakProperty.isExtendedPictographic("\u{A9}"))
        #expect(!WordBreakProperty.isExtendedPictographic("a"))
        #expect(!WordBreakProperty.isExtendedPictographic("\u{1F1E6}"))
    }

    @Test func wordCharactersAreLettersAndNumbers() {
        let words: [UInt32] = [0x61, 0x5A, 0x35, 0x4E2D, 0xB2, 0xBD, 0x3007, 0x0663, 0x05D0, 0xAC00, 0xD7A3,
                               0x20000, 0x2A6DF, 0x31350, 0x323AF, 0x17000]
        let others: [UInt32] = [0x20, 0x5F, 0x2E, 0x301, 0xAD, 0x200D, 0x1F600, 0xE000, 0x2019, 0x2A6E0, 0x10FFFF]
        for value in words { #expect(WordBreakProperty.isWordCharacter(Unicode.Scalar(value)!), "U+\(String(value, radix: 16))") }
        for value in others { #expect(!WordBreakProperty.isWordCharacter(Unicode.Scalar(value)!), "U+\(String(value, radix: 16))") }
    }

    /// The two-level lookup gives, for every code point, the value of the generated ranges.
    @Test func lookupAgreesWithRangesEverywhere() {
        let ranges = WordBreakTables.ranges
        #expect(ranges.count % 3 == 0)
        let lookup = WordBreakLookup.shared
        var k = 0
        var mismatches = 0
        for cp in UInt32(0)..<0x110000 {
            while k < ranges.count && ranges[k + 1] < cp { k += 3 }
            let expected = k < ranges.count && ranges[k] <= cp ? UInt8(ranges[k + 2]) : 0
            if lookup.value(of: cp) != expected {
                mismatches += 1
                if mismatches < 10 { Issue.record("U+\(String(cp, radix: 16)): \(lookup.value(of: cp)) != \(expected)") }
            }
        }
        #expect(mismatches == 0)
        #expect(lookup.value(of: 0x110000) == 0)
    }
}

// MARK: - Random text against a reference implementation

private typealias SplitMix64 = SeededRandom

/// One scalar as the segmenter should see it: a valid scalar, or one invalid byte.
private struct Unit {
    var property: WordBreakProperty
    var pictographic: Bool
    var isWord: Bool
    var length: Int
}

/// Random text and its units. Invalid bytes are chosen so that they never combine with their
/// neighbours into a valid sequence (a truncated sequence appears only at the very end).
private func randomText(_ rng: inout SplitMix64) -> (bytes: [UInt8], units: [Unit], valid: Bool) {
    let common: [String] = ["a", "b", "Z", "q", "x", "e", "t", "s", "0", "7", " ", " ", ".", ",", "'", "\"", ":", ";",
                            "-", "_", "(", ")", "!", "\r", "\n", "\t"]
    let rare: [String] = ["é", "ß", "ğ", "ø", "α", "Ω", "д", "Я", "中", "字", "カ", "ー", "ひ", "א", "ש", "\u{301}",
                          "\u{308}", "\u{200D}", "\u{200C}", "\u{AD}", "\u{200B}", "😀", "❤", "👍", "\u{1F3FD}",
                          "\u{FE0F}", "🇺", "🇸", "🇫", "\u{2019}", "\u{201C}", "\u{3000}", "\u{2028}", "\u{85}",
                          "٣", "½", "\u{FF0E}", "\u{FE13}", "\u{10FFFF}", "\u{FFFD}"]
    let invalid: [[UInt8]] = [[0xFF], [0xFE], [0x80], [0xBF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF5], [0xF4, 0x90]]
    let truncated: [[UInt8]] = [[0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xC3]]
    var bytes: [UInt8] = []
    var units: [Unit] = []
    var valid = true
    func addInvalid(_ sequence: [UInt8]) {
        for byte in sequence {
            bytes.append(byte)
            units.append(Unit(property: .other, pictographic: false, isWord: false, length: 1))
        }
        valid = false
    }
    let pieceCount = Int(rng.next() % 80)
    for _ in 0..<pieceCount {
        let roll = rng.next() % 100
        if roll < 3 {
            addInvalid(invalid[Int(rng.next() % UInt64(invalid.count))])
            continue
        }
        let pool = roll < 70 ? common : rare
        let scalar = pool[Int(rng.next() % UInt64(pool.count))].unicodeScalars.first!
        let utf8 = Array(String(scalar).utf8)
        bytes.append(contentsOf: utf8)
        units.append(Unit(property: .of(scalar), pictographic: WordBreakProperty.isExtendedPictographic(scalar),
                          isWord: WordBreakProperty.isWordCharacter(scalar), length: utf8.count))
    }
    if rng.next() % 20 == 0 { addInvalid(truncated[Int(rng.next() % UInt64(truncated.count))]) }
    return (bytes, units, valid)
}

/// A slow implementation of the UAX #29 rules written straight from the text of the annex: each
/// decision looks back and ahead through the units again, with WB4 applied by skipping.
private func referenceBoundaries(_ units: [Unit]) -> [Int] {
    let p = units.map(\.property)
    let ignorable: Set<WordBreakProperty> = [.extend, .format, .zwj]
    let newlines: Set<WordBreakProperty> = [.cr, .lf, .newline]
    let ahLetter: Set<WordBreakProperty> = [.aLetter, .hebrewLetter]
    let midNumLetQ: Set<WordBreakProperty> = [.midNumLet, .singleQuote]
    /// The start of the WB4 sequence X (Extend | Format | ZWJ)* that ends at `index`.
    func head(_ index: Int) -> Int {
        var j = index
        while j > 0 && ignorable.contains(p[j]) && !newlines.contains(p[j - 1]) { j -= 1 }
        return j
    }
    func breaks(_ k: Int) -> Bool {
        let before = p[k - 1], after = p[k]
        if before == .cr && after == .lf { return false }  // WB3
        if newlines.contains(before) || newlines.contains(after) { return true }  // WB3a, WB3b
        if before == .zwj && units[k].pictographic { return false }  // WB3c
        if before == .wSegSpace && after == .wSegSpace { return false }  // WB3d
        if ignorable.contains(after) { return false }  // WB4
        let x = head(k - 1)
        let left = p[x]
        let left2: WordBreakProperty? = x > 0 ? p[head(x - 1)] : nil
        var r = k + 1
        while r < p.count && ignorable.contains(p[r]) { r += 1 }
        let right: WordBreakProperty? = r < p.count ? p[r] : nil
        if ahLetter.contains(left) && ahLetter.contains(after) { return false }  // WB5
        if ahLetter.contains(left) && (after == .midLetter || midNumLetQ.contains(after)),
           let right, ahLetter.contains(right) { return false }  // WB6
        if let left2, ahLetter.contains(left2), left == .midLetter || midNumLetQ.contains(left),
           ahLetter.contains(after) { return false }  // WB7
        if left == .hebrewLetter && after == .singleQuote { return false }  // WB7a
        if left == .hebrewLetter && after == .doubleQuote && right == .hebrewLetter { return false }  // WB7b
        if left2 == .hebrewLetter && left == .doubleQuote && after == .hebrewLetter { return false }  // WB7c
        if left == .numeric && after == .numeric { return false }  // WB8
        if ahLetter.contains(left) && after == .numeric { return false }  // WB9
        if left == .numeric && ahLetter.contains(after) { return false }  // WB10
        if left2 == .numeric && (left == .midNum || midNumLetQ.contains(left)) && after == .numeric { return false }  // WB11
        if left == .numeric && (after == .midNum || midNumLetQ.contains(after)) && right == .numeric { return false }  // WB12
        if left == .katakana && after == .katakana { return false }  // WB13
        if [.aLetter, .hebrewLetter, .numeric, .katakana, .extendNumLet].contains(left) && after == .extendNumLet {
            return false  // WB13a
        }
        if left == .extendNumLet && [.aLetter, .hebrewLetter, .numeric, .katakana].contains(after) { return false }  // WB13b
        if left == .regionalIndicator && after == .regionalIndicator {  // WB15, WB16
            var count = 0
            var j = x
            while true {
                guard p[j] == .regionalIndicator else { break }
                count += 1
                guard j > 0 else { break }
                j = head(j - 1)
            }
            if count % 2 == 1 { return false }
        }
        return true  // WB999
    }
    var result = [0]
    var offset = 0
    for k in units.indices {
        if k > 0 && breaks(k) { result.append(offset) }
        offset += units[k].length
    }
    if !units.isEmpty { result.append(offset) }
    return result
}

@Suite("WordBreak random text") struct WordBreakRandomTests {
    @Test func matchesReferenceAndInvariants() {
        for seed in UInt64(1)...3000 {
            var rng = SplitMix64(state: seed)
            let (bytes, units, valid) = randomText(&rng)
            let context = "seed \(seed), bytes \(bytes.map { String($0, radix: 16) }.joined(separator: " "))"
            let actual = bytes.withUnsafeBufferPointer { WordSegmenter.boundaries(in: $0) }

            // Invariants.
            #expect(actual.first == 0, "\(context)")
            #expect(actual.last == bytes.count, "\(context)")
            #expect(zip(actual, actual.dropFirst()).allSatisfy { $0 < $1 } || bytes.isEmpty, "\(context)")
            if valid {
                var scalarStarts = Set<Int>([bytes.count])
                var offset = 0
                for unit in units { scalarStarts.insert(offset); offset += unit.length }
                #expect(actual.allSatisfy(scalarStarts.contains), "\(context)")
            }

            // The reference implementation.
            let expected = referenceBoundaries(units)
            #expect(actual == expected, "\(context)")

            // forEachWord: exactly the boundary segments that hold a letter or number, in order.
            var unitStarts: [Int] = []
            var offset = 0
            for unit in units { unitStarts.append(offset); offset += unit.length }
            let expectedWords = zip(expected, expected.dropFirst()).filter { start, end in
                units.indices.contains { unitStarts[$0] >= start && unitStarts[$0] < end && units[$0].isWord }
            }.map { $0..<$1 }
            let actualWords = wordRanges(bytes)
            #expect(actualWords == expectedWords, "\(context)")
            if actual != expected || actualWords != expectedWords { return }  // one reported case is enough
        }
    }

    /// Long runs of ASCII letters and digits, which take the eight-bytes-at-a-time path.
    @Test func longAsciiRunsMatchReference() {
        var rng = SplitMix64(state: 42)
        for round in 0..<300 {
            var text = ""
            for _ in 0..<Int(rng.next() % 12) {
                let length = Int(rng.next() % 40)
                let alphabet = Array("abcXYZ0189_.,'é\u{301}")
                text += String((0..<length).map { _ in alphabet[Int(rng.next() % UInt64(rng.next() % 5 == 0 ? alphabet.count : 9))] })
                text += ["", " ", ".", "-", "'", "\u{2019}", "\u{3000}"][Int(rng.next() % 7)]
            }
            let units = text.unicodeScalars.map {
                Unit(property: .of($0), pictographic: WordBreakProperty.isExtendedPictographic($0),
                     isWord: WordBreakProperty.isWordCharacter($0), length: String($0).utf8.count)
            }
            let actual = boundaries(text), expected = referenceBoundaries(units)
            #expect(actual == expected, "seed 42, round \(round), text \(text.debugDescription)")
            if actual != expected { return }  // one reported case is enough
        }
    }
}
