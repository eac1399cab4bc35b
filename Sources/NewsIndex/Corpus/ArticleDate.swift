// Parsing and validating "YYYY-MM-DD" dates into YYYYMMDD integers (0 = unknown).

/// Calendar dates as the corpus writes them.
public enum ArticleDate {
    /// The date in the 10 bytes at `offset` ("YYYY-MM-DD") as YYYYMMDD, or nil when the bytes are
    /// not that shape or not a real Gregorian date (month 1–12, day within the month, year ≥ 1).
    static func parse(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> Int32? {
        guard offset >= 0, offset + 10 <= bytes.count,
            bytes[offset + 4] == 0x2D, bytes[offset + 7] == 0x2D
        else { return nil }
        func number(_ start: Int, _ count: Int) -> Int? {
            var value = 0
            for index in start..<(start + count) {
                let digit = Int(bytes[index]) - 0x30
                guard digit >= 0, digit <= 9 else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard let year = number(offset, 4), let month = number(offset + 5, 2), let day = number(offset + 8, 2),
            isValid(year: year, month: month, day: day)
        else { return nil }
        return Int32(year * 10000 + month * 100 + day)
    }

    /// The date in `text` ("YYYY-MM-DD", nothing else) as YYYYMMDD, or nil.
    public static func parse(_ text: String) -> Int32? {
        var utf8 = Array(text.utf8)
        guard utf8.count == 10 else { return nil }
        return utf8.withUnsafeMutableBytes { parse(UnsafeRawBufferPointer($0), at: 0) }
    }

    /// Whether year-month-day is a real Gregorian date (year 1...9999).
    public static func isValid(year: Int, month: Int, day: Int) -> Bool {
        guard year >= 1, year <= 9999, month >= 1, month <= 12, day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return day <= days
    }
}
