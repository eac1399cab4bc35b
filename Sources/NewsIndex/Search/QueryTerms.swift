// The terms of a plain-text query: analyzed like the documents, each distinct term with its count.

/// A distinct query term and how many times the query holds it (Lucene sums repeated clauses;
/// we weigh the term by its count, which is the same).
public struct QueryTerm: Equatable, Sendable {
    public var bytes: [UInt8]
    public var count: Int
    public var text: String { String(decoding: bytes, as: UTF8.self) }
}

extension Analyzer {
    /// The distinct terms of `text` in order of first appearance, each with its count.
    public mutating func queryTerms(_ text: String) -> [QueryTerm] {
        var collector = TermListCollector()
        analyze(text, into: &collector)
        return collector.terms
    }
}

struct TermListCollector: TokenSink {
    private(set) var terms: [QueryTerm] = []
    private var indexOfTerm: [[UInt8]: Int] = [:]

    mutating func accept(term: UnsafeBufferPointer<UInt8>, position: Int, start: Int, end: Int, isPart: Bool) {
        let bytes = Array(term)
        if let index = indexOfTerm[bytes] {
            terms[index].count += 1
        } else {
            indexOfTerm[bytes] = terms.count
            terms.append(QueryTerm(bytes: bytes, count: 1))
        }
    }
}

/// The longest query newsidx evaluates, in words (as Lucene caps a query's clauses at 1,024): a
/// pasted article cannot make one search take seconds.
public enum QueryLength {
    public static let maximumWords = 1024

    /// `text` cut after its first `maximumWords` whitespace-separated words, and whether it was cut.
    public static func limited(_ text: String) -> (text: String, cut: Bool) {
        var words = 0
        var inWord = false
        var index = text.utf8.startIndex
        for byte in text.utf8 {
            let space = byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
            if !space && !inWord {
                words += 1
                if words > maximumWords { return (String(text[..<index]), true) }
            }
            inWord = !space
            index = text.utf8.index(after: index)
        }
        return (text, false)
    }
}
