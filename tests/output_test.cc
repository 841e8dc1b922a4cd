// Tests for pipeline/output (json_codec.h): the JSON written is the contract of ../shared/FIELDS.md
// (parsed back with nlohmann/json, so the tests check structure, not formatting), the catalogue
// JSON, and the reading of expected-answer and gold files, good and bad.

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "fields/field_catalogue.h"
#include "output/json_codec.h"

#include "value_builders.h"

namespace kensa {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using namespace kensa::testing;  // NOLINT: D(), U

Finding F(const std::string& field, Value value, const std::string& condition = "") {
  Finding f;
  f.field = field;
  f.value = std::move(value);
  f.condition = condition;
  f.page = 3;
  f.quote = "引用 " + field;
  f.rule = field + ".rule";
  return f;
}

Extraction MakeExtraction(std::vector<Finding> findings) {
  Extraction e;
  e.path = "samples/x.pdf";
  e.sha256 = std::string(64, 'a');
  e.size = 1234;
  e.pages = 12;
  e.rules_version = "0123456789abcdef";
  e.findings = std::move(findings);
  return e;
}

// Writes a file for one test under the build directory and returns its path. Each test uses its
// own names, since CTest may run the test cases in parallel.
std::string WriteTemp(const std::string& name, const std::string& content) {
  const fs::path dir = fs::path(KENSA_BINARY_DIR) / "output_test_files";
  fs::create_directories(dir);
  const fs::path path = dir / name;
  std::ofstream(path, std::ios::binary) << content;
  return path.string();
}

// The ids in the "## Fields" table of FIELDS.md, in order.
std::vector<std::string> ContractIds() {
  std::ifstream in(fs::path(KENSA_SHARED_DIR) / "FIELDS.md");
  std::vector<std::string> ids;
  bool in_fields = false;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("## ", 0) == 0) in_fields = line == "## Fields";
    if (!in_fields || line.rfind("| ", 0) != 0) continue;
    const std::string id = line.substr(2, line.find(' ', 2) - 2);
    if (id != "id" && id != "---") ids.push_back(id);
  }
  return ids;
}

TEST_CASE("output: ExtractionToJson writes the contract's shape") {
  Extraction extraction = MakeExtraction({
      F("rto", D(1, U::kHour), "単一障害"),
      F("rto", D(24, U::kHour), "複合障害"),
      F("backup_generations", int64_t{7}),
  });
  extraction.warnings = {"page 2: no text"};
  const json out = json::parse(ExtractionToJson(extraction));

  SUBCASE("document") {
    REQUIRE(out.contains("document"));
    CHECK(out["document"]["path"] == "samples/x.pdf");
    CHECK(out["document"]["sha256"] == std::string(64, 'a'));
    CHECK(out["document"]["pages"] == 12);
    CHECK(out["document"]["pages"].is_number_integer());
  }
  SUBCASE("fields map an id to its findings in order") {
    REQUIRE(out["fields"].is_object());
    CHECK(out["fields"].size() == 2);
    REQUIRE(out["fields"]["rto"].is_array());
    REQUIRE(out["fields"]["rto"].size() == 2);
    CHECK(out["fields"]["rto"][0]["condition"] == "単一障害");
    CHECK(out["fields"]["rto"][1]["condition"] == "複合障害");
    CHECK(out["fields"]["rto"][1]["value"] == json::parse(R"({"amount": 24, "unit": "hour"})"));
  }
  SUBCASE("every finding carries its evidence") {
    const json& finding = out["fields"]["backup_generations"].at(0);
    CHECK(finding["value"] == 7);
    CHECK(finding["page"] == 3);
    CHECK(finding["quote"] == "引用 backup_generations");
    CHECK(finding["rule"] == "backup_generations.rule");
  }
  SUBCASE("condition only when there is one") {
    CHECK(out["fields"]["rto"][0].contains("condition"));
    CHECK_FALSE(out["fields"]["backup_generations"][0].contains("condition"));
  }
  SUBCASE("every finding carries its readable value") {
    CHECK(out["fields"]["rto"][0]["value_text"] == "1時間");
    CHECK(out["fields"]["backup_generations"][0]["value_text"] == "7世代");
  }
  SUBCASE("warnings are objects with a code and the message") {
    CHECK(out["warnings"] == json::parse(R"([{"code": "other", "message": "page 2: no text"}])"));
  }
  SUBCASE("no status unless asked for") {
    CHECK_FALSE(out.contains("status"));
    const json with = json::parse(ExtractionToJson(extraction, -1, /*with_status=*/true));
    CHECK(with["status"] == "ok");
  }
}

