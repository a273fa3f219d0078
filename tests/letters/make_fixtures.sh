#!/usr/bin/env bash
# Makes the binary fixtures of the letter corpus (PDF, PNG, image-only PDF and the broken inputs
# in bad/) from the .txt letters. The fixtures are committed files: this script documents exactly
# how they were made and lets anyone make them again. It is NOT part of the build or of the tests.
#
# Tools (Debian packages; only needed to make the fixtures, not to build or test the project):
#   apt-get install -y enscript ghostscript poppler-utils qpdf img2pdf imagemagick
# ImageMagick is used only to turn a PNG into a "scanned" PNG (PNG in, PNG out), so its PDF
# policy in /etc/ImageMagick-6/policy.xml does not matter; img2pdf makes the image-only PDF.
#
# Usage: bash tests/letters/make_fixtures.sh   (from anywhere; writes into tests/letters/)
set -euo pipefail
cd "$(dirname "$0")"

for tool in enscript ps2pdf pdftotext pdftoppm pdfinfo qpdf img2pdf gs; do
  command -v "$tool" >/dev/null || { echo "missing tool: $tool" >&2; exit 1; }
done
# /usr/local/bin/convert may be a stand-in; use ImageMagick's own binary.
IM=/usr/bin/convert
[ -x "$IM" ] || IM=convert

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A letter as a PDF with a text layer: paragraphs wrapped at 80 columns the way a word processor
# would (never breaking between "§" and its number, "stk."/"nr."/"kl." and the number, a day
# number and its month, or an amount and "kr."), set in 11 pt Helvetica on A4 by enscript,
# converted to PDF by Ghostscript.
wrap() {
  python3 - "$1" <<'PY'
import re, sys
GLUE_AFTER = {"§", "§§", "stk.", "nr.", "kl.", "tlf.", "Tlf.", "pkt."}
def tokens(line):
    toks = line.split(" ")
    out = []
    for t in toks:
        if out and (out[-1].split(" ")[-1] in GLUE_AFTER or re.fullmatch(r"\d+\.", out[-1].split(" ")[-1])
                    or t in ("kr.", "kr.,", "kr", "m2")):
            out[-1] += " " + t
        else:
            out.append(t)
    return out
for line in open(sys.argv[1], encoding="utf-8").read().split("\n"):
    if len(line) <= 80:
        print(line)
        continue
    cur = ""
    for t in tokens(line):
        if cur and len(cur) + 1 + len(t) > 80:
            print(cur)
            cur = t
        else:
            cur = t if not cur else cur + " " + t
    print(cur)
PY
}

text_pdf() {  # text_pdf NAME  → NAME.pdf from NAME.txt
  local name=$1
  wrap "$name.txt" | sed '${/^$/d}' | iconv -f utf-8 -t latin1 \
    | enscript -q -X latin1 -B -f Helvetica11 --margins=70:70:50:50 -t "$name" -o - \
    | ps2pdf -sPAPERSIZE=a4 - "$name.pdf"
}

# A PNG of the first page at 300 dpi, greyscale.
clean_png() {  # clean_png NAME → NAME.png (from NAME.pdf, or from a temporary PDF)
  local name=$1 pdf=$1.pdf
  [ -f "$pdf" ] || { pdf=$tmp/$name.pdf; (text_pdf "$name" && mv "$name.pdf" "$pdf"); }
  pdftoppm -r 300 -gray -png -singlefile "$pdf" "$tmp/$name"
  cp "$tmp/$name.png" "$name.png"
}

# A scan-like image: 300 dpi, greyscale, rotated 0.7 degrees, slightly blurred, with speckle
# noise, 16 grey levels (keeps the PNG small). OUT may end in .png or .jpg (then JPEG quality 55,
# with Gaussian noise, as a photocopier-style scan).
scan_png() {  # scan_png IN.png OUT.{png,jpg}
  case "$2" in
    *.jpg) "$IM" "$1" -background white -rotate 0.7 -blur 0x0.5 -attenuate 0.5 +noise Gaussian \
             -colorspace Gray -units PixelsPerInch -density 300 -quality 55 "$2" ;;
    *)     "$IM" "$1" -background white -rotate 0.7 -blur 0x0.5 -attenuate 0.05 +noise Impulse \
             -colorspace Gray -depth 4 -units PixelsPerInch -density 300 "$2" ;;
  esac
}

