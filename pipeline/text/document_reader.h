// Stage 1, text: reads a PDF (poppler-cpp) or a text file into UTF-8 pages.
//
// PDFs are read page by page in poppler's reading order ("raw" order, the order of the content
// stream, which keeps columns and table cells together better than physical layout); page numbers
// are 1-based. Text files are UTF-8 or Shift_JIS/CP932 (detected and converted with ICU); form feeds
// split their pages. Problems that do not stop reading (no text layer, garbled text layer) come back
// as warnings; problems that do (missing, directory, empty, not a PDF, encrypted, damaged) come back
// as a Status whose message is one line naming the problem.
// Thread-safe: ReadDocument shares no state (poppler documents are per call).
#pragma once

#include <string>
#include <vector>

#include "common/status.h"

namespace kensa {

struct Page {
  int number = 0;    // 1-based
  std::string text;  // UTF-8; lines separated by '\n'
};

struct RawDocument {
  std::string path;
  std::string sha256;   // lowercase hex of the file's bytes
  long long size = 0;   // bytes
  std::string format;   // "pdf" or "text"
  std::vector<Page> pages;
  std::vector<std::string> warnings;  // one line each, e.g. "page 3: no text layer (image only?)"
};

// Reads the file at path. Fails with kNotFound, kNotRegularFile, kEmpty, kNotPdf, kEncrypted or
// kDamaged; never throws.
Result<RawDocument> ReadDocument(const std::string& path);

// Returns the lowercase hex SHA-256 of bytes.
std::string Sha256Hex(std::string_view bytes);

}  // namespace kensa
