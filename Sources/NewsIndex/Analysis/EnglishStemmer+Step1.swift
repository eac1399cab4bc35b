// Step 1 of the Snowball English stemmer (1a plurals and possessives, 1b -ed/-ing, 1c final y),
// applied to a StemWord. Within a step the longest matching suffix wins, as in Snowball's `among`;
// if its condition fails the step does nothing (a shorter suffix is not tried).

extension StemWord {
    /// Step 1a: possessive endings, then plurals ("sses", "ies", "ied", "s").
    mutating func step1a() {
        if ends(with: "'s'") {
            length -= 3
        } else if ends(with: "'s") {
            length -= 2
        } else if ends(with: "'") {
            length -= 1
        }
        guard length > 0 else { return }
        let last = bytes[length - 1]
        if last == UInt8(ascii: "d") {
            if ends(with: "ied") { replaceIes() }
            return
        }
        guard last == UInt8(ascii: "s") else { return }
        if ends(with: "sses") {
            length -= 2
        } else if ends(with: "ies") {
            replaceIes()
        } else if ends(with: "ss") || ends(with: "us") {
            return
        } else {
            // "s": dropped when a vowel occurs before the character preceding it.
            let s = length - 1
            guard s > 0 else { return }
            if hasVowel(before: characterStart(before: s)) { length -= 1 }
        }
    }

    /// "ies"/"ied" become "i" after two or more characters, otherwise "ie" ("ties" → "tie").
    private mutating func replaceIes() {
        let start = length - 3
        let twoCharactersBefore = start > 0 && characterStart(before: start) > 0
        replaceSuffix(3, with: twoCharactersBefore ? "i" : "ie")
    }

    /// Step 1b: "eed", "eedly", "ed", "edly", "ing", "ingly".
    mutating func step1b() {
        guard length > 2 else { return }
        switch bytes[length - 1] {
        case UInt8(ascii: "d"):
            if ends(with: "eed") { replaceEed(suffixLength: 3) }
            else if ends(with: "ed") { removeVerbEnding(suffixLength: 2) }
        case UInt8(ascii: "y"):
            if ends(with: "eedly") { replaceEed(suffixLength: 5) }
            else if ends(with: "edly") { removeVerbEnding(suffixLength: 4) }
            else if ends(with: "ingly") { removeVerbEnding(suffixLength: 5) }
        case UInt8(ascii: "g"):
            if ends(with: "ing") { removeIng() }
        default:
            return
        }
    }

    /// "eed"/"eedly" become "ee" in R1, except in the words proceed, exceed and succeed.
    private mutating func replaceEed(suffixLength: Int) {
        let start = length - suffixLength
        if start == 4 && startsWith("proc") { return }
        if start == 3 && startsWith("exc") { return }
        if start == 4 && startsWith("succ") { return }
        if start >= p1 { replaceSuffix(suffixLength, with: "ee") }
    }

    /// "ing": dying → die (a non-vowel and "ying" make the whole word), inning, outing, canning,
    /// herring, earring and evening stay, otherwise the general rule.
    private mutating func removeIng() {
        let start = length - 3
        if start >= 1 && bytes[start - 1] == UInt8(ascii: "y") {
            if let consonant = nonVowelStart(before: start - 1), consonant == 0 {
                length = start + 1
                bytes[start - 1] = UInt8(ascii: "i")
                bytes[start] = UInt8(ascii: "e")
                return
            }
        } else if start <= 4 {
            switch start {
            case 3:
                if startsWith("inn") || startsWith("out") { return }
            case 4:
                if startsWith("cann") || startsWith("herr") || startsWith("earr") || startsWith("even") {
                    return
                }
            default:
                break
            }
        }
        removeVerbEnding(suffixLength: 3)
    }

    /// The general rule for "ed", "edly", "ing", "ingly": removed if a vowel precedes; then
    /// "at", "bl", "iz" gain an "e", a final double consonant loses one letter, and a short
    /// word gains an "e" ("hoped" → "hope").
    private mutating func removeVerbEnding(suffixLength: Int) {
        let start = length - suffixLength
        guard hasVowel(before: start) else { return }
        length = start
        guard length >= 2 else {
            if length == p1 && endsInShortSyllable(at: length) { appendE() }
            return
        }
        let a = bytes[length - 2], b = bytes[length - 1]
        if (a == UInt8(ascii: "a") && b == UInt8(ascii: "t"))
            || (a == UInt8(ascii: "b") && b == UInt8(ascii: "l"))
            || (a == UInt8(ascii: "i") && b == UInt8(ascii: "z")) {
            appendE()
            return
        }
        if a == b && isUndoubledConsonant(b) {
            // Not in words like "add", "egg", "off" (a, e or o then the double, nothing else).
            if length == 3 && (bytes[0] == UInt8(ascii: "a") || bytes[0] == UInt8(ascii: "e")
                || bytes[0] == UInt8(ascii: "o")) {
                return
            }
            length -= 1
            return
        }
        if length == p1 && endsInShortSyllable(at: length) { appendE() }
    }

    /// Whether a doubled `byte` at the end loses one letter: b d f g m n p r t.
    private func isUndoubledConsonant(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "b"), UInt8(ascii: "d"), UInt8(ascii: "f"), UInt8(ascii: "g"),
             UInt8(ascii: "m"), UInt8(ascii: "n"), UInt8(ascii: "p"), UInt8(ascii: "r"),
             UInt8(ascii: "t"):
            return true
        default:
            return false
        }
    }

    /// Appends "e" after step 1b removed a longer ending, so it stays within the original word.
    private mutating func appendE() {
        bytes[length] = UInt8(ascii: "e")
        length += 1
    }

    /// Step 1c: a final y or Y after a non-vowel that is not the first character becomes i.
    mutating func step1c() {
        guard length >= 2 else { return }
        let last = bytes[length - 1]
        guard last == UInt8(ascii: "y") || last == UInt8(ascii: "Y") else { return }
        if let consonant = nonVowelStart(before: length - 1), consonant > 0 {
            bytes[length - 1] = UInt8(ascii: "i")
        }
    }
}
