// Tests of the text stage's xlsx reader (text/xlsx_reader.h): small real .xlsx files written here,
// part by part, into a zip with libzip (XlsxFile below), and one written by openpyxl
// (tests/fixtures/office/openpyxl-checklist.xlsx, made by make_openpyxl_checklist.py beside it).
// Each case reads the pages the pipeline gets (ReadXlsx) or the grid the review page draws
// (ReadXlsxWorkbook).
#include <doctest/doctest.h>
#include <zip.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "text/xlsx_reader.h"

namespace kensa::text {
namespace {

namespace fs = std::filesystem;

const fs::path kOfficeFixtures = fs::path(KENSA_SOURCE_DIR) / "tests" / "fixtures" / "office";

constexpr const char* kMainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr const char* kRelNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

// A part whose bytes libzip pulls from a function: `size` zeros, never held in memory at once.
struct Zeros {
  zip_uint64_t size = 0;
  zip_uint64_t at = 0;
};

zip_int64_t ZerosSource(void* state, void* data, zip_uint64_t length, zip_source_cmd_t command) {
  auto& zeros = *static_cast<Zeros*>(state);
  switch (command) {
    case ZIP_SOURCE_OPEN:
      zeros.at = 0;
      return 0;
    case ZIP_SOURCE_READ: {
      const zip_uint64_t n = std::min(length, zeros.size - zeros.at);
      std::memset(data, 0, n);
      zeros.at += n;
      return static_cast<zip_int64_t>(n);
    }
    case ZIP_SOURCE_STAT: {
      auto* stat = static_cast<zip_stat_t*>(data);
      zip_stat_init(stat);
      stat->size = zeros.size;
      stat->valid |= ZIP_STAT_SIZE;
      return sizeof(zip_stat_t);
    }
    case ZIP_SOURCE_ERROR:
      std::memset(data, 0, 2 * sizeof(int));
      return 2 * sizeof(int);
    case ZIP_SOURCE_CLOSE:
    case ZIP_SOURCE_FREE:
      return 0;
    case ZIP_SOURCE_SUPPORTS:
      return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
                                            ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
    default:
      return -1;
  }
}

// Writes parts (name -> bytes) into a zip archive in memory, deflated; `zeros` adds parts of that
// many zero bytes.
std::string Zip(const std::map<std::string, std::string>& parts, const std::map<std::string, zip_uint64_t>& zeros = {}) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  REQUIRE(buffer);
  zip_source_keep(buffer);
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  REQUIRE(archive);
  for (const auto& [name, data] : parts) {
    zip_source_t* source = zip_source_buffer(archive, data.data(), data.size(), 0);
    REQUIRE(zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8) >= 0);
  }
  std::vector<std::unique_ptr<Zeros>> states;
  for (const auto& [name, size] : zeros) {
    states.push_back(std::make_unique<Zeros>(Zeros{size, 0}));
    zip_source_t* source = zip_source_function(archive, ZerosSource, states.back().get());
    REQUIRE(source);
    REQUIRE(zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8) >= 0);
  }
  REQUIRE(zip_close(archive) == 0);
  zip_stat_t stat;
  REQUIRE(zip_source_stat(buffer, &stat) == 0);
  std::string bytes(stat.size, '\0');
  REQUIRE(zip_source_open(buffer) == 0);
  REQUIRE(zip_source_read(buffer, bytes.data(), bytes.size()) == static_cast<zip_int64_t>(bytes.size()));
  zip_source_close(buffer);
  zip_source_free(buffer);
  zip_error_fini(&error);
  return bytes;
}

