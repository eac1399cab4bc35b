// Making document ids unique across the corpus: a repeated id becomes id#2, id#3, ... with a warning.

/// Hands out unique document ids in scan order. The first document with an id keeps it; later
/// ones get "id#2", "id#3", … (skipping any suffix already taken) and a warning naming both sources.
public struct DocumentIDs: Sendable {
    private var firstSource: [String: String] = [:]
    private var nextSuffix: [String: Int] = [:]

    /// An empty set of ids: start one per build, feed documents in scan order.
    public init() {}

    /// The number of ids handed out so far.
    public var count: Int { firstSource.count }

    /// Makes `document.id` unique, renaming it when it was seen before; returns the warning then.
    public mutating func assign(_ document: inout Document) -> CorpusWarning? {
        let where_ = Self.describe(document.source)
        let original = document.id
        guard let first = firstSource[original] else {
            firstSource[original] = where_
            return nil
        }
        var suffix = nextSuffix[original] ?? 2
        var candidate = "\(original)#\(suffix)"
        while firstSource[candidate] != nil {
            suffix += 1
            candidate = "\(original)#\(suffix)"
        }
        nextSuffix[original] = suffix + 1
        firstSource[candidate] = where_
        document.id = candidate
        return CorpusWarning(
            path: document.source.relativePath, line: document.source.kind == .jsonLines ? document.source.lineNumber : nil,
            message: "duplicate id \"\(original)\" (first used by \(first)), renamed to \"\(candidate)\"")
    }

    /// Records an id an earlier build already made unique (an article kept by an incremental build).
    public mutating func reserve(_ id: String, source description: String) {
        if firstSource[id] == nil { firstSource[id] = description }
    }

    /// "path" for a `.txt` record, "path:LINE" for a `.jsonl` one.
    static func describe(_ source: DocumentSource) -> String {
        source.kind == .jsonLines ? "\(source.relativePath):\(source.lineNumber)" : source.relativePath
    }
}
