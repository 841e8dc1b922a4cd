#!/usr/bin/env bash
# kensa's speed and memory benchmark, side by side with pdftotext and a Python pipeline
# (bench/README.md says what each figure means).
#
#   bench/run.sh            full run (~15-25 min on 2 loaded cores): report to stdout and
#                           bench/results/<UTC date-time>.md, every run in <…>-raw.tsv
#   bench/run.sh --quick    fewer rounds (3; 2 for 500 pages; 1 ingest round): ~3-5 min
#   bench/run.sh --smoke    one round of kensa + pdftotext on one sample, a 2-document ingest,
#                           one scan and one xlsx; checks that the report has every table and
#                           column, times nothing (CTest `bench-smoke`); output to $BENCH_OUT or a
#                           temporary folder
#   bench/run.sh [--quick] --only other
#                           only the other inputs: the scans of samples/scans/docs read by OCR and
#                           the Office files of samples/office, each beside its samples/<stem>.pdf
#                           (full: 2 rounds of the 9 scans, 5 of the Office files, ~5 min; quick: 1
#                           round of the first 3 scans, 2 of the Office files, ~1.5 min); the full
#                           and quick runs measure these too, after the text-layer PDFs
#
# Environment: KENSA (default build/kensa), BENCH_OUT (default bench/results), BENCH_WORK (the
# generated PDFs and ingest stores; default build-bench/work, removed unless BENCH_KEEP=1).
# Exit 0 done, 1 a command failed or the smoke check failed, 2 usage.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
usage() { echo "usage: bench/run.sh [--quick|--smoke] [--only other]" >&2; exit 2; }
mode=full
only=
while (($#)); do
  case $1 in
    --quick) mode=quick ;;
    --smoke) mode=smoke ;;
    --only) [[ ${2:-} == other ]] || usage; only=other; shift ;;
    *) usage ;;
  esac
  shift
done
[[ $mode == smoke && -n $only ]] && usage

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
  # One one-page scan (one OCR run of a page, ~3-5 s, and one pinned to core 0) and one xlsx.
  /usr/bin/python3 "$root/bench/bench.py" --smoke --mode smoke --kensa "$kensa" --no-python \
    --samples "$root/samples/303_hakobi_haisha_leaflet.pdf" --ingest-dir "$work/ingest" \
    --batch-sizes 1 2 --rounds 1 --ingest-rounds 1 --out "$out" --work "$work" \
    --scans "$root/samples/scans/docs/303_hakobi_haisha_leaflet.pdf" --office "$root/samples/office/506_slo_table.xlsx" \
    --originals "$root/samples" --scan-rounds 1 --office-rounds 1 >/dev/null
  exit 0
fi

work=${BENCH_WORK:-$root/build-bench/work}
out=${BENCH_OUT:-$root/bench/results}
rm -rf "$work"; mkdir -p "$work"
[[ ${BENCH_KEEP:-0} == 1 ]] || trap 'rm -rf "$work"' EXIT
[[ $only == other ]] || "$root/bench/make-pdfs.sh" "$work/pdfs"
# Run a copy: others may rebuild build/kensa while the benchmark runs (its data paths are absolute).
cp "$kensa" "$work/kensa"

mapfile -t scans < <(ls "$root"/samples/scans/docs/*.pdf | LC_ALL=C sort)
# bench.py keeps the Office files that have a samples/<stem>.pdf and names the others.
mapfile -t office < <(ls "$root"/samples/office/*.xlsx "$root"/samples/office/*.docx | LC_ALL=C sort)
if [[ $mode == quick ]]; then
  rounds=(--rounds 3 --rounds-500 2 --pdfminer-500 1 --ingest-rounds 1 --scan-rounds 1 --office-rounds 2)
  scans=("${scans[@]:0:3}")
else
  rounds=(--rounds 11 --rounds-500 5 --pdfminer-500 3 --ingest-rounds 7 --scan-rounds 2 --office-rounds 5)
fi
mapfile -t samples < <(ls "$root"/samples/*.pdf | LC_ALL=C sort)
if [[ $only == other ]]; then
  text_layer=(--only other)
else
  text_layer=(--pages5 "$work/pdfs/pages-5.pdf" --pages50 "$work/pdfs/pages-50.pdf"
              --pages500 "$work/pdfs/pages-500.pdf" --ingest-dir "$work/pdfs/ingest" --batch-sizes 10 50)
  # Made only when ../shared (the real pages and PDFs) is beside the checkout.
  [[ -f $work/pdfs/pages-distinct.pdf ]] && text_layer+=(--pages-distinct "$work/pdfs/pages-distinct.pdf")
  [[ -d $work/pdfs/distinct-docs ]] && text_layer+=(--distinct-docs "$work/pdfs/distinct-docs")
fi
/usr/bin/python3 "$root/bench/bench.py" --mode "$mode" --kensa "$work/kensa" --kensa-origin "$kensa" "${rounds[@]}" \
  --samples "${samples[@]}" "${text_layer[@]}" --scans "${scans[@]}" --office "${office[@]}" \
  --originals "$root/samples" --out "$out" --work "$work"
