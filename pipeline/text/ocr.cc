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
  OcrOptions options;
  ~Impl() { api.End(); }
};

namespace {

struct PixFree {
  void operator()(Pix* pix) const { pixDestroy(&pix); }
};

struct TextFree {
  void operator()(char* text) const { delete[] text; }
};

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
  return std::unique_ptr<OcrEngine>(new OcrEngine(std::move(impl)));
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
  std::unique_ptr<tesseract::ResultIterator> it(api.GetIterator());
  double confidence_sum = 0;
  if (it) {
    do {
      std::unique_ptr<char[], TextFree> word(it->GetUTF8Text(tesseract::RIL_WORD));
      if (!word || word[0] == '\0') continue;
      // A new line where Tesseract starts one; between words a space only where both sides are
      // Latin letters or digits (Japanese words come out as separate boxes: "セキ ュ リ ティ").
      const auto latin = [](char c) { return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'); };
      if (it->IsAtBeginningOf(tesseract::RIL_TEXTLINE) && !page.text.empty()) {
        page.text += '\n';
      } else if (!page.text.empty() && page.text.back() != '\n' && latin(page.text.back()) && latin(word[0])) {
        page.text += ' ';
      }
      OcrWord w;
      w.text = word.get();
      w.offset = page.text.size();
      w.confidence = it->Confidence(tesseract::RIL_WORD);
      int right = 0, bottom = 0;
      if (it->BoundingBox(tesseract::RIL_WORD, &w.left, &w.top, &right, &bottom)) {
        w.width = right - w.left;
        w.height = bottom - w.top;
      }
      page.text += w.text;
      confidence_sum += w.confidence;
      page.words.push_back(w);
    } while (it->Next(tesseract::RIL_WORD));
  }
  if (!page.words.empty()) page.mean_confidence = static_cast<float>(confidence_sum / page.words.size());
  api.Clear();
  return page;
}

}  // namespace kensa::text
