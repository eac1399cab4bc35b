// Model-based tests: random corpora indexed by IndexBuilder and by a naive in-memory index (the
// oracle); postings, skipping and top-k rankings must agree. Every failure names its seed.
import Foundation
import Testing
@testable import NewsIndex

/// One article of a generated corpus, with what the model derived from it.
struct ModelArticle {
    var path: String
    var title: String
    var body: String
    var id: String { String(path.dropLast(4)) }
}

/// One posting of the model: a doc ID and the term's positions per field.
struct ModelPosting: Equatable {
    var doc: Int
    var title: [UInt32] = []
    var body: [UInt32] = []
}

/// The naive index: analyzes each article with the same Analyzer the builder uses (this tests the
/// index structure, not the analyzer) and keeps everything in dictionaries and arrays.
struct NaiveIndex {
    /// Articles in doc ID order (relative paths sorted byte-wise, as the corpus scanner does).
    var articles: [ModelArticle]
    var titleLengths: [Int] = []
    var bodyLengths: [Int] = []
    var postings: [[UInt8]: [ModelPosting]] = [:]

    init(_ unsorted: [ModelArticle]) {
        articles = unsorted.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        var analyzer = Analyzer()
        for (doc, article) in articles.enumerated() {
            var perTerm: [[UInt8]: ModelPosting] = [:]
            var order: [[UInt8]] = []
            for field in Field.allCases {
                var sink = ModelTermSink()
                let length = analyzer.analyze(field == .title ? article.title : article.body, into: &sink)
                if field == .title { titleLengths.append(length) } else { bodyLengths.append(length) }
                for (term, position) in sink.tokens {
                    if perTerm[term] == nil { perTerm[term] = ModelPosting(doc: doc); order.append(term) }
                    let p = UInt32(position)
                    // One term twice at one position counts once (cannot happen with plain words).
                    if field == .title {
                        if perTerm[term]!.title.last != p { perTerm[term]!.title.append(p) }
                    } else {
                        if perTerm[term]!.body.last != p { perTerm[term]!.body.append(p) }
                    }
                }
            }
            for term in order { postings[term, default: []].append(perTerm[term]!) }
        }
    }

    var documentCount: Int { articles.count }

    /// The distinct terms of a query in order of first appearance, with counts.
    static func queryTerms(_ text: String) -> [(term: [UInt8], count: Int)] {
        var analyzer = Analyzer(stemming: true, compoundParts: false)
        var sink = ModelTermSink()
        analyzer.analyze(text, into: &sink)
        var terms: [(term: [UInt8], count: Int)] = []
        for (term, _) in sink.tokens {
            if let i = terms.firstIndex(where: { $0.term == term }) { terms[i].count += 1 } else { terms.append((term, 1)) }
        }
        return terms
    }

    /// Every matching document scored by the BM25F formula of BM25.swift, sorted by score
    /// descending then article id ascending (byte-wise). The arithmetic is written in the same
    /// order as the formula (terms in query order), so equal inputs give bit-equal scores and
    /// exact ties are decided by id exactly as the engine does.
    func rank(_ text: String, k1: Double, b: Double, titleWeight: Double, bodyWeight: Double) -> [(doc: Int, score: Double)] {
        let n = Double(documentCount)
        let avgTitle = documentCount > 0 ? Double(titleLengths.reduce(0, +)) / n : 0
        let avgBody = documentCount > 0 ? Double(bodyLengths.reduce(0, +)) / n : 0
        var scores: [Int: Double] = [:]
        for (term, count) in Self.queryTerms(text) {
            guard let list = postings[term] else { continue }
            let df = Double(list.count)
            let weight = Double(count) * log(1 + (n - df + 0.5) / (df + 0.5))
            for posting in list {
                // An empty average means no document has that field: its tf is 0, the norm is moot.
                let titleNorm = avgTitle > 0 ? 1 - b + b * Double(titleLengths[posting.doc]) / avgTitle : 1
                let bodyNorm = avgBody > 0 ? 1 - b + b * Double(bodyLengths[posting.doc]) / avgBody : 1
                let tf = titleWeight * Double(posting.title.count) / titleNorm + bodyWeight * Double(posting.body.count) / bodyNorm
                scores[posting.doc, default: 0] += weight * tf / (k1 + tf)
            }
        }
        return scores.map { (doc: $0.key, score: $0.value) }.sorted {
            if $0.score != $1.score { return $0.score > $1.score }
            return articles[$0.doc].id.utf8.lexicographicallyPrecedes(articles[$1.doc].id.utf8)
        }
    }
}

