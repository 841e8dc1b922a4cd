// OcrEngine on libtesseract (LSTM models) and leptonica (the picture): words with their confidences
// from the result iterator, a '\n' wherever Tesseract starts a new text line.
#include "text/ocr.h"

#include <leptonica/allheaders.h>
#include <tesseract/baseapi.h>
#include <tesseract/ocrclass.h>
#include <tesseract/resultiterator.h>

#include <omp.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>

#include "text/document_reader.h"

namespace kensa::text {

struct OcrEngine::Impl {
  tesseract::TessBaseAPI api;
  // The English model, for the Latin letters and digits of a Japanese page (null: not loaded).
  std::unique_ptr<tesseract::TessBaseAPI> latin;
  OcrOptions options;
  ~Impl() {
    if (latin) latin->End();
    api.End();
  }
};

namespace {

struct PixFree {
  void operator()(Pix* pix) const { pixDestroy(&pix); }
};

struct TextFree {
  void operator()(char* text) const { delete[] text; }
};

// One character Tesseract read, with its box, its word's confidence, and whether a word or a line
// begins with it.
struct Glyph {
  std::string text;
  int left = 0, top = 0, right = 0, bottom = 0;
  float word_confidence = 0;
  bool word_start = false;
  bool line_start = false;
  bool latin() const { return text.size() == 1 && text[0] > ' ' && text[0] < 0x7f; }
};

// The characters of the page Tesseract has just recognized, in reading order.
std::vector<Glyph> Glyphs(tesseract::TessBaseAPI& api) {
  std::vector<Glyph> glyphs;
  std::unique_ptr<tesseract::ResultIterator> it(api.GetIterator());
  if (!it) return glyphs;
  float word_confidence = 0;
  do {
    std::unique_ptr<char[], TextFree> symbol(it->GetUTF8Text(tesseract::RIL_SYMBOL));
    if (!symbol || symbol[0] == '\0') continue;
    Glyph g;
    g.text = symbol.get();
    g.word_start = it->IsAtBeginningOf(tesseract::RIL_WORD);
    g.line_start = it->IsAtBeginningOf(tesseract::RIL_TEXTLINE);
    if (g.word_start) word_confidence = it->Confidence(tesseract::RIL_WORD);
    g.word_confidence = word_confidence;
    it->BoundingBox(tesseract::RIL_SYMBOL, &g.left, &g.top, &g.right, &g.bottom);
    glyphs.push_back(std::move(g));
  } while (it->Next(tesseract::RIL_SYMBOL));
  return glyphs;
}

// A word of the page as kensa joins them: Tesseract's word, or a run of Latin characters read again.
struct Piece {
  OcrWord word;
  bool line_start = false;
};

void Extend(OcrWord& word, const Glyph& g) {
  if (word.text.empty()) {
    word.left = g.left;
    word.top = g.top;
    word.width = g.right - g.left;
    word.height = g.bottom - g.top;
  } else {
    const int right = std::max(word.left + word.width, g.right), bottom = std::max(word.top + word.height, g.bottom);
    word.left = std::min(word.left, g.left);
    word.top = std::min(word.top, g.top);
    word.width = right - word.left;
    word.height = bottom - word.top;
  }
  word.text += g.text;
}

// Characters the Japanese model takes for one another in Latin runs ("2925/92/10", "IS0", "1SO").
// A run's second reading is kept only where it differs from the first by these, each changed
// character of the kind (digit or letter) most of the second reading's are: never a character more
// or less (at a run's edges the second reading may take in a stroke of the Japanese beside it), and
// no letter for a digit among digits.
bool Confusable(std::string_view first, std::string_view second) {
  static constexpr std::string_view kClasses[] = {"0689OoDQ", "1I", "5S", "2Z"};
  if (first.size() != second.size()) return false;
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  const auto letter = [](char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; };
  const auto digits = std::count_if(second.begin(), second.end(), digit);
  const auto letters = std::count_if(second.begin(), second.end(), letter);
  if (digits + letters < 2) return false;  // one character is too little for the English model to go on
  for (size_t k = 0; k < first.size(); ++k) {
    if (first[k] == second[k]) continue;
    const bool alike = std::any_of(std::begin(kClasses), std::end(kClasses), [&](std::string_view c) {
      return c.find(first[k]) != std::string_view::npos && c.find(second[k]) != std::string_view::npos;
    });
    if (!alike || (digits > letters ? !digit(second[k]) : !letter(second[k]))) return false;
  }
  return true;
}

// Reads again, with the English model, each run of Latin letters, digits and signs on a line of a
// Japanese page ("2025/02/10", "ISO/IEC 27001", "30" of "30分"): the Japanese model confuses 0 with
// 9 and O with 0 in them ("2925/92/10", "SS0"), the English one reads them as they stand. A run's
// new reading is kept when it is Latin too and about as long; otherwise the Japanese one stays.
// Returns the page's words: Tesseract's, with each run read again as a word of its own.
std::vector<Piece> ReadLatinRuns(tesseract::TessBaseAPI* latin, Pix* pix, int dpi, const std::vector<Glyph>& glyphs) {
  if (latin) {
    latin->SetImage(pix);
    latin->SetSourceResolution(dpi);
  }
  std::vector<Piece> pieces;
  for (size_t i = 0; i < glyphs.size();) {
    const Glyph& g = glyphs[i];
    size_t end = i;
    if (latin && g.latin()) {
      while (end < glyphs.size() && glyphs[end].latin() && (end == i || !glyphs[end].line_start)) ++end;
    }
    if (end > i) {
      Piece run;
      run.line_start = g.line_start;
      float confidence = 0;
      for (size_t k = i; k < end; ++k) {
        Extend(run.word, glyphs[k]);
        confidence += glyphs[k].word_confidence;
      }
      run.word.confidence = confidence / static_cast<float>(end - i);
      const int pad_x = 2, pad_y = std::max(2, run.word.height / 6);
      latin->SetRectangle(std::max(0, run.word.left - pad_x), std::max(0, run.word.top - pad_y),
                          run.word.width + 2 * pad_x, run.word.height + 2 * pad_y);
      std::unique_ptr<char[], TextFree> text(latin->GetUTF8Text());
      std::string again = text ? std::string(text.get()) : "";
      std::erase_if(again, [](char c) { return c == ' ' || c == '\n'; });
      if (Confusable(run.word.text, again)) run.word.text = again;
      pieces.push_back(std::move(run));
      i = end;
      continue;
    }
    // A word of Tesseract's (up to the next word, line or Latin run).
    Piece piece;
    piece.line_start = g.line_start;
    piece.word.confidence = g.word_confidence;
    do {
      Extend(piece.word, glyphs[end]);
      ++end;
    } while (end < glyphs.size() && !glyphs[end].word_start && !(latin && glyphs[end].latin()));
    pieces.push_back(std::move(piece));
    i = end;
  }
  if (latin) latin->Clear();
  return pieces;
}

}  // namespace

OcrEngine::OcrEngine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
OcrEngine::~OcrEngine() = default;

std::string OcrEngine::Version() { return tesseract::TessBaseAPI::Version(); }

}  // namespace kensa::text

