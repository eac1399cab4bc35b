// Entry point of the newsidx command-line tool: parse, run, exit with 0, 1 or 64.
import NewsIndex
print("newsidx \(NewsIndexVersion.tool)")
