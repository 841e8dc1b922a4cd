#!/bin/sh
# Writes every finding kensa gives on the samples and on ../shared/realpages into OUT_DIR, one
# file per document (the rules version and path left out), so that a change meant to keep every
# answer (a refactor) can be checked byte for byte:
#   scripts/snapshot-findings.sh /tmp/before   (before the change)
#   scripts/snapshot-findings.sh /tmp/after && diff -r /tmp/before /tmp/after
# KENSA: the binary (default build/kensa).
set -eu
out=${1:?usage: scripts/snapshot-findings.sh OUT_DIR}
kensa=${KENSA:-build/kensa}
mkdir -p "$out"
for doc in samples/*.pdf samples/*.txt ../shared/realpages/docs/*.pdf; do
  [ -e "$doc" ] || continue
  case "$doc" in *.expected.json) continue ;; esac
  name=$(echo "$doc" | sed 's|^\.\./||' | tr '/' '_')
  "$kensa" extract "$doc" --compact 2>&1 | sed -e 's/"rules_version":"[0-9a-f]*",\?//' -e 's/"path":"[^"]*",//' >"$out/$name.json" || true
done
echo "$(ls "$out" | wc -l) documents in $out"
