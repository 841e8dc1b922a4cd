// Stage 1, text: pictures of PDF pages for people (the review page, kensa review), with the words
// poppler sees on them and where they stand, so that a quote can be marked on the picture.
//
// A page is rendered by poppler-cpp's page_renderer (antialiased, white paper) and encoded as PNG
// with libpng (8-bit grey when the page holds no colour, else RGB). Its words come from
// poppler::page::text_list(): one box per word as poppler's text layout cuts them (a run of
// Japanese text without spaces is usually one box), in points with the origin at the page's top
// left, the same frame as the picture (a box's pixel position is its point position times dpi/72).
// Neither poppler nor libpng appears in this header.
// Thread-safety: a PdfPages is used by one thread at a time (poppler documents are not shared
// between threads); separate PdfPages objects are independent.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace kensa {

// A word on a page: its text as poppler reads it (UTF-8, not normalized) and its rectangle.
struct TextBox {
  std::string text;
  double x = 0;       // points from the page's left edge
  double y = 0;       // points from the page's top edge
  double width = 0;   // points
  double height = 0;  // points
};

struct PageImage {
  int number = 0;             // 1-based
  double width_pt = 0;        // the page's size in points (as displayed, rotation applied)
  double height_pt = 0;
  int width_px = 0;           // the picture's size in pixels
  int height_px = 0;
  std::string png;            // PNG bytes
  std::vector<TextBox> boxes; // in content-stream order
};

class PdfPages {
 public:
  // Opens the PDF in bytes (copied; the caller's buffer may go). Fails as ReadDocument does for a
  // PDF: kDamaged, kEncrypted, kEmpty, kResourceLimit (over 2 GiB).
  static Result<std::unique_ptr<PdfPages>> Open(std::string bytes);
  ~PdfPages();

  int page_count() const;

  // Renders page `number` (1-based) at dpi (clamped to 18..600) with its text boxes. Fails with
  // kUsage for a page number out of range, kDamaged when poppler cannot build or draw the page,
  // kResourceLimit when the picture would exceed 100 megapixels, kInternal when PNG encoding fails.
  Result<PageImage> Render(int number, double dpi) const;

  struct Impl;

 private:
  explicit PdfPages(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace kensa
