// Entry point of newsidx-bench: runs the benchmark scenarios.
import NewsIndex
print("newsidx-bench \(NewsIndexVersion.tool)")
