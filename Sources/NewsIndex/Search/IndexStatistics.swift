// Whole-index figures for `newsidx stats`, and finding a document by its id.

/// Counts over every segment, and the size of every file.
public struct IndexStatistics: Sendable {
    public var terms = 0
    public var postings = 0
    public var positions = 0
    /// File name and size in bytes, MANIFEST first, then each segment's files.
    public var fileSizes: [(String, Int)] = []
}

extension IndexReader {
    /// Reads every dictionary (sequentially) to count terms, postings and positions.
    public func statistics() throws -> IndexStatistics {
        var result = IndexStatistics()
        if let status = try SystemCalls.statusIfExists(of: path + "/" + Manifest.fileName) {
            result.fileSizes.append((Manifest.fileName, Int(status.size)))
        }
        for segment in segments {
            var cursor = segment.dictionary.makeCursor()
            while try cursor.next() {
                result.terms += 1
                if cursor.values.count == 4 {
                    result.postings += Int(cursor.values[0])
                    result.positions += Int(cursor.values[3])
                }
            }
            for name in segment.entry.fileNames {
                let size = (try? SystemCalls.status(of: path + "/" + name).size) ?? 0
                result.fileSizes.append((name, Int(size)))
            }
        }
        return result
    }

    /// The global doc ID of the article with `id`, if any (a scan of the stored ids).
    public func document(withID id: String) throws -> Int32? {
        for segment in segments {
            for local in 0..<segment.stored.documentCount where try segment.stored.id(local) == id {
                return segment.base + Int32(local)
            }
        }
        return nil
    }
}
