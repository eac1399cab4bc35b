// The build scenario: a full build per thread count, each in a child process (this executable with
// --child-build) so that its peak RSS is its own; checked by a hash of the segment files written.
import Glibc
import NewsIndex

enum BuildScenario {
    static func run(corpus: BenchCorpus, threads: [Int], repeats: Int, scratch: BenchScratch) throws -> [BenchResult] {
        var results: [BenchResult] = []
        var firstChecksum: UInt64?
        for count in threads {
            var best: (run: ChildRun, report: ChildReport)?
            var peak = 0
            for attempt in 0..<max(1, repeats) {
                let index = scratch.path("build-index-\(count)-\(attempt)")
                let run = try ChildProcess.run(ChildProcess.selfPath, ["--child-build", corpus.folder, index, String(count)])
                guard run.status == 0, let report = ChildReport(run.output) else {
                    throw NewsIndexError(.io, "build with \(count) threads failed (status \(run.status))")
                }
                scratch.remove(index)
                peak = max(peak, report.peakRSSBytes)
                if best == nil || run.seconds < best!.run.seconds { best = (run, report) }
            }
            guard let (run, report) = best else { continue }
            if let firstChecksum, firstChecksum != report.checksum {
                throw NewsIndexError(.corrupt, "the index built with \(count) threads differs from the first build "
                    + "(segment checksum \(String(report.checksum, radix: 16)) vs \(String(firstChecksum, radix: 16)))")
            }
            firstChecksum = firstChecksum ?? report.checksum
            let textBytes = Double(try corpus.textBytes())
            results.append(BenchResult(scenario: "build", label: "threads \(count)", figures: [
                Figure(name: "threads", value: Double(count), unit: ""),
                Figure(name: "articles", value: Double(report.articles), unit: ""),
                Figure(name: "text", value: textBytes / 1e6, unit: "MB"),
                Figure(name: "wall seconds (best)", value: run.seconds, unit: "s"),
                Figure(name: "build seconds", value: report.seconds, unit: "s"),
                Figure(name: "text throughput", value: textBytes / 1e6 / run.seconds, unit: "MB/s"),
                Figure(name: "articles per second", value: Double(report.articles) / run.seconds, unit: "docs/s"),
                Figure(name: "peak RSS", value: Double(peak) / 1e6, unit: "MB"),
                Figure(name: "index bytes", value: Double(report.indexBytes), unit: "B"),
                Figure(name: "index % of text", value: 100 * Double(report.indexBytes) / max(1, textBytes), unit: "%"),
            ], checksum: report.checksum))
        }
        return results
    }

    /// The child side: build `corpus` into a fresh `index` with `threads`, print a ChildReport line.
    static func child(corpus: String, index: String, threads: Int) -> Int32 {
        do {
            var options = BuildOptions(corpusPath: corpus, indexPath: index)
            options.threads = threads
            options.full = true
            let summary = try IndexBuilder.build(options, warning: { _ in })
            let checksum = try segmentChecksum(index)
            print("\(summary.seconds) \(summary.articles) \(summary.indexBytes) \(checksum) \(OwnMemory.bytes("VmHWM"))")
            return 0
        } catch {
            print("newsidx-bench: \(error)")
            return 1
        }
    }

    /// A hash of every segment file's bytes in name order (not MANIFEST, which holds the build time).
    static func segmentChecksum(_ index: String) throws -> UInt64 {
        let names = try SystemCalls.listDirectory(at: index).compactMap(\.name)
            .filter { $0.contains(".") && !$0.hasPrefix(".") }.sorted()
        var hash: UInt64 = 0
        for name in names {
            let bytes = try SystemCalls.readFile(at: index + "/" + name)
            hash = XXHash64.hash(Array(name.utf8), seed: hash)
            hash = XXHash64.hash(bytes, seed: hash)
        }
        return hash
    }
}

/// What a build child prints: seconds, articles, index bytes, checksum, its own peak RSS (VmHWM:
/// wait4's figure would include the parent's RSS when it spawned the child).
struct ChildReport {
    var seconds: Double
    var articles: Int
    var indexBytes: Int
    var checksum: UInt64
    var peakRSSBytes: Int

    init?(_ output: [UInt8]) {
        let fields = String(decoding: output, as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\n" })
        guard fields.count == 5, let seconds = Double(fields[0]), let articles = Int(fields[1]),
              let bytes = Int(fields[2]), let checksum = UInt64(fields[3]), let peak = Int(fields[4]) else { return nil }
        (self.seconds, self.articles, indexBytes, self.checksum, peakRSSBytes) = (seconds, articles, bytes, checksum, peak)
    }
}
