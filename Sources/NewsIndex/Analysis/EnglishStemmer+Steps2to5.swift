// Steps 2 to 5 of the Snowball English stemmer (derivational suffixes in R1 and R2, final e and l),
// applied to a StemWord. The longest matching suffix wins; if its region or condition fails the
// step does nothing, as in Snowball's `among`.

extension StemWord {
    /// Step 2: in R1, "ational" → "ate", "izer" → "ize", "li" after c d e g h k m n r t removed, etc.
    mutating func step2() {
        guard length > 2 else { return }
        switch bytes[length - 1] {
        case UInt8(ascii: "l"):
            if ends(with: "ational") { replaceInR1(7, with: "ate") }
            else if ends(with: "tional") { replaceInR1(6, with: "tion") }
        case UInt8(ascii: "i"):
            step2EndingInI()
        case UInt8(ascii: "r"):
            if ends(with: "izer") { replaceInR1(4, with: "ize") }
            else if ends(with: "ator") { replaceInR1(4, with: "ate") }
        case UInt8(ascii: "n"):
            if ends(with: "ization") { replaceInR1(7, with: "ize") }
            else if ends(with: "ation") { replaceInR1(5, with: "ate") }
        case UInt8(ascii: "m"):
            if ends(with: "alism") { replaceInR1(5, with: "al") }
        case UInt8(ascii: "s"):
            if ends(with: "fulness") { replaceInR1(7, with: "ful") }
            else if ends(with: "ousness") { replaceInR1(7, with: "ous") }
            else if ends(with: "iveness") { replaceInR1(7, with: "ive") }
        case UInt8(ascii: "t"):
            if ends(with: "ogist") { replaceInR1(5, with: "og") }
        default:
            return
        }
    }

    /// Step 2's suffixes ending in "i".
    private mutating func step2EndingInI() {
        switch bytes[length - 2] {
        case UInt8(ascii: "c"):
            if ends(with: "enci") { replaceInR1(4, with: "ence") }
            else if ends(with: "anci") { replaceInR1(4, with: "ance") }
        case UInt8(ascii: "l"):
            if ends(with: "lessli") { replaceInR1(6, with: "less") }
            else if ends(with: "entli") { replaceInR1(5, with: "ent") }
            else if ends(with: "ousli") { replaceInR1(5, with: "ous") }
            else if ends(with: "fulli") { replaceInR1(5, with: "ful") }
            else if ends(with: "abli") { replaceInR1(4, with: "able") }
            else if ends(with: "alli") { replaceInR1(4, with: "al") }
            else if ends(with: "bli") { replaceInR1(3, with: "ble") }
            else {
                // "li" is removed after c d e g h k m n r t.
                let start = length - 2
                if start >= p1 && start > 0 && isValidBeforeLi(bytes[start - 1]) { length = start }
            }
        case UInt8(ascii: "t"):
            if ends(with: "biliti") { replaceInR1(6, with: "ble") }
            else if ends(with: "aliti") { replaceInR1(5, with: "al") }
            else if ends(with: "iviti") { replaceInR1(5, with: "ive") }
        case UInt8(ascii: "g"):
            // "ogi" → "og" after "l" ("archaeologi" → "archaeolog").
            if ends(with: "ogi") && length >= 4 && bytes[length - 4] == UInt8(ascii: "l") {
                replaceInR1(3, with: "og")
            }
        default:
            return
        }
    }

    /// Whether "li" may be removed after `byte` (Snowball's valid_LI: c d e g h k m n r t).
    private func isValidBeforeLi(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "c"), UInt8(ascii: "d"), UInt8(ascii: "e"), UInt8(ascii: "g"),
             UInt8(ascii: "h"), UInt8(ascii: "k"), UInt8(ascii: "m"), UInt8(ascii: "n"),
             UInt8(ascii: "r"), UInt8(ascii: "t"):
            return true
        default:
            return false
        }
    }

    /// Step 3: in R1, "ational" → "ate", "alize" → "al", "ful"/"ness" removed, "ative" removed in R2, etc.
    mutating func step3() {
        guard length > 2 else { return }
        switch bytes[length - 1] {
        case UInt8(ascii: "l"):
            if ends(with: "ational") { replaceInR1(7, with: "ate") }
            else if ends(with: "tional") { replaceInR1(6, with: "tion") }
            else if ends(with: "ical") { replaceInR1(4, with: "ic") }
            else if ends(with: "ful") { replaceInR1(3, with: "") }
        case UInt8(ascii: "e"):
            if ends(with: "alize") { replaceInR1(5, with: "al") }
            else if ends(with: "icate") { replaceInR1(5, with: "ic") }
            else if ends(with: "ative") { if length - 5 >= p2 { length -= 5 } }
        case UInt8(ascii: "i"):
            if ends(with: "iciti") { replaceInR1(5, with: "ic") }
        case UInt8(ascii: "s"):
            if ends(with: "ness") { replaceInR1(4, with: "") }
        default:
            return
        }
    }

    /// Step 4: in R2, removes "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement",
    /// "ment", "ent", "ism", "ate", "iti", "ous", "ive", "ize", and "ion" after s or t.
    mutating func step4() {
        guard length > 1 else { return }
        var suffix = 0
        switch bytes[length - 1] {
        case UInt8(ascii: "l"):
            if ends(with: "al") { suffix = 2 }
        case UInt8(ascii: "e"):
            if ends(with: "ance") || ends(with: "ence") || ends(with: "able") || ends(with: "ible") {
                suffix = 4
            } else if ends(with: "ate") || ends(with: "ive") || ends(with: "ize") {
                suffix = 3
            }
        case UInt8(ascii: "r"):
            if ends(with: "er") { suffix = 2 }
        case UInt8(ascii: "c"):
            if ends(with: "ic") { suffix = 2 }
        case UInt8(ascii: "t"):
            if ends(with: "ement") { suffix = 5 }
            else if ends(with: "ment") { suffix = 4 }
            else if ends(with: "ent") || ends(with: "ant") { suffix = 3 }
        case UInt8(ascii: "m"):
            if ends(with: "ism") { suffix = 3 }
        case UInt8(ascii: "i"):
            if ends(with: "iti") { suffix = 3 }
        case UInt8(ascii: "s"):
            if ends(with: "ous") { suffix = 3 }
        case UInt8(ascii: "n"):
            let start = length - 3
            if ends(with: "ion") && start >= p2 && start > 0
                && (bytes[start - 1] == UInt8(ascii: "s") || bytes[start - 1] == UInt8(ascii: "t")) {
                length = start
            }
            return
        default:
            return
        }
        if suffix > 0 && length - suffix >= p2 { length -= suffix }
    }

    /// Step 5: a final "e" goes in R2, or in R1 unless a short syllable precedes; a final "l" goes
    /// in R2 after another "l".
    mutating func step5() {
        guard length > 0 else { return }
        let start = length - 1
        switch bytes[start] {
        case UInt8(ascii: "e"):
            if start >= p2 || (start >= p1 && !endsInShortSyllable(at: start)) { length = start }
        case UInt8(ascii: "l"):
            if start >= p2 && start > 0 && bytes[start - 1] == UInt8(ascii: "l") { length = start }
        default:
            return
        }
    }

    /// Replaces the last `count` bytes with `replacement` if they lie in R1.
    @inline(__always)
    private mutating func replaceInR1(_ count: Int, with replacement: StaticString) {
        if length - count >= p1 { replaceSuffix(count, with: replacement) }
    }
}
