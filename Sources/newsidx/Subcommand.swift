// The shape every subcommand has: a name, help text, the arguments it accepts, and a run function.

/// One `newsidx` subcommand. `run` returns the exit status (0 ok, 1 failure); it throws
/// `UsageError` for bad arguments (exit 64) and `NewsIndexError` for failures (exit 1).
protocol Subcommand {
    static var name: String { get }
    /// One line for the command list.
    static var summary: String { get }
    /// The full `--help` text.
    static var help: String { get }
    static var spec: ArgumentSpec { get }
    static func run(_ arguments: ParsedArguments) throws -> Int32
}

/// A subcommand as a value, so the dispatcher needs no existential metatypes.
struct CommandEntry {
    let name: String
    let summary: String
    let help: String
    let spec: ArgumentSpec
    let run: (ParsedArguments) throws -> Int32

    init<Command: Subcommand>(_ command: Command.Type) {
        name = Command.name
        summary = Command.summary
        help = Command.help
        spec = Command.spec
        run = { try Command.run($0) }
    }
}
