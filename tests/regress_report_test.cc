// Tests for the regression run around the scorer (pipeline/regress/): display-width padding for
// Japanese labels, the comparison with a baseline (better / worse, count by count and finding by
// finding), the baseline's JSON round trip, sample discovery, the parallel run, and `kensa regress`
// driven through RegressCommand with string streams. The scoring rules themselves are in
// tests/scorer_test.cc. Built through the kensa_regress_report interface target.
#include <doctest/doctest.h>

#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/command_line.h"
#include "extract/extractor.h"
#include "regress/comparison.h"
#include "regress/display_width.h"
#include "regress/regress_command.h"
#include "regress/regress_run.h"
#include "regress/report.h"

namespace kensa {
namespace {

namespace fs = std::filesystem;

Duration D(double amount, TimeUnit unit) {
  Duration d;
  d.amount = amount;
  d.unit = unit;
  return d;
}

ExpectedFinding Gold(const std::string& field, Value value, const std::string& quote = "", bool optional = false) {
  ExpectedFinding e;
  e.field = field;
  e.value = std::move(value);
  e.quote = quote;
  e.optional = optional;
  return e;
}

Finding Found(const std::string& field, Value value, int page = 1, const std::string& quote = "") {
  Finding f;
  f.field = field;
  f.value = std::move(value);
  f.page = page;
  f.quote = quote.empty() ? "quote of " + field : quote;
  f.rule = field + ".test";
  return f;
}

DocumentResult Doc(const std::string& name, const std::vector<ExpectedFinding>& expected,
                   const std::vector<Finding>& found) {
  return ToDocumentResult(Score(name, expected, found));
}

// A run of one document whose RTOs are expected as 1 hour and 24 hours.
const std::vector<ExpectedFinding> kRtoGold = {Gold("rto", D(1, TimeUnit::kHour), "目標復旧時間は1時間"),
                                               Gold("rto", D(24, TimeUnit::kHour), "複合障害は24時間")};

RegressRun Run(std::vector<DocumentResult> documents) { return RegressRun{std::move(documents)}; }

std::string Text(const RegressRun& run, const Comparison* comparison, const Verdict& verdict, bool colour = false) {
  std::ostringstream out;
  TextReportOptions options;
  options.colour = colour;
  WriteTextReport(out, run, comparison, verdict, options);
  return out.str();
}

// A fresh directory under the system's temporary directory, removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "kensa-regress-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }
  void Write(const std::string& relative, const std::string& content) const {
    fs::create_directories((path_ / relative).parent_path());
    std::ofstream(path_ / relative, std::ios::binary) << content;
  }

 private:
  fs::path path_;
};

const Extractor& SharedExtractor() {
  static std::shared_ptr<const Extractor> extractor = [] {
    auto created = Extractor::Create(DefaultExtractorOptions());
    if (!created.ok()) FAIL("cannot load rules/dictionaries: " << created.status().message());
    return *created;
  }();
  return *extractor;
}

constexpr const char* kRtoText = "単一障害が発生した場合の目標復旧時間は1時間としています。\n";
constexpr const char* kRtoExpected = R"({"fields": {"rto": [{"value": {"amount": 1, "unit": "hour"}, "quote": "目標復旧時間は1時間"}]}})";
constexpr const char* kRtoExpectedChanged = R"({"fields": {"rto": [{"value": {"amount": 2, "unit": "hour"}, "quote": "目標復旧時間は1時間"}]}})";

}  // namespace

