// HuffmanLengths: length-limited Huffman code lengths from symbol counts, and canonical code
// assignment (the codes follow from the lengths alone, so a file stores only the lengths).

enum HuffmanLengths {
    /// The longest code a length table may hold.
    static let maximumLength = 20

    /// Code lengths for `counts` (symbol → count, every count ≥ 1), deterministic: leaves are
    /// taken in (count, symbol) order and, on equal weights, a leaf before an internal node. One
    /// symbol gets length 0 (it costs no bits). When a length would exceed `maximumLength` the
    /// counts are halved (at least 1) and the code rebuilt.
    static func lengths(_ counts: [(symbol: Int, count: UInt64)]) -> [(symbol: Int, length: Int)] {
        limitedLengths(counts).lengths
    }

    /// `lengths`, and how many times the counts were halved to respect the limit.
    static func limitedLengths(_ counts: [(symbol: Int, count: UInt64)]) -> (lengths: [(symbol: Int, length: Int)], halvings: Int) {
        precondition(!counts.isEmpty)
        if counts.count == 1 { return ([(counts[0].symbol, 0)], 0) }
        var weights = counts.map { $0.count }
        var halvings = 0
        while true {
            let depths = huffmanDepths(symbols: counts.map(\.symbol), weights: weights)
            if depths.allSatisfy({ $0 <= maximumLength }) {
                return (zip(counts, depths).map { ($0.symbol, $1) }, halvings)
            }
            weights = weights.map { max(1, $0 >> 1) }
            halvings += 1
        }
    }

    /// Plain Huffman depths (two-queue method over leaves sorted by weight then symbol).
    private static func huffmanDepths(symbols: [Int], weights: [UInt64]) -> [Int] {
        let n = symbols.count
        let order = (0..<n).sorted { (weights[$0], symbols[$0]) < (weights[$1], symbols[$1]) }
        // Nodes 0..<n are leaves (in `order`), n... internal; parent links give the depths.
        var weight = order.map { weights[$0] }
        var parent = [Int](repeating: -1, count: 2 * n - 1)
        var nextLeaf = 0, nextInternal = n
        weight.reserveCapacity(2 * n - 1)
        func takeSmallest() -> Int {
            if nextLeaf < n && (nextInternal >= weight.count || weight[nextLeaf] <= weight[nextInternal]) {
                nextLeaf += 1
                return nextLeaf - 1
            }
            nextInternal += 1
            return nextInternal - 1
        }
        for _ in 0..<(n - 1) {
            let a = takeSmallest(), b = takeSmallest()
            let node = weight.count
            weight.append(weight[a] + weight[b])
            parent[a] = node
            parent[b] = node
        }
        var depth = [Int](repeating: 0, count: 2 * n - 1)
        for node in stride(from: 2 * n - 3, through: 0, by: -1) { depth[node] = depth[parent[node]] + 1 }
        var result = [Int](repeating: 0, count: n)
        for (leaf, index) in order.enumerated() { result[index] = depth[leaf] }
        return result
    }

    /// Canonical codes: symbols in (length, symbol) order get consecutive codes, the code
    /// shifted left by the length difference whenever the length grows. Returns symbol → code
    /// (the code's `length` low bits, sent most significant bit first).
    static func canonicalCodes(_ lengths: [(symbol: Int, length: Int)]) -> [(symbol: Int, code: UInt32, length: Int)] {
        let sorted = lengths.sorted { ($0.length, $0.symbol) < ($1.length, $1.symbol) }
        var result: [(Int, UInt32, Int)] = []
        var code: UInt32 = 0
        var previousLength = sorted.first?.length ?? 0
        for (index, entry) in sorted.enumerated() {
            if index > 0 { code = (code + 1) << UInt32(entry.length - previousLength) }
            previousLength = entry.length
            result.append((entry.symbol, code, entry.length))
        }
        return result
    }

    /// True when the lengths make a complete prefix code: one symbol of length 0, or ≥ 2 symbols
    /// of lengths 1...maximumLength whose Kraft sum Σ 2^-length is exactly 1.
    static func isComplete(_ lengths: [Int]) -> Bool {
        if lengths.count == 1 { return lengths[0] == 0 }
        guard lengths.count >= 2 else { return false }
        var sum: UInt64 = 0
        for length in lengths {
            guard length >= 1 && length <= maximumLength else { return false }
            sum += 1 << UInt64(maximumLength - length)
        }
        return sum == 1 << UInt64(maximumLength)
    }
}
