// Tests of the term dictionary: reference bytes, random round trips, lookups, prefixes, corruption.
import Testing
@testable import NewsIndex

@Suite struct FormatTermDictionaryTests {
    typealias Entry = (term: [UInt8], values: TermValues)

    /// Sorted unique random terms: the empty string, shared-prefix families, 255-byte terms,
    /// bytes 0x00, 0x80, 0xFF and UTF-8.
    static func randomTerms(_ rng: inout FormatRNG, count: Int) -> [[UInt8]] {
        var set: Set<[UInt8]> = [[], Array(repeating: 0xFF, count: 255), Array(repeating: 0x00, count: 255), [0x00], [0xFF]]
        let stems: [[UInt8]] = [Array("news".utf8), Array("newspaper".utf8), Array("zürich".utf8), [0x00, 0x80], Array(repeating: 0x61, count: 250)]
        while set.count < count {
            var t: [UInt8]
            switch rng.next() % 4 {
            case 0: t = stems[Int(rng.next() % UInt64(stems.count))]
            case 1: t = Array("ab".utf8)
            default: t = []
            }
            let alphabet: [UInt8] = rng.next() % 3 == 0 ? [0x00, 0x7F, 0x80, 0xC3, 0xA9, 0xFF] : Array("abcdez".utf8)
            for _ in 0..<Int(rng.next() % 12) { t.append(alphabet[Int(rng.next() % UInt64(alphabet.count))]) }
            if rng.next() % 50 == 0 { t += rng.bytes(255) }
            set.insert(Array(t.prefix(255)))
        }
        return set.sorted { $0.lexicographicallyPrecedes($1) }
    }

    static func build(_ entries: [Entry], valuesPerTerm: Int, termsPerBlock: Int, deltaColumns: UInt8 = 0) -> [UInt8] {
        var w = TermDictionaryWriter(valuesPerTerm: valuesPerTerm, termsPerBlock: termsPerBlock, deltaColumns: deltaColumns)
        for e in entries { w.add(e.term, e.values) }
        return w.finish()
    }

    /// Random values of every width; delta columns are running sums (never decreasing), with runs
    /// of equal values and the occasional huge step.
    static func randomEntries(seed: UInt64, count: Int, valuesPerTerm: Int, deltaColumns: UInt8 = 0) -> [Entry] {
        var rng = FormatRNG(seed: seed)
        var running = [UInt64](repeating: 0, count: valuesPerTerm)
        return randomTerms(&rng, count: count).map { t in
            (t, TermValues((0..<valuesPerTerm).map { column in
                guard deltaColumns >> column & 1 == 1 else { return rng.anyWidthU64() }
                let step = rng.below(4) == 0 ? 0 : rng.anyWidthU64() >> (rng.below(50) == 0 ? 20 : 40)
                running[column] += step
                return running[column]
            }))
        }
    }

    static func scanAll(_ d: TermDictionaryReader) throws -> [Entry] {
        var c = d.makeCursor()
        var out: [Entry] = []
        while try c.next() { out.append((c.term, c.values)) }
        return out
    }

    @Test func referenceBytes() throws {
        var w = TermDictionaryWriter(valuesPerTerm: 1, termsPerBlock: 2)
        w.add("news", [7]); w.add("newsroom", [3]); w.add("paper", [1])
        // Lengths: shared << 4 | suffix length in one byte.
        var expected: [UInt8] = [0x04] + Array("news".utf8) + [0x07] + [0x44] + Array("room".utf8) + [0x03]
        expected += [0x05] + Array("paper".utf8) + [0x01]
        // Block index: (offset u64, first 8 bytes zero-padded as a big-endian u64, stored LE).
        expected += [0, 0, 0, 0, 0, 0, 0, 0] + Self.key("news") + [12, 0, 0, 0, 0, 0, 0, 0] + Self.key("paper")
        expected += [3, 0, 0, 0, 0, 0, 0, 0] + [19, 0, 0, 0, 0, 0, 0, 0]        // term count, index offset
        expected += [2, 0, 0, 0] + [1, 2, 0, 0]                       // blocks, values, per block, deltas, reserved
        #expect(w.finish() == expected)
        try expected.withUnsafeBytes { buf in
            let d = try TermDictionaryReader(buf, fileName: "t")
            #expect(try d.lookup("newsroom") == [3])
            #expect(try d.lookup("new") == nil)
        }
    }

    static func key(_ s: String) -> [UInt8] { Array((Array(s.utf8) + [UInt8](repeating: 0, count: 8)).prefix(8).reversed()) }

