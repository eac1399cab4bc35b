// Has the corpus changed since the index was built? A bounded check for `newsidx search`: the hits'
// own source files, a rotating sample of other files, and the folder listings of the corpus root
// and of the hits' folders; never a full rescan.
import Glibc

/// What `StaleIndex.check` found.
public struct StaleIndexReport: Sendable {
    /// The changes seen, in plain words ("wikinews/a.txt changed", "new file b.txt", ...).
    public var changes: [String] = []
    /// Source files whose size and time were compared.
    public var filesChecked = 0
    /// Folders listed.
    public var foldersListed = 0
    /// The corpus folder the index was built from.
    public var corpusRoot = ""

    /// True when a change was seen.
    public var isStale: Bool { !changes.isEmpty }

    /// One line for stderr, or nil when nothing changed: what changed (the first few), and the
    /// command that updates the index.
    public var message: String? {
        guard isStale else { return nil }
        let shown = changes.prefix(3).joined(separator: ", ")
        let more = changes.count > 3 ? " and \(changes.count - 3) more" : ""
        let text = "warning: the corpus changed since the index was built (\(shown)\(more)); "
            + "results may be out of date: run `newsidx build \(corpusRoot)` to update the index"
        return TerminalText.sanitized(text, singleLine: true)
    }
}

/// The stale-index check of `newsidx search`.
public enum StaleIndex {
    /// Limits that keep the check cheap whatever the corpus size.
    public struct Budget: Sendable {
        /// Hits whose source files are checked (the first ones).
        public var hitFiles = 20
        /// Other files checked, spread over the file table from a rotating start.
        public var sampledFiles = 24
        /// Folders listed: the root, then the hits' folders.
        public var folders = 8
        /// Files of the same size but another time are hashed (a `touch` is no change) up to this size.
        public var hashLimitBytes: Int64 = 8 << 20

        public init() {}
    }

    /// Checks the corpus of `reader`'s index against what the index recorded. `hits` are the
    /// global doc IDs of the search's hits; `sampleStart` chooses where the sample of other files
    /// starts (vary it, e.g. with the time, so repeated searches look at different files).
    public static func check(
        reader: IndexReader, hits: [Int32], sampleStart: Int = Int(truncatingIfNeeded: time(nil)),
        budget: Budget = Budget()
    ) -> StaleIndexReport {
        var report = StaleIndexReport()
        let root = reader.manifest.corpusRoot
        report.corpusRoot = root
        guard let rootStatus = try? SystemCalls.statusIfExists(of: root), rootStatus.isDirectory else {
            report.changes.append("the corpus folder \(root) is gone")
            return report
        }
        let tables = reader.segments.map { (try? $0.storedSourceFiles()) ?? [] }
        let files = FileTables(tables: tables)
        // The commit's time to the nanosecond: the MANIFEST's (the manifest's own build time is in seconds).
        let buildTimeNanoseconds = (try? SystemCalls.statusIfExists(of: reader.path + "/" + Manifest.fileName))?
            .modificationTimeNanoseconds ?? reader.manifest.buildTime &* 1_000_000_000
        let indexFolder = try? SystemCalls.statusIfExists(of: reader.path)
        var seen = Set<String>()

        func checkFile(_ relativePath: String) {
            guard seen.insert(relativePath).inserted, let recorded = files.latest(relativePath) else { return }
            report.filesChecked += 1
            let path = join(root, relativePath)
            guard let status = try? SystemCalls.statusIfExists(of: path) else {
                report.changes.append("\(relativePath) deleted")
                return
            }
            if status.size == recorded.size && status.modificationTimeNanoseconds == recorded.modificationTimeNanoseconds { return }
            if status.size == recorded.size, status.size <= budget.hashLimitBytes,
               let bytes = try? SystemCalls.readFile(at: path),
               bytes.withUnsafeBytes({ XXHash64.hash($0) }) == recorded.contentHash {
                return  // touched, not changed
            }
            report.changes.append("\(relativePath) changed")
        }

        // The hits' own files, and their folders.
        var folders: [String] = [""]
        for doc in hits.prefix(budget.hitFiles) {
            guard doc >= 0, Int(doc) < reader.documentCount,
                  let stored = try? reader.storedDocument(doc),
                  let file = try? reader.sourceFile(of: stored, doc: doc) else { continue }
            checkFile(file.relativePath)
            let folder = parentFolder(file.relativePath)
            if !folders.contains(folder) { folders.append(folder) }
        }
        // A sample of the other files, evenly spread from a rotating start.
        let total = files.count
        if total > 0 {
            let wanted = min(budget.sampledFiles, total)
            let stride = max(1, total / wanted)
            let start = ((sampleStart % total) + total) % total
            for step in 0..<wanted {
                checkFile(files.file(at: (start + step * stride) % total).relativePath)
            }
        }
        // Folder listings: articles added or removed.
        for folder in folders.prefix(budget.folders) {
            report.foldersListed += 1
            compareListing(folder: folder, root: root, files: files, createdAfter: buildTimeNanoseconds,
                           indexFolder: indexFolder, into: &report)
        }
        return report
    }

