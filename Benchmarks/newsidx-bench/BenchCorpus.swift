// Loading a benchmark corpus (folder or .jsonl) into memory as the texts the analyzer sees.
import NewsIndex

enum BenchCorpus {
    /// Every article's title and body, in corpus order.
    static func load(_ path: String) throws -> [String] {
        var texts: [String] = []
        let status = try SystemCalls.status(of: path)
        if status.isDirectory {
            _ = try CorpusReader.read(root: path) { document in
                texts.append(document.title)
                texts.append(document.body)
            }
        } else {
            let bytes = try SystemCalls.readFile(at: path)
            let slash = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
            let file = SourceFile(relativePath: String(path[slash...]), absolutePath: path, size: Int64(bytes.count),
                                  modificationTimeNanoseconds: 0, kind: .jsonLines)
            let (documents, _) = ArticleParser.parseJSONLines(bytes: bytes, file: file)
            for document in documents {
                texts.append(document.title)
                texts.append(document.body)
            }
        }
        return texts
    }
}

/// A named figure with its unit.
struct Figure {
    var name: String
    var value: Double
    var unit: String
}

/// One scenario's outcome: figures plus a checksum of what was computed.
struct BenchResult {
    var scenario: String
    var figures: [Figure]
    var checksum: UInt64

    func print(json: Bool) {
        if json {
            var object = JSONObjectWriter()
            object.add("scenario", scenario)
            for figure in figures { object.add(figure.name, figure.value) }
            object.add("checksum", String(checksum, radix: 16))
            Swift.print(object.result)
        } else {
            Swift.print("\(scenario):")
            for figure in figures {
                Swift.print("  \(figure.name.padding(22)) \(format(figure.value)) \(figure.unit)")
            }
            Swift.print("  \("checksum".padding(22)) \(String(checksum, radix: 16))")
        }
    }

    private func format(_ value: Double) -> String {
        let scaled = (value * 10).rounded() / 10
        return String(scaled)
    }
}

extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
