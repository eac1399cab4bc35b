// The one error type the engine throws: a plain-words message naming the file or argument at fault.

/// An error with a message meant for the user: it names the file (and offset or line, where known)
/// or the argument at fault, and says what to do.
public struct NewsIndexError: Error, CustomStringConvertible, Equatable, Sendable {
    public enum Kind: Sendable, Equatable {
        /// Reading or writing a file failed (missing, unreadable, disk full, ...).
        case io
        /// An index file is damaged or not what it claims to be.
        case corrupt
        /// An index written by a format version this build does not read.
        case unsupportedVersion
        /// Bad input from the user (an argument, a query file, a corpus folder).
        case invalidInput
        /// No index where one was expected.
        case noIndex
        /// Another build holds the index lock.
        case locked
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
