// ReadDocument: checks the path, reads the bytes once, fingerprints them, and hands them to the PDF
// or the text reader. Everything that can throw (poppler, ICU glue, allocation) runs inside one
// try block, so no exception leaves the stage.
#include "text/document_reader.h"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <map>
#include <memory>
#include <new>
#include <optional>
#include <string_view>
#include <system_error>
#include <thread>

#include "common/parallel.h"
#include "common/process_limits.h"
#include "text/csv_reader.h"
#include "text/docx_reader.h"
#include "text/ocr.h"
#include "text/pdf_render.h"
#include "text/pdf_text.h"
#include "text/text_checks.h"
#include "text/text_file.h"
#include "text/xlsx_reader.h"
#include "text/zip_archive.h"

namespace kensa {
namespace {

namespace fs = std::filesystem;

// Acrobat and poppler accept the header anywhere in the first 1024 bytes (after junk such as a mail
// or HTTP header left in front), and so does kensa when telling a damaged PDF from no PDF at all.
constexpr size_t kPdfHeaderWindow = 1024;

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

// Fails with kNotFound or kNotRegularFile unless path names a regular file (after symlinks).
Status CheckPath(const std::string& path) {
  std::error_code error;
  const fs::file_status link = fs::symlink_status(path, error);
  if (link.type() == fs::file_type::not_found) return Status::Error(ErrorKind::kNotFound, "no such file");
  if (error) return Status::Error(ErrorKind::kNotFound, "cannot be inspected: " + error.message());
  const fs::file_status target = fs::status(path, error);
  if (fs::is_symlink(link) && target.type() == fs::file_type::not_found) {
    return Status::Error(ErrorKind::kNotFound, "broken symbolic link: its target does not exist");
  }
  if (error) return Status::Error(ErrorKind::kNotFound, "cannot be inspected: " + error.message());
  if (fs::is_directory(target)) {
    return Status::Error(ErrorKind::kNotRegularFile, "is a directory, not a file");
  }
  if (!fs::is_regular_file(target)) {
    return Status::Error(ErrorKind::kNotRegularFile, "not a regular file (a device, FIFO or socket)");
  }
  return Status::Ok();
}

// Returns "100 MiB" (or "12 KiB", "300 bytes") for a size in bytes.
std::string SizeText(long long bytes) {
  if (bytes >= (1LL << 20)) return std::to_string(bytes >> 20) + " MiB";
  if (bytes >= (1LL << 10)) return std::to_string(bytes >> 10) + " KiB";
  return std::to_string(bytes) + " bytes";
}

// Reads the whole file; fails with kNotFound when it cannot be opened or read, kResourceLimit when
// it holds more than max_bytes (0: any size).
Result<std::string> ReadBytes(const std::string& path, long long max_bytes) {
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (!file) {
    return Result<std::string>::Error(ErrorKind::kNotFound, std::string("cannot open: ") + std::strerror(errno));
  }
  if (struct stat info{}; max_bytes > 0 && ::fstat(::fileno(file.get()), &info) == 0 && info.st_size > max_bytes) {
    return Result<std::string>::Error(ErrorKind::kResourceLimit,
                                      "too large: " + SizeText(info.st_size) + ", over the input size limit of " +
                                          SizeText(max_bytes) + " (--max-size)");
  }
  std::string bytes;
  char buffer[1 << 16];
  size_t count;
  while ((count = std::fread(buffer, 1, sizeof buffer, file.get())) > 0) {
    bytes.append(buffer, count);
    if (max_bytes > 0 && static_cast<long long>(bytes.size()) > max_bytes) {  // grew while being read
      return Result<std::string>::Error(ErrorKind::kResourceLimit,
                                        "too large: over the input size limit of " + SizeText(max_bytes) +
                                            " (--max-size)");
    }
  }
  if (std::ferror(file.get())) {
    return Result<std::string>::Error(ErrorKind::kNotFound,
                                      std::string("cannot read: ") + std::strerror(errno));
  }
  return bytes;
}

// The file name's extension in lower case (".pdf"), or "".
std::string Extension(const std::string& path) {
  std::string extension = fs::path(path).extension().string();
  for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return extension;
}

// An OLE compound file (the container of .xls, .doc, .ppt before 2007, and of every password-protected
// Office Open XML file) starts with these eight bytes.
constexpr std::string_view kOleMagic("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);

// Explains why an OLE compound file is not read: a password-protected xlsx/docx keeps its package in a
// stream named "EncryptedPackage" (its name in the directory is UTF-16LE); anything else is a legacy
// binary Office file.
Status OleFileStatus(std::string_view data) {
  static const std::string kEncryptedPackage = [] {
    std::string name;
    for (char c : std::string_view("EncryptedPackage")) name += {c, '\0'};
    return name;
  }();
  if (data.find(kEncryptedPackage) != std::string_view::npos) {
    return Status::Error(ErrorKind::kEncrypted, "password-protected Office file: save it without a password");
  }
  return Status::Error(ErrorKind::kUnsupportedFormat,
                       "legacy Office file (.xls, .doc or .ppt, an OLE compound file): save it as .xlsx or .docx");
}

// Which Office Open XML document a zip archive holds, by its parts: "xlsx", "docx", or a Status saying
// what it is instead. A damaged archive is kDamagedOffice.
Result<std::string> OfficeFormat(std::string_view data) {
  auto archive = text::ZipArchive::Open(data);
  if (!archive.ok()) {
    Status status = archive.status();
    if (status.kind() == ErrorKind::kDamaged) return Status::Error(ErrorKind::kDamagedOffice, status.message());
    return status;
  }
  if ((*archive)->Has("xl/workbook.xml")) return std::string("xlsx");
  if ((*archive)->Has("word/document.xml")) return std::string("docx");
  if ((*archive)->Has("mimetype")) {
    return Status::Error(ErrorKind::kUnsupportedFormat, "OpenDocument file (.ods/.odt): save it as .xlsx or .docx");
  }
  if ((*archive)->Has("ppt/presentation.xml")) {
    return Status::Error(ErrorKind::kUnsupportedFormat, "PowerPoint file (.pptx): save it as PDF");
  }
  return Status::Error(ErrorKind::kNotPdf, "a zip archive, not an Excel (.xlsx) or Word (.docx) file");
}

// Pages are drawn at this resolution for OCR: Tesseract reads body text best at 300 dpi.
constexpr int kOcrDpi = 300;
// Below this mean word confidence a page read by OCR is worth a warning: check it by eye.
constexpr float kLowOcrConfidence = 60;
// Below this, most of what OCR read is wrong characters (a vertical page read as horizontal came
// to 26%, the same page read as vertical to 90%): the page is unreadable and its text is not used.
constexpr float kUnusableOcrConfidence = 40;
// A page picture with this many marks of a character's size holds text (text/ocr.h,
// CountGlyphShapes: a single scanned line has dozens; a blank page with dust, or vertical.pdf's empty
// pages with their two rules, none).
constexpr int kGlyphShapesOfText = 8;
// A page without text is drawn this small when OCR is off, only to tell blank from picture (10 pt
// text is still 14 pixels high).
constexpr int kBlankCheckDpi = 100;
// Tesseract's models: Japanese (with the Latin words of Japanese documents), and vertical Japanese.
constexpr const char* kHorizontalModel = "jpn";
constexpr const char* kVerticalModel = "jpn_vert";

// OCR stops this long before the document's time limit (--timeout, --cpu): the rest of the
// extraction needs its time, and a document stopped by a limit is lost whole.
constexpr double kOcrReserveSeconds = 5;
// A page is not begun with less time left than this (a dense page takes 2-5 s).
constexpr double kOcrMinPageSeconds = 3;

double OcrSecondsLeft() { return WorkSecondsLeft() - kOcrReserveSeconds; }

// The OCR engine of this thread for a model, made on first use; null (and a reason) when the model
// is missing.
text::OcrEngine* ThreadOcrEngine(const std::string& languages, std::string* why_not) {
  struct Loaded {
    std::unique_ptr<text::OcrEngine> engine;
    std::string failure;
  };
  thread_local std::map<std::string, Loaded> engines;
  Loaded& loaded = engines[languages];
  if (!loaded.engine && loaded.failure.empty()) {
    text::OcrOptions options;
    options.languages = languages;
    options.single_block = languages != kVerticalModel;  // vertical columns need the layout analysis
    if (languages == kVerticalModel) options.latin_languages.clear();  // Latin set sideways in columns
    auto made = text::OcrEngine::Create(options);
    if (made.ok()) {
      loaded.engine = std::move(*made);
    } else {
      loaded.failure = made.status().message();
    }
  }
  if (!loaded.engine && why_not) *why_not = loaded.failure;
  return loaded.engine.get();
}

// Reads a page picture as horizontal text, or as vertical text (jpn_vert, with Tesseract's layout
// analysis finding its columns) when most of its lines run top to bottom.
Result<text::OcrPage> ReadPicture(text::OcrEngine& engine, const PageImage& image) {
  Result<double> vertical_share = engine.VerticalShare(image.png);
  if (!vertical_share.ok()) return vertical_share.status();
  if (*vertical_share > 0.5 && OcrSecondsLeft() >= kOcrMinPageSeconds) {
    if (text::OcrEngine* vertical = ThreadOcrEngine(kVerticalModel, nullptr))
      return vertical->Read(image.png, kOcrDpi, OcrSecondsLeft());
  }
  return engine.Read(image.png, kOcrDpi, OcrSecondsLeft());
}

// Puts OCR's reading on the page in place of its text layer: the text, a place per word with its
// confidence, and the words' boxes in points (for the review page's frames).
void TakeOcrText(text::OcrPage&& ocr, Page& page) {
  page.text = std::move(ocr.text);
  page.ocr = true;
  page.ocr_confidence = ocr.mean_confidence;
  page.places.clear();
  page.words.clear();
  constexpr double kPointsPerPixel = 72.0 / kOcrDpi;
  for (const text::OcrWord& word : ocr.words) {
    SourcePlace place;
    place.offset = word.offset;
    place.confidence = word.confidence;
    page.places.push_back(place);
    page.words.push_back(TextBox{word.text, word.left * kPointsPerPixel, word.top * kPointsPerPixel,
                                 word.width * kPointsPerPixel, word.height * kPointsPerPixel});
  }
}

// "page 3" or "pages 3, 5-7".
std::string PagesWord(const std::vector<int>& pages) {
  return std::string(pages.size() > 1 ? "pages " : "page ") + text::FormatPageList(pages);
}

// What an unreadable page's code means, for its warning.
std::string UnreadableReason(const std::string& code, OcrMode mode) {
  const std::string ocr_state = mode == OcrMode::kNever ? "OCR is off (--ocr never)" : "OCR is unavailable";
  if (code == unreadable::kNoTextLayer) return "no text layer and " + ocr_state;
  if (code == unreadable::kGarbledText) return "a garbled text layer and " + ocr_state;
  if (code == unreadable::kOcrFailed) return "OCR could not draw or read the page";
  if (code == unreadable::kOcrNoText) return "OCR found no words in the page's picture";
  if (code == unreadable::kOcrTimeLimit) return "the document's time limit (--timeout, --cpu) came before OCR reached it";
  return "OCR's reading is too unsure to use (mean word confidence below " +
         std::to_string(static_cast<int>(kUnusableOcrConfidence)) + "%)";
}

// Reads the pages of a PDF that the mode says need OCR from their pictures, their text replacing the
// text layer's; marks the pages that could not be read (Page::unreadable); says what OCR did in the
// document's warnings. OCR never fails a document.
// What OCR made of one page picture: its reading (or why there is none), and how many marks of a
// character's size the picture has.
struct PictureReading {
  std::optional<Result<text::OcrPage>> ocr;  // empty: no time was left to begin the page
  int glyph_shapes = 0;
};

// Reads the pictures of the pages at `indices` (0-based), on `threads` threads at once (pages dealt
// in turn, each thread with its own poppler document and Tesseract engine: neither is shared).
std::vector<PictureReading> ReadPictures(std::string_view data, const RawDocument& document,
                                         const std::vector<size_t>& indices, unsigned threads) {
  std::vector<PictureReading> out(indices.size());
  threads = std::max<unsigned>(1, std::min<unsigned>(threads, static_cast<unsigned>(indices.size())));
  RunInParallel(threads, [&](size_t thread) {
    auto pdf = PdfPages::Open(std::string(data));
    text::OcrEngine* engine = ThreadOcrEngine(kHorizontalModel, nullptr);
    for (size_t k = thread; k < indices.size(); k += threads) {
      PictureReading& reading = out[k];
      if (!pdf.ok() || !engine) {
        reading.ocr = Result<text::OcrPage>(pdf.ok() ? Status::Error(ErrorKind::kConfig, "OCR unavailable") : pdf.status());
        continue;
      }
      if (OcrSecondsLeft() < kOcrMinPageSeconds) continue;
      Result<PageImage> image = (*pdf)->Render(document.pages[indices[k]].number, kOcrDpi);
      if (!image.ok()) {
        reading.ocr = Result<text::OcrPage>(image.status());
        continue;
      }
      reading.glyph_shapes = text::CountGlyphShapes(image->png, kOcrDpi);
      // A page with no mark of a character's size costs Tesseract a layout analysis for nothing.
      reading.ocr = reading.glyph_shapes == 0 ? Result<text::OcrPage>(text::OcrPage{}) : ReadPicture(*engine, *image);
    }
  });
  return out;
}

void ReadPagesByOcr(std::string_view data, const ReadOptions& options, RawDocument& document) {
  const OcrMode mode = options.ocr;
  // Whether each page's text layer can be used as it is.
  std::vector<text::PageText> judged;
  for (const Page& page : document.pages) judged.push_back(text::JudgePageText(text::CountGlyphs(page.text)));
  auto usable = [&](size_t i) { return judged[i] == text::PageText::kText; };
  std::vector<size_t> wanted;
  for (size_t i = 0; i < document.pages.size(); ++i) {
    if (mode == OcrMode::kAlways || (mode == OcrMode::kAuto && !usable(i))) wanted.push_back(i);
  }
  if (!wanted.empty()) {
    std::string why_not;
    if (!ThreadOcrEngine(kHorizontalModel, &why_not)) {
      document.warnings.push_back("OCR unavailable: " + why_not);
      wanted.clear();
    }
  }
  const bool all_usable = std::all_of(judged.begin(), judged.end(), [](text::PageText t) { return t == text::PageText::kText; });
  if (wanted.empty() && all_usable) return;
  auto pdf = PdfPages::Open(std::string(data));
  if (!pdf.ok()) {
    document.warnings.push_back("OCR unavailable: the pages cannot be drawn (" + pdf.status().message() + ")");
    return;
  }
  const unsigned threads = options.ocr_threads ? options.ocr_threads : std::max(1u, std::thread::hardware_concurrency());
  std::vector<PictureReading> pictures = ReadPictures(data, document, wanted, threads);

  std::vector<int> read, low, timed_out;
  double confidence_sum = 0;
  size_t next_wanted = 0;
  for (size_t i = 0; i < document.pages.size(); ++i) {
    Page& page = document.pages[i];
    const bool by_ocr = next_wanted < wanted.size() && wanted[next_wanted] == i;
    if (!by_ocr) {
      // Not read by OCR: a garbled layer stays (with its warning) but the page counts as unreadable;
      // a page without text is unreadable unless its picture is blank.
      if (usable(i)) continue;
      if (judged[i] != text::PageText::kBlank) {
        page.unreadable = unreadable::kGarbledText;
      } else if (Result<PageImage> small = (*pdf)->Render(page.number, kBlankCheckDpi);
                 !small.ok() || text::CountGlyphShapes(small->png, kBlankCheckDpi) >= kGlyphShapesOfText) {
        page.unreadable = unreadable::kNoTextLayer;
      }
      continue;
    }
    PictureReading& picture = pictures[next_wanted++];
    if (!picture.ocr) {
      if (!usable(i)) page.unreadable = unreadable::kOcrTimeLimit;
      continue;
    }
    Result<text::OcrPage>& ocr = *picture.ocr;
    // A usable text layer (--ocr always) is kept where OCR does worse than "unsure".
    const char* failure = nullptr;
    if (!ocr.ok()) {
      failure = unreadable::kOcrFailed;
    } else if (ocr->words.empty()) {
      if (picture.glyph_shapes >= kGlyphShapesOfText) failure = unreadable::kOcrNoText;
    } else if (ocr->mean_confidence < kUnusableOcrConfidence) {
      failure = unreadable::kOcrLowConfidence;
    }
    if (ocr.ok() && ocr->timed_out) timed_out.push_back(page.number);
    if (failure) {
      if (!usable(i)) {
        page.unreadable = failure;
        page.text.clear();  // a garbled layer or an unsure reading: wrong answers are worse than none
      }
      continue;
    }
    if (ocr->words.empty()) continue;  // a blank page
    read.push_back(page.number);
    confidence_sum += ocr->mean_confidence;
    if (ocr->mean_confidence < kLowOcrConfidence) low.push_back(page.number);
    TakeOcrText(std::move(*ocr), page);
  }
  if (!read.empty()) {
    document.warnings.push_back("OCR read " + PagesWord(read) + " (mean word confidence " +
                                std::to_string(static_cast<int>(confidence_sum / read.size() + 0.5)) + "%)");
  }
  if (!low.empty()) {
    document.warnings.push_back("OCR confidence low on " + PagesWord(low) + ": check the answers against the page");
  }
  if (!timed_out.empty()) {
    document.warnings.push_back("OCR stopped at its per-page budget on " + PagesWord(timed_out) + ": part of the page is unread");
  }
}

// One warning per reason for the pages that could not be read, after what the text checks said
// about them (the cause, then what it means for the answers).
void AddUnreadableWarnings(OcrMode mode, RawDocument& document) {
  std::map<std::string, std::vector<int>> unread;
  for (const Page& page : document.pages) {
    if (!page.unreadable.empty()) unread[page.unreadable].push_back(page.number);
  }
  for (const auto& [code, pages] : unread) {
    document.warnings.push_back("unreadable " + PagesWord(pages) + ": " + UnreadableReason(code, mode) + "; what " +
                                (pages.size() > 1 ? "they state" : "it states") + " is unknown");
  }
}

}  // namespace

namespace {

// Reads an Office file's pages; the readers' kDamaged (malformed XML, a missing part, a broken zip)
// becomes kDamagedOffice, so that its code does not say "PDF".
Result<text::OfficeText> ReadOffice(std::string_view data, const std::string& format) {
  Result<text::OfficeText> read = format == "xlsx" ? text::ReadXlsx(data) : text::ReadDocx(data);
  if (!read.ok() && read.status().kind() == ErrorKind::kDamaged) {
    return Status::Error(ErrorKind::kDamagedOffice, read.status().message());
  }
  return read;
}

Result<RawDocument> ReadDocumentOrThrow(const std::string& path, const ReadOptions& options) {
  if (Status status = CheckPath(path); !status.ok()) return status;
  Result<std::string> bytes = ReadBytes(path, options.max_bytes);
  if (!bytes.ok()) return bytes.status();
  if (bytes->empty()) return Result<RawDocument>::Error(ErrorKind::kEmpty, "empty file (0 bytes)");

  RawDocument document;
  document.path = path;
  document.size = static_cast<long long>(bytes->size());
  document.sha256 = Sha256Hex(*bytes);

  const std::string_view data = *bytes;
  const std::string extension = Extension(path);
  const bool is_pdf = data.starts_with("%PDF-") || (extension == ".pdf" && !text::LooksLikeZip(data));
  if (text::LooksLikeZip(data)) {
    Result<std::string> format = OfficeFormat(data);
    if (!format.ok()) return format.status();
    Result<text::OfficeText> office = ReadOffice(data, *format);
    if (!office.ok()) return office.status();
    document.format = *format;
    document.pages = std::move(office->pages);
    document.warnings = std::move(office->warnings);
  } else if (data.starts_with(kOleMagic)) {
    return OleFileStatus(data);
  } else if (is_pdf) {
    // Only a file that carries the header gets to be "damaged"; anything else was never a PDF.
    if (data.substr(0, kPdfHeaderWindow).find("%PDF-") == std::string_view::npos) {
      return Result<RawDocument>::Error(ErrorKind::kNotPdf,
                                        "not a PDF: no %PDF- header in its first 1024 bytes");
    }
    Result<std::vector<Page>> pages = text::ReadPdfPages(data);
    if (!pages.ok()) return pages.status();
    document.format = "pdf";
    document.pages = std::move(pages).value();
    // What the text layer was worth is said even when OCR reads the page instead.
    for (std::string& warning : text::TextLayerWarnings(document.pages, true)) {
      if (warning.starts_with("text layer looks garbled")) document.warnings.push_back(std::move(warning));
    }
    ReadPagesByOcr(data, options, document);
  } else {
    Result<text::DecodedText> decoded = text::DecodeText(data);
    if (!decoded.ok()) return decoded.status();
    // A table by its name (.csv, .tsv), or by its lines: most of them with one count of commas.
    if (extension == ".csv" || extension == ".tsv" || text::LooksLikeCsv(decoded->utf8)) {
      Result<text::OfficeText> table = text::ReadCsv(data, extension == ".tsv" ? '\t' : 0);
      if (!table.ok()) return table.status();
      document.format = "csv";
      document.pages = std::move(table->pages);
      document.warnings = std::move(table->warnings);
    } else {
      document.format = "text";
      document.pages = text::SplitTextPages(decoded->utf8);
      document.warnings = std::move(decoded->warnings);
    }
  }
  for (std::string& warning : text::TextLayerWarnings(document.pages, is_pdf)) {
    if (std::find(document.warnings.begin(), document.warnings.end(), warning) == document.warnings.end())
      document.warnings.push_back(std::move(warning));
  }
  if (is_pdf) AddUnreadableWarnings(options.ocr, document);
  return document;
}

}  // namespace

Result<RawDocument> ReadDocument(const std::string& path, const ReadOptions& options) {
  try {
    return ReadDocumentOrThrow(path, options);
  } catch (const std::bad_alloc&) {
    return Result<RawDocument>::Error(ErrorKind::kResourceLimit, MemoryLimitMessage());
  } catch (const std::exception& error) {
    return Result<RawDocument>::Error(ErrorKind::kInternal,
                                      std::string("unexpected error while reading: ") + error.what());
  } catch (...) {
    return Result<RawDocument>::Error(ErrorKind::kInternal, "unexpected error while reading");
  }
}

}  // namespace kensa