    /// Compares the entries of `folder` (relative; "" is the root) with the file table: article
    /// files and folders that appeared after the build, and recorded ones that are gone.
    static func compareListing(
        folder: String, root: String, files: FileTables, createdAfter buildTime: Int64, indexFolder: FileStatus?,
        into report: inout StaleIndexReport
    ) {
        let absolute = folder.isEmpty ? root : join(root, folder)
        guard let entries = try? SystemCalls.listDirectory(at: absolute) else {
            if !folder.isEmpty { report.changes.append("folder \(folder) gone") }
            return
        }
        // A huge flat folder would make this a rescan: its files are left to the sample.
        guard entries.count <= 10_000 else { return }
        let prefix = folder.isEmpty ? "" : folder + "/"
        var present = Set<String>()
        for entry in entries {
            guard entry.nameBytes.first != 0x2E, let name = entry.name, !name.isEmpty else { continue }
            present.insert(name)
            let relative = prefix + name
            let isArticle = (name.utf8.count > 4 && name.hasSuffix(".txt")) || (name.utf8.count > 6 && name.hasSuffix(".jsonl"))
            if isArticle {
                if files.contains(relative) { continue }
            } else if entry.kindHint == .regular || entry.kindHint == .other {
                continue
            } else if files.containsFolder(relative) {
                continue
            }
            // Not in the index: new only if it appeared after the commit (file times are coarse: the same
            // tick counts as after). An empty or binary file, or a
            // folder without articles, is never in the index, and must not warn forever).
            guard let changed = changeTime(join(root, relative)), changed >= buildTime else { continue }
            if !isArticle {
                // A folder; not the index itself (`newsidx build . --index idx` puts it in the corpus,
                // and every commit changes it).
                guard let status = try? SystemCalls.statusIfExists(of: join(root, relative)), status.isDirectory,
                      !(status.device == indexFolder?.device && status.inode == indexFolder?.inode) else { continue }
            }
            report.changes.append(isArticle ? "new file \(relative)" : "new folder \(relative)")
        }
        for child in files.children(of: prefix) where !present.contains(child.name) {
            report.changes.append(child.isFolder ? "folder \(prefix + child.name) gone" : "\(prefix + child.name) deleted")
        }
    }

    /// The status-change time (ctime: creation, rename, write) of `path` in nanoseconds, following links.
    static func changeTime(_ path: String) -> Int64? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Int64(info.st_ctim.tv_sec) &* 1_000_000_000 &+ Int64(info.st_ctim.tv_nsec)
    }

    static func join(_ root: String, _ relative: String) -> String {
        root.hasSuffix("/") ? root + relative : root + "/" + relative
    }

    static func parentFolder(_ relativePath: String) -> String {
        guard let slash = relativePath.utf8.lastIndex(of: 0x2F) else { return "" }
        return String(relativePath[..<slash])
    }
}

