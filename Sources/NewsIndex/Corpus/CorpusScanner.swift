// Finding the corpus files: a recursive, sorted walk that follows links, detects loops, warns and goes on.

/// Lists the `.txt` and `.jsonl` files under a corpus folder.
public enum CorpusScanner {
    /// Walks `root` recursively and returns its `.txt` and `.jsonl` files sorted by relative path
    /// (byte-wise), with warnings for what was skipped. Hidden files and folders (name starting
    /// with '.') are skipped silently; symbolic links are followed, but a link back to a folder on
    /// the current path (a loop), a broken link, an unreadable folder or a name that is not UTF-8
    /// is warned about and skipped. Walks with an explicit stack, so any depth is safe.
    /// Throws `.invalidInput` when `root` does not exist or is not a folder.
    public static func scan(root: String) throws -> (files: [SourceFile], warnings: [CorpusWarning]) {
        let rootStatus: FileStatus
        switch try? SystemCalls.statusIfExists(of: root) {
        case let status? where status.isDirectory:
            rootStatus = status
        case .some:
            throw NewsIndexError(
                .invalidInput, "\(root): not a folder (no such folder to scan); give the folder that holds the .txt or .jsonl articles")
        default:
            throw NewsIndexError(
                .invalidInput, "\(root): no such folder; give the folder that holds the .txt or .jsonl articles")
        }
        let rootPath = SystemCalls.resolvedPath(root) ?? root
        // Listing the root itself must work: an unreadable root is an error, not a warning.
        _ = try SystemCalls.listDirectory(at: rootPath)

        struct FolderKey: Hashable {
            var device: UInt64
            var inode: UInt64
        }
        enum Step {
            case enter(absolute: String, relative: String, key: FolderKey)
            case leave(FolderKey)
        }
        var files: [SourceFile] = []
        var warnings: [CorpusWarning] = []
        var onPath = Set<FolderKey>()
        var stack: [Step] = [
            .enter(absolute: rootPath, relative: "", key: FolderKey(device: rootStatus.device, inode: rootStatus.inode))
        ]
        while let step = stack.popLast() {
            guard case .enter(let folder, let relativeFolder, let key) = step else {
                if case .leave(let key) = step { onPath.remove(key) }
                continue
            }
            let shownFolder = relativeFolder.isEmpty ? "." : relativeFolder
            let entries: [DirectoryEntry]
            do {
                entries = try SystemCalls.listDirectory(at: folder)
            } catch let error as NewsIndexError {
                warnings.append(CorpusWarning(path: shownFolder, message: "cannot read folder (\(error.message)), skipped"))
                continue
            }
            onPath.insert(key)
            stack.append(.leave(key))
            var subfolders: [Step] = []
            let handle = DirectoryHandle(path: folder)
            for entry in entries {
                guard entry.nameBytes.first != 0x2E else { continue }  // hidden
                guard let name = entry.name, !name.isEmpty else {
                    let shown = String(decoding: entry.nameBytes, as: UTF8.self)
                    warnings.append(
                        CorpusWarning(
                            path: relativeFolder.isEmpty ? shown : relativeFolder + "/" + shown,
                            message: "file name is not valid UTF-8, skipped"))
                    continue
                }
                let relative = relativeFolder.isEmpty ? name : relativeFolder + "/" + name
                let absolute = folder.hasSuffix("/") ? folder + name : folder + "/" + name
                let kind: SourceKind? =
                    name.utf8.count > 4 && name.hasSuffix(".txt") ? .text
                    : name.utf8.count > 6 && name.hasSuffix(".jsonl") ? .jsonLines : nil
                // A regular file that is not an article needs no stat.
                if kind == nil, entry.kindHint == .regular || entry.kindHint == .other { continue }
                let status: FileStatus
                do {
                    guard let found = try handle?.statusIfExists(ofEntry: name) ?? SystemCalls.statusIfExists(of: absolute) else {
                        warnings.append(CorpusWarning(path: relative, message: "broken symbolic link, skipped"))
                        continue
                    }
                    status = found
                } catch let error as NewsIndexError {
                    warnings.append(CorpusWarning(path: relative, message: "cannot stat (\(error.message)), skipped"))
                    continue
                }
                if status.isDirectory {
                    let childKey = FolderKey(device: status.device, inode: status.inode)
                    if onPath.contains(childKey) {
                        warnings.append(
                            CorpusWarning(
                                path: relative,
                                message: "symbolic link loop (leads back to a folder above it), skipped"))
                        continue
                    }
                    subfolders.append(.enter(absolute: absolute, relative: relative, key: childKey))
                } else if kind != nil, !status.isRegularFile {
                    warnings.append(CorpusWarning(path: relative, message: "not a regular file, skipped"))
                } else if let kind {
                    files.append(
                        SourceFile(
                            relativePath: relative, absolutePath: absolute, size: status.size,
                            modificationTimeNanoseconds: status.modificationTimeNanoseconds, kind: kind))
                }
            }
            stack.append(contentsOf: subfolders)
        }
        files.sort { ByteCompare.precedes($0.relativePath, $1.relativePath) }
        warnings.sort { ByteCompare.precedes($0.path, $1.path) }
        return (files, warnings)
    }
}
