// `newsidx check`: verify every checksum and structural invariant of the index; exit 0 clean, 1 corrupt.
import NewsIndex

enum CheckCommand: Subcommand {
    static let name = "check"
    static let summary = "verify the index's checksums and structure"
    static let spec = ArgumentSpec(options: ["--index"], flags: ["--json"], maxPositionals: 0)
    static let help = """
        Usage: newsidx check [--json] [--index PATH]

        Reads every file of the index: verifies each file's CRC-32 and the structural invariants
        (sorted terms, increasing doc ids, offsets in bounds, counts that agree across files) and
        names the file and offset of the first problem in each damaged file.
        Exit status: 0 clean, 1 corrupt (or no index).

        Options:
          --json         one JSON object: clean, problems, and the counts verified
          --index PATH   the index (default: $NEWSIDX_INDEX, else .newsidx here or in a parent)
        """

    static func run(_ arguments: ParsedArguments) throws -> Int32 {
        let path = try IndexLocation.path(arguments)
        let report = try IndexChecker.check(indexPath: path)
        if arguments.has("--json") {
            var object = JSONObjectWriter()
            object.add("index", path)
            object.add("clean", report.isClean)
            object.addRaw("problems", "[" + report.problems.map { JSONText.string($0.description) }.joined(separator: ",") + "]")
            object.add("files", report.filesVerified)
            object.add("terms", report.termsVerified)
            object.add("postings", report.postingsVerified)
            object.add("positions", report.positionsVerified)
            object.add("documents", report.documentsVerified)
            Console.out.line(object.result)
        } else if report.isClean {
            Console.out.line("\(path): clean: \(report.filesVerified) files, \(report.termsVerified) terms, "
                + "\(report.postingsVerified) postings, \(report.positionsVerified) positions, "
                + "\(report.documentsVerified) documents verified")
        } else {
            for problem in report.problems { Console.out.line(TerminalText.sanitized(problem.description, singleLine: true)) }
            Console.warn("\(path): \(report.problems.count) damaged file\(report.problems.count == 1 ? "" : "s"); rebuild the index with `newsidx build`")
        }
        return report.isClean ? 0 : 1
    }
}
