#!/usr/bin/env bash
# A shared PostgreSQL store end to end (run by tests/with_postgres.sh, which starts the server and sets
# KENSA_TEST_PG):
#  1. three ingesters at once on one folder of the samples (PDF, text, Excel, Word, CSV, scans: 60+
#     documents), one of them killed with SIGKILL twice while it reads and started again: every
#     document stored exactly once, none failed, no claim left, each with the findings `kensa
#     extract` gives for it;
#  2. the server restarted under a running ingest: it reconnects, and nothing is lost or doubled;
#  3. every command that takes --db reads the shared store (export, review, diff, service); a server
#     that refuses is one line naming the database without its password, and exit 30.
# usage: postgres_ingest_test.sh KENSA SOURCE_DIR
set -uo pipefail
kensa=$1
source=$2
db=${KENSA_TEST_PG:?run me with tests/with_postgres.sh}
work=$(mktemp -d /tmp/kensa-pg-ingest.XXXXXX)
trap 'rm -rf "$work"' EXIT
failures=0
check() {  # check WHAT EXPECTED ACTUAL
  if [[ "$2" == "$3" ]]; then echo "ok   $1"; else echo "FAIL $1: expected [$2], got [$3]"; failures=$((failures + 1)); fi
}
sql() { psql "$db" -X -q -A -t -c "$1"; }

