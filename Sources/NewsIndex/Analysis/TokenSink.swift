// The receiving end of analysis: a type that takes each term as the analyzer produces it.

/// Receives the analyzer's output, one term at a time, without any allocation per term.
public protocol TokenSink {
    /// One term. `term` is valid only during the call. `position` is the word's index in the field
    /// (the parts of a compound share their word's position); `start..<end` is the word's UTF-8 byte
    /// range in the analyzed text. `isPart` is true for a part of a compound emitted beside its whole.
    mutating func accept(term: UnsafeBufferPointer<UInt8>, position: Int, start: Int, end: Int, isPart: Bool)

    /// Nonzero when the sink also takes terms by ID (`termID(of:)`, `accept(termID:position:)`):
    /// the analyzer then keeps each term's ID beside the cached word, valid while the epoch stays
    /// the same, and hands over IDs instead of bytes. 0 (the default): terms only.
    var termIDEpoch: UInt32 { get }

    /// The ID of `term` in the current epoch (only called when `termIDEpoch` is nonzero).
    mutating func termID(of term: UnsafeBufferPointer<UInt8>) -> UInt32

    /// One term, by its ID (only when `termIDEpoch` is nonzero; word offsets and `isPart` are not given).
    mutating func accept(termID: UInt32, position: Int)
}

extension TokenSink {
    public var termIDEpoch: UInt32 { 0 }
    public mutating func termID(of term: UnsafeBufferPointer<UInt8>) -> UInt32 { 0 }
    public mutating func accept(termID: UInt32, position: Int) {}
}

/// A token as a value, for tools and tests (`newsidx analyze`).
public struct AnalyzedToken: Equatable, Sendable, CustomStringConvertible {
    public var term: String
    public var position: Int
    public var start: Int
    public var end: Int
    public var isPart: Bool

    public init(term: String, position: Int, start: Int, end: Int, isPart: Bool) {
        self.term = term
        self.position = position
        self.start = start
        self.end = end
        self.isPart = isPart
    }

    public var description: String { "\(position) \(start)..<\(end) \(term)\(isPart ? " (part)" : "")" }
}

/// A sink that keeps every token as a value.
public struct TokenCollector: TokenSink {
    public private(set) var tokens: [AnalyzedToken] = []

    public init() {}

    public mutating func accept(
        term: UnsafeBufferPointer<UInt8>, position: Int, start: Int, end: Int, isPart: Bool
    ) {
        tokens.append(AnalyzedToken(
            term: String(decoding: term, as: UTF8.self), position: position, start: start, end: end,
            isPart: isPart))
    }
}
