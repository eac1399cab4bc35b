#!/usr/bin/env bash
# Crash safety, step by step: for N = 1, 2, ... a build of a changed corpus kills itself (SIGKILL,
# NEWSIDX_CRASH_AT=N) at its N-th write, fsync or rename, until a build completes. After every
# kill, `newsidx check` passes and a batch search gives exactly the run of the previous index or
# of the new one (never a mix, never an error). Finally a normal build leaves no stray files.
# Two phases: (1) every step of the default (incremental) build of corpus/; (2) if this newsidx has
# --memory and --full: full rebuilds under a 1 MB postings budget (runs spilled to disk and merged),
# on a part of corpus/, crashing at steps 1, 2, 3, 5, 8, ... (x1.5) since there are hundreds.
source "$(dirname "$0")/lib.sh"
find_binary
make_scratch crash-points
queries="$SCRATCH/queries"
write_queries "$queries"

# run_phase NAME GROWTH BUILD-ARGS...: GROWTH 0 crashes at every step, else multiplies by 1.5.
run_phase() {
local phase=$1 growth=$2
shift 2
local args=("$@")
corpus="$SCRATCH/$phase/corpus"
index="$SCRATCH/$phase/index"
ref="$SCRATCH/$phase/ref"
mkdir -p "$corpus"
if [[ $growth == 0 ]]; then
    cp -r "$ROOT/corpus/." "$corpus/"
else
    mkdir -p "$corpus/wikinews"
    cp "$ROOT"/corpus/wikinews/wikinews-0000[0-3]*.txt "$corpus/wikinews/"
fi
"$BIN" build "$corpus" --index "$index" --quiet
check_index "$index"

# Every step changes the corpus: a new article with a marker word, and an edit of an old one.
change_corpus() {
    local n=$1
    printf ' date 2026-01-%02d Crash test article %d\n\nzqxmarker number %d appears in this article about elections.\n' \
        $((n % 28 + 1)) "$n" "$n" >"$corpus/crash-$n.txt"
    local victim
    local articles
    articles=$(ls "$corpus/wikinews" | grep -c '\.txt$')
    victim=$(ls "$corpus/wikinews" | grep '\.txt$' | sed -n "$((n % articles + 1))p")
    printf '\nzqxvariant %d, added later.\n' "$n" >>"$corpus/wikinews/$victim"
}

n=0
killed=0
committed_before_kill=0
while true; do
    if [[ $growth == 0 ]]; then n=$((n + 1)); else n=$((n < 2 ? n + 1 : n * 3 / 2)); fi
    if ((n > 500)); then fail "the build never completed within 500 crash points"; fi
    search_run "$index" "$queries" "$SCRATCH/old"
    change_corpus "$n"
    rm -rf "$ref"
    "$BIN" build "$corpus" --index "$ref" --quiet
    search_run "$ref" "$queries" "$SCRATCH/new"
    if cmp -s "$SCRATCH/old" "$SCRATCH/new"; then fail "step $n: the corpus change did not change the results"; fi

    set +e
    NEWSIDX_CRASH_AT=$n run_quietly "$BIN" build "$corpus" --index "$index" --quiet "${args[@]}" 2>"$SCRATCH/stderr"
    status=$?
    set -e
    check_index "$index"
    if ! search_run "$index" "$queries" "$SCRATCH/now" 2>"$SCRATCH/search-stderr"; then
        fail "step $n: search failed after the kill: $(cat "$SCRATCH/search-stderr")"
    fi
    if [[ $status -eq 0 ]]; then
        cmp -s "$SCRATCH/now" "$SCRATCH/new" || fail "step $n: the completed build does not answer like the reference"
        break
    fi
    [[ $status -eq 137 ]] || fail "step $n: build exited $status, expected SIGKILL (137): $(cat "$SCRATCH/stderr")"
    killed=$((killed + 1))
    last_killed=$n
    if cmp -s "$SCRATCH/now" "$SCRATCH/new"; then
        committed_before_kill=$((committed_before_kill + 1))
    elif ! cmp -s "$SCRATCH/now" "$SCRATCH/old"; then
        diff "$SCRATCH/old" "$SCRATCH/now" | head -5 >&2
        fail "step $n: the search answers match neither the old index nor the new one"
    fi
done

# The next normal build removes every leftover of the interrupted builds.
before=$(generation "$index")
"$BIN" build "$corpus" --index "$index" --quiet
check_index "$index"
stray=$(leftovers "$index" "$before")
[[ -z "$stray" ]] || fail "stray files after a clean build: $stray"
echo "crash-points ($phase): $killed builds killed (the last at step $last_killed; after $committed_before_kill of them the new index was already committed), the one with crash point $n completed; check and search passed after every kill; no stray files"
}

run_phase incremental 0
if "$BIN" build --help | grep -q -- '--memory' && "$BIN" build --help | grep -q -- '--full'; then
    run_phase runs 1 --full --memory 1 --threads 2
fi
