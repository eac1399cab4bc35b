#!/bin/bash
# Per-class query latency without the peers' harness: the harness's batch files (OR and AND) run
# five times over in one `newsidx search --batch` process after two warm-up passes; for each class
# (1-term, 2-term, 3-term, phrase) the median over its queries of each query's best pass, in µs.
# Needs the folder the harness made (build_all.py / query_all.py with newsidx) and python3.
#
#   Benchmarks/quick-check.sh BINARY INDEX [HARNESS_FOLDER]
#   Benchmarks/quick-check.sh .build/release/newsidx /tmp/peers-idx/reuters/newsidx-t1
set -euo pipefail
binary=$1; index=$2; harness=${3:-/tmp/peers-idx/reuters}
scratch=$(mktemp -d); trap 'rm -rf "$scratch"' EXIT
for mode in or and; do
  for pass in 1 2 3 4 5; do cat "$harness/newsidx-query/default.$mode.k10.queries.tsv"; done > "$scratch/$mode.tsv"
  "$binary" search --batch "$scratch/$mode.tsv" --index "$index" --limit 10 --warmup 2 --timings "$scratch/$mode.lat" > /dev/null
  python3 - "$mode" "$scratch/$mode.lat" "$harness/queries.default.norm.tsv" <<'PY'
import statistics, sys
mode, timings, classes = sys.argv[1:]
kind = {line.split('\t')[0]: line.split('\t')[1] for line in open(classes)}
best = {}
for line in open(timings):
    qid, us = line.split()
    best[qid] = min(best.get(qid, float('inf')), float(us))
per_class = {}
for qid, us in best.items(): per_class.setdefault(kind[qid], []).append(us)
print(mode, ' '.join('%s %.0f' % (c, statistics.median(v)) for c, v in sorted(per_class.items())))
PY
done
