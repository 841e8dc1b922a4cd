// OCR (text/ocr.h, ReadDocument's --ocr modes) on real pictures: a sample page drawn by poppler and
// read by Tesseract, and the image-only page of ../shared/realpdfs.
#include <doctest/doctest.h>

#include <cstdio>
#include <string>

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
  for (const text::OcrWord& word : page->words) CHECK(word.offset < page->text.size());
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

  auto with = ReadDocument(path);  // OcrMode::kAuto
  REQUIRE_MESSAGE(with.ok(), with.status().message());
  const Page& page = with->pages[0];
  INFO(page.text);
  CHECK(page.ocr);
  CHECK(page.text.size() > 100);
  CHECK(page.ocr_confidence > 50);
  CHECK_FALSE(page.places.empty());
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

}  // namespace
}  // namespace kensa
