#!/usr/bin/env bash
# Generates the hostile-input corpus of the `hostile-*` CTest tests into OUT (a build directory):
# every kind of broken, hostile or odd input the table of docs/robustness.md lists, made from the
# committed samples with qpdf, iconv and tests/hostile/make-pdf.py (raw PDF bytes written by hand).
# Nothing binary is committed: this script is the recipe. Takes a few seconds (most of it deflating
# the 2 GiB compression bomb, which is kept between runs).
#
# Usage: tests/hostile/make-corpus.sh OUT SOURCE_DIR
set -euo pipefail

out=$1 source_dir=$2
here=$(cd "$(dirname "$0")" && pwd)
python=/usr/bin/python3
samples="$source_dir/samples"
mkdir -p "$out"
cd "$out"

# --- documents ---
head -c 20000 "$samples/000_4eb37b3979d3b2f9.pdf" >truncated.pdf                 # cut mid-file: no xref
"$python" -c 'import random, sys; random.seed(7); sys.stdout.buffer.write(bytes(random.randrange(256) for _ in range(4096)))' >random-bytes.pdf
: >zero-bytes.pdf
qpdf --empty zero-pages.pdf                                                         # a valid PDF, no pages
qpdf --encrypt user owner 256 -- "$samples/002_ae363bfb9f19e15c.pdf" encrypted-user.pdf
qpdf --encrypt "" owner 256 --print=none --modify=none -- "$samples/002_ae363bfb9f19e15c.pdf" encrypted-owner.pdf
"$python" "$here/make-pdf.py" image-only image-only.pdf                            # a scan without OCR
"$python" "$here/make-pdf.py" garbled garbled-font.pdf                             # no usable text mapping
"$python" "$here/make-pdf.py" deep-nesting deep-nesting.pdf 100000                 # [[[[…]]]] 100,000 deep
"$python" "$here/make-pdf.py" page-loop page-loop.pdf                              # /Kids and /Parent cycles
[[ -s compression-bomb.pdf ]] || "$python" "$here/make-pdf.py" bomb compression-bomb.pdf 2048  # 2 MB -> 2 GiB
# Thousands of pages: a real Japanese sample (5 pages) 500 times over, 2,500 pages sharing one font.
pages=()
for _ in $(seq 500); do pages+=("$samples/105_whitepaper_yamabiko.pdf"); done
qpdf --empty --pages "${pages[@]}" -- many-pages.pdf
"$python" "$here/make-pdf.py" many-pages many-small-pages.pdf 5000                 # 5,000 tiny pages

# --- text files ---
iconv -f UTF-8 -t CP932 "$samples/src/101_faq_hachidesk.txt" >shift-jis.txt        # Shift_JIS (CP932)
# UTF-8 with three invalid sequences: a stray Latin-1 byte, a lone continuation byte, a cut-off last
# character.
"$python" - "$samples/src/101_faq_hachidesk.txt" >invalid-utf8.txt <<'PY'
import sys
text = open(sys.argv[1], "rb").read()
third = len(text) // 3
cut = text.rfind(b"\n", 0, third) + 1
cut2 = text.rfind(b"\n", 0, 2 * third) + 1
sys.stdout.buffer.write(text[:cut] + b"caf\xe9\n" + text[cut:cut2] + b"\x80\n" + text[cut2:] + "復".encode()[:2])
PY
# 100 MiB of Japanese text: the sample text over and over.
[[ $(stat -c %s large-100mib.txt 2>/dev/null || echo 0) -eq 104857600 ]] || "$python" - "$samples/src/105_whitepaper_yamabiko.txt" <<'PY'
import sys
text = open(sys.argv[1], "rb").read().replace(b"\f", b"\n")
size = 100 << 20
with open("large-100mib.txt", "wb") as f:
    block = text * (size // len(text) // 16 + 1)
    written = 0
    while written < size:
        chunk = block[: size - written]
        chunk = chunk[: chunk.rfind(b"\n") + 1] if size - written > len(block) else chunk
        f.write(chunk)
        written += len(chunk)
PY

# --- Office and CSV files (tests/hostile/make-office.py: zip bombs, XXE, huge sheets …) ---
"$python" "$here/make-office.py" "$out"

# --- paths ---
cp "$samples/004_9a680ca3850dccf9.pdf" "日本語 の ファイル名 (コピー).pdf"
rm -rf "a directory.pdf" && mkdir "a directory.pdf"
ln -sfn "$out/nowhere.pdf" "broken link.pdf"

# --- rule files: a copy of patterns/ plus one bad file each (zz_bad.toml) ---
bad_rules() {  # bad_rules NAME: the bad file's text on stdin
  rm -rf "rules-$1" && mkdir "rules-$1"
  cp "$source_dir"/patterns/*.toml "rules-$1/"
  cat >"rules-$1/zz_bad.toml"
}
bad_rules bad-regex <<'TOML'
# A regex with an unclosed group (line 6).
field = "mttr"

[[rule]]
id = "bad.regex"
pattern = '''平均復旧時間(?P<value>{{DURATION}}'''
TOML
bad_rules unknown-field <<'TOML'
# A field that FIELDS.md does not have (the rule starts on line 2).
[[rule]]
id = "bad.field"
field = "mean_time_to_coffee"
pattern = '''コーヒー'''
TOML
bad_rules failing-example <<'TOML'
# An example the rule does not read (the rule starts on line 4); `kensa check-rules` finds it.
field = "mttr"

[[rule]]
id = "bad.example"
pattern = '''平均復旧時間は(?P<value>{{DURATION}})'''
examples = [ { text = "MTTRは30分です。", value = { amount = 30, unit = "minute" } } ]
TOML
bad_rules malformed <<'TOML'
# Not TOML: an unterminated literal string (line 6).
field = "mttr"

[[rule]]
id = "bad.toml"
pattern = '''平均復旧時間
TOML
bad_rules unknown-key <<'TOML'
# A misspelt key (line 6).
field = "mttr"

[[rule]]
id = "bad.key"
patern = '''平均復旧時間'''
TOML
# A user dictionary that is not one (random bytes where the compiled MeCab dictionary should be).
"$python" -c 'import random, sys; random.seed(8); sys.stdout.buffer.write(bytes(random.randrange(256) for _ in range(65536)))' >not-a-dictionary.dic

ls -la "$out" >&2
