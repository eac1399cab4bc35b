// The index folder: finding it, locking it for a build, cleaning leftovers, and the atomic commit.
import Glibc

/// An index folder held by a build: the lock is taken, leftovers of older generations and of
/// interrupted builds are gone, and `commit` switches the manifest atomically.
public final class IndexDirectory {
    public static let defaultName = ".newsidx"
    static let lockName = "LOCK"

    public let path: String
    /// The manifest in force when the build started (nil for a new index).
    public let current: Manifest?
    private var lock: FileLock?

    private init(path: String, current: Manifest?, lock: FileLock) {
        self.path = path
        self.current = current
        self.lock = lock
    }

    /// The generation the build will commit.
    public var nextGeneration: UInt64 { (current?.generation ?? 0) + 1 }

    /// The name of a segment written by generation `generation`.
    public static func segmentName(generation: UInt64, index: Int) -> String {
        let digits = String(generation)
        return "g" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits + "-" + String(index)
    }

    /// Creates the folder if needed, takes the build lock, reads the current manifest and removes
    /// every file the current manifest does not name (an older generation, which no reader can still
    /// be opening, or the leftovers of an interrupted build).
    public static func prepareForBuild(at path: String, wait: Bool) throws -> IndexDirectory {
        try SystemCalls.makeDirectory(at: path, withParents: true)
        let lockPath = path + "/" + lockName
        let lock = wait ? try FileLock.acquireWaiting(at: lockPath) : try FileLock.acquireOrThrow(at: lockPath)
        let current = try readManifest(in: path)
        var keep: Set<String> = [Manifest.fileName, lockName]
        for segment in current?.segments ?? [] { keep.formUnion(segment.fileNames) }
        for entry in try SystemCalls.listDirectory(at: path) {
            guard let name = entry.name, !keep.contains(name), isIndexFileName(name) else { continue }
            try SystemCalls.removeFile(at: path + "/" + name, ignoringMissing: true)
        }
        return IndexDirectory(path: path, current: current, lock: lock)
    }

    /// Names of files this program writes into an index folder (so nothing else is ever removed).
    static func isIndexFileName(_ name: String) -> Bool {
        if name.hasPrefix(Manifest.fileName + ".tmp") { return true }
        guard name.hasPrefix("g"), let dot = name.lastIndex(of: ".") else { return false }
        return SegmentFiles.extensions.contains(String(name[name.index(after: dot)...]))
    }

    /// The manifest of the index at `path`, or nil when there is none yet.
    public static func readManifest(in path: String) throws -> Manifest? {
        let manifestPath = path + "/" + Manifest.fileName
        guard try SystemCalls.statusIfExists(of: manifestPath) != nil else { return nil }
        return try Manifest(fileBytes: SystemCalls.readFile(at: manifestPath), fileName: manifestPath)
    }

    /// Makes `manifest` the index: written to a temporary name, fsynced, renamed over MANIFEST,
    /// then the folder fsynced. Returns the manifest's size.
    public func commit(_ manifest: Manifest) throws -> Int {
        let bytes = manifest.encoded()
        let temporary = path + "/" + Manifest.fileName + ".tmp"
        try SystemCalls.removeFile(at: temporary, ignoringMissing: true)
        let file = try StreamingFileWriter(path: temporary)
        try file.write(bytes)
        try file.finish()
        try SystemCalls.syncDirectory(at: path)
        CrashPoints.reached("sync folder before commit")
        try SystemCalls.rename(from: temporary, to: path + "/" + Manifest.fileName)
        CrashPoints.reached("rename manifest")
        try SystemCalls.syncDirectory(at: path)
        CrashPoints.reached("sync folder after commit")
        return bytes.count
    }

    /// Removes the runs a build wrote under the memory budget (their names start with `prefix`).
    func removeRuns(prefix: String) {
        guard let entries = try? SystemCalls.listDirectory(at: path) else { return }
        for entry in entries {
            guard let name = entry.name, name.hasPrefix(prefix + "-") else { continue }
            try? SystemCalls.removeFile(at: path + "/" + name, ignoringMissing: true)
        }
    }

    public func releaseLock() {
        lock?.release()
        lock = nil
    }

    /// Where commands look for the index: `explicit` (from --index), else NEWSIDX_INDEX, else the
    /// nearest `.newsidx` folder in the current folder or a parent (as git finds `.git`).
    public static func locate(explicit: String?) -> String? {
        if let explicit { return explicit }
        if let value = ProcessEnvironment.variable("NEWSIDX_INDEX") { return value }
        guard var folder = currentDirectory() else { return nil }
        while true {
            let candidate = (folder == "/" ? "" : folder) + "/" + defaultName
            if (try? SystemCalls.statusIfExists(of: candidate + "/" + Manifest.fileName)) ?? nil != nil { return candidate }
            if folder == "/" || folder.isEmpty { return nil }
            if let slash = folder.lastIndex(of: "/") {
                folder = slash == folder.startIndex ? "/" : String(folder[..<slash])
            } else {
                return nil
            }
        }
    }

    /// Where a build writes when no --index is given: NEWSIDX_INDEX, else `.newsidx` here.
    public static func defaultBuildPath() -> String {
        ProcessEnvironment.variable("NEWSIDX_INDEX") ?? defaultName
    }

    static func currentDirectory() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return nil }
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Seconds since 1970 (the manifest's build time).
    static func wallClockSeconds() -> Int64 { Int64(time(nil)) }
}
