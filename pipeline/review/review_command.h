// `kensa review FILE [-o OUT.html]` and `kensa review --db STORE.db DOC [-o OUT.html]`: the review
// page (review_page.h) of one document, extracted now from FILE or read from an ingest store.
//
// FILE is read and extracted as `kensa extract` does (same errors, same exit codes). DOC names a
// stored document by one of its paths (as given to kensa ingest, or its absolute form), by its file
// name alone when exactly one stored document has it, or by its sha256 or a prefix of at least 4
// hex digits (a shorter one is refused, saying so); the latest extraction of it is shown, and its pages
// are drawn from the stored path's file when that file is still there with the same bytes
// (otherwise the page says so and shows the quotes without pictures). Only the pages findings point
// to are drawn. OUT defaults to FILE's (or the stored path's) name with .review.html in the current
// directory; "-" writes to the out stream. The file is written beside OUT under a temporary name
// and renamed, so a failed run leaves no half page.
// Thread-safety: RunReview reads the file or store and writes OUT and the streams it is given.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "common/status.h"
#include "extract/extractor.h"
#include "review/review_page.h"
#include "store/store.h"

namespace kensa {

struct ReviewOptions {
  std::string file;      // FILE (without --db)
  std::string db;        // --db STORE.db
  std::string document;  // DOC (with --db)
  std::string output;    // -o OUT.html; empty: the default name; "-": the out stream
  std::string patterns;  // --patterns DIR (FILE only)
  int dpi = 100;         // --dpi N (50..300): the page pictures' resolution; 100 reads well on screen
                         // and paper at ~100-250 KiB per page
  OcrMode ocr = OcrMode::kAuto;  // --ocr: which pages are read from their pictures (FILE, and a
                                 // stored document's pages framed again)
};

// Reads and extracts the file at path and draws the pages its findings point to. Fails as
// ReadDocument does.
Result<ReviewDocument> ReviewFromFile(const Extractor& extractor, const std::string& path, int dpi,
                                     OcrMode ocr = OcrMode::kAuto);

// Finds the stored document named by doc (path, file name, sha256 or sha256 prefix) and draws the pages its
// findings point to from its file, if that is still there. Fails with kUsage when no document or
// more than one matches (two with that file name: the paths named), a sha256 prefix is under 4
// digits, or it was stored as failed, kStore when the store cannot be read.
Result<ReviewDocument> ReviewFromStore(Store& store, const std::string& doc, int dpi, OcrMode ocr = OcrMode::kAuto);

// Runs `kensa review` with options (checked by the command line, pipeline/cli: FILE or --db and DOC): the page to OUT (or out), messages and
// errors on err. Returns 0, or the exit code of the error (README: as kensa extract; 2 also for an
// OUT that cannot be written and a DOC the store does not hold; 30 for a store that cannot be read).
int RunReview(const ReviewOptions& options, std::ostream& out, std::ostream& err);

}  // namespace kensa
