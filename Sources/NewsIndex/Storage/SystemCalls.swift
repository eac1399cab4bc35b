// The SystemCalls namespace and its error helpers: turns errno into NewsIndexError(.io) naming the path.
import Glibc

/// Thin, throwing wrappers over the POSIX calls the engine needs (reading, writing, listing,
/// syncing files). Every failure becomes `NewsIndexError(.io, "<path>: <what failed>: <strerror>")`.
/// Storage is the only folder of the library that imports Glibc.
public enum SystemCalls {
    /// The text of an errno value, e.g. "No such file or directory".
    static func errorText(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }

    /// An `.io` error naming `path`, the failed action and the current `errno`.
    static func ioError(_ path: String, _ action: String, code: Int32 = errno) -> NewsIndexError {
        NewsIndexError(.io, "\(path): \(action) failed: \(errorText(code))")
    }

    /// Opens `path` with `flags` (O_CLOEXEC added), retrying on EINTR.
    static func openFile(_ path: String, _ flags: Int32, mode: mode_t = 0o644) throws -> Int32 {
        while true {
            let fd = open(path, flags | O_CLOEXEC, mode)
            if fd >= 0 { return fd }
            if errno == EINTR { continue }
            throw ioError(path, "open")
        }
    }
}
