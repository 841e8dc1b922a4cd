#!/usr/bin/env bash
# End-to-end checks of the kensa executable: the documented exit code and one stderr line for each
# kind of bad input, every real PDF of ../shared/realpdfs read without a crash, and JSON on stdout;
# the command line: help, version, unknown options, --opt=value and -- for every command.
# Usage: tests/cli_test.sh KENSA SOURCE_DIR SHARED_DIR
set -u
kensa=$1 source_dir=$2 shared_dir=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0

# expect NAME CODE FILE [STDERR-PATTERN]: runs kensa extract FILE with a time limit.
expect() {
  local name=$1 code=$2 file=$3 pattern=${4:-}
  timeout 60 "$kensa" extract "$file" >"$work/out" 2>"$work/err"
  local rc=$?
  local lines; lines=$(grep -vc ': warning: ' "$work/err")
  if [[ $rc -ne $code ]]; then
    echo "FAIL $name: exit $rc, expected $code ($(head -c 200 "$work/err"))"; ((failed++)); return
  fi
  if [[ $code -ne 0 && $lines -ne 1 ]]; then
    echo "FAIL $name: $lines stderr lines, expected one"; ((failed++)); return
  fi
  if [[ -n $pattern ]] && ! grep -q -- "$pattern" "$work/err"; then
    echo "FAIL $name: stderr lacks '$pattern': $(cat "$work/err")"; ((failed++)); return
  fi
  if [[ $code -eq 0 ]] && ! /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert "document" in d and "fields" in d and "warnings" in d' "$work/out"; then
    echo "FAIL $name: stdout is not the JSON contract"; ((failed++)); return
  fi
  ((passed++))
}

: >"$work/empty.pdf"
head -c 4096 /dev/urandom >"$work/random bytes.pdf"
head -c 20000 "$source_dir/samples/000_4eb37b3979d3b2f9.pdf" >"$work/truncated.pdf"
mkdir "$work/a directory.pdf"
ln -s "$work/nowhere" "$work/broken link.pdf"
cp "$source_dir/samples/004_9a680ca3850dccf9.pdf" "$work/日本語 の ファイル名.pdf"

