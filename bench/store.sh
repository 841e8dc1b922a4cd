#!/usr/bin/env bash
# Documents per second into each store: the embedded SQLite file and a PostgreSQL server (started
# for the run by tests/with_postgres.sh: a Unix socket on this machine, fsync on), with 1, 2 and 3
# ingesters at once on one folder (each `kensa ingest --jobs 1`), and one ingester with --jobs 2 for
# comparison. The folder: the samples' text-layer PDFs and text files, four copies each made distinct
# by appended line ends (no OCR: the store's share of the time shows). Median of --rounds (default 3),
# with the load average; report to stdout and bench/results/<UTC date-time>-store.md.
#
#   bench/store.sh [--rounds N]
# Environment: KENSA (default build/kensa), BENCH_OUT (default bench/results).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rounds=3
[[ ${1:-} == --rounds ]] && rounds=$2
kensa=${KENSA:-$root/build/kensa}
out=${BENCH_OUT:-$root/bench/results}

if [[ -z ${KENSA_TEST_PG:-} ]]; then  # first, start a server and run again beside it
  exec bash "$root/tests/with_postgres.sh" bash "$0" "$@"
fi

work=$(mktemp -d /tmp/kensa-bench-store.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/in"
for copy in 1 2 3 4; do
  for f in "$root"/samples/*.pdf "$root"/samples/*.txt; do
    name=$(basename "$f")
    cp "$f" "$work/in/$copy-$name"
    head -c "$copy" /dev/zero | tr '\0' '\n' >>"$work/in/$copy-$name"  # after %%EOF or a text's end: other bytes, the same document
  done
done
documents=$(ls "$work/in" | wc -l)

fresh_pg() { psql "$KENSA_TEST_PG" -X -q -v ON_ERROR_STOP=1 -c "SET client_min_messages = warning;" -c "DROP SCHEMA public CASCADE; CREATE SCHEMA public;" >/dev/null; }

# run STORE-KIND INGESTERS JOBS: prints the seconds one round took
run() {
  local kind=$1 ingesters=$2 jobs=$3 db pids=()
  if [[ $kind == sqlite ]]; then
    rm -f "$work"/bench.db*
    db=$work/bench.db
  else
    fresh_pg
    db=$KENSA_TEST_PG
  fi
  local start end
  start=$(date +%s.%N)
  for ((i = 0; i < ingesters; i++)); do
    "$kensa" ingest "$work/in" --db "$db" --jobs "$jobs" --quiet >/dev/null 2>&1 &
    pids+=($!)
  done
  wait "${pids[@]}"
  end=$(date +%s.%N)
  local stored
  if [[ $kind == sqlite ]]; then
    stored=$(/usr/bin/python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM documents').fetchone()[0])" "$db")
  else
    stored=$(psql "$db" -X -q -A -t -c "SELECT count(*) FROM documents")
  fi
  [[ $stored == "$documents" ]] || { echo "bench: $kind with $ingesters ingesters stored $stored of $documents" >&2; exit 1; }
  echo "$end - $start" | bc -l
}

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

stamp=$(date -u +%Y-%m-%d-%H%M)
report="$out/$stamp-store.md"
mkdir -p "$out"
{
  echo "# Documents per second into each store ($stamp UTC)"
  echo
  echo "kensa $("$kensa" --version | head -1 | awk '{print $2}'), $(nproc) cores, $documents documents (the samples' text-layer PDFs and texts, 4 distinct copies each), median of $rounds rounds; PostgreSQL $(psql --version | awk '{print $3}') on a Unix socket, fsync on; SQLite in WAL mode, synchronous=FULL. Load average before: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "| store | ingesters × --jobs | seconds (median) | documents/s | rounds |"
  echo "| --- | --- | ---: | ---: | --- |"
  for config in "sqlite 1 1" "sqlite 1 2" "sqlite 2 1" "postgres 1 1" "postgres 1 2" "postgres 2 1" "postgres 3 1"; do
    read -r kind ingesters jobs <<<"$config"
    times=()
    for ((r = 0; r < rounds; r++)); do times+=("$(run "$kind" "$ingesters" "$jobs")"); done
    m=$(printf '%s\n' "${times[@]}" | median)
    printf '| %s | %s × %s | %.2f | %.1f | %s |\n' "$kind" "$ingesters" "$jobs" "$m" "$(echo "$documents / $m" | bc -l)" \
      "$(printf '%.2f ' "${times[@]}")"
  done
  echo
  echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg)."
} | tee "$report"
