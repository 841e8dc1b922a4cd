#include "review/review_command.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <string_view>

#include "diff/version_diff.h"
#include "output/json_codec.h"
#include "output/output_file.h"
#include "text/xlsx_reader.h"

namespace kensa {

namespace {

namespace fs = std::filesystem;

// Files larger than this are refused, as kensa extract's default --max-size.
constexpr long long kMaxInputBytes = 64LL << 20;

// Reads the whole file; nullopt when it cannot be read.
std::optional<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return std::move(bytes).str();
}

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// The format a stored path is shown as until its file is found (by its name).
std::string FormatByName(const std::string& path) {
  const std::string extension = Lower(fs::path(path).extension().string());
  if (extension == ".pdf") return "pdf";
  if (extension == ".xlsx" || extension == ".xlsm") return "xlsx";
  if (extension == ".docx") return "docx";
  if (extension == ".csv" || extension == ".tsv") return "csv";
  return "text";
}

// True for the formats whose pages are drawn from the file's bytes (a PDF page's picture, a sheet's
// grid); the others are shown as the text of their pages.
bool DrawnFromBytes(const std::string& format) { return format == "pdf" || format == "xlsx"; }

// The pages to show, in order, without repeats: those the findings point to, and those that could
// not be read (the reviewer reads them by eye).
std::set<int> PagesToShow(const ReviewDocument& d) {
  std::set<int> pages;
  for (const Finding& f : d.findings) {
    if (f.page > 0) pages.insert(f.page);
  }
  for (const UnreadablePage& p : d.reading.unreadable_pages) pages.insert(p.page);
  return pages;
}

// Draws (PDF), lays out as a grid (xlsx) or copies (text, docx, csv) the pages to show, from bytes,
// which are the document's, and text_pages, the same document as read (for a PDF: the words OCR
// read and their boxes, which frame the quotes on a page without a usable text layer).
void AddPages(ReviewDocument& d, const std::string& bytes, const std::vector<Page>* text_pages, int dpi) {
  const std::set<int> wanted = PagesToShow(d);
  if (d.format == "xlsx") {
    Result<text::Workbook> workbook = text::ReadXlsxWorkbook(bytes);
    if (!workbook.ok()) {
      d.notes.push_back("シートを読めません: " + workbook.status().message());
      return;
    }
    for (text::Sheet& sheet : workbook->sheets) {
      if (!wanted.count(sheet.number)) continue;
      ReviewPage page{sheet.number, std::nullopt, ""};
      page.sheet = std::move(sheet);
      d.pages_shown[page.number] = std::move(page);
    }
    return;
  }
  if (!DrawnFromBytes(d.format)) {
    for (int number : wanted) {
      if (text_pages && number <= static_cast<int>(text_pages->size())) {
        d.pages_shown[number] = ReviewPage{number, std::nullopt, (*text_pages)[number - 1].text};
      }
    }
    return;
  }
  Result<std::unique_ptr<PdfPages>> pdf = PdfPages::Open(bytes);
  if (!pdf.ok()) {
    d.notes.push_back("ページを描けません: " + pdf.status().message());
    return;
  }
  for (int number : wanted) {
    Result<PageImage> image = (*pdf)->Render(number, dpi);
    if (!image.ok()) {
      d.notes.push_back(std::to_string(number) + "ページを描けません: " + image.status().message());
      continue;
    }
    if (text_pages && number <= static_cast<int>(text_pages->size()) && (*text_pages)[number - 1].ocr)
      image->boxes = (*text_pages)[number - 1].words;
    d.pages_shown[number] = ReviewPage{number, std::move(image).value(), ""};
  }
}

// Adds the pages of the stored document from the first of its paths that still holds its bytes.
void AddStoredPages(ReviewDocument& d, const StoredDocument& stored, int dpi, OcrMode ocr) {
  std::vector<std::string> candidates = {stored.path};
  for (const std::string& p : stored.paths) {
    if (std::find(candidates.begin(), candidates.end(), p) == candidates.end()) candidates.push_back(p);
  }
  std::vector<std::string> changed;
  for (const std::string& path : candidates) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) continue;
    std::optional<std::string> bytes = ReadWholeFile(path);
    if (!bytes) continue;
    if (Sha256Hex(*bytes) != stored.sha256) {
      changed.push_back(path);
      continue;
    }
    d.path = path;
    Result<RawDocument> raw = ReadDocument(path, ReadOptions{kMaxInputBytes, ocr});
    if (!raw.ok()) {
      d.notes.push_back("ページを読めません: " + path + ": " + raw.status().message());
      return;
    }
    d.format = raw->format;
    AddPages(d, *bytes, &raw->pages, dpi);
    return;
  }
  for (const std::string& path : changed) {
    d.notes.push_back("ファイル " + path +
                      " は取り込み後に内容が変わっています（sha256 が違う）: ページ画像なしで、引用だけを表示しています。");
  }
  if (changed.empty()) {
    d.notes.push_back("取り込んだ元のファイル（" + stored.path +
                      "）がもうありません: ページ画像なしで、引用だけを表示しています。");
  }
}

std::string DefaultOutput(const std::string& path) {
  return fs::path(path).stem().string() + ".review.html";
}

}  // namespace