TEST_CASE("regress: display width counts East Asian wide characters as two columns") {
  CHECK(DisplayWidth("") == 0);
  CHECK(DisplayWidth("rto") == 3);
  CHECK(DisplayWidth("目標復旧時間") == 12);
  CHECK(DisplayWidth("目標復旧時間 (RTO)") == 18);
  CHECK(DisplayWidth("１２") == 4);        // full-width digits
  CHECK(DisplayWidth("ｱｲ") == 2);          // half-width katakana
  CHECK(DisplayWidth("e\u0301") == 1);     // a combining accent takes no column
  CHECK(DisplayWidth("→…") == 2);          // ambiguous width: one column, as terminals draw it

  SUBCASE("padding") {
    CHECK(PadRight("目標", 6) == "目標  ");
    CHECK(PadRight("rto", 6) == "rto   ");
    CHECK(PadLeft("12", 4) == "  12");
    CHECK(PadLeft("準拠法", 8) == "  準拠法");
    CHECK(PadRight("目標復旧時間", 4) == "目標復旧時間");  // never cut by padding
    CHECK(DisplayWidth(PadRight("障害・インシデントの通知手段", 40)) == 40);
  }
  SUBCASE("truncation never splits a character and ends in an ellipsis") {
    CHECK(TruncateToWidth("目標復旧時間", 12) == "目標復旧時間");
    CHECK(TruncateToWidth("目標復旧時間", 7) == "目標復…");
    CHECK(TruncateToWidth("目標復旧時間", 8) == "目標復…");  // a wide character does not fit in the 1 left
    CHECK(TruncateToWidth("abcdef", 4) == "abc…");
    CHECK(DisplayWidth(TruncateToWidth("単一障害が発生した場合の目標復旧時間は1時間", 20)) <= 20);
  }
}

TEST_CASE("regress: the terminal tables line up with Japanese labels") {
  RegressRun run = Run({Doc("a.pdf", {Gold("governing_law", std::string("japan")), Gold("rto", D(1, TimeUnit::kHour))},
                            {Found("governing_law", std::string("japan")), Found("notification_channels", std::string("email"))}),
                        Doc("長い名前の文書.pdf", {Gold("incident_notification_time", D(24, TimeUnit::kHour))}, {})});
  const std::string text = Text(run, nullptr, Verdict{});
  std::istringstream lines(text);
  std::string line;
  std::vector<int> field_widths, document_widths;
  int section = 0;
  while (std::getline(lines, line)) {
    if (line.rfind("項目別", 0) == 0) section = 1;
    else if (line.rfind("文書別", 0) == 0) section = 2;
    else if (line.empty()) section = 0;
    else if (section == 1) field_widths.push_back(DisplayWidth(line));
    else if (section == 2) document_widths.push_back(DisplayWidth(line));
  }
  // The last column (F1) is right-aligned, so every row of a table ends at the same column.
  REQUIRE(field_widths.size() == 6);  // header, four fields, total
  for (int w : field_widths) CHECK(w == field_widths.front());
  REQUIRE(document_widths.size() == 3);
  for (int w : document_widths) CHECK(w == document_widths.front());
  CHECK(text.find("準拠法") != std::string::npos);
  CHECK(text.find("セキュリティインシデント通知の目標時間") != std::string::npos);
  CHECK(text.find("\x1b[") == std::string::npos);  // no colour unless asked for
  CHECK(text.find("FP  a.pdf  notification_channels  障害・インシデントの通知手段  found \"email\"") != std::string::npos);
  CHECK(text.find("FN  a.pdf") != std::string::npos);
  CHECK(text.find("expected {\"amount\":1,\"unit\":\"hour\"}") != std::string::npos);
}