// An .xlsx file put together part by part, as Excel lays it out.
class XlsxFile {
 public:
  // Adds a sheet whose <worksheet> holds body ("<sheetData>…</sheetData>", <cols>, <mergeCells>);
  // state: "", "hidden" or "veryHidden".
  XlsxFile& Sheet(const std::string& name, const std::string& body, const std::string& state = "") {
    sheets_.push_back({name, state});
    const std::string part = "xl/worksheets/sheet" + std::to_string(sheets_.size()) + ".xml";
    parts_[part] = std::string("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"") +
                   kMainNs + "\" xmlns:r=\"" + kRelNs + "\">" + body + "</worksheet>";
    return *this;
  }
  // Sets the shared strings: items are the <si> elements.
  XlsxFile& SharedStrings(const std::string& items) {
    parts_["xl/sharedStrings.xml"] = std::string("<sst xmlns=\"") + kMainNs + "\">" + items + "</sst>";
    return *this;
  }
  // Sets styles.xml: custom number formats (id -> code) and the numFmtId of each cell format (s).
  XlsxFile& Styles(const std::map<int, std::string>& formats, const std::vector<int>& cell_formats) {
    std::string xml = std::string("<styleSheet xmlns=\"") + kMainNs + "\"><numFmts count=\"" +
                      std::to_string(formats.size()) + "\">";
    for (const auto& [id, code] : formats) xml += "<numFmt numFmtId=\"" + std::to_string(id) + "\" formatCode=\"" + Escape(code) + "\"/>";
    xml += "</numFmts><cellStyleXfs count=\"1\"><xf numFmtId=\"0\"/></cellStyleXfs><cellXfs>";
    for (int id : cell_formats) xml += "<xf numFmtId=\"" + std::to_string(id) + "\" xfId=\"0\" applyNumberFormat=\"1\"/>";
    xml += "</cellXfs><dxfs><dxf><numFmt numFmtId=\"" + std::to_string(formats.empty() ? 164 : formats.begin()->first) +
           "\" formatCode=\"0.000\"/></dxf></dxfs></styleSheet>";
    parts_["xl/styles.xml"] = xml;
    return *this;
  }
  XlsxFile& Date1904() {
    date1904_ = true;
    return *this;
  }
  // Sheet targets written absolute ("/xl/worksheets/sheet1.xml"), as openpyxl does.
  XlsxFile& AbsoluteTargets() {
    absolute_ = true;
    return *this;
  }
  // Replaces or adds a part after the others are made ("" removes it).
  XlsxFile& Part(const std::string& name, const std::string& xml) {
    overrides_[name] = xml;
    return *this;
  }
  XlsxFile& Zeros(const std::string& name, zip_uint64_t size) {
    zeros_[name] = size;
    return *this;
  }

  std::string Build() const {
    std::map<std::string, std::string> parts = parts_;
    for (const auto& [name, size] : zeros_) parts.erase(name);
    std::string sheets, relationships;
    for (size_t i = 0; i < sheets_.size(); ++i) {
      const std::string n = std::to_string(i + 1);
      sheets += "<sheet name=\"" + Escape(sheets_[i].first) + "\" sheetId=\"" + n + "\" r:id=\"rId" + n + "\"" +
                (sheets_[i].second.empty() ? "" : " state=\"" + sheets_[i].second + "\"") + "/>";
      relationships += "<Relationship Id=\"rId" + n +
                       "\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"" +
                       (absolute_ ? "/xl/" : "") + "worksheets/sheet" + n + ".xml\"/>";
    }
    relationships +=
        "<Relationship Id=\"rIdS\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" "
        "Target=\"sharedStrings.xml\"/><Relationship Id=\"rIdT\" "
        "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>";
    parts["[Content_Types].xml"] =
        "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"xml\" "
        "ContentType=\"application/xml\"/></Types>";
    parts["_rels/.rels"] =
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" "
        "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
        "Target=\"xl/workbook.xml\"/></Relationships>";
    parts["xl/workbook.xml"] = std::string("<workbook xmlns=\"") + kMainNs + "\" xmlns:r=\"" + kRelNs + "\">" +
                               (date1904_ ? "<workbookPr date1904=\"1\"/>" : "<workbookPr/>") + "<sheets>" + sheets +
                               "</sheets></workbook>";
    parts["xl/_rels/workbook.xml.rels"] =
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" + relationships +
        "</Relationships>";
    for (const auto& [name, xml] : overrides_) {
      if (xml.empty()) parts.erase(name);
      else parts[name] = xml;
    }
    return Zip(parts, zeros_);
  }

  static std::string Escape(const std::string& text) {
    std::string out;
    for (char c : text) {
      if (c == '"') out += "&quot;";
      else if (c == '&') out += "&amp;";
      else if (c == '<') out += "&lt;";
      else out += c;
    }
    return out;
  }

 private:
  std::vector<std::pair<std::string, std::string>> sheets_;
  std::map<std::string, std::string> parts_;
  std::map<std::string, std::string> overrides_;
  std::map<std::string, zip_uint64_t> zeros_;
  bool date1904_ = false;
  bool absolute_ = false;
};

// <c> of an inline string.
std::string Inline(const std::string& ref, const std::string& text) {
  return "<c r=\"" + ref + "\" t=\"inlineStr\"><is><t xml:space=\"preserve\">" + text + "</t></is></c>";
}
// <c> of a number, with cell format s (-1: none).
std::string Number(const std::string& ref, const std::string& value, int style = -1) {
  return "<c r=\"" + ref + "\"" + (style >= 0 ? " s=\"" + std::to_string(style) + "\"" : "") + "><v>" + value + "</v></c>";
}
std::string Row(int r, const std::string& cells, const std::string& attributes = "") {
  return "<row r=\"" + std::to_string(r) + "\"" + attributes + ">" + cells + "</row>";
}
std::string Data(const std::string& rows) { return "<sheetData>" + rows + "</sheetData>"; }

OfficeText Read(const std::string& bytes, const XlsxLimits& limits = {}) {
  Result<OfficeText> text = ReadXlsx(bytes, limits);
  INFO(text.status().message());
  REQUIRE(text.ok());
  return std::move(text).value();
}

Workbook ReadGrid(const std::string& bytes) {
  Result<Workbook> workbook = ReadXlsxWorkbook(bytes);
  INFO(workbook.status().message());
  REQUIRE(workbook.ok());
  return std::move(workbook).value();
}

// The text of each cell of a one-sheet workbook, by name ("E12").
std::map<std::string, std::string> Cells(const std::string& bytes) {
  const Workbook workbook = ReadGrid(bytes);
  REQUIRE(workbook.sheets.size() == 1);
  std::map<std::string, std::string> cells;
  for (const SheetCell& cell : workbook.sheets[0].cells) cells[CellName(cell.row, cell.column)] = cell.text;
  return cells;
}

// Checks that every place of the page points at its cell's text, in ascending order.
void CheckPlaces(const Page& page, const Sheet& sheet) {
  std::map<std::string, std::string> texts;
  for (const SheetCell& cell : sheet.cells) texts[CellName(cell.row, cell.column)] = cell.text;
  REQUIRE(page.places.size() == sheet.cells.size());
  for (size_t i = 0; i < page.places.size(); ++i) {
    const SourcePlace& place = page.places[i];
    if (i > 0) CHECK(place.offset > page.places[i - 1].offset);
    // The cell's own lines are joined as items (AppendCellPiece); its first line starts the place.
    std::string expected = texts.at(place.cell);
    expected = expected.substr(0, expected.find('\n'));
    for (char& c : expected) c = c == '\t' ? ' ' : c;
    INFO(place.cell);
    CHECK(page.text.substr(place.offset, expected.size()) == expected);
  }
}

TEST_CASE("xlsx: cell names") {
  CHECK(CellName(12, 5) == "E12");
  CHECK(CellName(1, 1) == "A1");
  CHECK(CellName(3, 26) == "Z3");
  CHECK(CellName(3, 27) == "AA3");
  CHECK(CellName(1048576, 16384) == "XFD1048576");
  CHECK(CellName(0, 1).empty());
  CHECK(CellName(1, 16385).empty());
}

TEST_CASE("xlsx: shared strings with rich and phonetic runs, inline strings, formulas, booleans, errors") {
  const std::string bytes =
      XlsxFile()
          .SharedStrings("<si><t>項目</t></si>"
                         "<si><r><rPr><b/></rPr><t>多要素</t></r><r><t xml:space=\"preserve\">認証 </t></r><r><t>(MFA)</t></r></si>"
                         "<si><t>東京</t><rPh sb=\"0\" eb=\"2\"><t>トウキョウ</t></rPh><phoneticPr fontId=\"1\"/></si>"
                         "<si><t>a_x000D_\nb_x005F_x0041_</t></si>")
          .Sheet("回答", Data(Row(1, "<c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
                                     "<c r=\"C1\" t=\"s\"><v>2</v></c><c r=\"D1\" t=\"s\"><v>3</v></c>") +
                              Row(2, "<c r=\"A2\" t=\"inlineStr\"><is><r><t>イン</t></r><r><t>ライン</t></r>"
                                     "<rPh sb=\"0\" eb=\"1\"><t>いん</t></rPh></is></c>"
                                     "<c r=\"B2\" t=\"str\"><f>CONCAT(\"稼\",\"働\")</f><v>稼働</v></c>"
                                     "<c r=\"C2\"><f>SUM(1,2)</f><v>3</v></c>"
                                     "<c r=\"D2\" t=\"b\"><v>1</v></c><c r=\"E2\" t=\"b\"><f>1=2</f><v>0</v></c>"
                                     "<c r=\"F2\" t=\"e\"><f>NA()</f><v>#N/A</v></c>"
                                     "<c r=\"G2\"><f>A1</f></c>")))
          .Build();
  const std::map<std::string, std::string> cells = Cells(bytes);
  CHECK(cells.at("A1") == "項目");
  CHECK(cells.at("B1") == "多要素認証 (MFA)");
  CHECK(cells.at("C1") == "東京");  // the reading (rPh) is not text of the cell
  CHECK(cells.at("D1") == "a\nb_x0041_");  // _x000D_ + LF is one line break; _x005F_ an underscore
  CHECK(cells.at("A2") == "インライン");
  CHECK(cells.at("B2") == "稼働");  // the cached value, not the formula
  CHECK(cells.at("C2") == "3");
  CHECK(cells.at("D2") == "TRUE");
  CHECK(cells.at("E2") == "FALSE");
  CHECK(cells.at("F2") == "#N/A");
  CHECK(!cells.contains("G2"));  // a formula never calculated has no value
  const OfficeText text = Read(bytes);
  REQUIRE(text.pages.size() == 1);
  CHECK(text.pages[0].name == "回答");
  CHECK(text.pages[0].number == 1);
  CHECK(text.pages[0].text == "項目\t多要素認証 (MFA)\t東京\ta b_x0041_\nインライン\t稼働\t3\tTRUE\tFALSE\t#N/A");
  CHECK(text.warnings.empty());
}

// One number format per row: code (or a built-in id), value, what Excel shows.
struct FormatCase {
  std::string code;  // "" for a built-in id
  int built_in = 0;
  std::string value;
  std::string shown;
};

void CheckFormats(const std::vector<FormatCase>& cases, bool date1904 = false) {
  std::map<int, std::string> custom;
  std::vector<int> cell_formats = {0};
  std::string rows;
  for (size_t i = 0; i < cases.size(); ++i) {
    int id = cases[i].built_in;
    if (!cases[i].code.empty()) {
      id = 164 + static_cast<int>(i);
      custom[id] = cases[i].code;
    }
    cell_formats.push_back(id);
    rows += Row(static_cast<int>(i) + 1, Number(CellName(static_cast<int>(i) + 1, 1), cases[i].value, static_cast<int>(i) + 1));
  }
  XlsxFile file;
  file.Styles(custom, cell_formats).Sheet("数値", Data(rows));
  if (date1904) file.Date1904();
  const std::map<std::string, std::string> cells = Cells(file.Build());
  for (size_t i = 0; i < cases.size(); ++i) {
    INFO("format " << (cases[i].code.empty() ? std::to_string(cases[i].built_in) : cases[i].code) << " value " << cases[i].value);
    const std::string name = CellName(static_cast<int>(i) + 1, 1);
    CHECK((cells.contains(name) ? cells.at(name) : "(empty)") == cases[i].shown);
  }
}

TEST_CASE("xlsx: numbers as Excel shows them") {
  CheckFormats({
      // General: at most 15 significant digits, no float noise
      {"", 0, "99.900000000000006", "99.9"},
      {"", 0, "0.30000000000000004", "0.3"},
      {"", 0, "1234567", "1234567"},
      {"", 0, "-0.5", "-0.5"},
      {"", 0, "1E-3", "0.001"},
      {"General", 0, "4", "4"},
      // percent
      {"", 9, "0.25", "25%"},
      {"", 10, "0.9995", "99.95%"},
      {"0.0%", 0, "0.9995", "100.0%"},  // Excel rounds half away from zero on 15 digits
      {"0%", 0, "0.999", "100%"},
      // fixed decimals, thousands separators
      {"", 2, "3.14159", "3.14"},
      {"0.0", 0, "3.14159", "3.1"},
      {"0.00", 0, "0.125", "0.13"},
      {"0.00", 0, "2", "2.00"},
      {"", 3, "1234567.8", "1,234,568"},
      {"#,##0.00", 0, "-1234.5", "-1,234.50"},
      {"0.0#", 0, "1.5", "1.5"},
      {"0.0#", 0, "1.257", "1.26"},
      {"000", 0, "7", "007"},
      {"#,##0,", 0, "1234567", "1,235"},
      // text around the number, sections
      {"0.0\"時間\"", 0, "4", "4.0時間"},
      {"#,##0\"件\"", 0, "12000", "12,000件"},
      {"\"¥\"#,##0", 0, "-1500", "-¥1,500"},
      {"[$¥-411]#,##0", 0, "1500", "¥1,500"},
      {"#,##0;[Red]\\-#,##0", 0, "-5", "-5"},
      {"#,##0;(#,##0)", 0, "-5", "(5)"},
      {"0.0;-0.0;\"-\"", 0, "0", "-"},
      {"_-* #,##0_-;\\-* #,##0_-", 0, "1000", "1,000"},
      {"", 11, "12345", "1.23E+04"},
      // what these formats do not follow is General
      {"", 12, "0.5", "0.5"},
      {"[>=100]\"多\";\"少\"", 0, "5", "5"},
      {"@", 0, "5", "5"},
  });
}

TEST_CASE("xlsx: dates and times") {
  CheckFormats({
      {"", 14, "45383", "2024/4/1"},
      {"", 22, "45383.5", "2024/4/1 12:00"},
      {"", 31, "45383", "2024/4/1"},
      {"", 57, "45383", "2024/4/1"},
      {"yyyy\"年\"m\"月\"d\"日\"", 0, "45383", "2024年4月1日"},
      {"yyyy年m月d日", 0, "45383", "2024年4月1日"},
      {"yyyy/mm/dd hh:mm", 0, "45383.75", "2024/04/01 18:00"},
      {"yyyy-mm-dd", 0, "45383", "2024-04-01"},
      {"m/d/yy", 0, "45383", "4/1/24"},
      {"mmm d, yyyy", 0, "45383", "Apr 1, 2024"},
      {"yyyy/m/d(aaa)", 0, "45383", "2024/4/1(月)"},
      {"dddd", 0, "45383", "Monday"},
      {"[$-ja-JP]ggge\"年\"m\"月\"d\"日\"", 0, "45383", "令和6年4月1日"},
      {"[$-411]ge.m.d", 0, "32516", "H1.1.8"},
      {"h:mm", 0, "0.37499999999999994", "9:00"},
      {"", 20, "0.375", "9:00"},
      {"h:mm:ss AM/PM", 0, "0.75", "6:00:00 PM"},
      {"[h]:mm", 0, "1.5", "36:00"},
      {"mm:ss.0", 0, "0.000694450", "01:00.0"},
      {"h\"時\"mm\"分\"", 0, "0.5", "12時00分"},
      // Excel's 1900 date system, with its 29 February 1900
      {"", 14, "1", "1900/1/1"},
      {"", 14, "59", "1900/2/28"},
      {"", 14, "60", "1900/2/29"},
      {"", 14, "61", "1900/3/1"},
      {"", 14, "2958465", "9999/12/31"},
      {"", 14, "-1", "-1"},  // no date: Excel shows ####
  });
  SUBCASE("date1904") {
    CheckFormats({{"", 14, "0", "1904/1/1"}, {"", 14, "43921", "2024/4/1"}, {"yyyy年m月d日", 0, "43921", "2024年4月1日"}},
                 /*date1904=*/true);
  }
  SUBCASE("ISO dates (cells of type d)") {
    const std::map<std::string, std::string> cells =
        Cells(XlsxFile()
                  .Styles({{164, "yyyy\"年\"m\"月\"d\"日\""}}, {0, 164})
                  .Sheet("d", Data(Row(1, "<c r=\"A1\" t=\"d\"><v>2024-04-01T00:00:00Z</v></c>"
                                          "<c r=\"B1\" t=\"d\" s=\"1\"><v>2024-04-01</v></c>"
                                          "<c r=\"C1\" t=\"d\"><v>2024-04-01T09:30:00</v></c>"
                                          "<c r=\"D1\" t=\"d\"><v>いつか</v></c>")))
                  .Build());
    CHECK(cells.at("A1") == "2024/4/1");
    CHECK(cells.at("B1") == "2024年4月1日");
    CHECK(cells.at("C1") == "2024/4/1 9:30:00");
    CHECK(cells.at("D1") == "いつか");
  }
}

TEST_CASE("xlsx: merged cells: a label merged down labels each row, a merge across keeps its first column") {
  const std::string bytes =
      XlsxFile()
          .Sheet("認証", Data(Row(1, Inline("A1", "項目") + Inline("B1", "回答") + Inline("C1", "隠れた値")) +
                                   Row(2, Inline("A2", "区分") + Inline("B2", "はい") + Inline("C2", "備考")) +
                                   Row(3, Inline("A3", "認証方式") + Inline("B3", "MFA")) + Row(4, Inline("B4", "SSO")) +
                                   Row(5, Inline("B5", "パスワード"))) +
                               "<mergeCells count=\"2\"><mergeCell ref=\"B1:C1\"/><mergeCell ref=\"A3:A5\"/></mergeCells>")
          .Build();
  const OfficeText text = Read(bytes);
  REQUIRE(text.pages.size() == 1);
  const Page& page = text.pages[0];
  CHECK(page.text ==
        "項目\t回答\n"
        "区分\tはい\t備考\n"
        "認証方式\tMFA\n"
        "認証方式\tSSO\n"
        "認証方式\tパスワード");
  std::vector<std::string> names;
  for (const SourcePlace& place : page.places) names.push_back(place.cell);
  CHECK(names == std::vector<std::string>{"A1", "B1", "A2", "B2", "C2", "A3", "B3", "A4", "B4", "A5", "B5"});

  const Workbook workbook = ReadGrid(bytes);
  CheckPlaces(page, workbook.sheets[0]);
  std::map<std::string, const SheetCell*> grid;
  for (const SheetCell& cell : workbook.sheets[0].cells) grid[CellName(cell.row, cell.column)] = &cell;
  CHECK(!grid.contains("C1"));  // inside B1:C1: Excel shows only B1
  CHECK(grid.at("B1")->column_span == 2);
  CHECK(grid.at("B1")->row_span == 1);
  CHECK(grid.at("A3")->row_span == 3);
  CHECK(!grid.at("A3")->merged_copy);
  CHECK(grid.at("A4")->merged_copy);
  CHECK(grid.at("A5")->merged_copy);
  CHECK(grid.at("A5")->text == "認証方式");
}

TEST_CASE("xlsx: hidden sheets, rows and columns are left out and said") {
  const std::string bytes =
      XlsxFile()
          .Sheet("表紙", Data(Row(1, Inline("A1", "表紙"))))
          .Sheet("旧版", Data(Row(1, Inline("A1", "古い回答"))), "hidden")
          .Sheet("内部", Data(Row(1, Inline("A1", "内部"))), "veryHidden")
          .Sheet("回答",
                 "<cols><col min=\"1\" max=\"2\" width=\"20\"/><col min=\"3\" max=\"3\" hidden=\"1\"/>"
                 "<col min=\"5\" max=\"16384\" hidden=\"1\"/></cols>" +
                     Data(Row(1, Inline("A1", "項目") + Inline("B1", "回答") + Inline("C1", "メモ") + Inline("D1", "備考")) +
                          Row(2, Inline("A2", "社外秘") + Inline("B2", "x"), " hidden=\"1\"") +
                          Row(3, Inline("A3", "MFA") + Inline("B3", "対応") + Inline("C3", "内部向け") + Inline("D3", "全員")) +
                          Row(4, Inline("A4", "下書き"), " hidden=\"true\"") + Row(5, "", " hidden=\"1\"") +
                          Row(6, Inline("A6", "削除済み"), " hidden=\"1\"")))
          .Build();
  const OfficeText text = Read(bytes);
  REQUIRE(text.pages.size() == 2);
  CHECK(text.pages[0].name == "表紙");
  CHECK(text.pages[1].name == "回答");
  CHECK(text.pages[1].number == 2);
  CHECK(text.pages[1].text == "項目\t回答\t備考\nMFA\t対応\t全員");
  CHECK(text.warnings == std::vector<std::string>{"hidden sheet \"旧版\" left out", "hidden sheet \"内部\" left out",
                                                  "sheet \"回答\": 3 hidden rows and 1 hidden column left out"});
  const Workbook workbook = ReadGrid(bytes);
  REQUIRE(workbook.sheets.size() == 2);
  CHECK(workbook.sheets[1].number == 2);
  CheckPlaces(text.pages[1], workbook.sheets[1]);
}

TEST_CASE("xlsx: page layout: columns line up, empty columns and rows dropped, one line per row") {
  const std::string bytes =
      XlsxFile()
          .Sheet("S", Data(Row(1, Inline("B1", "質問") + Inline("D1", "回答")) +
                           Row(2, Inline("B2", "x") + Inline("E2", "y")) +
                           Row(3, "<c r=\"B3\"/><c r=\"C3\" t=\"inlineStr\"><is><t></t></is></c><c r=\"D3\"><v></v></c>") +
                           Row(4, Inline("D4", "一行目\n二行目")) +
                           Row(5, Inline("B5", "改行_x000D_\nあり") + Inline("D5", "タブ\tあり")) +
                           Row(7, Inline("E7", "末尾"))))
          .Build();
  const OfficeText text = Read(bytes);
  REQUIRE(text.pages.size() == 1);
  const Page& page = text.pages[0];
  CHECK(page.text ==
        "質問\t回答\n"
        "x\t\ty\n"
        "\t一行目。二行目\n"   // a line break inside a cell parts two items
        "改行。あり\tタブ あり\n"
        "\t\t末尾");
  const Workbook workbook = ReadGrid(bytes);
  CheckPlaces(page, workbook.sheets[0]);
  const std::map<std::string, std::string> cells = Cells(bytes);
  CHECK(cells.at("D4") == "一行目\n二行目");  // the grid keeps the line break
  CHECK(cells.at("B5") == "改行\nあり");
  CHECK(!cells.contains("B3"));
  CHECK(!cells.contains("C3"));
}

TEST_CASE("xlsx: cells and rows without r follow the previous ones") {
  const std::string bytes =
      XlsxFile()
          .AbsoluteTargets()
          .Sheet("S", Data("<row><c t=\"inlineStr\"><is><t>a</t></is></c><c/><c t=\"inlineStr\"><is><t>c</t></is></c></row>"
                           "<row><c><v>1</v></c><c r=\"D2\"><v>4</v></c><c><v>5</v></c></row>"
                           "<row r=\"7\"><c t=\"inlineStr\"><is><t>g</t></is></c></row>"
                           "<row><c t=\"inlineStr\"><is><t>h</t></is></c></row>"))
          .Build();
  const std::map<std::string, std::string> cells = Cells(bytes);
  CHECK(cells == std::map<std::string, std::string>{{"A1", "a"}, {"C1", "c"}, {"A2", "1"}, {"D2", "4"},
                                                    {"E2", "5"}, {"A7", "g"}, {"A8", "h"}});
  const OfficeText text = Read(bytes);
  CHECK(text.pages[0].text == "a\tc\n1\t\t4\t5\ng\nh");
}

TEST_CASE("xlsx: a workbook written by openpyxl") {
  std::ifstream in(kOfficeFixtures / "openpyxl-checklist.xlsx", std::ios::binary);
  REQUIRE(in);
  std::stringstream bytes;
  bytes << in.rdbuf();
  const OfficeText text = Read(bytes.str());
  REQUIRE(text.pages.size() == 1);
  CHECK(text.pages[0].name == "チェックリスト");
  CHECK(text.pages[0].text ==
        "項目\t回答\t備考\n"
        "MFA\t対応\t管理者のみ\n"
        "稼働率\t99.95%\n"
        "RTO\t4\t時間\n"
        "監査日\t2024-04-01\n"
        "暗号化\tAES-256\n"
        "保存\t有\n"
        "保存\t無");
  CHECK(text.warnings == std::vector<std::string>{"hidden sheet \"旧版\" left out",
                                                  "sheet \"チェックリスト\": 1 hidden row and 1 hidden column left out"});
  const Workbook workbook = ReadGrid(bytes.str());
  CheckPlaces(text.pages[0], workbook.sheets[0]);
}

TEST_CASE("xlsx: a DTD is refused before any entity is read (XXE)") {
  const std::string xxe =
      "<?xml version=\"1.0\"?><!DOCTYPE sst [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
      "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><si><t>&xxe;</t></si></sst>";
  const std::string laughs =
      "<?xml version=\"1.0\"?><!DOCTYPE workbook [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
      "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheets/></workbook>";
  for (const auto& [part, xml] : std::vector<std::pair<std::string, std::string>>{{"xl/sharedStrings.xml", xxe},
                                                                                   {"xl/workbook.xml", laughs}}) {
    INFO(part);
    const std::string bytes = XlsxFile().Sheet("S", Data(Row(1, "<c r=\"A1\" t=\"s\"><v>0</v></c>"))).Part(part, xml).Build();
    const Result<OfficeText> text = ReadXlsx(bytes);
    REQUIRE(!text.ok());
    CHECK(text.status().kind() == ErrorKind::kDamaged);
    CHECK(text.status().message() == "XML in " + part + " declares a DTD (<!DOCTYPE>), which Office files never do");
  }
}

TEST_CASE("xlsx: damaged workbooks") {
  const XlsxFile good = XlsxFile().Sheet("S", Data(Row(1, Inline("A1", "a")))).Sheet("T", Data(Row(1, Inline("A1", "b"))));
  auto failure = [](const std::string& bytes) {
    const Result<OfficeText> text = ReadXlsx(bytes);
    REQUIRE(!text.ok());
    CHECK(text.status().kind() == ErrorKind::kDamaged);
    return text.status().message();
  };
  CHECK(failure("not a zip at all") == "not a zip archive");
  CHECK(failure(XlsxFile(good).Part("xl/workbook.xml", "").Build()) == "missing part xl/workbook.xml");
  CHECK(failure(XlsxFile(good).Part("xl/worksheets/sheet2.xml", "").Build()) == "missing part xl/worksheets/sheet2.xml");
  CHECK(failure(XlsxFile(good).Part("xl/_rels/workbook.xml.rels", "").Build()) == "missing part xl/_rels/workbook.xml.rels");
  CHECK(failure(XlsxFile(good).Part("xl/workbook.xml", "<document xmlns=\"urn:x\"/>").Build()) ==
        "xl/workbook.xml is not a spreadsheet workbook");
  CHECK(failure(XlsxFile().Sheet("S", Data(Row(1, "<c r=\"A1\"><v>1</v>"))).Build()).starts_with(
      "malformed XML in xl/worksheets/sheet1.xml at line 2: "));
  for (const std::string reference : {"A0", "XFE1", "1A", "A1048577", "AAAA1", "A-1", "A1.5"}) {
    INFO(reference);
    CHECK(failure(XlsxFile().Sheet("S", Data(Row(1, Number(reference, "1")))).Build()) ==
          "malformed cell reference \"" + reference + "\" in xl/worksheets/sheet1.xml");
  }
  CHECK(failure(XlsxFile().Sheet("S", Data(Row(1048577, Number("A1", "1")))).Build()) ==
        "malformed row number \"1048577\" in xl/worksheets/sheet1.xml");
  CHECK(failure(XlsxFile().Sheet("S", Data("<row r=\"x\"/>")).Build()) ==
        "malformed row number \"x\" in xl/worksheets/sheet1.xml");
  CHECK(failure(XlsxFile().Sheet("S", Data(Row(1, Number("A1", "1"))) + "<mergeCells><mergeCell ref=\"B2:A1\"/></mergeCells>").Build()) ==
        "malformed merged range \"B2:A1\" in xl/worksheets/sheet1.xml");
  CHECK(failure(XlsxFile().SharedStrings("<si><t>a</t></si>").Sheet("S", Data(Row(1, "<c r=\"A1\" t=\"s\"><v>1</v></c>"))).Build()) ==
        "shared string index \"1\" out of range in xl/worksheets/sheet1.xml");
}

TEST_CASE("xlsx: a zip bomb stops at the inflation limit") {
  // 300 MiB of zeros deflate to ~300 KiB; the part limit is 256 MiB.
  const std::string bytes = XlsxFile().Sheet("S", Data("")).Zeros("xl/worksheets/sheet1.xml", 300ULL << 20).Build();
  CHECK(bytes.size() < (1 << 20));
  const Result<OfficeText> text = ReadXlsx(bytes);
  REQUIRE(!text.ok());
  CHECK(text.status().kind() == ErrorKind::kResourceLimit);
  CHECK(text.status().message() == "zip part xl/worksheets/sheet1.xml inflates past 256 MiB");
}

TEST_CASE("xlsx: limits") {
  auto limit = [](const std::string& bytes, const XlsxLimits& limits) {
    const Result<OfficeText> text = ReadXlsx(bytes, limits);
    REQUIRE(!text.ok());
    CHECK(text.status().kind() == ErrorKind::kResourceLimit);
    return text.status().message();
  };
  std::string rows;
  for (int r = 1; r <= 6; ++r) rows += Row(r, Inline(CellName(r, 1), "あ") + Inline(CellName(r, 2), "い"));
  const std::string twelve_cells = XlsxFile().Sheet("S", Data(rows)).Build();
  XlsxLimits limits;
  limits.max_cells = 11;
  CHECK(limit(twelve_cells, limits) == "workbook has more than 11 non-empty cells");
  limits.max_cells = 12;
  CHECK(Read(twelve_cells, limits).pages.size() == 1);
  // hidden sheets cost nothing; visible ones count
  limits = {};
  limits.max_sheets = 2;
  XlsxFile three;
  three.Sheet("a", "").Sheet("b", "", "hidden").Sheet("c", "").Sheet("d", "");
  CHECK(limit(three.Build(), limits) == "workbook has more than 2 visible sheets");
  limits = {};
  limits.max_text_bytes = 35;  // twelve cells of 3 bytes
  CHECK(limit(twelve_cells, limits) == "workbook has more than 35 bytes of cell text");
  SUBCASE("merged copies count") {
    limits = {};
    limits.max_cells = 50;
    const std::string merged = XlsxFile().Sheet("S", Data(Row(1, Inline("A1", "長い結合"))) +
                                                         "<mergeCells><mergeCell ref=\"A1:A1048576\"/></mergeCells>").Build();
    CHECK(limit(merged, limits) == "workbook has more than 50 non-empty cells");
  }
  SUBCASE("a cell over the cell limit is cut, with a warning") {
    limits = {};
    limits.max_cell_bytes = 4;  // "あいう" is 9 bytes: cut to one whole character
    const OfficeText text =
        Read(XlsxFile()
                 .SharedStrings("<si><t>かきく</t></si>")
                 .Sheet("S", Data(Row(1, Inline("A1", "あいう") + "<c r=\"B1\" t=\"s\"><v>0</v></c>")))
                 .Build(),
             limits);
    CHECK(text.pages[0].text == "あ\tか");
    CHECK(text.warnings == std::vector<std::string>{"shared string 0 cut to 4 bytes of text",
                                                    "sheet \"S\": cell A1 cut to 4 bytes of text"});
  }
  SUBCASE("default limits hold a real-sized sheet") {
    std::string big;
    for (int r = 1; r <= 20000; ++r) {
      big += Row(r, Inline(CellName(r, 1), "項目" + std::to_string(r)) + Number(CellName(r, 2), "0.5"));
    }
    const OfficeText text = Read(XlsxFile().Sheet("S", Data(big)).Build());
    CHECK(text.pages[0].places.size() == 40000);
    CHECK(text.pages[0].text.ends_with("項目20000\t0.5"));
  }
}

}  // namespace
}  // namespace kensa::text
