// One article source file found by the corpus scanner: where it is, how big, when changed, which format.

/// The format of a corpus file, from its extension.
public enum SourceKind: Sendable, Equatable, Hashable {
    /// `.txt`: one article per file (title line, then body paragraphs).
    case text
    /// `.jsonl`: one article per line, a JSON object with `title`, `body`, optional `id` and `date`.
    case jsonLines
}

/// A `.txt` or `.jsonl` file under the corpus root.
public struct SourceFile: Sendable, Equatable, Hashable {
    /// Path from the corpus root, '/'-separated, e.g. "2019/01/storm.txt".
    public var relativePath: String
    /// Path to open: the resolved (absolute) corpus root joined with `relativePath`.
    public var absolutePath: String
    /// Size in bytes when scanned.
    public var size: Int64
    /// Modification time when scanned, nanoseconds since 1970-01-01 UTC.
    public var modificationTimeNanoseconds: Int64
    /// The format, from the extension.
    public var kind: SourceKind

    /// A source file from its parts (the scanner makes these).
    public init(
        relativePath: String, absolutePath: String, size: Int64, modificationTimeNanoseconds: Int64,
        kind: SourceKind
    ) {
        self.relativePath = relativePath
        self.absolutePath = absolutePath
        self.size = size
        self.modificationTimeNanoseconds = modificationTimeNanoseconds
        self.kind = kind
    }
}