TEST_CASE("regress: comparison with a baseline") {
  const RegressRun baseline = Run({Doc("a.pdf", kRtoGold, {Found("rto", D(1, TimeUnit::kHour)), Found("rto", D(1, TimeUnit::kDay))}),
                                   Doc("b.pdf", {Gold("mfa", true)}, {Found("mfa", true)})});
  REQUIRE(baseline.Total().tp == 3);

  SUBCASE("the same run is unchanged") {
    Comparison c = Compare(baseline, baseline);
    CHECK(c.Unchanged());
    CHECK_FALSE(c.Worse());
    CHECK(c.WorseCount() == 0);
    CHECK(c.BetterCount() == 0);
  }
  SUBCASE("24 hour read as 1 day again is no change: values compare by the scoring rules") {
    RegressRun current = Run({Doc("a.pdf", kRtoGold, {Found("rto", D(60, TimeUnit::kMinute)), Found("rto", D(24, TimeUnit::kHour))}),
                              baseline.documents[1]});
    CHECK(Compare(baseline, current).Unchanged());
  }
  SUBCASE("a lost answer is worse: TP fell, FN rose, the miss is named") {
    RegressRun current = Run({Doc("a.pdf", kRtoGold, {Found("rto", D(1, TimeUnit::kHour))}), baseline.documents[1]});
    Comparison c = Compare(baseline, current);
    CHECK(c.Worse());
    REQUIRE(c.counts.size() == 2);  // the document's total, then the field
    CHECK(c.counts[0].field.empty());
    CHECK(c.counts[1].field == "rto");
    CHECK(c.counts[1].before.tp == 2);
    CHECK(c.counts[1].after.tp == 1);
    CHECK(c.counts[1].after.fn == 1);
    CHECK(c.counts[1].worse);
    REQUIRE(c.findings.size() == 1);
    CHECK(c.findings[0].kind == FindingChangeKind::kNewMiss);
    CHECK(c.findings[0].document == "a.pdf");
    CHECK(c.findings[0].finding.value == R"({"amount":24,"unit":"hour"})");
    CHECK(c.findings[0].finding.quote == "複合障害は24時間");
  }
  SUBCASE("a new false positive is worse") {
    RegressRun current = baseline;
    current.documents[1] = Doc("b.pdf", {Gold("mfa", true)}, {Found("mfa", true), Found("sso", false)});
    Comparison c = Compare(baseline, current);
    CHECK(c.Worse());
    REQUIRE(c.findings.size() == 1);
    CHECK(c.findings[0].kind == FindingChangeKind::kNewFalsePositive);
    CHECK(c.findings[0].finding.field == "sso");
    CHECK(c.findings[0].finding.value == "false");
  }
  SUBCASE("a fixed miss is better, not worse") {
    RegressRun before = Run({Doc("a.pdf", kRtoGold, {Found("rto", D(1, TimeUnit::kHour))})});
    RegressRun after = Run({Doc("a.pdf", kRtoGold, {Found("rto", D(1, TimeUnit::kHour)), Found("rto", D(1, TimeUnit::kDay))})});
    Comparison c = Compare(before, after);
    CHECK_FALSE(c.Worse());
    CHECK(c.BetterCount() == 3);  // total, field, finding
    REQUIRE(c.findings.size() == 1);
    CHECK(c.findings[0].kind == FindingChangeKind::kFixedMiss);
    CHECK_FALSE(c.findings[0].worse());
    CHECK_FALSE(c.counts[0].worse);
  }
  SUBCASE("one answer fixed and another broken in the same field is worse though the counts stay level") {
    RegressRun before = Run({Doc("a.pdf", kRtoGold, {Found("rto", D(1, TimeUnit::kHour))})});
    RegressRun after = Run({Doc("a.pdf", kRtoGold, {Found("rto", D(1, TimeUnit::kDay))})});
    Comparison c = Compare(before, after);
    CHECK(c.counts.empty());
    CHECK(c.Worse());
    REQUIRE(c.findings.size() == 2);
    CHECK(c.findings[0].kind == FindingChangeKind::kNewMiss);
    CHECK(c.findings[1].kind == FindingChangeKind::kFixedMiss);
  }
  SUBCASE("a document only one side has is listed, not worse") {
    RegressRun current = Run({baseline.documents[0], Doc("c.pdf", {Gold("mfa", true)}, {})});
    Comparison c = Compare(baseline, current);
    CHECK_FALSE(c.Worse());
    CHECK(c.new_documents == std::vector<std::string>{"c.pdf"});
    CHECK(c.missing_documents == std::vector<std::string>{"b.pdf"});
  }
  SUBCASE("the report names document, field, expected and found value on WORSE lines") {
    // The done-when of the issue: one expected value changed (1 hour -> 2 hour).
    std::vector<ExpectedFinding> changed = kRtoGold;
    changed[0].value = D(2, TimeUnit::kHour);
    RegressRun current = Run({Doc("a.pdf", changed, {Found("rto", D(1, TimeUnit::kHour), 6), Found("rto", D(1, TimeUnit::kDay))}),
                              baseline.documents[1]});
    Comparison c = Compare(baseline, current);
    Verdict verdict;
    verdict.baseline = "base.json";
    verdict.worse = c.Worse();
    CHECK(verdict.ExitStatus() == 1);
    const std::string text = Text(current, &c, verdict);
    CHECK(text.find("WORSE   a.pdf  rto 目標復旧時間 (RTO)  newly missed (見落とし): expected {\"amount\":2,\"unit\":\"hour\"}") !=
          std::string::npos);
    CHECK(text.find("WORSE   a.pdf  rto 目標復旧時間 (RTO)  new false positive (誤検出): found {\"amount\":1,\"unit\":\"hour\"}") !=
          std::string::npos);
    CHECK(text.find("p6 「quote of rto」") != std::string::npos);
    CHECK(text.find("result: WORSE than the baseline (exit 1)") != std::string::npos);
    // The comparison comes before the summary.
    CHECK(text.find("ベースラインとの比較") < text.find("合計 summary"));
    CHECK(text.find("\x1b[") == std::string::npos);
    const std::string coloured = Text(current, &c, verdict, /*colour=*/true);
    CHECK(coloured.find("\x1b[1;31mWORSE") != std::string::npos);
  }
}

