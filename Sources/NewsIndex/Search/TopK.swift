// Keeps the k best (score, doc) pairs seen, equal scores ordered by article id.

/// A scored hit: a global doc ID and its score.
public struct ScoredDoc: Equatable, Sendable {
    public var doc: Int32
    public var score: Double

    public init(doc: Int32, score: Double) {
        self.doc = doc
        self.score = score
    }
}

/// A bounded min-heap of the best `capacity` hits. `precedes(a, b)` orders equal scores: true when
/// doc `a` goes first (its article id is smaller byte-wise).
struct TopK {
    let capacity: Int
    private(set) var heap: [ScoredDoc] = []
    private let precedes: (Int32, Int32) -> Bool
    /// When set, the newest date ranks first (then the score, then the tie-break).
    private let dateOf: ((Int32) -> UInt32)?

    init(capacity: Int, dateOf: ((Int32) -> UInt32)? = nil, precedes: @escaping (Int32, Int32) -> Bool) {
        self.capacity = capacity
        self.precedes = precedes
        self.dateOf = dateOf
        heap.reserveCapacity(min(capacity, 1 << 16))
    }

    /// Whether a hit with this score could enter the heap (exactly: ties may still enter).
    /// Only meaningful when ranking by score.
    @inline(__always)
    var threshold: Double { heap.count < capacity ? -Double.infinity : heap[0].score }

    /// `a` ranks below `b`: a lower score, or an equal score and a larger tie-break key.
    @inline(__always)
    private func worse(_ a: ScoredDoc, _ b: ScoredDoc) -> Bool {
        if let dateOf {
            let da = dateOf(a.doc), db = dateOf(b.doc)
            if da != db { return da < db }
        }
        if a.score != b.score { return a.score < b.score }
        return precedes(b.doc, a.doc)
    }

    mutating func offer(_ hit: ScoredDoc) {
        guard capacity > 0 else { return }
        // A lower score can never enter when ranking by score (ties still go to `worse`).
        if dateOf == nil && heap.count >= capacity && hit.score < heap[0].score { return }
        if heap.count < capacity {
            heap.append(hit)
            siftUp(heap.count - 1)
        } else if worse(heap[0], hit) {
            heap[0] = hit
            siftDown(0)
        }
    }

    private mutating func siftUp(_ index: Int) {
        var child = index
        while child > 0 {
            let parent = (child - 1) / 2
            if worse(heap[child], heap[parent]) {
                heap.swapAt(child, parent)
                child = parent
            } else { return }
        }
    }

    private mutating func siftDown(_ index: Int) {
        var parent = index
        while true {
            let left = 2 * parent + 1
            if left >= heap.count { return }
            var smallest = left
            if left + 1 < heap.count && worse(heap[left + 1], heap[left]) { smallest = left + 1 }
            if worse(heap[smallest], heap[parent]) {
                heap.swapAt(smallest, parent)
                parent = smallest
            } else { return }
        }
    }

    /// The hits, best first.
    func sorted() -> [ScoredDoc] { heap.sorted { worse($1, $0) } }
}
