#include "text/pdf_text.h"

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-page.h>
#include <poppler/cpp/poppler-version.h>

#include <cctype>
#include <cstdio>
#include <thread>
#include <climits>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/parallel.h"
#include "text/document_reader.h"
#include "text/text_checks.h"

namespace kensa::text {
namespace {

// Why raw_order_layout. The three modes of poppler::page::text were compared on the five samples
// (LibreOffice PDFs of the seed texts) and the 20 real PDFs:
//  - non_raw_non_physical_layout (pdftotext's default) groups text into blocks, so a table row's label
//    cell and answer cell land in different blocks: only 80 of 243 seed table rows kept label and
//    answer on one line (raw and physical: 176), and 2 of the 106 gold quotes were broken.
//  - physical_layout kept as many rows and quotes as raw on the samples, but pads columns with runs
//    of spaces, interleaves the lines of wrapped neighbouring cells (0000196315-379-380:
//    "重症者等療 個 室 床 / 養環境特別") and turns vertical text into a character grid that cannot
//    be read back (kokuji: one glyph per cell, columns as rows).
//  - raw_order_layout follows the content stream, which every generator here writes cell by cell and
//    column by column: rows stay whole in the samples and in japanese_corp_tax, wrapped cells stay
//    together, and vertical text comes out in reading order, one glyph per line, which
//    JoinVerticalRuns turns back into lines. Its weakness is a content stream written out of reading
//    order (some columns of sample.pdf's OCR layer); no mode fixes that.
constexpr poppler::page::text_layout_enum kLayout = poppler::page::raw_order_layout;

// From this many pages on, two threads read a PDF's text (see ReadPdfPages).
constexpr int kParallelPages = 32;

void DiscardPopplerMessage(const std::string& /*message*/, void* /*closure*/) {}

// A PDF of one empty page, with a correct cross-reference table.
std::string EmptyPdf() {
  const std::vector<std::string> objects = {"<</Type/Catalog/Pages 2 0 R>>", "<</Type/Pages/Kids[3 0 R]/Count 1>>",
                                            "<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>"};
  std::string pdf = "%PDF-1.4\n";
  std::string xref = "xref\n0 4\n0000000000 65535 f \n";
  for (size_t i = 0; i < objects.size(); ++i) {
    char entry[32];
    std::snprintf(entry, sizeof entry, "%010zu 00000 n \n", pdf.size());
    xref += entry;
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  const size_t xref_at = pdf.size();
  return pdf + xref + "trailer\n<</Size 4/Root 1 0 R>>\nstartxref\n" + std::to_string(xref_at) + "\n%%EOF\n";
}

// poppler prints its syntax errors to stderr by default; kensa reports one line of its own instead.
// And poppler-cpp builds its global state (font lists, encodings, CMap folders: ~5% of reading a
// short whitepaper) with the first open document and frees it with the last: one small document
// kept open for the life of the process keeps it for every document read after (an ingest worker
// reads a hundred).
void SetUpPoppler() {
  static std::once_flag once;
  std::call_once(once, [] {
    poppler::set_debug_error_function(DiscardPopplerMessage, nullptr);
    // Held (not leaked: LeakSanitizer would say so), closed at exit before its bytes.
    static const std::string bytes = EmptyPdf();
    static const std::unique_ptr<poppler::document> kept(
        poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  });
}

// Returns poppler's page text without its trailing form feed and blank lines.
std::string CleanPageText(const poppler::byte_array& raw) {
  std::string text;
  text.reserve(raw.size());
  for (char c : raw) {
    if (c != '\f') text += c;  // poppler ends each page with one; pages are kept apart by number
  }
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ' || text.back() == '\r')) text.pop_back();
  return JoinVerticalRuns(text);
}

// Returns true if bytes hold a "/Type /Page" dictionary in plain sight. poppler reports zero pages
// both for an empty page tree and for one it cannot follow; only the second leaves page objects
// behind. (Pages inside compressed object streams are not seen: such a file counts as empty.)
bool HasPageObject(std::string_view bytes) {
  for (size_t at = bytes.find("/Type"); at != std::string_view::npos; at = bytes.find("/Type", at + 5)) {
    size_t pos = at + 5;
    while (pos < bytes.size() && std::isspace(static_cast<unsigned char>(bytes[pos]))) ++pos;
    if (bytes.substr(pos, 5) != "/Page") continue;
    const char next = pos + 5 < bytes.size() ? bytes[pos + 5] : ' ';
    // "/Page" itself, not "/Pages" or "/PageLabel".
    if (!std::isalnum(static_cast<unsigned char>(next))) return true;
  }
  return false;
}

// Reads pages [begin, end) of document into pages[begin, end). A page poppler cannot build (or a
// document that does not open a second time) stays in the list, empty, so page numbers keep
// matching the PDF; the no-text warning names it.
void ReadPageRange(poppler::document* document, int begin, int end, std::vector<Page>& pages) {
  for (int index = begin; index < end; ++index) {
    pages[index].number = index + 1;
    if (!document) continue;
    if (std::unique_ptr<poppler::page> pdf_page(document->create_page(index)); pdf_page) {
      pages[index].text = CleanPageText(pdf_page->text(poppler::rectf(), kLayout).to_utf8());
    }
  }
}

}  // namespace

Result<std::vector<Page>> ReadPdfPages(std::string_view bytes, bool one_thread) {
  SetUpPoppler();
  if (bytes.size() > static_cast<size_t>(INT_MAX)) {
    return Result<std::vector<Page>>::Error(ErrorKind::kResourceLimit, "PDF larger than 2 GiB");
  }
  std::unique_ptr<poppler::document> document(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (!document) {
    return Result<std::vector<Page>>::Error(ErrorKind::kDamaged, "damaged PDF: poppler cannot open it");
  }
  // poppler hands back a locked document (instead of none) exactly when a user password is needed;
  // an owner password alone (kampo.pdf) opens with the empty user password and is not locked.
  if (document->is_locked()) {
    return Result<std::vector<Page>>::Error(ErrorKind::kEncrypted,
                                            "encrypted PDF: a user password is needed to open it");
  }
  const int page_count = document->pages();
  if (page_count <= 0) {
    if (HasPageObject(bytes)) {
      return Result<std::vector<Page>>::Error(ErrorKind::kDamaged,
                                              "damaged PDF: it holds pages but no readable page tree");
    }
    return Result<std::vector<Page>>::Error(ErrorKind::kEmpty, "PDF has no pages");
  }

  // A long document's second half is read by a second thread from a document of its own (poppler
  // keeps no state shared between documents that is not locked): on 500 pages, 427 -> ~250 ms.
  std::vector<Page> pages(page_count);
  const bool two_threads = !one_thread && page_count >= kParallelPages && std::thread::hardware_concurrency() > 1;
  const int split = two_threads ? page_count / 2 : page_count;
  RunInParallel(two_threads ? 2 : 1, [&](size_t half) {
    if (half == 0) return ReadPageRange(document.get(), 0, split, pages);
    std::unique_ptr<poppler::document> copy(
        poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
    ReadPageRange(copy.get(), split, page_count, pages);
  });
  return pages;
}

}  // namespace kensa::text

namespace kensa {

std::string PopplerVersion() { return poppler::version_string(); }

}  // namespace kensa
