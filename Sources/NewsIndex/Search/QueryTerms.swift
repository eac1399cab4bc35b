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

    mutating func accept(term: UnsafeBufferPointer<UInt8>, position: Int, start: Int, end: Int, isPart: Bool) {
        if let index = terms.firstIndex(where: { $0.bytes.elementsEqual(term) }) {
            terms[index].count += 1
        } else {
            terms.append(QueryTerm(bytes: Array(term), count: 1))
        }
    }
}
