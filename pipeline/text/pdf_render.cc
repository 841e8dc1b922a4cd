#include "text/pdf_render.h"

#include <png.h>
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-image.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstring>
#include <exception>
#include <mutex>
#include <new>
#include <string>
#include <vector>

namespace kensa {

struct PdfPages::Impl {
  std::string bytes;  // poppler reads from here for the document's lifetime
  std::unique_ptr<poppler::document> document;
};

namespace {

constexpr double kMaxPixels = 100e6;

void IgnorePopplerMessage(const std::string& /*message*/, void* /*closure*/) {}

// Returns the pixels of an argb32 picture (B, G, R, A bytes on a little-endian machine) as packed
// grey bytes when every pixel is grey, else as packed R, G, B; sets gray accordingly.
std::vector<png_byte> PackPixels(const poppler::image& picture, bool& gray) {
  const int width = picture.width();
  const int height = picture.height();
  const char* data = picture.const_data();
  auto pixel = [&](int x, int y) {
    uint32_t argb;
    std::memcpy(&argb, data + static_cast<size_t>(y) * picture.bytes_per_row() + static_cast<size_t>(x) * 4, 4);
    return argb;
  };
  gray = true;
  for (int y = 0; y < height && gray; ++y) {
    for (int x = 0; x < width; ++x) {
      const uint32_t p = pixel(x, y);
      if (((p >> 16) & 0xff) != (p & 0xff) || ((p >> 8) & 0xff) != (p & 0xff)) {
        gray = false;
        break;
      }
    }
  }
  std::vector<png_byte> packed;
  packed.reserve(static_cast<size_t>(width) * height * (gray ? 1 : 3));
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      const uint32_t p = pixel(x, y);
      if (gray) {
        packed.push_back(static_cast<png_byte>(p & 0xff));
      } else {
        packed.push_back(static_cast<png_byte>((p >> 16) & 0xff));
        packed.push_back(static_cast<png_byte>((p >> 8) & 0xff));
        packed.push_back(static_cast<png_byte>(p & 0xff));
      }
    }
  }
  return packed;
}

// Encodes the picture as PNG with libpng's simplified API (no setjmp). Fails with kInternal.
Result<std::string> EncodePng(const poppler::image& picture) {
  bool gray = false;
  const std::vector<png_byte> pixels = PackPixels(picture, gray);
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  image.width = static_cast<png_uint_32>(picture.width());
  image.height = static_cast<png_uint_32>(picture.height());
  image.format = gray ? PNG_FORMAT_GRAY : PNG_FORMAT_RGB;
  png_alloc_size_t size = 0;
  if (!png_image_write_to_memory(&image, nullptr, &size, 0, pixels.data(), 0, nullptr)) {
    std::string message = std::string("cannot encode the page as PNG: ") + image.message;
    png_image_free(&image);
    return Result<std::string>::Error(ErrorKind::kInternal, message);
  }
  std::string png(size, '\0');
  if (!png_image_write_to_memory(&image, png.data(), &size, 0, pixels.data(), 0, nullptr)) {
    std::string message = std::string("cannot encode the page as PNG: ") + image.message;
    png_image_free(&image);
    return Result<std::string>::Error(ErrorKind::kInternal, message);
  }
  png.resize(size);
  return png;
}

Result<PageImage> RenderOrThrow(poppler::document& document, int number, double dpi) {
  using R = Result<PageImage>;
  if (number < 1 || number > document.pages()) {
    return R::Error(ErrorKind::kUsage, "no page " + std::to_string(number) + " (the PDF has " +
                                           std::to_string(document.pages()) + ")");
  }
  std::unique_ptr<poppler::page> page(document.create_page(number - 1));
  if (!page) return R::Error(ErrorKind::kDamaged, "page " + std::to_string(number) + " cannot be read");
  dpi = std::clamp(dpi, 18.0, 600.0);
  // The picture's size before drawing it: a page with an absurd media box must not eat the memory.
  const poppler::rectf box = page->page_rect(poppler::crop_box);
  const double area_px = box.width() * box.height() * (dpi / 72) * (dpi / 72);
  if (!(area_px <= kMaxPixels)) {
    return R::Error(ErrorKind::kResourceLimit, "page " + std::to_string(number) + " is too large to draw");
  }
  poppler::page_renderer renderer;
  renderer.set_render_hint(poppler::page_renderer::antialiasing, true);
  renderer.set_render_hint(poppler::page_renderer::text_antialiasing, true);
  renderer.set_paper_color(0xffffffff);
  renderer.set_image_format(poppler::image::format_argb32);
  const poppler::image picture = renderer.render_page(page.get(), dpi, dpi);
  if (!picture.is_valid() || picture.width() <= 0 || picture.height() <= 0) {
    return R::Error(ErrorKind::kDamaged, "page " + std::to_string(number) + " cannot be drawn");
  }
  Result<std::string> png = EncodePng(picture);
  if (!png.ok()) return png.status();

  PageImage out;
  out.number = number;
  out.width_px = picture.width();
  out.height_px = picture.height();
  out.width_pt = out.width_px * 72.0 / dpi;
  out.height_pt = out.height_px * 72.0 / dpi;
  out.png = std::move(png).value();
  for (const poppler::text_box& word : page->text_list()) {
    const poppler::rectf r = word.bbox();
    const poppler::byte_array utf8 = word.text().to_utf8();
    out.boxes.push_back(TextBox{std::string(utf8.begin(), utf8.end()), r.x(), r.y(), r.width(), r.height()});
  }
  return out;
}

}  // namespace

PdfPages::PdfPages(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PdfPages::~PdfPages() = default;

int PdfPages::page_count() const { return impl_->document->pages(); }

Result<std::unique_ptr<PdfPages>> PdfPages::Open(std::string bytes) {
  using R = Result<std::unique_ptr<PdfPages>>;
  static std::once_flag silence;
  std::call_once(silence, [] { poppler::set_debug_error_function(IgnorePopplerMessage, nullptr); });
  if (bytes.size() > static_cast<size_t>(INT_MAX)) return R::Error(ErrorKind::kResourceLimit, "PDF larger than 2 GiB");
  auto impl = std::make_unique<Impl>();
  impl->bytes = std::move(bytes);
  try {
    impl->document.reset(
        poppler::document::load_from_raw_data(impl->bytes.data(), static_cast<int>(impl->bytes.size())));
  } catch (const std::exception& error) {
    return R::Error(ErrorKind::kDamaged, std::string("damaged PDF: ") + error.what());
  }
  if (!impl->document) return R::Error(ErrorKind::kDamaged, "damaged PDF: poppler cannot open it");
  if (impl->document->is_locked()) {
    return R::Error(ErrorKind::kEncrypted, "encrypted PDF: a user password is needed to open it");
  }
  if (impl->document->pages() <= 0) return R::Error(ErrorKind::kEmpty, "PDF has no pages");
  return std::unique_ptr<PdfPages>(new PdfPages(std::move(impl)));
}

Result<PageImage> PdfPages::Render(int number, double dpi) const {
  try {
    return RenderOrThrow(*impl_->document, number, dpi);
  } catch (const std::bad_alloc&) {
    return Result<PageImage>::Error(ErrorKind::kResourceLimit, "out of memory while drawing page " + std::to_string(number));
  } catch (const std::exception& error) {
    return Result<PageImage>::Error(ErrorKind::kInternal, std::string("unexpected error while drawing a page: ") + error.what());
  }
}

}  // namespace kensa
