#!/usr/bin/env python3
"""Generates Sources/NewsIndex/Analysis/FoldingTables.swift: the term-folding map of TextFolder.

Usage (from anywhere; stdlib only):
    python3 Scripts/generate_folding_tables.py [DATA_FOLDER]

DATA_FOLDER holds the Unicode 15.0 files CaseFolding.txt and UnicodeData.txt; it defaults to
../shared/testdata/unicode relative to the repository root.

What one scalar folds to (applied to every scalar of the result until nothing changes):
  1. format characters (General_Category Cf) and variation selectors are dropped;
  2. typographic apostrophes become ASCII ';
  3. full case folding (CaseFolding.txt statuses C and F);
  4. otherwise canonical decomposition (UnicodeData.txt field 5 without a <tag>), one level;
  5. otherwise combining diacritical marks (blocks 0300-036F, 1AB0-1AFF, 1DC0-1DFF,
     20D0-20FF, FE20-FE2F) are dropped;
  6. otherwise a few letters without a decomposition get an explicit mapping (l-stroke -> l, ...).
Case folding comes before decomposition so that, e.g., U+0345 YPOGEGRAMMENI becomes iota as it
does in the full case folding of the precomposed letters. Every scalar whose fixed point differs
from itself is emitted, with the UTF-8 bytes of that fixed point (empty: dropped).
"""

import os
import sys

DIACRITIC_BLOCKS = [(0x0300, 0x036F), (0x1AB0, 0x1AFF), (0x1DC0, 0x1DFF),
                    (0x20D0, 0x20FF), (0xFE20, 0xFE2F)]
VARIATION_SELECTORS = [(0xFE00, 0xFE0F), (0xE0100, 0xE01EF)]
APOSTROPHES = [0x2018, 0x2019, 0x201B, 0x02BC, 0xFF07]
EXPLICIT = {
    0x0142: "l",   # ł
    0x00F8: "o",   # ø
    0x0111: "d",   # đ
    0x0131: "i",   # ı
    0x00E6: "ae",  # æ
    0x0153: "oe",  # œ
    0x00FE: "th",  # þ
    0x00F0: "d",   # ð
    0x0127: "h",   # ħ
    0x0167: "t",   # ŧ
    0x0140: "l",   # ŀ
    0x00DF: "ss",  # ß (also its full case folding)
}


def in_ranges(cp, ranges):
    return any(lo <= cp <= hi for lo, hi in ranges)


def read_case_folding(path):
    folding = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            fields = [x.strip() for x in line.split(";")]
            if fields[1] in ("C", "F"):
                folding[int(fields[0], 16)] = [int(x, 16) for x in fields[2].split()]
    return folding


def read_unicode_data(path):
    """Returns (canonical decompositions, set of Cf scalars)."""
    decomposition, format_chars = {}, set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            fields = line.rstrip("\n").split(";")
            if len(fields) < 6:
                continue
            cp = int(fields[0], 16)
            if fields[2] == "Cf":
                format_chars.add(cp)
            d = fields[5].strip()
            if d and not d.startswith("<"):
                decomposition[cp] = [int(x, 16) for x in d.split()]
    return decomposition, format_chars


def main():
    repo_root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    data = sys.argv[1] if len(sys.argv) > 1 else os.path.join(repo_root, "..", "shared", "testdata", "unicode")
    folding = read_case_folding(os.path.join(data, "CaseFolding.txt"))
    decomposition, format_chars = read_unicode_data(os.path.join(data, "UnicodeData.txt"))
    # Ranges in UnicodeData.txt (<..., First>/<..., Last>) are never Cf and never decompose.

    def step(cp):
        """One rewriting step for one scalar; None when the scalar is left as it is."""
        if cp in format_chars or in_ranges(cp, VARIATION_SELECTORS):
            return []
        if cp in APOSTROPHES:
            return [0x27]
        if cp in folding:
            return folding[cp]
        if cp in decomposition:
            return decomposition[cp]
        if in_ranges(cp, DIACRITIC_BLOCKS):
            return []
        if cp in EXPLICIT:
            return [ord(c) for c in EXPLICIT[cp]]
        return None

    def fold(cp):
        seq = [cp]
        for _ in range(20):
            changed, out = False, []
            for c in seq:
                r = step(c)
                if r is None:
                    out.append(c)
                else:
                    changed = True
                    out.extend(r)
            if not changed:
                return seq
            seq = out
        raise SystemExit("no fixed point for U+%04X" % cp)

    candidates = (set(folding) | set(decomposition) | format_chars | set(APOSTROPHES) | set(EXPLICIT)
                  | {c for lo, hi in DIACRITIC_BLOCKS + VARIATION_SELECTORS for c in range(lo, hi + 1)})
    entries = []
    for cp in sorted(candidates):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        target = fold(cp)
        if target != [cp]:
            entries.append((cp, "".join(chr(c) for c in target).encode("utf-8")))
    assert all(cp >= 0x80 or cp in range(0x41, 0x5B) for cp, _ in entries)
    # ASCII is folded by TextFolder's fast path: only A-Z change. Keep the table to scalars >= 0x80.
    entries = [(cp, b) for cp, b in entries if cp >= 0x80]
    # Every emitted target is a fixed point (folding is idempotent).
    for cp, b in entries:
        for c in b.decode("utf-8"):
            assert fold(ord(c)) == [ord(c)], "U+%04X: target not a fixed point" % cp

    # TextFolder documents that a folded word is at most 3x the bytes of the word.
    expansion = max(len(b) / len(chr(cp).encode("utf-8")) for cp, b in entries)
    assert expansion <= 3, expansion

    keys, offsets, pool = [], [0], bytearray()
    for cp, b in entries:
        keys.append(cp)
        pool.extend(b)
        offsets.append(len(pool))

    def rows(values, fmt, per_line):
        lines = []
        for i in range(0, len(values), per_line):
            lines.append("        " + ", ".join(fmt % v for v in values[i:i + per_line]) + ",")
        return "\n".join(lines)

    out_path = os.path.join(repo_root, "Sources", "NewsIndex", "Analysis", "FoldingTables.swift")
    with open(out_path, "w", encoding="utf-8") as f:
        f.write("""\
// GENERATED FILE, do not edit: the term-folding map used by TextFolder (Unicode 15.0).
// Regenerate from the repository root with: python3 Scripts/generate_folding_tables.py
// (reads CaseFolding.txt and UnicodeData.txt, by default from ../shared/testdata/unicode).
// %d scalars (all >= U+0080) fold to something other than themselves; %d bytes of replacements.

/// Flat folding tables: `keys` is sorted; the folded form of `keys[i]` is the UTF-8 in
/// `pool[offsets[i] ..< offsets[i + 1]]` (empty: the scalar is dropped).
enum FoldingTables {
    /// Scalars whose folded form differs from themselves, ascending.
    static let keys: [UInt32] = [
%s
    ]

    /// `offsets[i] ..< offsets[i + 1]` is the replacement of `keys[i]` in `pool`.
    static let offsets: [UInt32] = [
%s
    ]

    /// UTF-8 bytes of all replacements, back to back.
    static let pool: [UInt8] = [
%s
    ]
}
""" % (len(keys), len(pool), rows(keys, "0x%04X", 10), rows(offsets, "%d", 14), rows(list(pool), "0x%02X", 16)))
    print("wrote %s: %d keys, %d pool bytes" % (out_path, len(keys), len(pool)))


if __name__ == "__main__":
    main()
