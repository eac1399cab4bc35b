// FileKind: the 4-byte ASCII tag in an envelope header saying what an index file holds.

/// The kind of an index file: four ASCII bytes stored in its envelope header ("TDIC", "POST", ...).
public struct FileKind: Hashable, Sendable, CustomStringConvertible {
    /// The four tag bytes read as a little-endian `UInt32` (so "TDIC" is stored as T, D, I, C).
    public let rawValue: UInt32

    /// A kind from its 4-character ASCII tag. Anything else is a programmer error (traps).
    public init(_ tag: String) {
        let u = Array(tag.utf8)
        precondition(u.count == 4 && u.allSatisfy { $0 >= 0x20 && $0 < 0x7F }, "FileKind tag must be 4 ASCII characters: \(tag)")
        rawValue = UInt32(u[0]) | UInt32(u[1]) << 8 | UInt32(u[2]) << 16 | UInt32(u[3]) << 24
    }

    /// A kind from the raw header value (whatever its bytes).
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// The tag as text; non-printable bytes shown as `\xNN`.
    public var description: String {
        var s = ""
        for i in 0..<4 {
            let b = UInt8(truncatingIfNeeded: rawValue >> (8 * UInt32(i)))
            if b >= 0x20 && b < 0x7F && b != 0x5C {
                s.unicodeScalars.append(Unicode.Scalar(b))
            } else {
                let h = String(b, radix: 16, uppercase: true)
                s += "\\x" + (h.count == 1 ? "0" + h : h)
            }
        }
        return s
    }

    /// Term dictionary.
    public static let termDictionary = FileKind("TDIC")
    /// Postings (document ids and frequencies).
    public static let postings = FileKind("POST")
    /// Positions.
    public static let positions = FileKind("POSN")
    /// Per-document data (lengths, dates).
    public static let documents = FileKind("DOCS")
    /// Stored fields (titles, paths).
    public static let storedFields = FileKind("STOR")
    /// The manifest naming a commit's files.
    public static let manifest = FileKind("MANI")
}
