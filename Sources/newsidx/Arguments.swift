// A small command-line argument parser: flags, options with values, positionals; usage errors exit 64.

/// A mistake in how the command was called: printed with a pointer to `--help`, exit status 64.
struct UsageError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

/// What a subcommand accepts.
struct ArgumentSpec {
    /// Options that take a value (`--limit 5` or `--limit=5`).
    var options: Set<String> = []
    /// Options that take no value (`--json`).
    var flags: Set<String> = []
    /// The most positional arguments accepted.
    var maxPositionals = 0
}

/// The parsed arguments of one subcommand, with typed accessors that validate values.
struct ParsedArguments {
    private(set) var flags: Set<String> = []
    private(set) var values: [String: String] = [:]
    private(set) var positionals: [String] = []

    init(_ arguments: ArraySlice<String>, spec: ArgumentSpec) throws(UsageError) {
        var index = arguments.startIndex
        var onlyPositionals = false
        while index < arguments.endIndex {
            let argument = arguments[index]
            index += 1
            if onlyPositionals || !argument.hasPrefix("-") || argument == "-" {
                positionals.append(argument)
                continue
            }
            if argument == "--" { onlyPositionals = true; continue }
            if argument == "-h" { flags.insert("--help"); continue }
            var name = argument
            var inlineValue: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            if spec.flags.contains(name) || name == "--help" {
                if inlineValue != nil { throw UsageError("\(name) takes no value") }
                flags.insert(name)
            } else if spec.options.contains(name) {
                if let inlineValue {
                    values[name] = inlineValue
                } else if index < arguments.endIndex {
                    values[name] = arguments[index]
                    index += 1
                } else {
                    throw UsageError("\(name) needs a value")
                }
            } else if Int(argument) != nil || Double(argument) != nil {
                positionals.append(argument)  // a negative number is a value, not an option
            } else {
                throw UsageError("unknown option \(name)")
            }
        }
        if positionals.count > spec.maxPositionals {
            let extra = positionals[spec.maxPositionals]
            throw UsageError(spec.maxPositionals == 0
                ? "unexpected argument '\(extra)'" : "unexpected extra argument '\(extra)'")
        }
    }

    func has(_ flag: String) -> Bool { flags.contains(flag) }

    func string(_ option: String) -> String? { values[option] }

    /// An integer option within `range`, or `defaultValue` when absent.
    func integer(_ option: String, default defaultValue: Int, in range: ClosedRange<Int>) throws(UsageError) -> Int {
        guard let text = values[option] else { return defaultValue }
        guard let value = Int(text), range.contains(value) else {
            throw UsageError("\(option) takes a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text)'")
        }
        return value
    }

    /// A decimal option within `range`, or `defaultValue` when absent.
    func decimal(_ option: String, default defaultValue: Double, in range: ClosedRange<Double>) throws(UsageError) -> Double {
        guard let text = values[option] else { return defaultValue }
        guard let value = Double(text), value.isFinite, range.contains(value) else {
            throw UsageError("\(option) takes a number from \(range.lowerBound) to \(range.upperBound), not '\(text)'")
        }
        return value
    }

    /// One of `choices`, or `defaultValue` when absent.
    func choice(_ option: String, default defaultValue: String, among choices: [String]) throws(UsageError) -> String {
        guard let text = values[option] else { return defaultValue }
        guard choices.contains(text) else {
            throw UsageError("\(option) takes one of \(choices.joined(separator: ", ")), not '\(text)'")
        }
        return text
    }
}