Result<ReviewDocument> ReviewFromFile(const Extractor& extractor, const std::string& path, int dpi, OcrMode ocr) {
  Result<RawDocument> raw = ReadDocument(path, ReadOptions{kMaxInputBytes, ocr});
  if (!raw.ok()) return raw.status();
  Extraction extraction = extractor.ExtractDocument(*raw);
  ReviewDocument d;
  d.path = path;
  d.format = raw->format;
  d.sha256 = extraction.sha256;
  d.size = extraction.size;
  d.pages = extraction.pages;
  d.rules_version = extraction.rules_version;
  d.extracted_at = UtcTimestamp();
  d.warnings = extraction.warnings;
  d.reading = extraction.reading;
  d.findings = std::move(extraction.findings);
  if (!DrawnFromBytes(d.format)) {
    AddPages(d, "", &raw->pages, dpi);
    return d;
  }
  // The bytes again for poppler's renderer or the sheets' grid; they must be the bytes just extracted.
  std::optional<std::string> bytes = ReadWholeFile(path);
  if (bytes && Sha256Hex(*bytes) == d.sha256) {
    AddPages(d, *bytes, &raw->pages, dpi);
  } else {
    d.notes.push_back("ファイルが読み取り中に変わりました: ページ画像なしで表示しています。");
  }
  return d;
}

Result<ReviewDocument> ReviewFromStore(Store& store, const std::string& doc, int dpi, OcrMode ocr) {
  using R = Result<ReviewDocument>;
  Result<StoredDocument> found = FindStoredDocument(store, doc);
  if (!found.ok()) return found.status();
  const StoredDocument& stored = *found;
  if (stored.status == DocumentStatus::kFailed) {
    return R::Error(ErrorKind::kUsage, doc + ": stored as failed (" + stored.error + "): there are no answers to review");
  }
  // The typed values, as the contract JSON of kensa export reads back.
  Result<Extraction> extraction = ExtractionFromJson(StoredDocumentToJson(stored));
  if (!extraction.ok()) return R::Error(ErrorKind::kStore, doc + ": stored answers cannot be read: " + extraction.status().message());
  ReviewDocument d;
  d.path = stored.path;
  d.format = FormatByName(stored.path);  // until its file is found
  d.sha256 = stored.sha256;
  d.size = stored.size;
  d.pages = stored.pages;
  d.rules_version = stored.rules_version;
  d.extracted_at = stored.ingested_at;
  d.warnings = stored.warnings;
  d.reading = stored.reading;
  d.findings = std::move(extraction->findings);
  d.service = stored.service;
  // A later version of a service: what changed since the version before it.
  auto versions = ServiceVersions(store, stored.service_key);
  if (!versions.ok()) return versions.status();
  for (size_t i = 1; i < versions->size(); ++i) {
    if ((*versions)[i].sha256 != stored.sha256) continue;
    const StoredDocument& before = (*versions)[i - 1];
    auto diff = DiffStored(before, (*versions)[i]);
    if (!diff.ok()) return diff.status();
    d.previous = PreviousVersion{before.path, before.sha256, before.document_date, std::move(*diff)};
  }
  AddStoredPages(d, stored, dpi, ocr);
  return d;
}

int RunReview(const ReviewOptions& options, std::ostream& out, std::ostream& err) {
  const std::string source = options.db.empty() ? options.file : options.document;
  std::string output = options.output;
  if (output.empty()) output = DefaultOutput(source);
  if (output != "-") {
    if (Status s = CheckWritable(output); !s.ok()) {
      return ReportError(err, "review", s);
    }
  }

  Result<ReviewDocument> document = Status::Error(ErrorKind::kInternal, "not reviewed");
  if (options.db.empty()) {
    ExtractorOptions extractor_options = DefaultExtractorOptions();
    if (!options.patterns.empty()) extractor_options.patterns_dir = options.patterns;
    auto extractor = CreateCheckedExtractor(extractor_options);  // as every command that reads documents
    if (!extractor.ok()) {
      return ReportError(err, "", extractor.status());
    }
    document = ReviewFromFile(**extractor, options.file, options.dpi, options.ocr);
    if (!document.ok()) {
      return ReportError(err, options.file, document.status());
    }
  } else {
    StoreOptions store_options;
    store_options.create = false;
    auto store = OpenStore(options.db, store_options);
    if (!store.ok()) {
      return ReportError(err, "review", store.status());  // the message names the file
    }
    document = ReviewFromStore(**store, options.document, options.dpi, options.ocr);
    if (!document.ok()) {
      return ReportError(err, "review", document.status());
    }
  }
  // A stored document's page is named after the file it was ingested from, not after the sha256.
  if (options.output.empty()) output = DefaultOutput(document->path);
  for (const std::string& w : document->warnings)
    ReportWarning(err, source, WarningCode(w), w);
  for (const std::string& n : document->notes) err << "kensa: " << source << ": note: " << n << "\n";

  const std::string html = ReviewHtml(*document);
  if (output == "-") {
    out << html;
    out.flush();
    return out ? 0 : ExitCodeFor(ErrorKind::kUsage);
  }
  if (Status s = WriteFileAtomically(output, html); !s.ok()) {
    return ReportError(err, "review", s);
  }
  err << "kensa: review: wrote " << output << " (" << document->findings.size() << " findings, "
      << document->pages_shown.size() << " pages shown, " << (html.size() + 1023) / 1024 << " KiB)\n";
  return 0;
}

}  // namespace kensa
