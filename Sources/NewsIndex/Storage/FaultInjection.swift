// Test hooks for crash safety: a crash point (NEWSIDX_CRASH_AT) and injected write failures (NEWSIDX_FAIL_AT).
import Glibc

/// Crash points: with `NEWSIDX_CRASH_AT=N` in the environment, the process kills itself (SIGKILL)
/// at the N-th step of a build (every write, fsync and rename counts one step), so tests can
/// check that any interrupted build leaves the previous index usable.
public enum CrashPoints {
    nonisolated(unsafe) private static var steps = 0
    private static let target: Int? = {
        ProcessEnvironment.variable("NEWSIDX_CRASH_AT").flatMap { Int($0) }
    }()

    /// Counts one step; dies here when it is the chosen one. (Steps may come from several threads.)
    public static func reached(_ what: String) {
        guard let target else { return }
        let step = FaultCounting.next(&steps)
        if step == target { kill(getpid(), SIGKILL) }
    }

    /// Steps counted so far in this process.
    public static var stepCount: Int { steps }
}

/// Injected failures: with `NEWSIDX_FAIL_AT=N`, the N-th write or fsync of index files fails with
/// ENOSPC, as a full disk would, so tests can check the error message and that the previous index
/// stays intact.
public enum FaultInjection {
    nonisolated(unsafe) private static var operations = 0
    private static let target: Int? = {
        ProcessEnvironment.variable("NEWSIDX_FAIL_AT").flatMap { Int($0) }
    }()

    public static func check(path: String, operation: String) throws {
        guard let target else { return }
        if FaultCounting.next(&operations) == target {
            throw SystemCalls.ioError(path, operation, code: ENOSPC)
        }
    }
}

/// The counters of the test hooks above, counted under a lock: a build writes from several threads.
private enum FaultCounting {
    nonisolated(unsafe) private static let lock: UnsafeMutablePointer<pthread_mutex_t> = {
        let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        pthread_mutex_init(lock, nil)
        return lock
    }()

    /// Adds one to `counter` and returns the new value.
    static func next(_ counter: inout Int) -> Int {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        counter += 1
        return counter
    }
}