    /// Delta columns restart at every block; long terms and long suffixes take the escape.
    @Test func referenceBytesWithDeltasAndEscapes() throws {
        var w = TermDictionaryWriter(valuesPerTerm: 2, termsPerBlock: 2, deltaColumns: 0b10)
        let long = String(repeating: "a", count: 16)
        w.add("a", [5, 100]); w.add(long, [6, 130]); w.add(long + "b", [7, 130]); w.add(long + "bc", [1, 1000])
        var expected: [UInt8] = [0x01, 0x61, 5, 100]                                   // "a": 5, 100
        expected += [0x1F] + Array(long.utf8.dropFirst()) + [6, 30]                     // shared 1, 15 bytes; 130 − 100
        expected += [0xF0, 0x00, 0x11] + Array((long + "b").utf8) + [7, 0x82, 0x01]     // block 1 restarts: 17 bytes, whole
        expected += [0xF0, 0x11, 0x01, 0x63, 1, 0xE6, 0x06]                             // shared 17 (> 14), "c"; 870
        expected += [0, 0, 0, 0, 0, 0, 0, 0] + Self.key("a") + [22, 0, 0, 0, 0, 0, 0, 0] + Self.key("aaaaaaaa")
        expected += [4, 0, 0, 0, 0, 0, 0, 0] + [52, 0, 0, 0, 0, 0, 0, 0] + [2, 0, 0, 0] + [2, 2, 2, 0]
        #expect(w.finish() == expected)
        try expected.withUnsafeBytes { buf in
            let d = try TermDictionaryReader(buf, fileName: "t")
            #expect(d.deltaColumns == 0b10)
            #expect(try d.lookup(long + "bc") == [1, 1000])
            #expect(try d.lookup(long) == [6, 130])
            #expect(try Self.scanAll(d).map(\.values) == [[5, 100], [6, 130], [7, 130], [1, 1000]])
        }
    }

    /// A needless escape, an unknown Lengths byte, a delta column past the values: refused.
    @Test func nonCanonicalLengthsAreRefused() throws {
        func refuses(_ block: [UInt8], deltas: UInt8 = 0) -> Bool {
            var bytes = block + [0, 0, 0, 0, 0, 0, 0, 0] + Self.key("ab")
            bytes += [1, 0, 0, 0, 0, 0, 0, 0] + [UInt8(block.count), 0, 0, 0, 0, 0, 0, 0] + [1, 0, 0, 0] + [1, 16, deltas, 0]
            return bytes.withUnsafeBytes { buf in
                guard let d = try? TermDictionaryReader(buf, fileName: "t") else { return true }
                return (try? d.lookup("ab")) == nil && (try? Self.scanAll(d)) == nil
            }
        }
        #expect(!refuses([0x02, 0x61, 0x62, 9]))                      // the canonical entry reads
        #expect(refuses([0xF0, 0x00, 0x02, 0x61, 0x62, 9]))            // escape for lengths that fit
        #expect(refuses([0xF1, 0x00, 0x02, 0x61, 0x62, 9]))            // unknown Lengths byte
        #expect(refuses([0x02, 0x61, 0x62, 9], deltas: 0b10))          // delta column 1 of 1 value
    }

    @Test func emptyDictionary() throws {
        let bytes = TermDictionaryWriter(valuesPerTerm: 2).finish()
        #expect(bytes.count == TermDictionaryWriter.trailerSize)
        try bytes.withUnsafeBytes { buf in
            let d = try TermDictionaryReader(buf, fileName: "t")
            #expect(d.termCount == 0)
            #expect(try d.lookup("") == nil)
            #expect(try d.lookup("a") == nil)
            #expect(try Self.scanAll(d).isEmpty)
            #expect(try d.terms(withPrefix: []).isEmpty)
        }
    }

