// Entry point of the newsidx command-line tool: parse, run, exit with 0 (ok), 1 (failure) or 64 (usage).
import Glibc
import NewsIndex

let subcommands: [CommandEntry] = [
    CommandEntry(BuildCommand.self), CommandEntry(SearchCommand.self), CommandEntry(ShowCommand.self),
    CommandEntry(StatsCommand.self), CommandEntry(CheckCommand.self), CommandEntry(AnalyzeCommand.self),
    CommandEntry(EvalCommand.self),
]

@MainActor func usage() -> String {
    var text = """
        newsidx \(NewsIndexVersion.tool): full-text search for news archives

        Usage: newsidx COMMAND [OPTIONS]

        Commands:

        """
    for command in subcommands {
        text += "  " + command.name.padding(toLength: 10) + command.summary + "\n"
    }
    text += """

        Run 'newsidx COMMAND --help' for a command's options. 'newsidx --version' prints the version.
        """
    return text
}

extension String {
    func padding(toLength length: Int) -> String {
        count >= length ? self + " " : self + String(repeating: " ", count: length - count)
    }
}

@MainActor func runMain() -> Int32 {
    Console.ignoreBrokenPipes()
    let arguments = CommandLine.arguments.dropFirst()
    guard let first = arguments.first else {
        Console.err.line(usage())
        return 64
    }
    if first == "--version" || first == "version" {
        Console.out.line("newsidx \(NewsIndexVersion.tool) (index format version \(NewsIndexVersion.format))")
        return 0
    }
    if first == "--help" || first == "-h" || first == "help" {
        Console.out.line(usage())
        return 0
    }
    guard let command = subcommands.first(where: { $0.name == first }) else {
        Console.warn("unknown command '\(first)'. Commands: "
            + subcommands.map(\.name).joined(separator: ", ") + ". Run 'newsidx --help'.")
        return 64
    }
    do {
        let parsed: ParsedArguments
        do throws(UsageError) {
            parsed = try ParsedArguments(arguments.dropFirst(), spec: command.spec)
        } catch {
            throw error as Error
        }
        if parsed.has("--help") {
            Console.out.line(command.help)
            return 0
        }
        return try command.run(parsed)
    } catch let error as UsageError {
        Console.warn("\(command.name): \(error.message). Run 'newsidx \(command.name) --help' for usage.")
        return 64
    } catch let error as NewsIndexError {
        Console.warn(error.message)
        return 1
    } catch {
        Console.warn("\(error)")
        return 1
    }
}

let status = runMain()
Console.out.flush()
Console.err.flush()
exit(status)
