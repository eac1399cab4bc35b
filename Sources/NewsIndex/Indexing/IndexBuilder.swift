// `newsidx build`: read the corpus, analyze and invert what changed on every core within a memory
// budget, merge it with what is kept from the previous index, and commit one segment atomically.

/// What to build, and how.
public struct BuildOptions: Sendable {
    /// The corpus folder.
    public var corpusPath: String
    /// The index folder (created when missing).
    public var indexPath: String
    public var stemming = true
    /// Wait for a running build to finish instead of failing at once.
    public var waitForLock = false
    /// Analysis threads; 0 = every core.
    public var threads = 0
    /// Memory for in-memory postings, in MB; above it postings go to runs on disk, merged at the end.
    public var memoryMegabytes = 256
    /// Re-analyze everything instead of only what changed since the last build.
    public var full = false
    /// The memory budget in bytes, when a test needs one far below a megabyte (many runs).
    public var memoryBytes: Int?

    public init(corpusPath: String, indexPath: String) {
        self.corpusPath = corpusPath
        self.indexPath = indexPath
    }
}

/// What a build did.
public struct BuildSummary: Sendable {
    public var articles = 0
    public var sourceFiles = 0
    public var terms = 0
    public var postings = 0
    public var indexBytes = 0
    /// Bytes of corpus files read.
    public var inputBytes = 0
    public var seconds = 0.0
    public var warnings = 0
    public var skippedLongWords = 0
    public var generation: UInt64 = 0
    /// Files new since the previous build, changed, gone, and left as they were.
    public var added = 0
    public var changed = 0
    public var removed = 0
    public var unchanged = 0
    /// Whether a new generation was committed (false when nothing changed).
    public var committed = false
    public var threads = 1
    /// Runs written because the memory budget was reached.
    public var runs = 0

    public var megabytesPerSecond: Double { seconds > 0 ? Double(inputBytes) / 1_000_000 / seconds : 0 }
}

/// How far a build has got, for a progress line.
public struct BuildProgress: Sendable {
    public var filesDone: Int
    public var filesTotal: Int
    public var bytesDone: Int
    public var bytesTotal: Int
    public var seconds: Double
}

