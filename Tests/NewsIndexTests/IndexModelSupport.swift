// Shared helpers of the IndexModel*, BM25Reference* and IndexRoundTrip* suites: a seeded generator,
// a scratch folder per test, an analyzer sink keeping (term, position), and a one-call build.
import Foundation
@testable import NewsIndex

typealias ModelRandom = SeededRandom

/// A unique temporary folder for one test (tests run in parallel; never chdir), removed on release.
final class ModelScratch {
    let path: String

    init(_ label: String) throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("newsidx-\(label)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes UTF-8 `text` to `relativePath` (parent folders made as needed).
    func write(_ relativePath: String, _ text: String) throws {
        let full = path + "/" + relativePath
        let parent = (full as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: full))
    }
}

/// Keeps every (term, position) the analyzer emits.
struct ModelTermSink: TokenSink {
    var tokens: [(term: [UInt8], position: Int)] = []

    mutating func accept(term: UnsafeBufferPointer<UInt8>, position: Int, start: Int, end: Int, isPart: Bool) {
        tokens.append((Array(term), position))
    }
}

enum ModelIndex {
    /// Builds `corpus` into `index`; fails on any warning (every test article is well formed).
    static func build(corpus: String, index: String, stemming: Bool = true) throws -> BuildSummary {
        var warnings: [String] = []
        let summary = try IndexBuilder.build(BuildOptions(corpusPath: corpus, indexPath: index)) {
            warnings.append("\($0)")
        }
        if !warnings.isEmpty {
            throw NewsIndexError(.corrupt, "unexpected build warnings: \(warnings)")
        }
        return summary
    }
}
