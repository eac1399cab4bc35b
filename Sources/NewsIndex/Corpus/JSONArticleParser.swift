// A small, fast JSON parser over bytes for one JSON Lines record: keeps title/body/id/date, skips the rest.

/// A JSON syntax problem at a byte offset.
struct JSONSyntaxError: Error {
    var message: String
    var offset: Int
}

/// The value of an article field as the parser keeps it.
enum JSONFieldValue: Equatable {
    case string(String)
    /// A number, as its text in the record.
    case number(String)
    case bool(Bool)
    case null
    case array
    case object

    /// "a string", "a number", ... for messages.
    var typeName: String {
        switch self {
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// The four fields an article record may carry (nil when absent).
struct JSONArticleFields {
    var title: JSONFieldValue?
    var body: JSONFieldValue?
    var id: JSONFieldValue?
    var date: JSONFieldValue?
}

/// Parses one JSON object in `bytes[position..<end]` (RFC 8259; nesting bounded by `maximumDepth`
/// so hostile input cannot exhaust the stack). Strings are decoded with every escape; lone
/// surrogates become U+FFFD; invalid UTF-8 inside kept strings becomes U+FFFD and is reported
/// through `firstInvalidUTF8`.
struct JSONArticleParser {
    static let maximumDepth = 64

    let bytes: UnsafeRawBufferPointer
    let base: UnsafePointer<UInt8>
    var position: Int
    var end: Int
    /// Offset of the first invalid UTF-8 byte met in a kept string, if any.
    var firstInvalidUTF8: Int?
    private var scratch: [UInt8] = []

    init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        // Corpus buffers come from [UInt8], so their memory is bound to UInt8.
        self.base = bytes.baseAddress.map { $0.assumingMemoryBound(to: UInt8.self) } ?? UnsafePointer(bitPattern: 1)!
        self.position = 0
        self.end = 0
        scratch.reserveCapacity(1 << 16)
    }

    /// Parses the object in `range`, which must hold exactly one object (plus white space).
    mutating func parseArticle(in range: Range<Int>) throws(JSONSyntaxError) -> JSONArticleFields {
        position = range.lowerBound
        end = range.upperBound
        firstInvalidUTF8 = nil
        var fields = JSONArticleFields()
        skipWhitespace()
        guard position < end, bytes[position] == 0x7B else { throw fail("the line is not a JSON object") }
        position += 1
        skipWhitespace()
        if position < end, bytes[position] == 0x7D {
            position += 1
        } else {
            while true {
                guard position < end, bytes[position] == 0x22 else { throw fail("expected a quoted key") }
                let key = try parseKey()
                skipWhitespace()
                guard position < end, bytes[position] == 0x3A else { throw fail("expected ':' after a key") }
                position += 1
                skipWhitespace()
                switch key {
                case 1: fields.title = try parseValue()
                case 2: fields.body = try parseValue()
                case 3: fields.id = try parseValue()
                case 4: fields.date = try parseValue()
                default: try skipValue(depth: 1)
                }
                skipWhitespace()
                guard position < end else { throw fail("unterminated object") }
                if bytes[position] == 0x2C {
                    position += 1
                    skipWhitespace()
                    continue
                }
                guard bytes[position] == 0x7D else { throw fail("expected ',' or '}'") }
                position += 1
                break
            }
        }
        skipWhitespace()
        guard position == end else { throw fail("unexpected text after the object") }
        return fields
    }

    private func fail(_ message: String) -> JSONSyntaxError {
        JSONSyntaxError(message: message, offset: position)
    }

    @inline(__always)
    private mutating func skipWhitespace() {
        while position < end {
            let byte = bytes[position]
            guard byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D else { return }
            position += 1
        }
    }

    /// Reads a key; returns 1 title, 2 body, 3 id, 4 date, 0 anything else.
    private mutating func parseKey() throws(JSONSyntaxError) -> Int {
        let start = position + 1
        var index = start
        while index < end, bytes[index] != 0x22, bytes[index] != 0x5C, bytes[index] >= 0x20 { index += 1 }
        if index < end, bytes[index] == 0x22 {
            position = index + 1
            return Self.keyCode(UnsafeRawBufferPointer(rebasing: bytes[start..<index]))
        }
        // Escapes (or an error) in the key: decode it fully.
        let key = try parseString(keep: true) ?? ""
        var utf8 = Array(key.utf8)
        return utf8.withUnsafeMutableBytes { Self.keyCode(UnsafeRawBufferPointer($0)) }
    }

    private static func keyCode(_ key: UnsafeRawBufferPointer) -> Int {
        switch key.count {
        case 5 where key.elementsEqual("title".utf8): 1
        case 4 where key.elementsEqual("body".utf8): 2
        case 2 where key.elementsEqual("id".utf8): 3
        case 4 where key.elementsEqual("date".utf8): 4
        default: 0
        }
    }

    /// Parses a value, keeping strings and number text; nested containers are skipped.
    private mutating func parseValue() throws(JSONSyntaxError) -> JSONFieldValue {
        guard position < end else { throw fail("expected a value") }
        switch bytes[position] {
        case 0x22: return .string(try parseString(keep: true)!)
        case 0x2D, 0x30...0x39:
            let start = position
            try skipNumber()
            return .number(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self))
        case 0x7B:
            try skipValue(depth: 1)
            return .object
        case 0x5B:
            try skipValue(depth: 1)
            return .array
        default:
            return try parseLiteral()
        }
    }

    private mutating func parseLiteral() throws(JSONSyntaxError) -> JSONFieldValue {
        func matches(_ word: StaticString) -> Bool {
            let count = word.utf8CodeUnitCount
            guard position + count <= end else { return false }
            for index in 0..<count where bytes[position + index] != word.utf8Start[index] { return false }
            return true
        }
        if matches("true") {
            position += 4
            return .bool(true)
        }
        if matches("false") {
            position += 5
            return .bool(false)
        }
        if matches("null") {
            position += 4
            return .null
        }
        throw fail("invalid value")
    }

    /// Skips any value; containers deeper than `maximumDepth` are an error.
    private mutating func skipValue(depth: Int) throws(JSONSyntaxError) {
        guard position < end else { throw fail("expected a value") }
        switch bytes[position] {
        case 0x22:
            _ = try parseString(keep: false)
        case 0x2D, 0x30...0x39:
            try skipNumber()
        case 0x7B, 0x5B:
            let isObject = bytes[position] == 0x7B
            let close: UInt8 = isObject ? 0x7D : 0x5D
            guard depth <= Self.maximumDepth else {
                throw fail("nesting deeper than \(Self.maximumDepth) levels")
            }
            position += 1
            skipWhitespace()
            if position < end, bytes[position] == close {
                position += 1
                return
            }
            while true {
                if isObject {
                    guard position < end, bytes[position] == 0x22 else { throw fail("expected a quoted key") }
                    _ = try parseString(keep: false)
                    skipWhitespace()
                    guard position < end, bytes[position] == 0x3A else { throw fail("expected ':' after a key") }
                    position += 1
                    skipWhitespace()
                }
                try skipValue(depth: depth + 1)
                skipWhitespace()
                guard position < end else { throw fail(isObject ? "unterminated object" : "unterminated array") }
                if bytes[position] == 0x2C {
                    position += 1
                    skipWhitespace()
                    continue
                }
                guard bytes[position] == close else {
                    throw fail(isObject ? "expected ',' or '}'" : "expected ',' or ']'")
                }
                position += 1
                return
            }
        default:
            _ = try parseLiteral()
        }
    }

    /// -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
    private mutating func skipNumber() throws(JSONSyntaxError) {
        @inline(__always) func isDigit(_ index: Int) -> Bool { index < end && bytes[index] >= 0x30 && bytes[index] <= 0x39 }
        if bytes[position] == 0x2D { position += 1 }
        guard isDigit(position) else { throw fail("invalid number") }
        if bytes[position] == 0x30 {
            position += 1
        } else {
            while isDigit(position) { position += 1 }
        }
        if position < end, bytes[position] == 0x2E {
            position += 1
            guard isDigit(position) else { throw fail("invalid number") }
            while isDigit(position) { position += 1 }
        }
        if position < end, bytes[position] == 0x65 || bytes[position] == 0x45 {
            position += 1
            if position < end, bytes[position] == 0x2B || bytes[position] == 0x2D { position += 1 }
            guard isDigit(position) else { throw fail("invalid number") }
            while isDigit(position) { position += 1 }
        }
    }

    /// Parses the string at `position` (its opening quote). Returns its text when `keep`, else nil
    /// (still checking escapes and control characters).
    private mutating func parseString(keep: Bool) throws(JSONSyntaxError) -> String? {
        position += 1
        var runStart = position
        var usingScratch = false
        while true {
            // 8 bytes at a time while none is '"', '\\', a control character or non-ASCII.
            while position &+ 8 <= end {
                let word = bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self)
                let quote = word ^ 0x2222_2222_2222_2222
                let backslash = word ^ 0x5C5C_5C5C_5C5C_5C5C
                let flags =
                    ((quote &- 0x0101_0101_0101_0101) & ~quote) | ((backslash &- 0x0101_0101_0101_0101) & ~backslash)
                    | ((word &- 0x2020_2020_2020_2020) & ~word) | word
                if flags & 0x8080_8080_8080_8080 != 0 { break }
                position &+= 8
            }
            guard position < end else { throw fail("unterminated string") }
            let byte = bytes[position]
            if byte == 0x22 {
                defer { position += 1 }
                guard keep else { return nil }
                if !usingScratch {
                    return String(decoding: UnsafeBufferPointer(start: base + runStart, count: position - runStart), as: UTF8.self)
                }
                appendRun(runStart, position)
                return String(decoding: scratch, as: UTF8.self)
            } else if byte == 0x5C {
                if keep {
                    if !usingScratch {
                        scratch.removeAll(keepingCapacity: true)
                        usingScratch = true
                    }
                    appendRun(runStart, position)
                }
                try parseEscape(keep: keep)
                runStart = position
            } else if byte < 0x20 {
                throw fail("control character in a string (escape it)")
            } else if byte >= 0x80 {
                let length = UTF8Text.sequenceLength(bytes, position, end)
                if length > 0 {
                    position += length
                } else {
                    if keep {
                        if firstInvalidUTF8 == nil { firstInvalidUTF8 = position }
                        if !usingScratch {
                            scratch.removeAll(keepingCapacity: true)
                            usingScratch = true
                        }
                        appendRun(runStart, position)
                        scratch.append(contentsOf: [0xEF, 0xBF, 0xBD])
                    }
                    position += UTF8Text.invalidSubpartLength(bytes, position, end)
                    runStart = position
                }
            } else {
                position += 1
            }
        }
    }

