#!/usr/bin/env python3
"""Independent reference implementation of the LIX rules in issue 3 (Python 3, stdlib only).

It exists to cross-check the C++ engine with a second implementation written from the issue's
text alone; it shares no code with the engine.

Rules (issue 3, "Letter analysis"):
  * A word is a run of letters and digits, joined across a single '-', '.', ',' or apostrophe
    that stands between two such characters ("SU-lån", "6.168", "4,1", "f.eks" are one word each).
  * A long word has more than 6 letters (letters only; digits and joiners do not count).
  * A sentence ends at '.', '!', '?' or ':' followed by whitespace or the end of the line,
    except a '.' right after a number ("1. januar") or after a known abbreviation ("f.eks.",
    "jf.", "kr.", ...) that is not the last word on the line.
  * A line that ends without such a mark (heading, address, signature) also ends a sentence;
    so every line that holds at least one word ends a sentence at its end. Empty lines (and
    lines without any word) create no sentence.
  * LIX = words / sentences + 100 * long_words / words, rounded to one decimal (half up).

Usage:
  lix_reference.py FILE...            prints words, long words, sentences and LIX per file
  lix_reference.py --json FILE        prints {"lix":…, "words":…, "long_words":…, "sentences":…}
  lix_reference.py --sentences FILE   prints the sentences found, one a line (for checking)
  lix_reference.py --update DIR       fills lix/words/long_words/sentences in every
                                      DIR/*.expected.json whose letter is a .txt file and whose
                                      "lix" is not null
"""

import glob
import json
import os
import sys
import unicodedata
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

# The abbreviations named in the issue and in the corpus brief. A '.' after one of these is
# not a sentence end unless the abbreviation is the last word on its line.
ABBREVIATIONS = {
    "f.eks", "jf", "bl.a", "ca", "kr", "nr", "stk", "pkt", "evt", "inkl", "mv", "m.m", "dvs",
    "osv", "hhv", "pga", "kl", "mht", "vedr", "tlf", "att", "ang", "iht", "jvf", "pr", "st",
}

JOINERS = {"-", ".", ",", "'", "\u2019"}  # the apostrophe in its ASCII and typographic forms
MARKS = {".", "!", "?", ":"}


def is_wordchar(c):
    """A letter (any script, as Unicode classifies it) or a decimal digit 0-9."""
    if c.isdigit():
        return "0" <= c <= "9"
    return unicodedata.category(c).startswith("L")


def is_letter(c):
    return unicodedata.category(c).startswith("L")


def words_of_line(line):
    """Returns the words of one line as (start, end) index pairs (end exclusive)."""
    out = []
    i, n = 0, len(line)
    while i < n:
        if not is_wordchar(line[i]):
            i += 1
            continue
        start = i
        i += 1
        while i < n:
            if is_wordchar(line[i]):
                i += 1
            elif line[i] in JOINERS and i + 1 < n and is_wordchar(line[i + 1]) and is_wordchar(line[i - 1]):
                i += 2
            else:
                break
        out.append((start, i))
    return out


def is_number(word):
    return word[0].isdigit() and all(c.isdigit() or c in JOINERS for c in word)


def analyse(text):
    """Returns (words, long_words, sentences, sentence_texts)."""
    words = 0
    long_words = 0
    sentences = 0
    sentence_texts = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        spans = words_of_line(line)
        if not spans:
            continue  # empty line (or a line without words): no sentence
        for s, e in spans:
            w = line[s:e]
            words += 1
            if sum(1 for c in w if is_letter(c)) > 6:
                long_words += 1
        # Sentence ends inside the line: a mark followed by whitespace or the end of the line,
        # with words still to come on the line (the end of the line ends a sentence anyway).
        current = []
        k = 0  # index of the next word span not yet added to `current`
        for p, c in enumerate(line):
            if c not in MARKS:
                continue
            after = line[p + 1] if p + 1 < len(line) else ""
            if not (after == "" or after.isspace()):
                continue
            while k < len(spans) and spans[k][1] <= p:
                current.append(line[spans[k][0]:spans[k][1]])
                k += 1
            if k == len(spans):
                break  # no word after this mark: the end of the line closes the sentence
            if c == "." and p > 0 and is_wordchar(line[p - 1]):
                before = current[-1] if current else ""
                if before and (is_number(before) or before.lower() in ABBREVIATIONS):
                    continue  # "1. januar", "f.eks. en", "6.168 kr. om": not a sentence end
            if current:
                sentences += 1
                sentence_texts.append(" ".join(current))
                current = []
        while k < len(spans):
            current.append(line[spans[k][0]:spans[k][1]])
            k += 1
        if current:
            sentences += 1
            sentence_texts.append(" ".join(current))
    return words, long_words, sentences, sentence_texts


def lix_value(words, long_words, sentences):
    if words == 0 or sentences == 0:
        return 0.0
    exact = Fraction(words, sentences) + Fraction(100 * long_words, words)
    d = Decimal(exact.numerator) / Decimal(exact.denominator)
    return float(d.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def near_tie(words, long_words, sentences):
    """True when the exact LIX lies (almost) half-way between two decimals: floating-point
    engines may round such values either way, so the corpus avoids them."""
    if words == 0 or sentences == 0:
        return False
    exact = Fraction(words, sentences) + Fraction(100 * long_words, words)
    frac = (exact * 10) - int(exact * 10)
    return abs(frac - Fraction(1, 2)) < Fraction(1, 10000)


def stats(text):
    w, lw, s, _ = analyse(text)
    return {"lix": lix_value(w, lw, s), "words": w, "long_words": lw, "sentences": s}


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def update(directory):
    changed = 0
    for exp_path in sorted(glob.glob(os.path.join(directory, "*.expected.json"))):
        base = exp_path[: -len(".expected.json")]
        if os.path.splitext(base)[1]:  # NN_name.pdf.expected.json etc.: not a text letter
            continue
        txt = base + ".txt"
        with open(exp_path, encoding="utf-8") as f:
            exp = json.load(f)
        if exp.get("lix") is None:
            continue
        w, lw, s, _ = analyse(read(txt))
        if near_tie(w, lw, s):
            print(f"WARNING {txt}: LIX is (almost) a rounding tie; change the letter", file=sys.stderr)
        new = {"lix": lix_value(w, lw, s), "words": w, "long_words": lw, "sentences": s}
        if any(exp.get(k) != v for k, v in new.items()):
            exp.update(new)
            with open(exp_path, "w", encoding="utf-8") as f:
                json.dump(exp, f, ensure_ascii=False, indent=2)
                f.write("\n")
            changed += 1
        print(f"{os.path.basename(txt)}: {new}")
    print(f"{changed} file(s) updated")


def main(argv):
    if len(argv) >= 2 and argv[0] == "--update":
        update(argv[1])
        return 0
    if len(argv) >= 2 and argv[0] == "--json":
        print(json.dumps(stats(read(argv[1]))))
        return 0
    if len(argv) >= 2 and argv[0] == "--sentences":
        for s in analyse(read(argv[1]))[3]:
            print(s)
        return 0
    if not argv:
        print(__doc__)
        return 2
    for path in argv:
        st = stats(read(path))
        print(f"{path}: words={st['words']} long={st['long_words']} sentences={st['sentences']} lix={st['lix']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