public enum IndexBuilder {
    /// Builds the index of `options.corpusPath` into `options.indexPath` and commits it atomically.
    /// Problems with single files are reported through `warning` and skipped; the build goes on.
    public static func build(
        _ options: BuildOptions,
        warning: (CorpusWarning) -> Void,
        progress: ((BuildProgress) -> Void)? = nil
    ) throws -> BuildSummary {
        let started = ProcessEnvironment.monotonicNanoseconds()
        ProcessEnvironment.returnFreedMemoryToSystem()
        let directory = try IndexDirectory.prepareForBuild(at: options.indexPath, wait: options.waitForLock)
        defer { directory.releaseLock() }

        var summary = BuildSummary()
        let scan = try CorpusScanner.scan(root: options.corpusPath)
        let corpusRoot = SystemCalls.resolvedPath(options.corpusPath) ?? options.corpusPath
        for item in scan.warnings { warning(item); summary.warnings += 1 }
        let bytesTotal = scan.files.reduce(0) { $0 + Int($1.size) }

        let previous = options.full ? nil : try PreviousIndex.open(directory, stemming: options.stemming)
        if let previous, previous.isUpToDate(with: scan.files) {
            // Every file has the size and time it had: nothing to read, nothing to write.
            summary.unchanged = scan.files.count
            summary.sourceFiles = scan.files.count
            summary.articles = previous.manifest.documentCount
            summary.generation = previous.manifest.generation
            summary.seconds = seconds(since: started)
            return summary
        }
        let threads = options.threads > 0 ? options.threads : ProcessEnvironment.processorCount
        summary.threads = threads
        let budget = options.memoryBytes ?? (max(1, options.memoryMegabytes) << 20)
        let runPrefix = "g" + String(directory.nextGeneration) + "-tmp"
        let workers = (0..<threads).map {
            InvertingWorker(index: $0, directory: directory.path, runPrefix: runPrefix,
                            budgetBytes: budget / 2 / threads, stemming: options.stemming)
        }
        let queue = BoundedQueue<[PendingArticle]>(capacity: threads * 4)
        let threadHandles = threads > 1
            ? workers.map { worker in
                WorkerThread {
                    while let batch = queue.pop() { for article in batch { worker.add(article) } }
                    worker.finishInput()
                }
            }
            : []

        var stored = StoredFieldsWriter()
        var dates: [UInt32] = []
        var keptLengths: [(doc: UInt32, title: UInt32, body: UInt32)] = []
        var ids = DocumentIDs()
        var batch: [PendingArticle] = []
        func send(_ article: PendingArticle) {
            if threads == 1 { workers[0].add(article); return }
            batch.append(article)
            if batch.count >= 64 { queue.push(batch); batch = [] }
        }

        var bytesDone = 0
        for (fileIndex, file) in scan.files.enumerated() {
            defer {
                progress?(BuildProgress(filesDone: fileIndex + 1, filesTotal: scan.files.count, bytesDone: bytesDone,
                                        bytesTotal: bytesTotal, seconds: seconds(since: started)))
            }
            bytesDone += Int(file.size)
            let old = try previous?.file(file.relativePath)
            let inPieces = file.kind == .jsonLines && file.size > Int64(CorpusFileReader.pieceSize)
            var bytes: [UInt8]?
            if let old {
                var hash: UInt64?
                if old.file.size == file.size && old.file.modificationTimeNanoseconds == file.modificationTimeNanoseconds {
                    hash = old.file.contentHash
                } else if old.file.size == file.size {
                    // Same size, new time: the content hash tells a `touch` from an edit.
                    if inPieces {
                        hash = try? CorpusFileReader.readJSONLines(file, each: { _ in }).hash
                    } else if let read = try? SystemCalls.readFile(at: file.absolutePath) {
                        bytes = read
                        hash = CorpusFileReader.hash(read)
                    }
                }
                if let hash, hash == old.file.contentHash {
                    // Unchanged: keep its articles as they are.
                    summary.unchanged += 1
                    var kept = old.file
                    kept.modificationTimeNanoseconds = file.modificationTimeNanoseconds
                    let storedFile = stored.addFile(kept)
                    summary.sourceFiles += 1
                    for oldDoc in old.docs {
                        let doc = UInt32(stored.documentCount)
                        var record = try previous!.document(oldDoc)
                        ids.reserve(record.stored.id, source: DocumentIDs.describe(record.source(file: kept)))
                        record.stored.location.fileIndex = storedFile
                        stored.addDocument(record.stored)
                        dates.append(record.date)
                        keptLengths.append((doc, record.titleLength, record.bodyLength))
                        previous!.map(oldDoc, to: doc)
                    }
                    continue
                }
                summary.changed += 1
            } else {
                summary.added += 1
            }
            // Every readable file enters the file table, articles or not (so a rerun knows it).
            var storedFile: Int?
            var fileHash: UInt64 = 0
            var fileSize = 0
            func addFile() -> Int {
                summary.sourceFiles += 1
                return stored.addFile(StoredSourceFile(
                    relativePath: file.relativePath, kind: file.kind, size: 0,
                    modificationTimeNanoseconds: file.modificationTimeNanoseconds, contentHash: 0))
            }
            func index(_ parsed: Document) {
                var document = parsed
                if let duplicate = ids.assign(&document) { warning(duplicate); summary.warnings += 1 }
                let doc = UInt32(stored.documentCount)
                stored.addDocument(StoredDocument(
                    id: document.id, title: document.title, date: document.date, location: StoredLocation(
                        fileIndex: storedFile!, recordOffset: document.source.byteOffset,
                        recordLength: document.source.byteLength, bodyOffset: document.source.bodyOffset,
                        lineNumber: document.source.lineNumber,
                        recordHash: UInt32(truncatingIfNeeded: document.source.contentHash))))
                dates.append(UInt32(bitPattern: document.date))
                send(PendingArticle(doc: doc, title: document.title, body: document.body))
            }
            var warnings: [CorpusWarning] = []
            do {
                if inPieces { storedFile = addFile() }
                if inPieces {
                    // Read in pieces of whole lines: a large file never sits in memory whole.
                    let result = try CorpusFileReader.readJSONLines(file, each: index)
                    (warnings, fileSize, fileHash) = (result.warnings, result.bytes, result.hash)
                } else {
                    let contents = try bytes ?? SystemCalls.readFile(at: file.absolutePath)
                    (fileSize, fileHash) = (contents.count, CorpusFileReader.hash(contents))
                    storedFile = addFile()
                    if file.kind == .text {
                        let parsed = ArticleParser.parseText(bytes: contents, file: file)
                        warnings = parsed.1
                        if let document = parsed.0 { index(document) }
                    } else {
                        // Streamed: one article at a time, never the whole file's articles at once.
                        warnings = ArticleParser.parseJSONLines(bytes: contents, file: file, each: index)
                    }
                }
            } catch let error as NewsIndexError {
                warning(CorpusWarning(path: file.relativePath, message: "unreadable, skipped: \(error.message)"))
                summary.warnings += 1
                // Not indexed: neither added nor changed (a previous version's articles are dropped).
                if old == nil { summary.added -= 1 } else { summary.changed -= 1 }
                if storedFile != nil { throw NewsIndexError(.io, "\(file.relativePath): changed or failed while it was being read (\(error.message)); run the build again") }
                continue
            }
            summary.inputBytes += fileSize
            if let storedFile { stored.setFileSizeAndHash(storedFile, size: Int64(fileSize), contentHash: fileHash) }
            for item in warnings { warning(item); summary.warnings += 1 }
        }
        if !batch.isEmpty { queue.push(batch) }
        queue.close()
        for handle in threadHandles { handle.join() }
        if let previous { summary.removed = previous.fileCount - summary.unchanged - summary.changed }
        summary.articles = stored.documentCount
        summary.skippedLongWords = workers.reduce(0) { $0 + $1.skippedLongWords }
        summary.runs = workers.reduce(0) { $0 + $1.runs.count }

        if let previous, summary.added == 0 && summary.changed == 0 && summary.removed == 0 {
            // Nothing to do: the index already holds exactly this corpus.
            summary.generation = previous.manifest.generation
            summary.seconds = seconds(since: started)
            return summary
        }

        // Every document's lengths and date, in doc ID order.
        var titleLengths = [UInt32](repeating: 0, count: stored.documentCount)
        var bodyLengths = [UInt32](repeating: 0, count: stored.documentCount)
        for entry in keptLengths + workers.flatMap(\.lengths) {
            titleLengths[Int(entry.doc)] = entry.title
            bodyLengths[Int(entry.doc)] = entry.body
        }
        var documents = DocumentTableWriter()
        for doc in 0..<stored.documentCount {
            documents.append(titleLength: titleLengths[doc], bodyLength: bodyLengths[doc], date: dates[doc])
        }
        var sources: [PostingSource] = try previous?.sources() ?? []
        for worker in workers { sources.append(contentsOf: try worker.sources()) }

        let generation = directory.nextGeneration
        let name = IndexDirectory.segmentName(generation: generation, index: 0)
        let sizes = try SegmentWriter.write(sources: sources, documents: documents, stored: stored,
                                            directory: directory.path, name: name, threads: threads,
                                            // Encoding on a second thread keeps up to two large terms
                                            // in flight: only when no run was needed, so the
                                            // postings held in memory stayed well inside the budget.
                                            pipelined: threads > 1 && summary.runs == 0)
        sources.removeAll()
        let manifest = Manifest(
            generation: generation, buildTime: IndexDirectory.wallClockSeconds(),
            corpusRoot: corpusRoot, stemming: options.stemming,
            segments: [SegmentEntry(name: name, documentCount: stored.documentCount)])
        let manifestBytes = try directory.commit(manifest)
        directory.removeRuns(prefix: runPrefix)
        summary.terms = sizes.terms
        summary.postings = sizes.postings
        summary.indexBytes = sizes.total + manifestBytes
        summary.generation = generation
        summary.committed = true
        summary.seconds = seconds(since: started)
        return summary
    }

