// One analysis thread of a build: analyzes the articles it is given into its own postings buffer,
// writing the buffer out as a run whenever it outgrows its share of the memory budget.

/// An article handed to a worker: its final doc ID and the text of its two fields.
struct PendingArticle {
    var doc: UInt32
    var title: String
    var body: String
}

final class InvertingWorker: @unchecked Sendable {
    let index: Int
    private let directory: String
    private let runPrefix: String
    private let budgetBytes: Int
    private var analyzer: Analyzer
    private var buffer = PostingsBuffer()
    /// Final doc IDs of the buffer's documents, by local doc ID.
    private var bufferDocs: [UInt32] = []
    private var bufferTitleLengths: [UInt32] = []
    private var bufferBodyLengths: [UInt32] = []
    private var sink: IndexingSink
    private var finished = false
    /// The buffer in term order, once the input ended (`finishInput`).
    private var bufferSource: BufferPostingSource?
    /// Buffers started so far: the epoch of the current buffer's term IDs.
    private var buffersStarted: UInt32 = 1

    /// Every document this worker analyzed: final doc ID and field lengths.
    private(set) var lengths: [(doc: UInt32, title: UInt32, body: UInt32)] = []
    /// Runs written, with the final doc IDs of their documents.
    private(set) var runs: [(name: String, docs: [UInt32])] = []
    private(set) var failure: Error?
    var skippedLongWords: Int { analyzer.skippedLongTokens }

    init(index: Int, directory: String, runPrefix: String, budgetBytes: Int, stemming: Bool) {
        self.index = index
        self.directory = directory
        self.runPrefix = runPrefix
        self.budgetBytes = budgetBytes
        analyzer = Analyzer(stemming: stemming)
        sink = IndexingSink(buffer: buffer, epoch: 1)
    }

    /// Inverts one article.
    func add(_ article: PendingArticle) {
        guard failure == nil else { return }
        _ = buffer.beginDocument()
        sink.field = .title
        let titleLength = UInt32(analyzer.analyze(article.title, into: &sink))
        sink.field = .body
        let bodyLength = UInt32(analyzer.analyze(article.body, into: &sink))
        buffer.endDocument()
        bufferDocs.append(article.doc)
        bufferTitleLengths.append(titleLength)
        bufferBodyLengths.append(bodyLength)
        lengths.append((article.doc, titleLength, bodyLength))
        if buffer.memoryBytes > budgetBytes { flush() }
    }

    /// Writes the buffer as a run and starts an empty one.
    private func flush() {
        let name = "\(runPrefix)-w\(index)-r\(runs.count)"
        do {
            _ = try SegmentWriter.writeRun(buffer, titleLengths: bufferTitleLengths, bodyLengths: bufferBodyLengths,
                                           directory: directory, name: name)
            runs.append((name, bufferDocs))
        } catch {
            failure = error
        }
        buffer = PostingsBuffer()
        // A new buffer numbers its terms anew: the term IDs the analyzer cached are stale.
        buffersStarted += 1
        sink = IndexingSink(buffer: buffer, epoch: buffersStarted)
        bufferDocs.removeAll()
        bufferTitleLengths.removeAll()
        bufferBodyLengths.removeAll()
    }

    /// Ends the worker's input: the last buffer goes to a run when runs were written, else its
    /// terms are put in byte order for the merge. Call on the worker's thread, once it has its
    /// last article (so that several workers do this at once).
    func finishInput() {
        guard !finished else { return }
        finished = true
        // Once the budget forced a run, the rest goes to disk too: the merge then holds no buffer.
        if !runs.isEmpty && !bufferDocs.isEmpty { flush() }
        if failure == nil && !bufferDocs.isEmpty { bufferSource = BufferPostingSource(buffer, globalDocs: bufferDocs) }
    }

    /// The worker's posting sources for the final merge: its runs on disk and what is still in memory.
    func sources() throws -> [PostingSource] {
        finishInput()
        if let failure { throw failure }
        var sources: [PostingSource] = []
        for run in runs {
            sources.append(try SegmentPostingSource(directory: directory, name: run.name,
                                                    documentCount: run.docs.count, globalDocs: run.docs))
        }
        if let bufferSource { sources.append(bufferSource) }
        return sources
    }
}
