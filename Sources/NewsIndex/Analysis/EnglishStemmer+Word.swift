// The word being stemmed by EnglishStemmer: its bytes (edited in place), regions R1/R2, and the
// byte-level tests the Snowball English rules are written in (vowels, suffixes, character steps).

/// A word under stemming. All edits happen at its end, so `length` only ever shrinks (or regains a
/// byte it lost earlier in the same step), and `p1`/`p2` stay valid. Every index used is below the
/// caller's `count`.
struct StemWord {
    let bytes: UnsafeMutablePointer<UInt8>
    var length: Int
    /// Start of region R1 (a byte offset on a character boundary).
    var p1 = 0
    /// Start of region R2.
    var p2 = 0
    /// Whether the prelude marked some `y` as the consonant `Y`.
    var yFound = false

    init(bytes: UnsafeMutablePointer<UInt8>, length: Int) {
        self.bytes = bytes
        self.length = length
    }

    // MARK: Characters

    /// Whether `byte` is one of the vowels a e i o u y.
    @inline(__always)
    func isVowel(_ byte: UInt8) -> Bool {
        // Bit k set for the letter "a" + k: a e i o u y.
        let vowelBits: UInt32 = 1 << 0 | 1 << 4 | 1 << 8 | 1 << 14 | 1 << 20 | 1 << 24
        let k = byte &- UInt8(ascii: "a")
        return k < 26 && vowelBits >> UInt32(k) & 1 == 1
    }

    /// Whether `byte` continues a multi-byte UTF-8 character.
    @inline(__always)
    func isContinuation(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }

    /// Snowball's `not hop 3`, counted in characters rather than bytes.
    func hasAtLeastThreeCharacters() -> Bool {
        var characters = 0
        for i in 0..<length where !isContinuation(bytes[i]) {
            characters += 1
            if characters == 3 { return true }
        }
        return false
    }

    /// The start of the character that ends just before `end` (`end` > 0).
    @inline(__always)
    func characterStart(before end: Int) -> Int {
        var i = end - 1
        while i > 0 && isContinuation(bytes[i]) { i -= 1 }
        return i
    }

    /// If the character just before `end` is a non-vowel, where it starts; otherwise nil.
    @inline(__always)
    func nonVowelStart(before end: Int) -> Int? {
        guard end > 0 else { return nil }
        let last = bytes[end - 1]
        if last < 0x80 { return isVowel(last) ? nil : end - 1 }
        return characterStart(before: end)
    }

    /// Whether some vowel occurs in `bytes[0..<end]` (Snowball's `gopast v`, backwards).
    func hasVowel(before end: Int) -> Bool {
        var i = 0
        while i < end {
            if isVowel(bytes[i]) { return true }
            i += 1
        }
        return false
    }

    /// From `start`, the offset just after the first non-vowel character that follows a vowel
    /// (Snowball's `gopast v gopast non-v`), or nil if there is none.
    func afterVowelThenNonVowel(from start: Int) -> Int? {
        var i = start
        while i < length && !isVowel(bytes[i]) { i += 1 }
        guard i < length else { return nil }
        i += 1
        while i < length && isVowel(bytes[i]) { i += 1 }
        guard i < length else { return nil }
        i += 1
        while i < length && isContinuation(bytes[i]) { i += 1 }
        return i
    }

    /// Snowball's `shortv` tested at `end`: the word up to `end` ends in a non-vowel, a vowel and a
    /// non-vowel other than w, x or Y ("hop"); or is a vowel followed by a non-vowel ("at"); or
    /// ends in "past".
    func endsInShortSyllable(at end: Int) -> Bool {
        if let consonant = nonVowelStart(before: end), consonant > 0, isVowel(bytes[consonant - 1]) {
            let vowel = consonant - 1
            if vowel == 0 { return true }
            if nonVowelStart(before: vowel) != nil && !isWXY(bytes[end - 1]) { return true }
        }
        return ends(with: "past", at: end)
    }

    /// Whether `byte` is w, x or the consonant mark Y.
    @inline(__always)
    private func isWXY(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "w") || byte == UInt8(ascii: "x") || byte == UInt8(ascii: "Y")
    }

    // MARK: Affixes

    /// Whether the word up to `end` ends with `suffix` (ASCII).
    @inline(__always)
    func ends(with suffix: StaticString, at end: Int) -> Bool {
        let n = suffix.utf8CodeUnitCount
        guard n <= end else { return false }
        let s = suffix.utf8Start
        let start = end - n
        for k in 0..<n where bytes[start + k] != s[k] { return false }
        return true
    }

    /// Whether the word ends with `suffix` (ASCII).
    @inline(__always)
    func ends(with suffix: StaticString) -> Bool { ends(with: suffix, at: length) }

    /// Whether the word starts with `prefix` (ASCII).
    func startsWith(_ prefix: StaticString) -> Bool {
        let n = prefix.utf8CodeUnitCount
        guard n <= length else { return false }
        let s = prefix.utf8Start
        for k in 0..<n where bytes[k] != s[k] { return false }
        return true
    }

    /// Whether the whole word is `word` (ASCII).
    func isWord(_ word: StaticString) -> Bool {
        word.utf8CodeUnitCount == length && startsWith(word)
    }

    /// Replaces the last `count` bytes with `replacement`, which is never longer than `count`.
    @inline(__always)
    mutating func replaceSuffix(_ count: Int, with replacement: StaticString) {
        let n = replacement.utf8CodeUnitCount
        guard n <= count, count <= length else { return }
        let start = length - count
        let s = replacement.utf8Start
        for k in 0..<n { bytes[start + k] = s[k] }
        length = start + n
    }
}