TEST_CASE("output: WarningCode gives the text stage's warnings stable codes") {
  // The text stage's wordings (text_checks.cc, text_file.cc), one case per code.
  CHECK(WarningCode("no text layer: the PDF looks image-only (scanned); nothing can be read from it") == "no_text_layer");
  CHECK(WarningCode("no text: the file holds only white space") == "no_text");
  CHECK(WarningCode("no text on pages 2-3") == "pages_without_text");
  CHECK(WarningCode("no text on page 7") == "pages_without_text");
  CHECK(WarningCode("text layer looks garbled on page 1: 520 of 680 characters are U+FFFD, private-use or control "
                    "characters") == "garbled_text");
  CHECK(WarningCode("text looks garbled on pages 1-2: 40 of 50 kanji are outside the common set") == "garbled_text");
  CHECK(WarningCode("invalid UTF-8: 3 byte sequences replaced by U+FFFD (the first at byte 10)") == "invalid_utf8");
  CHECK(WarningCode("something new") == "other");
}

TEST_CASE("output: a document that could not be read, as JSON") {
  const json out =
      json::parse(FailedDocumentToJson("x.pdf", Status::Error(ErrorKind::kNotFound, "no such file")));
  CHECK(out == json::parse(R"({"document": {"path": "x.pdf"}, "status": "failed",
                               "error": {"code": "not_found", "message": "no such file"},
                               "fields": {}, "warnings": []})"));
  CHECK(FailedDocumentToJson("x", Status::Error(ErrorKind::kNotFound, "m")).find('\n') == std::string::npos);
  // Every kind has a code of its own, in snake_case.
  std::set<std::string> codes;
  for (ErrorKind kind : {ErrorKind::kUsage, ErrorKind::kNotFound, ErrorKind::kNotRegularFile, ErrorKind::kEmpty,
                         ErrorKind::kNotPdf, ErrorKind::kEncrypted, ErrorKind::kDamaged, ErrorKind::kConfig,
                         ErrorKind::kResourceLimit, ErrorKind::kStore, ErrorKind::kInternal}) {
    const std::string code = ErrorCodeName(kind);
    CHECK(code.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") == std::string::npos);
    codes.insert(code);
  }
  CHECK(codes.size() == 11);
  CHECK(std::string(ErrorCodeName(ErrorKind::kDamaged)) == "damaged_pdf");
  CHECK(std::string(ErrorCodeName(ErrorKind::kEncrypted)) == "encrypted");
}

TEST_CASE("output: an extraction without findings has empty fields and warnings") {
  const json out = json::parse(ExtractionToJson(MakeExtraction({})));
  // {} and [], not null: a consumer iterates them without checking.
  CHECK(out["fields"].is_object());
  CHECK(out["fields"].empty());
  CHECK(out["warnings"].is_array());
  CHECK(out["warnings"].empty());
}

TEST_CASE("output: value forms for every type") {
  Duration range = D(1, U::kWeek);
  range.upto = 2;
  Duration forever;
  forever.unbounded = true;
  struct Case {
    const char* name;
    const char* field;
    Value value;
    const char* expected;  // JSON
  };
  const Case cases[] = {
      {"duration", "rto", D(2, U::kHour), R"({"amount": 2, "unit": "hour"})"},
      {"duration, fractional", "planned_downtime", D(8.8, U::kHour), R"({"amount": 8.8, "unit": "hour"})"},
      {"duration, range", "backup_retention", range, R"({"amount": 1, "upto": 2, "unit": "week"})"},
      {"duration, unbounded", "log_retention", forever, R"({"unbounded": true})"},
      {"duration, zero days", "data_deletion", D(0, U::kDay), R"({"amount": 0, "unit": "day"})"},
      {"duration, business days", "incident_notification_time", D(1, U::kBusinessDay),
       R"({"amount": 1, "unit": "business_day"})"},
      {"duration, minutes", "rpo", D(30, U::kMinute), R"({"amount": 30, "unit": "minute"})"},
      {"duration, months", "maintenance_notice", D(1, U::kMonth), R"({"amount": 1, "unit": "month"})"},
      {"frequency", "backup_frequency", D(1, U::kDay), R"({"amount": 1, "unit": "day"})"},
      {"frequency, yearly", "vulnerability_assessment_interval", D(1, U::kYear), R"({"amount": 1, "unit": "year"})"},
      {"percent", "availability", 99.9, "99.9"},
      {"percent, whole", "availability", 100.0, "100"},
      {"count", "backup_generations", int64_t{7}, "7"},
      {"bool true", "mfa", true, "true"},
      {"bool false", "disaster_recovery", false, "false"},
      {"enum", "data_location", std::string("domestic_and_overseas"), R"("domestic_and_overseas")"},
      {"enum with a dot", "encryption_in_transit", std::string("TLS1.2"), R"("TLS1.2")"},
      {"set member", "cloud_provider", std::string("AWS"), R"("AWS")"},
      {"hours", "support_hours", Hours{"09:00", "18:00", false}, R"({"from": "09:00", "to": "18:00"})"},
      {"hours, always", "service_hours", Hours{"", "", true}, R"({"always": true})"},
      {"date", "document_date", Date{"2024-03-14"}, R"("2024-03-14")"},
  };
  for (const Case& c : cases) {
    const std::string name = c.name;
    CAPTURE(name);
    const json expected = json::parse(c.expected);
    const json out = json::parse(ExtractionToJson(MakeExtraction({F(c.field, c.value)})));
    REQUIRE(out["fields"][c.field].size() == 1);
    CHECK(out["fields"][c.field][0]["value"] == expected);
    // ValueToJson is the same value on its own.
    CHECK(json::parse(ValueToJson(c.value)) == expected);
  }
}

TEST_CASE("output: whole amounts print as integers, fractions stay") {
  Duration range = D(2, U::kDay);
  range.upto = 3;
  // Compared as text: parsed JSON would call 2 and 2.0 equal.
  CHECK(ValueToJson(D(2, U::kHour)) == R"({"amount":2,"unit":"hour"})");
  CHECK(ValueToJson(D(8.8, U::kHour)) == R"({"amount":8.8,"unit":"hour"})");
  CHECK(ValueToJson(D(1.5, U::kHour)) == R"({"amount":1.5,"unit":"hour"})");
  CHECK(ValueToJson(range) == R"({"amount":2,"upto":3,"unit":"day"})");
  CHECK(ValueToJson(99.9) == "99.9");
  CHECK(ValueToJson(100.0) == "100");
  CHECK(ValueToJson(int64_t{10}) == "10");
  const std::string text = ExtractionToJson(MakeExtraction({F("rto", D(2, U::kHour))}), -1);
  CHECK(text.find(R"("amount":2,)") != std::string::npos);
  CHECK(text.find("2.0") == std::string::npos);
}

TEST_CASE("output: indent") {
  const Extraction extraction =
      MakeExtraction({F("rto", D(1, U::kHour), "単一障害"), F("mfa", false), F("availability", 99.9)});
  SUBCASE("compact is one line") {
    const std::string text = ExtractionToJson(extraction, -1);
    CHECK(text.find('\n') == std::string::npos);
    CHECK(json::parse(text) == json::parse(ExtractionToJson(extraction, 2)));
  }
  SUBCASE("indented is several lines") {
    const std::string text = ExtractionToJson(extraction, 2);
    CHECK(std::count(text.begin(), text.end(), '\n') > 10);
  }
  SUBCASE("Japanese is written as UTF-8, not \\u escapes") {
    const std::string text = ExtractionToJson(extraction, -1);
    CHECK(text.find("単一障害") != std::string::npos);
    CHECK(text.find("\\u") == std::string::npos);
  }
}

TEST_CASE("output: a quote with invalid UTF-8 still gives valid JSON") {
  // A PDF's text can carry stray bytes; the output must not throw or be unparseable.
  Finding f = F("mfa", true);
  f.quote = "多要素認証\xff\xfeあり";
  std::string text;
  REQUIRE_NOTHROW(text = ExtractionToJson(MakeExtraction({f})));
  const json out = json::parse(text);
  const std::string quote = out["fields"]["mfa"][0]["quote"];
  CHECK(quote.find("多要素認証") == 0);
  CHECK(quote.find("あり") != std::string::npos);
}

TEST_CASE("output: FieldCatalogueToJson") {
  const json catalogue = json::parse(FieldCatalogueToJson());
  const std::vector<std::string> ids = ContractIds();
  REQUIRE(ids.size() == 29);
  REQUIRE(catalogue.is_array());
  REQUIRE(catalogue.size() == 29);
  for (size_t i = 0; i < catalogue.size(); ++i) {
    const json& entry = catalogue[i];
    CAPTURE(i);
    CHECK(entry["id"] == ids[i]);
    const FieldSpec* field = FindField(entry["id"].get<std::string>());
    REQUIRE(field != nullptr);
    CHECK(entry["label_ja"] == std::string(field->label_ja));
    CHECK(entry["type"] == ValueTypeName(field->type));
    if (field->type == ValueType::kEnum || field->type == ValueType::kSet) {
      REQUIRE(entry.contains("members"));
      CHECK(entry["members"].size() == field->members.size());
      for (size_t m = 0; m < field->members.size(); ++m) CHECK(entry["members"][m] == std::string(field->members[m]));
    } else {
      CHECK_FALSE(entry.contains("members"));
    }
  }
  SUBCASE("spot checks against FIELDS.md") {
    CHECK(catalogue[0]["id"] == "availability");
    CHECK(catalogue[28]["id"] == "document_date");
    CHECK(catalogue[13]["members"] == json::array({"email", "phone", "web", "in_app", "chat"}));
    CHECK(catalogue[14]["type"] == "enum");
  }
  SUBCASE("compact is one line") {
    CHECK(FieldCatalogueToJson(-1).find('\n') == std::string::npos);
  }
}

TEST_CASE("output: ReadExpected reads every sample and gold file alike") {
  const char* documents[] = {"000_4eb37b3979d3b2f9", "001_a875b5117596e9ca", "002_ae363bfb9f19e15c",
                             "003_53560c7a911e6863", "004_9a680ca3850dccf9"};
  size_t total = 0, optional = 0;
  for (const std::string document : documents) {
    CAPTURE(document);
    auto sample = ReadExpected(std::string(KENSA_SOURCE_DIR) + "/samples/" + document + ".expected.json");
    auto gold = ReadExpected(std::string(KENSA_SHARED_DIR) + "/gold/" + document + ".json");
    REQUIRE_MESSAGE(sample.ok(), sample.status().message());
    REQUIRE_MESSAGE(gold.ok(), gold.status().message());
    // The samples are the gold with "evidence" renamed "quote": the same findings either way.
    REQUIRE(sample->size() == gold->size());
    for (size_t i = 0; i < gold->size(); ++i) {
      const ExpectedFinding& s = (*sample)[i];
      const ExpectedFinding& g = (*gold)[i];
      CAPTURE(g.field);
      CHECK(s.field == g.field);
      CHECK(s.value == g.value);
      CHECK(s.quote == g.quote);
      CHECK_FALSE(g.quote.empty());
      CHECK(s.condition == g.condition);
      CHECK(s.optional == g.optional);
      CHECK(FindField(g.field) != nullptr);
    }
    total += gold->size();
    for (const ExpectedFinding& g : *gold) optional += g.optional;
  }
  // gold/README.md's table: 106 findings, 14 of them optional.
  CHECK(total == 106);
  CHECK(optional == 14);
}

TEST_CASE("output: ReadExpected reads gold 000 as written") {
  auto gold = ReadExpected(std::string(KENSA_SHARED_DIR) + "/gold/000_4eb37b3979d3b2f9.json");
  REQUIRE(gold.ok());
  std::vector<const ExpectedFinding*> rto;
  for (const ExpectedFinding& e : *gold) {
    if (e.field == "rto") rto.push_back(&e);
  }
  REQUIRE(rto.size() == 2);
  CHECK(rto[0]->value == Value(D(1, U::kHour)));
  CHECK(rto[0]->quote == "単一障害が発生した場合の目標復旧時間は１時間としています。");
  CHECK(rto[0]->condition == "単一障害");
  CHECK_FALSE(rto[0]->optional);
  CHECK(rto[1]->value == Value(D(24, U::kHour)));
  // Types as FIELDS.md gives them: percent a double, count an integer, dates wrapped.
  for (const ExpectedFinding& e : *gold) {
    CAPTURE(e.field);
    const FieldSpec* field = FindField(e.field);
    REQUIRE(field != nullptr);
    switch (field->type) {
      case ValueType::kDuration:
      case ValueType::kFrequency: CHECK(std::holds_alternative<Duration>(e.value)); break;
      case ValueType::kPercent: CHECK(std::holds_alternative<double>(e.value)); break;
      case ValueType::kCount: CHECK(std::holds_alternative<int64_t>(e.value)); break;
      case ValueType::kBool: CHECK(std::holds_alternative<bool>(e.value)); break;
      case ValueType::kEnum:
      case ValueType::kSet: CHECK(std::holds_alternative<std::string>(e.value)); break;
      case ValueType::kHours: CHECK(std::holds_alternative<Hours>(e.value)); break;
      case ValueType::kDate: CHECK(std::holds_alternative<Date>(e.value)); break;
    }
  }
}

TEST_CASE("output: ReadExpected reads every value form and the optional flag") {
  const std::string path = WriteTemp("forms.json", R"({
    "document": "x.txt",
    "fields": {
      "backup_retention": [{"value": {"amount": 1, "upto": 2, "unit": "week"}, "evidence": "1〜2週間"}],
      "log_retention": [{"value": {"unbounded": true}, "quote": "無期限"}],
      "planned_downtime": [{"value": {"amount": 8.8, "unit": "hour"}}],
      "support_hours": [{"value": {"from": "09:00", "to": "12:00"}}, {"value": {"from": "13:00", "to": "18:00"}}],
      "service_hours": [{"value": {"always": true}}],
      "availability": [{"value": 99.95}],
      "backup_generations": [{"value": 10}],
      "mfa": [{"value": false, "optional": true, "condition": "管理者のみ"}],
      "data_location": [{"value": "domestic"}],
      "document_date": [{"value": "2024-03-14"}]
    }})");
  auto read = ReadExpected(path);
  REQUIRE_MESSAGE(read.ok(), read.status().message());
  REQUIRE(read->size() == 11);
  const std::vector<ExpectedFinding>& e = *read;
  Duration range = D(1, U::kWeek);
  range.upto = 2;
  Duration forever;
  forever.unbounded = true;
  CHECK(e[0].value == Value(range));
  CHECK(e[0].quote == "1〜2週間");  // evidence read as the quote
  CHECK(e[1].value == Value(forever));
  CHECK(e[1].quote == "無期限");
  CHECK(e[2].value == Value(D(8.8, U::kHour)));
  CHECK(e[2].quote.empty());
  CHECK(e[3].value == Value(Hours{"09:00", "12:00", false}));
  CHECK(e[4].value == Value(Hours{"13:00", "18:00", false}));
  CHECK(e[5].value == Value(Hours{"", "", true}));
  CHECK(e[6].value == Value(99.95));
  CHECK(e[7].value == Value(int64_t{10}));
  CHECK(e[8].value == Value(false));
  CHECK(e[8].optional);
  CHECK(e[8].condition == "管理者のみ");
  CHECK_FALSE(e[7].optional);
  CHECK(e[9].value == Value(std::string("domestic")));
  CHECK(e[10].value == Value(Date{"2024-03-14"}));
}

