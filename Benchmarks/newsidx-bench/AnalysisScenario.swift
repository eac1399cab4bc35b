// The analysis scenario: analyzer throughput on one core over the corpus text, checked by a term checksum.
import NewsIndex

/// Hashes every term and position so the work cannot be optimized away and results can be compared.
struct ChecksumSink: TokenSink {
    var checksum: UInt64 = 0xCBF2_9CE4_8422_2325
    var tokens = 0

    @inline(__always)
    mutating func accept(term: UnsafeBufferPointer<UInt8>, position: Int, start: Int, end: Int, isPart: Bool) {
        var h = checksum ^ UInt64(position)
        for byte in term { h = (h ^ UInt64(byte)) &* 0x100_0000_01B3 }
        checksum = h
        tokens += 1
    }
}

enum AnalysisScenario {
    static func run(texts: [String], repeats: Int) -> BenchResult {
        let bytes = texts.reduce(0) { $0 + $1.utf8.count }
        var best = Double.infinity
        var checksum: UInt64 = 0
        var tokens = 0
        for _ in 0..<max(1, repeats) {
            var analyzer = Analyzer()  // a fresh word cache each pass: the cost of a real build
            var sink = ChecksumSink()
            let start = ProcessEnvironment.monotonicNanoseconds()
            for text in texts { analyzer.analyze(text, into: &sink) }
            let seconds = Double(ProcessEnvironment.monotonicNanoseconds() - start) / 1e9
            best = min(best, seconds)
            checksum = sink.checksum
            tokens = sink.tokens
        }
        return BenchResult(scenario: "analysis", figures: [
            Figure(name: "text", value: Double(bytes) / 1e6, unit: "MB"),
            Figure(name: "seconds (best)", value: best, unit: "s"),
            Figure(name: "throughput", value: Double(bytes) / 1e6 / best, unit: "MB/s"),
            Figure(name: "tokens", value: Double(tokens), unit: ""),
            Figure(name: "tokens per second", value: Double(tokens) / best / 1e6, unit: "M/s"),
        ], checksum: checksum)
    }
}
