#!/usr/bin/env bash
# Quick start 2: install what is missing, build, and run every test (unit, rule examples, samples).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
build/kensa extract samples/002_ae363bfb9f19e15c.pdf > build/quickstart.json && echo "kensa extract: $(grep -c "\"rule\"" build/quickstart.json) findings in build/quickstart.json"
cd build
ctest --output-on-failure -j"$(nproc)"
