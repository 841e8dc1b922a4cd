#!/usr/bin/env bash
# Quick start 2: install what is missing, build, and run every test (unit, rule examples, samples,
# hostile input, review page in Chromium), then the whole suite again in the sanitizer build
# (AddressSanitizer + UndefinedBehaviorSanitizer, build-asan/). CI runs this (.ci/run).
# KENSA_SKIP_SANITIZE=1 skips the sanitizer pass (a quicker run while working).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test   # the tools the tests drive (a headless browser, sqlite3, qpdf …)
scripts/build.sh
build/kensa extract samples/002_ae363bfb9f19e15c.pdf > build/quickstart.json && echo "kensa extract: $(grep -c "\"rule\"" build/quickstart.json) findings in build/quickstart.json"
(cd build && ctest --output-on-failure -j"$(nproc)")
if [[ "${KENSA_SKIP_SANITIZE:-0}" != 1 ]]; then
  echo "sanitizer build (build-asan/): the whole suite again under ASan + UBSan" >&2
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKENSA_SANITIZE=ON >&2
  cmake --build build-asan -j"$(nproc)" >&2
  # Leaks inside third-party libraries (tests/lsan.supp) are not kensa's to fix.
  (cd build-asan && LSAN_OPTIONS="suppressions=$PWD/../tests/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}" \
     ctest --output-on-failure -j"$(nproc)")
fi
