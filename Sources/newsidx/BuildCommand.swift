// `newsidx build DIR`: index every article under a folder and commit the index atomically.
import NewsIndex

enum BuildCommand: Subcommand {
    static let name = "build"
    static let summary = "index every article under a folder"
    static let spec = ArgumentSpec(
        options: ["--index", "--threads", "--memory"],
        flags: ["--quiet", "--json", "--strict", "--wait", "--no-stem", "--full"],
        maxPositionals: 1)
    static let help = """
        Usage: newsidx build DIR [--index PATH] [--threads N] [--memory MB] [--full] [--quiet] [--json]
                                 [--strict] [--wait]

        Reads every article under DIR, recursively, in sorted path order: .txt files (first line
        " date YYYY-MM-DD Headline" or a bare headline, then the body) and .jsonl files (one JSON
        object per line with title, body, optional id and date). Hidden files and folders are
        skipped. Problem files are named on stderr and skipped; the build goes on.

        The index is written to PATH (default: $NEWSIDX_INDEX, else .newsidx in the current folder)
        and committed atomically: a search running meanwhile sees the old index or the new one.
        Run again over an existing index, it analyzes only what changed: added and modified files
        are indexed, deleted ones removed, unchanged ones kept (size and modification time first,
        then a content hash, so `touch` costs no work); with nothing changed it writes nothing.
        The index is the same, byte for byte, whatever the thread count or memory budget.

        Options:
          --index PATH   where to write the index
          --threads N    threads for analysis (default: all cores)
          --memory MB    memory for postings before they go to runs on disk, merged at the end
                         (default 256)
          --full         analyze everything again instead of only what changed
          --quiet        no progress line and no summary
          --json         print the summary as one JSON object on stdout
          --strict       exit 1 when there were warnings (the index is still written)
          --wait         wait for another build of the same index to finish instead of failing
          --no-stem      index folded words without Porter2 stemming
          -h, --help     show this help
        """

    static func run(_ arguments: ParsedArguments) throws -> Int32 {
        guard let corpus = arguments.positionals.first else {
            throw UsageError("build needs the corpus folder, e.g. `newsidx build corpus/`")
        }
        var options = BuildOptions(corpusPath: corpus,
                                   indexPath: arguments.string("--index") ?? IndexDirectory.defaultBuildPath())
        options.threads = try arguments.integer("--threads", default: 0, in: 0...256)
        options.memoryMegabytes = try arguments.integer("--memory", default: 256, in: 1...1_048_576)
        options.full = arguments.has("--full")
        options.stemming = !arguments.has("--no-stem")
        options.waitForLock = arguments.has("--wait")
        let quiet = arguments.has("--quiet")
        let progress = ProgressLine(enabled: !quiet && Console.err.isTerminal)
        let summary = try IndexBuilder.build(
            options,
            warning: { Console.warn("warning: \($0)") },
            progress: progress.enabled ? { progress.update($0) } : nil)
        progress.clear()
        if arguments.has("--json") {
            var object = JSONObjectWriter()
            object.add("articles", summary.articles)
            object.add("files", summary.sourceFiles)
            object.add("terms", summary.terms)
            object.add("postings", summary.postings)
            object.add("index_bytes", summary.indexBytes)
            object.add("input_bytes", summary.inputBytes)
            object.add("seconds", summary.seconds)
            object.add("mb_per_s", summary.megabytesPerSecond)
            object.add("warnings", summary.warnings)
            object.add("skipped_long_words", summary.skippedLongWords)
            object.add("generation", Int(summary.generation))
            object.add("committed", summary.committed)
            object.add("added", summary.added)
            object.add("changed", summary.changed)
            object.add("removed", summary.removed)
            object.add("unchanged", summary.unchanged)
            object.add("threads", summary.threads)
            object.add("runs", summary.runs)
            object.add("index", options.indexPath)
            Console.out.line(object.result)
        } else if !quiet && !summary.committed {
            Console.out.line("Index up to date: \(summary.unchanged) files unchanged, \(summary.articles) articles "
                + "(\(Format.decimal(summary.seconds, 2)) s)")
        } else if !quiet {
            Console.out.line("Files: \(summary.added) added, \(summary.changed) changed, \(summary.removed) removed, "
                + "\(summary.unchanged) unchanged")
            Console.out.line("Indexed \(summary.articles) articles from \(summary.sourceFiles) files: "
                + "\(summary.terms) terms, \(summary.postings) postings, index \(Format.bytes(summary.indexBytes)) "
                + "in \(options.indexPath)")
            Console.out.line("\(Format.decimal(summary.seconds, 2)) s, \(Format.decimal(summary.megabytesPerSecond, 1)) MB/s, "
                + "\(summary.warnings) warning\(summary.warnings == 1 ? "" : "s")")
        }
        return arguments.has("--strict") && summary.warnings > 0 ? 1 : 0
    }
}

/// The live progress line on a terminal: files, MB, MB/s, elapsed, ETA; at most 10 updates a second.
final class ProgressLine {
    let enabled: Bool
    private var lastUpdate = 0.0
    private var shown = false

    init(enabled: Bool) { self.enabled = enabled }

    func update(_ progress: BuildProgress) {
        guard enabled, progress.seconds - lastUpdate >= 0.1 || progress.filesDone == progress.filesTotal else { return }
        lastUpdate = progress.seconds
        let megabytes = Double(progress.bytesDone) / 1e6
        let rate = progress.seconds > 0 ? megabytes / progress.seconds : 0
        let remaining = rate > 0 ? Double(progress.bytesTotal - progress.bytesDone) / 1e6 / rate : 0
        Console.err.write("\r\u{1B}[K\(progress.filesDone)/\(progress.filesTotal) files, "
            + "\(Format.decimal(megabytes, 1)) MB, \(Format.decimal(rate, 1)) MB/s, "
            + "\(Format.decimal(progress.seconds, 1)) s elapsed, ETA \(Format.decimal(remaining, 0)) s")
        Console.err.flush()
        shown = true
    }

    func clear() {
        guard shown else { return }
        Console.err.write("\r\u{1B}[K")
        Console.err.flush()
    }
}
