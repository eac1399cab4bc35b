// Tests of FileLock: a held lock makes a second attempt fail with the holder's pid; release frees it.
import Foundation
import Testing
@testable import NewsIndex

@Suite("StorageFileLock")
struct StorageFileLockTests {
    @Test func secondAttemptSeesTheHoldersPid() throws {
        let folder = try CorpusScratchFolder()
        let path = folder.path + "/LOCK"
        guard case .acquired(let held) = try FileLock.tryAcquire(at: path) else {
            Issue.record("a fresh lock file should be free")
            return
        }
        // flock locks belong to the open file description: a second open conflicts even in-process.
        guard case .heldByOther(let pid) = try FileLock.tryAcquire(at: path) else {
            Issue.record("the lock is held, the second attempt must fail")
            return
        }
        #expect(pid == getpid())
        let error = #expect(throws: NewsIndexError.self) { try FileLock.acquireOrThrow(at: path) }
        #expect(error?.kind == .locked)
        #expect(error?.message.contains("another build (pid \(getpid())) is running") == true)
        held.release()
        held.release()
        let again = try FileLock.acquireOrThrow(at: path)
        again.release()
        let waited = try FileLock.acquireWaiting(at: path)
        withExtendedLifetime(waited) {}
    }

    @Test func deinitReleasesTheLock() throws {
        let folder = try CorpusScratchFolder()
        let path = folder.path + "/LOCK"
        do {
            let lock = try FileLock.acquireOrThrow(at: path)
            withExtendedLifetime(lock) {}
        }
        guard case .acquired = try FileLock.tryAcquire(at: path) else {
            Issue.record("the lock should be free once its owner is gone")
            return
        }
    }

    @Test func lockInMissingFolderIsAnIOError() throws {
        let folder = try CorpusScratchFolder()
        let error = #expect(throws: NewsIndexError.self) { try FileLock.tryAcquire(at: folder.path + "/no/LOCK") }
        #expect(error?.kind == .io)
    }
}