    @Test(arguments: [(1, 0, 1, 0), (2, 1, 2, 0), (3, 3, 16, 0), (4, 4, 32, 0), (5, 8, 255, 0), (6, 2, 7, 0),
                      (7, 4, 16, 0b0110), (8, 1, 1, 0b1), (9, 8, 5, 0xFF), (10, 3, 255, 0b101)] as [(UInt64, Int, Int, UInt8)])
    func randomRoundTrip(seed: UInt64, valuesPerTerm: Int, termsPerBlock: Int, deltaColumns: UInt8) throws {
        print("FormatTermDictionaryTests.randomRoundTrip seed \(seed)")
        let entries = Self.randomEntries(seed: seed, count: 3000, valuesPerTerm: valuesPerTerm, deltaColumns: deltaColumns)
        let bytes = Self.build(entries, valuesPerTerm: valuesPerTerm, termsPerBlock: termsPerBlock, deltaColumns: deltaColumns)
        var rng = FormatRNG(seed: seed &+ 100)
        try bytes.withUnsafeBytes { buf in
            let d = try TermDictionaryReader(buf, fileName: "t.tdic")
            #expect(d.termCount == entries.count && d.valuesPerTerm == valuesPerTerm && d.termsPerBlock == termsPerBlock)

            // Sequential scan gives everything back.
            let scanned = try Self.scanAll(d)
            #expect(scanned.count == entries.count, "seed \(seed)")
            #expect(zip(scanned, entries).allSatisfy { $0.term == $1.term && $0.values == $1.values }, "seed \(seed)")

            // Every present term is found with its values.
            for e in entries {
                let v = try d.lookup(e.term)
                #expect(v == e.values, "seed \(seed), term \(e.term)")
                if v != e.values { return }
            }

            // Absent terms: neighbours of present ones and random ones.
            let present = Set(entries.map(\.term))
            var probes: [[UInt8]] = []
            for e in entries.prefix(500) {
                probes.append(e.term + [0x00]); probes.append(e.term + [0xFF]); probes.append(Array(e.term.dropLast()))
                if let last = e.term.last { probes.append(Array(e.term.dropLast()) + [last &+ 1]) }
            }
            for _ in 0..<500 { probes.append(rng.bytes(Int(rng.next() % 6))) }
            for p in probes where p.count <= 255 {
                let expected = present.contains(p) ? entries.first { $0.term == p }?.values : nil
                #expect(try d.lookup(p) == expected, "seed \(seed), probe \(p)")
            }

            // Prefix iteration equals a naive filter; cursor-from equals a naive lower bound.
            var prefixes: [[UInt8]] = [[], [0x00], [0xFF], Array("news".utf8), Array("ab".utf8), [0x61, 0x61, 0x61]]
            for _ in 0..<100 {
                let t = entries[Int(rng.next() % UInt64(entries.count))].term
                prefixes.append(Array(t.prefix(Int(rng.next() % UInt64(t.count + 1)))))
                prefixes.append(rng.bytes(Int(rng.next() % 3)))
            }
            for p in prefixes {
                let got = try d.terms(withPrefix: p)
                let want = entries.filter { $0.term.starts(with: p) }
                #expect(got.map(\.term) == want.map(\.term), "seed \(seed), prefix \(p)")
                #expect(got.map(\.values) == want.map(\.values), "seed \(seed), prefix \(p)")

                var c = try p.withUnsafeBytes { try d.makeCursor(from: $0) }
                let lowerBound = entries.first { !$0.term.lexicographicallyPrecedes(p) }
                if try c.next() {
                    #expect(c.term == lowerBound?.term, "seed \(seed), from \(p)")
                } else {
                    #expect(lowerBound == nil, "seed \(seed), from \(p)")
                }
            }
            #expect(try d.terms(withPrefix: [], limit: 10).map(\.term) == entries.prefix(10).map(\.term))
        }
    }

    @Test func stringAndByteLookupsAgree() throws {
        var w = TermDictionaryWriter(valuesPerTerm: 2)
        let words = ["", "café", "cafés", "naïve", "zürich", "東京"].sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        for (i, word) in words.enumerated() { w.add(word, [UInt64(i), UInt64(i * 10)]) }
        try w.finish().withUnsafeBytes { buf in
            let d = try TermDictionaryReader(buf, fileName: "t")
            for (i, word) in words.enumerated() {
                #expect(try d.lookup(word) == [UInt64(i), UInt64(i * 10)])
                #expect(try d.lookup(Array(word.utf8)) == [UInt64(i), UInt64(i * 10)])
            }
            #expect(try d.lookup("caf") == nil)
            #expect(try d.terms(withPrefix: Array("caf".utf8)).count == 2)
        }
    }

    /// Flipping any byte, or cutting the dictionary short, must throw or give some answer, never
    /// trap; a scan of a damaged dictionary must not yield terms out of order.
    @Test(arguments: [(1, 0), (3, 0), (16, 0), (3, 0b10), (16, 0b11)] as [(Int, UInt8)])
    func corruptionNeverTraps(termsPerBlock: Int, deltaColumns: UInt8) throws {
        let entries = Self.randomEntries(seed: 9, count: 60, valuesPerTerm: 2, deltaColumns: deltaColumns)
        let good = Self.build(entries, valuesPerTerm: 2, termsPerBlock: termsPerBlock, deltaColumns: deltaColumns)
        var rng = FormatRNG(seed: 10)
        func exercise(_ bytes: [UInt8]) {
            bytes.withUnsafeBytes { buf in
                guard let d = try? TermDictionaryReader(buf, fileName: "bad") else { return }
                if let scanned = try? Self.scanAll(d) {
                    let ordered = zip(scanned, scanned.dropFirst()).allSatisfy { $0.term.lexicographicallyPrecedes($1.term) }
                    #expect(ordered, "a scan that succeeds yields increasing terms")
                }
                for e in entries { _ = try? d.lookup(e.term) }
                for p in [[], [0x61], Array("news".utf8)] as [[UInt8]] { _ = try? d.terms(withPrefix: p) }
            }
        }
        for i in 0..<good.count {
            for flip in [0xFF, 0x80, 0x01, UInt8(truncatingIfNeeded: rng.next() | 1)] as [UInt8] {
                var bad = good
                bad[i] ^= flip
                exercise(bad)
            }
        }
        for n in 0..<good.count {
            let cut = Array(good[0..<n])
            exercise(cut)
            #expect((try? cut.withUnsafeBytes { try TermDictionaryReader($0, fileName: "cut") }) == nil || n == good.count,
                    "a truncated dictionary is refused at open (cut at \(n))")
        }
        // Random garbage of every small size.
        for n in 0..<200 { exercise(rng.bytes(n)) }
    }
}
