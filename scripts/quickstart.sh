#!/usr/bin/env bash
# Quick start 1: install what is missing, build, and print the checklist answers of a sample as JSON.
# Usage: scripts/quickstart.sh [FILE]   (default: samples/002_ae363bfb9f19e15c.pdf)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
build/kensa extract "${1:-samples/002_ae363bfb9f19e15c.pdf}"
