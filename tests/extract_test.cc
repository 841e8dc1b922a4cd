// Tests for the extract stage's document-level clean-up (pipeline/extract/consolidate.h): each
// policy on hand-built findings, one table, in commented groups. (The extractor end to end is
// tests/regress_test.cc.)
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "extract/consolidate.h"

namespace kensa {
namespace {

struct F {
  std::string field;
  Value value;
  std::string condition = "";
  std::string derived = "";
  std::string words = "";
  bool fallback = false;
};

std::vector<Finding> Make(const std::vector<F>& specs) {
  std::vector<Finding> findings;
  for (const F& s : specs) {
    Finding f;
    f.field = s.field;
    f.value = s.value;
    f.condition = s.condition;
    f.derived_condition = s.derived;
    f.value_words = s.words;
    f.fallback = s.fallback;
    findings.push_back(f);
  }
  return findings;
}

// "field=value(condition)" per finding, in order; a value as its readable text.
std::string Show(const std::vector<Finding>& findings) {
  std::string out;
  for (const Finding& f : findings) {
    if (!out.empty()) out += " ";
    std::string value;
    if (const bool* b = std::get_if<bool>(&f.value)) value = *b ? "true" : "false";
    else if (const std::string* s = std::get_if<std::string>(&f.value)) value = *s;
    else if (const Duration* d = std::get_if<Duration>(&f.value)) value = std::to_string(static_cast<int>(d->amount));
    else if (const Date* d = std::get_if<Date>(&f.value)) value = d->iso;
    out += f.field + "=" + value + (f.condition.empty() ? "" : "(" + f.condition + ")");
  }
  return out;
}

Duration Days(int n) {
  Duration d;
  d.amount = n;
  d.unit = TimeUnit::kDay;
  return d;
}

}  // namespace

TEST_CASE("extract: Consolidate, one policy per group") {
  struct Case {
    const char* name;
    std::vector<F> in;
    const char* out;
  };
  const Case cases[] = {
      // MergeRestatements: one value stated twice is one finding; the one that says its case wins.
      {"restated", {{"mfa", true}, {"mfa", true}}, "mfa=true"},
      {"restated with a case", {{"rto", Days(1)}, {"rto", Days(1), "単一障害"}}, "rto=1(単一障害)"},
      // DropYieldedFallbacks: a fallback yields to any specific finding of its field.
      {"fallback yields", {{"encryption_at_rest", true, "", "", "", true}, {"encryption_at_rest", false}},
       "encryption_at_rest=false"},
      {"fallback alone stands", {{"encryption_at_rest", true, "", "", "", true}}, "encryption_at_rest=true"},
      // KeepPositiveStatements: stated both ways, the capability stands.
      {"yes and no", {{"vulnerability_assessment", false}, {"vulnerability_assessment", true}},
       "vulnerability_assessment=true"},
      // CombineMembers: the catalogue's combined member replaces its parts.
      {"domestic and overseas", {{"data_location", std::string("domestic")}, {"data_location", std::string("overseas")}},
       "data_location=domestic_and_overseas"},
      {"combined stated, parts dropped",
       {{"data_location", std::string("domestic")}, {"data_location", std::string("domestic_and_overseas")}},
       "data_location=domestic_and_overseas"},
      {"one part alone", {{"data_location", std::string("overseas")}}, "data_location=overseas"},
      // KeepLatestDate: the latest of the document's dates.
      {"latest date", {{"document_date", Date{"2023-04-01"}}, {"document_date", Date{"2024-10-01"}}},
       "document_date=2024-10-01"},
      // AssignCases: several values get the passage's case; one value needs none.
      {"single value, no case", {{"rto", Days(1), "", "単一障害"}}, "rto=1"},
      {"two values, derived cases", {{"rto", Days(1), "", "単一障害"}, {"rto", Days(2), "", "複合障害"}},
       "rto=1(単一障害) rto=2(複合障害)"},
      {"a rule's condition stands unless the words say more",
       {{"support_hours", Days(1), "平日", "平日午前"}, {"support_hours", Days(2), "単一障害", "サーバ"}},
       "support_hours=1(平日午前) support_hours=2(単一障害)"},
      {"a shared case is told apart by the values' names",
       {{"backup_frequency", Days(1), "", "ストレージ", "日次"}, {"backup_frequency", Days(30), "", "ストレージ", "月次"}},
       "backup_frequency=1(日次) backup_frequency=30(月次)"},
      {"a shared case stays when a value has no name",
       {{"backup_frequency", Days(1), "", "ストレージ", "日次"}, {"backup_frequency", Days(30), "", "ストレージ"}},
       "backup_frequency=1(ストレージ) backup_frequency=30(ストレージ)"},
      // The result is in catalogue order.
      {"catalogue order", {{"mfa", true}, {"rto", Days(1)}}, "rto=1 mfa=true"},
  };
  for (const Case& c : cases) {
    CAPTURE(std::string(c.name));
    CHECK(Show(Consolidate(Make(c.in))) == c.out);
  }
}

}  // namespace kensa
