// Query evaluation on seeded random corpora: pruned top-k equals exhaustive scoring; phrases and
// proximity equal a naive position scan; date filters, date sort and histograms; --explain sums.
import Foundation
import Testing
@testable import NewsIndex

/// A random corpus of .txt articles, built into an index, with the analyzed fields kept for oracles.
final class RandomSearchCorpus {
    let scratch: ModelScratch
    let reader: IndexReader
    /// Per article id: date (YYYYMMDD or 0) and the (term, position) lists of title and body.
    var dates: [String: UInt32] = [:]
    var fields: [String: [[(term: [UInt8], position: Int)]]] = [:]
    let vocabulary: [String]

    init(label: String, seed: UInt64, documents: Int = 700) throws {
        print("\(label) seed \(seed)")
        var random = SeededRandom(seed: seed)
        scratch = try ModelScratch(label)
        let letters = Array("bcdfghjkmnpqrtvwxz")
        var words: [String] = []
        for a in letters { for b in letters.prefix(4) { words.append("x" + String(a) + String(b)) } }
        vocabulary = words
        var analyzer = Analyzer(stemming: true, compoundParts: true)
        func word() -> String {
            // Skewed: the first words are in most articles.
            let u = Double(random.next() % 1_000_000) / 1_000_000
            return words[min(words.count - 1, Int(pow(u, 2.2) * Double(words.count)))]
        }
        for index in 0..<documents {
            let id = "d" + String(100_000 + index).dropFirst()
            let title = (0..<random.int(2...8)).map { _ in word() }.joined(separator: " ")
            let body = (0..<random.int(5...120)).map { _ in word() }.joined(separator: " ")
            var date: UInt32 = 0
            var header = title
            if random.chance(0.9) {
                let y = random.int(2018...2021), m = random.int(1...12), d = random.int(1...28)
                date = UInt32(y * 10000 + m * 100 + d)
                header = " date \(y)-\(m < 10 ? "0" : "")\(m)-\(d < 10 ? "0" : "")\(d) " + title
            }
            try scratch.write("corpus/\(id).txt", header + "\n\n" + body + "\n")
            dates[id] = date
            var titleSink = ModelTermSink(), bodySink = ModelTermSink()
            analyzer.analyze(title, into: &titleSink)
            analyzer.analyze(body, into: &bodySink)
            fields[id] = [titleSink.tokens, bodySink.tokens]
        }
        _ = try ModelIndex.build(corpus: scratch.path + "/corpus", index: scratch.path + "/index")
        reader = try IndexReader(path: scratch.path + "/index")
    }

    func term(_ word: String) -> [UInt8] {
        var analyzer = Analyzer(stemming: true, compoundParts: false)
        return analyzer.queryTerms(word)[0].bytes
    }
}

extension SeededRandom {
    /// The defaults half of the time, else random BM25 parameters (k1 0–3, b 0–1, title weight
    /// 0–4, in tenths).
    mutating func searchBM25() -> BM25 {
        chance(0.5) ? BM25() : BM25(k1: Double(int(0...30)) / 10, b: Double(int(0...10)) / 10, titleWeight: Double(int(0...40)) / 10)
    }
}

