// Turns one UAX #29 word into its terms: fold, drop the possessive 's, split at inner punctuation, stem.

/// Normalizes one word (a UAX #29 segment that holds a letter, digit or ideograph) into terms.
///
/// The output is a compact encoding appended to a byte array, so that it can be cached:
/// `count`, then per term `length`, `isPart` (0 or 1) and the term's bytes (each a single byte
/// except the term bytes; terms are at most `maxTermBytes` long).
struct WordNormalizer {
    /// Terms longer than this are skipped (counted, never indexed).
    static let maxTermBytes = 255

    let stemming: Bool
    let compoundParts: Bool
    private let stemmer = EnglishStemmer()
    private var folded: [UInt8] = []
    private var scratch: [UInt8] = Array(repeating: 0, count: maxTermBytes)

    init(stemming: Bool, compoundParts: Bool) {
        self.stemming = stemming
        self.compoundParts = compoundParts
        folded.reserveCapacity(1024)
    }

    /// Appends the encoded terms of `word` to `out` and returns how many there are; 0 with
    /// `tooLong` set when the folded word exceeds `maxTermBytes`.
    mutating func normalize(_ word: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) -> (count: Int, tooLong: Bool) {
        folded.removeAll(keepingCapacity: true)
        TextFolder.fold(word, into: &folded)
        removePossessive()
        if folded.isEmpty { return (0, false) }
        if folded.count > Self.maxTermBytes { return (0, true) }

        let countIndex = out.count
        out.append(0)
        var count = 0
        let joiners = scanJoiners()
        if joiners == .none {
            appendTerm(folded[...], stem: stemming, isPart: false, to: &out)
            count = 1
        } else {
            // Porter2 knows apostrophes; other punctuation ("u.s", "32.3") is kept as it is.
            appendTerm(folded[...], stem: stemming && joiners == .apostrophesOnly, isPart: false, to: &out)
            count = 1
            if compoundParts { count += appendParts(to: &out) }
        }
        out[countIndex] = UInt8(count)
        return (count, false)
    }

    /// The English possessive: "putin's" → "putin" (Lucene's EnglishPossessiveFilter).
    private mutating func removePossessive() {
        let n = folded.count
        if n > 2 && folded[n - 1] == UInt8(ascii: "s") && folded[n - 2] == UInt8(ascii: "'") {
            folded.removeLast(2)
        }
    }

    private enum Joiners { case none, apostrophesOnly, other }

    /// The scalar at `index` of the folded word and its length in bytes.
    @inline(__always)
    private static func scalar(in bytes: [UInt8], at index: Int) -> (UInt32, Int) {
        if bytes[index] < 0x80 { return (UInt32(bytes[index]), 1) }
        return bytes.withUnsafeBufferPointer { TextFolder.decodeScalar($0.baseAddress!, at: index, count: $0.count) }
    }

    /// Whether the folded word holds inner punctuation that UAX #29 kept inside it.
    private func scanJoiners() -> Joiners {
        var result = Joiners.none
        var index = 0
        let bytes = folded
        while index < bytes.count {
            let (scalar, length) = Self.scalar(in: bytes, at: index)
            if WordJoiners.isJoiner(scalar) {
                if scalar == 0x27 { if result == .none { result = .apostrophesOnly } } else { return .other }
            }
            index += length
        }
        return result
    }

    /// Appends each part between joiners, stemmed, skipping empty parts and repeats; returns the count.
    private mutating func appendParts(to out: inout [UInt8]) -> Int {
        var count = 0
        var partStart = 0
        var index = 0
        var seen: [ArraySlice<UInt8>] = []
        let bytes = folded
        func flush(_ end: Int) {
            if end > partStart {
                let part = bytes[partStart..<end]
                if !seen.contains(part) {
                    seen.append(part)
                    appendTerm(part, stem: stemming, isPart: true, to: &out)
                    count += 1
                }
            }
        }
        while index < bytes.count {
            let (scalar, length) = Self.scalar(in: bytes, at: index)
            if WordJoiners.isJoiner(scalar) {
                flush(index)
                partStart = index + length
            }
            index += length
        }
        flush(bytes.count)
        return min(count, 254)
    }

    private mutating func appendTerm(_ term: ArraySlice<UInt8>, stem: Bool, isPart: Bool, to out: inout [UInt8]) {
        var length = term.count
        scratch.withUnsafeMutableBufferPointer { buffer in
            for (offset, byte) in term.enumerated() { buffer[offset] = byte }
            if stem { length = stemmer.stem(buffer, count: length) }
        }
        out.append(UInt8(length))
        out.append(isPart ? 1 : 0)
        out.append(contentsOf: scratch[0..<length])
    }
}
