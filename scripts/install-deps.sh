#!/usr/bin/env bash
# Installs the Debian packages kensa needs, skipping those already present.
# Usage: scripts/install-deps.sh            (what building kensa and extracting need: quick start 1)
#        scripts/install-deps.sh --test     (also the tools the tests drive: quick start 2, CI)
#        scripts/install-deps.sh --samples  (also LibreOffice + fonts + Python modules, to regenerate samples/)
#        scripts/install-deps.sh --fuzz     (also clang and libFuzzer, for scripts/fuzz.sh)
#        scripts/install-deps.sh --bench    (also the Python comparison pipeline of bench/run.sh)
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libpoppler-cpp-dev poppler-data poppler-utils   # PDF text; CJK CMaps; pdftotext as the benchmark floor
  libicu-dev                                      # normalization, charset detection and conversion
  libmecab-dev mecab-utils mecab-ipadic mecab-ipadic-utf8  # tokenizer, mecab-dict-index, IPAdic (sources + UTF-8 build)
  libre2-dev                                      # rules
  libtomlplusplus-dev                             # rule files (TOML literal strings: no double escaping)
  nlohmann-json3-dev                              # output
  libcli11-dev                                    # command line: options, help and errors (header-only)
  doctest-dev                                     # the unit tests build with kensa (header-only)
  libsqlite3-dev                                  # ingest store
  libpq-dev                                       # the shared store on a PostgreSQL server
  libpng-dev                                      # kensa review: page pictures as PNG
  libssl-dev                                      # SHA-256 of every input file (libcrypto)
  libzip-dev libexpat1-dev                        # Excel and Word files: the zip container, the XML
  libtesseract-dev libleptonica-dev tesseract-ocr-jpn tesseract-ocr-jpn-vert tesseract-ocr-eng  # OCR of scanned pages
)
if [[ "${1:-}" == "--test" ]]; then
  packages+=(
    sqlite3                                       # tests/ingest_test.sh looks into the store with the CLI
    procps                                        # tests/ingest_test.sh: pgrep finds workers left behind
    time                                          # bench/ (CTest bench-smoke): GNU /usr/bin/time for peak RSS
    qpdf                                          # encrypted-PDF test inputs
    chromium fonts-noto-cjk                       # kensa review's browser test (headless); Japanese in its screenshots
    python3                                       # tests/review_browser_test.sh reads the expected answers
    postgresql postgresql-client                  # a server of their own for the shared-store tests (tests/with_postgres.sh)
  )
fi
if [[ "${1:-}" == "--fuzz" ]]; then
  packages+=(clang libclang-rt-14-dev python3)  # libFuzzer + ASan/UBSan runtimes; python3: seed corpora
fi
if [[ "${1:-}" == "--bench" ]]; then
  packages+=(python3 python3-pdfminer python3-fitz python3-mecab)  # bench/python_pipeline.py
fi
if [[ "${1:-}" == "--samples" ]]; then
  packages+=(libreoffice-writer-nogui fonts-ipafont-gothic fonts-ipafont-mincho python3  # python3: scripts/make-samples.sh, gold-to-expected.py
             python3-openpyxl python3-docx  # scripts/make-office-samples.py
             python3-pil)                   # scripts/make-scan-samples.py (pdftoppm: poppler-utils, above)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}" >&2
  sudo_cmd=""; [[ $(id -u) -ne 0 ]] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
