#!/usr/bin/env bash
# kensa's speed and memory benchmark, side by side with pdftotext and a Python pipeline
# (bench/README.md says what each figure means).
#
#   bench/run.sh            full run (~15-25 min on 2 loaded cores): report to stdout and
#                           bench/results/<UTC date-time>.md, every run in <…>-raw.tsv
#   bench/run.sh --quick    fewer rounds (3; 2 for 500 pages; 1 ingest round): ~3-5 min
#   bench/run.sh --smoke    one round of kensa + pdftotext on one sample, a 2-document ingest;
#                           checks that the report has every table and column, times nothing
#                           (CTest `bench-smoke`); output to $BENCH_OUT or a temporary folder
#
# Environment: KENSA (default build/kensa), BENCH_OUT (default bench/results), BENCH_WORK (the
# generated PDFs and ingest stores; default build-bench/work, removed unless BENCH_KEEP=1).
# Exit 0 done, 1 a command failed or the smoke check failed, 2 usage.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
mode=full
case "${1:-}" in
  "") ;;
  --quick) mode=quick ;;
  --smoke) mode=smoke ;;
  *) echo "usage: bench/run.sh [--quick|--smoke]" >&2; exit 2 ;;
esac

kensa=${KENSA:-$root/build/kensa}
[[ -x $kensa ]] || { echo "bench: no kensa at $kensa (build it, or set KENSA)" >&2; exit 1; }
for tool in pdftotext pdfinfo qpdf; do
  command -v $tool >/dev/null || { echo "bench: $tool is missing (scripts/install-deps.sh --bench)" >&2; exit 1; }
done

if [[ $mode == smoke ]]; then
  work=${BENCH_WORK:-$(mktemp -d)}
  out=${BENCH_OUT:-$work/results}
  mkdir -p "$work/ingest"
  # Two samples that differ in bytes: enough for every ingest table, no generated PDFs.
  cp "$root"/samples/101_faq_hachidesk.pdf "$root"/samples/303_hakobi_haisha_leaflet.pdf "$work/ingest/"
  trap '[[ -n "${BENCH_WORK:-}" ]] || rm -rf "$work"' EXIT
  /usr/bin/python3 "$root/bench/bench.py" --smoke --mode smoke --kensa "$kensa" --no-python \
    --samples "$root/samples/303_hakobi_haisha_leaflet.pdf" --ingest-dir "$work/ingest" \
    --batch-sizes 1 2 --rounds 1 --ingest-rounds 1 --out "$out" --work "$work" >/dev/null
  exit 0
fi

work=${BENCH_WORK:-$root/build-bench/work}
out=${BENCH_OUT:-$root/bench/results}
rm -rf "$work"; mkdir -p "$work"
[[ ${BENCH_KEEP:-0} == 1 ]] || trap 'rm -rf "$work"' EXIT
"$root/bench/make-pdfs.sh" "$work/pdfs"
# Run a copy: others may rebuild build/kensa while the benchmark runs (its data paths are absolute).
cp "$kensa" "$work/kensa"

if [[ $mode == quick ]]; then
  rounds=(--rounds 3 --rounds-500 2 --pdfminer-500 1 --ingest-rounds 1)
else
  rounds=(--rounds 11 --rounds-500 5 --pdfminer-500 3 --ingest-rounds 3)
fi
mapfile -t samples < <(ls "$root"/samples/*.pdf | LC_ALL=C sort)
/usr/bin/python3 "$root/bench/bench.py" --mode "$mode" --kensa "$work/kensa" --kensa-origin "$kensa" "${rounds[@]}" \
  --samples "${samples[@]}" --pages5 "$work/pdfs/pages-5.pdf" --pages50 "$work/pdfs/pages-50.pdf" \
  --pages500 "$work/pdfs/pages-500.pdf" --ingest-dir "$work/pdfs/ingest" --batch-sizes 10 50 \
  --out "$out" --work "$work"
