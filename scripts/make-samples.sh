#!/usr/bin/env bash
# Makes samples/<basename>.pdf from each ../shared/seeds/<basename>.txt and each
# samples/src/<basename>.txt with LibreOffice headless, so the end-to-end tests read a real PDF text layer
# (IPAGothic embedded, with ToUnicode) made from text whose answers are known. The seeds have no form
# feeds; LibreOffice paginates them (A4, ja-JP). The hand-written samples in samples/src force page breaks
# with form feeds (LibreOffice's text import starts a new page at each one) and are paginated by
# LibreOffice within a page; their answers are samples/<basename>.expected.json, written by hand.
# The PDFs are committed: tests never need LibreOffice. Needs: scripts/install-deps.sh --samples.
#
# Usage: scripts/make-samples.sh [SEED_DIR] [OUT_DIR] [SRC_DIR]
#        (defaults: ../shared/seeds, samples, samples/src; a missing SRC_DIR is skipped)
#
# Deterministic: LibreOffice stamps /CreationDate, a random /ID and a /DocChecksum into each PDF; they are
# overwritten in place with same-length values fixed by the seed (its MD5), so the byte offsets in the
# xref table stay valid and the same seed always gives the same PDF bytes.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
seed_dir=${1:-"$repo/../shared/seeds"}
out_dir=${2:-"$repo/samples"}
src_dir=${3:-"$repo/samples/src"}
mkdir -p "$out_dir"

work=$(mktemp -d /tmp/kensa-samples.XXXXXX)
trap 'rm -rf "$work"' EXIT
# A private profile: never touches the user's LibreOffice settings and never races another instance.
profile="file://$work/profile"

shopt -s nullglob
seeds=("$seed_dir"/*.txt)
((${#seeds[@]})) || { echo "make-samples: no seeds in $seed_dir" >&2; exit 1; }
seeds+=("$src_dir"/*.txt)

mkdir -p "$work/txt"
for seed in "${seeds[@]}"; do
  base=$(basename "$seed" .txt)
  [[ ! -e "$work/txt/$base.txt" ]] || { echo "make-samples: two sources named $base.txt" >&2; exit 1; }
  # Trailing blank lines would only add an empty last page (seed 000 ends with a dozen).
  /usr/bin/python3 -c 'import sys; t = open(sys.argv[1], encoding="utf-8").read(); open(sys.argv[2], "w", encoding="utf-8").write(t.rstrip() + "\n")' \
    "$seed" "$work/txt/$base.txt"
  soffice -env:UserInstallation="$profile" --headless \
    --infilter="Text (encoded):UTF8,LF,IPAGothic,ja-JP" \
    --convert-to pdf --outdir "$work/pdf" "$work/txt/$base.txt" >/dev/null 2>&1
  pdf="$work/pdf/$base.pdf"
  [[ -s "$pdf" ]] || { echo "make-samples: LibreOffice made no PDF for $seed" >&2; exit 1; }

  /usr/bin/python3 - "$pdf" "$seed" <<'EOF'
import hashlib, re, sys
pdf_path, seed_path = sys.argv[1], sys.argv[2]
data = open(pdf_path, "rb").read()
# Same-length replacements only: the xref table holds byte offsets.
data, n = re.subn(rb"/CreationDate\(D:\d{14}", b"/CreationDate(D:20240101000000", data)
digest = hashlib.md5(open(seed_path, "rb").read()).hexdigest().upper().encode()
data, m = re.subn(rb"/ID\s*\[\s*<[0-9A-Fa-f]{32}>\s*<[0-9A-Fa-f]{32}>",
                  lambda x: re.sub(rb"<[0-9A-Fa-f]{32}>", b"<" + digest + b">", x.group(0)), data)
# LibreOffice's /DocChecksum covers the date too, so it changes on every run.
data, k = re.subn(rb"/DocChecksum\s*/[0-9A-Fa-f]{32}", b"/DocChecksum /" + digest, data)
if (n, m, k) != (1, 1, 1):
    sys.exit(f"make-samples: expected one /CreationDate, /ID and /DocChecksum in {pdf_path}, "
             f"found {n}, {m} and {k}")
open(pdf_path, "wb").write(data)
EOF

  # The text layer must carry the Japanese (the commonest kana; glibc rejects kana ranges in C.UTF-8):
  # a font without ToUnicode would silently break every test.
  # (Not `pdftotext | grep -q`: with pipefail, grep quitting early fails the pipeline on SIGPIPE.)
  text=$(pdftotext "$pdf" -)
  if ! grep -q -e 'の' -e 'を' <<<"$text"; then
    echo "make-samples: no Japanese in the text layer of $pdf" >&2
    exit 1
  fi
  cp "$pdf" "$out_dir/$base.pdf"
  echo "$out_dir/$base.pdf: $(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}') pages"
done
