// An article as read from the corpus, and where its bytes are in the source file (for snippets and `show`).

/// Where a document's record lies in its source file.
public struct DocumentSource: Sendable, Equatable, Hashable {
    /// Source file path from the corpus root.
    public var relativePath: String
    /// The source file's format.
    public var kind: SourceKind
    /// Offset of the record in the file: 0 for `.txt` (the whole file), the line start for `.jsonl`
    /// (after a byte order mark on line 1).
    public var byteOffset: Int64
    /// Length of the record: the whole file for `.txt`, the line without its "\n" (or "\r\n") for `.jsonl`.
    public var byteLength: Int
    /// XXH64 (seed 0) of the record's bytes: tells whether the stored record still matches the file.
    public var contentHash: UInt64
    /// `.txt`: offset of the body's first byte within the record (the record length when there is
    /// no body). `.jsonl`: 0 (the body is escaped in JSON; re-parse the record instead).
    public var bodyOffset: Int
    /// `.jsonl`: the 1-based line number of the record. `.txt`: 0.
    public var lineNumber: Int

    /// A record location; see the properties for what each value means.
    public init(
        relativePath: String, kind: SourceKind, byteOffset: Int64, byteLength: Int, contentHash: UInt64,
        bodyOffset: Int, lineNumber: Int
    ) {
        self.relativePath = relativePath
        self.kind = kind
        self.byteOffset = byteOffset
        self.byteLength = byteLength
        self.contentHash = contentHash
        self.bodyOffset = bodyOffset
        self.lineNumber = lineNumber
    }
}

/// One article.
public struct Document: Sendable, Equatable {
    /// Unique in the corpus after `DocumentIDs`: for `.txt` the relative path without ".txt";
    /// for `.jsonl` the record's `id`, or "path.jsonl#LINE" when it has none.
    public var id: String
    /// The headline (surrounding spaces trimmed); may be empty.
    public var title: String
    /// The text after the title line: leading blank lines and trailing white space removed,
    /// otherwise as in the file (paragraphs separated by empty lines). May be empty.
    public var body: String
    /// Publication date as YYYYMMDD (e.g. 20190104); 0 when unknown.
    public var date: Int32
    /// Where the record is in the source file.
    public var source: DocumentSource

    /// A document from its parts (parsers make these; tests may too).
    public init(id: String, title: String, body: String, date: Int32, source: DocumentSource) {
        self.id = id
        self.title = title
        self.body = body
        self.date = date
        self.source = source
    }
}