    @inline(__always)
    private mutating func appendRun(_ start: Int, _ end: Int) {
        if end > start { scratch.append(contentsOf: UnsafeBufferPointer(start: base + start, count: end - start)) }
    }

    /// Decodes the escape at `position` (a backslash), appending its UTF-8 to scratch when `keep`.
    private mutating func parseEscape(keep: Bool) throws(JSONSyntaxError) {
        guard position + 1 < end else { throw fail("unterminated escape") }
        let code = bytes[position + 1]
        let simple: UInt8
        switch code {
        case 0x22, 0x5C, 0x2F: simple = code
        case 0x62: simple = 0x08  // b
        case 0x66: simple = 0x0C  // f
        case 0x6E: simple = 0x0A  // n
        case 0x72: simple = 0x0D  // r
        case 0x74: simple = 0x09  // t
        case 0x75:  // u
            var scalar = try hex4(at: position + 2)
            position += 6
            if scalar >= 0xD800, scalar <= 0xDBFF {
                if position + 1 < end, bytes[position] == 0x5C, bytes[position + 1] == 0x75,
                    let low = try? hex4(at: position + 2), low >= 0xDC00, low <= 0xDFFF
                {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    position += 6
                } else {
                    scalar = 0xFFFD  // lone high surrogate
                }
            } else if scalar >= 0xDC00, scalar <= 0xDFFF {
                scalar = 0xFFFD  // lone low surrogate
            }
            if keep { appendScalar(scalar) }
            return
        default:
            throw fail("invalid escape")
        }
        if keep { scratch.append(simple) }
        position += 2
    }

    private func hex4(at offset: Int) throws(JSONSyntaxError) -> UInt32 {
        guard offset + 4 <= end else { throw JSONSyntaxError(message: "invalid \\u escape", offset: offset) }
        var value: UInt32 = 0
        for index in offset..<(offset + 4) {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x41...0x46: digit = byte - 0x41 + 10
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: throw JSONSyntaxError(message: "invalid \\u escape", offset: offset)
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    private mutating func appendScalar(_ scalar: UInt32) {
        switch scalar {
        case 0..<0x80:
            scratch.append(UInt8(scalar))
        case 0x80..<0x800:
            scratch.append(UInt8(0xC0 | scalar >> 6))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            scratch.append(UInt8(0xE0 | scalar >> 12))
            scratch.append(UInt8(0x80 | (scalar >> 6) & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | scalar >> 18))
            scratch.append(UInt8(0x80 | (scalar >> 12) & 0x3F))
            scratch.append(UInt8(0x80 | (scalar >> 6) & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}
