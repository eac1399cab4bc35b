// `newsidx stats`: what the index holds: articles, terms, postings, bytes per file, version, build time.
import NewsIndex

enum StatsCommand: Subcommand {
    static let name = "stats"
    static let summary = "describe the index"
    static let spec = ArgumentSpec(options: ["--index"], flags: ["--json"], maxPositionals: 0)
    static let help = """
        Usage: newsidx stats [--json] [--index PATH]

        Prints what the index holds: articles, terms, postings, positions, the bytes of every file,
        the format version, the build time and the corpus folder it was built from.

        Options:
          --json         one JSON object
          --index PATH   the index (default: $NEWSIDX_INDEX, else .newsidx here or in a parent)
        """

    static func run(_ arguments: ParsedArguments) throws -> Int32 {
        let reader = try IndexLocation.open(arguments)
        let stats = try reader.statistics()
        if arguments.has("--json") {
            var object = JSONObjectWriter()
            object.add("index", reader.path)
            object.add("format_version", Int(NewsIndexVersion.format))
            object.add("generation", Int(reader.manifest.generation))
            object.add("build_time", Int(reader.manifest.buildTime))
            object.add("corpus", reader.manifest.corpusRoot)
            object.add("articles", reader.documentCount)
            object.add("segments", reader.manifest.segments.count)
            object.add("terms", stats.terms)
            object.add("postings", stats.postings)
            object.add("positions", stats.positions)
            object.add("average_title_length", reader.averageTitleLength)
            object.add("average_body_length", reader.averageBodyLength)
            object.add("stemming", reader.manifest.stemming)
            var files = JSONObjectWriter()
            for (name, size) in stats.fileSizes { files.add(name, size) }
            object.addRaw("files", files.result)
            object.add("index_bytes", stats.fileSizes.reduce(0) { $0 + $1.1 })
            Console.out.line(object.result)
            return 0
        }
        Console.out.line("index         \(TerminalText.sanitized(reader.path, singleLine: true))")
        Console.out.line("corpus        \(TerminalText.sanitized(reader.manifest.corpusRoot, singleLine: true))")
        Console.out.line("format        version \(NewsIndexVersion.format), generation \(reader.manifest.generation), built \(Timestamp.utc(reader.manifest.buildTime))")
        Console.out.line("articles      \(reader.documentCount) in \(reader.manifest.segments.count) segment\(reader.manifest.segments.count == 1 ? "" : "s")")
        Console.out.line("terms         \(stats.terms)")
        Console.out.line("postings      \(stats.postings)")
        Console.out.line("positions     \(stats.positions)")
        Console.out.line("avg length    title \(Format.decimal(reader.averageTitleLength, 1)), body \(Format.decimal(reader.averageBodyLength, 1)) words")
        Console.out.line("stemming      \(reader.manifest.stemming ? "Porter2" : "off")")
        var total = 0
        for (name, size) in stats.fileSizes {
            Console.out.line("file          \(name.padding(toLength: 18)) \(Format.bytes(size))")
            total += size
        }
        Console.out.line("total         \(Format.bytes(total))")
        return 0
    }
}

/// Unix seconds as an ISO 8601 UTC timestamp, without Foundation.
enum Timestamp {
    static func utc(_ seconds: Int64) -> String {
        var days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        let rest = seconds - days * 86400
        // Civil-from-days (Howard Hinnant's algorithm).
        days += 719_468
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let dayOfEra = days - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(two(month))-\(two(day)) \(two(rest / 3600)):\(two(rest / 60 % 60)):\(two(rest % 60)) UTC"
    }
}
