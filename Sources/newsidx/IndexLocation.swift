// Finding and opening the index for the read-side commands (search, show, stats, check).
import NewsIndex

enum IndexLocation {
    /// The folder of the index named by --index, NEWSIDX_INDEX, or the nearest .newsidx folder upwards.
    static func path(_ arguments: ParsedArguments) throws -> String {
        guard let path = IndexDirectory.locate(explicit: arguments.string("--index")) else {
            throw NewsIndexError(.noIndex, "no index found (no .newsidx folder here or in a parent folder, and "
                + "NEWSIDX_INDEX is not set); run `newsidx build DIR` first, or pass --index PATH")
        }
        return path
    }

    /// Opens that index.
    static func open(_ arguments: ParsedArguments) throws -> IndexReader {
        try IndexReader(path: path(arguments))
    }
}