@Suite("Search queries")
struct SearchQueryTests {
    private func compare(_ searcher: Searcher, _ request: SearchRequest, _ context: String) throws {
        var exhaustive = request
        exhaustive.exhaustive = true
        let fast = try searcher.search(request).hits
        let oracle = try searcher.search(exhaustive).hits
        #expect(fast.map(\.doc) == oracle.map(\.doc), "\(context)")
        for (a, b) in zip(fast, oracle) { #expect(abs(a.score - b.score) <= 1e-9, "\(context)") }
    }

    @Test func prunedTopKEqualsExhaustiveScoring() throws {
        for seed: UInt64 in [11, 12] {
            let corpus = try RandomSearchCorpus(label: "search-prune", seed: seed)
            let searcher = Searcher(reader: corpus.reader)
            var random = SeededRandom(seed: seed &+ 1000)
            for round in 0..<150 {
                var words: [String] = []
                for _ in 0..<random.int(1...5) {
                    // Mix frequent (≥ 300 documents) and rare words.
                    let word = random.chance(0.5) ? corpus.vocabulary[random.below(8)] : corpus.vocabulary[random.below(corpus.vocabulary.count)]
                    let scoped = random.chance(0.15) ? (random.chance(0.5) ? "title:" : "body:") + word : word
                    words.append(scoped)
                }
                let and = random.chance(0.3)
                var text = words.map { and ? "+" + $0 : $0 }.joined(separator: " ")
                if random.chance(0.25) {
                    // Phrases (alone, or required beside terms): the conjunction path checks positions last.
                    let phrase = "\"" + (0..<random.int(2...3)).map { _ in corpus.vocabulary[random.below(10)] }.joined(separator: " ") + "\""
                        + (random.chance(0.3) ? "~\(random.int(1...3))" : "")
                    text = random.chance(0.5) ? phrase : "+" + phrase + " +" + corpus.vocabulary[random.below(20)]
                }
                var request = SearchRequest(text: text, limit: [1, 3, 10, 50][random.below(4)], syntax: true)
                request.offset = random.chance(0.2) ? random.int(1...5) : 0
                request.bm25 = random.searchBM25()
                try compare(searcher, request, "seed \(seed) round \(round): \(text) \(request.bm25) k \(request.limit)")
            }
        }
    }

    /// A ranked OR whose frequent word turns non-essential while each window of the two rarer
    /// words spans many of its blocks, their bounds alternating low and high: MaxScore may drop a
    /// window's document only on the largest bound over those blocks, never on one block's.
    @Test func windowFilterBoundsEveryBlockOfTheWindow() throws {
        let scratch = try ModelScratch("search-window")
        var commonPostings = 0
        for index in 0..<3000 {
            // "common" in three articles of four, once in its 1st, 3rd, 5th … block of 128
            // postings and six times in the others; "rare" in every 7th article and "scarce" in
            // every 11th, 1–3 times; the bodies padded to one length.
            var body: [String] = []
            if index % 4 != 3 {
                body += Array(repeating: "common", count: (commonPostings / 128) % 2 == 0 ? 1 : 6)
                commonPostings += 1
            }
            if index % 7 == 0 { body += Array(repeating: "rare", count: 1 + index % 3) }
            if index % 11 == 0 { body += Array(repeating: "scarce", count: 1 + index % 3) }
            body += Array(repeating: "filler", count: 16 - body.count)
            try scratch.write("corpus/d\(String(100_000 + index).dropFirst()).txt", "Article \(index)\n\n" + body.joined(separator: " ") + "\n")
        }
        _ = try ModelIndex.build(corpus: scratch.path + "/corpus", index: scratch.path + "/index")
        let searcher = Searcher(reader: try IndexReader(path: scratch.path + "/index"))
        // The larger limits keep the threshold low enough for the two rarer words to stay essential.
        for text in ["rare scarce common", "common scarce rare"] {
            for limit in [10, 100, 200, 300, 400] {
                for bm25 in [BM25(), BM25(k1: 1.2, b: 0.75, titleWeight: 2), BM25(k1: 3, b: 0.2, titleWeight: 1)] {
                    try compare(searcher, SearchRequest(text: text, limit: limit, bm25: bm25, syntax: true), "\(text) k \(limit) \(bm25)")
                }
            }
        }
    }

    /// Two required words of comparable frequency take the block-pair merge (`Conjunction.runPair`):
    /// its hits and scores must be the exhaustive evaluator's, for every density mix and scope.
    @Test func pairConjunctionEqualsExhaustiveScoring() throws {
        for seed: UInt64 in [13, 14] {
            let corpus = try RandomSearchCorpus(label: "search-pair", seed: seed)
            let searcher = Searcher(reader: corpus.reader)
            var random = SeededRandom(seed: seed &+ 2000)
            var merged = 0
            for round in 0..<200 {
                let words = (0..<2).map { _ -> String in
                    let word = random.chance(0.6) ? corpus.vocabulary[random.below(12)] : corpus.vocabulary[random.below(corpus.vocabulary.count)]
                    return random.chance(0.15) ? (random.chance(0.5) ? "title:" : "body:") + word : word
                }
                // The words' document frequencies (what the choice of path looks at).
                let frequencies = try words.map { word -> Int in
                    var count = SearchRequest(text: String(word.split(separator: ":").last!), limit: 1, syntax: true)
                    count.count = true
                    return try searcher.search(count).matchCount ?? 0
                }
                if Conjunction.pairMerges(leadFrequency: frequencies.min()!, otherFrequency: frequencies.max()!) { merged += 1 }
                var request = SearchRequest(text: words.map { "+" + $0 }.joined(separator: " "), limit: [1, 3, 10, 50][random.below(4)], syntax: true)
                request.bm25 = random.searchBM25()
                try compare(searcher, request, "seed \(seed) round \(round): \(request.text) \(request.bm25) k \(request.limit)")
            }
            #expect(merged >= 50, "seed \(seed): only \(merged) pairs took the merge")
        }
    }

    @Test func phrasesAndProximityEqualANaivePositionScan() throws {
        let seed: UInt64 = 21
        let corpus = try RandomSearchCorpus(label: "search-phrase", seed: seed, documents: 400)
        let searcher = Searcher(reader: corpus.reader)
        var random = SeededRandom(seed: seed &+ 7)
        for round in 0..<120 {
            let n = random.int(2...3)
            let words = (0..<n).map { _ in corpus.vocabulary[random.below(14)] }
            let slop = random.chance(0.5) ? 0 : random.int(1...4)
            let field = [QueryField.any, .title, .body][random.below(3)]
            let text = field.prefix + "\"" + words.joined(separator: " ") + "\"" + (slop > 0 ? "~\(slop)" : "")
            let terms = words.map(corpus.term)
            var expected: Set<String> = []
            for (id, fieldTokens) in corpus.fields {
                for (index, tokens) in fieldTokens.enumerated() {
                    if field == .title && index == 1 || field == .body && index == 0 { continue }
                    if Self.naiveMatch(tokens, terms, slop: slop) { expected.insert(id) }
                }
            }
            var request = SearchRequest(text: text, limit: 10_000, syntax: true)
            request.count = true
            let results = try searcher.search(request)
            let found = Set(try results.hits.map { try corpus.reader.id(of: $0.doc) })
            #expect(found == expected, "round \(round): \(text)")
            #expect(results.matchCount == expected.count, "round \(round): \(text)")
            // Without --count, an exact phrase takes the fast path (PhraseScan): the same set.
            request.count = false
            let fast = Set(try searcher.search(request).hits.map { try corpus.reader.id(of: $0.doc) })
            #expect(fast == expected, "round \(round): \(text) (fast path)")
        }
    }

    /// Exact phrases alone (the phrase scan): rare and frequent words, repeated words, field
    /// scopes, small k and random BM25 parameters; its top k must be the exhaustive evaluator's.
    @Test func phraseScanTopKEqualsExhaustiveScoring() throws {
        for seed: UInt64 in [31, 32] {
            let corpus = try RandomSearchCorpus(label: "search-phrase-topk", seed: seed)
            let searcher = Searcher(reader: corpus.reader)
            var random = SeededRandom(seed: seed &+ 500)
            for round in 0..<120 {
                var words = (0..<random.int(2...4)).map { _ in
                    random.chance(0.6) ? corpus.vocabulary[random.below(6)] : corpus.vocabulary[random.below(40)]
                }
                if random.chance(0.2) { words.append(words[0]) }  // a word twice ("the iphone the")
                let field = [QueryField.any, .any, .title, .body][random.below(4)]
                let text = field.prefix + "\"" + words.joined(separator: " ") + "\""
                var request = SearchRequest(text: text, limit: [1, 3, 10, 50][random.below(4)], syntax: true)
                request.offset = random.chance(0.2) ? random.int(1...5) : 0
                request.bm25 = random.searchBM25()
                try compare(searcher, request, "seed \(seed) round \(round): \(text) \(request.bm25) k \(request.limit)")
            }
        }
    }

    /// Exact: consecutive positions. Proximity: some window of (terms − 1 + slop) positions holding
    /// each distinct term as many times as the phrase has it.
    static func naiveMatch(_ tokens: [(term: [UInt8], position: Int)], _ terms: [[UInt8]], slop: Int) -> Bool {
        var positions: [[UInt8]: Set<Int>] = [:]
        for token in tokens { positions[token.term, default: []].insert(token.position) }
        let length = (tokens.map(\.position).max() ?? -1) + 1
        if slop == 0 {
            for start in 0..<max(0, length) where terms.indices.allSatisfy({ positions[terms[$0]]?.contains(start + $0) == true }) {
                return true
            }
            return false
        }
        let span = terms.count - 1 + slop
        for start in 0..<max(0, length) {
            var ok = true
            for term in Set(terms) {
                let need = terms.filter { $0 == term }.count
                let have = (positions[term] ?? []).filter { $0 >= start && $0 <= start + span }.count
                if have < need { ok = false; break }
            }
            if ok { return true }
        }
        return false
    }

    /// A searcher packs the field lengths from its second query on: scores must not change (the
    /// first query of a fresh searcher reads the DOCS records, a warmed one the packed copy).
    @Test func packedLengthsScoreLikeTheRecords() throws {
        let seed: UInt64 = 23
        let corpus = try RandomSearchCorpus(label: "search-packed", seed: seed, documents: 400)
        let warmed = Searcher(reader: corpus.reader)
        _ = try warmed.search(SearchRequest(text: corpus.vocabulary[0], limit: 1))
        _ = try warmed.search(SearchRequest(text: corpus.vocabulary[1], limit: 1))
        var random = SeededRandom(seed: seed)
        for round in 0..<40 {
            let text = (0..<random.int(1...3)).map { _ in corpus.vocabulary[random.below(corpus.vocabulary.count)] }.joined(separator: " ")
            var request = SearchRequest(text: text, limit: 20)
            request.bm25 = random.searchBM25()
            let fresh = try Searcher(reader: corpus.reader).search(request).hits
            let packed = try warmed.search(request).hits
            #expect(fresh == packed, "seed \(seed) round \(round): \(text) \(request.bm25)")
        }
    }

    /// The ids of a page of hits fetched together (their bytes loaded first) are the ids fetched
    /// one by one, in the same order, with the right ends.
    @Test func idsFetchedTogetherEqualIdsFetchedOneByOne() throws {
        let seed: UInt64 = 29
        let corpus = try RandomSearchCorpus(label: "search-ids", seed: seed, documents: 500)
        var random = SeededRandom(seed: seed)
        for round in 0..<60 {
            let docs = (0..<random.int(0...20)).map { _ in Int32(random.below(corpus.reader.documentCount)) }
            var together: [UInt8] = [], ends: [Int] = []
            try corpus.reader.appendIDs(of: docs, to: &together, ends: &ends)
            var oneByOne: [UInt8] = [], expectedEnds: [Int] = []
            for doc in docs {
                try corpus.reader.appendID(of: doc, to: &oneByOne)
                expectedEnds.append(oneByOne.count)
            }
            #expect(together == oneByOne && ends == expectedEnds, "seed \(seed) round \(round): \(docs)")
            #expect(String(decoding: together, as: UTF8.self) == (try docs.map { try corpus.reader.id(of: $0) }.joined()),
                    "seed \(seed) round \(round)")
        }
    }

