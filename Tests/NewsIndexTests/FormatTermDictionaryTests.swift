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

    static func build(_ entries: [Entry], valuesPerTerm: Int, termsPerBlock: Int) -> [UInt8] {
        var w = TermDictionaryWriter(valuesPerTerm: valuesPerTerm, termsPerBlock: termsPerBlock)
        for e in entries { w.add(e.term, e.values) }
        return w.finish()
    }

    static func randomEntries(seed: UInt64, count: Int, valuesPerTerm: Int) -> [Entry] {
        var rng = FormatRNG(seed: seed)
        return randomTerms(&rng, count: count).map { t in (t, TermValues((0..<valuesPerTerm).map { _ in rng.anyWidthU64() })) }
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
        var expected: [UInt8] = [0x00, 0x04] + Array("news".utf8) + [0x07] + [0x04, 0x04] + Array("room".utf8) + [0x03]
        expected += [0x00, 0x05] + Array("paper".utf8) + [0x01]
        // Block index: (offset u64, first 8 bytes zero-padded as a big-endian u64, stored LE).
        func key(_ s: String) -> [UInt8] { Array((Array(s.utf8) + [UInt8](repeating: 0, count: 8)).prefix(8).reversed()) }
        expected += [0, 0, 0, 0, 0, 0, 0, 0] + key("news") + [14, 0, 0, 0, 0, 0, 0, 0] + key("paper")
        expected += [3, 0, 0, 0, 0, 0, 0, 0] + [22, 0, 0, 0, 0, 0, 0, 0]        // term count, index offset
        expected += [2, 0, 0, 0] + [1, 2, 0, 0]                                  // blocks, values, per block, reserved
        #expect(w.finish() == expected)
        try expected.withUnsafeBytes { buf in
            let d = try TermDictionaryReader(buf, fileName: "t")
            #expect(try d.lookup("newsroom") == [3])
            #expect(try d.lookup("new") == nil)
        }
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

    @Test(arguments: [(1, 0, 1), (2, 1, 2), (3, 3, 16), (4, 4, 32), (5, 8, 255), (6, 2, 7)] as [(UInt64, Int, Int)])
    func randomRoundTrip(seed: UInt64, valuesPerTerm: Int, termsPerBlock: Int) throws {
        let entries = Self.randomEntries(seed: seed, count: 3000, valuesPerTerm: valuesPerTerm)
        let bytes = Self.build(entries, valuesPerTerm: valuesPerTerm, termsPerBlock: termsPerBlock)
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
    @Test(arguments: [1, 3, 16] as [Int])
    func corruptionNeverTraps(termsPerBlock: Int) throws {
        let entries = Self.randomEntries(seed: 9, count: 60, valuesPerTerm: 2)
        let good = Self.build(entries, valuesPerTerm: 2, termsPerBlock: termsPerBlock)
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
