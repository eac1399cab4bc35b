// Making article text safe to print: no raw control or escape sequences reach a terminal.

public enum TerminalText {
    /// `text` with C0/C1 control characters (other than tab) and DEL replaced by U+FFFD, so that
    /// article text can never move the cursor, change colours or retitle a terminal. Newlines become spaces
    /// when `singleLine` is set; otherwise they are kept.
    public static func sanitized(_ text: String, singleLine: Bool = false) -> String {
        var needsWork = false
        for scalar in text.unicodeScalars where isControl(scalar.value) || (singleLine && scalar == "\n") {
            needsWork = true
            break
        }
        guard needsWork else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar == "\n" && !singleLine {
                result.append(scalar)
            } else if scalar == "\n" || scalar == "\r" {
                result.append(" ")
            } else if isControl(scalar.value) {
                result.append("\u{FFFD}")
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }

    @inline(__always)
    public static func isControl(_ value: UInt32) -> Bool {
        (value < 0x20 && value != 0x09 && value != 0x0A) || (value >= 0x7F && value < 0xA0)
    }
}
