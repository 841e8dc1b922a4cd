#!/usr/bin/env bash
# The last line of defence: a kensa extract that dies of SIGSEGV or SIGABRT (here sent from outside
# while it reads the compression bomb, standing in for a stack overflow or a bug in the PDF library)
# prints one line naming the file and exits 70, with no core dump. Skipped (77) under
# AddressSanitizer, which keeps these signals to report crashes itself.
# Usage: tests/hostile/crash.sh KENSA CORPUS_DIR
set -u
kensa=$1 corpus=$2
if ldd "$kensa" | grep -q libasan; then echo "skipped: AddressSanitizer build"; exit 77; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
file="$corpus/compression-bomb.pdf"
for sig in SEGV ABRT BUS; do
  (cd "$work" && exec "$kensa" extract "$file" --timeout 30 >/dev/null 2>"$work/err") &
  pid=$!
  sleep 1
  kill -s "$sig" "$pid"
  wait "$pid"
  rc=$?
  line=$(cat "$work/err")
  if [[ $rc -ne 70 ]]; then
    echo "FAIL SIG$sig: exit $rc, expected 70: $line"; failed=1
  elif [[ $(wc -l <"$work/err") -ne 1 || $line != "kensa: $file: crashed (SIG$sig): internal error"* ]]; then
    echo "FAIL SIG$sig: stderr: $line"; failed=1
  elif compgen -G "$work/core*" >/dev/null; then
    echo "FAIL SIG$sig: core dump left"; failed=1
  else
    echo "ok SIG$sig: $line"
  fi
done
exit $failed