TEST_CASE("output: ExtractionToJson and ReadExpected round-trip") {
  // What extract writes, regress can read back as expected answers, value for value.
  Duration range = D(3, U::kBusinessDay);
  range.upto = 5;
  const std::vector<Finding> findings = {
      F("rto", D(4, U::kHour), "単一障害"), F("data_deletion", range), F("availability", 99.99),
      F("backup_generations", int64_t{7}),  F("sso", false),         F("cloud_provider", std::string("GCP")),
      F("support_hours", Hours{"10:00", "17:00", false}), F("document_date", Date{"2025-09-16"}),
  };
  const std::string path = WriteTemp("roundtrip.json", ExtractionToJson(MakeExtraction(findings)));
  auto read = ReadExpected(path);
  REQUIRE_MESSAGE(read.ok(), read.status().message());
  REQUIRE(read->size() == findings.size());
  for (size_t i = 0; i < findings.size(); ++i) {
    CAPTURE(findings[i].field);
    CHECK((*read)[i].field == findings[i].field);
    CHECK((*read)[i].value == findings[i].value);
    CHECK((*read)[i].quote == findings[i].quote);
    CHECK((*read)[i].condition == findings[i].condition);
  }
}

TEST_CASE("output: ReadExpected rejects bad files, naming the file") {
  struct Case {
    const char* name;
    const char* content;
    ErrorKind kind;
    const char* mentions;  // besides the path
  };
  const Case cases[] = {
      {"not-json.json", "this is not JSON {", ErrorKind::kConfig, ""},
      {"truncated.json", R"({"fields": {"rto": [{"value": )", ErrorKind::kConfig, ""},
      {"no-fields.json", R"({"document": "x.txt"})", ErrorKind::kConfig, "fields"},
      {"array.json", R"([1, 2, 3])", ErrorKind::kConfig, "fields"},
      {"fields-list.json", R"({"fields": []})", ErrorKind::kConfig, "fields"},
      {"unknown-field.json", R"({"fields": {"rto_minutes": [{"value": 5}]}})", ErrorKind::kConfig, "rto_minutes"},
      {"not-a-list.json", R"({"fields": {"rto": {"value": {"amount": 1, "unit": "hour"}}}})", ErrorKind::kConfig,
       "rto"},
      {"no-value.json", R"({"fields": {"mfa": [{"evidence": "多要素認証"}]}})", ErrorKind::kConfig, "mfa"},
      {"duration-text.json", R"({"fields": {"rto": [{"value": "2時間"}]}})", ErrorKind::kConfig, "rto"},
      {"duration-no-unit.json", R"({"fields": {"rto": [{"value": {"amount": 2}}]}})", ErrorKind::kConfig, "rto"},
      {"duration-bad-unit.json", R"({"fields": {"rto": [{"value": {"amount": 2, "unit": "fortnight"}}]}})",
       ErrorKind::kConfig, "rto"},
      {"duration-text-amount.json", R"({"fields": {"rto": [{"value": {"amount": "2", "unit": "hour"}}]}})",
       ErrorKind::kConfig, "rto"},
      {"percent-text.json", R"({"fields": {"availability": [{"value": "99.9%"}]}})", ErrorKind::kConfig,
       "availability"},
      {"count-fraction.json", R"({"fields": {"backup_generations": [{"value": 7.5}]}})", ErrorKind::kConfig,
       "backup_generations"},
      {"count-text.json", R"({"fields": {"backup_generations": [{"value": "7世代"}]}})", ErrorKind::kConfig,
       "backup_generations"},
      {"bool-text.json", R"({"fields": {"mfa": [{"value": "有"}]}})", ErrorKind::kConfig, "mfa"},
      {"bool-number.json", R"({"fields": {"mfa": [{"value": 1}]}})", ErrorKind::kConfig, "mfa"},
      {"enum-number.json", R"({"fields": {"data_location": [{"value": 1}]}})", ErrorKind::kConfig, "data_location"},
      {"hours-text.json", R"({"fields": {"support_hours": [{"value": "9:00〜18:00"}]}})", ErrorKind::kConfig,
       "support_hours"},
      {"hours-half.json", R"({"fields": {"support_hours": [{"value": {"from": "09:00"}}]}})", ErrorKind::kConfig,
       "support_hours"},
      {"date-number.json", R"({"fields": {"document_date": [{"value": 20240314}]}})", ErrorKind::kConfig,
       "document_date"},
      // Former bugs: wrong JSON types inside a finding threw instead of returning an error, and
      // enum/set strings outside the field's members were accepted.
      {"hours-numbers.json", R"({"fields": {"support_hours": [{"value": {"from": 9, "to": 18}}]}})",
       ErrorKind::kConfig, ""},
      {"unit-number.json", R"({"fields": {"rto": [{"value": {"amount": 2, "unit": 5}}]}})", ErrorKind::kConfig, ""},
      {"upto-text.json", R"({"fields": {"rto": [{"value": {"amount": 1, "upto": "2", "unit": "week"}}]}})",
       ErrorKind::kConfig, ""},
      {"unbounded-text.json", R"({"fields": {"log_retention": [{"value": {"unbounded": "yes"}}]}})",
       ErrorKind::kConfig, ""},
      {"finding-not-object.json", R"({"fields": {"rto": [5]}})", ErrorKind::kConfig, "rto"},
      {"optional-text.json", R"({"fields": {"mfa": [{"value": true, "optional": "yes"}]}})", ErrorKind::kConfig, ""},
      {"quote-number.json", R"({"fields": {"mfa": [{"value": true, "quote": 5}]}})", ErrorKind::kConfig, ""},
      {"enum-not-member.json", R"({"fields": {"data_location": [{"value": "mars"}]}})", ErrorKind::kConfig,
       "data_location"},
      {"set-not-member.json", R"({"fields": {"certifications": [{"value": "ISO99999"}]}})", ErrorKind::kConfig,
       "certifications"},
  };
  for (const Case& c : cases) {
    const std::string name = c.name;
    CAPTURE(name);
    const std::string path = WriteTemp(c.name, c.content);
    Result<std::vector<ExpectedFinding>> read = ReadExpected(path);
    REQUIRE_FALSE(read.ok());
    CHECK(read.status().kind() == c.kind);
    const std::string message = read.status().message();  // status() is a copy
    CAPTURE(message);
    CHECK(message.find(path) != std::string::npos);
    CHECK(message.find(c.mentions) != std::string::npos);
  }
  SUBCASE("a missing file is kNotFound") {
    const std::string path = (fs::path(KENSA_BINARY_DIR) / "output_test_files" / "no-such.json").string();
    Result<std::vector<ExpectedFinding>> read = ReadExpected(path);
    REQUIRE_FALSE(read.ok());
    CHECK(read.status().kind() == ErrorKind::kNotFound);
    CHECK(read.status().message().find(path) != std::string::npos);
  }
}

}  // namespace
}  // namespace kensa

