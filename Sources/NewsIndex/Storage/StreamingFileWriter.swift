// Writing a new file in pieces (for index files too large to build in memory), then fsync and close.
import Glibc

/// A new file written chunk by chunk. `finish` fsyncs and closes it; if the writer is dropped
/// unfinished (an error on the way), the partial file is closed and removed.
public final class StreamingFileWriter {
    public let path: String
    private var descriptor: Int32
    public private(set) var bytesWritten = 0

    /// Creates `path`, which must not exist yet.
    public init(path: String) throws {
        self.path = path
        descriptor = try SystemCalls.openFile(path, O_WRONLY | O_CREAT | O_EXCL)
    }

    deinit {
        if descriptor >= 0 {
            close(descriptor)
            unlink(path)
        }
    }

    public func write(_ bytes: [UInt8]) throws {
        try FaultInjection.check(path: path, operation: "write")
        try bytes.withUnsafeBytes { buffer in
            var done = 0
            while done < buffer.count {
                let result = Glibc.write(descriptor, buffer.baseAddress! + done, buffer.count - done)
                if result < 0 {
                    if errno == EINTR { continue }
                    throw SystemCalls.ioError(path, "write")
                }
                done += result
            }
        }
        bytesWritten += bytes.count
        CrashPoints.reached("write \(path)")
    }

    /// fsyncs and closes the file.
    public func finish() throws {
        try FaultInjection.check(path: path, operation: "fsync")
        while fsync(descriptor) != 0 {
            if errno == EINTR { continue }
            throw SystemCalls.ioError(path, "fsync")
        }
        let fd = descriptor
        descriptor = -1
        if close(fd) != 0 && errno != EINTR { throw SystemCalls.ioError(path, "close") }
        CrashPoints.reached("fsync \(path)")
    }
}
