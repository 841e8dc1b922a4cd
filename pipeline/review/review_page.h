// The review page (kensa review): one self-contained HTML file in which a reviewer checks each
// answer of a document against the page it came from.
//
// The page holds, in order: the document's header (name, path, pages, sha256, extraction date,
// rules version); its warnings (no text layer, garbled text, the file gone since ingestion) and any
// quote that could not be placed on its page; one table row per field of the catalogue in catalogue
// order, with the Japanese label, the readable value(s) ("2時間", "99.9%", "10世代"), the condition
// and a link to the evidence, or 記載なし where the document states nothing; then each finding's
// evidence: the quote with the value in <mark>, the rule, the page number and the page itself, a
// picture with the passage's area framed (an SVG over the picture, so the frame scales and prints
// with it), for a spreadsheet the sheet's rows around the evidence as a table with its cell marked,
// or, for a text, Word or CSV file, the page's lines with the passage marked. A later version of a
// service also shows the version before it in the header, marks 変更 on each changed answer (with
// the old value) and each removed one (its own row), and lists the changes with both quotes: the new
// one links to its evidence, the old one stands with its page.
//
// Self-contained means no request leaves the file: pictures are data: URIs, each page's picture
// written once (an SVG <image> that every finding on that page shows with <use>), CSS and the few
// lines of script inline, fonts only by name (Noto Sans CJK JP, IPAexGothic … as a Debian desktop or
// a Mac or Windows has them), and a Content-Security-Policy that forbids anything else. Every text
// from the document or the file system is escaped (html.h). Links are plain anchors, so the page
// works without script and on paper (@media print: one finding per block, the page picture sized
// to fit a sheet).
// Thread-safe: pure functions.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "diff/answer_diff.h"
#include "findings/finding.h"
#include "text/pdf_render.h"
#include "text/xlsx_reader.h"

namespace kensa {

// A page that findings point to, as the reviewer will see it.
struct ReviewPage {
  int number = 0;                  // 1-based
  std::optional<PageImage> image;  // a PDF page's picture and words
  std::string text;                // a text file's page (raw); used when there is no image
  std::optional<text::Sheet> sheet{};  // a spreadsheet's page: its grid, shown as a table
};

// The version of the same service before the reviewed document (store.h, ServiceVersions), and what
// changed since it: the page marks each changed answer and shows the old one's quote beside it.
struct PreviousVersion {
  std::string path;
  std::string sha256;
  std::string document_date;  // "" when it states none
  AnswerDiff diff;            // from it to the reviewed document
};

struct ReviewDocument {
  std::string path;           // as given on the command line, or as stored
  std::string format;         // "pdf", "text", "xlsx", "docx" or "csv"
  std::string sha256;
  long long size = 0;         // bytes
  int pages = 0;
  std::string rules_version;
  std::string extracted_at;   // UTC, "2026-12-05T10:04:05Z"
  std::vector<std::string> warnings;  // the extraction's: no text layer, garbled text …
  std::vector<std::string> notes;     // the review's own: the file is gone, a page cannot be drawn
  std::vector<Finding> findings;      // in catalogue order, then document order
  Reading reading;                    // pages read by OCR; pages that could not be read
  std::map<int, ReviewPage> pages_shown;  // by page number; a finding whose page is missing here
                                          // is shown with its quote only
  std::string service;                    // the service it belongs to; "" none
  std::optional<PreviousVersion> previous;  // review --db of a later version of a service
};

// Returns the review page of document as one HTML file.
std::string ReviewHtml(const ReviewDocument& document);

}  // namespace kensa
