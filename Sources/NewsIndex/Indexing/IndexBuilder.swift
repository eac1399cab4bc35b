// `newsidx build`: read the corpus, analyze and invert every article, write a segment, commit it.

/// What to build, and how.
public struct BuildOptions: Sendable {
    /// The corpus folder.
    public var corpusPath: String
    /// The index folder (created when missing).
    public var indexPath: String
    public var stemming = true
    /// Wait for a running build to finish instead of failing at once.
    public var waitForLock = false

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
        let directory = try IndexDirectory.prepareForBuild(at: options.indexPath, wait: options.waitForLock)
        defer { directory.releaseLock() }

        var summary = BuildSummary()
        let scan = try CorpusScanner.scan(root: options.corpusPath)
        let corpusRoot = SystemCalls.resolvedPath(options.corpusPath) ?? options.corpusPath
        for item in scan.warnings { warning(item); summary.warnings += 1 }
        let bytesTotal = scan.files.reduce(0) { $0 + Int($1.size) }

        let segment = SegmentContents()
        var analyzer = Analyzer(stemming: options.stemming)
        var ids = DocumentIDs()
        var sink = IndexingSink(buffer: segment.postings)
        for (fileIndex, file) in scan.files.enumerated() {
            let bytes: [UInt8]
            do {
                bytes = try SystemCalls.readFile(at: file.absolutePath)
            } catch let error as NewsIndexError {
                warning(CorpusWarning(path: file.relativePath, message: "unreadable, skipped: \(error.message)"))
                summary.warnings += 1
                continue
            }
            summary.inputBytes += bytes.count
            // The file enters the stored file table with its first article (a file with none is left out).
            var storedFile: Int?
            func index(_ parsed: Document) {
                var document = parsed
                if let duplicate = ids.assign(&document) { warning(duplicate); summary.warnings += 1 }
                if storedFile == nil {
                    storedFile = segment.stored.addFile(StoredSourceFile(
                        relativePath: file.relativePath, kind: file.kind, size: Int64(bytes.count),
                        modificationTimeNanoseconds: file.modificationTimeNanoseconds,
                        contentHash: bytes.withUnsafeBytes { XXHash64.hash($0) }))
                    summary.sourceFiles += 1
                }
                add(document, fileIndex: storedFile!, to: segment, analyzer: &analyzer, sink: &sink)
            }
            let warnings: [CorpusWarning]
            if file.kind == .text {
                let parsed = ArticleParser.parseText(bytes: bytes, file: file)
                warnings = parsed.1
                if let document = parsed.0 { index(document) }
            } else {
                // Streamed: one article at a time, never the whole file's articles at once.
                warnings = ArticleParser.parseJSONLines(bytes: bytes, file: file, each: index)
            }
            for item in warnings { warning(item); summary.warnings += 1 }
            progress?(BuildProgress(filesDone: fileIndex + 1, filesTotal: scan.files.count,
                                    bytesDone: summary.inputBytes, bytesTotal: bytesTotal,
                                    seconds: seconds(since: started)))
        }
        summary.articles = segment.documentCount
        summary.skippedLongWords = analyzer.skippedLongTokens

        let generation = directory.nextGeneration
        let name = IndexDirectory.segmentName(generation: generation, index: 0)
        let sizes = try SegmentWriter.write(segment, directory: directory.path, name: name)
        let manifest = Manifest(
            generation: generation, buildTime: IndexDirectory.wallClockSeconds(),
            corpusRoot: corpusRoot, stemming: options.stemming,
            segments: [SegmentEntry(name: name, documentCount: segment.documentCount)])
        let manifestBytes = try directory.commit(manifest)
        summary.terms = sizes.terms
        summary.postings = sizes.postings
        summary.indexBytes = sizes.total + manifestBytes
        summary.generation = generation
        summary.seconds = seconds(since: started)
        return summary
    }

    private static func add(
        _ document: Document, fileIndex: Int, to segment: SegmentContents,
        analyzer: inout Analyzer, sink: inout IndexingSink
    ) {
        _ = segment.postings.beginDocument()
        sink.field = .title
        let titleLength = analyzer.analyze(document.title, into: &sink)
        sink.field = .body
        let bodyLength = analyzer.analyze(document.body, into: &sink)
        segment.documents.append(titleLength: UInt32(titleLength), bodyLength: UInt32(bodyLength),
                                 date: UInt32(bitPattern: document.date))
        segment.stored.addDocument(StoredDocument(
            id: document.id, title: document.title, date: document.date, fileIndex: fileIndex,
            recordOffset: document.source.byteOffset, recordLength: document.source.byteLength,
            bodyOffset: document.source.bodyOffset, lineNumber: document.source.lineNumber,
            recordHash: document.source.contentHash))
    }

    static func seconds(since start: UInt64) -> Double {
        Double(ProcessEnvironment.monotonicNanoseconds() - start) / 1e9
    }
}

/// Feeds the analyzer's terms into the postings buffer, for the field being analyzed.
struct IndexingSink: TokenSink {
    let buffer: PostingsBuffer
    var field = Field.title

    @inline(__always)
    mutating func accept(term: UnsafeBufferPointer<UInt8>, position: Int, start: Int, end: Int, isPart: Bool) {
        buffer.add(term, field: field, position: position)
    }
}
