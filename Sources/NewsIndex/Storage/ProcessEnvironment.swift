// Small process facts: monotonic time (clock_gettime), whether a descriptor is a terminal, our pid.
import Glibc

/// Process-level facts that need a system call.
public enum ProcessEnvironment {
    /// Nanoseconds of CLOCK_MONOTONIC: only differences between two readings mean anything.
    public static func monotonicNanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) &* 1_000_000_000 &+ UInt64(now.tv_nsec)
    }

    /// Whether the file descriptor (0 stdin, 1 stdout, 2 stderr) is a terminal.
    public static func isTerminal(_ fileDescriptor: Int32) -> Bool {
        isatty(fileDescriptor) == 1
    }

    /// The value of environment variable `name`, or nil when unset or empty.
    public static func variable(_ name: String) -> String? {
        guard let value = getenv(name), value.pointee != 0 else { return nil }
        return String(cString: value)
    }

    /// Makes freed large blocks go back to the system at once (a fixed mmap threshold instead of
    /// glibc's adaptive one) and caps malloc arenas, so a build's resident memory follows its
    /// memory budget instead of its high-water mark.
    public static func returnFreedMemoryToSystem() {
        _ = glibcMallopt(-3, 256 * 1024)  // M_MMAP_THRESHOLD (malloc.h)
        _ = glibcMallopt(-8, 2)  // M_ARENA_MAX
    }

    /// This process's id.
    public static var processID: Int32 { getpid() }
}

/// glibc's mallopt(3), which the Glibc module does not export.
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
