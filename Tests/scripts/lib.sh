# Shared helpers of the reliability scripts (sourced, not run).
# NEWSIDX_BIN: the newsidx binary to test; default: the one `swift build` (CI's build) produced.

set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

find_binary() {
    if [[ -n "${NEWSIDX_BIN:-}" ]]; then
        BIN="$NEWSIDX_BIN"
    else
        BIN="$(cd "$ROOT" && swift build --show-bin-path)/newsidx"
    fi
    if [[ ! -x "$BIN" ]]; then
        echo "newsidx binary not found at $BIN (run swift build first, or set NEWSIDX_BIN)" >&2
        exit 1
    fi
}

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

# A scratch folder removed on exit.
make_scratch() {
    SCRATCH="$(mktemp -d "${TMPDIR:-/tmp}/newsidx-$1-XXXXXX")"
    trap 'rm -rf "$SCRATCH"' EXIT
}

# Queries whose TREC run (ids, ranks, scores) identifies one index generation exactly.
write_queries() {
    printf '%s\n' \
        "q1	election results" \
        "q2	sanctions ceasefire" \
        "q3	zqxmarker" \
        "q4	president government minister" \
        "q5	storm flood weather" \
        "q6	zqxvariant" >"$1"
}

# search_run INDEX QUERIES OUT: the TREC run of the queries on INDEX (fails on any error).
search_run() {
    "$BIN" search --batch "$2" --index "$1" --limit 20 >"$3"
}

# check_index INDEX: `newsidx check` must pass.
check_index() {
    local out
    if ! out=$("$BIN" check --index "$1" 2>&1); then
        fail "newsidx check failed on $1: $out"
    fi
}

# generation INDEX: the committed generation.
generation() {
    "$BIN" stats --json --index "$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["generation"])'
}

# leftovers INDEX PREVIOUS: files other than LOCK, MANIFEST, the current generation's and those of
# generation PREVIOUS (the one in force when the last build started: kept by design, since a reader
# that read the old MANIFEST may still be opening them; the next build removes them).
leftovers() {
    local current
    current=$(printf 'g%06d-' "$(generation "$1")")
    local previous
    previous=$(printf 'g%06d-' "$2")
    (cd "$1" && ls -A) | grep -v -x -e LOCK -e MANIFEST | grep -v -e "^$current" -e "^$previous" || true
}

# run_quietly CMD...: runs CMD in the background and waits for it, so bash prints no "Killed"
# line; the exit status is CMD's (137 when killed by SIGKILL).
run_quietly() {
    "$@" &
    local pid=$!
    local status=0
    wait "$pid" || status=$?
    return "$status"
}
