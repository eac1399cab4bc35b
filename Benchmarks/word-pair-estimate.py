#!/usr/bin/env python3
"""The size a word-pair ("common grams") index would add for phrase queries, estimated.

Counts, over a JSON Lines corpus (one article per line with "title" and "body"), the distinct
pairs of adjacent words in which one word is one of Lucene's 33 English stop words, the articles
each pair occurs in, and an estimate of their doc-ID postings at log2(N / df) + 2 bits each (what
gap coding of a list of df documents among N takes, roughly). Words are lower-cased [a-z0-9]+
runs: close to, not the same as, newsidx's analyzer.

    zcat ../shared/corpora/reuters-2006-2013.jsonl.gz > /tmp/reuters/corpus.jsonl
    python3 Benchmarks/word-pair-estimate.py /tmp/reuters/corpus.jsonl
"""
import collections
import json
import math
import re
import sys

STOP = set("a an and are as at be but by for if in into is it no not of on or such that the their "
           "then there these they this to was will with".split())
WORD = re.compile(r"[a-z0-9]+")


def main(path):
    documents = tokens = 0
    frequency = collections.Counter()
    with open(path, encoding="utf-8") as corpus:
        for line in corpus:
            article = json.loads(line)
            documents += 1
            words = WORD.findall(((article.get("title") or "") + " \n " + (article.get("body") or "")).lower())
            tokens += len(words)
            frequency.update({a + " " + b for a, b in zip(words, words[1:]) if a in STOP or b in STOP})
    postings = sum(frequency.values())
    bits = sum(df * (math.log2(documents / df) + 2) for df in frequency.values())
    print(f"{documents} articles, {tokens} words; {len(frequency)} word pairs with a stop word, "
          f"{postings} postings, about {bits / 8 / 1e6:.1f} MB of doc IDs")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: word-pair-estimate.py CORPUS.jsonl")
    main(sys.argv[1])
