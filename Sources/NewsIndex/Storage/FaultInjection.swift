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

    /// Counts one step; dies here when it is the chosen one.
    public static func reached(_ what: String) {
        guard let target else { return }
        steps += 1
        if steps == target { kill(getpid(), SIGKILL) }
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
        operations += 1
        if operations == target {
            throw SystemCalls.ioError(path, operation, code: ENOSPC)
        }
    }
}
