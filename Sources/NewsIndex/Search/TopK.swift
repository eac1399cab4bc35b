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
    private let ranking: HitRanking

    init(capacity: Int, dateOf: ((Int32) -> UInt32)? = nil, precedes: @escaping (Int32, Int32) -> Bool) {
        self.capacity = capacity
        ranking = HitRanking(dateOf: dateOf, precedes: precedes)
        heap.reserveCapacity(min(capacity, 1 << 16))
    }

    /// Whether a hit with this score could enter the heap (exactly: ties may still enter).
    /// Only meaningful when ranking by score.
    @inline(__always)
    var threshold: Double { heap.count < capacity ? -Double.infinity : heap[0].score }

    mutating func offer(_ hit: ScoredDoc) {
        guard capacity > 0 else { return }
        // A lower score can never enter when ranking by score (ties still go to `worse`).
        if !ranking.byDate && heap.count >= capacity && hit.score < heap[0].score { return }
        if heap.count < capacity {
            heap.append(hit)
            siftUp(heap.count - 1)
        } else if ranking.worse(heap[0], hit) {
            heap[0] = hit
            siftDown(0)
        }
    }

    private mutating func siftUp(_ index: Int) {
        var child = index
        while child > 0 {
            let parent = (child - 1) / 2
            if ranking.worse(heap[child], heap[parent]) {
                heap.swapAt(child, parent)
                child = parent
            } else { return }
        }
    }

    /// Moves the root down to its place: the hole walks down, the entry is written once.
    private mutating func siftDown(_ index: Int) {
        let ranking = self.ranking
        let count = heap.count
        heap.withUnsafeMutableBufferPointer { slots in
            let item = slots[index]
            var parent = index
            while true {
                let left = 2 * parent + 1
                if left >= count { break }
                var child = left
                if left + 1 < count && ranking.worse(slots[left + 1], slots[left]) { child = left + 1 }
                guard ranking.worse(slots[child], item) else { break }
                slots[parent] = slots[child]
                parent = child
            }
            slots[parent] = item
        }
    }

    /// The hits, best first.
    func sorted() -> [ScoredDoc] { heap.sorted { ranking.worse($1, $0) } }
}

/// The order of hits: by score (equal scores by `precedes`), or newest first when `dateOf` is set.
private struct HitRanking {
    let dateOf: ((Int32) -> UInt32)?
    let byDate: Bool
    let precedes: (Int32, Int32) -> Bool

    init(dateOf: ((Int32) -> UInt32)?, precedes: @escaping (Int32, Int32) -> Bool) {
        self.dateOf = dateOf
        byDate = dateOf != nil
        self.precedes = precedes
    }

    /// `a` ranks below `b`: a lower score, or an equal score and a larger tie-break key (a later
    /// date first when sorting by date). The closures are called only for a date sort or a tie.
    @inline(__always)
    func worse(_ a: ScoredDoc, _ b: ScoredDoc) -> Bool {
        if byDate { return worseByDate(a, b) }
        if a.score != b.score { return a.score < b.score }
        return precedes(b.doc, a.doc)
    }

    @inline(never)
    private func worseByDate(_ a: ScoredDoc, _ b: ScoredDoc) -> Bool {
        let da = dateOf!(a.doc), db = dateOf!(b.doc)
        if da != db { return da < db }
        if a.score != b.score { return a.score < b.score }
        return precedes(b.doc, a.doc)
    }
}
