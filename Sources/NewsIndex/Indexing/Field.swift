// The indexed fields of an article.

/// The fields that are indexed with positions. Date, id and path are stored, not indexed.
public enum Field: UInt8, CaseIterable, Sendable {
    case title = 0
    case body = 1

    public var name: String { self == .title ? "title" : "body" }
}
