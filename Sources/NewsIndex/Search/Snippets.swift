// Snippets: the passage of an article's body around the densest cluster of matched terms, with highlights.

/// A passage of text and the UTF-8 byte ranges, within `text`, of the words that matched the query.
public struct Snippet: Equatable, Sendable {
    public var text: String
    public var highlights: [Range<Int>]

    public init(text: String, highlights: [Range<Int>]) {
        self.text = text
        self.highlights = highlights
    }
}

public enum SnippetMaker {
    /// The window of at most `maxWords` words of `body` holding the most distinct query terms (then
    /// the most matches), whitespace collapsed to single spaces, "…" where text was cut, control
    /// characters replaced by U+FFFD. When nothing matches, the start of the body.
    public static func make(
        body: String, queryTerms: Set<[UInt8]>, analyzer: inout Analyzer, maxWords: Int = 30
    ) -> Snippet {
        var body = body
        return body.withUTF8 { bytes in
            var collector = WordMatchCollector(queryTerms: queryTerms)
            analyzer.analyze(bytes, into: &collector)
            let words = collector.words
            guard !words.isEmpty else { return Snippet(text: "", highlights: []) }
            let (first, last) = bestWindow(words, maxWords: maxWords)
            let start = words[first].start
            var end = words[last].end
            // Keep the punctuation that closes the last word ("ceasefire." not "ceasefire").
            while end < bytes.count, bytes[end] != 0x20, bytes[end] != 0x0A, bytes[end] != 0x0D,
                  end - words[last].end < 3 { end += 1 }
            let matched = words[first...last].filter(\.matched).map { $0.start..<$0.end }
            return render(bytes, start: start, end: end, matched: matched,
                          cutBefore: first > 0 || start > firstNonSpace(bytes),
                          cutAfter: last < words.count - 1)
        }
    }

    private static func firstNonSpace(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var index = 0
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 {
            index += 1
        }
        return index
    }

    /// The first and last word index of the best window.
    static func bestWindow(_ words: [MatchedWord], maxWords: Int) -> (Int, Int) {
        let width = max(1, maxWords)
        guard words.count > width else { return (0, words.count - 1) }
        var counts: [Int: Int] = [:]
        var matches = 0
        var best = (distinct: -1, matches: -1, first: 0)
        for index in 0..<words.count {
            if let term = words[index].termIndex {
                counts[term, default: 0] += 1
                matches += 1
            }
            let first = index - width + 1
            if first > 0, let term = words[first - 1].termIndex {
                counts[term]! -= 1
                if counts[term] == 0 { counts[term] = nil }
                matches -= 1
            }
            if first >= 0 && (counts.count > best.distinct || (counts.count == best.distinct && matches > best.matches)) {
                best = (counts.count, matches, first)
            }
        }
        var first = best.first
        if best.matches > 0 {
            // Start a few words before the first match, so the match has some context.
            var firstMatch = first
            while !words[firstMatch].matched { firstMatch += 1 }
            first = max(0, min(first, firstMatch - 4))
            if firstMatch - first > 4 { first = firstMatch - 4 }
        } else {
            first = 0
        }
        return (first, min(words.count - 1, first + width - 1))
    }

    private static func render(
        _ bytes: UnsafeBufferPointer<UInt8>, start: Int, end: Int, matched: [Range<Int>],
        cutBefore: Bool, cutAfter: Bool
    ) -> Snippet {
        var output: [UInt8] = []
        output.reserveCapacity(end - start + 8)
        var highlights: [Range<Int>] = []
        if cutBefore { output.append(contentsOf: "… ".utf8) }
        var matchIndex = 0
        var highlightStart = -1
        var lastWasSpace = false
        var index = start
        while index < end {
            if matchIndex < matched.count && index == matched[matchIndex].lowerBound { highlightStart = output.count }
            let byte = bytes[index]
            if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
                if !lastWasSpace { output.append(0x20) }
                lastWasSpace = true
            } else if byte < 0x20 || byte == 0x7F {
                output.append(contentsOf: [0xEF, 0xBF, 0xBD])
                lastWasSpace = false
            } else if byte == 0xC2 && index + 1 < end && bytes[index + 1] >= 0x80 && bytes[index + 1] < 0xA0 {
                output.append(contentsOf: [0xEF, 0xBF, 0xBD])  // a C1 control character
                index += 1
                lastWasSpace = false
            } else {
                output.append(byte)
                lastWasSpace = false
            }
            index += 1
            if matchIndex < matched.count && index == matched[matchIndex].upperBound {
                if highlightStart >= 0 { highlights.append(highlightStart..<output.count) }
                highlightStart = -1
                matchIndex += 1
            }
        }
        if cutAfter { output.append(contentsOf: " …".utf8) }
        return Snippet(text: String(decoding: output, as: UTF8.self), highlights: highlights)
    }
}

/// A word of the analyzed body: its byte range and the query term it matched, if any.
struct MatchedWord {
    var start: Int
    var end: Int
    var termIndex: Int?
    var matched: Bool { termIndex != nil }
}

/// Collects the words of a text, marking those with a term in the query.
struct WordMatchCollector: TokenSink {
    private let queryTerms: [[UInt8]]
    private(set) var words: [MatchedWord] = []
    private var lastPosition = -1

    init(queryTerms: Set<[UInt8]>) { self.queryTerms = queryTerms.sorted { $0.lexicographicallyPrecedes($1) } }

    mutating func accept(term: UnsafeBufferPointer<UInt8>, position: Int, start: Int, end: Int, isPart: Bool) {
        if position != lastPosition {
            words.append(MatchedWord(start: start, end: end, termIndex: nil))
            lastPosition = position
        }
        if words[words.count - 1].termIndex == nil,
           let index = queryTerms.firstIndex(where: { $0.elementsEqual(term) }) {
            words[words.count - 1].termIndex = index
        }
    }
}
