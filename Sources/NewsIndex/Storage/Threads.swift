// Threads without Foundation: starting and joining a pthread, a mutex-guarded bounded queue, core count.
import Glibc

/// A started thread running one closure; `join` waits for it.
final class WorkerThread: @unchecked Sendable {
    private var thread = pthread_t()
    private final class Box { let body: () -> Void; init(_ body: @escaping () -> Void) { self.body = body } }

    init(_ body: @escaping () -> Void) {
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        let result = pthread_create(&thread, nil, { raw in
            let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
            box.body()
            return nil
        }, box)
        if result != 0 {
            // No thread: run it here rather than lose the work.
            Unmanaged<Box>.fromOpaque(box).takeRetainedValue().body()
            thread = pthread_t()
        }
    }

    func join() {
        if thread != pthread_t() { pthread_join(thread, nil) }
    }
}

/// A first-in first-out queue of bounded length shared by one producer and several consumers.
final class BoundedQueue<Element>: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let notEmpty = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let notFull = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var items: [Element] = []
    private var head = 0
    private var closed = false
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = max(1, capacity)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(notEmpty, nil)
        pthread_cond_init(notFull, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        pthread_cond_destroy(notEmpty)
        pthread_cond_destroy(notFull)
        mutex.deallocate()
        notEmpty.deallocate()
        notFull.deallocate()
    }

    /// Adds an element, waiting while the queue is full.
    func push(_ element: Element) {
        pthread_mutex_lock(mutex)
        while items.count - head >= capacity { pthread_cond_wait(notFull, mutex) }
        items.append(element)
        pthread_cond_signal(notEmpty)
        pthread_mutex_unlock(mutex)
    }

    /// The next element, waiting while the queue is empty; nil once it is closed and drained.
    func pop() -> Element? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while items.count == head && !closed { pthread_cond_wait(notEmpty, mutex) }
        guard head < items.count else { return nil }
        let element = items[head]
        head += 1
        if head > 64 && head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
        pthread_cond_signal(notFull)
        return element
    }

    /// No more elements will come: waiting consumers get nil once the queue is drained.
    func close() {
        pthread_mutex_lock(mutex)
        closed = true
        pthread_cond_broadcast(notEmpty)
        pthread_mutex_unlock(mutex)
    }
}

extension ProcessEnvironment {
    /// The number of processors this process may run on.
    public static var processorCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
}