/// Random corpora: ~50 plain ASCII words (a Zipf-like choice), a few "hot" words in most articles
/// (so some terms reach 128 and 256+ documents), repeated words, bursts, empty titles and bodies.
enum ModelCorpus {
    static let vocabulary = [
        "apple", "river", "stone", "cloud", "green", "house", "table", "music", "paper", "light",
        "water", "horse", "garden", "winter", "summer", "forest", "market", "silver", "bridge", "castle",
        "doctor", "engine", "farmer", "glass", "island", "jacket", "kettle", "lemon", "mirror", "needle",
        "orange", "pencil", "queen", "rabbit", "saddle", "tiger", "umbrella", "valley", "wagon", "yellow",
        "zebra", "anchor", "basket", "candle", "dragon", "eagle", "feather", "guitar", "hammer", "iron",
    ]

    /// Zipf-like: low indices much more often.
    static func word(_ rng: inout ModelRandom) -> String {
        let u = Double.random(in: 0..<1, using: &rng)
        return vocabulary[min(vocabulary.count - 1, Int(u * u * Double(vocabulary.count)))]
    }

    /// A unique relative path; names mix letters and '-' (path order and id order then differ:
    /// "a-b.txt" < "a.txt" but "a" < "a-b"), a few in a subfolder.
    static func path(_ rng: inout ModelRandom, taken: inout Set<String>) -> String {
        while true {
            var name = String("abcd".randomElement(using: &rng)!)
            for _ in 0..<rng.int(0...5) { name.append("abc-".randomElement(using: &rng)!) }
            if rng.chance(0.1) { name = "s/" + name }
            let path = name + ".txt"
            if taken.insert(path).inserted { return path }
        }
    }

    static func words(_ count: Int, _ rng: inout ModelRandom) -> [String] {
        var words: [String] = []
        for _ in 0..<count {
            if rng.chance(0.05) {
                let w = word(&rng)
                for _ in 0..<rng.int(3...40) { words.append(w) }  // a burst: larger tfs and bit widths
            } else {
                words.append(word(&rng))
            }
        }
        return words
    }

    /// Joins words as text: some capitalized, some followed by ", " or ". " or a line break.
    static func text(_ words: [String], _ rng: inout ModelRandom) -> String {
        var out = ""
        for (i, w) in words.enumerated() {
            if i > 0 {
                let r = rng.int(0...19)
                out += r == 0 ? ", " : r == 1 ? ". " : r == 2 ? "\n" : " "
            }
            out += rng.chance(0.1) ? w.prefix(1).uppercased() + w.dropFirst() : w
        }
        return out
    }

    /// A corpus for `seed`. Every fifth seed is "forced": 300 articles, "apple" in all of them
    /// (blocks 128 + 128 + 44-doc varint tail), "river" in exactly 256 (two full blocks, no tail),
    /// "stone" in exactly 128 (one full block), "cloud" in exactly 129 (a block and a 1-doc tail).
    static func generate(seed: UInt64) -> [ModelArticle] {
        var rng = ModelRandom(seed: seed)
        let forced = seed % 5 == 0
        let count: Int
        switch seed % 5 {
        case 0: count = 300
        case 1: count = rng.int(1...20)
        case 2: count = rng.int(100...160)
        case 3: count = rng.int(240...300)
        default: count = rng.int(1...300)
        }
        var taken: Set<String> = []
        var articles: [ModelArticle] = []
        for index in 0..<count {
            var title = rng.chance(0.12) ? [] : words(rng.int(1...7), &rng)
            var body = rng.chance(0.1) ? [] : words(rng.int(1...60), &rng)
            if forced {
                // Only the forced words decide those four document frequencies.
                let hot = ["apple", "river", "stone", "cloud"]
                title.removeAll { hot.contains($0) }
                body.removeAll { hot.contains($0) }
                var add: [String] = ["apple"]
                if index < 256 { add.append("river") }
                if index < 128 { add.append("stone") }
                if index < 129 { add.append("cloud") }
                for w in add {
                    for _ in 0..<(rng.chance(0.1) ? rng.int(2...20) : 1) {
                        if rng.chance(0.3) { title.insert(w, at: rng.int(0...title.count)) }
                        else { body.insert(w, at: rng.int(0...body.count)) }
                    }
                }
            } else if !(title.isEmpty && body.isEmpty) || rng.chance(0.5) {
                for (w, p) in [("apple", 0.9), ("river", 0.6), ("stone", 0.45)] where rng.chance(p) {
                    body.insert(w, at: rng.int(0...body.count))
                }
            }
            let titleText = text(title, &rng), bodyText = text(body, &rng)
            articles.append(ModelArticle(path: path(&rng, taken: &taken),
                                         title: titleText.replacingOccurrences(of: "\n", with: " "),
                                         body: bodyText))
        }
        return articles
    }

