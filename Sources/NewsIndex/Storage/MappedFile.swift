// A whole read-only file mapped into memory (mmap PROT_READ, MAP_PRIVATE), unmapped on deinit.
import Glibc

/// A read-only memory mapping of a whole file. Map only write-once files: a file truncated
/// under a live mapping raises SIGBUS when the lost pages are touched.
/// A zero-length file is not mapped at all (mmap rejects length 0): `bytes` is then empty.
public final class MappedFile: @unchecked Sendable {
    /// The path the file was opened with (for error messages).
    public let path: String
    /// The mapped bytes; valid as long as this object lives.
    public let bytes: UnsafeRawBufferPointer

    /// The number of mapped bytes (the file size at open time).
    public var count: Int { bytes.count }

    /// Maps the file at `path`. Throws `.io` if it cannot be opened, stat'ed or mapped.
    public init(path: String) throws {
        self.path = path
        let fd = try SystemCalls.openFile(path, O_RDONLY)
        defer { close(fd) }  // the mapping stays valid after the descriptor is closed
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw SystemCalls.ioError(path, "stat") }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw NewsIndexError(.io, "\(path): not a regular file, cannot map it")
        }
        let size = Int(info.st_size)
        if size <= 0 {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0)
        guard let address, address != MAP_FAILED else { throw SystemCalls.ioError(path, "mmap") }
        bytes = UnsafeRawBufferPointer(start: address, count: size)
    }

    /// Lets the kernel drop the pages of `bytes[0..<offset]` (they are read again from the file if
    /// touched): a sequential reader of a large file keeps its resident memory small this way.
    public func releasePages(before offset: Int) {
        let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
        let end = min(offset, bytes.count) / pageSize * pageSize
        guard end > 0, let base = bytes.baseAddress else { return }
        madvise(UnsafeMutableRawPointer(mutating: base), end, MADV_DONTNEED)
    }

    deinit {
        if let base = bytes.baseAddress {
            munmap(UnsafeMutableRawPointer(mutating: base), bytes.count)
        }
    }
}
