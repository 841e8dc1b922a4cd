// Tests for pipeline/diff: DiffAnswers on findings built by hand (a changed RTO, a certification
// removed, a support window moved, a value reworded but equal, a value moved to another page, two
// values paired by their case), and `kensa diff` end to end on two versions of a sample text and on
// two documents of a real SQLite store: its text, its JSON and its exit codes.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/command_line.h"
#include "diff/answer_diff.h"
#include "diff/diff_command.h"
#include "output/json_codec.h"
#include "store/store.h"
#include "value_builders.h"

namespace kensa {
namespace {

namespace fs = std::filesystem;
using testing::D;
using testing::U;
using testing::Window;

Finding F(const std::string& field, Value value, int page, const std::string& quote, const std::string& condition = "") {
  Finding f;
  f.field = field;
  f.value = std::move(value);
  f.page = page;
  f.quote = quote;
  f.rule = field + ".test";
  f.condition = condition;
  return f;
}

const FieldDiff& Field(const AnswerDiff& diff, const std::string& id) {
  for (const FieldDiff& f : diff.fields) {
    if (f.field == id) return f;
  }
  FAIL("no field " << id);
  return diff.fields.front();
}

TEST_CASE("diff: changed, removed, moved and reworded answers") {
  const std::vector<Finding> before = {
      F("rto", D(4, U::kHour), 5, "目標復旧時間は4時間です"),
      F("certifications", std::string("ISO27001"), 7, "ISO/IEC 27001を取得"),
      F("certifications", std::string("ISO27017"), 7, "ISO/IEC 27017を取得"),
      F("support_hours", Window("09:00", "18:00"), 9, "平日9時〜18時"),
      F("availability", 99.9, 2, "稼働率は99.9%"),
      F("backup_generations", 7.0, 3, "7世代"),
  };
  const std::vector<Finding> after = {
      F("availability", 99.9, 4, "月間稼働率99.9%以上を目標とします"),  // reworded, on another page
      F("rto", D(24, U::kHour), 6, "目標復旧時間は24時間です"),
      F("certifications", std::string("ISO27001"), 8, "ISO/IEC 27001を取得"),
      F("support_hours", Window("10:00", "18:00"), 9, "平日10時〜18時"),
      F("backup_generations", 7.0, 3, "7世代"),
  };
  const AnswerDiff diff = DiffAnswers(before, after);
  CHECK(diff.changed_fields() == 3);
  CHECK_FALSE(diff.empty());
  const FieldDiff& rto = Field(diff, "rto");
  REQUIRE(rto.changes.size() == 1);
  CHECK(rto.changes[0].kind == ChangeKind::kChanged);
  CHECK(rto.changes[0].before->page == 5);
  CHECK(rto.changes[0].after->page == 6);
  const FieldDiff& certifications = Field(diff, "certifications");
  REQUIRE(certifications.changes.size() == 1);
  CHECK(certifications.changes[0].kind == ChangeKind::kRemoved);
  CHECK(std::get<std::string>(certifications.changes[0].before->value) == "ISO27017");
  CHECK_FALSE(certifications.changes[0].after);
  CHECK(certifications.unchanged.size() == 1);
  CHECK(Field(diff, "support_hours").changes.size() == 1);
  CHECK(Field(diff, "availability").changes.empty());
  CHECK(Field(diff, "availability").unchanged.at(0).page == 4);
  CHECK(Field(diff, "backup_generations").changes.empty());
  // Catalogue order, every field but the document's date (it dates a version: not an answer).
  CHECK(diff.fields.size() == FieldCatalogue().size() - 1);
  CHECK(std::none_of(diff.fields.begin(), diff.fields.end(), [](const FieldDiff& f) { return f.field == "document_date"; }));
  CHECK(diff.fields.front().field == FieldCatalogue().front().id);
}

TEST_CASE("diff: equivalent values are the same answer; values pair by their case") {
  SUBCASE("24時間 and 1日") {
    const AnswerDiff diff = DiffAnswers({F("rto", D(24, U::kHour), 1, "24時間")}, {F("rto", D(1, U::kDay), 1, "1日")});
    CHECK(diff.empty());
  }
  SUBCASE("two RTOs, one changed: paired by condition, not by order") {
    const AnswerDiff diff = DiffAnswers(
        {F("rto", D(1, U::kHour), 1, "単一障害は1時間", "単一障害"), F("rto", D(24, U::kHour), 1, "複合障害は24時間", "複合障害")},
        {F("rto", D(48, U::kHour), 2, "複合障害は48時間", "複合障害"), F("rto", D(1, U::kHour), 2, "単一障害は1時間", "単一障害")});
    const FieldDiff& rto = Field(diff, "rto");
    REQUIRE(rto.changes.size() == 1);
    CHECK(rto.changes[0].kind == ChangeKind::kChanged);
    CHECK(rto.changes[0].before->condition == "複合障害");
    CHECK(std::get<Duration>(rto.changes[0].after->value).amount == 48);
  }
  SUBCASE("a value new in the later version is added") {
    const AnswerDiff diff = DiffAnswers({}, {F("mfa", true, 3, "多要素認証に対応")});
    REQUIRE(Field(diff, "mfa").changes.size() == 1);
    CHECK(Field(diff, "mfa").changes[0].kind == ChangeKind::kAdded);
  }
}

// Runs `kensa diff ARGS…` through the command line; returns the exit code, stdout in out.
int Run(std::vector<std::string> args, std::string& out, std::string& err) {
  args.insert(args.begin(), "diff");
  std::ostringstream o, e;
  const int code = RunCommandLine(args, o, e, false, false);
  out = o.str();
  err = e.str();
  return code;
}

fs::path Work(const std::string& name) {
  const fs::path dir = fs::path(KENSA_BINARY_DIR) / "diff_test_files" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string ReadText(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void Replace(std::string& text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  REQUIRE_MESSAGE(at != std::string::npos, from);
  text.replace(at, from.size(), to);
}

TEST_CASE("diff: kensa diff on two versions of a sample: text, JSON, exit codes") {
  const fs::path dir = Work("files");
  std::string text = ReadText(fs::path(KENSA_SOURCE_DIR) / "samples/src/101_faq_hachidesk.txt");
  std::ofstream(dir / "v1.txt") << text;
  // Version 2: the RTO from 12 to 24 hours, ISO 27001 no longer stated, the desk closing at 17:00,
  // and the data-location answer reworded.
  Replace(text, "１２時間（切り替えの判断から起算）", "２４時間（切り替えの判断から起算）");
  Replace(text, "当社は2021年にISMS認証（ISO/IEC 27001）を取得し、毎年の維持審査を受けています。", "");
  Replace(text, "平日9時〜18時", "平日9時〜17時");
  std::ofstream(dir / "v2.txt") << text;
  std::string out, err;
  SUBCASE("text") {
    CHECK(Run({(dir / "v1.txt").string(), (dir / "v2.txt").string()}, out, err) == kDiffChanged);
    INFO(out);
    CHECK(out.find("目標復旧時間 (RTO) [rto]\n  ~ 12時間 → 24時間 (大規模な災害)\n      旧 p.1: 「") != std::string::npos);
    CHECK(out.find("取得済みの第三者認証 [certifications]\n  - ISO27001\n      旧 p.2: 「") != std::string::npos);
    CHECK(out.find("  ~ 13:00〜18:00 → 13:00〜17:00") != std::string::npos);
    CHECK(out.find("3 fields changed, 25 unchanged (--all lists them)\n") != std::string::npos);
    CHECK(out.find("\x1b[") == std::string::npos);  // no colour off a terminal
    CHECK(err.empty());
  }
  SUBCASE("JSON") {
    CHECK(Run({(dir / "v1.txt").string(), (dir / "v2.txt").string(), "--json"}, out, err) == kDiffChanged);
    const auto j = nlohmann::json::parse(out);
    CHECK(j["changed_fields"] == 3);
    CHECK(j["unchanged_fields"] == 25);
    REQUIRE(j["fields"].size() == 3);
    CHECK(j["fields"][0]["field"] == "rto");
    CHECK(j["fields"][0]["changes"][0]["kind"] == "changed");
    CHECK(j["fields"][0]["changes"][0]["old"]["value"] == nlohmann::json::parse(R"({"amount":12,"unit":"hour"})"));
    CHECK(j["fields"][0]["changes"][0]["new"]["value_text"] == "24時間");
    CHECK(j["fields"][1]["changes"][0]["kind"] == "removed");
    CHECK_FALSE(j["fields"][1]["changes"][0].contains("new"));
    CHECK(j["old"]["path"] == (dir / "v1.txt").string());
  }
  SUBCASE("the same answers: exit 0; --all lists every field") {
    CHECK(Run({(dir / "v1.txt").string(), (dir / "v1.txt").string(), "--all"}, out, err) == kDiffSame);
    CHECK(out.find("0 fields changed, 28 unchanged\n") != std::string::npos);
    CHECK(out.find("目標復旧時間 (RTO) [rto]\n  = 12時間") != std::string::npos);
  }
  SUBCASE("trouble: exit 2 and one line") {
    CHECK(Run({(dir / "v1.txt").string(), (dir / "missing.txt").string()}, out, err) == kDiffTrouble);
    CHECK(err == "kensa: diff: " + (dir / "missing.txt").string() + ": no such file\n");
    CHECK(Run({(dir / "v1.txt").string()}, out, err) == kDiffTrouble);  // usage
  }
}

TEST_CASE("diff: kensa diff --db compares two stored documents") {
  const fs::path dir = Work("store");
  auto store = OpenStore((dir / "kensa.db").string());
  REQUIRE(store.ok());
  StoredDocument v1;
  v1.sha256 = std::string(64, 'a');
  v1.rules_version = "r1";
  v1.path = "/in/2024/whitepaper.pdf";
  v1.pages = 9;
  v1.findings = {{"rto", R"({"amount":4,"unit":"hour"})", "4時間", "", 5, "RTOは4時間", "rto.x"},
                 {"data_location", R"("domestic")", "domestic", "", 6, "国内のデータセンター", "data_location.x"}};
  StoredDocument v2 = v1;
  v2.sha256 = std::string(64, 'b');
  v2.path = "/in/2025/whitepaper.pdf";
  v2.findings = {{"data_location", R"("domestic")", "domestic", "", 2, "データは国内に保管", "data_location.x"},
                 {"rto", R"({"amount":24,"unit":"hour"})", "24時間", "", 6, "RTOは24時間", "rto.x"}};
  REQUIRE((*store)->SaveDocument(v1).ok());
  REQUIRE((*store)->SaveDocument(v2).ok());
  std::string out, err;
  CHECK(Run({"--db", (dir / "kensa.db").string(), "aaaa", "/in/2025/whitepaper.pdf"}, out, err) == kDiffChanged);
  INFO(out << err);
  CHECK(out.find("  ~ 4時間 → 24時間\n      旧 p.5: 「RTOは4時間」\n      新 p.6: 「RTOは24時間」\n") != std::string::npos);
  CHECK(out.find("1 field changed, 27 unchanged") != std::string::npos);
  CHECK(Run({"--db", (dir / "kensa.db").string(), "aaaa", "cccc"}, out, err) == kDiffTrouble);
  CHECK(err.find("cccc: no such document in the store") != std::string::npos);
  CHECK(Run({"--db", (dir / "kensa.db").string(), "aaaa", "bbbb", "--patterns", "x"}, out, err) == kDiffTrouble);
}

}  // namespace
}  // namespace kensa
