#!/usr/bin/env bash
# Installs what is missing, then configures and builds kensa into build/ (Release with debug info).
# Usage: scripts/build.sh [extra cmake -D options]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >&2
cmake --build build -j"$(nproc)" >&2   # progress on stderr: stdout is for kensa's JSON