namespace kensa {
std::string TesseractVersion() { return text::OcrEngine::Version(); }
}  // namespace kensa

namespace kensa::text {

Result<std::unique_ptr<OcrEngine>> OcrEngine::Create(const OcrOptions& options) {
  using R = Result<std::unique_ptr<OcrEngine>>;
  // One thread per Tesseract instance. Debian's libtesseract runs its LSTM on OpenMP with its own
  // thread counts, and the runtime read OMP_THREAD_LIMIT when it loaded (before main): no parallel
  // level may be active instead, so each of Tesseract's parallel loops runs on the calling thread
  // (measured on a dense A4 page: 2.3 s of CPU instead of 5.7 s plus 3.8 s of system time).
  omp_set_max_active_levels(0);
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  const char* data = options.data_dir.empty() ? nullptr : options.data_dir.c_str();
  if (impl->api.Init(data, options.languages.c_str(), tesseract::OEM_LSTM_ONLY) != 0) {
    return R::Error(ErrorKind::kConfig, "cannot load the OCR models " + options.languages + " (" +
                                            (data ? options.data_dir : std::string("Tesseract's default folder")) +
                                            "): install tesseract-ocr-jpn, tesseract-ocr-jpn-vert and tesseract-ocr-eng");
  }
  impl->api.SetPageSegMode(options.single_block ? tesseract::PSM_SINGLE_BLOCK : tesseract::PSM_AUTO);
  // Japanese text is read without the spaces Tesseract would put between its characters' boxes.
  impl->api.SetVariable("preserve_interword_spaces", "1");
  impl->api.SetVariable("debug_file", "/dev/null");
  if (!options.latin_languages.empty()) {
    impl->latin = std::make_unique<tesseract::TessBaseAPI>();
    if (impl->latin->Init(data, options.latin_languages.c_str(), tesseract::OEM_LSTM_ONLY) == 0) {
      impl->latin->SetPageSegMode(tesseract::PSM_SINGLE_LINE);
      impl->latin->SetVariable("debug_file", "/dev/null");
    } else {
      impl->latin.reset();  // without it the Japanese model's reading stands
    }
  }
  return std::unique_ptr<OcrEngine>(new OcrEngine(std::move(impl)));
}

int CountGlyphShapes(std::string_view png, int dpi) {
  std::unique_ptr<Pix, PixFree> pix(pixReadMem(reinterpret_cast<const l_uint8*>(png.data()), png.size()));
  if (!pix) return 0;
  std::unique_ptr<Pix, PixFree> binary(pixConvertTo1(pix.get(), 160));
  if (!binary) return 0;
  Boxa* boxes = pixConnCompBB(binary.get(), 8);
  if (!boxes) return 0;
  int glyphs = 0;
  for (l_int32 i = 0; i < boxaGetCount(boxes); ++i) {
    l_int32 x = 0, y = 0, w = 0, h = 0;
    boxaGetBoxGeometry(boxes, i, &x, &y, &w, &h);
    if (h * 20 >= dpi && h * 2 <= dpi && w <= dpi) ++glyphs;
  }
  boxaDestroy(&boxes);
  return glyphs;
}

Result<double> OcrEngine::VerticalShare(std::string_view png) {
  std::unique_ptr<Pix, PixFree> pix(pixReadMem(reinterpret_cast<const l_uint8*>(png.data()), png.size()));
  if (!pix) return Result<double>::Error(ErrorKind::kDamaged, "cannot decode the page picture for OCR");
  tesseract::TessBaseAPI& api = impl_->api;
  const tesseract::PageSegMode mode = api.GetPageSegMode();
  api.SetPageSegMode(tesseract::PSM_AUTO);
  api.SetImage(pix.get());
  double vertical = 0, all = 0;
  std::unique_ptr<tesseract::PageIterator> it(api.AnalyseLayout());
  if (it) {
    do {
      tesseract::Orientation orientation;
      tesseract::WritingDirection direction;
      tesseract::TextlineOrder order;
      float deskew = 0;
      int left = 0, top = 0, right = 0, bottom = 0;
      if (!it->BoundingBox(tesseract::RIL_TEXTLINE, &left, &top, &right, &bottom)) continue;
      it->Orientation(&orientation, &direction, &order, &deskew);
      const double length = std::max(right - left, bottom - top);
      all += length;
      if (direction == tesseract::WRITING_DIRECTION_TOP_TO_BOTTOM) vertical += length;
    } while (it->Next(tesseract::RIL_TEXTLINE));
  }
  it.reset();
  api.Clear();
  api.SetPageSegMode(mode);
  return all > 0 ? vertical / all : 0.0;
}

Result<OcrPage> OcrEngine::Read(std::string_view png, int dpi, double seconds) {
  std::unique_ptr<Pix, PixFree> pix(pixReadMem(reinterpret_cast<const l_uint8*>(png.data()), png.size()));
  if (!pix) return Result<OcrPage>::Error(ErrorKind::kDamaged, "cannot decode the page picture for OCR");
  tesseract::TessBaseAPI& api = impl_->api;
  api.SetImage(pix.get());
  api.SetSourceResolution(dpi);
  tesseract::ETEXT_DESC monitor;
  if (impl_->options.page_seconds > 0) seconds = std::min<double>(seconds, impl_->options.page_seconds);
  if (seconds < 1e9) monitor.set_deadline_msecs(static_cast<int32_t>(std::max(0.0, seconds) * 1000));
  OcrPage page;
  if (api.Recognize(&monitor) != 0) {
    api.Clear();
    return Result<OcrPage>::Error(ErrorKind::kInternal, "Tesseract could not read the page");
  }
  page.timed_out = monitor.deadline_exceeded();
  std::vector<Piece> pieces = ReadLatinRuns(impl_->latin.get(), pix.get(), dpi, Glyphs(api));
  // A new line where Tesseract starts one. Japanese comes out as many small words ("セキ ュ リ
  // ティ"), and so do the digits of one number ("9" "9." "9" "5%": a Japanese font's half-width
  // digits stand as far apart as two words): a space goes only between Latin words ("ISO 27001",
  // "TLS 1.2"), never between two digits.
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  const auto latin = [&](char c) { return digit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'); };
  double confidence_sum = 0;
  for (Piece& piece : pieces) {
    if (piece.line_start && !page.text.empty()) {
      page.text += '\n';
    } else if (!page.text.empty() && page.text.back() != '\n' && latin(page.text.back()) && latin(piece.word.text[0]) &&
               !(digit(page.text.back()) && digit(piece.word.text[0]))) {
      page.text += ' ';
    }
    piece.word.offset = page.text.size();
    page.text += piece.word.text;
    confidence_sum += piece.word.confidence;
    page.words.push_back(std::move(piece.word));
  }
  if (!page.words.empty()) page.mean_confidence = static_cast<float>(confidence_sum / page.words.size());
  api.Clear();
  return page;
}

}  // namespace kensa::text
