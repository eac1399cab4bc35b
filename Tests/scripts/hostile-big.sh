#!/usr/bin/env bash
# A single huge article (issue 7): BIG_MB megabytes (default 100 with a release binary; 10 with the
# debug binary CI builds, which indexes about 1-2 MB/s) of real words in one .txt file, with a
# line of a million characters and a marker word at the very end, beside a normal article. The
# build succeeds, `check` passes, the marker and the normal article are found; the peak RSS of
# the build is printed.
source "$(dirname "$0")/lib.sh"
find_binary
make_scratch hostile-big
if [[ -z "${BIG_MB:-}" ]]; then
    if [[ "$BIN" == */release/* ]]; then BIG_MB=100; else BIG_MB=10; fi
fi
corpus="$SCRATCH/corpus"
mkdir -p "$corpus"
cp "$ROOT/corpus/wikinews/wikinews-000001.txt" "$corpus/normal.txt"
python3 - "$corpus/big.txt" "$BIG_MB" "$ROOT/corpus/wikinews" <<'PY'
import os, random, sys
path, megabytes, source = sys.argv[1], int(sys.argv[2]), sys.argv[3]
words = []
for name in sorted(os.listdir(source))[:50]:
    if name.endswith(".txt"):
        words += open(os.path.join(source, name), encoding="utf-8").read().split()
rng = random.Random(7)
paragraph = (" ".join(rng.choice(words) for _ in range(100_000)) + "\n\n").encode()
with open(path, "wb") as f:
    f.write(b" date 2026-03-03 One enormous article\n\n")
    f.write(b"zqxmillion " + b"abcdefghi " * 100_000 + b"\n\n")  # a line of a million characters
    written = 0
    while written < megabytes * 1_000_000:
        f.write(paragraph)
        written += len(paragraph)
    f.write(b"zqxbigend at the very end.\n")
PY
start=$(date +%s)
if command -v /usr/bin/time >/dev/null; then
    /usr/bin/time -f "%M" -o "$SCRATCH/rss" "$BIN" build "$corpus" --index "$SCRATCH/index" --quiet
    rss="$(( $(cat "$SCRATCH/rss") / 1024 )) MB peak RSS"
else
    "$BIN" build "$corpus" --index "$SCRATCH/index" --quiet
    rss="peak RSS not measured"
fi
seconds=$(( $(date +%s) - start ))
check_index "$SCRATCH/index"
for word in zqxbigend zqxmillion; do
    "$BIN" search "$word" --index "$SCRATCH/index" --json | grep -q '"id":"big"' || fail "$word not found in the big article"
done
"$BIN" search "$(head -c 300 "$corpus/normal.txt" | tail -c 100 | tr -cs 'A-Za-z' ' ')" --index "$SCRATCH/index" --json --limit 2 \
    | grep -q '"id":"normal"' || fail "the normal article was not found"
echo "hostile-big: a $(du -m "$corpus/big.txt" | cut -f1) MB article with a 1,000,000-character line indexed in ${seconds} s ($rss); check and search passed"
