#!/usr/bin/env python3
"""Query fuzz through the CLI (issue 7): seeded random and adversarial query lines, raw bytes
(invalid UTF-8, control characters, NULs, huge lines, deep nesting) fed to `newsidx search --batch -`
on standard input, on an index of corpus/. The process must exit 0 with a well-formed TREC run and
a peak RSS no more than 64 MB above the same process answering one plain query; each query's time
(from --timings) is reported, and must stay under a generous bound (5 s of wall time: a debug build on a busy
machine; the in-process fuzz test bounds CPU time per query properly).

Env: NEWSIDX_BIN (default: swift build's), SEED (printed), QUERIES (default 5000)."""
import os
import random
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def binary():
    if os.environ.get("NEWSIDX_BIN"):
        return os.environ["NEWSIDX_BIN"]
    path = subprocess.run(["swift", "build", "--show-bin-path"], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout.strip()
    return os.path.join(path, "newsidx")


def vocabulary():
    words = set()
    folder = os.path.join(ROOT, "corpus", "wikinews")
    for name in sorted(os.listdir(folder))[:30]:
        if name.endswith(".txt"):
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                words.update(f.read().split()[:300])
    return sorted(words)


SYMBOLS = [b"(", b")", b'"', b"'", b"-", b"+", b"*", b"?", b"~", b"^", b":", b"\\", b"AND", b"OR",
           b"NOT", b"title:", b"body:", b"date:", b"NEAR/3", b"{", b"}", b"[", b"]", b"&&", b"||", b"!"]
ODD = [b"\x00", b"\x07", b"\x08", b"\x1b[31m", b"\x1b]0;x\x07", b"\r", b"\x7f", b"\xc2\x85", b"\xc2\x9b",
       b"\xe2\x80\x8b", b"\xef\xbb\xbf", b"\xff", b"\xfe", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80",
       b"\xe2\x82", b"\x80", b"\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7"]


def query(rng, words, index):
    kind = rng.randrange(100)
    if index % 1000 == 500:  # rare huge lines
        return rng.choice([b"(" * 100_000, b'"a ' * 30_000, b"x" * 1_000_000,
                           b" ".join(rng.choice(words).encode() for _ in range(2000))])
    if kind < 40:
        return b" ".join((rng.choice(SYMBOLS) if rng.random() < 0.3 else b"") + rng.choice(words).encode()
                         for _ in range(rng.randint(1, 8)))
    if kind < 60:
        parts = [rng.choice(SYMBOLS + ODD) if rng.random() < 0.6 else rng.choice(words).encode()
                 for _ in range(rng.randint(1, 30))]
        return (b" " if rng.random() < 0.5 else b"").join(parts)
    if kind < 80:
        return bytes(rng.randrange(256) for _ in range(rng.randint(0, 200)))
    if kind < 90:
        depth = rng.randint(1, 300)
        return b"(" * depth + rng.choice(words).encode() + b")" * rng.randint(0, depth)
    return rng.choice([b"", b" ", b"\t", b'"', b"()", b"-", b"NOT", b"*", b"\t\t", b"id\t"])


def run(args, stdin=b""):
    """Runs args with stdin; returns (returncode, stdout, stderr, peak RSS in KB of that process)."""
    with tempfile.TemporaryFile() as i, tempfile.TemporaryFile() as o, tempfile.TemporaryFile() as e:
        i.write(stdin)
        i.seek(0)
        process = subprocess.Popen(args, stdin=i, stdout=o, stderr=e)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        o.seek(0)
        e.seek(0)
        return process.returncode, o.read(), e.read(), usage.ru_maxrss


def main():
    seed = int(os.environ.get("SEED", random.randrange(1_000_000)))
    count = int(os.environ.get("QUERIES", "5000"))
    print(f"query-fuzz: seed {seed}, {count} queries (replay with SEED={seed})")
    rng = random.Random(seed)
    newsidx = binary()
    words = vocabulary()
    with tempfile.TemporaryDirectory(prefix="newsidx-query-fuzz-") as scratch:
        index = os.path.join(scratch, "index")
        subprocess.run([newsidx, "build", os.path.join(ROOT, "corpus"), "--index", index, "--quiet"], check=True)
        # The baseline: one plain query (RUSAGE_CHILDREN's peak only grows, so measure it first).
        status, _, stderr, base_rss = run([newsidx, "search", "--batch", "-", "--index", index], stdin=b"q1\telection\n")
        if status != 0:
            sys.exit(f"FAIL: a plain batch query failed: {stderr!r}")
        lines = []
        for i in range(count):
            text = query(rng, words, i).replace(b"\n", b" ")
            lines.append(text if rng.random() < 0.5 else b"q%d\t" % i + text)
        timings = os.path.join(scratch, "timings")
        status, stdout, stderr, rss = run([newsidx, "search", "--batch", "-", "--index", index, "--timings", timings],
                                          stdin=b"\n".join(lines) + b"\n")
        if status != 0:
            sys.exit(f"FAIL: batch search exited {status}: {stderr[-2000:]!r}")
        run_lines = stdout.split(b"\n")[:-1]
        for line in run_lines:
            fields = line.split(b" ")
            if len(fields) != 6 or fields[1] != b"Q0" or fields[5] != b"newsidx" or any(b < 0x20 or b == 0x7f for b in line):
                sys.exit(f"FAIL: malformed TREC line {line[:200]!r}")
        stderr_lines = stderr.decode("utf-8", "replace").splitlines()
        if any(any(ord(c) < 0x20 and c != "\t" or 0x7f <= ord(c) < 0xa0 for c in l) for l in stderr_lines):
            sys.exit("FAIL: control characters on stderr")
        with open(timings) as f:
            micros = sorted(int(l.rsplit("\t", 1)[1]) for l in f if l.strip())
        slowest = micros[-1] if micros else 0
        growth_mb = (rss - base_rss) / 1024
        print(f"query-fuzz: {len(micros)} queries answered, {len(run_lines)} result lines; "
              f"slowest {slowest / 1000:.1f} ms (wall), median {micros[len(micros) // 2]} µs; "
              f"peak RSS {rss} KB vs {base_rss} KB for one plain query (+{growth_mb:.1f} MB)")
        if slowest > 5_000_000:
            sys.exit(f"FAIL: a query took {slowest / 1000:.0f} ms")
        if growth_mb > 64:
            sys.exit(f"FAIL: peak RSS grew by {growth_mb:.1f} MB (> 64 MB)")


if __name__ == "__main__":
    main()
