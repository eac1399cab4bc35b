// FileEnvelope: the header + payload + footer frame around every index file, and its checks.

/// The frame around every index file:
///
///     File    --> Header, Payload, Footer
///     Header  --> Magic "NXIF" (4 bytes), Kind (4 ASCII bytes, e.g. "TDIC"), Version (u32 LE)
///     Footer  --> PayloadLength (u64 LE), CRC (u32 LE), FooterMagic "NXEF" (4 bytes)
///
/// CRC is the zlib CRC-32 of Header and Payload (everything before the footer). A file is
/// therefore `headerSize + payloadLength + footerSize` bytes.
///
/// `open` does only the cheap checks (sizes, magics, kind, version) and is meant for every
/// open; `verifyChecksum` reads every byte and is meant for `newsidx check`.
public enum FileEnvelope {
    /// Header bytes: magic, kind, version.
    public static let headerSize = 12
    /// Footer bytes: payload length, CRC, footer magic.
    public static let footerSize = 16
    /// "NXIF" as a little-endian u32.
    public static let headerMagic = FileKind("NXIF").rawValue
    /// "NXEF" as a little-endian u32.
    public static let footerMagic = FileKind("NXEF").rawValue

    /// Wraps a whole payload: header + payload + footer.
    public static func wrap(kind: FileKind, version: UInt32 = NewsIndexVersion.format, payload: [UInt8]) -> [UInt8] {
        var w = EnvelopeWriter(kind: kind, version: version)
        w.payload.append(bytes: payload)
        return w.finish()
    }

    /// Checks the frame of `bytes` cheaply and returns the payload (pointing into `bytes`).
    ///
    /// Throws `.corrupt` (naming `fileName` and an offset) when the file is too short, a magic
    /// is wrong, the kind is not `expectedKind` or the recorded payload length disagrees with
    /// the size; `.unsupportedVersion` when the version is not `supportedVersion`. The CRC is
    /// not checked here (see `verifyChecksum`).
    public static func open(
        bytes: UnsafeRawBufferPointer, fileName: String, expectedKind: FileKind,
        supportedVersion: UInt32 = NewsIndexVersion.format
    ) throws(NewsIndexError) -> UnsafeRawBufferPointer {
        let r = ByteReader(bytes, fileName: fileName)
        let size = bytes.count
        guard size >= headerSize else {
            throw NewsIndexError(.corrupt, "\(fileName): too short to be an index file (\(size) bytes; at least \(headerSize + footerSize) expected) at offset 0")
        }
        guard try r.getU32(at: 0) == headerMagic else {
            throw r.corrupt("not a newsidx index file (no \"NXIF\" magic)", at: 0)
        }
        let kind = FileKind(rawValue: try r.getU32(at: 4))
        guard kind == expectedKind else {
            throw r.corrupt("is a \"\(kind)\" file where a \"\(expectedKind)\" file was expected", at: 4)
        }
        let version = try r.getU32(at: 8)
        guard version == supportedVersion else {
            throw NewsIndexError(.unsupportedVersion, "\(fileName): index format version \(version); this newsidx reads version \(supportedVersion) — rebuild the index with `newsidx build`")
        }
        guard size >= headerSize + footerSize else {
            throw r.corrupt("truncated: \(size) bytes, too short for the footer (at least \(headerSize + footerSize) expected)", at: size)
        }
        let footer = size - footerSize
        guard try r.getU32(at: size - 4) == footerMagic else {
            throw r.corrupt("truncated or damaged: no \"NXEF\" end marker", at: size - 4)
        }
        let recorded = try r.getU64(at: footer)
        let actual = footer - headerSize
        guard recorded == UInt64(actual) else {
            throw r.corrupt("payload length \(recorded) recorded, but the file holds \(actual) (truncated or damaged)", at: footer)
        }
        return UnsafeRawBufferPointer(rebasing: bytes[headerSize..<footer])
    }

    /// Checks the frame of `bytes` and returns a reader over the payload whose messages give
    /// file offsets.
    public static func openReader(
        bytes: UnsafeRawBufferPointer, fileName: String, expectedKind: FileKind,
        supportedVersion: UInt32 = NewsIndexVersion.format, owner: AnyObject? = nil
    ) throws(NewsIndexError) -> ByteReader {
        let payload = try open(bytes: bytes, fileName: fileName, expectedKind: expectedKind, supportedVersion: supportedVersion)
        return ByteReader(payload, fileName: fileName, fileOffset: headerSize, owner: owner)
    }

