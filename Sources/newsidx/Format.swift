// Number formatting for the CLI without Foundation: fixed decimals, byte sizes.

enum Format {
    /// `value` with `places` digits after the point.
    static func decimal(_ value: Double, _ places: Int) -> String {
        guard value.isFinite else { return "0" }
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let rounded = (abs(value) * scale).rounded()
        let whole = Int(rounded / scale)
        let fraction = Int(rounded - Double(whole) * scale)
        let sign = value < 0 && rounded > 0 ? "-" : ""
        guard places > 0 else { return sign + String(whole) }
        let digits = String(fraction)
        return sign + String(whole) + "." + String(repeating: "0", count: places - digits.count) + digits
    }

    /// A byte count as B, KB, MB or GB (powers of 1000).
    static func bytes(_ count: Int) -> String {
        let value = Double(count)
        if value >= 1e9 { return decimal(value / 1e9, 2) + " GB" }
        if value >= 1e6 { return decimal(value / 1e6, 1) + " MB" }
        if value >= 1e3 { return decimal(value / 1e3, 1) + " KB" }
        return "\(count) B"
    }

    /// An article date YYYYMMDD as YYYY-MM-DD ("" when unknown).
    static func date(_ value: Int32) -> String {
        guard value > 0 else { return "" }
        let year = value / 10000, month = value / 100 % 100, day = value % 100
        return String(year) + "-" + (month < 10 ? "0" : "") + String(month) + "-" + (day < 10 ? "0" : "") + String(day)
    }
}
