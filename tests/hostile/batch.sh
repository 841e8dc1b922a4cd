#!/usr/bin/env bash
# A batch in which the hostile corpus's bad files sit among good documents: every good document must
# give exactly the answers it gives alone, whatever its neighbours do (crash, hang, blow up).
#  1. each good document alone: kensa extract;
#  2. the whole folder, one kensa extract after another, bad and good interleaved: the good ones'
#     JSON byte for byte as alone, each bad one its documented nonzero exit code (never a signal);
#  3. the whole folder with kensa ingest (child processes under limits): exit 0, every good
#     document stored "ok" with the same findings, every bad one stored "failed" with its reason.
# Usage: tests/hostile/batch.sh KENSA CORPUS_DIR SOURCE_DIR
set -u
kensa=$1 corpus=$2 source_dir=$3
# Per-document wall-clock limit of the batch: enough for a good document, not for the compression
# bomb (~20 s alone). Under AddressSanitizer a good document takes ~4 s (start-up mostly).
limit=5
ldd "$kensa" | grep -q libasan && limit=10
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
fail() { echo "FAIL: $*"; failed=1; }

batch="$work/batch"
mkdir -p "$batch" "$work/alone"
good=(002_ae363bfb9f19e15c.pdf 101_faq_hachidesk.pdf 105_whitepaper_yamabiko.pdf)
for g in "${good[@]}"; do cp "$source_dir/samples/$g" "$batch/"; done
cp "$corpus/shift-jis.txt" "$corpus/encrypted-owner.pdf" "$corpus/日本語 の ファイル名 (コピー).pdf" "$batch/"
good+=(shift-jis.txt encrypted-owner.pdf "日本語 の ファイル名 (コピー).pdf")
# Bad (or answerless) neighbours: name -> the exit code kensa extract gives each (with --timeout $limit).
# OCR is off here (--ocr never): its seconds per page would outlast the short limit; OCR has tests of its
# own (text_ocr_test, cli, hostile-image-only).
declare -A bad=(
  [truncated.pdf]=15 [random-bytes.pdf]=13 [zero-bytes.pdf]=12 [zero-pages.pdf]=12 [encrypted-user.pdf]=14
  [image-only.pdf]=0 [garbled-font.pdf]=0 [deep-nesting.pdf]=0 [page-loop.pdf]=0 [compression-bomb.pdf]=21
  [invalid-utf8.txt]=0 [large-100mib.txt]=21
)
for b in "${!bad[@]}"; do cp "$corpus/$b" "$batch/"; done
ln -s "$work/nowhere.pdf" "$batch/broken link.pdf"; bad["broken link.pdf"]=10

# 1. Alone.
for g in "${good[@]}"; do
  (cd "$batch" && "$kensa" extract --compact --ocr never "$g" >"$work/alone/$g.json" 2>/dev/null) || fail "$g alone: exit $?"
done

# 2. One after another, in name order (good and bad interleaved).
while IFS= read -r -d '' path; do
  name=$(basename "$path")
  (cd "$batch" && "$kensa" extract --compact --ocr never --timeout "$limit" "$name" >"$work/out.json" 2>"$work/err")
  rc=$?
  ((rc < 128)) || fail "$name: killed by signal $((rc - 128))"
  if [[ -v "bad[$name]" ]]; then
    [[ $rc -eq ${bad[$name]} ]] || fail "$name: exit $rc, expected ${bad[$name]}: $(head -c 300 "$work/err")"
  else
    [[ $rc -eq 0 ]] || fail "$name: exit $rc in the batch"
    cmp -s "$work/out.json" "$work/alone/$name.json" || fail "$name: answers in the batch differ from alone"
  fi
done < <(find "$batch" -mindepth 1 -maxdepth 1 -print0 | sort -z)

# 3. kensa ingest over the folder; its store exported as JSON Lines.
db="$work/kensa.db"
"$kensa" ingest "$batch" --db "$db" --jobs 2 --timeout "$limit" --ocr never --quiet >"$work/ingest.out" 2>"$work/ingest.err"
rc=$?
[[ $rc -eq 0 ]] || fail "kensa ingest: exit $rc: $(cat "$work/ingest.err")"
"$kensa" export --db "$db" --format jsonl >"$work/export.jsonl" || fail "kensa export: exit $?"
/usr/bin/python3 - "$work" "$batch" "${good[@]}" <<'PY' || failed=1
import json, os, sys
work, batch, good = sys.argv[1], sys.argv[2], sys.argv[3:]
by_name = {}
for line in open(os.path.join(work, "export.jsonl"), encoding="utf-8"):
    document = json.loads(line)
    for path in document["document"]["paths"]:
        by_name[os.path.basename(path)] = document
bad = 0
def fail(message):
    global bad
    print("FAIL: ingest: " + message)
    bad = 1
for name in good:
    alone = json.load(open(os.path.join(work, "alone", name + ".json"), encoding="utf-8"))
    stored = by_name.get(name)
    if stored is None:
        fail(f"{name} not stored")
    elif stored["document"]["status"] != "ok":
        fail(f"{name} stored as {stored['document']['status']}: {stored['document'].get('error')}")
    elif stored["fields"] != alone["fields"]:  # value_text included: extract and export write it alike
        fail(f"{name}: stored findings differ from kensa extract's")
failed = [n for n, d in by_name.items() if d["document"]["status"] == "failed"]
for name in ("truncated.pdf", "random-bytes.pdf", "zero-bytes.pdf", "zero-pages.pdf", "encrypted-user.pdf",
             "compression-bomb.pdf", "large-100mib.txt"):
    if name not in failed:
        fail(f"{name} not stored as failed")
    elif not by_name[name]["document"].get("error"):
        fail(f"{name} failed without a reason")
print(f"ingest: {len(by_name)} documents, {len(failed)} failed: " +
      "; ".join(f"{n}: {by_name[n]['document'].get('error')}" for n in sorted(failed)))
sys.exit(bad)
PY

[[ $failed -eq 0 ]] && echo "batch: ${#good[@]} good documents unaffected by ${#bad[@]} bad ones (extract and ingest)"
exit $failed
