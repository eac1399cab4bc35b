// Writing JSON text: string escaping that yields valid JSON for any input, and a small object builder.

/// Builds one JSON object as text, key by key, in the order given.
public struct JSONObjectWriter {
    private var text = "{"
    private var first = true

    public init() {}

    private mutating func key(_ name: String) {
        if !first { text += "," }
        first = false
        JSONText.appendString(name, to: &text)
        text += ":"
    }

    public mutating func add(_ name: String, _ value: String) { key(name); JSONText.appendString(value, to: &text) }
    public mutating func add(_ name: String, _ value: Int) { key(name); text += String(value) }
    public mutating func add(_ name: String, _ value: Bool) { key(name); text += value ? "true" : "false" }
    public mutating func add(_ name: String, _ value: Double) {
        key(name)
        text += value.isFinite ? String(value) : "null"
    }
    public mutating func addNull(_ name: String) { key(name); text += "null" }
    /// A value that is already JSON text (an array or object built elsewhere).
    public mutating func addRaw(_ name: String, _ json: String) { key(name); text += json }

    public var result: String { text + "}" }
}

public enum JSONText {
    /// Appends `value` as a JSON string literal: quotes, backslashes and control characters (C0, DEL
    /// and C1) escaped, and U+2028/U+2029 escaped too, so that the output is valid JSON (and JavaScript) for any input.
    public static func appendString(_ value: String, to output: inout String) {
        output += "\""
        var plainStart = value.unicodeScalars.startIndex
        var index = plainStart
        let scalars = value.unicodeScalars
        while index < scalars.endIndex {
            let scalar = scalars[index]
            let escape: String?
            switch scalar.value {
            case 0x22: escape = "\\\""
            case 0x5C: escape = "\\\\"
            case 0x0A: escape = "\\n"
            case 0x0D: escape = "\\r"
            case 0x09: escape = "\\t"
            case 0x00..<0x20, 0x7F..<0xA0, 0x2028, 0x2029: escape = unicodeEscape(scalar.value)
            default: escape = nil
            }
            if let escape {
                output += String(scalars[plainStart..<index])
                output += escape
                plainStart = scalars.index(after: index)
            }
            index = scalars.index(after: index)
        }
        output += String(scalars[plainStart..<index])
        output += "\""
    }

    /// `value` as a JSON string literal.
    public static func string(_ value: String) -> String {
        var output = ""
        appendString(value, to: &output)
        return output
    }

    private static func unicodeEscape(_ value: UInt32) -> String {
        let hex = String(value, radix: 16)
        return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }
}