TEST_CASE("regress: conditions are scored, reported, kept in the baseline and compared") {
  auto gold = [](Duration d, const std::string& condition) {
    ExpectedFinding e = Gold("rto", d);
    e.condition = condition;
    return e;
  };
  auto found = [](Duration d, const std::string& condition) {
    Finding f = Found("rto", d);
    f.condition = condition;
    return f;
  };
  const std::vector<ExpectedFinding> expected = {gold(D(1, TimeUnit::kHour), "単一障害"),
                                                 gold(D(24, TimeUnit::kHour), "複合障害")};
  const RegressRun good = Run({Doc("a.pdf", expected, {found(D(1, TimeUnit::kHour), "単一障害の場合"),
                                                       found(D(24, TimeUnit::kHour), "複合障害の場合")})});
  const RegressRun bad = Run({Doc("a.pdf", expected, {found(D(1, TimeUnit::kHour), "単一障害の場合"),
                                                      found(D(24, TimeUnit::kHour), "")})});
  CHECK(good.Total().conditions_agreed == 2);
  CHECK(bad.Total().conditions_agreed == 1);
  REQUIRE(bad.documents[0].condition_disagreements.size() == 1);
  CHECK(bad.documents[0].condition_disagreements[0].expected_condition == "複合障害");

  const std::string text = Text(bad, nullptr, Verdict{});
  CHECK(text.find("condition agreement 0.500 (1/2)") != std::string::npos);
  CHECK(text.find("COND  a.pdf  rto") != std::string::npos);

  auto back = RunFromJson(RunToJson(bad));
  REQUIRE_MESSAGE(back.ok(), back.status().message());
  CHECK(*back == bad);
  // Fewer conditions agreeing than the baseline is worse, though TP/FP/FN are level.
  CHECK(Compare(good, bad).Worse());
  CHECK_FALSE(Compare(bad, good).Worse());
}