    /// Recomputes the CRC of header + payload and compares it with the footer's (reads every
    /// byte). Also checks the footer magic and payload length, so it can run without `open`.
    /// Throws `.corrupt` on any mismatch.
    public static func verifyChecksum(bytes: UnsafeRawBufferPointer, fileName: String) throws(NewsIndexError) {
        let r = ByteReader(bytes, fileName: fileName)
        let size = bytes.count
        guard size >= headerSize + footerSize else {
            throw NewsIndexError(.corrupt, "\(fileName): too short to be an index file (\(size) bytes; at least \(headerSize + footerSize) expected) at offset 0")
        }
        guard try r.getU32(at: 0) == headerMagic else {
            throw r.corrupt("not a newsidx index file (no \"NXIF\" magic)", at: 0)
        }
        guard try r.getU32(at: size - 4) == footerMagic else {
            throw r.corrupt("truncated or damaged: no \"NXEF\" end marker", at: size - 4)
        }
        let footer = size - footerSize
        let recorded = try r.getU64(at: footer)
        guard recorded == UInt64(footer - headerSize) else {
            throw r.corrupt("payload length \(recorded) recorded, but the file holds \(footer - headerSize) (truncated or damaged)", at: footer)
        }
        let stored = try r.getU32(at: footer + 8)
        let computed = CRC32.checksum(UnsafeRawBufferPointer(rebasing: bytes[0..<footer]))
        guard stored == computed else {
            throw r.corrupt("checksum mismatch (stored \(hex(stored)), computed \(hex(computed))): the file is damaged", at: footer + 8)
        }
    }

    static func hex(_ v: UInt32) -> String {
        let s = String(v, radix: 16)
        return "0x" + String(repeating: "0", count: 8 - s.count) + s
    }
}

/// Builds an enveloped file as a stream: the header goes first, the caller appends the payload
/// to `payload`, `finish()` adds the footer.
///
///     var env = EnvelopeWriter(kind: .postings)          // or EnvelopeWriter.begin(kind:version:)
///     env.payload.append(varint: 42)                      // offsets: env.payloadPosition
///     try file.write(env.drain())                         // optional: hand over bytes so far
///     try file.write(env.finish())
///
/// `drain()` returns the bytes produced so far (header first) and empties `payload`, so a large
/// file never has to sit in memory whole; the CRC is updated as bytes are drained.
public struct EnvelopeWriter: Sendable {
    /// The payload not yet drained. Append to it; offsets within the payload are
    /// `payloadPosition`, not `payload.count`, once `drain()` has been used.
    public var payload: ByteWriter
    private var header: [UInt8]?
    private var crc = CRC32()
    private var drainedPayload = 0

    /// Starts a file of `kind` in format `version`.
    public init(kind: FileKind, version: UInt32 = NewsIndexVersion.format) {
        var h = ByteWriter(capacity: FileEnvelope.headerSize)
        h.append(u32: FileEnvelope.headerMagic)
        h.append(u32: kind.rawValue)
        h.append(u32: version)
        header = h.bytes
        payload = ByteWriter()
    }

    /// Starts a file of `kind` in format `version` (same as `init`).
    public static func begin(kind: FileKind, version: UInt32 = NewsIndexVersion.format) -> EnvelopeWriter {
        EnvelopeWriter(kind: kind, version: version)
    }

    /// The payload offset the next appended byte will have (drained bytes included).
    public var payloadPosition: Int { drainedPayload + payload.count }

    /// Returns the bytes not yet handed out (the header the first time), updating the CRC,
    /// and empties `payload`.
    public mutating func drain() -> [UInt8] {
        var out: [UInt8]
        if let h = header {
            out = h
            out.append(contentsOf: payload.bytes)
            header = nil
        } else {
            out = payload.bytes
        }
        crc.update(out)
        drainedPayload += payload.count
        payload.removeAll(keepingCapacity: true)
        return out
    }

    /// Returns the remaining bytes followed by the footer. The file is the concatenation of
    /// every `drain()` result and this one.
    public mutating func finish() -> [UInt8] {
        var out = drain()
        var f = ByteWriter(capacity: FileEnvelope.footerSize)
        f.append(u64: UInt64(drainedPayload))
        f.append(u32: crc.value)
        f.append(u32: FileEnvelope.footerMagic)
        out.append(contentsOf: f.bytes)
        return out
    }
}
