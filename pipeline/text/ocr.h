// Internal to the text stage: the words of a page picture, read by Tesseract (libtesseract, the
// Japanese, vertical Japanese and English models of Debian's tesseract-ocr-jpn, -jpn-vert and -eng;
// nothing is downloaded).
//
// A page that has no text layer, or one the text checks call garbled, is drawn by poppler (pdf_render)
// and read here. The text comes back line by line, as a text layer's would, and each word with its
// confidence (0-100), so that a finding read from OCR text can say how sure the reading was. A page
// has a time budget: Tesseract stops at its deadline and what it read so far is kept (with a note).
// Tesseract's own threads are limited to one (OMP_THREAD_LIMIT=1, as its maintainers advise when
// several instances run side by side): kensa parallelizes across documents instead.
// Thread-safety: an OcrEngine is used by one thread at a time (a TessBaseAPI is not shared); each
// thread or process makes its own.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace kensa::text {

// One word as Tesseract read it: its text, its confidence, where it starts in the page's text and
// where it stands on the picture (pixels from the top left).
struct OcrWord {
  std::string text;
  size_t offset = 0;        // byte offset in OcrPage::text
  float confidence = 0;     // 0-100
  int left = 0, top = 0, width = 0, height = 0;
};

struct OcrPage {
  std::string text;              // lines separated by '\n'; empty when nothing was read
  std::vector<OcrWord> words;    // in text order
  float mean_confidence = 0;     // over the words; 0 without words
  bool timed_out = false;        // the per-page budget ended the reading early
};

struct OcrOptions {
  // Tesseract's language models, joined by '+'. The Japanese model reads the Latin words (TLS,
  // ISO/IEC) of Japanese documents too; each model added costs a pass (a dense A4 page: jpn 2.7 s,
  // jpn+eng 3.6 s, jpn+jpn_vert+eng 6.3 s), so the reader asks for jpn first and for jpn_vert
  // (vertical text) only where jpn read a page poorly.
  std::string languages = "jpn";
  std::string data_dir;       // the tessdata folder; empty: Tesseract's default (Debian's package)
  // How a page is cut into text before it is read. Tesseract's own layout analysis (false) cuts
  // Japanese body text into narrow blocks, so that the ends of lines come out as lines of their own
  // (on clean 200 dpi scans of 7 samples: micro-F1 0.70); read as one block of lines (true), the same
  // pages give 0.87. Vertical text needs the analysis (its columns); a multi-column horizontal page
  // is read across its columns, line by line, as poppler's raw order reads a table.
  bool single_block = true;
  // The model that reads again each run of Latin letters, digits and signs (dates, times, ISO/IEC
  // numbers) on a horizontal Japanese page, where the Japanese model confuses 0 with 9 and O with
  // 0; empty: none.
  std::string latin_languages = "eng";
  int page_seconds = 30;      // the per-page budget (0: none)
};

// Returns how many marks on a page picture (PNG at dpi) have the size of a character: dark connected
// shapes from 1/20 to 1/2 inch high and at most an inch wide. What tells a page that holds text
// (one scanned line: dozens) from a blank one (dust: smaller) or one with only rules and frames (a
// few long shapes), without reading it; a share of dark pixels cannot (a line of text and two rules
// both come to ~0.1-0.2% of an A4 page). 0 when the picture cannot be decoded.
int CountGlyphShapes(std::string_view png, int dpi);

class OcrEngine {
 public:
  // Loads the models once. Fails with kConfig naming the languages and the folder when a model is
  // missing ("install tesseract-ocr-jpn"), kInternal when Tesseract cannot start.
  static Result<std::unique_ptr<OcrEngine>> Create(const OcrOptions& options = {});
  ~OcrEngine();

  // Reads a page picture given as PNG bytes at `dpi`, stopping at the per-page budget or after
  // `seconds` if that comes first (timed_out). Fails with kDamaged when the picture cannot be decoded,
  // kInternal when Tesseract fails; a page without words is an OcrPage with empty text.
  Result<OcrPage> Read(std::string_view png, int dpi, double seconds = 1e9);

  // Returns the share (0..1) of the page's text, by the length of its lines, that Tesseract's
  // layout analysis finds written top to bottom (vertical Japanese), without reading it. Fails as
  // Read does.
  Result<double> VerticalShare(std::string_view png);

  // Returns Tesseract's version (for kensa --version).
  static std::string Version();

  struct Impl;

 private:
  explicit OcrEngine(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace kensa::text
