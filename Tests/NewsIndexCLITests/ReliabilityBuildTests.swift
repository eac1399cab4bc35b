// Issue 7: a build's write errors (NEWSIDX_FAIL_AT) leave the previous index intact, and the build
// lock: a second build names the holder's pid and exits 1, `--wait` queues.
import Foundation
import Glibc
import Testing

@Suite("Reliability: build failures and the lock")
struct ReliabilityBuildTests {
    /// The TREC run of a few queries: identifies what the index answers, exactly.
    private func answers(_ index: URL, in folder: TempFolder) throws -> String {
        let queries = try folder.write("queries-\(UUID().uuidString)", "q1\tsanctions talks\nq2\tzqxnewword\nq3\tthe hague\n")
        let result = try runNewsidx(["search", "--batch", queries.path, "--index", index.path, "--limit", "20"])
        #expect(result.status == 0, "\(result)")
        return result.stdout
    }

    private func indexFiles(_ index: URL) -> Set<String> {
        Set((try? FileManager.default.contentsOfDirectory(atPath: index.path)) ?? [])
    }

    @Test func everyWriteOrFsyncFailureLeavesThePreviousIndexIntact() throws {
        let folder = try TempFolder("write-errors")
        defer { folder.remove() }
        let corpus = try makeStandardCorpus(in: folder)
        let index = folder.sub("index")
        try buildIndex(corpus: corpus, index: index)
        let before = try answers(index, in: folder)
        // The next build has work to do: a new article and a changed one.
        try folder.article("corpus/new.txt", date: "2025-07-01", title: "A new article",
                           paragraphs: ["zqxnewword appears only here, next to sanctions talks."])
        try folder.article("corpus/2024-05-10-election.txt", date: "2024-05-10", title: "Election results changed",
                           paragraphs: ["The talks were rewritten."])
        var failures = 0
        var step = 0
        while true {
            step += 1
            try #require(step <= 500, "the build still fails at its 500th write or fsync")
            let result = try runNewsidx(["build", corpus.path, "--index", index.path, "--quiet"],
                                        env: ["NEWSIDX_FAIL_AT": String(step)])
            if result.status == 0 { break }
            failures += 1
            #expect(result.status == 1, "step \(step): \(result)")
            let message = result.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(!message.contains("\n"), "step \(step): one line: \(result)")
            #expect(message.contains(index.path + "/"), "step \(step): the message names the file: \(result)")
            #expect(message.contains("No space left on device"), "step \(step): \(result)")
            #expect(result.stdout.isEmpty, "step \(step): \(result)")
            let check = try runNewsidx(["check", "--index", index.path])
            #expect(check.status == 0, "step \(step): the previous index must stay intact: \(check)")
            #expect(try answers(index, in: folder) == before, "step \(step): the previous index answers as before")
        }
        print("write errors: the build failed cleanly at each of its \(failures) writes and fsyncs")
        #expect(failures >= 6, "a build writes at least five segment files and the MANIFEST, each written and fsynced")
        let after = try answers(index, in: folder)
        #expect(after != before && after.contains("new"), "the build that did not fail commits the change")
        #expect(try runNewsidx(["check", "--index", index.path]).status == 0)
        // The build after the failures removed their leftovers (only the previous generation,
        // kept for readers that may still open it, remains besides the current one).
        let generations = Set(indexFiles(index).filter { $0.hasPrefix("g") }.map { String($0.prefix(7)) })
        #expect(generations.count <= 2, "\(indexFiles(index).sorted())")
        #expect(!indexFiles(index).contains { $0.hasPrefix("MANIFEST.tmp") }, "\(indexFiles(index).sorted())")
    }

    /// Holds the build lock of `index` as a running build would: flock on LOCK, our pid inside.
    private func holdLock(_ index: URL) throws -> Int32 {
        try FileManager.default.createDirectory(at: index, withIntermediateDirectories: true)
        let fd = open(index.appendingPathComponent("LOCK").path, O_RDWR | O_CREAT, 0o644)
        try #require(fd >= 0)
        try #require(flock(fd, LOCK_EX | LOCK_NB) == 0)
        let text = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = text.withUnsafeBytes { pwrite(fd, $0.baseAddress!, $0.count, 0) }
        return fd
    }

    @Test func secondBuildNamesTheRunningBuildsPidAndWaitQueues() throws {
        let folder = try TempFolder("lock")
        defer { folder.remove() }
        let corpus = try makeStandardCorpus(in: folder)
        let index = folder.sub("index")
        try buildIndex(corpus: corpus, index: index)
        let before = try answers(index, in: folder)
        let fd = try holdLock(index)
        var held = true
        defer { if held { close(fd) } }
        try folder.article("corpus/new.txt", date: "2025-07-01", title: "A new article",
                           paragraphs: ["zqxnewword appears only here."])

        let second = try runNewsidx(["build", corpus.path, "--index", index.path, "--quiet"])
        #expect(second.status == 1, "\(second)")
        #expect(second.stderr.contains("pid \(getpid())"), "the message names the running build's pid: \(second)")
        #expect(second.stderr.contains("LOCK"), "\(second)")
        #expect(try answers(index, in: folder) == before, "the refused build changed nothing")

        // --wait: blocks while the lock is held, then builds.
        guard let binary = NewsidxBinary.url else { throw CLITestError("no newsidx binary") }
        let waiting = Process()
        waiting.executableURL = binary
        waiting.arguments = ["build", corpus.path, "--index", index.path, "--quiet", "--wait"]
        waiting.standardInput = FileHandle.nullDevice
        waiting.standardOutput = FileHandle.nullDevice
        waiting.standardError = FileHandle.nullDevice
        try waiting.run()
        // However long we wait here, the build cannot finish while the lock is held.
        usleep(400_000)
        #expect(waiting.isRunning, "a --wait build must wait for the lock, not fail or go ahead")
        close(fd)
        held = false
        waiting.waitUntilExit()
        #expect(waiting.terminationStatus == 0)
        #expect(try answers(index, in: folder).contains("new"), "the queued build committed")
        #expect(try runNewsidx(["check", "--index", index.path]).status == 0)
    }
}