expect missing 10 "$work/missing.pdf" "no such file"
expect broken-symlink 10 "$work/broken link.pdf" "broken symbolic link"
expect directory 11 "$work/a directory.pdf" "directory"
expect empty 12 "$work/empty.pdf" "empty"
expect random-bytes 13 "$work/random bytes.pdf" "not a PDF"
expect truncated 15 "$work/truncated.pdf" "damaged"
expect encrypted-user 14 "$source_dir/tests/fixtures/encrypted-user.pdf" "encrypted"
expect encrypted-owner-only 0 "$source_dir/tests/fixtures/encrypted-owner.pdf"
expect japanese-path 0 "$work/日本語 の ファイル名.pdf"
expect image-only 0 "$shared_dir/realpdfs/ocr_scan_test.pdf" "no text layer"
expect garbled 0 "$shared_dir/realpdfs/issue7696.pdf" "garbled"
expect shift-jis-text 0 "$source_dir/tests/fixtures/windows.sjis.txt"
for pdf in "$shared_dir"/realpdfs/*.pdf; do
  expect "realpdf $(basename "$pdf")" 0 "$pdf"
done

"$kensa" bogus >/dev/null 2>&1; [[ $? -eq 2 ]] && ((passed++)) || { echo "FAIL usage: exit code"; ((failed++)); }
"$kensa" fields --json | /usr/bin/python3 -c 'import json,sys; assert len(json.load(sys.stdin)) == 29' && ((passed++)) || { echo "FAIL fields --json"; ((failed++)); }

# The command line (CLI11): for every command, --help and -h (stdout, exit 0, naming the command), an
# unknown option (exit 2, one stderr line naming it and the hint), one option written --opt=value, and
# `--` before the arguments.
# check NAME CODE STDOUT-PATTERN STDERR-PATTERN KENSA-ARGS…: exit code, and a pattern in each stream
# ("" for none); a non-zero exit must come with exactly one stderr line.
check() {
  local name=$1 code=$2 out_pattern=$3 err_pattern=$4
  shift 4
  timeout 120 "$kensa" "$@" >"$work/out" 2>"$work/err"
  local rc=$?
  if [[ $rc -ne $code ]]; then
    echo "FAIL $name: exit $rc, expected $code ($(head -c 300 "$work/err"))"; ((failed++)); return
  fi
  if [[ $code -ne 0 && $(wc -l <"$work/err") -ne 1 ]]; then
    echo "FAIL $name: $(wc -l <"$work/err") stderr lines, expected one: $(head -c 300 "$work/err")"; ((failed++)); return
  fi
  if [[ -n $out_pattern ]] && ! grep -q -- "$out_pattern" "$work/out"; then
    echo "FAIL $name: stdout lacks '$out_pattern': $(head -c 300 "$work/out")"; ((failed++)); return
  fi
  if [[ -n $err_pattern ]] && ! grep -q -- "$err_pattern" "$work/err"; then
    echo "FAIL $name: stderr lacks '$err_pattern': $(cat "$work/err")"; ((failed++)); return
  fi
  ((passed++))
}

for command in extract fields check-rules passages regress ingest export review; do
  check "$command --help" 0 "Usage: kensa $command" "" "$command" --help
  check "$command -h" 0 "Usage: kensa $command" "" "$command" -h
  check "help $command" 0 "Usage: kensa $command" "" help "$command"
  check "$command --bogus" 2 "" "^kensa: $command: unknown option --bogus (see kensa $command --help)\$" "$command" --bogus
  check "$command --bogus=1" 2 "" "^kensa: $command: unknown option --bogus (see kensa $command --help)\$" "$command" --bogus=1
done
check "--help" 0 "Usage: kensa" "" --help
check "help" 0 "Exit codes:" "" help
check "help bogus" 2 "" "unknown command bogus" help bogus
check "no arguments" 2 "" "^usage: kensa COMMAND" 
check "unknown command" 2 "" "^kensa: unknown command bogus (see kensa --help)\$" bogus
check "--version" 0 "^kensa [0-9]" "" --version
grep -q "^rules " "$work/out" && grep -q "poppler .*MeCab .*ICU .*RE2 .*CLI11 " "$work/out" && ((passed++)) ||
  { echo "FAIL --version: $(cat "$work/out")"; ((failed++)); }

# --opt=value, one option of each command, and an out-of-range value named on one line.
sample="$source_dir/samples/004_9a680ca3850dccf9.pdf"
check "extract --patterns=DIR" 20 "" "" extract --patterns="$work/nowhere" "$sample"
check "extract --memory=100" 2 "" "^kensa: extract: --memory needs a number of MiB" extract --memory=100 "$sample"
check "extract --timeout (no value)" 2 "" "^kensa: extract: --timeout needs a value" extract "$sample" --timeout
check "extract two files" 2 "" "unexpected argument" extract "$sample" "$sample"
check "fields --json=true" 0 '"id"' "" fields --json=true
check "fields bogus" 2 "" "^kensa: fields: unexpected argument bogus" fields bogus
check "check-rules --patterns=DIR" 0 " 0 failing" "" check-rules --patterns="$source_dir/patterns"
check "passages --cpu=x" 2 "" "^kensa: passages: --cpu needs a whole number" passages --cpu=x "$sample"
check "passages --json" 2 "" "^kensa: passages: unknown option --json" passages "$sample" --json
check "regress --min-f1=2" 2 "" "^kensa: regress: --min-f1 needs a number from 0 to 1" regress --min-f1=2
check "regress --jobs=0" 2 "" "--jobs needs a number of threads" regress --jobs=0
check "ingest --memory=100" 2 "" "^kensa: ingest: --memory needs a number of MiB (256 or more)" ingest --memory=100 "$work"
check "ingest without folder" 2 "" "no folder to ingest" ingest
check "export --format=xml" 2 "" "^kensa: export: --format needs csv, jsonl or json, not xml" export --format=xml
check "export --fields=bogus" 2 "" "unknown field bogus" export --format=csv --fields=rto,bogus
check "export without --format" 2 "" "--format is required" export
check "export --db=missing" 30 "" "" export --format=csv --db="$work/missing.db"
check "review --dpi=10" 2 "" "^kensa: review: --dpi needs a number from 50 to 300" review --dpi=10 "$sample"
check "review --db with --patterns" 2 "" "--patterns applies to FILE only" review --db=x.db --patterns=p doc

# `--` ends the options: what follows is an argument even when it starts with a dash.
cp "$source_dir/tests/fixtures/windows.sjis.txt" "$work/-dash.txt"
kensa_path=$(readlink -f "$kensa")
(cd "$work" && timeout 60 "$kensa_path" extract -- -dash.txt >/dev/null 2>&1) && ((passed++)) || { echo "FAIL extract -- -dash.txt"; ((failed++)); }
check "passages --" 0 "^p1 " "" passages -- "$work/-dash.txt"
check "fields --" 0 "rto" "" fields --
check "check-rules --" 0 "failing" "" check-rules --
check "regress --" 2 "" "nowhere" regress -- "$work/nowhere"
check "ingest --" 2 "" "nowhere" ingest --db="$work/k.db" -- "$work/nowhere"
check "export --" 30 "" "" export --format=csv --db="$work/missing.db" --
check "review --" 10 "" "no such file" review -o "$work/r.html" -- "$work/-missing.pdf"

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