    static func seconds(since start: UInt64) -> Double {
        Double(ProcessEnvironment.monotonicNanoseconds() - start) / 1e9
    }
}

/// Feeds the analyzer's terms into the postings buffer, for the field being analyzed, by ID when
/// the analyzer kept the buffer's term IDs beside a cached word (`epoch` names the buffer).
/// The buffer is held unmanaged: its worker keeps it alive and gives the sink a new one (and a new
/// epoch) with each new buffer (a strong reference cost an atomic retain and release per token).
struct IndexingSink: TokenSink {
    private let buffer: Unmanaged<PostingsBuffer>
    let termIDEpoch: UInt32
    var field = Field.title

    init(buffer: PostingsBuffer, epoch: UInt32) {
        self.buffer = .passUnretained(buffer)
        termIDEpoch = epoch
    }

    @inline(__always)
    mutating func accept(term: UnsafeBufferPointer<UInt8>, position: Int, start: Int, end: Int, isPart: Bool) {
        let field = self.field
        buffer._withUnsafeGuaranteedRef { $0.add(term, field: field, position: position) }
    }

    @inline(__always)
    func termID(of term: UnsafeBufferPointer<UInt8>) -> UInt32 {
        buffer._withUnsafeGuaranteedRef { $0.termID(of: term) }
    }

    @inline(__always)
    mutating func accept(termID: UInt32, position: Int) {
        let field = self.field
        buffer._withUnsafeGuaranteedRef { $0.add(id: termID, field: field, position: position) }
    }
}
