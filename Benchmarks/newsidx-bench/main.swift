// Entry point of newsidx-bench: parses the scenario and corpus arguments and runs the scenarios.
import Glibc
import NewsIndex

let usage = """
    Usage: newsidx-bench [SCENARIO ...] [--corpus PATH] [--repeat N] [--json]

    Scenarios: analysis (default). Each prints its figures and a checksum of its result, so that a
    broken optimisation cannot look fast.

      analysis   analyzer throughput on one core: MB/s of title + body text, tokens/s
                 (the text is read and parsed first, untimed)

    --corpus PATH   a corpus folder or .jsonl file (default: corpus/)
    --repeat N      timed passes; the best is reported (default 3)
    --json          one JSON object per result
    """

var scenarios: [String] = []
var corpusPath = "corpus"
var repeats = 3
var json = false
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--corpus": corpusPath = arguments.popFirst() ?? corpusPath
    case "--repeat": repeats = Int(arguments.popFirst() ?? "") ?? repeats
    case "--json": json = true
    case "-h", "--help": print(usage); exit(0)
    default:
        if argument.hasPrefix("-") { print(usage); exit(64) }
        scenarios.append(argument)
    }
}
if scenarios.isEmpty { scenarios = ["analysis"] }

do {
    let texts = try BenchCorpus.load(corpusPath)
    for scenario in scenarios {
        switch scenario {
        case "analysis":
            let result = AnalysisScenario.run(texts: texts, repeats: repeats)
            result.print(json: json)
        default:
            print("unknown scenario \(scenario)\n\n\(usage)")
            exit(64)
        }
    }
} catch {
    print("newsidx-bench: \(error)")
    exit(1)
}
