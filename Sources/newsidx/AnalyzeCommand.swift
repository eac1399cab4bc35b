// `newsidx analyze`: shows how text is cut into terms (position, byte range, original text, term).
import NewsIndex

enum AnalyzeCommand: Subcommand {
    static let name = "analyze"
    static let summary = "show how text is cut into terms"
    static let spec = ArgumentSpec(flags: ["--json", "--no-stem"], maxPositionals: 1)
    static let help = """
        Usage: newsidx analyze [TEXT] [--json] [--no-stem]

        Shows how newsidx cuts TEXT (or standard input, when no TEXT is given) into terms: one token a
        line with its position (word number), its UTF-8 byte range start-end in the text, the original
        text and the term that is indexed. The analysis: Unicode word boundaries (UAX #29), case and
        diacritic folding, typographic apostrophes as ', the English possessive 's removed, Snowball
        English (Porter2) stemming. A word with inner punctuation ("U.S.", "can't") also gives its parts
        on their own lines, at the same position.

        Options:
          --json      JSON Lines, one object per token: position, start, end, text, term
          --no-stem   show the folded words without stemming
          -h, --help  show this help
        """

    static func run(_ arguments: ParsedArguments) throws -> Int32 {
        let text: String
        if let given = arguments.positionals.first {
            text = given
        } else {
            let decoded = LenientUTF8.decode(StandardInput.readAll())
            if decoded.replaced { Console.warn("standard input is not valid UTF-8; invalid bytes were replaced by U+FFFD") }
            text = decoded.text
        }
        var analyzer = Analyzer(stemming: !arguments.has("--no-stem"))
        let tokens = analyzer.tokens(of: text)
        let utf8 = Array(text.utf8)
        let json = arguments.has("--json")
        for token in tokens {
            let original = String(decoding: utf8[token.start..<token.end], as: UTF8.self)
            if json {
                var object = JSONObjectWriter()
                object.add("position", token.position)
                object.add("start", token.start)
                object.add("end", token.end)
                object.add("text", original)
                object.add("term", token.term)
                Console.out.line(object.result)
            } else {
                Console.out.line("\(token.position)\t\(token.start)-\(token.end)\t"
                    + TerminalText.sanitized(original, singleLine: true) + "\t"
                    + TerminalText.sanitized(token.term, singleLine: true))
            }
        }
        if analyzer.skippedLongTokens > 0 {
            Console.warn("\(analyzer.skippedLongTokens) word(s) longer than 255 bytes were skipped")
        }
        return 0
    }
}
