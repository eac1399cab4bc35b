// Tests of OrderedWork (the final merge's hand-off of term ranges): results come back in number
// order whatever thread did them, never more than the window ahead, and cancelling stops everyone.
import Testing
@testable import NewsIndex

@Suite("OrderedWork")
struct OrderedWorkTests {
    @Test func resultsComeInOrderFromSeveralThreadsWithinTheWindow() {
        let count = 500
        let window = 3
        let work = OrderedWork<Int>(count: count, window: window)
        let threads = (0..<4).map { _ in
            WorkerThread {
                while let item = work.claim() {
                    // Uneven work, so that items finish out of order.
                    var spin = 0
                    for step in 0..<((item * 7919) % 5000) { spin &+= step }
                    work.deliver(item, item * 2 + (spin == -1 ? 1 : 0))
                }
            }
        }
        var taken: [Int] = []
        while let result = work.takeNext() { taken.append(result) }
        for thread in threads { thread.join() }
        #expect(taken == (0..<count).map { $0 * 2 })
    }

    @Test func claimsWaitForTheConsumerAndCancelStopsThem() {
        let work = OrderedWork<Int>(count: 100, window: 2)
        #expect(work.claim() == 0)
        #expect(work.claim() == 1)
        // A third claim would wait for the consumer: a thread waits, cancel wakes it with nil.
        var third: Int? = -1
        let waiter = WorkerThread { third = work.claim() }
        work.cancel()
        waiter.join()
        #expect(third == nil)
        #expect(work.takeNext() == nil)
    }

    @Test func emptyWorkEndsAtOnce() {
        let work = OrderedWork<Int>(count: 0, window: 4)
        #expect(work.claim() == nil)
        #expect(work.takeNext() == nil)
    }
}
