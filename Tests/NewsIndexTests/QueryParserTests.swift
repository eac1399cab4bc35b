// The query parser: a golden table of hostile inputs → the query they become (as --explain-query
// prints it), and 100,000 seeded random strings that must parse without a crash, in bounded size.
import Testing
@testable import NewsIndex

@Suite("Query parser")
struct QueryParserTests {
    static let golden: [(String, String)] = [
        ("sanctions ceasefire", "sanction ceasefir"),
        ("+sanctions -iran", "+sanction -iran"),
        ("sanctions AND ceasefire", "+sanction +ceasefir"),
        ("sanctions AND NOT iran", "+sanction -iran"),
        ("iran OR iraq", "iran iraq"),
        ("NOT iran", "-iran"),
        ("(iran OR iraq) +oil", "(iran iraq) +oil"),
        ("-(iran OR iraq) +oil", "-(iran iraq) +oil"),
        ("\"peace talks\"", "\"peac talk\""),
        ("\"peace talks\"~3", "\"peac talk\"~3"),
        ("\"peace talks", "\"peac talk\""),
        ("peace talks\"", "peac talk"),
        ("((((nested", "nest"),
        ("))) stray ((", "stray"),
        ("title:ceasefire", "title:ceasefir"),
        ("title:\"peace talks\"", "title:\"peac talk\""),
        ("title:(peace talks)", "(title:peac title:talk)"),
        ("Title:Peace", "title:peac"),
        ("body:oil", "body:oil"),
        ("date:2019", "+date:2019-01-01..2019-12-31"),
        ("date:2019-02", "+date:2019-02-01..2019-02-28"),
        ("date:2020-02", "+date:2020-02-01..2020-02-29"),
        ("date:2019-03-05", "+date:2019-03-05"),
        ("date:2019-01..2019-06", "+date:2019-01-01..2019-06-30"),
        ("date:>=2020-01-01", "+date:2020-01-01.."),
        ("date:>2020-01", "+date:2020-02-01.."),
        ("date:<2019", "+date:..2018-12-31"),
        ("date:<=2019-03", "+date:..2019-03-31"),
        ("date:2019.. oil", "+date:2019-01-01.. oil"),
        ("-date:2019 oil", "-date:2019-01-01..2019-12-31 oil"),
        ("date:nonsense", "date:nonsense"),
        ("date:2019-02-30", "\"date 2019 02 30\""),  // not a date: the words
        ("U.S.-Russia", "\"u.s russia\""),
        ("covid-19", "\"covid 19\""),
        ("C++", "c"),
        ("key: value", "key valu"),
        ("key:value", "key:value"),
        ("title:", "titl"),
        ("+ - AND OR NOT", "(nothing)"),
        ("!!! ??? ...", "(nothing)"),
        ("+\"peace talks\" -\"prime minister\"", "+\"peac talk\" -\"prime minist\""),
        ("peace peace talks", "peac^2 talk"),
        ("\"single\"", "singl"),
        ("\"\"", "(nothing)"),
        ("()", "(nothing)"),
        ("\"peace talks\"~", "\"peac talk\""),
        ("\"peace talks\"~99999", "\"peac talk\"~1000"),
        ("a AND", "+a"),
        ("AND b", "b"),
        ("don't stop", "don't stop"),
        ("Putin's war", "putin war"),
        ("ÉLYSÉE Élysée", "elyse^2"),
        ("presid*", "presid*"),
        ("p*", "p"),
        ("title:presid*", "title:presid*"),
        ("*", "(nothing)"),
        ("--oil", "-oil"),
        ("+-oil", "+oil"),
        ("oil)", "oil"),
        ("(oil", "oil"),
        ("((a b) c)", "((a b) c)"),
    ]

    @Test func goldenTableOfHostileInputs() {
        var parser = QueryParser(stemming: true)
        for (input, expected) in Self.golden {
            #expect(parser.parse(input).description == expected, "input: \(input)")
        }
    }

    @Test func plainModeReadsOperatorsAsWords() {
        var parser = QueryParser(stemming: true)
        #expect(parser.parsePlain("a AND \"b\" -c title:d").description == "a and b c title:d")
    }

    @Test func deepNestingIsFlattenedWithoutRecursion() {
        var parser = QueryParser(stemming: true)
        let deep = String(repeating: "(", count: 100_000) + "oil" + String(repeating: ")", count: 100_000)
        let query = parser.parse(deep)
        #expect(query.description == "oil")
        // 40 levels of two-word groups: at most 32 groups deep.
        let nested = (0..<40).map { "(w\($0) " }.joined() + "x" + String(repeating: ")", count: 40)
        let parsed = parser.parse(nested)
        var depth = 0, maxDepth = 0
        for ch in parsed.description { if ch == "(" { depth += 1; maxDepth = max(maxDepth, depth) } else if ch == ")" { depth -= 1 } }
        #expect(maxDepth <= QueryParser.maximumDepth, "\(parsed)")
        #expect(!parsed.notes.isEmpty)
    }

    @Test func randomStringsParseWithoutCrashing() {
        let seed: UInt64 = 0x5EED_0005
        print("QueryParserTests seed \(seed)")
        var random = SeededRandom(seed: seed)
        var parser = QueryParser(stemming: true)
        let pieces = ["(", ")", "\"", "+", "-", "*", "~", "~3", ":", "title:", "date:", "body:", "AND", "OR", "NOT",
                      " ", " ", " ", "oil", "U.S.", "covid-19", "C++", "é", "日本", "..", ">=", "<", "2019", "-03",
                      "\u{00AD}", "\u{200D}", "'s", "ab*", "\t", "\n", "😀", "\u{0301}", "key:value"]
        var longest = 0
        for _ in 0..<100_000 {
            var text = ""
            for _ in 0..<random.int(0...12) {
                if random.chance(0.15) {
                    text.unicodeScalars.append(Unicode.Scalar(UInt8(random.int(0x20...0x7E))))
                } else {
                    text += pieces[random.below(pieces.count)]
                }
            }
            let query = parser.parse(text)
            let rendered = query.description
            longest = max(longest, rendered.utf8.count)
            #expect(rendered.utf8.count <= 4 * text.utf8.count + 64, "input: \(text.debugDescription)")
        }
        #expect(longest > 0)
    }
}
