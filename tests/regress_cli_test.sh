#!/usr/bin/env bash
# The done-when of `kensa regress`, end to end: in a copy of samples/, one expected value is changed;
# kensa regress against the committed baseline must exit 1 and name the document, the field, the
# expected and the found value; with the value restored it must exit 0. Also: usage errors exit 2,
# --json is one JSON object, and the output carries no colour when it is not a terminal.
# Usage: tests/regress_cli_test.sh KENSA SOURCE_DIR
set -u
kensa=$1 source_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
ok() { passed=$((passed + 1)); }
fail() { echo "FAIL $*"; failed=$((failed + 1)); }

document=000_4eb37b3979d3b2f9
mkdir "$work/samples"
cp "$source_dir"/samples/*.pdf "$source_dir"/samples/*.expected.json "$work/samples/"
baseline=$source_dir/samples/baseline.json

# set_rto AMOUNT: sets the amount of the first expected RTO of $document.
set_rto() {
  /usr/bin/python3 - "$work/samples/$document.expected.json" "$1" <<'PY'
import json, sys
path, amount = sys.argv[1], int(sys.argv[2])
data = json.load(open(path, encoding="utf-8"))
data["fields"]["rto"][0]["value"]["amount"] = amount
json.dump(data, open(path, "w", encoding="utf-8"), ensure_ascii=False, indent=2)
PY
}

# 1. Unchanged copy: exit 0.
"$kensa" regress "$work/samples" --baseline "$baseline" >"$work/out" 2>"$work/err"
rc=$?; [[ $rc -eq 0 ]] && ok || fail "unchanged copy: exit $rc, expected 0: $(tail -3 "$work/out") $(cat "$work/err")"

# 2. One expected value changed (1 hour -> 2 hours): exit 1, the WORSE lines name it all.
set_rto 2
"$kensa" regress "$work/samples" --baseline "$baseline" >"$work/out" 2>"$work/err"
rc=$?; [[ $rc -eq 1 ]] && ok || fail "changed expected value: exit $rc, expected 1"
grep -E "^WORSE .*$document\.pdf +rto .*expected \{\"amount\":2,\"unit\":\"hour\"\}" "$work/out" >/dev/null && ok ||
  fail "no WORSE line naming $document.pdf, rto and the expected value: $(grep WORSE "$work/out")"
grep -E "^WORSE .*$document\.pdf +rto .*found \{\"amount\":1,\"unit\":\"hour\"\}" "$work/out" >/dev/null && ok ||
  fail "no WORSE line naming $document.pdf, rto and the found value: $(grep WORSE "$work/out")"
grep -q $'\x1b\[' "$work/out" && fail "colour codes in output that is not a terminal" || ok
"$kensa" regress "$work/samples" --baseline "$baseline" --json >"$work/json" 2>/dev/null
rc=$?; [[ $rc -eq 1 ]] && ok || fail "--json: exit $rc, expected 1"
/usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["verdict"]["exit_status"] == 1
changes = {(f["document"], f["field"], f["change"], json.dumps(f["value"])) for f in d["comparison"]["findings"]}
assert (sys.argv[2] + ".pdf", "rto", "newly_missed", "{\"amount\": 2, \"unit\": \"hour\"}") in changes, changes
assert (sys.argv[2] + ".pdf", "rto", "new_false_positive", "{\"amount\": 1, \"unit\": \"hour\"}") in changes, changes
' "$work/json" "$document" && ok || fail "--json does not carry the comparison"

# 3. Restored: exit 0.
set_rto 1
"$kensa" regress "$work/samples" --baseline "$baseline" >"$work/out" 2>"$work/err"
rc=$?; [[ $rc -eq 0 ]] && ok || fail "restored: exit $rc, expected 0"

# 4. The baseline's paths are relative: a baseline saved in one place compares in another.
(cd "$work" && "$kensa" regress samples --save-baseline "$work/saved.json" >/dev/null 2>&1)
rc=$?; [[ $rc -eq 0 ]] && ok || fail "--save-baseline: exit $rc"
grep -q "$work" "$work/saved.json" && fail "the saved baseline holds absolute paths" || ok
"$kensa" regress "$source_dir/samples" --baseline "$work/saved.json" >/dev/null 2>&1
rc=$?; [[ $rc -eq 0 ]] && ok || fail "saved baseline from another directory: exit $rc"

# 5. A gold/ + docs/ folder (the layout of ../shared/realpages): gold/x.json answers docs/x.pdf;
#    evidence is read as the quote. The same scores as the samples layout.
mkdir -p "$work/golden/gold" "$work/golden/docs"
cp "$source_dir/samples/$document.pdf" "$work/golden/docs/"
/usr/bin/python3 - "$source_dir/samples/$document.expected.json" "$work/golden/gold/$document.json" <<'PY'
import json, sys
data = json.load(open(sys.argv[1], encoding="utf-8"))
for findings in data["fields"].values():
    for f in findings:
        f["evidence"] = f.pop("quote")
json.dump(data, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
"$kensa" regress "$work/golden" --json >"$work/golden.json" 2>/dev/null
rc=$?; [[ $rc -eq 0 ]] && ok || fail "gold layout: exit $rc, expected 0"
"$kensa" regress "$source_dir/samples/$document.pdf" --json >"$work/sample.json" 2>/dev/null
/usr/bin/python3 -c '
import json, sys
g, s = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
assert [d["document"] for d in g["documents"]] == [sys.argv[3] + ".pdf"], g["documents"]
assert g["total"] == s["total"], (g["total"], s["total"])
assert g["total"]["conditions"] == 2, g["total"]
' "$work/golden.json" "$work/sample.json" "$document" && ok || fail "gold layout scores differ from the sample layout"

# 6. Usage errors exit 2.
for args in "--bogus" "$work/nowhere" "$work/samples --baseline $work/nowhere.json" "$work/samples --min-f1"; do
  # shellcheck disable=SC2086
  "$kensa" regress $args >/dev/null 2>&1
  rc=$?; [[ $rc -eq 2 ]] && ok || fail "regress $args: exit $rc, expected 2"
done

echo "regress cli: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
