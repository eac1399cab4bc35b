// The analysis pipeline: UAX #29 words ▸ folding ▸ possessive ▸ compound parts ▸ Porter2, into a TokenSink.

/// Turns UTF-8 text into terms with positions and byte ranges.
///
/// Words come from `WordSegmenter` (UAX #29); each is folded (`TextFolder`), loses an English
/// possessive `'s`, is split at inner punctuation ("u.s" also gives "u" and "s" at the same
/// position, when `compoundParts` is on) and is stemmed with Porter2 (`EnglishStemmer`, when
/// `stemming` is on). Normalized words are cached by their raw bytes. Not thread-safe: give each
/// thread its own analyzer.
public struct Analyzer {
    public let stemming: Bool
    public let compoundParts: Bool
    private var normalizer: WordNormalizer
    /// Normalized words by their raw bytes (nil: no cache, for analyzers that see few words).
    private let cacheOwner: WordCache?
    /// The same cache, used without a retain and release per word.
    private let cache: Unmanaged<WordCache>?
    private var encoded: [UInt8] = []
    /// What the batch's early cache reads gave (kept so that they are not optimized away).
    private var touchedSum: UInt32 = 0
    /// Words whose folded form was longer than 255 bytes: skipped, never indexed.
    public private(set) var skippedLongTokens = 0

    /// - Parameters:
    ///   - stemming: apply the Porter2 stemmer (off: folded words as they are).
    ///   - compoundParts: also emit the parts of words with inner punctuation (on for documents;
    ///     queries use the whole word only, which documents index too).
    ///   - wordCache: cache normalized words (a 2 MB table: worth it for documents, not for a query).
    public init(stemming: Bool = true, compoundParts: Bool = true, wordCache: Bool = true) {
        self.stemming = stemming
        self.compoundParts = compoundParts
        cacheOwner = wordCache ? WordCache() : nil
        cache = cacheOwner.map { .passUnretained($0) }
        self.normalizer = WordNormalizer(stemming: stemming, compoundParts: compoundParts)
        encoded.reserveCapacity(1024)
    }

    /// Analyzes `text`, giving positions from `firstPosition` on, and returns the next free position.
    @discardableResult
    @_specialize(exported: true, where Sink == TermChecksum)
    public mutating func analyze<Sink: TokenSink>(
        _ text: UnsafeBufferPointer<UInt8>, into sink: inout Sink, firstPosition: Int = 0
    ) -> Int {
        var position = firstPosition
        guard let cache else {
            WordSegmenter.forEachWord(in: text) { start, end in
                let word = UnsafeBufferPointer(rebasing: text[start..<end])
                if emitTerms(of: word, hash: 0, position: position, start: start, end: end, into: &sink) {
                    position += 1
                }
            }
            return position
        }
        // Words go in batches: the cache slots and entries of a whole batch are touched first, so
        // that their cache misses overlap instead of stalling the analysis word after word.
        withUnsafeTemporaryAllocation(of: BatchWord.self, capacity: Self.batchSize) { batch in
            var count = 0
            func analyzeBatch() {
                // Short loops, so that many reads are under way at once: hashes, then slots,
                // then the entries the slots name.
                for index in 0..<count where batch[index].end - batch[index].start <= WordNormalizer.maxTermBytes {
                    batch[index].hash = ShortHash.hash(UnsafeBufferPointer(rebasing: text[batch[index].start..<batch[index].end]))
                }
                cache._withUnsafeGuaranteedRef { cache in
                    for index in 0..<count { batch[index].slot = cache.slot(hash: batch[index].hash) }
                    var touched: UInt32 = 0
                    for index in 0..<count { touched &+= cache.touch(slot: batch[index].slot) }
                    touchedSum &+= touched
                }
                for index in 0..<count {
                    let (start, end) = (batch[index].start, batch[index].end)
                    let word = UnsafeBufferPointer(rebasing: text[start..<end])
                    if emitTerms(of: word, hash: batch[index].hash, position: position, start: start, end: end, into: &sink) {
                        position += 1
                    }
                }
                count = 0
            }
            WordSegmenter.forEachWord(in: text) { start, end in
                batch[count] = BatchWord(start: start, end: end, hash: 0, slot: 0)
                count += 1
                if count == Self.batchSize { analyzeBatch() }
            }
            analyzeBatch()
        }
        return position
    }

