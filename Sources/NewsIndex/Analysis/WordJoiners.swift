// Which characters join the parts of a word that UAX #29 keeps whole ("u.s", "can't", "32.3", "snake_case").

enum WordJoiners {
    /// True for a scalar that UAX #29 lets stand inside a word between letters or digits:
    /// MidLetter, MidNum, MidNumLet, Single_Quote and ExtendNumLet (e.g. . ' : , ; _ and U+00B7).
    @inline(__always)
    static func isJoiner(_ value: UInt32) -> Bool {
        if value < 0x80 {
            // After folding, an ASCII byte inside a word is a letter, a digit or a joiner.
            let byte = UInt8(value)
            return !((byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A))
        }
        guard let scalar = Unicode.Scalar(value) else { return false }
        switch WordBreakProperty.of(scalar) {
        case .midLetter, .midNum, .midNumLet, .singleQuote, .extendNumLet: return true
        default: return false
        }
    }
}
