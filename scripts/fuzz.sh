#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ with clang (build-fuzz/, -DKENSA_FUZZ=ON: ASan + UBSan +
# coverage), makes their seed corpora and runs each target for SECONDS, one after the other, at low
# priority (nice 10). Corpora persist in build-fuzz/corpus/<target>/, so runs add up; each run's
# figures (seconds, runs, execs/s, corpus size, findings) are appended to build-fuzz/fuzz-log.tsv.
# A finding (crash, leak, timeout over 10 s, more than 2048 MB) is left in build-fuzz/artifacts/<target>/;
# fix it, then keep the input as tests/fuzz-regressions/<target>/<name> (ctest replays them all).
# Needs: scripts/install-deps.sh --fuzz (clang, libFuzzer).
#
# Usage: scripts/fuzz.sh SECONDS [TARGET…]   targets: normalize passages values rules office (default: all)
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:?usage: scripts/fuzz.sh SECONDS [TARGET…]}
shift
targets=("$@")
((${#targets[@]})) || targets=(normalize passages values rules office)
build="$repo/build-fuzz"
shared="$repo/../shared"
python=/usr/bin/python3

"$repo/scripts/install-deps.sh" --fuzz
cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
  -DKENSA_FUZZ=ON -DKENSA_BUILD_TESTS=OFF >/dev/null
nice -n 10 cmake --build "$build" -j"$(nproc)" --target "${targets[@]/%/_fuzzer}" >/dev/null

# make_seeds TARGET DIR: the starting corpus (only files not yet there are added).
make_seeds() {
  local target=$1 dir=$2
  mkdir -p "$dir"
  shopt -s nullglob
  case $target in
    normalize|passages)
      # Whole documents: the hand-written samples, the seed whitepapers, and the page text poppler
      # gives for each sample PDF (form feeds between pages).
      for f in "$repo"/samples/src/*.txt "$shared"/seeds/*.txt "$repo"/tests/fixtures/passages/*.txt \
               "$repo"/tests/fixtures/japanese.utf8.txt "$repo"/tests/fixtures/windows.utf8.txt; do
        cp -n "$f" "$dir/$(basename "$f")"
      done ;;
    values)
      # Short lines of the samples (what a rule captures is a few words) and the rules' example texts.
      "$python" - "$dir" "$repo"/samples/src/*.txt "$shared"/seeds/*.txt <<'PY'
import hashlib, os, sys, unicodedata
out = sys.argv[1]
for path in sys.argv[2:]:
    for line in open(path, encoding="utf-8"):
        line = unicodedata.normalize("NFKC", line.strip())
        if 0 < len(line.encode()) <= 120:
            name = os.path.join(out, hashlib.sha1(line.encode()).hexdigest()[:16])
            if not os.path.exists(name):
                open(name, "w", encoding="utf-8").write(line)
PY
      ;;
    rules)
      # Each patterns/*.toml with common.toml's [define] entries merged into it, so it loads alone.
      "$python" - "$dir" "$repo"/patterns/*.toml <<'PY'
import os, re, sys, tomllib
out, files = sys.argv[1], sys.argv[2:]
common = next(f for f in files if os.path.basename(f) == "common.toml")
body = open(common, encoding="utf-8").read().split("[define]", 1)[1]
for path in files:
    text = open(path, encoding="utf-8").read()
    if path != common:
        if "\n[define]\n" in text:
            text = text.replace("\n[define]\n", "\n[define]\n" + body + "\n", 1)
        else:
            text = text.replace("\n[[rule]]", "\n[define]\n" + body + "\n[[rule]]", 1)
    tomllib.loads(text)  # a seed must be valid TOML
    open(os.path.join(out, os.path.basename(path)), "w", encoding="utf-8").write(text)
PY
      ;;
    office)
      # Each XML part of the Office samples, behind the byte that picks its place (fuzz/office_fuzzer.cc:
      # 2 workbook, 4 sheet, 5 shared strings, 6 styles; 0x80 document, 0x81 styles, 0x82 numbering).
      "$python" - "$dir" "$repo"/samples/office/*.xlsx "$repo"/samples/office/*.docx <<'PY'
import hashlib, os, sys, zipfile
out = sys.argv[1]
picks = {"xl/workbook.xml": 0, "xl/sharedStrings.xml": 3, "xl/styles.xml": 4, "word/document.xml": 0x80,
         "word/styles.xml": 0x81, "word/numbering.xml": 0x82}
for path in sys.argv[2:]:
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            pick = picks.get(name, 2 if name.startswith("xl/worksheets/") else None)
            if pick is None:
                continue
            data = bytes([pick]) + z.read(name)
            seed = os.path.join(out, hashlib.sha1(data).hexdigest()[:16])
            if not os.path.exists(seed):
                open(seed, "wb").write(data)
PY
      ;;
  esac
  for f in "$repo/tests/fuzz-regressions/$target"/*; do cp -n "$f" "$dir/"; done
}

status=0
log="$build/fuzz-log.tsv"
[[ -f $log ]] || printf 'date\ttarget\tseconds\truns\texecs_per_s\tcorpus\tfinding\n' >"$log"
for target in "${targets[@]}"; do
  corpus="$build/corpus/$target"
  artifacts="$build/artifacts/$target"
  make_seeds "$target" "$corpus"
  mkdir -p "$artifacts"
  dict=()
  [[ -f "$repo/fuzz/$target.dict" ]] && dict=(-dict="$repo/fuzz/$target.dict")
  echo "fuzz: $target for $seconds s ($(ls "$corpus" | wc -l) inputs in $corpus)" >&2
  set +e
  nice -n 10 "$build/fuzz/${target}_fuzzer" "$corpus" "${dict[@]}" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2048 -max_len=16384 -print_final_stats=1 -artifact_prefix="$artifacts/" \
    >"$build/$target.log" 2>&1
  rc=$?
  set -e
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$build/$target.log" | tail -1 || true)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$build/$target.log" | tail -1 || true)
  took=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$build/$target.log" | tail -1 || true)
  finding=none
  if ((rc != 0)); then
    finding=$(grep -m1 -oE 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer|UndefinedBehaviorSanitizer)[^(]*|SUMMARY: [^ ]+ [^ ]+|runtime error' "$build/$target.log" | head -1 || true)
    finding=${finding:-"exit $rc"}
    status=1
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$target" "${took:-$seconds}" "${runs:-?}" \
    "${speed:-?}" "$(ls "$corpus" | wc -l)" "$finding" >>"$log"
  echo "fuzz: $target: ${runs:-?} runs, ${speed:-?} execs/s, finding: $finding (log: $build/$target.log)" >&2
done
# Totals over every run so far, per target.
awk -F'\t' 'NR > 1 {t[$2] += $3; r[$2] += $4} END {for (k in t) printf "fuzz: total %s: %d s, %d runs\n", k, t[k], r[k]}' "$log" >&2
exit $status