in=$work/in
mkdir -p "$in"
# The scans are read by OCR (seconds each): a reader killed is killed in the middle of a document.
cp "$source"/samples/*.pdf "$source"/samples/*.txt "$source"/samples/office/*.{xlsx,docx,csv} "$in"/
for f in "$source"/samples/scans/docs/*.pdf; do cp "$f" "$in/scan-$(basename "$f")"; done
documents=$(ls "$in" | wc -l)
echo "$documents documents"
[[ $documents -ge 60 ]] || { echo "FAIL fewer than 60 documents"; exit 1; }

# --- 1. three ingesters, one killed twice ---
ingest() { "$kensa" ingest "$in" --db "$db" --jobs 1 --lease 10 >"$work/out.$1" 2>"$work/err.$1"; echo $? >"$work/rc.$1"; }
ingest b &
b=$!
ingest c &
c=$!
for round in 1 2; do
  "$kensa" ingest "$in" --db "$db" --jobs 1 --lease 10 >"$work/out.a$round" 2>"$work/err.a$round" &
  a=$!
  sleep 3
  kill -9 $a
  # Its reading child dies with it (the pool's children go when their parent does).
  wait $a 2>/dev/null
done
ingest a3 &
a=$!
wait $a $b $c
for who in a3 b c; do check "ingester $who exit" 0 "$(cat "$work/rc.$who")"; done
check "every document stored once" "$documents" "$(sql "SELECT count(*) FROM documents")"
check "distinct documents" "$documents" "$(sql "SELECT count(DISTINCT sha256) FROM documents")"
check "none failed" 0 "$(sql "SELECT count(*) FROM documents WHERE status <> 'ok'")"
check "no claim left" 0 "$(sql "SELECT count(*) FROM claims")"
stored_by=$(cat "$work"/err.* | grep -c '^kensa: ingest: stored /' || true)
echo "     $stored_by documents stored by the ingesters that lived (the killed one's last reads were lost with it)"
grep -h 'ingest: [0-9]* files' "$work"/out.* | sed 's/^/     /'

# The findings of each document are what kensa extract gives for it. Not compared for the scans: OCR
# works against a time budget (README, "Scanned pages"), so on a loaded machine a scan's reading may be
# cut short in one run and not in the other; that they are stored once is checked above.
"$kensa" extract "$in"/* >"$work/extract.jsonl" 2>/dev/null
"$kensa" export --db "$db" --format jsonl >"$work/export.jsonl"
/usr/bin/python3 - "$work/extract.jsonl" "$work/export.jsonl" <<'PY' && echo "ok   findings as kensa extract gives them" || { echo "FAIL findings differ"; exit 1; }
import json, sys
def answers(path):
    out = {}
    for line in open(path, encoding="utf-8"):
        d = json.loads(line)
        out[d["document"]["sha256"]] = sorted((f, json.dumps(x["value"], sort_keys=True), x.get("condition", ""), x["page"], x["quote"], x["rule"])
                                              for f, xs in d["fields"].items() for x in xs)
    return out
extracted, stored = answers(sys.argv[1]), answers(sys.argv[2])
assert extracted.keys() == stored.keys(), (len(extracted), len(stored))
scans = {json.loads(line)["document"]["sha256"] for line in open(sys.argv[1], encoding="utf-8")
         if json.loads(line)["document"]["path"].rsplit("/", 1)[-1].startswith("scan-")}
assert len(scans) == 9, len(scans)
bad = [sha for sha in extracted if sha not in scans and extracted[sha] != stored[sha]]
assert not bad, bad[:3]
PY
[[ $? == 0 ]] || failures=$((failures + 1))

# --- 2. the server restarted under a running ingest (the text documents: no OCR, quicker) ---
sql "DELETE FROM findings; DELETE FROM documents; DELETE FROM paths; DELETE FROM service_corrections; DELETE FROM contents;" >/dev/null
rm "$in"/scan-*
# Four more copies of each PDF, each other bytes (a comment after %%EOF, which readers ignore): a
# batch long enough (~4 s) that the restart falls in the middle of it.
for f in "$in"/*.pdf; do
  for k in 1 2 3 4; do { cat "$f"; printf '\n%% copy %d\n' $k; } >"${f%.pdf}-copy$k.pdf"; done
done
documents=$(ls "$in" | wc -l)
"$kensa" ingest "$in" --db "$db" --jobs 1 >"$work/out.restart" 2>"$work/err.restart" &
i=$!
# The server goes once the ingest has stored a few documents (the store and its claims in use).
for ((t = 0; t < 300; t++)); do
  (($(sql "SELECT count(*) FROM documents" 2>/dev/null || echo 0) >= 5)) && break
  sleep 0.1
done
as_server=()
[[ $(id -u) == 0 ]] && as_server=(runuser -u postgres --)
kill -0 $i 2>/dev/null && under=yes || under=no  # still ingesting when the server goes
"${as_server[@]}" "$KENSA_TEST_PG_BIN/pg_ctl" -D "$KENSA_TEST_PG_DIR/data" -m fast -w restart >/dev/null 2>&1
check "the server restarted under the ingest" yes $under
wait $i
code=$?
[[ $code == 0 ]] || grep -v 'ingest: stored' "$work/err.restart"
check "ingest across a server restart: exit" 0 $code
check "across a restart: every document once" "$documents" "$(sql "SELECT count(*) FROM documents")"
check "across a restart: none failed" 0 "$(sql "SELECT count(*) FROM documents WHERE status <> 'ok'")"
grep -h 'ingest: [0-9]* files' "$work/out.restart" | sed 's/^/     /'

# --- 3. the other commands on the shared store; a server that refuses ---
"$kensa" export --db "$db" --format csv >"$work/export.csv"
check "export csv exit" 0 $?
check "export csv rows" "$((documents + 1))" "$(/usr/bin/python3 -c "import csv,sys; print(len(list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline='')))))" "$work/export.csv")"
"$kensa" review --db "$db" 101_faq_hachidesk.pdf -o "$work/review.html" 2>/dev/null
check "review --db exit" 0 $?
"$kensa" service list --db "$db" >"$work/services"
check "service list exit" 0 $?
"$kensa" diff --db "$db" 103_meti_kotonoha.pdf 103_meti_kotonoha.xlsx >/dev/null
code=$?
check "diff --db runs (0 or 1)" 1 $(( code <= 1 ))
bad="${db/\/kensa\?//nosuchdb?}&password=s3cret"
"$kensa" export --db "$bad" --format csv >/dev/null 2>"$work/refused"
check "a refused connection: exit 30" 30 $?
check "a refused connection: one line" 1 "$(wc -l <"$work/refused")"
check "the password is not shown" 0 "$(grep -c s3cret "$work/refused")"
grep -q 'nosuchdb.*does not exist' "$work/refused" && echo "ok   the reason is given" || { echo "FAIL no reason: $(cat "$work/refused")"; failures=$((failures + 1)); }

echo "$failures failed"
[[ $failures == 0 ]]