    /// Writes the articles as .txt files under `folder`.
    static func write(_ articles: [ModelArticle], to scratch: ModelScratch, folder: String) throws {
        for a in articles {
            let head = a.title.isEmpty ? " date 2023-05-05" : " date 2023-05-05 " + a.title
            try scratch.write(folder + "/" + a.path, a.body.isEmpty ? head + "\n" : head + "\n\n" + a.body + "\n")
        }
    }
}

@Suite("Index model (naive in-memory index as the oracle)")
struct IndexModelTests {
    static let seeds: [UInt64] = (1...30).map { 0x6E65_7773_0000 + UInt64($0) }

    /// Builds the corpus of `seed` and returns the model, the scratch folder (kept alive) and the reader.
    static func setUp(seed: UInt64) throws -> (NaiveIndex, ModelScratch, IndexReader) {
        let articles = ModelCorpus.generate(seed: seed)
        let scratch = try ModelScratch("model-\(seed)")
        try ModelCorpus.write(articles, to: scratch, folder: "corpus")
        let summary = try ModelIndex.build(corpus: scratch.path + "/corpus", index: scratch.path + "/index")
        let model = NaiveIndex(articles)
        #expect(summary.articles == model.documentCount, "seed \(seed)")
        return (model, scratch, try IndexReader(path: scratch.path + "/index"))
    }

    @Test("postings, advance(to:) and top-10 agree with the model", arguments: seeds)
    func agreesWithModel(seed: UInt64) throws {
        let (model, scratch, reader) = try Self.setUp(seed: seed)
        _ = scratch
        try #require(reader.segments.count == 1, "seed \(seed)")
        #expect(reader.documentCount == model.documentCount, "seed \(seed)")
        try checkDocuments(model, reader, seed: seed)
        try checkPostings(model, reader, seed: seed)
        try checkAdvance(model, reader, seed: seed)
        try checkRankings(model, reader, seed: seed)
    }

    /// Field lengths and ids per doc ID.
    func checkDocuments(_ model: NaiveIndex, _ reader: IndexReader, seed: UInt64) throws {
        let documents = reader.segments[0].documents
        for doc in 0..<model.documentCount {
            let ok = Int(documents.titleLength(doc)) == model.titleLengths[doc]
                && Int(documents.bodyLength(doc)) == model.bodyLengths[doc]
            #expect(ok, "seed \(seed) doc \(doc) (\(model.articles[doc].path)): lengths \(documents.titleLength(doc))/\(documents.bodyLength(doc)), model \(model.titleLengths[doc])/\(model.bodyLengths[doc])")
            #expect(try reader.id(of: Int32(doc)) == model.articles[doc].id, "seed \(seed) doc \(doc)")
            if !ok { return }
        }
    }

