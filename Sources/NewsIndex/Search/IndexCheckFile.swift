// IndexCheckFile: one index file read whole for IndexChecker (ordinary reads, never mapped), its
// envelope and CRC verified, its payload located.

/// A problem found while checking, thrown inside the checker and recorded in the report.
struct IndexCheckFailure: Error {
    let problem: IndexCheckProblem

    init(_ file: String, at offset: Int?, _ message: String) {
        problem = IndexCheckProblem(file: file, offset: offset, message: message)
    }
}

/// An index file's bytes, owned (copied out of the read buffer so pointers stay valid for as
/// long as this object lives), with the payload between the envelope's header and footer.
final class IndexCheckFile {
    /// The name inside the index folder (used in every message).
    let name: String
    private let storage: UnsafeMutableRawBufferPointer
    /// The whole file.
    let bytes: UnsafeRawBufferPointer
    /// The payload (file offsets `FileEnvelope.headerSize ..< size - footerSize`).
    let payload: UnsafeRawBufferPointer

    private init(name: String, contents: [UInt8]) {
        self.name = name
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(contents.count, 1), alignment: 8)
        contents.withUnsafeBytes { storage.copyMemory(from: $0) }
        self.storage = storage
        bytes = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(storage)[0..<contents.count])
        let end = max(FileEnvelope.headerSize, contents.count - FileEnvelope.footerSize)
        payload = UnsafeRawBufferPointer(rebasing: bytes[min(FileEnvelope.headerSize, contents.count)..<min(end, contents.count)])
    }

    deinit { storage.deallocate() }

    /// A reader over the payload whose messages name the file and give file offsets.
    var reader: ByteReader {
        ByteReader(payload, fileName: name, fileOffset: FileEnvelope.headerSize, owner: self)
    }

    /// Reads `directory/name`, verifies its CRC-32, then its envelope (magics, kind, version,
    /// payload length). Throws the file's first problem.
    static func load(directory: String, name: String, kind: FileKind) throws(IndexCheckFailure) -> IndexCheckFile {
        let contents: [UInt8]
        do {
            guard try SystemCalls.statusIfExists(of: directory + "/" + name) != nil else {
                throw IndexCheckFailure(name, at: nil, "missing (the MANIFEST names it)")
            }
            contents = try SystemCalls.readFile(at: directory + "/" + name)
        } catch let failure as IndexCheckFailure {
            throw failure
        } catch let error as NewsIndexError {
            throw IndexCheckFailure(name, at: nil, "cannot be read: \(error.message)")
        } catch {
            throw IndexCheckFailure(name, at: nil, "cannot be read: \(error)")
        }
        let file = IndexCheckFile(name: name, contents: contents)
        do throws(NewsIndexError) {
            try FileEnvelope.verifyChecksum(bytes: file.bytes, fileName: name)
            _ = try FileEnvelope.open(bytes: file.bytes, fileName: name, expectedKind: kind)
        } catch {
            throw IndexCheckFailure(problem: IndexChecker.problem(from: error, file: name))
        }
        return file
    }
}

extension IndexCheckFailure {
    init(problem: IndexCheckProblem) { self.problem = problem }

    /// The failure of `file` for an error thrown by a reader over it.
    init(_ error: NewsIndexError, file: String) { problem = IndexChecker.problem(from: error, file: file) }
}
