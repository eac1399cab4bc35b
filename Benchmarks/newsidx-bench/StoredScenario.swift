// The stored scenario: the cost of reading stored fields back, in process: one document's id
// (what every search does for its top 10), and a whole stored record (what printing a hit does).
import NewsIndex

enum StoredScenario {
    static func run(index: String, repeats: Int) throws -> BenchResult {
        let reader = try IndexReader(path: index)
        let count = reader.documentCount
        guard count > 0 else { throw NewsIndexError(.corrupt, "\(index): no documents") }
        // Documents in a fixed pseudo-random order (a multiplicative walk), the same every run.
        let sample = min(count, 200_000)
        let docs = (0..<sample).map { Int32((UInt64($0) &* 2_654_435_761) % UInt64(count)) }
        // The check, untimed: the id alone equals the id of the whole record.
        var checksum: UInt64 = 0
        for doc in docs.prefix(2_000) {
            let id = try reader.id(of: doc)
            guard try reader.storedDocument(doc).id == id else {
                throw NewsIndexError(.corrupt, "\(index): document \(doc): id and stored record disagree")
            }
        }
        var bestID = Double.infinity, bestRecord = Double.infinity
        for _ in 0..<max(1, repeats) {
            var passHash: UInt64 = 0
            var start = ProcessEnvironment.monotonicNanoseconds()
            for doc in docs { passHash = passHash &* 31 &+ UInt64(try reader.id(of: doc).utf8.count) }
            bestID = min(bestID, Double(ProcessEnvironment.monotonicNanoseconds() - start) / Double(docs.count))
            let records = docs.prefix(20_000)
            start = ProcessEnvironment.monotonicNanoseconds()
            for doc in records { passHash = passHash &* 31 &+ UInt64(try reader.storedDocument(doc).title.utf8.count) }
            bestRecord = min(bestRecord, Double(ProcessEnvironment.monotonicNanoseconds() - start) / Double(records.count))
            checksum = passHash
        }
        return BenchResult(scenario: "stored", figures: [
            Figure(name: "id_ns", value: bestID, unit: "ns"),
            Figure(name: "record_ns", value: bestRecord, unit: "ns"),
            Figure(name: "documents", value: Double(count), unit: ""),
        ], checksum: checksum)
    }
}
