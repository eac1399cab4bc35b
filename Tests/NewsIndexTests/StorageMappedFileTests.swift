// Tests of MappedFile: empty files are not mapped, non-empty files show their bytes, errors name the path.
import Testing
@testable import NewsIndex

@Suite("StorageMappedFile")
struct StorageMappedFileTests {
    @Test func mapsAnEmptyFileAsEmptyBytes() throws {
        let folder = try CorpusScratchFolder()
        let path = try folder.write("empty", [UInt8]())
        let mapped = try MappedFile(path: path)
        #expect(mapped.count == 0)
        #expect(mapped.bytes.isEmpty)
    }

    @Test func mapsANonEmptyFile() throws {
        let folder = try CorpusScratchFolder()
        let bytes = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let path = try folder.write("data", bytes)
        let mapped = try MappedFile(path: path)
        #expect(mapped.count == bytes.count)
        #expect(Array(mapped.bytes) == bytes)
    }

    @Test func missingFileAndFolderAreErrors() throws {
        let folder = try CorpusScratchFolder()
        let missing = #expect(throws: NewsIndexError.self) { try MappedFile(path: folder.path + "/none") }
        #expect(missing?.message.contains("/none") == true)
        #expect(throws: NewsIndexError.self) { try MappedFile(path: folder.path) }
    }
}
