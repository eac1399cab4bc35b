// The MANIFEST file: which segment files make up the index now. Replacing it by rename is the commit.

/// One segment named by the manifest: its files are `NAME.tdic`, `.post`, `.posn`, `.docs`, `.stor`.
public struct SegmentEntry: Equatable, Sendable {
    public var name: String
    public var documentCount: Int

    public init(name: String, documentCount: Int) {
        self.name = name
        self.documentCount = documentCount
    }

    /// The file names of the segment, in a fixed order.
    public var fileNames: [String] { SegmentFiles.extensions.map { name + "." + $0 } }
}

/// The file-name extensions of a segment's files.
public enum SegmentFiles {
    public static let extensions = ["tdic", "post", "posn", "docs", "stor"]
}

/// The manifest payload:
///
///     Manifest --> Generation u64, BuildTime i64 (Unix seconds), CorpusRoot String,
///                  AnalyzerFlags u32 (bit 0: stemming), SegmentCount varint, Segment^SegmentCount
///     Segment  --> Name String, DocCount varint
///     String   --> Length varint, UTF-8 bytes
public struct Manifest: Equatable, Sendable {
    public static let fileName = "MANIFEST"

    public var generation: UInt64
    public var buildTime: Int64
    public var corpusRoot: String
    public var stemming: Bool
    public var segments: [SegmentEntry]

    public init(generation: UInt64, buildTime: Int64, corpusRoot: String, stemming: Bool, segments: [SegmentEntry]) {
        self.generation = generation
        self.buildTime = buildTime
        self.corpusRoot = corpusRoot
        self.stemming = stemming
        self.segments = segments
    }

    public var documentCount: Int { segments.reduce(0) { $0 + $1.documentCount } }

    /// The whole file: envelope around the payload.
    public func encoded() -> [UInt8] {
        var writer = EnvelopeWriter(kind: .manifest)
        writer.payload.append(u64: generation)
        writer.payload.append(u64: UInt64(bitPattern: buildTime))
        writer.payload.append(string: corpusRoot)
        writer.payload.append(u32: stemming ? 1 : 0)
        writer.payload.append(varint: UInt64(segments.count))
        for segment in segments {
            writer.payload.append(string: segment.name)
            writer.payload.append(varint: UInt64(segment.documentCount))
        }
        return writer.finish()
    }

    /// Parses a whole manifest file (envelope checked, CRC too: the file is small).
    public init(fileBytes: [UInt8], fileName: String) throws(NewsIndexError) {
        var result: Result<Manifest, NewsIndexError>!
        fileBytes.withUnsafeBytes { bytes in
            do throws(NewsIndexError) {
                try FileEnvelope.verifyChecksum(bytes: bytes, fileName: fileName)
                let payload = try FileEnvelope.open(bytes: bytes, fileName: fileName, expectedKind: .manifest)
                result = .success(try Manifest.parse(payload: payload, fileName: fileName))
            } catch {
                result = .failure(error)
            }
        }
        self = try result.get()
    }

    private static func parse(payload: UnsafeRawBufferPointer, fileName: String) throws(NewsIndexError) -> Manifest {
        var reader = ByteReader(payload, fileName: fileName)
        let generation = try reader.readU64()
        let buildTime = Int64(bitPattern: try reader.readU64())
        let root = try reader.readString()
        let flags = try reader.readU32()
        let count = try reader.readVarint()
        guard count <= 100_000 else { throw reader.corrupt("segment count \(count) too large", at: reader.position) }
        var segments: [SegmentEntry] = []
        for _ in 0..<count {
            let name = try reader.readString()
            guard !name.isEmpty, !name.contains("/"), !name.hasPrefix(".") else {
                throw reader.corrupt("bad segment name '\(name)'", at: reader.position)
            }
            let documents = try reader.readVarint()
            guard documents <= UInt64(Int32.max) else { throw reader.corrupt("segment document count too large", at: reader.position) }
            segments.append(SegmentEntry(name: name, documentCount: Int(documents)))
        }
        guard reader.isAtEnd else { throw reader.corrupt("unexpected bytes after the segment list", at: reader.position) }
        return Manifest(generation: generation, buildTime: buildTime, corpusRoot: root, stemming: flags & 1 == 1, segments: segments)
    }

}
