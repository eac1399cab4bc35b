// TermValues: the fixed-count list of unsigned numbers a term dictionary stores per term.

/// Up to 8 `UInt64` values kept inline (no allocation): what a term dictionary maps a term to,
/// e.g. document frequency, postings offset, positions offset. A dictionary fixes the count
/// for all its terms.
public struct TermValues: RandomAccessCollection, MutableCollection, Equatable, Hashable, Sendable,
    ExpressibleByArrayLiteral, CustomStringConvertible
{
    /// The most values a term can carry.
    public static let capacity = 8

    private var storage: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
    /// The number of values (0...8).
    public private(set) var count: Int = 0

    /// No values.
    public init() {}

    /// `count` zeros.
    public init(zeros count: Int) {
        precondition(count >= 0 && count <= Self.capacity, "TermValues holds at most 8 values")
        self.count = count
    }

    /// The given values (at most 8).
    public init(_ values: some Sequence<UInt64>) {
        for v in values { append(v) }
    }

    public init(arrayLiteral elements: UInt64...) { self.init(elements) }

    /// Adds a value (at most 8 in all).
    public mutating func append(_ value: UInt64) {
        precondition(count < Self.capacity, "TermValues holds at most 8 values")
        count += 1
        self[count - 1] = value
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(i: Int) -> UInt64 {
        get {
            precondition(i >= 0 && i < count, "TermValues index out of range")
            return withUnsafeBytes(of: storage) { $0.load(fromByteOffset: i * 8, as: UInt64.self) }
        }
        set {
            precondition(i >= 0 && i < count, "TermValues index out of range")
            withUnsafeMutableBytes(of: &storage) { $0.storeBytes(of: newValue, toByteOffset: i * 8, as: UInt64.self) }
        }
    }

    public static func == (a: TermValues, b: TermValues) -> Bool { a.elementsEqual(b) }
    public func hash(into h: inout Hasher) { for v in self { h.combine(v) } }
    public var description: String { "[" + map(String.init).joined(separator: ", ") + "]" }
}
