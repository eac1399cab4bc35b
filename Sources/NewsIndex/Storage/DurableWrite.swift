// Writing a new file durably: create (exclusive or truncating), write everything, fsync, close.
import Glibc

extension SystemCalls {
    /// How `writeFileDurably` treats an existing file.
    public enum WriteMode: Sendable {
        /// Fail if the file exists (O_EXCL): the usual case for write-once index files.
        case createNew
        /// Truncate and overwrite an existing file.
        case replaceExisting
    }

    /// Writes `bytes` to `path`, then fsyncs and closes it, so the content is on disk when this
    /// returns. (The folder entry is durable only after `syncDirectory`.) On failure a file this
    /// call created is removed. Throws `.io` naming `path`.
    public static func writeFileDurably(
        at path: String, bytes: some Collection<UInt8>, mode: WriteMode = .createNew
    ) throws {
        let flags = O_WRONLY | O_CREAT | (mode == .createNew ? O_EXCL : O_TRUNC)
        let fd = try openFile(path, flags)
        var failure: NewsIndexError?
        let written: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            failure = writeAll(fd, UnsafeRawBufferPointer(buffer), path)
        }
        if written == nil {
            let copy = Array(bytes)
            copy.withUnsafeBytes { failure = writeAll(fd, $0, path) }
        }
        if failure == nil {
            while fsync(fd) != 0 {
                if errno == EINTR { continue }
                failure = ioError(path, "fsync")
                break
            }
        }
        if close(fd) != 0, failure == nil, errno != EINTR { failure = ioError(path, "close") }
        if let failure {
            if mode == .createNew { unlink(path) }
            throw failure
        }
    }

    /// write(2) until every byte is written; nil on success, else the error.
    private static func writeAll(_ fd: Int32, _ buffer: UnsafeRawBufferPointer, _ path: String) -> NewsIndexError? {
        var done = 0
        while done < buffer.count {
            let result = write(fd, buffer.baseAddress! + done, buffer.count - done)
            if result < 0 {
                if errno == EINTR { continue }
                return ioError(path, "write")
            }
            done += result
        }
        return nil
    }
}
