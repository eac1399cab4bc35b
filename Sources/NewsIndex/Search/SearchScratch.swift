// Scratch memory that one searcher's queries reuse (a searcher serves one thread): MaxScore's
// scoring window, allocated and cleared once instead of once per query.

final class SearchScratch {
    private var window: ScoringWindow?

    /// A cleared window of `size` slots with rows for `leaves` leaves: the one given back last
    /// when it is large enough, else a new one.
    func takeWindow(leaves: Int, size: Int) -> ScoringWindow {
        if let window, window.size == size, window.leafCapacity >= leaves {
            self.window = nil
            return window
        }
        return ScoringWindow(size: size, leaves: max(leaves, 4))
    }

    /// Keeps `window` for the next query: only a window whose slots are all back to zero.
    func giveBack(_ window: ScoringWindow) {
        if let kept = self.window, kept.leafCapacity >= window.leafCapacity { return }
        self.window = window
    }
}
