// HuffmanLengths: code lengths are optimal-looking, complete, limited to the maximum, and the
// canonical codes are prefix-free; seeded random count tables print their seed.
import Testing
@testable import NewsIndex

@Suite struct FormatHuffmanLengthsTests {
    @Test func knownLengths() {
        // Counts 1, 1, 2, 4: lengths 3, 3, 2, 1.
        let lengths = HuffmanLengths.lengths([(0, 1), (1, 1), (2, 2), (3, 4)])
        #expect(lengths.map(\.length) == [3, 3, 2, 1])
        let codes = HuffmanLengths.canonicalCodes(lengths)
        // (length, symbol) order: 3 → 0, 2 → 10, 0 → 110, 1 → 111.
        #expect(codes.map(\.symbol) == [3, 2, 0, 1])
        #expect(codes.map(\.code) == [0b0, 0b10, 0b110, 0b111])
    }

    @Test func oneSymbolCostsNoBits() {
        #expect(HuffmanLengths.lengths([(256, 99)]).map(\.length) == [0])
        #expect(HuffmanLengths.isComplete([0]))
        #expect(!HuffmanLengths.isComplete([1]))
        #expect(!HuffmanLengths.isComplete([0, 1]))
        #expect(!HuffmanLengths.isComplete([1, 2]))          // Kraft sum 3/4
        #expect(!HuffmanLengths.isComplete([1, 1, 1]))       // Kraft sum 3/2
        #expect(HuffmanLengths.isComplete([1, 2, 2]))
        #expect(!HuffmanLengths.isComplete([]))
    }

    /// Fibonacci counts make the deepest Huffman trees: the limit holds and the code stays complete.
    @Test func lengthLimit() {
        var counts: [(symbol: Int, count: UInt64)] = []
        var a: UInt64 = 1, b: UInt64 = 1
        for symbol in 0..<40 { counts.append((symbol, a)); (a, b) = (b, a + b) }
        let lengths = HuffmanLengths.lengths(counts)
        #expect(lengths.allSatisfy { $0.length <= HuffmanLengths.maximumLength })
        #expect(HuffmanLengths.isComplete(lengths.map(\.length)))
    }

    @Test(arguments: 0..<20)
    func randomTablesArePrefixFree(round: Int) {
        let seed = 0x4AFF_0000 + UInt64(round)
        var rng = SeededRandom(seed: seed)
        let symbolCount = rng.int(2...257)
        var counts: [(symbol: Int, count: UInt64)] = []
        for symbol in 0..<257 where counts.count < symbolCount && rng.chance(0.7) {
            counts.append((symbol, rng.chance(0.1) ? rng.next() >> UInt64(rng.int(1...40)) + 1 : UInt64(rng.int(1...1000))))
        }
        if counts.count < 2 { counts = [(0, 1), (1, 1)] }
        let (lengths, halvings) = HuffmanLengths.limitedLengths(counts)
        #expect(HuffmanLengths.isComplete(lengths.map(\.length)), "seed \(seed)")
        let codes = HuffmanLengths.canonicalCodes(lengths)
        // No code is a prefix of another.
        for x in codes {
            for y in codes where x.symbol != y.symbol && x.length <= y.length {
                let prefix = y.code >> UInt32(y.length - x.length)
                #expect(prefix != x.code, "seed \(seed): code of \(x.symbol) prefixes code of \(y.symbol)")
            }
        }
        // A more frequent symbol never gets a longer code (unless halving for the limit made counts equal).
        if halvings == 0 { for x in counts { for y in counts where x.count > y.count {
            let lx = lengths.first { $0.symbol == x.symbol }!.length, ly = lengths.first { $0.symbol == y.symbol }!.length
            #expect(lx <= ly, "seed \(seed)")
        } } }
    }
}