    /// Words analyzed together (see `analyze`).
    private static let batchSize = 32

    /// A word of a batch: its byte range, then its hash and the cache slot where its lookup starts.
    private struct BatchWord {
        var start: Int
        var end: Int
        var hash: UInt32
        var slot: UInt32
    }

    /// Analyzes a string (see `analyze(_:into:firstPosition:)`).
    @discardableResult
    @_specialize(exported: true, where Sink == TermChecksum)
    public mutating func analyze<Sink: TokenSink>(_ text: String, into sink: inout Sink, firstPosition: Int = 0) -> Int {
        var text = text
        return text.withUTF8 { analyze($0, into: &sink, firstPosition: firstPosition) }
    }

    /// All tokens of `text` as values.
    public mutating func tokens(of text: String) -> [AnalyzedToken] {
        var collector = TokenCollector()
        analyze(text, into: &collector)
        return collector.tokens
    }

    /// Emits the terms of one word; false when it gave none (skipped as too long).
    /// `hash` is the word's `ShortHash` when there is a cache and the word fits it.
    @inline(__always)
    private mutating func emitTerms<Sink: TokenSink>(
        of word: UnsafeBufferPointer<UInt8>, hash: UInt32, position: Int, start: Int, end: Int, into sink: inout Sink
    ) -> Bool {
        if let cache, word.count <= WordNormalizer.maxTermBytes {
            if let entry = cache._withUnsafeGuaranteedRef({ $0.lookup(word, hash: hash) }) {
                return emitCached(entry, position: position, start: start, end: end, into: &sink)
            }
            encoded.removeAll(keepingCapacity: true)
            let result = normalizer.normalize(word, into: &encoded)
            if result.tooLong { skippedLongTokens += 1; return false }
            return encoded.withUnsafeBufferPointer { value in
                if let entry = cache._withUnsafeGuaranteedRef({ $0.insert(word, hash: hash, value: value) }) {
                    return emitCached(entry, position: position, start: start, end: end, into: &sink)
                }
                return emitEncoded(value, position: position, start: start, end: end, into: &sink)
            }
        }
        encoded.removeAll(keepingCapacity: true)
        let result = normalizer.normalize(word, into: &encoded)
        if result.tooLong { skippedLongTokens += 1; return false }
        return encoded.withUnsafeBufferPointer { emitEncoded($0, position: position, start: start, end: end, into: &sink) }
    }

    /// Emits a cached word's terms: by the IDs kept beside it when the sink takes IDs (looking
    /// them up first when they are from another epoch), else by their bytes.
    @inline(__always)
    private func emitCached<Sink: TokenSink>(
        _ entry: WordCache.Entry, position: Int, start: Int, end: Int, into sink: inout Sink
    ) -> Bool {
        let epoch = sink.termIDEpoch
        guard epoch != 0 else { return emitEncoded(entry.value, position: position, start: start, end: end, into: &sink) }
        let value = entry.value
        guard !value.isEmpty else { return false }
        let count = Int(value[0])
        let ids = entry.ids
        if ids.loadUnaligned(as: UInt32.self) != epoch {
            var offset = 1
            for index in 0..<count {
                let length = Int(value[offset])
                let term = UnsafeBufferPointer(rebasing: value[(offset + 2)..<(offset + 2 + length)])
                ids.storeBytes(of: sink.termID(of: term), toByteOffset: 4 + 4 * index, as: UInt32.self)
                offset += 2 + length
            }
            ids.storeBytes(of: epoch, as: UInt32.self)
        }
        for index in 0..<count {
            sink.accept(termID: ids.loadUnaligned(fromByteOffset: 4 + 4 * index, as: UInt32.self), position: position)
        }
        return count > 0
    }

    @inline(__always)
    private func emitEncoded<Sink: TokenSink>(
        _ value: UnsafeBufferPointer<UInt8>, position: Int, start: Int, end: Int, into sink: inout Sink
    ) -> Bool {
        guard !value.isEmpty else { return false }
        let count = Int(value[0])
        var offset = 1
        for _ in 0..<count {
            let length = Int(value[offset])
            let isPart = value[offset + 1] != 0
            let term = UnsafeBufferPointer(rebasing: value[(offset + 2)..<(offset + 2 + length)])
            sink.accept(term: term, position: position, start: start, end: end, isPart: isPart)
            offset += 2 + length
        }
        return count > 0
    }
}
