// OCR (text/ocr.h, ReadDocument's --ocr modes) on real pictures: a sample page drawn by poppler and
// read by Tesseract, and the image-only page of ../shared/realpdfs.
#include <doctest/doctest.h>

#include <cstdio>
#include <string>

#include "common/process_limits.h"
#include "text/document_reader.h"
#include "text/ocr.h"
#include "text/pdf_render.h"

namespace kensa {
namespace {

const std::string kSource = KENSA_SOURCE_DIR;
const std::string kShared = KENSA_SHARED_DIR;

std::string ReadFile(const std::string& path) {
  std::string bytes;
  if (FILE* f = std::fopen(path.c_str(), "rb")) {
    char buffer[1 << 16];
    size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) bytes.append(buffer, n);
    std::fclose(f);
  }
  return bytes;
}

TEST_CASE("ocr: a sample page drawn at 300 dpi reads back as its text layer says") {
  auto engine = text::OcrEngine::Create();
  REQUIRE_MESSAGE(engine.ok(), engine.status().message());
  auto pdf = PdfPages::Open(ReadFile(kSource + "/samples/101_faq_hachidesk.pdf"));
  REQUIRE(pdf.ok());
  auto image = (*pdf)->Render(1, 300);
  REQUIRE(image.ok());
  auto page = (*engine)->Read(image->png, 300);
  REQUIRE_MESSAGE(page.ok(), page.status().message());
  INFO(page->text);
  CHECK(page->words.size() > 20);
  CHECK(page->mean_confidence > 70);
  // Words of the page's text layer, read from its picture.
  CHECK(page->text.find("バックアップ") != std::string::npos);
  for (const text::OcrWord& word : page->words) {
    CHECK(word.offset < page->text.size());
    CHECK(page->text.compare(word.offset, word.text.size(), word.text) == 0);
    // Every box lies on the picture.
    CHECK(word.width > 0);
    CHECK(word.height > 0);
    CHECK(word.left + word.width <= image->width_px);
    CHECK(word.top + word.height <= image->height_px);
  }
  SUBCASE("a picture that is not one fails with kDamaged") {
    CHECK((*engine)->Read("not a png", 300).status().kind() == ErrorKind::kDamaged);
  }
}

TEST_CASE("ocr: an image-only PDF is read from its picture unless OCR is off") {
  const std::string path = kShared + "/realpdfs/ocr_scan_test.pdf";
  ReadOptions never;
  never.ocr = OcrMode::kNever;
  auto without = ReadDocument(path, never);
  REQUIRE(without.ok());
  REQUIRE(without->pages.size() == 1);
  CHECK(without->pages[0].text.find_first_not_of(" \n\f") == std::string::npos);
  CHECK_FALSE(without->pages[0].ocr);
  // Not "states nothing": the page holds a picture nobody read.
  CHECK(without->pages[0].unreadable == unreadable::kNoTextLayer);
  bool told = false;
  for (const std::string& w : without->warnings)
    told = told || w == "unreadable page 1: no text layer and OCR is off (--ocr never); what it states is unknown";
  CHECK(told);

  auto with = ReadDocument(path);  // OcrMode::kAuto
  REQUIRE_MESSAGE(with.ok(), with.status().message());
  const Page& page = with->pages[0];
  INFO(page.text);
  CHECK(page.ocr);
  CHECK(page.text.size() > 100);
  CHECK(page.ocr_confidence > 50);
  CHECK(page.unreadable.empty());
  CHECK_FALSE(page.places.empty());
  // Each word with its box in points, on the page (A4: 595 x 842 pt), for the review page's frames.
  REQUIRE(page.words.size() == page.places.size());
  for (const TextBox& box : page.words) {
    CHECK_FALSE(box.text.empty());
    CHECK(box.x >= 0);
    CHECK(box.y >= 0);
    CHECK(box.x + box.width <= 596);
    CHECK(box.y + box.height <= 843);
  }
  bool said = false;
  for (const std::string& w : with->warnings) said = said || w.starts_with("OCR read page 1 (mean word confidence ");
  CHECK(said);
}

TEST_CASE("ocr: auto leaves a page with a text layer alone; always reads it from its picture") {
  const std::string path = kSource + "/samples/101_faq_hachidesk.pdf";
  auto automatic = ReadDocument(path);
  REQUIRE(automatic.ok());
  for (const Page& page : automatic->pages) CHECK_FALSE(page.ocr);
  ReadOptions always;
  always.ocr = OcrMode::kAlways;
  auto read = ReadDocument(path, always);
  REQUIRE(read.ok());
  REQUIRE_FALSE(read->pages.empty());
  CHECK(read->pages[0].ocr);
  CHECK(read->pages[0].text.find("バックアップ") != std::string::npos);
}

TEST_CASE("ocr: a page OCR has no time left for is unreadable, not a lost document") {
  // 6 s of wall clock: less than the 5 s kept for the rest of the extraction plus a page's 3 s.
  RecordWorkLimits(6, 0);
  auto read = ReadDocument(kShared + "/realpdfs/ocr_scan_test.pdf");
  RecordWorkLimits(0, 0);
  REQUIRE_MESSAGE(read.ok(), read.status().message());
  CHECK_FALSE(read->pages[0].ocr);
  CHECK(read->pages[0].unreadable == unreadable::kOcrTimeLimit);
  bool told = false;
  for (const std::string& w : read->warnings) told = told || w.find("time limit (--timeout, --cpu)") != std::string::npos;
  CHECK(told);
}

TEST_CASE("ocr: marks of a character's size tell text from rules and blank paper") {
  auto vertical = PdfPages::Open(ReadFile(kShared + "/realpdfs/vertical.pdf"));
  REQUIRE(vertical.ok());
  auto rules_only = (*vertical)->Render(2, 100);  // an empty page but for two rules
  REQUIRE(rules_only.ok());
  CHECK(text::CountGlyphShapes(rules_only->png, 100) < 8);
  auto scan = PdfPages::Open(ReadFile(kShared + "/realpdfs/ocr_scan_test.pdf"));
  REQUIRE(scan.ok());
  auto page = (*scan)->Render(1, 100);
  REQUIRE(page.ok());
  CHECK(text::CountGlyphShapes(page->png, 100) > 100);
  // The scanned samples' 201 page 3 holds one line of text (~0.1% of the page dark).
  auto one_line = PdfPages::Open(ReadFile(kSource + "/samples/scans/docs/201_sekirei_whitepaper.pdf"));
  REQUIRE(one_line.ok());
  auto line = (*one_line)->Render(3, 100);
  REQUIRE(line.ok());
  CHECK(text::CountGlyphShapes(line->png, 100) >= 8);
  CHECK(text::CountGlyphShapes("not a png", 100) == 0);
}

TEST_CASE("ocr: a blank page is not unreadable, with OCR on or off") {
  // The sample PDFs end without blank pages; a text file has no pictures. A PDF of one empty page
  // is made here by hand.
  const std::string pdf =
      "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
      "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";
  const std::string path = "ocr_blank_test.pdf";
  FILE* f = std::fopen(path.c_str(), "wb");
  REQUIRE(f);
  std::fwrite(pdf.data(), 1, pdf.size(), f);
  std::fclose(f);
  for (OcrMode mode : {OcrMode::kAuto, OcrMode::kNever}) {
    ReadOptions options;
    options.ocr = mode;
    auto read = ReadDocument(path, options);
    REQUIRE_MESSAGE(read.ok(), read.status().message());
    REQUIRE(read->pages.size() == 1);
    CHECK(read->pages[0].unreadable.empty());
    CHECK_FALSE(read->pages[0].ocr);
  }
  std::remove(path.c_str());
}

TEST_CASE("ocr: vertical text is read in its order (jpn_vert where the horizontal reading is poor)") {
  // jo.pdf: a vertical poem whose text layer poppler gives out of order (the fifth line second).
  ReadOptions always;
  always.ocr = OcrMode::kAlways;
  auto read = ReadDocument(kShared + "/realpdfs/jo.pdf", always);
  REQUIRE_MESSAGE(read.ok(), read.status().message());
  const Page& page = read->pages.at(0);
  INFO(page.text);
  CHECK(page.ocr);
  CHECK(page.ocr_confidence > 80);
  const size_t first = page.text.find("わたくしといふ現象は");
  const size_t fourth = page.text.find("ひとつの青い照明です");
  const size_t sixth = page.text.find("風景やみんなといっしょに");
  REQUIRE(first != std::string::npos);
  REQUIRE(fourth != std::string::npos);
  REQUIRE(sixth != std::string::npos);
  CHECK(first < fourth);
  CHECK(fourth < sixth);
}

}  // namespace
}  // namespace kensa
