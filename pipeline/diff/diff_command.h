// `kensa diff OLD NEW`: what changed between two versions of a vendor's document (answer_diff.h),
// for a terminal or as JSON, with exit codes as diff(1) has them.
//
// OLD and NEW are files, extracted now as `kensa extract` does, or with --db the stored documents
// they name (a path, a file name, a sha256 or 4+ hex digits of one; store/store.h,
// FindStoredDocument), or with --db and --service NAME the latest version of that service and the one
// before it (store.h, ServiceVersions). The text lists, per changed field in catalogue order, its Japanese label and
// id, then each change (~ changed, - removed, + added) with the readable values and both quotes with
// their pages; unchanged fields are counted (--all lists them too). Colour only on a terminal.
// --json writes one object: both documents, the counts and each field's changes with both findings.
// Exit codes: 0 the answers are the same, 1 some answer changed, 2 trouble (a file that cannot be
// read, a document the store does not hold, a usage error), with one line on the error stream.
// Thread-safety: RunDiff reads files or the store and writes the streams it is given.
#pragma once

#include <ostream>
#include <string>

#include "diff/answer_diff.h"
#include "text/document_reader.h"

namespace kensa {

struct DiffOptions {
  std::string before;    // OLD: a file, or with --db a stored document
  std::string after;     // NEW
  std::string db;        // --db STORE.db
  std::string service;   // --service NAME (with --db, instead of OLD and NEW): its latest two versions
  bool json = false;     // --json
  bool all = false;      // --all: unchanged fields listed too
  std::string patterns;  // --patterns DIR (files only)
  OcrMode ocr = OcrMode::kAuto;  // --ocr (files only)
};

// The exit codes of kensa diff.
inline constexpr int kDiffSame = 0;
inline constexpr int kDiffChanged = 1;
inline constexpr int kDiffTrouble = 2;

int RunDiff(const DiffOptions& options, std::ostream& out, std::ostream& err, bool out_is_terminal);

}  // namespace kensa