# 1. PDFs with a text layer.
for name in 01_merudgifter_delvis_afslag 02_hjaelpemiddel_delvis 11_byggetilladelse_afslag \
            15_grundskyld_fritagelse_afslag 19_partshoering_merudgifter 22_moedeindkaldelse_jobcenter; do
  text_pdf "$name"
done

# 2. PNG images: two clean renderings and one scan-like image (02).
clean_png 22_moedeindkaldelse_jobcenter
clean_png 27_rengoering_mangler_alt
pdftoppm -r 300 -gray -png -singlefile 02_hjaelpemiddel_delvis.pdf "$tmp/02"
scan_png "$tmp/02.png" 02_hjaelpemiddel_delvis.png

# 3. A scanned PDF without a text layer: every page of 06 rendered at 300 dpi, made scan-like,
#    saved as JPEG and wrapped as images in a PDF by img2pdf (no fonts, no text).
text_pdf 06_kontanthjaelp_afslag_formue
mv 06_kontanthjaelp_afslag_formue.pdf "$tmp/06_text.pdf"
pdftoppm -r 300 -gray -png "$tmp/06_text.pdf" "$tmp/06_page"
pages=()
for p in "$tmp"/06_page*.png; do
  scan_png "$p" "${p%.png}_scan.jpg"
  pages+=("${p%.png}_scan.jpg")
done
img2pdf --pagesize A4 -o 06_kontanthjaelp_afslag_formue.pdf "${pages[@]}"

# 4. Broken inputs.
mkdir -p bad
# Password-protected (user password "u", owner password "o", AES-256): cannot be opened.
qpdf --encrypt u o 256 -- 22_moedeindkaldelse_jobcenter.pdf bad/encrypted.pdf
# Truncated garbage: the first 400 bytes of a real PDF followed by random-looking bytes, no xref,
# no trailer, no %%EOF.
{ head -c 400 11_byggetilladelse_afslag.pdf; head -c 1200 /dev/urandom; } > bad/broken.pdf
# An empty text file (0 bytes).
: > bad/empty.txt
# A valid one-page PDF with no text and no image (a blank A4 page).
gs -q -dNOPAUSE -dBATCH -sDEVICE=pdfwrite -sPAPERSIZE=a4 -o bad/empty.pdf -c showpage

# 5. Checks: the text layer of each text PDF holds the letter's words in order; the image-only
#    PDF has no text; the blank PDF has no text; the encrypted PDF needs a password.
for name in 01_merudgifter_delvis_afslag 02_hjaelpemiddel_delvis 11_byggetilladelse_afslag \
            15_grundskyld_fritagelse_afslag 19_partshoering_merudgifter 22_moedeindkaldelse_jobcenter; do
  a=$(tr -s '[:space:]' ' ' < "$name.txt" | sed 's/^ //;s/ $//')
  b=$(pdftotext -enc UTF-8 "$name.pdf" - | tr -s '[:space:]' ' ' | sed 's/^ //;s/ $//')
  [ "$a" = "$b" ] || { echo "text layer of $name.pdf differs from $name.txt" >&2; exit 1; }
done
[ -z "$(pdftotext 06_kontanthjaelp_afslag_formue.pdf - | tr -d '[:space:]')" ] || { echo "06 pdf has text" >&2; exit 1; }
[ -z "$(pdftotext bad/empty.pdf - | tr -d '[:space:]')" ] || { echo "empty.pdf has text" >&2; exit 1; }
! pdfinfo bad/encrypted.pdf >/dev/null 2>&1 || { echo "encrypted.pdf opens without password" >&2; exit 1; }
echo "fixtures made"
