// Stage 1, text: reads a PDF (poppler-cpp) or a text file into UTF-8 pages.
//
// PDFs are read page by page in poppler's "raw" order (the order of the content stream, which keeps
// table rows and wrapped cells together better than physical layout; pdf_text.cc says how the modes
// compared); page numbers are 1-based, and vertical text read one glyph per line is joined back
// into lines. A file that neither starts with %PDF- nor is named .pdf is text: UTF-8 (BOM dropped),
// or Shift_JIS/CP932, EUC-JP, ISO-2022-JP or UTF-16 (detected and converted with ICU); CRLF becomes
// LF and form feeds split its pages. Problems that do not stop reading (no text layer, pages without
// text, garbled text layer) come back as warnings; problems that do (missing, directory, empty, not
// a PDF, encrypted, damaged) come back as a Status whose message is one line naming the problem and
// not the file (the caller prefixes the path).
// Thread-safe: ReadDocument shares no state (poppler documents and ICU converters are per call).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "text/pdf_render.h"

namespace kensa {

// Where a piece of a page's text stands in an Office file or a CSV (the evidence keys of a finding
// read from it): a spreadsheet cell, a Word table's cell, or a Word paragraph.
struct SourcePlace {
  size_t offset = 0;  // byte offset in Page::text where this place's text starts
  std::string cell;   // "E12": a sheet's or a CSV's cell, or a cell of a Word table (with `table`)
  int table = 0;      // docx: the 1-based number of the table in the document (0: not in a table)
  int paragraph = 0;  // docx: the 1-based number of the paragraph in the document's body
  float confidence = -1;  // OCR: the confidence (0-100) of the word starting here; -1 otherwise
};

struct Page {
  int number = 0;    // 1-based
  std::string text;  // UTF-8; lines separated by '\n'; a table row's cells separated by '\t'
  std::string name;  // a sheet's name (xlsx); empty otherwise
  std::vector<SourcePlace> places;  // ascending offsets; empty for PDF and text pages
  bool ocr = false;             // the text was read by OCR from the page's picture (places: its words)
  float ocr_confidence = 0;     // OCR: the mean word confidence (0-100)
  std::vector<TextBox> words;   // OCR: each word read and its box, in points from the top left
  // Why the page could not be read, empty when it could (or holds nothing): one of the codes below.
  // A reviewer must not take "not stated" from such a page: it may state anything.
  std::string unreadable;

  Page() = default;
  Page(int number, std::string text) : number(number), text(std::move(text)) {}
};

// Why a page could not be read (Page::unreadable, the JSON's "unreadable_pages").
namespace unreadable {
inline constexpr const char* kNoTextLayer = "no_text_layer";    // a picture without text, OCR off or missing
inline constexpr const char* kGarbledText = "garbled_text";     // a garbled text layer, OCR off or missing
inline constexpr const char* kOcrFailed = "ocr_failed";         // the picture could not be drawn or read
inline constexpr const char* kOcrNoText = "ocr_no_text";        // OCR found no words on a page with ink
inline constexpr const char* kOcrLowConfidence = "ocr_low_confidence";  // OCR's reading too unsure to use
inline constexpr const char* kOcrTimeLimit = "ocr_time_limit";  // the document's time ran out before OCR came to it
}  // namespace unreadable

struct RawDocument {
  std::string path;
  std::string sha256;   // lowercase hex of the file's bytes
  long long size = 0;   // bytes
  std::string format;   // "pdf", "text", "xlsx", "docx" or "csv"
  std::vector<Page> pages;
  std::vector<std::string> warnings;  // one line each, e.g. "no text on pages 3, 7"
};

// When a PDF's pages are read from their pictures (OCR, text/ocr.h).
enum class OcrMode {
  kAuto,    // the pages with no text layer or a garbled one
  kAlways,  // every page (the text layer is not used)
  kNever,   // none: an image-only page stays without text
};

// What a caller allows a document to cost before it is read.
struct ReadOptions {
  // Files larger than this are refused (kResourceLimit) before a byte is read; 0: no limit but the
  // reader's own (2 GiB for a PDF, 512 MiB for a text). `kensa extract --max-size` sets it: the work
  // and memory of a text grow with its size (measured: per MiB of Japanese text, ~0.4 s of CPU and
  // ~24 MiB of memory).
  long long max_bytes = 0;
  // Which pages of a PDF are read by OCR. The models are loaded once per thread, on the first page
  // that needs them (~0.5 s); a page costs ~1-5 s of CPU at 300 dpi, within a 30 s budget.
  OcrMode ocr = OcrMode::kAuto;
  // Threads that read a document's page pictures at once (each with its own Tesseract engine,
  // ~35 MB); 0: one per core. kensa ingest passes 1: its workers already read documents in parallel.
  unsigned ocr_threads = 0;
};

// Reads the file at path. Fails with kNotFound, kNotRegularFile, kEmpty, kNotPdf, kEncrypted or
// kDamaged (kResourceLimit for a file over options.max_bytes, a PDF over 2 GiB, a text over
// 512 MiB or memory running out: "memory limit N MiB exceeded"; kInternal on a bug); never throws.
Result<RawDocument> ReadDocument(const std::string& path, const ReadOptions& options = {});

// Returns the lowercase hex SHA-256 of bytes (OpenSSL's libcrypto, sha256.cc). Never fails but
// throws std::bad_alloc when memory runs out, as a std::string would.
std::string Sha256Hex(std::string_view bytes);

struct FileDigest {
  std::string sha256;  // lowercase hex
  long long size = 0;  // bytes read
};

// Returns the SHA-256 and size of the file at path, reading it in 1 MiB pieces: memory does not grow
// with the file. Fails with kNotFound, "cannot open (REASON)" or "cannot read (REASON)" (a directory:
// "cannot read (Is a directory)").
Result<FileDigest> Sha256OfFile(const std::string& path);

// Returns the version of the poppler library in use (for kensa --version).
std::string PopplerVersion();
// Returns the version of the Tesseract library in use (for kensa --version).
std::string TesseractVersion();

}  // namespace kensa