TEST_CASE("regress: a baseline survives a JSON round trip") {
  Duration range = D(1, TimeUnit::kWeek);
  range.upto = 2;
  Duration forever;
  forever.unbounded = true;
  Hours window{"09:00", "18:00", false};
  Hours always{"", "", true};
  RegressRun run = Run({
      Doc("sub/a.pdf",
          {Gold("availability", 99.9), Gold("backup_generations", int64_t{7}), Gold("log_retention", forever),
           Gold("data_deletion", range), Gold("mfa", false, "多要素認証は対応していません"), Gold("support_hours", window),
           Gold("document_date", Date{"2024-03-14"}), Gold("certifications", std::string("ISO27001")),
           Gold("sso", true, "", /*optional=*/true)},
          {Found("availability", 99.9, 2, "稼働率\t99.9%"), Found("backup_generations", int64_t{7}), Found("log_retention", forever),
           Found("mfa", false), Found("service_hours", always), Found("document_date", Date{"2024-03-14"})}),
      Doc("b.txt", {Gold("rto", D(4, TimeUnit::kBusinessDay))}, {}),
  });
  run.documents[1].error = "damaged PDF: poppler cannot open it";
  std::sort(run.documents.begin(), run.documents.end(),
            [](const DocumentResult& a, const DocumentResult& b) { return a.document < b.document; });
  REQUIRE(run.documents[1].false_negatives.size() == 3);  // data_deletion, support_hours, certifications
  REQUIRE(run.documents[1].false_positives.size() == 1);  // service_hours

  auto back = RunFromJson(RunToJson(run));
  REQUIRE_MESSAGE(back.ok(), back.status().message());
  CHECK(*back == run);
  CHECK(Compare(run, *back).Unchanged());
  CHECK(back->documents[0].error == "damaged PDF: poppler cannot open it");
  CHECK(back->documents[1].matched[0].value == "99.9");
  CHECK(back->documents[1].matched[0].quote == "稼働率\t99.9%");

  SUBCASE("through a file") {
    TempDir dir;
    const std::string path = (dir.path() / "baseline.json").string();
    REQUIRE(WriteBaseline(path, run).ok());
    auto read = ReadBaseline(path);
    REQUIRE_MESSAGE(read.ok(), read.status().message());
    CHECK(*read == run);
  }
  SUBCASE("the report JSON carries comparison and verdict and still reads as a run") {
    Comparison c = Compare(run, run);
    Verdict verdict;
    verdict.baseline = "samples/baseline.json";
    const std::string json = RunToJson(run, &c, &verdict);
    CHECK(json.find("\"comparison\"") != std::string::npos);
    CHECK(json.find("\"exit_status\": 0") != std::string::npos);
    auto read = RunFromJson(json);
    REQUIRE(read.ok());
    CHECK(*read == run);
  }
  SUBCASE("what is not a baseline fails with a reason") {
    CHECK_FALSE(RunFromJson("").ok());
    CHECK_FALSE(RunFromJson("{\"fields\": {}}").ok());
    CHECK_FALSE(RunFromJson(R"({"kensa_regress": 1, "documents": [{"document": "a.pdf"}]})").ok());
    CHECK_FALSE(RunFromJson(R"({"kensa_regress": 99, "documents": []})").ok());
    auto missing = ReadBaseline("/nonexistent/baseline.json");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.status().kind() == ErrorKind::kUsage);
    CHECK(missing.status().message().find("/nonexistent/baseline.json") != std::string::npos);
  }
}

TEST_CASE("regress: samples are the documents with expected answers beside them") {
  TempDir dir;
  dir.Write("x.txt", kRtoText);
  dir.Write("x.expected.json", kRtoExpected);
  dir.Write("vendor/y.txt", kRtoText);
  dir.Write("vendor/y.expected.json", kRtoExpected);
  dir.Write("lonely.expected.json", kRtoExpected);
  dir.Write("no-answers.txt", kRtoText);
  dir.Write("baseline.json", "{}");

  auto samples = FindSamples({dir.path().string()});
  REQUIRE_MESSAGE(samples.ok(), samples.status().message());
  REQUIRE(samples->size() == 3);
  CHECK((*samples)[0].name == "lonely.pdf");
  CHECK((*samples)[0].document_path.empty());
  CHECK((*samples)[1].name == "vendor/y.txt");
  CHECK((*samples)[2].name == "x.txt");
  CHECK((*samples)[2].expected.size() == 1);

  SUBCASE("a document named directly") {
    auto one = FindSamples({(dir.path() / "x.txt").string()});
    REQUIRE(one.ok());
    REQUIRE(one->size() == 1);
    CHECK((*one)[0].name == "x.txt");
    CHECK_FALSE(FindSamples({(dir.path() / "no-answers.txt").string()}).ok());
  }
  SUBCASE("usage errors") {
    CHECK(FindSamples({(dir.path() / "missing").string()}).status().kind() == ErrorKind::kUsage);
    TempDir empty;
    CHECK_FALSE(FindSamples({empty.path().string()}).ok());
    CHECK_FALSE(FindSamples({dir.path().string(), dir.path().string()}).ok());  // two samples named x.txt
    dir.Write("bad.expected.json", R"({"fields": {"rto": [{"value": "soon"}]}})");
    auto bad = FindSamples({dir.path().string()});
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.status().message().find("bad.expected.json") != std::string::npos);
  }
}

