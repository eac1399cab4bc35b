// Numbered work items done on several threads and handed back in number order, with a bound on
// how many can be done (or under way) ahead of the one the consumer waits for.
import Glibc

/// Items `0..<count`: workers `claim` the next number and `deliver` its result; one consumer
/// `take`s results in number order. At most `window` items are claimed beyond the last one taken,
/// so results held at once stay bounded. `cancel` wakes everyone: claims then return nil.
final class OrderedWork<Result>: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let count: Int
    private let window: Int
    private var nextClaim = 0
    private var taken = 0
    private var results: [Int: Result] = [:]
    private var cancelled = false

    init(count: Int, window: Int) {
        self.count = count
        self.window = max(1, window)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(changed, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        pthread_cond_destroy(changed)
        mutex.deallocate()
        changed.deallocate()
    }

    /// The next item to do, waiting while it is too far ahead of the consumer; nil when every
    /// item is claimed or the work was cancelled.
    func claim() -> Int? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while !cancelled && nextClaim < count && nextClaim >= taken + window { pthread_cond_wait(changed, mutex) }
        guard !cancelled && nextClaim < count else { return nil }
        nextClaim += 1
        return nextClaim - 1
    }

    /// The result of item `index`.
    func deliver(_ index: Int, _ result: Result) {
        pthread_mutex_lock(mutex)
        results[index] = result
        pthread_cond_broadcast(changed)
        pthread_mutex_unlock(mutex)
    }

    /// The result of the next item in order, waiting until it is delivered; nil once every
    /// item was taken or the work was cancelled.
    func takeNext() -> Result? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while !cancelled && taken < count && results[taken] == nil { pthread_cond_wait(changed, mutex) }
        guard !cancelled && taken < count, let result = results.removeValue(forKey: taken) else { return nil }
        taken += 1
        pthread_cond_broadcast(changed)
        return result
    }

    /// Stops the work: pending and later claims return nil, and so does `takeNext`.
    func cancel() {
        pthread_mutex_lock(mutex)
        cancelled = true
        results.removeAll()
        pthread_cond_broadcast(changed)
        pthread_mutex_unlock(mutex)
    }
}
