// Tests for pipeline/export: CSV cells as Excel reads them (quoting, formulas defused), the
// arguments, and WriteExport over a real SQLite store: CSV with BOM, one row per document, readable
// values joined, Japanese headers, --fields; JSONL and JSON with the evidence.

#include <doctest/doctest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli/command_line.h"
#include "export/csv.h"
#include "export/export_command.h"
#include "store/store.h"

namespace kensa {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// The options `kensa export ARGS…` parses into, through the command line's own definitions.
Result<ExportOptions> ParseExportArgs(std::vector<std::string> args) {
  args.insert(args.begin(), "export");
  Result<CommandLine> line = ParseCommandLine(args);
  if (!line.ok()) return line.status();
  return line->exporting;
}

TEST_CASE("export: CSV cells") {
  CHECK(CsvCell("plain") == "plain");
  CHECK(CsvCell("") == "");
  CHECK(CsvCell("a,b") == "\"a,b\"");
  CHECK(CsvCell("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(CsvCell("two\nlines") == "\"two\nlines\"");
  CHECK(CsvCell("2時間 / 24時間") == "2時間 / 24時間");
  // Formula injection: a cell must never run as a formula in a spreadsheet.
  CHECK(CsvCell("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"");
  CHECK(CsvCell("+1") == "'+1");
  CHECK(CsvCell("-1") == "'-1");
  CHECK(CsvCell("@SUM(A1)") == "'@SUM(A1)");
  CHECK(CsvRow({"a", "b,c", ""}) == "a,\"b,c\",\r\n");
}

TEST_CASE("export: arguments") {
  auto parsed = ParseExportArgs({"--db", "x.db", "--format", "jsonl", "--fields", "rto,availability", "--ja"});
  REQUIRE(parsed.ok());
  CHECK(parsed->db == "x.db");
  CHECK(parsed->format == ExportFormat::kJsonl);
  CHECK(parsed->fields == std::vector<std::string>{"rto", "availability"});
  CHECK(parsed->japanese);
  CHECK_FALSE(parsed->all_versions);
  for (const std::vector<std::string>& bad :
       {std::vector<std::string>{}, {"--format"}, {"--format", "xml"}, {"--format", "csv", "--fields", "nonsense"},
        {"--format", "csv", "--fields", ","}, {"--format", "csv", "extra"}, {"--format", "csv", "--bogus"}}) {
    CHECK(ParseExportArgs(bad).status().kind() == ErrorKind::kUsage);
  }
}

// A store in a temporary file with two documents: one ok with findings, one failed.
std::unique_ptr<Store> SampleStore(const std::string& name) {
  const fs::path dir = fs::path(KENSA_BINARY_DIR) / "export_test_files" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  auto store = OpenStore((dir / "kensa.db").string());
  REQUIRE(store.ok());
  StoredDocument good;
  good.sha256 = std::string(64, 'a');
  good.rules_version = "r1";
  good.path = "/in/a.pdf";
  good.size = 100;
  good.pages = 4;
  good.warnings = {"no text on page 4"};
  good.findings = {
      {"availability", "99.9", "99.9%", "", 2, "稼働率は99.9%", "availability.x"},
      {"rto", R"({"amount":1,"unit":"hour"})", "1時間", "単一障害", 3, "単一障害は1時間", "rto.x"},
      {"rto", R"({"amount":24,"unit":"hour"})", "24時間", "複合障害", 3, "複合障害は24時間", "rto.x"},
      {"certifications", R"("ISO27001")", "ISO27001", "", 5, "ISMS認証", "certifications.x"},
      {"certifications", R"("PMARK")", "PMARK", "", 5, "プライバシーマーク", "certifications.x"},
      {"data_location", R"("domestic")", "domestic", "", 6, "国内のデータセンター", "data_location.x"},
  };
  REQUIRE((*store)->SaveDocument(good).ok());
  REQUIRE((*store)->AddPath(good.sha256, "/in/copy, of a.pdf").ok());
  StoredDocument bad;
  bad.sha256 = std::string(64, 'b');
  bad.rules_version = "r1";
  bad.path = "/in/b.pdf";
  bad.status = DocumentStatus::kFailed;
  bad.error = "damaged PDF: poppler cannot open it";
  REQUIRE((*store)->SaveDocument(bad).ok());
  // A scan whose first page OCR read and whose other two could not be read.
  StoredDocument scan;
  scan.sha256 = std::string(64, 'c');
  scan.rules_version = "r1";
  scan.path = "/in/c.pdf";
  scan.pages = 3;
  scan.reading = {"partly_unreadable", {1}, {{2, "no_text_layer"}, {3, "ocr_no_text"}}};
  scan.findings = {{"rto", R"({"amount":4,"unit":"hour"})", "4時間", "", 1, "RTOは4時間", "rto.x"}};
  scan.findings[0].ocr = true;
  scan.findings[0].ocr_confidence = 88;
  REQUIRE((*store)->SaveDocument(scan).ok());
  return std::move(*store);
}

std::string Export(Store& store, std::vector<std::string> args) {
  auto options = ParseExportArgs(args);
  REQUIRE(options.ok());
  std::ostringstream out;
  REQUIRE(WriteExport(store, *options, out).ok());
  return out.str();
}

TEST_CASE("export: CSV, one row per document, readable values") {
  auto store = SampleStore("csv");
  const std::string csv = Export(*store, {"--format", "csv"});
  REQUIRE(csv.rfind(kUtf8Bom, 0) == 0);
  std::istringstream lines(csv.substr(kUtf8Bom.size()));
  std::string header;
  std::getline(lines, header);
  CHECK(header.rfind("paths,service,sha256,status,error,pages,reading,rules_version,ingested_at,changed_since_previous,availability,", 0) == 0);
  CHECK(header.back() == '\r');
  CHECK(csv.find("\"/in/a.pdf\n/in/copy, of a.pdf\",," + std::string(64, 'a') + ",ok,,4,read,r1,") != std::string::npos);
  // Empty answers of a scan are not "not stated": its reading says which pages could not be read.
  CHECK(csv.find("/in/c.pdf,," + std::string(64, 'c') + ",ok,,3,\"partly_unreadable (pages 2, 3)\",r1,") != std::string::npos);
  CHECK(csv.find(",99.9%,") != std::string::npos);
  CHECK(csv.find(",1時間 (単一障害) / 24時間 (複合障害),") != std::string::npos);
  CHECK(csv.find("ISO27001 / PMARK") != std::string::npos);
  CHECK(csv.find("/in/b.pdf,," + std::string(64, 'b') + ",failed,damaged PDF: poppler cannot open it,,,r1,") !=
        std::string::npos);

  SUBCASE("--ja and --fields") {
    const std::string ja = Export(*store, {"--format", "csv", "--ja", "--fields", "rto,availability"});
    CHECK(ja.find("パス,サービス,SHA-256,状態,エラー,ページ数,読み取り,ルールの版,取込日時,前版からの変更,サービス稼働率,目標復旧時間 (RTO)\r\n") ==
          kUtf8Bom.size());
    CHECK(ja.find(",成功,") != std::string::npos);
    CHECK(ja.find(",3,\"一部読み取れず (p.2, 3)\",r1,") != std::string::npos);
    CHECK(ja.find(",失敗,") != std::string::npos);
    CHECK(ja.find("ISO27001") == std::string::npos);
    // Members in Japanese where the catalogue names them (domestic: 国内); the rest as they stand.
    const std::string members = Export(*store, {"--format", "csv", "--ja", "--fields", "data_location,certifications"});
    CHECK(members.find(",国内,") != std::string::npos);
    CHECK(members.find("domestic") == std::string::npos);
    CHECK(members.find("ISO27001 / PMARK") != std::string::npos);
    CHECK(Export(*store, {"--format", "csv", "--fields", "data_location"}).find(",domestic") != std::string::npos);
  }
}

TEST_CASE("export: JSON Lines and JSON keep every finding's evidence") {
  auto store = SampleStore("json");
  std::istringstream lines(Export(*store, {"--format", "jsonl"}));
  std::vector<json> docs;
  for (std::string line; std::getline(lines, line);) docs.push_back(json::parse(line));
  REQUIRE(docs.size() == 3);
  const json& a = docs[0];
  CHECK(a["document"]["paths"] == json::array({"/in/a.pdf", "/in/copy, of a.pdf"}));
  CHECK(a["document"]["status"] == "ok");
  CHECK_FALSE(a["document"].contains("error"));
  CHECK(a["fields"]["rto"].size() == 2);
  CHECK(a["fields"]["rto"][1]["value"] == json::parse(R"({"amount":24,"unit":"hour"})"));
  CHECK(a["fields"]["rto"][1]["value_text"] == "24時間");
  CHECK(a["fields"]["rto"][1]["condition"] == "複合障害");
  CHECK(a["fields"]["rto"][1]["page"] == 3);
  CHECK(a["fields"]["rto"][1]["quote"] == "複合障害は24時間");
  CHECK(a["fields"]["rto"][1]["rule"] == "rto.x");
  CHECK(docs[1]["document"]["status"] == "failed");
  CHECK(docs[1]["document"]["error"] == "damaged PDF: poppler cannot open it");
  // Warnings are stored as lines and exported as objects with a code, as kensa extract writes them.
  CHECK(a["warnings"] == json::parse(R"([{"code": "pages_without_text", "message": "no text on page 4"}])"));
  CHECK(docs[1]["warnings"] == json::array());
  CHECK(a["document"]["reading"] == "read");
  CHECK_FALSE(a["document"].contains("unreadable_pages"));
  const json& c = docs[2];
  CHECK(c["document"]["reading"] == "partly_unreadable");
  CHECK(c["document"]["ocr_pages"] == json::array({1}));
  CHECK(c["document"]["unreadable_pages"] ==
        json::parse(R"([{"page": 2, "reason": "no_text_layer"}, {"page": 3, "reason": "ocr_no_text"}])"));
  CHECK(c["fields"]["rto"][0]["ocr"] == true);
  CHECK(c["fields"]["rto"][0]["ocr_confidence"] == 88);

  const json array = json::parse(Export(*store, {"--format", "json", "--fields", "rto"}));
  REQUIRE(array.is_array());
  CHECK(array.size() == 3);
  CHECK(array[0]["fields"].size() == 1);
  CHECK(array[0]["fields"].contains("rto"));
}

TEST_CASE("export: an empty store gives a header or an empty array") {
  const fs::path dir = fs::path(KENSA_BINARY_DIR) / "export_test_files" / "empty";
  fs::remove_all(dir);
  fs::create_directories(dir);
  auto store = OpenStore((dir / "kensa.db").string());
  REQUIRE(store.ok());
  CHECK(json::parse(Export(**store, {"--format", "json"})) == json::array());
  CHECK(Export(**store, {"--format", "jsonl"}).empty());
  CHECK(Export(**store, {"--format", "csv"}).find("\r\n") == Export(**store, {"--format", "csv"}).size() - 2);
}

}  // namespace
}  // namespace kensa
