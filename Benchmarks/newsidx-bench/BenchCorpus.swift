// The benchmark corpus (a folder, or a .jsonl file reached through a scratch folder), its texts,
// the scratch folder, and how results are printed.
import Glibc
import NewsIndex

/// A corpus to benchmark: the path given and a folder `newsidx build` accepts.
final class BenchCorpus {
    let path: String
    /// A folder to build from: `path` itself, or a scratch folder holding a link to the .jsonl file.
    let folder: String
    private var cachedTextBytes: Int?

    init(path: String, scratch: BenchScratch) throws {
        self.path = path
        if try SystemCalls.status(of: path).isDirectory {
            folder = path
        } else {
            let absolute = SystemCalls.resolvedPath(path) ?? path
            folder = scratch.path("corpus")
            try SystemCalls.makeDirectory(at: folder)
            guard symlink(absolute, folder + "/corpus.jsonl") == 0 else {
                throw NewsIndexError(.io, "cannot link \(absolute) into \(folder)")
            }
        }
    }

    /// Every article's title and body, in corpus order. Not kept: a child process started while
    /// this process is large would inherit its peak RSS (wait4 reports the larger of the two).
    func texts() throws -> [String] {
        var texts: [String] = []
        _ = try CorpusReader.read(root: folder) { document in
            texts.append(document.title)
            texts.append(document.body)
        }
        cachedTextBytes = texts.reduce(0) { $0 + $1.utf8.count }
        return texts
    }

    /// UTF-8 bytes of every title and body.
    func textBytes() throws -> Int {
        if let cachedTextBytes { return cachedTextBytes }
        var total = 0
        _ = try CorpusReader.read(root: folder) { document in total += document.title.utf8.count + document.body.utf8.count }
        cachedTextBytes = total
        return total
    }
}

/// The process's own memory figures from /proc/self/status, in bytes (0 when unknown).
enum OwnMemory {
    /// "VmHWM" (peak resident set of this program, since its exec) or "VmRSS" (now).
    static func bytes(_ field: String) -> Int {
        guard let bytes = try? SystemCalls.readFile(at: "/proc/self/status") else { return 0 }
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") where line.hasPrefix(field + ":") {
            let digits = line.dropFirst(field.count + 1).filter { $0.isNumber }
            return (Int(String(digits)) ?? 0) * 1024
        }
        return 0
    }
}

/// A scratch folder under /tmp for this run, removed at the end.
final class BenchScratch {
    let root: String

    init() throws {
        root = "/tmp/newsidx-bench-\(getpid())"
        try SystemCalls.makeDirectory(at: root)
    }

    func path(_ name: String) -> String { root + "/" + name }

    func remove(_ path: String) { _ = try? ChildProcess.run("/bin/rm", ["-rf", path]) }

    func removeAll() { remove(root) }
}

/// A named figure with its unit.
struct Figure {
    var name: String
    var value: Double
    var unit: String
}

/// One result: figures plus a checksum of what was computed.
struct BenchResult {
    var scenario: String
    var label: String = ""
    var figures: [Figure]
    var checksum: UInt64

    func print(json: Bool) {
        if json {
            var object = JSONObjectWriter()
            object.add("scenario", scenario)
            if !label.isEmpty { object.add("case", label) }
            for figure in figures {
                // Counts as JSON integers, measurements as decimals.
                if figure.value == figure.value.rounded() && abs(figure.value) < 9e15 && figure.unit.isEmpty || figure.unit == "B" {
                    object.add(figure.name, Int(figure.value))
                } else {
                    object.add(figure.name, figure.value)
                }
            }
            object.add("checksum", String(checksum, radix: 16))
            Swift.print(object.result)
        } else {
            Swift.print(label.isEmpty ? "\(scenario):" : "\(scenario) (\(label)):")
            for figure in figures {
                Swift.print("  \(figure.name.padding(28)) \(Self.format(figure.value)) \(figure.unit)")
            }
            Swift.print("  \("checksum".padding(28)) \(String(checksum, radix: 16))")
        }
    }

    /// Three significant-ish digits: 0.00123, 1.23, 12.3, 123, 12345.
    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "-" }
        let magnitude = abs(value)
        let places = magnitude >= 100 || magnitude == magnitude.rounded() && magnitude < 1e15 ? 0
            : magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : magnitude >= 0.01 ? 3 : 5
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let rounded = (magnitude * scale).rounded()
        let whole = Int(rounded / scale)
        let sign = value < 0 && rounded > 0 ? "-" : ""
        guard places > 0 else { return sign + String(whole) }
        let fraction = String(Int(rounded - Double(whole) * scale))
        return sign + String(whole) + "." + String(repeating: "0", count: places - fraction.count) + fraction
    }
}

extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
