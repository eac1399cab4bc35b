// A problem found in the corpus that does not stop the build (skipped file, bad line, fixed-up date, ...).

/// A non-fatal problem in a corpus file: the build goes on, the user is told.
public struct CorpusWarning: Sendable, Equatable, CustomStringConvertible {
    /// Path from the corpus root ('/'-separated); "." for the root itself.
    public var path: String
    /// 1-based line number, when the problem is on one line.
    public var line: Int?
    /// What is wrong and what was done about it, e.g. "binary file (NUL byte at offset 12), skipped".
    public var message: String

    /// A warning about `path` (relative to the corpus root), optionally at a 1-based `line`.
    public init(path: String, line: Int? = nil, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    /// "path:LINE: message", or "path: message" without a line.
    public var description: String {
        if let line { return "\(path):\(line): \(message)" }
        return "\(path): \(message)"
    }
}
