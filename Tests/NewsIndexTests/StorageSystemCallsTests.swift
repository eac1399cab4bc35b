// Tests of the system-call wrappers: whole-file and ranged reads, stat, listing, mkdir -p, durable write, rename.
import Foundation
import Testing
@testable import NewsIndex

@Suite("StorageSystemCalls")
struct StorageSystemCallsTests {
    @Test func readsWholeFilesOfManySizes() throws {
        let folder = try CorpusScratchFolder()
        for size in [0, 1, 4095, 4096, 65537, 300_001] {
            let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ size) }
            let path = try folder.write("f\(size).bin", bytes)
            #expect(try SystemCalls.readFile(at: path) == bytes, "size \(size)")
        }
    }

    @Test func readsFilesWhoseStatSizeIsZero() throws {
        // /proc files report size 0 but have content: the read must go on past the stat size.
        guard FileManager.default.fileExists(atPath: "/proc/self/status") else { return }
        let bytes = try SystemCalls.readFile(at: "/proc/self/status")
        #expect(String(decoding: bytes, as: UTF8.self).hasPrefix("Name:"))
    }

    @Test func readsByteRanges() throws {
        let folder = try CorpusScratchFolder()
        let path = try folder.write("r.txt", "0123456789")
        #expect(try SystemCalls.readRange(at: path, offset: 3, length: 4) == Array("3456".utf8))
        #expect(try SystemCalls.readRange(at: path, offset: 10, length: 0) == [])
        let pastEnd = #expect(throws: NewsIndexError.self) { try SystemCalls.readRange(at: path, offset: 8, length: 5) }
        #expect(pastEnd?.kind == .io)
        #expect(pastEnd?.message.contains(path) == true)
        #expect(throws: NewsIndexError.self) { try SystemCalls.readRange(at: path, offset: -1, length: 2) }
    }

    @Test func missingFileErrorNamesThePath() throws {
        let folder = try CorpusScratchFolder()
        let missing = folder.path + "/nope.txt"
        let error = #expect(throws: NewsIndexError.self) { try SystemCalls.readFile(at: missing) }
        #expect(error?.kind == .io)
        #expect(error?.message.contains(missing) == true)
        #expect(error?.message.contains("No such file or directory") == true)
        #expect(try SystemCalls.statusIfExists(of: missing) == nil)
    }

    @Test func statusReportsSizeTimeAndKind() throws {
        let folder = try CorpusScratchFolder()
        let path = try folder.write("a.txt", "hello")
        try folder.link("link.txt", to: path)
        let file = try SystemCalls.status(of: path)
        #expect(file.size == 5 && file.isRegularFile)
        let expected = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as! Date
        let seconds = Double(file.modificationTimeNanoseconds) / 1e9
        #expect(abs(seconds - expected.timeIntervalSince1970) < 0.001)
        #expect(try SystemCalls.status(of: folder.path).isDirectory)
        #expect(try SystemCalls.status(of: folder.path + "/link.txt").isRegularFile)
        #expect(try SystemCalls.status(of: folder.path + "/link.txt", followSymbolicLinks: false).isSymbolicLink)
    }

    @Test func listsFolderEntriesWithoutDotEntries() throws {
        let folder = try CorpusScratchFolder()
        try folder.write("b.txt", "b")
        try folder.write(".hidden", "h")
        try folder.makeFolder("sub")
        let entries = try SystemCalls.listDirectory(at: folder.path)
        #expect(Set(entries.compactMap(\.name)) == [".hidden", "b.txt", "sub"])
        let sub = entries.first { $0.name == "sub" }
        #expect(sub?.kindHint == nil || sub?.kindHint == .directory)
        #expect(throws: NewsIndexError.self) { try SystemCalls.listDirectory(at: folder.path + "/none") }
    }

    @Test func makesFoldersWithParentsAndToleratesExisting() throws {
        let folder = try CorpusScratchFolder()
        let deep = folder.path + "/x/y/z/"
        try SystemCalls.makeDirectory(at: deep)
        try SystemCalls.makeDirectory(at: deep)
        #expect(try SystemCalls.status(of: deep).isDirectory)
        #expect(throws: NewsIndexError.self) { try SystemCalls.makeDirectory(at: deep, withParents: false) }
        let file = try folder.write("plain", "x")
        #expect(throws: NewsIndexError.self) { try SystemCalls.makeDirectory(at: file + "/below") }
    }

    @Test func durableWriteThenRenameThenRemove() throws {
        let folder = try CorpusScratchFolder()
        let temporary = folder.path + "/data.tmp"
        let final = folder.path + "/data"
        let payload = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 13) }
        try SystemCalls.writeFileDurably(at: temporary, bytes: payload)
        // createNew refuses an existing file and leaves it intact.
        let exists = #expect(throws: NewsIndexError.self) {
            try SystemCalls.writeFileDurably(at: temporary, bytes: [1, 2, 3])
        }
        #expect(exists?.message.contains(temporary) == true)
        #expect(try SystemCalls.readFile(at: temporary) == payload)
        try SystemCalls.rename(from: temporary, to: final)
        try SystemCalls.syncDirectory(at: folder.path)
        #expect(try SystemCalls.statusIfExists(of: temporary) == nil)
        #expect(try SystemCalls.readFile(at: final) == payload)
        try SystemCalls.writeFileDurably(at: final, bytes: Array("short".utf8), mode: .replaceExisting)
        #expect(try SystemCalls.readFile(at: final) == Array("short".utf8))
        try SystemCalls.writeFileDurably(at: folder.path + "/empty", bytes: [UInt8]())
        #expect(try SystemCalls.status(of: folder.path + "/empty").size == 0)
        try SystemCalls.removeFile(at: final)
        #expect(throws: NewsIndexError.self) { try SystemCalls.removeFile(at: final) }
        try SystemCalls.removeFile(at: final, ignoringMissing: true)
        #expect(throws: NewsIndexError.self) { try SystemCalls.rename(from: final, to: temporary) }
    }

    @Test func monotonicClockDoesNotGoBackwards() {
        let first = ProcessEnvironment.monotonicNanoseconds()
        let second = ProcessEnvironment.monotonicNanoseconds()
        #expect(second >= first)
        #expect(ProcessEnvironment.processID == getpid())
        #expect(ProcessEnvironment.isTerminal(-1) == false)
    }
}
