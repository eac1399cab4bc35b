// The analysis scenario: analyzer throughput on one core over the corpus text, checked by a term checksum.
import NewsIndex

enum AnalysisScenario {
    static func run(texts: [String], repeats: Int) -> BenchResult {
        let bytes = texts.reduce(0) { $0 + $1.utf8.count }
        var best = Double.infinity
        var checksum: UInt64 = 0
        var tokens = 0
        for _ in 0..<max(1, repeats) {
            var analyzer = Analyzer()  // a fresh word cache each pass: the cost of a real build
            var sink = TermChecksum()
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
