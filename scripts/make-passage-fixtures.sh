#!/usr/bin/env bash
# Makes tests/fixtures/passages/<basename>.txt from each samples/<basename>.pdf with poppler's
# `pdftotext -raw` (content-stream order, the order kensa's reader uses; pages end with a form feed),
# so tests/passages_test.cc can check the splitter on the text a real PDF gives without poppler.
# The fixtures are committed; rerun this after the samples change. Needs: poppler-utils.
#
# Usage: scripts/make-passage-fixtures.sh [SAMPLES_DIR] [OUT_DIR]   (defaults: samples, tests/fixtures/passages)
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
samples=${1:-"$repo/samples"}
out_dir=${2:-"$repo/tests/fixtures/passages"}
mkdir -p "$out_dir"

shopt -s nullglob
pdfs=("$samples"/*.pdf)
((${#pdfs[@]})) || { echo "make-passage-fixtures: no PDFs in $samples" >&2; exit 1; }
for pdf in "${pdfs[@]}"; do
  base=$(basename "$pdf" .pdf)
  pdftotext -raw -enc UTF-8 "$pdf" "$out_dir/$base.txt"
  echo "$out_dir/$base.txt: $(tr -cd '\f' < "$out_dir/$base.txt" | wc -c) pages"
done
