// Folder and name operations: list a folder, make folders (with parents), remove, rename, fsync a folder.
import Glibc

/// One name in a folder listing, with the type readdir(3) reported when it knows it.
public struct DirectoryEntry: Sendable, Equatable {
    /// The raw name bytes (Linux names need not be UTF-8).
    public var nameBytes: [UInt8]
    /// The type from `d_type`; nil when the file system did not say (DT_UNKNOWN).
    /// `.symbolicLink` means the entry itself is a link: stat it to learn the target's type.
    public var kindHint: FileStatus.Kind?

    /// The name as a String, or nil when it is not valid UTF-8.
    public var name: String? { String(validating: nameBytes, as: UTF8.self) }
}

extension SystemCalls {
    /// The entries of the folder at `path` ("." and ".." left out), in no particular order.
    /// Throws `.io` if the folder cannot be opened or read (e.g. permission denied).
    public static func listDirectory(at path: String) throws -> [DirectoryEntry] {
        guard let dir = opendir(path) else { throw ioError(path, "open folder") }
        defer { closedir(dir) }
        var entries: [DirectoryEntry] = []
        while true {
            errno = 0
            guard let entry = readdir(dir) else {
                if errno != 0 { throw ioError(path, "read folder") }
                return entries
            }
            let nameBytes = withUnsafeBytes(of: &entry.pointee.d_name) { raw -> [UInt8] in
                let length = strnlen(raw.baseAddress!.assumingMemoryBound(to: CChar.self), raw.count)
                return Array(raw.prefix(length))
            }
            if nameBytes == [0x2E] || nameBytes == [0x2E, 0x2E] { continue }
            let hint: FileStatus.Kind?
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_REG): hint = .regular
            case Int32(DT_DIR): hint = .directory
            case Int32(DT_LNK): hint = .symbolicLink
            case Int32(DT_UNKNOWN): hint = nil
            default: hint = .other
            }
            entries.append(DirectoryEntry(nameBytes: nameBytes, kindHint: hint))
        }
    }

    /// Makes the folder `path`; with `withParents`, also its missing parents, and an existing
    /// folder is not an error (like `mkdir -p`). Throws `.io` otherwise.
    public static func makeDirectory(at path: String, withParents: Bool = true, mode: mode_t = 0o755) throws {
        if mkdir(path, mode) == 0 { return }
        let code = errno
        if code == EEXIST, withParents, try statusIfExists(of: path)?.isDirectory == true { return }
        guard withParents, code == ENOENT else { throw ioError(path, "make folder", code: code) }
        // Walk up to the nearest existing ancestor, then make each level downwards.
        var prefixes: [String] = []
        var bytes = Array(path.utf8)
        while bytes.count > 1, bytes.last == 0x2F { bytes.removeLast() }
        for index in bytes.indices where bytes[index] == 0x2F && index > 0 {
            prefixes.append(String(decoding: bytes[..<index], as: UTF8.self))
        }
        prefixes.append(String(decoding: bytes, as: UTF8.self))
        for prefix in prefixes {
            if mkdir(prefix, mode) == 0 { continue }
            let failure = errno
            if failure == EEXIST, try statusIfExists(of: prefix)?.isDirectory == true { continue }
            throw ioError(prefix, "make folder", code: failure)
        }
    }

    /// Removes the file `path`. With `ignoringMissing`, a missing file is not an error.
    public static func removeFile(at path: String, ignoringMissing: Bool = false) throws {
        if unlink(path) == 0 { return }
        if ignoringMissing, errno == ENOENT { return }
        throw ioError(path, "remove")
    }

    /// Renames `source` to `destination` atomically, replacing an existing destination file.
    public static func rename(from source: String, to destination: String) throws {
        guard Glibc.rename(source, destination) == 0 else {
            throw ioError(source, "rename to \(destination)")
        }
    }

    /// fsync(2) on the folder `path`, so renames and new names in it survive a crash.
    public static func syncDirectory(at path: String) throws {
        let fd = try openFile(path, O_RDONLY | O_DIRECTORY)
        defer { close(fd) }
        while fsync(fd) != 0 {
            if errno == EINTR { continue }
            // Some file systems cannot fsync folders; nothing more can be done there.
            if errno == EINVAL || errno == EROFS { return }
            throw ioError(path, "sync folder")
        }
    }
}

extension SystemCalls {
    /// The absolute path of `path` with links and "." / ".." resolved (realpath(3)), or nil.
    public static func resolvedPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