    @Test func dateFiltersSortAndHistogram() throws {
        let seed: UInt64 = 31
        let corpus = try RandomSearchCorpus(label: "search-dates", seed: seed, documents: 300)
        let searcher = Searcher(reader: corpus.reader)
        let word = corpus.vocabulary[1]
        let term = corpus.term(word)
        let holding = corpus.fields.filter { $0.value.contains { $0.contains { $0.term == term } } }.map(\.key)
        // date:2019-03 and --since/--until.
        var request = SearchRequest(text: "\(word) date:2019-03", limit: 10_000, syntax: true)
        request.count = true
        var results = try searcher.search(request)
        let march = Set(holding.filter { (20190301...20190331).contains(corpus.dates[$0]!) })
        #expect(Set(try results.hits.map { try corpus.reader.id(of: $0.doc) }) == march)
        #expect(results.matchCount == march.count)
        request = SearchRequest(text: word, limit: 10_000, syntax: true)
        request.since = 20190501
        request.until = 20200229
        results = try searcher.search(request)
        let ranged = Set(holding.filter { (20190501...20200229).contains(corpus.dates[$0]!) })
        #expect(Set(try results.hits.map { try corpus.reader.id(of: $0.doc) }) == ranged)
        // A date alone matches every article of the period.
        request = SearchRequest(text: "date:2020", limit: 10_000, syntax: true)
        results = try searcher.search(request)
        #expect(results.hits.count == corpus.dates.values.filter { $0 / 10000 == 2020 }.count)
        // Date sort: newest first, then score, then id.
        request = SearchRequest(text: word, limit: 40, syntax: true)
        request.sort = .date
        let sorted = try searcher.search(request).hits
        let keys = sorted.map { (corpus.dates[try! corpus.reader.id(of: $0.doc)]!, $0.score) }
        for (a, b) in zip(keys, keys.dropFirst()) { #expect(a.0 > b.0 || (a.0 == b.0 && a.1 >= b.1), "\(keys)") }
        let newest = holding.map { corpus.dates[$0]! }.sorted(by: >).prefix(40)
        #expect(keys.map(\.0) == Array(newest))
        // Histogram by year.
        request = SearchRequest(text: word, limit: 0, syntax: true)
        request.histogram = .year
        results = try searcher.search(request)
        var expected: [String: Int] = [:]
        for id in holding { let d = corpus.dates[id]!; expected[d == 0 ? "unknown" : String(d / 10000), default: 0] += 1 }
        #expect(Dictionary(uniqueKeysWithValues: results.histogram.map { ($0.label, $0.count) }) == expected)
    }

    @Test func explanationSumsEqualScores() throws {
        let seed: UInt64 = 41
        let corpus = try RandomSearchCorpus(label: "search-explain", seed: seed, documents: 300)
        let searcher = Searcher(reader: corpus.reader)
        var random = SeededRandom(seed: seed)
        for round in 0..<40 {
            let words = (0..<random.int(1...4)).map { _ in corpus.vocabulary[random.below(30)] }
            let text = words.enumerated().map { item -> String in
                if item.offset > 0 && random.chance(0.3) { return "\"\(words[0]) \(item.element)\"~2" }
                return ["", "", "+", "title:", "body:"][random.below(5)] + item.element
            }.joined(separator: " ")
            var request = SearchRequest(text: text, limit: 10, syntax: true)
            request.explain = true
            let results = try searcher.search(request)
            #expect(results.explanations.count == results.hits.count)
            for (hit, explanation) in zip(results.hits, results.explanations) {
                #expect(abs(explanation.sum - hit.score) <= 1e-9, "round \(round): \(text)")
                #expect(!explanation.terms.isEmpty)
            }
        }
    }
}