namespace kensa {
namespace {

TEST_CASE("output: ExtractionFromJson reads back what ExtractionToJson wrote") {
  Duration range = D(1, U::kWeek);
  range.upto = 2;
  Extraction written = MakeExtraction({
      F("rto", D(1, U::kHour), "単一障害"),
      F("backup_generations", int64_t{7}),
      F("availability", 99.95),
      F("mfa", false),
      F("certifications", std::string("ISO27001")),
      F("data_deletion", range),
  });
  written.warnings = {"no text on page 3"};
  for (int indent : {-1, 2}) {
    auto read = ExtractionFromJson(ExtractionToJson(written, indent));
    REQUIRE_MESSAGE(read.ok(), read.status().message());
    CHECK(read->path == written.path);
    CHECK(read->sha256 == written.sha256);
    CHECK(read->pages == written.pages);
    CHECK(read->size == written.size);
    CHECK(read->rules_version == written.rules_version);
    CHECK(read->warnings == written.warnings);
    REQUIRE(read->findings.size() == written.findings.size());
    for (size_t i = 0; i < written.findings.size(); ++i) {
      const Finding& a = written.findings[i];
      const Finding& b = read->findings[i];
      INFO(a.field);
      CHECK(b.field == a.field);
      CHECK(ValueToJson(b.value) == ValueToJson(a.value));
      CHECK(b.condition == a.condition);
      CHECK(b.page == a.page);
      CHECK(b.quote == a.quote);
      CHECK(b.rule == a.rule);
    }
  }
}

TEST_CASE("output: ExtractionFromJson reads warnings written as strings, as before") {
  auto read = ExtractionFromJson(
      R"({"document": {"sha256": "x", "rules_version": "r"}, "fields": {}, "warnings": ["no text on page 3"]})");
  REQUIRE_MESSAGE(read.ok(), read.status().message());
  CHECK(read->warnings == std::vector<std::string>{"no text on page 3"});
}

TEST_CASE("output: ExtractionFromJson refuses what is not an extraction") {
  for (const char* bad : {"", "not json", "[]", R"({"fields": {}})",
                          R"({"document": {"sha256": "x", "rules_version": "r"}, "fields": {"nonsense": []}})",
                          R"({"document": {"sha256": "x", "rules_version": "r"}, "fields": {"rto": [{"value": 5}]}})",
                          R"({"document": {"sha256": "x", "rules_version": "r"}, "fields": {"rto": [{"value": {"amount": 1, "unit": "hour"}, "page": "x"}]}})",
                          R"({"document": {}, "fields": {}})"}) {
    INFO(bad);
    CHECK(ExtractionFromJson(bad).status().kind() == ErrorKind::kInternal);
  }
}

}  // namespace
}  // namespace kensa
