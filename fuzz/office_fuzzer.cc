// libFuzzer target for the text stage's Office and CSV readers. Random bytes rarely make a zip, so the
// input's first byte picks one part of a small valid workbook or Word file (a sheet, the shared
// strings, the styles, the workbook; the document, its styles or numbering), the rest of the input
// is that part's XML, and the file is packed in memory with libzip and read with ReadXlsx /
// ReadDocx. Every input is also read as a whole file of its own (ReadXlsx, ReadDocx: the zip
// reader's own checks) and as CSV. Checks: a page's places stand in ascending order inside its text.
#include <zip.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fuzz_input.h"
#include "text/csv_reader.h"
#include "text/docx_reader.h"
#include "text/xlsx_reader.h"

namespace {

using kensa::fuzz::Check;
using Parts = std::vector<std::pair<std::string, std::string>>;

const char* const kTypes =
    R"(<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">)"
    R"(<Default Extension="xml" ContentType="application/xml"/></Types>)";
const char* const kMain = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const char* const kWord = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const char* const kRel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

std::string RootRels(const std::string& target) {
  return std::string(R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)") +
         R"(<Relationship Id="rId1" Type=")" + kRel + R"(/officeDocument" Target=")" + target + R"("/></Relationships>)";
}

Parts Workbook() {
  return {{"[Content_Types].xml", kTypes},
          {"_rels/.rels", RootRels("xl/workbook.xml")},
          {"xl/workbook.xml", std::string("<workbook xmlns=\"") + kMain + "\" xmlns:r=\"" + kRel +
                                  "\"><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"},
          {"xl/_rels/workbook.xml.rels",
           std::string(R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)") +
               R"(<Relationship Id="rId1" Type=")" + kRel + R"(/worksheet" Target="worksheets/sheet1.xml"/>)" +
               R"(<Relationship Id="rId2" Type=")" + kRel + R"(/sharedStrings" Target="sharedStrings.xml"/>)" +
               R"(<Relationship Id="rId3" Type=")" + kRel + R"(/styles" Target="styles.xml"/></Relationships>)"},
          {"xl/worksheets/sheet1.xml", std::string("<worksheet xmlns=\"") + kMain +
                                           "\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" s=\"1\">"
                                           "<v>45000</v></c></row></sheetData><mergeCells><mergeCell ref=\"A1:A2\"/>"
                                           "</mergeCells></worksheet>"},
          {"xl/sharedStrings.xml", std::string("<sst xmlns=\"") + kMain + "\"><si><t>RTO</t></si></sst>"},
          {"xl/styles.xml", std::string("<styleSheet xmlns=\"") + kMain +
                                "\"><cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/></cellXfs></styleSheet>"}};
}

Parts Document() {
  return {{"[Content_Types].xml", kTypes},
          {"_rels/.rels", RootRels("word/document.xml")},
          {"word/document.xml", std::string("<w:document xmlns:w=\"") + kWord +
                                    "\"><w:body><w:p><w:r><w:t>RTO 4h</w:t></w:r></w:p></w:body></w:document>"},
          {"word/styles.xml", std::string("<w:styles xmlns:w=\"") + kWord + "\"/>"},
          {"word/numbering.xml", std::string("<w:numbering xmlns:w=\"") + kWord + "\"/>"}};
}

// Returns the bytes of a zip holding parts (stored, not deflated: packing stays cheap), or "".
std::string Zip(const Parts& parts) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (!buffer) return "";
  zip_source_keep(buffer);
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  std::string out;
  if (archive) {
    for (const auto& [name, data] : parts) {
      zip_source_t* part = zip_source_buffer(archive, data.data(), data.size(), 0);
      const zip_int64_t index = part ? zip_file_add(archive, name.c_str(), part, ZIP_FL_ENC_UTF_8) : -1;
      if (index < 0) {
        zip_source_free(part);
        continue;
      }
      zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0);
    }
    if (zip_close(archive) != 0) zip_discard(archive);
    zip_stat_t stat;
    if (zip_source_stat(buffer, &stat) == 0 && zip_source_open(buffer) == 0) {
      out.resize(stat.size);
      if (zip_source_read(buffer, out.data(), stat.size) != static_cast<zip_int64_t>(stat.size)) out.clear();
      zip_source_close(buffer);
    }
  }
  zip_source_free(buffer);
  zip_error_fini(&error);
  return out;
}

void CheckPages(const kensa::Result<kensa::text::OfficeText>& read) {
  if (!read.ok()) return;
  for (const kensa::Page& page : read->pages) {
    size_t last = 0;
    for (const kensa::SourcePlace& place : page.places) {
      Check(place.offset >= last && place.offset <= page.text.size());
      last = place.offset;
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  CheckPages(kensa::text::ReadCsv(input));
  CheckPages(kensa::text::ReadXlsx(input));
  CheckPages(kensa::text::ReadDocx(input));
  if (input.empty()) return 0;
  const unsigned pick = static_cast<unsigned char>(input[0]);
  const std::string part(input.substr(1));
  const bool word = pick & 0x80;
  Parts parts = word ? Document() : Workbook();
  const size_t which = word ? 2 + (pick & 0x7F) % 3 : 2 + (pick & 0x7F) % 5;
  parts[which].second = part;
  const std::string file = Zip(parts);
  if (file.empty()) return 0;
  if (word) {
    CheckPages(kensa::text::ReadDocx(file));
  } else {
    CheckPages(kensa::text::ReadXlsx(file));
    (void)kensa::text::ReadXlsxWorkbook(file);
  }
  return 0;
}