TEST_CASE("regress: documents run in parallel, in a fixed order, and a failing one is all missed") {
  TempDir dir;
  for (int i = 0; i < 8; ++i) {
    const std::string name = "doc" + std::to_string(i);
    dir.Write(name + ".txt", kRtoText);
    dir.Write(name + ".expected.json", i == 3 ? kRtoExpectedChanged : kRtoExpected);
  }
  dir.Write("broken.pdf", "%PDF-1.4\nnot really a PDF");
  dir.Write("broken.expected.json", kRtoExpected);
  auto samples = FindSamples({dir.path().string()});
  REQUIRE(samples.ok());

  const RegressRun parallel = RunRegression(SharedExtractor(), *samples, 4);
  const RegressRun serial = RunRegression(SharedExtractor(), *samples, 1);
  CHECK(parallel == serial);
  REQUIRE(parallel.documents.size() == 9);
  CHECK(parallel.documents[0].document == "broken.pdf");
  CHECK_FALSE(parallel.documents[0].error.empty());
  CHECK(parallel.documents[0].total.fn == 1);
  CHECK(parallel.documents[1].document == "doc0.txt");
  CHECK(parallel.documents[1].total.tp == 1);
  CHECK(parallel.documents[1].matched[0].quote.find("目標復旧時間は1時間") != std::string::npos);
  CHECK(parallel.documents[4].total.fp == 1);  // doc3: 2 hours expected, 1 hour found
  CHECK(parallel.documents[4].total.fn == 1);
  CHECK(parallel.Total().tp == 7);
}

TEST_CASE("regress: the command's exit statuses") {
  TempDir dir;
  dir.Write("samples/a.txt", kRtoText);
  dir.Write("samples/a.expected.json", kRtoExpected);
  const std::string samples = (dir.path() / "samples").string();
  const std::string baseline = (dir.path() / "baseline.json").string();
  auto run = [](std::vector<std::string> args, std::string* out_text = nullptr) {
    std::ostringstream out, err;
    args.insert(args.begin(), "regress");  // through the command line's definitions
    int status = RunCommandLine(args, out, err, /*out_is_terminal=*/false, /*err_is_terminal=*/false);
    if (out_text) *out_text = out.str();
    return status;
  };

  CHECK(run({samples, "--save-baseline", baseline}) == 0);
  CHECK(fs::exists(baseline));
  CHECK(run({samples, "--baseline", baseline}) == 0);

  // One expected value changed: exit 1, naming document, field, expected and found value.
  dir.Write("samples/a.expected.json", kRtoExpectedChanged);
  std::string text;
  CHECK(run({samples, "--baseline", baseline}, &text) == 1);
  CHECK(text.find("WORSE   a.txt  rto 目標復旧時間 (RTO)  newly missed (見落とし): expected {\"amount\":2,\"unit\":\"hour\"}") != std::string::npos);
  CHECK(text.find("found {\"amount\":1,\"unit\":\"hour\"}") != std::string::npos);
  CHECK(run({samples, "--baseline", baseline, "--json"}, &text) == 1);
  CHECK(text.find("\"exit_status\": 1") != std::string::npos);
  CHECK(text.find("\"change\": \"newly_missed\"") != std::string::npos);
  // Without a baseline: --min-f1 decides.
  CHECK(run({samples}) == 0);
  CHECK(run({samples, "--min-f1", "0.9"}) == 1);
  CHECK(run({samples, "--min-f1", "0"}) == 0);

  dir.Write("samples/a.expected.json", kRtoExpected);
  CHECK(run({samples, "--baseline", baseline, "--min-f1", "1", "--jobs", "2"}) == 0);

  SUBCASE("usage errors exit 2") {
    CHECK(run({samples, "--bogus"}) == 2);
    CHECK(run({samples, "--baseline"}) == 2);
    CHECK(run({samples, "--min-f1", "high"}) == 2);
    CHECK(run({samples, "--jobs", "0"}) == 2);
    CHECK(run({(dir.path() / "nowhere").string()}) == 2);
    CHECK(run({samples, "--baseline", (dir.path() / "nowhere.json").string()}) == 2);
    CHECK(run({samples, "--save-baseline", (dir.path() / "nowhere" / "b.json").string()}) == 2);
  }
}

}  // namespace kensa
