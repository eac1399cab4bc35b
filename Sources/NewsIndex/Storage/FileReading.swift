// Reading files with ordinary read(2)/pread(2) calls (not mmap, so corpus pages stay out of RSS).
import Glibc

extension SystemCalls {
    /// The whole content of the file at `path`, read with read(2).
    /// Throws `.io` if the file cannot be opened or read.
    public static func readFile(at path: String) throws -> [UInt8] {
        let fd = try openFile(path, O_RDONLY)
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw ioError(path, "stat") }
        // One read loop into uninitialized storage sized from stat (+1 to see the end of file);
        // a file that grew meanwhile continues in 64 KiB chunks.
        var failure: Int32 = 0
        let expected = max(Int(info.st_size), 0) + 1
        var bytes = [UInt8](unsafeUninitializedCapacity: expected) { buffer, initialized in
            initialized = 0
            while initialized < expected {
                let got = read(fd, buffer.baseAddress! + initialized, expected - initialized)
                if got < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                if got == 0 { return }
                initialized += got
            }
        }
        if failure != 0 { throw ioError(path, "read", code: failure) }
        guard bytes.count == expected else { return bytes }
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let got = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if got < 0 {
                if errno == EINTR { continue }
                throw ioError(path, "read")
            }
            if got == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<got])
        }
    }

    /// `length` bytes of the file at `path` starting at byte `offset`, read with pread(2).
    /// Throws `.io` if the file cannot be read or ends before `offset + length`.
    public static func readRange(at path: String, offset: Int, length: Int) throws -> [UInt8] {
        guard offset >= 0, length >= 0, offset <= Int.max - length else {
            throw NewsIndexError(.invalidInput, "\(path): invalid byte range \(offset)+\(length)")
        }
        let fd = try openFile(path, O_RDONLY)
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: length)
        try bytes.withUnsafeMutableBytes { try readRange(fd, path: path, offset: offset, into: $0) }
        return bytes
    }

    /// Fills `buffer` with the bytes of the open file `fd` (named `path`) from byte `offset` on,
    /// with pread(2). Throws `.io` if the file cannot be read or ends before the buffer is full.
    static func readRange(_ fd: Int32, path: String, offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws {
        let length = buffer.count
        var count = 0
        while count < length {
            let got = pread(fd, buffer.baseAddress! + count, length - count, off_t(offset + count))
            if got < 0 {
                if errno == EINTR { continue }
                throw ioError(path, "read")
            }
            if got == 0 {
                throw NewsIndexError(
                    .io,
                    "\(path): file ends at byte \(offset + count), expected \(offset + length) bytes; "
                        + "the file changed since it was indexed: rebuild the index")
            }
            count += got
        }
    }
}
