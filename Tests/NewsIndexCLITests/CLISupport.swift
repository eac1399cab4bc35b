// Support for the CLI tests: finding the built `newsidx`, running it, temporary corpora.
import Foundation
import Testing

/// The result of one run of the binary.
struct RunResult: CustomStringConvertible {
    var status: Int32
    var stdout: String
    var stderr: String
    var stdoutData: Data

    var description: String { "status \(status)\n--- stdout:\n\(stdout)\n--- stderr:\n\(stderr)" }
    /// Non-empty stdout lines.
    var lines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) }
}

enum NewsidxBinary {
    /// The `newsidx` executable built beside this test bundle (whatever the scratch path), or nil.
    static let url: URL? = locate()

    private static func locate() -> URL? {
        let fileManager = FileManager.default
        var folders: [URL] = []
        // The test runner (`<products>/newsidxPackageTests.xctest`) lives in the products folder.
        if let executable = try? fileManager.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            folders.append(URL(fileURLWithPath: executable).deletingLastPathComponent())
        }
        folders.append(Bundle.main.bundleURL)
        folders.append(Bundle.main.bundleURL.deletingLastPathComponent())
        if let argument = CommandLine.arguments.first {
            folders.append(URL(fileURLWithPath: argument).deletingLastPathComponent())
        }
        for folder in folders {
            let candidate = folder.appendingPathComponent("newsidx")
            if fileManager.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        // Fallback: the newest `.build*/debug/newsidx` of this package.
        let root = packageRoot
        let builds = (try? fileManager.contentsOfDirectory(atPath: root.path))?.filter { $0.hasPrefix(".build") } ?? []
        var best: (URL, Date)?
        for build in builds {
            let candidate = root.appendingPathComponent(build).appendingPathComponent("debug/newsidx")
            guard fileManager.isExecutableFile(atPath: candidate.path),
                  let date = (try? fileManager.attributesOfItem(atPath: candidate.path))?[.modificationDate] as? Date
            else { continue }
            if best == nil || date > best!.1 { best = (candidate, date) }
        }
        return best?.0
    }

    /// The package root (three levels above this file).
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }
}

/// Dropping root's rights for one run: `setpriv` (util-linux) to user and group 65534 ("nobody"),
/// so that file permissions apply to the run even when the tests run as root.
enum Unprivileged {
    static let setpriv = "/usr/bin/setpriv"
    static let user: UInt32 = 65534
    /// Whether a run `asNobody` is possible: not root (nothing to drop), or root with setpriv, a
    /// binary others may run and a temporary folder others may enter.
    static var available: Bool {
        if geteuid() != 0 { return true }
        guard FileManager.default.isExecutableFile(atPath: setpriv), let binary = NewsidxBinary.url else { return false }
        return othersMayEnter(binary.resolvingSymlinksInPath().path)
            && othersMayEnter(FileManager.default.temporaryDirectory.resolvingSymlinksInPath().path)
    }

    /// Whether `path` and every folder above it have the execute (search) bit for others.
    private static func othersMayEnter(_ path: String) -> Bool {
        var path = path
        while !path.isEmpty && path != "/" {
            var info = stat()
            guard stat(path, &info) == 0, info.st_mode & S_IXOTH != 0 else { return false }
            path = (path as NSString).deletingLastPathComponent
        }
        return true
    }
}

