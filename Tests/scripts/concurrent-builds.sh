#!/usr/bin/env bash
# Concurrency: (1) two searchers run batch searches in a loop while builds of two alternating corpus
# versions commit repeatedly into the same index: every search succeeds and answers exactly like
# version A or version B (a mix of generations would answer like neither). (2) A second build of an
# index whose build is running stops at once, exit 1, naming the running build's pid; with --wait it
# queues and commits after the first.
# Env: BUILDS (number of committing builds, default 16).
source "$(dirname "$0")/lib.sh"
find_binary
make_scratch concurrent

builds=${BUILDS:-16}
queries="$SCRATCH/queries"
write_queries "$queries"
for v in A B; do
    mkdir -p "$SCRATCH/corpus-$v"
    cp -r "$ROOT/corpus/." "$SCRATCH/corpus-$v/"
done
printf ' date 2026-02-01 Version A\n\nzqxmarker alpha election results.\n' >"$SCRATCH/corpus-A/version.txt"
printf ' date 2026-02-02 Version B\n\nzqxvariant beta storm flood election.\n' >"$SCRATCH/corpus-B/version.txt"
# B also drops a tenth of the articles, so most queries' runs differ between the versions.
for f in $(ls "$SCRATCH/corpus-B/wikinews" | grep '\.txt$' | awk 'NR % 10 == 0'); do rm "$SCRATCH/corpus-B/wikinews/$f"; done
for v in A B; do
    "$BIN" build "$SCRATCH/corpus-$v" --index "$SCRATCH/ref-$v" --quiet
    search_run "$SCRATCH/ref-$v" "$queries" "$SCRATCH/run-$v"
done
cmp -s "$SCRATCH/run-A" "$SCRATCH/run-B" && fail "versions A and B answer alike"

index="$SCRATCH/index"
"$BIN" build "$SCRATCH/corpus-A" --index "$index" --quiet
done_flag="$SCRATCH/builds-done"

searcher() {
    local id=$1 count=0 out="$SCRATCH/searcher-$1"
    while [[ ! -e $done_flag ]]; do
        if ! "$BIN" search --batch "$queries" --index "$index" --limit 20 >"$out.run" 2>"$out.err"; then
            echo "search failed: $(cat "$out.err")" >>"$SCRATCH/failures"
        elif ! cmp -s "$out.run" "$SCRATCH/run-A" && ! cmp -s "$out.run" "$SCRATCH/run-B"; then
            cp "$out.run" "$SCRATCH/mixed-$id-$count"
            echo "searcher $id: an answer matching neither version (kept in mixed-$id-$count)" >>"$SCRATCH/failures"
        fi
        count=$((count + 1))
    done
    echo "$count" >"$out.count"
}
searcher 1 &
s1=$!
searcher 2 &
s2=$!
for ((b = 1; b <= builds; b++)); do
    if ((b % 2)); then v=B; else v=A; fi
    "$BIN" build "$SCRATCH/corpus-$v" --index "$index" --quiet || { touch "$done_flag"; fail "build $b failed"; }
done
touch "$done_flag"
wait "$s1" "$s2"
searches=$(( $(cat "$SCRATCH/searcher-1.count") + $(cat "$SCRATCH/searcher-2.count") ))
if [[ -s "$SCRATCH/failures" ]]; then
    sort "$SCRATCH/failures" | uniq -c | head -5 >&2
    fail "$(wc -l <"$SCRATCH/failures") of $searches searches failed or saw a mix while $builds builds committed"
fi
((searches > 0)) || fail "no search ran"
check_index "$index"
echo "concurrent-builds: $searches batch searches during $builds commits: none failed, each answered exactly like one version"

# (2) The lock. A long build (the corpus repeated) holds it; a second build must fail at once.
big="$SCRATCH/big"
mkdir -p "$big"
for ((i = 1; i <= 4; i++)); do cp -r "$ROOT/corpus/wikinews" "$big/copy-$i"; done
lock_index="$SCRATCH/lock-index"
attempts=0
while true; do
    attempts=$((attempts + 1))
    ((attempts <= 5)) || fail "could not start a second build while the first was running (5 tries)"
    rm -rf "$lock_index"
    "$BIN" build "$big" --index "$lock_index" --quiet 2>"$SCRATCH/first.err" &
    first=$!
    # The build writes its pid into LOCK once it holds the lock.
    for ((t = 0; t < 500; t++)); do
        [[ "$(cat "$lock_index/LOCK" 2>/dev/null)" == "$first" ]] && break
        sleep 0.01
    done
    set +e
    "$BIN" build "$big" --index "$lock_index" --quiet 2>"$SCRATCH/second.err"
    second_status=$?
    set -e
    # --wait queues behind the first (started while the first still runs, checked below).
    "$BIN" build "$big" --index "$lock_index" --quiet --wait 2>"$SCRATCH/third.err" &
    third=$!
    first_status=0
    wait "$first" || first_status=$?
    [[ $first_status -eq 0 ]] || fail "the first build failed: $(cat "$SCRATCH/first.err")"
    third_status=0
    wait "$third" || third_status=$?
    if [[ $second_status -eq 0 ]]; then
        echo "concurrent-builds: the first build ended before the second started; trying again" >&2
        continue
    fi
    [[ $second_status -eq 1 ]] || fail "the second build exited $second_status, expected 1: $(cat "$SCRATCH/second.err")"
    grep -q "pid $first" "$SCRATCH/second.err" || fail "the second build's message does not name pid $first: $(cat "$SCRATCH/second.err")"
    [[ $third_status -eq 0 ]] || fail "the --wait build failed: $(cat "$SCRATCH/third.err")"
    check_index "$lock_index"
    break
done
echo "concurrent-builds: a second build stopped at once naming pid $first (\"$(tr -d '\n' <"$SCRATCH/second.err")\"); a --wait build queued and committed after it"
