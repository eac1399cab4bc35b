// The Snowball English ("Porter2") stemmer: public entry points, whole-word exceptions, prelude,
// regions and postlude. Suffix steps: EnglishStemmer+Step1.swift, EnglishStemmer+Steps2to5.swift;
// byte helpers: EnglishStemmer+Word.swift. Follows the Snowball vocabulary pinned in the tests
// (snowball-data ba91f32, current english.sbl).

/// The Snowball English stemmer ("Porter2"), working in place on UTF-8 bytes.
///
/// Only `a e i o u y` are vowels; any non-ASCII character counts as one non-vowel, so the result is
/// the same as Snowball's working on characters. The stem is never longer than the word, and no
/// input (empty, binary, invalid UTF-8, any length) makes it trap or allocate.
public struct EnglishStemmer: Sendable {
    public init() {}

    /// Stems the word held in `word[0..<count]` in place (folded, lower-case UTF-8 bytes as produced
    /// by our folding: ASCII letters, digits, apostrophes, and possibly non-ASCII bytes) and returns the
    /// stem's length. Never allocates; never writes past `count` (a Porter2 stem is never longer than its word).
    ///
    /// A negative `count` is treated as 0 and a `count` beyond the buffer as the buffer's size.
    public func stem(_ word: UnsafeMutableBufferPointer<UInt8>, count: Int) -> Int {
        let length = min(max(count, 0), word.count)
        guard length > 0, let base = word.baseAddress else { return 0 }
        var w = StemWord(bytes: base, length: length)
        if w.applyWholeWordException() { return w.length }
        // Snowball leaves words of fewer than three characters alone.
        guard w.hasAtLeastThreeCharacters() else { return length }
        w.prelude()
        w.markRegions()
        w.step1a()
        w.step1b()
        w.step1c()
        w.step2()
        w.step3()
        w.step4()
        w.step5()
        w.postlude()
        return w.length
    }

    /// Convenience for tests and tools: stems a word given as a String (already folded to lower case).
    public func stem(_ word: String) -> String {
        var bytes = Array(word.utf8)
        let length = bytes.withUnsafeMutableBufferPointer { stem($0, count: $0.count) }
        return String(decoding: bytes[..<length], as: UTF8.self)
    }
}

extension StemWord {
    /// Snowball's `exception1`: words stemmed irregularly or left as they are. Returns true if the
    /// whole word was one of them (then `length` holds the result).
    mutating func applyWholeWordException() -> Bool {
        guard length >= 3, length <= 6 else { return false }
        switch length {
        case 3:
            return isWord("sky")
        case 4:
            if isWord("skis") { length = 3; return true }
            if isWord("idly") { length = 3; return true }
            if isWord("ugly") { bytes[3] = UInt8(ascii: "i"); return true }
            if isWord("only") { bytes[3] = UInt8(ascii: "i"); return true }
            return isWord("news") || isWord("howe") || isWord("bias")
        case 5:
            if isWord("skies") { bytes[2] = UInt8(ascii: "y"); length = 3; return true }
            if isWord("early") { bytes[4] = UInt8(ascii: "i"); return true }
            return isWord("atlas") || isWord("andes")
        default:
            if isWord("gently") || isWord("singly") { length = 5; return true }
            return isWord("cosmos")
        }
    }

    /// Snowball's prelude: drops one leading apostrophe and marks as `Y` each `y` that starts the word
    /// or follows a vowel, so that it counts as a consonant.
    mutating func prelude() {
        if bytes[0] == UInt8(ascii: "'") {
            for i in 1..<length { bytes[i - 1] = bytes[i] }
            length -= 1
        }
        guard length > 0 else { return }
        if bytes[0] == UInt8(ascii: "y") {
            bytes[0] = UInt8(ascii: "Y")
            yFound = true
        }
        var i = 1
        while i < length {
            if bytes[i] == UInt8(ascii: "y") && isVowel(bytes[i - 1]) {
                bytes[i] = UInt8(ascii: "Y")
                yFound = true
            }
            i += 1
        }
    }

    /// Sets R1 (`p1`) and R2 (`p2`): each starts after the first non-vowel that follows a vowel
    /// (R1 after one of a few fixed prefixes instead: gener, commun, arsen, past, univers, later,
    /// emerg, organ and inter, as the pinned vocabulary shows).
    mutating func markRegions() {
        p1 = length
        p2 = length
        if let prefixEnd = specialRegionPrefixLength() {
            p1 = prefixEnd
        } else if let end = afterVowelThenNonVowel(from: 0) {
            p1 = end
        } else {
            return
        }
        if let end = afterVowelThenNonVowel(from: p1) { p2 = end }
    }

    /// The length of the prefix that fixes R1, if the word starts with one.
    private func specialRegionPrefixLength() -> Int? {
        guard length >= 4 else { return nil }
        switch bytes[0] {
        case UInt8(ascii: "g"): if startsWith("gener") { return 5 }
        case UInt8(ascii: "c"): if startsWith("commun") { return 6 }
        case UInt8(ascii: "a"): if startsWith("arsen") { return 5 }
        case UInt8(ascii: "p"): if startsWith("past") { return 4 }
        case UInt8(ascii: "u"): if startsWith("univers") { return 7 }
        case UInt8(ascii: "i"): if startsWith("inter") { return 5 }
        case UInt8(ascii: "l"): if startsWith("later") { return 5 }
        case UInt8(ascii: "e"): if startsWith("emerg") { return 5 }
        case UInt8(ascii: "o"): if startsWith("organ") { return 5 }
        default: break
        }
        return nil
    }

    /// Snowball's postlude: turns the `Y` marks back into `y`.
    mutating func postlude() {
        guard yFound else { return }
        for i in 0..<length where bytes[i] == UInt8(ascii: "Y") { bytes[i] = UInt8(ascii: "y") }
    }
}
