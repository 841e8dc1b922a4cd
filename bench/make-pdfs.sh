#!/usr/bin/env bash
# Makes the benchmark's input PDFs from the committed samples (samples/*.pdf), deterministically
# (qpdf --deterministic-id: the same bytes on every run, on every machine with the same qpdf).
#
#   bench/make-pdfs.sh OUT_DIR
#
# OUT_DIR/pages-5.pdf, pages-50.pdf, pages-500.pdf: the first 5, 50 and 500 pages of the sequence
#   "every page of every sample, in file-name order" (65 pages), repeated as often as needed; the
#   three share their page mix, so their ms/page figures can be compared (linearity).
# OUT_DIR/ingest/doc-NN.pdf (NN = 00..59): 60 PDFs that all differ in bytes (kensa ingest skips
#   documents with a sha256 it already holds): doc i is sample (i mod 19) followed by sample
#   (i mod 19 + 1 + i div 19) mod 19, each pair used once; odd i has the second sample's pages in
#   reverse order. Checked: 60 distinct sha256.
# OUT_DIR/pages-distinct.pdf: no page twice: every page of every sample, then of the real vendor pages
#   and the real Japanese PDFs beside the checkout (../shared/realpages/docs, ../shared/realpdfs),
#   each PDF that has a text layer (pdftotext gives at least 100 characters a page: no scans), up to
#   500 pages; as many as there are when fewer (490 here). Left out when ../shared is missing.
# OUT_DIR/distinct-docs/: the samples' PDFs and the real vendor pages' PDFs, one copy of each bytes
#   (110 here): a folder to ingest whose documents share no page, unlike ingest/. Left out when
#   ../shared is missing.
# Exit 0 done, 1 a tool failed or two ingest documents came out identical, 2 usage.
set -euo pipefail

[[ $# -eq 1 ]] || { echo "usage: bench/make-pdfs.sh OUT_DIR" >&2; exit 2; }
out=$1
root=$(cd "$(dirname "$0")/.." && pwd)
command -v qpdf >/dev/null || { echo "make-pdfs: qpdf is missing (scripts/install-deps.sh --bench)" >&2; exit 1; }

mapfile -t samples < <(cd "$root" && ls samples/*.pdf | LC_ALL=C sort)
((${#samples[@]} > 0)) || { echo "make-pdfs: no samples/*.pdf" >&2; exit 1; }
mkdir -p "$out/ingest"

# Every (sample, page) pair of the sequence, in order.
seq_pages=()
for s in "${samples[@]}"; do
  n=$(qpdf --show-npages "$root/$s")
  for ((p = 1; p <= n; p++)); do seq_pages+=("$s:$p"); done
done

# Writes the first COUNT pages of the repeated sequence to FILE. Consecutive pages of one sample
# become one range, so qpdf gets a short argument list even for 500 pages.
make_prefix() {
  local count=$1 file=$2 args=() i=0 prev_s="" start=0 last=0
  flush() { [[ -n $prev_s ]] && args+=("$root/$prev_s" "$start-$last"); return 0; }
  while ((i < count)); do
    local entry=${seq_pages[i % ${#seq_pages[@]}]}
    local s=${entry%:*} p=${entry##*:}
    if [[ $s == "$prev_s" && $p -eq $((last + 1)) ]]; then
      last=$p
    else
      flush; prev_s=$s; start=$p; last=$p
    fi
    i=$((i + 1))
  done
  flush
  qpdf --deterministic-id --empty --pages "${args[@]}" -- "$file"
}

for n in 5 50 500; do
  make_prefix "$n" "$out/pages-$n.pdf"
  got=$(qpdf --show-npages "$out/pages-$n.pdf")
  [[ $got -eq $n ]] || { echo "make-pdfs: pages-$n.pdf has $got pages" >&2; exit 1; }
done

count=${#samples[@]}
for ((i = 0; i < 60; i++)); do
  a=$((i % count)); b=$(((a + 1 + i / count) % count))
  second="1-z"; ((i % 2)) && second="z-1"
  qpdf --deterministic-id --empty --pages "$root/${samples[a]}" 1-z "$root/${samples[b]}" "$second" -- \
    "$out/ingest/$(printf 'doc-%02d.pdf' "$i")"
done
# Pages that all differ, from every PDF with a text layer (a scan would measure OCR, not reading).
shared=$root/../shared
if [[ -d $shared/realpages/docs && -d $shared/realpdfs ]]; then
  args=() total=0
  for f in "${samples[@]/#/$root/}" $(ls "$shared"/realpages/docs/*.pdf "$shared"/realpdfs/*.pdf | LC_ALL=C sort); do
    n=$(qpdf --show-npages "$f" 2>/dev/null) || continue
    chars=$(pdftotext "$f" - 2>/dev/null | wc -m)
    ((n > 0 && chars / n >= 100 && total < 500)) || continue
    take=$((n < 500 - total ? n : 500 - total))
    args+=("$f" "1-$take")
    total=$((total + take))
  done
  qpdf --deterministic-id --empty --pages "${args[@]}" -- "$out/pages-distinct.pdf" 2>/dev/null ||
    [[ $? -eq 3 ]]  # 3: written, with warnings about a damaged input
  mkdir -p "$out/distinct-docs"
  declare -A seen=()
  for f in "${samples[@]/#/$root/}" "$shared"/realpages/docs/*.pdf; do
    sum=$(sha256sum <"$f" | cut -d' ' -f1)
    [[ -n ${seen[$sum]:-} ]] && continue
    seen[$sum]=1
    cp "$f" "$out/distinct-docs/$(basename "$(dirname "$f")")-$(basename "$f")"
  done
fi

distinct=$(sha256sum "$out"/ingest/doc-*.pdf | cut -d' ' -f1 | sort -u | wc -l)
[[ $distinct -eq 60 ]] || { echo "make-pdfs: only $distinct distinct ingest PDFs of 60" >&2; exit 1; }
echo "make-pdfs: $out: pages-5/50/500.pdf$([[ -f $out/pages-distinct.pdf ]] && echo ", pages-distinct.pdf ($(qpdf --show-npages "$out/pages-distinct.pdf") pages)")$([[ -d $out/distinct-docs ]] && echo ", $(ls "$out/distinct-docs" | wc -l) PDFs in distinct-docs/") and 60 distinct PDFs in ingest/" >&2
