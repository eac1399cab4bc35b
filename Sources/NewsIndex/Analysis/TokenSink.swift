// The receiving end of analysis: a type that takes each term as the analyzer produces it.

/// Receives the analyzer's output, one term at a time, without any allocation per term.
public protocol TokenSink {
    /// One term. `term` is valid only during the call. `position` is the word's index in the field
    /// (the parts of a compound share their word's position); `start..<end` is the word's UTF-8 byte
    /// range in the analyzed text. `isPart` is true for a part of a compound emitted beside its whole.
    mutating func accept(term: UnsafeBufferPointer<UInt8>, position: Int, start: Int, end: Int, isPart: Bool)
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
