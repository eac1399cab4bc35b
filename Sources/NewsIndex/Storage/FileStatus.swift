// File metadata from stat(2)/lstat(2): size, modification time in nanoseconds, kind, device and inode.
import Glibc

/// What stat(2) says about a file.
public struct FileStatus: Sendable, Equatable {
    /// The type of a file system entry.
    public enum Kind: Sendable, Equatable {
        /// A regular file, a folder, a symbolic link, or anything else (device, FIFO, socket).
        case regular, directory, symbolicLink, other
    }

    /// Size in bytes.
    public var size: Int64
    /// Last modification time, nanoseconds since 1970-01-01 UTC.
    public var modificationTimeNanoseconds: Int64
    /// Regular file, directory, symbolic link (only when not following links) or other.
    public var kind: Kind
    /// Device number; with `inode` it identifies the file (used to detect folder loops).
    public var device: UInt64
    /// Inode number.
    public var inode: UInt64

    /// Whether `kind` is `.regular`.
    public var isRegularFile: Bool { kind == .regular }
    /// Whether `kind` is `.directory`.
    public var isDirectory: Bool { kind == .directory }
    /// Whether `kind` is `.symbolicLink` (only seen with `followSymbolicLinks: false`).
    public var isSymbolicLink: Bool { kind == .symbolicLink }

    init(_ info: stat) {
        size = Int64(info.st_size)
        modificationTimeNanoseconds = Int64(info.st_mtim.tv_sec) &* 1_000_000_000 &+ Int64(info.st_mtim.tv_nsec)
        switch info.st_mode & S_IFMT {
        case S_IFREG: kind = .regular
        case S_IFDIR: kind = .directory
        case S_IFLNK: kind = .symbolicLink
        default: kind = .other
        }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}

extension SystemCalls {
    /// The status of `path`. With `followSymbolicLinks` (the default) a link reports its target
    /// (stat); without, the link itself (lstat). Throws `.io` (e.g. no such file).
    public static func status(of path: String, followSymbolicLinks: Bool = true) throws -> FileStatus {
        guard let status = try statusIfExists(of: path, followSymbolicLinks: followSymbolicLinks) else {
            throw ioError(path, "stat", code: ENOENT)
        }
        return status
    }

    /// Like `status(of:)`, but nil when the path does not exist (ENOENT or ENOTDIR).
    public static func statusIfExists(of path: String, followSymbolicLinks: Bool = true) throws -> FileStatus? {
        var info = stat()
        let result = followSymbolicLinks ? stat(path, &info) : lstat(path, &info)
        if result == 0 { return FileStatus(info) }
        if errno == ENOENT || errno == ENOTDIR { return nil }
        throw ioError(path, "stat")
    }
}

/// An open folder for looking up the status of its entries by name (fstatat), which spares the
/// kernel walking the whole path again for each of thousands of files.
public final class DirectoryHandle {
    private let descriptor: Int32
    public let path: String

    /// Opens `path` as a folder; nil when it cannot be opened (callers fall back to full paths).
    public init?(path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        descriptor = fd
        self.path = path
    }

    deinit { close(descriptor) }

    /// The status of entry `name` (links followed); nil when it does not exist. Throws `.io`.
    public func statusIfExists(ofEntry name: String) throws -> FileStatus? {
        var info = stat()
        if fstatat(descriptor, name, &info, 0) == 0 { return FileStatus(info) }
        if errno == ENOENT || errno == ENOTDIR { return nil }
        throw SystemCalls.ioError(path + "/" + name, "stat")
    }
}