    /// Every model term: document frequency, doc IDs, tfs and positions read through a cursor.
    func checkPostings(_ model: NaiveIndex, _ reader: IndexReader, seed: UInt64) throws {
        let segment = reader.segments[0]
        #expect(segment.dictionary.termCount == model.postings.count, "seed \(seed): dictionary terms")
        var dictionaryTerms: [[UInt8]] = []
        var walker = segment.dictionary.makeCursor()
        while try walker.next() { dictionaryTerms.append(walker.term) }
        let modelTerms = model.postings.keys.sorted { $0.lexicographicallyPrecedes($1) }
        #expect(dictionaryTerms == modelTerms, "seed \(seed): dictionary terms differ from the model's")
        #expect(try segment.lookup(Array("qqqzzz".utf8)) == nil)

        var positions: [UInt32] = []
        for term in modelTerms {
            let expected = model.postings[term]!
            let name = String(decoding: term, as: UTF8.self)
            guard let entry = try segment.lookup(term) else {
                Issue.record("seed \(seed): term \"\(name)\" missing from the dictionary"); continue
            }
            #expect(entry.documentFrequency == expected.count, "seed \(seed) term \"\(name)\": df")
            #expect(entry.positionCount == expected.reduce(0) { $0 + $1.title.count + $1.body.count },
                    "seed \(seed) term \"\(name)\": position count")
            let cursor = try segment.cursor(entry)
            #expect(cursor.hasHeaders == (expected.count >= 128))
            var actual: [ModelPosting] = []
            try cursor.next()
            while cursor.doc != PostingsCursor.exhausted && actual.count <= expected.count {
                var posting = ModelPosting(doc: Int(cursor.doc))
                try cursor.positions(in: .title, into: &positions)
                posting.title = positions
                try cursor.positions(in: .body, into: &positions)
                posting.body = positions
                #expect(Int(cursor.titleTF) == posting.title.count && Int(cursor.bodyTF) == posting.body.count,
                        "seed \(seed) term \"\(name)\" doc \(cursor.doc): tfs vs positions")
                actual.append(posting)
                try cursor.next()
            }
            if actual != expected {
                let firstDiff = zip(actual, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(actual.count, expected.count)
                Issue.record("""
                    seed \(seed) term "\(name)" (df \(expected.count)): postings differ at index \(firstDiff): \
                    index \(firstDiff < actual.count ? "\(actual[firstDiff])" : "end"), \
                    model \(firstDiff < expected.count ? "\(expected[firstDiff])" : "end"); \
                    \(actual.count) postings read
                    """)
            }
        }
    }

    /// `advance(to:)` to random increasing targets (mixed with `next`), against the model, with the
    /// tfs and positions of each document landed on.
    func checkAdvance(_ model: NaiveIndex, _ reader: IndexReader, seed: UInt64) throws {
        var rng = ModelRandom(seed: seed ^ 0xADFA_0CE)
        let segment = reader.segments[0]
        let n = model.documentCount
        var positions: [UInt32] = []
        for (term, expected) in model.postings.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
            let name = String(decoding: term, as: UTF8.self)
            let rounds = expected.count >= 128 ? 6 : 2
            for round in 0..<rounds {
                let cursor = try segment.cursor(try #require(try segment.lookup(term)))
                var index = -1  // model index of the cursor's doc (-1 before the first move)
                var target: Int32 = 0
                var trace: [String] = []
                for _ in 0..<40 {
                    if index >= 0 && rng.chance(0.25) {
                        try cursor.next()
                        index += 1
                        trace.append("next")
                    } else {
                        // Sometimes a small step (inside a block), sometimes a long jump.
                        let step = rng.chance(0.5) ? rng.int(0...3) : rng.int(0...max(1, n / 3))
                        target = min(Int32(n + 1), target + Int32(step))
                        try cursor.advance(to: target)
                        if index < 0 || expected[index].doc < Int(target) {
                            index = expected[(max(index, 0))...].firstIndex { $0.doc >= Int(target) } ?? expected.count
                        }
                        trace.append("advance(\(target))")
                    }
                    if index >= expected.count {
                        #expect(cursor.doc == PostingsCursor.exhausted,
                                "seed \(seed) term \"\(name)\" round \(round): \(trace): doc \(cursor.doc), model exhausted")
                        break
                    }
                    let want = expected[index]
                    guard cursor.doc == Int32(want.doc) else {
                        Issue.record("seed \(seed) term \"\(name)\" (df \(expected.count)) round \(round): after \(trace): doc \(cursor.doc), model \(want.doc)")
                        break
                    }
                    try cursor.positions(in: .title, into: &positions)
                    let title = positions
                    try cursor.positions(in: .body, into: &positions)
                    guard title == want.title, positions == want.body,
                          Int(cursor.titleTF) == want.title.count, Int(cursor.bodyTF) == want.body.count else {
                        Issue.record("seed \(seed) term \"\(name)\" round \(round): after \(trace): doc \(cursor.doc) tfs \(cursor.titleTF)/\(cursor.bodyTF) positions \(title) \(positions), model \(want)")
                        break
                    }
                }
            }
        }
    }

    /// Random 1–4 word queries: the engine's top 10 equals the model's (ids in order, scores 1e-5).
    func checkRankings(_ model: NaiveIndex, _ reader: IndexReader, seed: UInt64) throws {
        var rng = ModelRandom(seed: seed ^ 0x5C0_4E5)
        let searcher = Searcher(reader: reader)
        for round in 0..<16 {
            var words: [String] = []
            for _ in 0..<rng.int(1...4) {
                if rng.chance(0.1) { words.append("zzyzx") }  // absent
                else if rng.chance(0.15) && !words.isEmpty { words.append(words.randomElement(using: &rng)!) }  // repeated
                else { words.append(ModelCorpus.word(&rng)) }
            }
            let text = words.joined(separator: " ")
            let bm25 = rng.chance(0.6) ? BM25() : BM25(
                k1: Double.random(in: 0.2...3, using: &rng), b: rng.chance(0.2) ? 0 : Double.random(in: 0...1, using: &rng),
                titleWeight: Double.random(in: 0.5...4, using: &rng), bodyWeight: Double.random(in: 0.5...2, using: &rng))
            let ranked = model.rank(text, k1: bm25.k1, b: bm25.b, titleWeight: bm25.titleWeight, bodyWeight: bm25.bodyWeight)
            // Mostly the top 10; once in a while everything, or a page further down.
            let (limit, offset) = round == 0 ? (model.documentCount + 1, 0) : round == 1 ? (5, 3) : (10, 0)
            let expected = Array(ranked.dropFirst(offset).prefix(limit))
            let hits = try searcher.search(SearchRequest(text: text, limit: limit, offset: offset, bm25: bm25)).hits
            let context = "seed \(seed) query \"\(text)\" \(bm25) limit \(limit) offset \(offset)"
            let actualIDs = try hits.map { try reader.id(of: $0.doc) }
            let expectedIDs = expected.map { model.articles[$0.doc].id }
            if actualIDs != expectedIDs {
                Issue.record("""
                    \(context): hits differ
                      index \(zip(actualIDs, hits).map { "\($0) \($1.score)" })
                      model \(zip(expectedIDs, expected).map { "\($0) \($1.score)" })
                    """)
                continue
            }
            for (hit, want) in zip(hits, expected) where abs(hit.score - want.score) > 1e-5 {
                Issue.record("\(context): doc \(model.articles[want.doc].id) score \(hit.score), model \(want.score)")
            }
        }
    }

    /// The forced corpus really does reach the block sizes the suite is meant to exercise.
    @Test func forcedCorpusReachesBlockBoundaries() throws {
        let seed = Self.seeds.first { $0 % 5 == 0 }!
        let model = NaiveIndex(ModelCorpus.generate(seed: seed))
        let df = { (w: String) in model.postings[NaiveIndex.queryTerms(w)[0].term]?.count ?? 0 }
        #expect(model.documentCount == 300)
        #expect(df("apple") == 300 && df("river") == 256 && df("stone") == 128 && df("cloud") == 129,
                "seed \(seed): apple \(df("apple")) river \(df("river")) stone \(df("stone")) cloud \(df("cloud"))")
        // Over all seeds: some tiny, some with empty titles/bodies, some with both empty.
        var sawEmptyTitle = false, sawEmptyBody = false, sawEmptyBoth = false
        for s in Self.seeds {
            for a in ModelCorpus.generate(seed: s) {
                sawEmptyTitle = sawEmptyTitle || a.title.isEmpty
                sawEmptyBody = sawEmptyBody || a.body.isEmpty
                sawEmptyBoth = sawEmptyBoth || (a.title.isEmpty && a.body.isEmpty)
            }
        }
        #expect(sawEmptyTitle && sawEmptyBody && sawEmptyBoth)
    }
}

