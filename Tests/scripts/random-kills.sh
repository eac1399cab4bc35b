#!/usr/bin/env bash
# Crash safety at random moments: builds of a corpus of a few MB (corpus/ repeated, made here)
# are killed with SIGKILL after a random delay, KILLS times (default 100). The corpus alternates
# between two versions A and B; after every kill `newsidx check` passes and a batch search gives
# exactly A's run or B's run. Seeded: SEED (printed) replays the same delays.
# Env: KILLS (100), COPIES (copies of corpus/wikinews, 1), SEED.
source "$(dirname "$0")/lib.sh"
find_binary
make_scratch random-kills

kills=${KILLS:-100}
copies=${COPIES:-1}
seed=${SEED:-$(( $(date +%s) % 100000 ))}
echo "random-kills: seed $seed ($kills kills; replay with SEED=$seed)"
RANDOM=$seed

corpus="$SCRATCH/corpus"
index="$SCRATCH/index"
queries="$SCRATCH/queries"
mkdir -p "$corpus"
cp -r "$ROOT/corpus/." "$corpus/"
for ((i = 1; i <= copies; i++)); do cp -r "$ROOT/corpus/wikinews" "$corpus/copy-$i"; done
write_queries "$queries"

# Version A and version B differ in one article (present in both, with other words).
version() {
    if [[ $1 == A ]]; then
        printf ' date 2026-02-01 Version A\n\nzqxmarker alpha election results.\n' >"$corpus/version.txt"
    else
        printf ' date 2026-02-02 Version B\n\nzqxvariant beta storm flood election.\n' >"$corpus/version.txt"
    fi
}
for v in A B; do
    version $v
    "$BIN" build "$corpus" --index "$SCRATCH/ref-$v" --quiet
    search_run "$SCRATCH/ref-$v" "$queries" "$SCRATCH/run-$v"
done
cmp -s "$SCRATCH/run-A" "$SCRATCH/run-B" && fail "versions A and B answer alike"

# Incremental builds (the default once an index exists) redo only what changed, which is quick:
# three kills in four hit full rebuilds (--full, when this newsidx has it), the fourth an incremental one.
full=()
if "$BIN" build --help | grep -q -- '--full'; then full=(--full); fi
# How long each kind of build takes here (the kills are spread over that time).
timed_build_ms() {
    local start
    start=$(date +%s%N)
    "$BIN" build "$corpus" --index "$SCRATCH/timing" --quiet "$@"
    echo $(( ($(date +%s%N) - start) / 1000000 ))
}
cp -r "$SCRATCH/ref-B" "$SCRATCH/timing"
version A
full_ms=$(timed_build_ms "${full[@]}")
version B
incremental_ms=$(timed_build_ms)
echo "random-kills: corpus $(du -sh "$corpus" | cut -f1); a full build takes about $full_ms ms, an incremental one $incremental_ms ms"
cp -r "$SCRATCH/ref-A" "$index"
current=A

interrupted=0
completed=0
for ((k = 1; k <= kills; k++)); do
    if [[ $current == A ]]; then next=B; else next=A; fi
    version $next
    mode=("${full[@]}")
    elapsed_ms=$full_ms
    if ((k % 4 == 0)); then mode=(); elapsed_ms=$incremental_ms; fi
    # Delay in 0 .. 1.1 x the build time: most kills land inside the build, a few after it.
    delay_ms=$(( (RANDOM * 32768 + RANDOM) % (elapsed_ms * 11 / 10 + 1) ))
    "$BIN" build "$corpus" --index "$index" --quiet "${mode[@]}" 2>"$SCRATCH/stderr" &
    pid=$!
    sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
    kill -KILL "$pid" 2>/dev/null || true
    status=0
    { wait "$pid" || status=$?; } 2>/dev/null
    [[ -z "${VERBOSE:-}" ]] || echo "kill $k: delay $delay_ms ms, status $status"
    if [[ $status -eq 0 ]]; then
        completed=$((completed + 1))
    elif [[ $status -eq 137 ]]; then
        interrupted=$((interrupted + 1))
    else
        fail "kill $k: build exited $status: $(cat "$SCRATCH/stderr")"
    fi
    check_index "$index"
    if ! search_run "$index" "$queries" "$SCRATCH/now" 2>"$SCRATCH/search-stderr"; then
        fail "kill $k (after ${delay_ms} ms): search failed: $(cat "$SCRATCH/search-stderr")"
    fi
    if cmp -s "$SCRATCH/now" "$SCRATCH/run-$next"; then
        current=$next
    elif cmp -s "$SCRATCH/now" "$SCRATCH/run-$current"; then
        [[ $status -ne 0 ]] || fail "kill $k: the build completed but the index still answers like the old version"
    else
        fail "kill $k (after ${delay_ms} ms): the answers match neither version A nor version B"
    fi
done

before=$(generation "$index")
"$BIN" build "$corpus" --index "$index" --quiet
check_index "$index"
stray=$(leftovers "$index" "$before")
[[ -z "$stray" ]] || fail "stray files after a clean build: $stray"
echo "random-kills: $kills kills ($interrupted builds interrupted, $completed had completed); check and search passed after every one; no stray files after the next build"
