#!/usr/bin/env python3
"""Generates Sources/NewsIndex/Analysis/WordBreakTables.swift from the Unicode 15.0 data files.

Usage (from anywhere):
    python3 Scripts/generate_wordbreak_tables.py [UNICODE_DATA_DIR]

UNICODE_DATA_DIR defaults to ../shared/testdata/unicode relative to the repository root and must
hold WordBreakProperty.txt, emoji-data.txt and UnicodeData.txt. Python 3 standard library only.

The output is one flat [UInt32] array of sorted, non-overlapping triples (first, last, value):
every code point in first...last has the packed value, adjacent runs with equal values merged,
code points not covered have value 0 (Word_Break=Other, not pictographic, not a word character).

Packed value (one byte):
    bits 0-4  Word_Break property, numbered as in PROPERTY_NUMBERS (and WordBreakProperty.swift)
    bit 5     Extended_Pictographic (emoji-data.txt)
    bit 6     word character: General_Category L* or N* (UnicodeData.txt)
"""

import os
import re
import sys

# Must match the raw values of `WordBreakProperty` in Sources/NewsIndex/Analysis/WordBreakProperty.swift.
PROPERTY_NUMBERS = {
    "Other": 0,
    "CR": 1,
    "LF": 2,
    "Newline": 3,
    "Extend": 4,
    "ZWJ": 5,
    "Regional_Indicator": 6,
    "Format": 7,
    "Katakana": 8,
    "Hebrew_Letter": 9,
    "ALetter": 10,
    "Single_Quote": 11,
    "Double_Quote": 12,
    "MidNumLet": 13,
    "MidLetter": 14,
    "MidNum": 15,
    "Numeric": 16,
    "ExtendNumLet": 17,
    "WSegSpace": 18,
}
PICTOGRAPHIC_BIT = 1 << 5
WORD_CHARACTER_BIT = 1 << 6
CODE_POINT_COUNT = 0x110000

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUTPUT = os.path.join(REPO_ROOT, "Sources", "NewsIndex", "Analysis", "WordBreakTables.swift")
LINE = re.compile(r"^([0-9A-Fa-f]{4,6})(?:\.\.([0-9A-Fa-f]{4,6}))?\s*;\s*([A-Za-z_]+)")


def read_ranges(path):
    """Yields (first, last, value) from a UCD property file such as WordBreakProperty.txt."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            match = LINE.match(line)
            if match:
                first = int(match.group(1), 16)
                last = int(match.group(2), 16) if match.group(2) else first
                yield first, last, match.group(3)


def read_unicode_version(path):
    with open(path, encoding="utf-8") as f:
        first_line = f.readline().strip()
    match = re.search(r"-(\d+\.\d+\.\d+)\.txt", first_line)
    return match.group(1) if match else "unknown"


def word_character_ranges(path):
    """Yields (first, last) of code points with General_Category L* or N*, honouring
    the <..., First> / <..., Last> range lines of UnicodeData.txt."""
    range_start = None
    with open(path, encoding="utf-8") as f:
        for line in f:
            fields = line.split(";")
            if len(fields) < 3:
                continue
            code = int(fields[0], 16)
            name, category = fields[1], fields[2]
            is_word = category[:1] in ("L", "N")
            if name.endswith(", First>"):
                range_start = code
                continue
            if name.endswith(", Last>"):
                if range_start is None:
                    raise SystemExit(f"UnicodeData.txt: range end without start at {code:04X}")
                if is_word:
                    yield range_start, code
                range_start = None
                continue
            if is_word:
                yield code, code


def build_values(data_dir):
    values = bytearray(CODE_POINT_COUNT)
    for first, last, name in read_ranges(os.path.join(data_dir, "WordBreakProperty.txt")):
        if name not in PROPERTY_NUMBERS:
            raise SystemExit(f"unknown Word_Break value {name!r}")
        number = PROPERTY_NUMBERS[name]
        for cp in range(first, last + 1):
            if values[cp] & 0x1F:
                raise SystemExit(f"U+{cp:04X} has two Word_Break values")
            values[cp] |= number
    pictographic = 0
    for first, last, name in read_ranges(os.path.join(data_dir, "emoji-data.txt")):
        if name == "Extended_Pictographic":
            for cp in range(first, last + 1):
                values[cp] |= PICTOGRAPHIC_BIT
                pictographic += 1
    words = 0
    for first, last in word_character_ranges(os.path.join(data_dir, "UnicodeData.txt")):
        for cp in range(first, last + 1):
            values[cp] |= WORD_CHARACTER_BIT
            words += 1
    return values, pictographic, words


def run_length(values):
    """Sorted triples (first, last, value) of the maximal runs with a nonzero value."""
    triples = []
    start = 0
    for cp in range(1, CODE_POINT_COUNT + 1):
        if cp == CODE_POINT_COUNT or values[cp] != values[start]:
            if values[start] != 0:
                triples.append((start, cp - 1, values[start]))
            start = cp
    return triples


def render(triples, version, pictographic, words):
    lines = [
        "// GENERATED FILE, do not edit: Unicode %s word-break property table for UAX #29." % version,
        "// Regenerate with: python3 Scripts/generate_wordbreak_tables.py [UNICODE_DATA_DIR]",
        "// (reads WordBreakProperty.txt, emoji-data.txt and UnicodeData.txt; Unicode data © Unicode, Inc.,",
        "// see Tests/NewsIndexTests/Fixtures/unicode/LICENSE.md).",
        "",
        "/// Generated Unicode %s tables read by `WordBreakLookup`." % version,
        "enum WordBreakTables {",
        "    /// The Unicode version the tables were generated from.",
        "    static let unicodeVersion = \"%s\"" % version,
        "",
        "    /// Sorted, non-overlapping triples (first, last, value): every code point in first...last has",
        "    /// the packed value; code points not listed have value 0. Packed value: bits 0-4 the",
        "    /// `WordBreakProperty` raw value, bit 5 Extended_Pictographic (%d code points), bit 6 word" % pictographic,
        "    /// character, General_Category L* or N* (%d code points). %d triples." % (words, len(triples)),
        "    static let ranges: [UInt32] = [",
    ]
    for i in range(0, len(triples), 4):
        chunk = triples[i:i + 4]
        lines.append("        " + " ".join("0x%X, 0x%X, %d," % t for t in chunk))
    lines.append("    ]")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main():
    if len(sys.argv) > 2:
        raise SystemExit(__doc__)
    data_dir = sys.argv[1] if len(sys.argv) == 2 else os.path.join(REPO_ROOT, "..", "shared", "testdata", "unicode")
    version = read_unicode_version(os.path.join(data_dir, "WordBreakProperty.txt"))
    values, pictographic, words = build_values(data_dir)
    triples = run_length(values)
    with open(OUTPUT, "w", encoding="utf-8") as f:
        f.write(render(triples, version, pictographic, words))
    print(f"wrote {OUTPUT}: Unicode {version}, {len(triples)} ranges")


if __name__ == "__main__":
    main()
