// An exclusive flock(2) lock on a lock file holding the owner's process id; released on close/deinit.
import Glibc

/// An exclusive advisory lock (flock(2), which, unlike fcntl locks, survives other descriptors of
/// the file being closed). The holder's process id is written into the lock file so a second
/// process can say who holds it. The lock file itself is left in place: deleting it would race.
public final class FileLock: @unchecked Sendable {
    /// The outcome of a non-blocking attempt.
    public enum Attempt: Sendable {
        /// The lock is ours until `release()` or deinit.
        case acquired(FileLock)
        /// Someone else holds it; `pid` is the holder's process id when the file names one.
        case heldByOther(pid: Int32?)
    }

    /// The lock file's path.
    public let path: String
    private var fd: Int32

    private init(path: String, fd: Int32) {
        self.path = path
        self.fd = fd
    }

    /// Tries once to take the lock on `path` (created if missing) without waiting.
    /// Throws `.io` only when the lock file cannot be opened or locking fails for another reason.
    public static func tryAcquire(at path: String) throws -> Attempt {
        let fd = try SystemCalls.openFile(path, O_RDWR | O_CREAT)
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            if code == EINTR { continue }
            if code == EWOULDBLOCK {
                let pid = readProcessID(fd)
                close(fd)
                return .heldByOther(pid: pid)
            }
            close(fd)
            throw SystemCalls.ioError(path, "lock", code: code)
        }
        return .acquired(try lockedFile(path: path, fd: fd))
    }

    /// Takes the lock on `path`, throwing `NewsIndexError(.locked, "another build (pid N) is running…")`
    /// when another process holds it.
    public static func acquireOrThrow(at path: String) throws -> FileLock {
        switch try tryAcquire(at: path) {
        case .acquired(let lock):
            return lock
        case .heldByOther(let pid):
            let who = pid.map { "another build (pid \($0))" } ?? "another build"
            throw NewsIndexError(
                .locked, "\(path): \(who) is running; wait for it to finish, then try again")
        }
    }

    /// Takes the lock on `path`, waiting as long as another process holds it.
    public static func acquireWaiting(at path: String) throws -> FileLock {
        let fd = try SystemCalls.openFile(path, O_RDWR | O_CREAT)
        while flock(fd, LOCK_EX) != 0 {
            let code = errno
            if code == EINTR { continue }
            close(fd)
            throw SystemCalls.ioError(path, "lock", code: code)
        }
        return try lockedFile(path: path, fd: fd)
    }

    /// Releases the lock now (also done by deinit). Calling it twice is harmless.
    public func release() {
        guard fd >= 0 else { return }
        close(fd)  // closing the only descriptor releases the flock
        fd = -1
    }

    deinit { release() }

    /// Records our pid in the locked file and wraps the descriptor.
    private static func lockedFile(path: String, fd: Int32) throws -> FileLock {
        let text = Array("\(getpid())\n".utf8)
        let ok = ftruncate(fd, 0) == 0 && text.withUnsafeBytes { pwrite(fd, $0.baseAddress!, $0.count, 0) } == text.count
        if !ok {
            let code = errno
            close(fd)
            throw SystemCalls.ioError(path, "write pid to lock file", code: code)
        }
        return FileLock(path: path, fd: fd)
    }

    /// The decimal pid at the start of the lock file, or nil.
    private static func readProcessID(_ fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let got = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, 0) }
        guard got > 0 else { return nil }
        var value: Int64 = 0
        var digits = 0
        for byte in buffer[0..<got] {
            guard byte >= 0x30, byte <= 0x39 else { break }
            value = value * 10 + Int64(byte - 0x30)
            digits += 1
            if digits > 10 { return nil }
        }
        guard digits > 0, value > 0, value <= Int64(Int32.max) else { return nil }
        return Int32(value)
    }
}