/// Runs the built `newsidx` with `args`. Standard input is `stdin` (or /dev/null); stdout and stderr
/// are captured through files (no pipe can fill up and dead-lock). The environment is this process's
/// without NEWSIDX_INDEX and NO_COLOR, plus `env`. `asNobody`: when running as root, the run drops
/// to user 65534 (`Unprivileged`).
func runNewsidx(_ args: [String], stdin: Data? = nil, cwd: URL? = nil, env: [String: String] = [:],
                asNobody: Bool = false) throws -> RunResult {
    guard let binary = NewsidxBinary.url else {
        throw CLITestError("the newsidx binary was not found beside the test bundle")
    }
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("newsidx-run-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let outURL = scratch.appendingPathComponent("stdout"), errURL = scratch.appendingPathComponent("stderr")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let outHandle = try FileHandle(forWritingTo: outURL), errHandle = try FileHandle(forWritingTo: errURL)
    defer { try? outHandle.close(); try? errHandle.close() }

    let process = Process()
    if asNobody && geteuid() == 0 {
        let id = String(Unprivileged.user)
        process.executableURL = URL(fileURLWithPath: Unprivileged.setpriv)
        process.arguments = ["--reuid=\(id)", "--regid=\(id)", "--clear-groups", "--", binary.path] + args
    } else {
        process.executableURL = binary
        process.arguments = args
    }
    if let cwd { process.currentDirectoryURL = cwd }
    var environment = ProcessInfo.processInfo.environment
    environment["NEWSIDX_INDEX"] = nil
    environment["NO_COLOR"] = nil
    for (key, value) in env { environment[key] = value }
    process.environment = environment
    process.standardOutput = outHandle
    process.standardError = errHandle
    var inHandle: FileHandle?
    if let stdin {
        let inURL = scratch.appendingPathComponent("stdin")
        try stdin.write(to: inURL)
        inHandle = try FileHandle(forReadingFrom: inURL)
        process.standardInput = inHandle
    } else {
        process.standardInput = FileHandle.nullDevice
    }
    defer { try? inHandle?.close() }
    try process.run()
    process.waitUntilExit()
    let outData = try Data(contentsOf: outURL)
    let errData = try Data(contentsOf: errURL)
    return RunResult(
        status: process.terminationStatus,
        stdout: String(decoding: outData, as: UTF8.self),
        stderr: String(decoding: errData, as: UTF8.self),
        stdoutData: outData)
}

struct CLITestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A temporary folder for one test, removed by `remove()`.
struct TempFolder {
    let url: URL

    init(_ label: String = "test") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("newsidx-cli-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    var path: String { url.path }

    func sub(_ relative: String) -> URL { url.appendingPathComponent(relative) }

    func makeFolder(_ relative: String) throws -> URL {
        let folder = sub(relative)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Writes `bytes` at `relative`, creating folders.
    @discardableResult
    func write(_ relative: String, _ bytes: Data) throws -> URL {
        let file = sub(relative)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try bytes.write(to: file)
        return file
    }

    @discardableResult
    func write(_ relative: String, _ text: String) throws -> URL { try write(relative, Data(text.utf8)) }

    /// An article in the seed layout: " date YYYY-MM-DD Headline", blank line, paragraphs.
    @discardableResult
    func article(_ relative: String, date: String, title: String, paragraphs: [String]) throws -> URL {
        try write(relative, " date \(date) \(title)\n\n" + paragraphs.joined(separator: "\n\n") + "\n")
    }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// Parses one JSON object line; nil when it is not a JSON object.
func jsonObject(_ line: String) -> [String: Any]? {
    guard let data = line.data(using: .utf8),
          let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) as? [String: Any]
    else { return nil }
    return object
}

/// A small news corpus under `folder/corpus`: four .txt articles (one in a subfolder) and a .jsonl
/// file with two records. Returns the corpus folder.
@discardableResult
func makeStandardCorpus(in folder: TempFolder) throws -> URL {
    try folder.article(
        "corpus/2025-06-28-nato-summit.txt", date: "2025-06-28", title: "NATO summit agrees on Russia threat",
        paragraphs: [
            "Leaders met in The Hague. Putin's three-year assault on Ukraine dominated the talks.",
            "Sanctions were discussed at length, and the allies promised more air defence.",
        ])
    try folder.article(
        "corpus/world/2024-01-02-ceasefire.txt", date: "2024-01-02", title: "Ceasefire talks resume in Doha",
        paragraphs: ["Negotiators resumed ceasefire talks in Doha on Tuesday, hoping for a hostage deal."])
    try folder.article(
        "corpus/2024-05-10-election.txt", date: "2024-05-10", title: "Election results announced",
        paragraphs: ["The election commission announced the results after a long count.",
                     "Turnout was higher than expected; observers praised the talks between parties."])
    try folder.article(
        "corpus/2023-11-11-markets.txt", date: "2023-11-11", title: "Markets fall on sanctions fears",
        paragraphs: ["Stock markets fell sharply as traders feared new sanctions on energy exports.",
                     "Analysts expect sanctioned firms to suffer; sanctions talks continue."])
    try folder.write(
        "corpus/wire.jsonl",
        #"{"id":"wire-1","title":"Oil prices climb","body":"Oil prices climbed after sanctions on shipping were tightened.","date":"2025-03-01"}"#
            + "\n"
            + #"{"id":"wire-2","title":"Storm in The Hague","body":"Heavy rain is expected in The Hague this weekend.","date":"2025-03-02"}"#
            + "\n")
    return folder.sub("corpus")
}

/// Builds `corpus` into `index` quietly and checks that it worked.
func buildIndex(corpus: URL, index: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let result = try runNewsidx(["build", corpus.path, "--index", index.path, "--quiet"])
    #expect(result.status == 0, "build failed: \(result)", sourceLocation: sourceLocation)
    guard result.status == 0 else { throw CLITestError("build failed: \(result)") }
}

/// True when `text` holds an ESC or any other C0/C1 control character except tab and newline.
func containsControlCharacters(_ text: String) -> Bool {
    text.unicodeScalars.contains { scalar in
        let value = scalar.value
        return (value < 0x20 && value != 0x09 && value != 0x0A) || (value >= 0x7F && value < 0xA0)
    }
}
