#!/usr/bin/env bash
# End-to-end checks of the kensa executable: the documented exit code and one stderr line for each
# kind of bad input, every real PDF of ../shared/realpdfs read without a crash, and JSON on stdout.
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

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
