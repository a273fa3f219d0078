#!/usr/bin/env bash
# Measures the readability (LIX) of the shipped guidance pages in data/guidance.json with the
# project's own engine (`brobygger --format json letter check FILE`).
#
# Usage: tests/guidance/lix_check.sh BROBYGGER_BINARY [GUIDANCE_JSON]
#
# For each page and language it builds the plain text the citizen reads: the markup is stripped
# ("## " subheadings and "- " list items keep their text on their own line, [text](/path) becomes
# text), and measures
#   body  - the body alone
#   page  - title, summary and body together (title and summary each on their own line)
# It prints a table slug x language x part with words and LIX, and exits non-zero if any Danish
# measurement is 35 or above, or if the file breaks the markup rules (unknown/missing fields,
# HTML, links that are not site-relative). English values are reported, not enforced.
set -euo pipefail

if [ $# -lt 1 ] || [ ! -x "$1" ]; then
  echo "usage: $0 BROBYGGER_BINARY [GUIDANCE_JSON]" >&2
  exit 2
fi
BIN="$1"
HERE="$(cd "$(dirname "$0")" && pwd)"
JSON="${2:-$HERE/../../data/guidance.json}"

exec python3 - "$BIN" "$JSON" <<'PY'
import json, os, re, subprocess, sys, tempfile

binary, path = sys.argv[1], sys.argv[2]
LIMIT = 35.0
LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]*)\)")
problems = []

def plain(body):
    """The text as the reader sees it: one line per rendered line, markup removed."""
    out = []
    for line in body.split("\n"):
        line = line.rstrip()
        if line.startswith("## "):
            line = line[3:]
        elif line.startswith("- "):
            line = line[2:]
        out.append(LINK.sub(lambda m: m.group(1), line))
    return "\n".join(out)

def check_markup(slug, field, body):
    if "<" in body and re.search(r"<[A-Za-z/!]", body):
        problems.append(f"{slug}.{field}: HTML is not allowed")
    for m in LINK.finditer(body):
        href = m.group(2)
        if not href.startswith("/") or href.startswith("//"):
            problems.append(f"{slug}.{field}: link {href!r} is not a site-relative path")
    rest = LINK.sub("", body)
    if "](" in rest or re.search(r"\[[^\]]*\]\(", rest):
        problems.append(f"{slug}.{field}: malformed link")

def measure(text):
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8", delete=False) as f:
        f.write(text + "\n")
        name = f.name
    try:
        res = subprocess.run([binary, "--format", "json", "letter", "check", name],
                             capture_output=True, text=True)
    finally:
        os.unlink(name)
    if res.returncode != 0:
        sys.exit(f"{binary} failed ({res.returncode}): {res.stderr.strip()}")
    data = json.loads(res.stdout)
    return data["words"], data["sentences"], data["lix"]

with open(path, encoding="utf-8") as f:
    doc = json.load(f)

if not isinstance(doc.get("about"), str) or not doc["about"].strip():
    problems.append("about: missing")
FIELDS = {"slug", "title", "title_en", "summary", "summary_en", "body", "body_en"}
pages = doc.get("pages") or []
if not pages:
    problems.append("pages: none")

rows = []
failed = False
for p in pages:
    slug = p.get("slug", "?")
    if set(p) != FIELDS:
        problems.append(f"{slug}: fields must be exactly {sorted(FIELDS)}, got {sorted(p)}")
        continue
    for lang, sfx in (("da", ""), ("en", "_en")):
        title, summary, body = p["title" + sfx], p["summary" + sfx], p["body" + sfx]
        for fld, val in (("title", title), ("summary", summary)):
            if "\n" in val or not val.strip():
                problems.append(f"{slug}.{fld}{sfx}: must be one non-empty line")
        check_markup(slug, "body" + sfx, body)
        text = plain(body)
        for part, t in (("body", text), ("page", f"{title}\n{summary}\n\n{text}")):
            words, sentences, lix = measure(t)
            bad = lang == "da" and lix >= LIMIT
            failed |= bad
            rows.append((slug, lang, part, words, sentences, lix, "FAIL" if bad else ""))

print(f"{'slug':<14} {'lang':<4} {'part':<5} {'words':>5} {'sent.':>5} {'LIX':>5}")
for slug, lang, part, words, sentences, lix, flag in rows:
    print(f"{slug:<14} {lang:<4} {part:<5} {words:>5} {sentences:>5} {lix:>5.1f} {flag}".rstrip())

for msg in problems:
    print("PROBLEM:", msg, file=sys.stderr)
if failed:
    print(f"FAIL: a Danish text has LIX {LIMIT:g} or above", file=sys.stderr)
sys.exit(1 if failed or problems else 0)
PY