/// The source-file tables of all segments, each sorted by relative path (byte-wise, the corpus
/// order), searched by bisection. A path in several segments: the last segment's record wins.
struct FileTables {
    let tables: [[StoredSourceFile]]
    /// For a table that is not sorted (not expected): its paths, for lookups without bisection.
    private let unsorted: [[String: StoredSourceFile]?]

    init(tables: [[StoredSourceFile]]) {
        self.tables = tables
        unsorted = tables.map { table in
            Self.isSorted(table) ? nil : Dictionary(table.map { ($0.relativePath, $0) }, uniquingKeysWith: { $1 })
        }
    }

    var count: Int { tables.reduce(0) { $0 + $1.count } }

    /// The `index`-th file over all tables (0 ..< count).
    func file(at index: Int) -> StoredSourceFile {
        var rest = index
        for table in tables {
            if rest < table.count { return table[rest] }
            rest -= table.count
        }
        return tables.last!.last!
    }

    /// The first position in `table` whose path is not below `key` (byte-wise).
    static func lowerBound(_ table: [StoredSourceFile], _ key: String) -> Int {
        var low = 0, high = table.count
        while low < high {
            let middle = (low + high) / 2
            if table[middle].relativePath.utf8.lexicographicallyPrecedes(key.utf8) { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The latest record of `relativePath`.
    func latest(_ relativePath: String) -> StoredSourceFile? {
        for (table, lookup) in zip(tables, unsorted).reversed() {
            if let lookup {
                if let found = lookup[relativePath] { return found }
                continue
            }
            let at = Self.lowerBound(table, relativePath)
            if at < table.count, table[at].relativePath == relativePath { return table[at] }
        }
        return nil
    }

    func contains(_ relativePath: String) -> Bool { latest(relativePath) != nil }

    /// Whether some recorded file lies under `folder` (relative, no trailing slash).
    func containsFolder(_ folder: String) -> Bool {
        let prefix = folder + "/"
        for (table, lookup) in zip(tables, unsorted) {
            if lookup != nil {
                if table.contains(where: { $0.relativePath.hasPrefix(prefix) }) { return true }
                continue
            }
            let at = Self.lowerBound(table, prefix)
            if at < table.count, table[at].relativePath.hasPrefix(prefix) { return true }
        }
        return false
    }

    /// The direct children (files and folders) recorded under `prefix` ("" or "folder/"), found by
    /// jumping over each child's subtree.
    func children(of prefix: String) -> [(name: String, isFolder: Bool)] {
        var result: [String: Bool] = [:]
        for (table, lookup) in zip(tables, unsorted) {
            if lookup != nil {
                for file in table where file.relativePath.hasPrefix(prefix) {
                    let rest = file.relativePath.utf8.dropFirst(prefix.utf8.count)
                    if let slash = rest.firstIndex(of: 0x2F) {
                        result[String(Substring(rest[..<slash]))] = true
                    } else if result[String(Substring(rest))] == nil {
                        result[String(Substring(rest))] = false
                    }
                }
                continue
            }
            var at = Self.lowerBound(table, prefix)
            var steps = 0
            while at < table.count, table[at].relativePath.hasPrefix(prefix), steps < 100_000 {
                steps += 1
                let rest = table[at].relativePath.utf8.dropFirst(prefix.utf8.count)
                if let slash = rest.firstIndex(of: 0x2F) {
                    let name = String(Substring(rest[..<slash]))
                    result[name] = true
                    // Past every path starting with "prefix/name/": '/' + 1 is '0'.
                    at = Self.lowerBound(table, prefix + name + "0")
                } else {
                    let name = String(Substring(rest))
                    if result[name] == nil { result[name] = false }
                    at += 1
                }
            }
        }
        return result.map { ($0.key, $0.value) }.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
    }

    static func isSorted(_ table: [StoredSourceFile]) -> Bool {
        zip(table, table.dropFirst()).allSatisfy { !$1.relativePath.utf8.lexicographicallyPrecedes($0.relativePath.utf8) }
    }
}
