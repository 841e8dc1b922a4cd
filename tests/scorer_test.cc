// Tests for pipeline/regress/scorer.h: Score() as ../shared/gold/README.md "Scoring" defines it, and
// the precision/recall/F1 arithmetic of Counts. Built as its own binary through the kensa_scorer
// interface target (tests/<suffix>_test.cc links kensa_<suffix>).

#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "output/json_codec.h"
#include "regress/scorer.h"

#include "value_builders.h"

namespace kensa {
namespace {

using namespace kensa::testing;  // NOLINT: D(), Range(), Forever(), U

ExpectedFinding Gold(const std::string& field, Value value, bool optional = false) {
  ExpectedFinding e;
  e.field = field;
  e.value = std::move(value);
  e.optional = optional;
  return e;
}

Finding Found(const std::string& field, Value value) {
  Finding f;
  f.field = field;
  f.value = std::move(value);
  f.rule = field + ".test";
  return f;
}

// "tp/fp/fn", so a failing check prints all three counts at once.
std::string Show(const Counts& c) {
  return std::to_string(c.tp) + "/" + std::to_string(c.fp) + "/" + std::to_string(c.fn);
}

std::string FieldCounts(const ScoredDocument& scored, const std::string& field) {
  auto it = scored.by_field.find(field);
  return it == scored.by_field.end() ? "absent" : Show(it->second);
}

TEST_CASE("scorer: one gold value against one prediction (tp/fp/fn)") {
  struct Case {
    const char* name;
    const char* field;
    Value gold;
    Value found;
    const char* counts;
  };
  const Case cases[] = {
      // Units compare after normalization (README: 24 hour == 1 day).
      {"24 hour == 1 day", "rto", D(1, U::kDay), D(24, U::kHour), "1/0/0"},
      {"60 minute == 1 hour", "rto", D(1, U::kHour), D(60, U::kMinute), "1/0/0"},
      {"7 day == 1 week", "backup_retention", D(1, U::kWeek), D(7, U::kDay), "1/0/0"},
      {"12 month == 1 year", "log_retention", D(1, U::kYear), D(12, U::kMonth), "1/0/0"},
      // Business days are not calendar days: a miss and a false positive.
      {"1 business_day != 1 day", "failure_notification_time", D(1, U::kBusinessDay), D(1, U::kDay), "0/1/1"},
      {"5 business_day != 1 week", "data_deletion", D(5, U::kBusinessDay), D(1, U::kWeek), "0/1/1"},
      {"30 day != 1 month", "data_deletion", D(1, U::kMonth), D(30, U::kDay), "0/1/1"},
      {"4 hour != 2 hour", "rto", D(4, U::kHour), D(2, U::kHour), "0/1/1"},
      // Ranges must match both ends.
      {"1〜2 week == 1〜2 week", "rpo", Range(1, 2, U::kWeek), Range(1, 2, U::kWeek), "1/0/0"},
      {"1〜2 week == 7〜14 day", "rpo", Range(1, 2, U::kWeek), Range(7, 14, U::kDay), "1/0/0"},
      {"1〜2 week != 1 week", "rpo", Range(1, 2, U::kWeek), D(1, U::kWeek), "0/1/1"},
      {"1〜3 week != 1〜2 week", "rpo", Range(1, 3, U::kWeek), Range(1, 2, U::kWeek), "0/1/1"},
      // Unbounded only with unbounded.
      {"unbounded == unbounded", "log_retention", Forever(), Forever(), "1/0/0"},
      {"unbounded != 0 day", "log_retention", Forever(), D(0, U::kDay), "0/1/1"},
      {"unbounded != 100 year", "log_retention", Forever(), D(100, U::kYear), "0/1/1"},
      // Bool: false is a finding of its own, matching false only.
      {"false == false", "mfa", false, false, "1/0/0"},
      {"false != true", "mfa", false, true, "0/1/1"},
      {"true != false", "sso", true, false, "0/1/1"},
      // Numbers, counts, strings, hours, dates.
      {"99.9 == 99.9", "availability", 99.9, 99.9, "1/0/0"},
      {"99.9 != 99.95", "availability", 99.9, 99.95, "0/1/1"},
      {"7 generations (int) == 7.0 (double)", "backup_generations", int64_t{7}, 7.0, "1/0/0"},
      {"7 != 10 generations", "backup_generations", int64_t{7}, int64_t{10}, "0/1/1"},
      {"enum member", "data_location", std::string("domestic"), std::string("domestic"), "1/0/0"},
      {"enum other member", "data_location", std::string("domestic"), std::string("domestic_and_overseas"), "0/1/1"},
      {"hours window", "support_hours", Hours{"09:00", "18:00", false}, Hours{"09:00", "18:00", false}, "1/0/0"},
      {"hours window vs always", "service_hours", Hours{"09:00", "18:00", false}, Hours{"", "", true}, "0/1/1"},
      {"date", "document_date", Date{"2024-03-14"}, Date{"2024-03-14"}, "1/0/0"},
      {"other date", "document_date", Date{"2024-03-14"}, Date{"2024-01-18"}, "0/1/1"},
      // A date string is not an enum string, even with the same text.
      {"date vs string", "document_date", Date{"2024-03-14"}, std::string("2024-03-14"), "0/1/1"},
  };
  for (const Case& c : cases) {
    const std::string name = c.name;
    CAPTURE(name);
    const ScoredDocument scored = Score("doc", {Gold(c.field, c.gold)}, {Found(c.field, c.found)});
    CHECK(FieldCounts(scored, c.field) == c.counts);
    CHECK(Show(scored.total) == c.counts);
    CHECK(scored.false_positives.size() == static_cast<size_t>(scored.total.fp));
    CHECK(scored.false_negatives.size() == static_cast<size_t>(scored.total.fn));
  }
}

TEST_CASE("scorer: the value must be found in the same field") {
  // One hour in rto is not one hour in rpo: a miss in rpo and a false positive in rto.
  const ScoredDocument scored = Score("doc", {Gold("rpo", D(1, U::kHour))}, {Found("rto", D(1, U::kHour))});
  CHECK(FieldCounts(scored, "rpo") == "0/0/1");
  CHECK(FieldCounts(scored, "rto") == "0/1/0");
  CHECK(Show(scored.total) == "0/1/1");
}

TEST_CASE("scorer: optional gold findings are neither required nor penalised") {
  const std::vector<ExpectedFinding> gold = {
      Gold("document_date", Date{"2024-03-14"}),
      Gold("document_date", Date{"2024-01-18"}, /*optional=*/true),
  };
  SUBCASE("missed: no false negative") {
    const ScoredDocument scored = Score("doc", gold, {Found("document_date", Date{"2024-03-14"})});
    CHECK(Show(scored.total) == "1/0/0");
    CHECK(scored.false_negatives.empty());
  }
  SUBCASE("found: not a false positive, and not a true positive either") {
    const ScoredDocument scored =
        Score("doc", gold, {Found("document_date", Date{"2024-03-14"}), Found("document_date", Date{"2024-01-18"})});
    CHECK(Show(scored.total) == "1/0/0");
    CHECK(scored.false_positives.empty());
  }
  SUBCASE("a field whose only gold finding is optional counts nothing either way") {
    for (bool predicted : {false, true}) {
      CAPTURE(predicted);
      std::vector<Finding> found;
      if (predicted) found.push_back(Found("sso", true));
      const ScoredDocument scored = Score("doc", {Gold("sso", true, /*optional=*/true)}, found);
      CHECK(Show(scored.total) == "0/0/0");
      // Absent or all zero: either way nothing is reported against the field.
      const std::string counts = FieldCounts(scored, "sso");
      CHECK((counts == "absent" || counts == "0/0/0"));
    }
  }
  SUBCASE("a different value beside an optional one is still a false positive") {
    const ScoredDocument scored = Score("doc", gold, {Found("document_date", Date{"2023-12-01"})});
    CHECK(Show(scored.total) == "0/1/1");
  }
}

TEST_CASE("scorer: set fields count one finding per member") {
  const std::vector<ExpectedFinding> gold = {
      Gold("notification_channels", std::string("email")),
      Gold("notification_channels", std::string("web")),
      Gold("notification_channels", std::string("chat")),
  };
  const std::vector<Finding> found = {
      Found("notification_channels", std::string("email")),
      Found("notification_channels", std::string("web")),
      Found("notification_channels", std::string("phone")),
  };
  const ScoredDocument scored = Score("doc", gold, found);
  // email and web found; chat missed; phone not in the gold.
  CHECK(FieldCounts(scored, "notification_channels") == "2/1/1");
  REQUIRE(scored.false_positives.size() == 1);
  CHECK(std::get<std::string>(scored.false_positives[0].value) == "phone");
  REQUIRE(scored.false_negatives.size() == 1);
  CHECK(std::get<std::string>(scored.false_negatives[0].value) == "chat");
}

TEST_CASE("scorer: duplicate predictions of one gold value are one true positive") {
  // The same RTO read from the prose and from the table (and once more in days).
  const ScoredDocument scored =
      Score("doc", {Gold("rto", D(1, U::kHour))},
            {Found("rto", D(1, U::kHour)), Found("rto", D(1, U::kHour)), Found("rto", D(60, U::kMinute))});
  CHECK(Show(scored.total) == "1/0/0");
  CHECK(scored.false_positives.empty());
}

TEST_CASE("scorer: per-field counts, totals and the lists of errors") {
  const std::vector<ExpectedFinding> gold = {
      Gold("rto", D(1, U::kHour)),        Gold("rto", D(24, U::kHour)),
      Gold("availability", 99.9),         Gold("mfa", false),
      Gold("backup_generations", int64_t{7}),
  };
  const std::vector<Finding> found = {
      Found("rto", D(1, U::kDay)),        // == 24 hour
      Found("rto", D(4, U::kHour)),       // false positive
      Found("availability", 99.9),
      Found("mfa", true),                 // false positive, and false is missed
      Found("encryption_at_rest", true),  // a field the gold does not have
  };
  const ScoredDocument scored = Score("000_x", gold, found);
  CHECK(scored.document == "000_x");
  CHECK(FieldCounts(scored, "rto") == "1/1/1");
  CHECK(FieldCounts(scored, "availability") == "1/0/0");
  CHECK(FieldCounts(scored, "mfa") == "0/1/1");
  CHECK(FieldCounts(scored, "backup_generations") == "0/0/1");
  CHECK(FieldCounts(scored, "encryption_at_rest") == "0/1/0");
  CHECK(scored.by_field.size() == 5);
  // The total is the sum of the fields.
  CHECK(Show(scored.total) == "2/3/3");
  std::vector<std::string> fp_rules, fn_fields;
  for (const Finding& f : scored.false_positives) fp_rules.push_back(f.rule);
  for (const ExpectedFinding& e : scored.false_negatives) fn_fields.push_back(e.field);
  CHECK(fp_rules == std::vector<std::string>{"rto.test", "mfa.test", "encryption_at_rest.test"});
  CHECK(fn_fields == std::vector<std::string>{"rto", "mfa", "backup_generations"});
  REQUIRE(!scored.false_negatives.empty());
  CHECK(Equivalent(scored.false_negatives[0].value, D(1, U::kHour)));
}

TEST_CASE("scorer: empty inputs") {
  SUBCASE("nothing expected, nothing found") {
    const ScoredDocument scored = Score("doc", {}, {});
    CHECK(scored.by_field.empty());
    CHECK(Show(scored.total) == "0/0/0");
  }
  SUBCASE("nothing found: every required finding is a miss") {
    const ScoredDocument scored = Score("doc", {Gold("rto", D(1, U::kHour)), Gold("mfa", true)}, {});
    CHECK(Show(scored.total) == "0/0/2");
    CHECK(scored.false_negatives.size() == 2);
  }
  SUBCASE("nothing expected: every finding is a false positive") {
    const ScoredDocument scored = Score("doc", {}, {Found("rto", D(1, U::kHour)), Found("mfa", true)});
    CHECK(Show(scored.total) == "0/2/0");
    CHECK(scored.false_positives.size() == 2);
  }
}

TEST_CASE("scorer: precision, recall and F1") {
  struct Case {
    Counts counts;
    double precision, recall, f1;
  };
  const Case cases[] = {
      {{3, 1, 2}, 0.75, 0.6, 6.0 / 9.0},
      {{1, 0, 0}, 1.0, 1.0, 1.0},
      {{0, 2, 0}, 0.0, 1.0, 0.0},  // no gold: recall has nothing to miss
      {{0, 0, 2}, 1.0, 0.0, 0.0},  // no prediction: nothing was wrong
      {{0, 3, 4}, 0.0, 0.0, 0.0},
      // All empty: a document with nothing to find and nothing found is perfect, not NaN.
      {{0, 0, 0}, 1.0, 1.0, 1.0},
      {{92, 8, 0}, 0.92, 1.0, 184.0 / 192.0},
  };
  for (const Case& c : cases) {
    CAPTURE(Show(c.counts));
    CHECK(c.counts.Precision() == doctest::Approx(c.precision));
    CHECK(c.counts.Recall() == doctest::Approx(c.recall));
    CHECK(c.counts.F1() == doctest::Approx(c.f1));
  }
  SUBCASE("micro totals add counts, not ratios") {
    Counts total;
    total += Counts{1, 0, 0};
    total += Counts{0, 1, 3};
    CHECK(Show(total) == "1/1/3");
    CHECK(total.F1() == doctest::Approx(2.0 / 6.0));
  }
}

TEST_CASE("scorer: a condition agrees when it shares the most text with its own case") {
  CHECK(ConditionAgrees("単一障害の場合", "単一障害", {"複合障害"}));
  CHECK(ConditionAgrees("フルバックアップ", "フル", {"差分"}));
  CHECK(ConditionAgrees("ＲＴＯ（部分障害）", "部分障害", {"広域災害"}));  // NFKC on both sides
  CHECK_FALSE(ConditionAgrees("", "単一障害", {"複合障害"}));
  CHECK_FALSE(ConditionAgrees("障", "単一障害", {}));             // one shared character is chance
  CHECK_FALSE(ConditionAgrees("複合障害", "単一障害", {"複合障害"}));  // names the other case
  // Both windows of a lunch break share their case: a tie with the other condition agrees.
  CHECK(ConditionAgrees("平日", "平日午前", {"平日午後"}));
}

TEST_CASE("scorer: conditions are scored on multi-value fields, beside the counts") {
  auto gold = [](const std::string& field, Value v, const std::string& condition, bool optional = false) {
    ExpectedFinding e = Gold(field, std::move(v), optional);
    e.condition = condition;
    return e;
  };
  auto found = [](const std::string& field, Value v, const std::string& condition) {
    Finding f = Found(field, std::move(v));
    f.condition = condition;
    return f;
  };
  const std::vector<ExpectedFinding> expected = {
      gold("rto", D(1, U::kHour), "単一障害"), gold("rto", D(24, U::kHour), "複合障害"),
      gold("availability", Value(99.9), "月間"),  // one value: its condition is not scored
      gold("cloud_provider", Value(std::string("AWS")), "主"), gold("cloud_provider", Value(std::string("GCP")), "一部"),
  };
  const ScoredDocument scored =
      Score("d", expected,
            {found("rto", D(1, U::kHour), "単一障害の場合"), found("rto", D(24, U::kHour), "単一障害"),
             found("availability", Value(99.9), ""), found("cloud_provider", Value(std::string("AWS")), ""),
             found("cloud_provider", Value(std::string("GCP")), "")});
  CHECK(Show(scored.total) == "5/0/0");
  CHECK(scored.total.conditions == 2);  // the two RTOs; a set's members and a single value are not scored
  CHECK(scored.total.conditions_agreed == 1);
  CHECK(scored.by_field.at("rto").ConditionAgreement() == doctest::Approx(0.5));
  REQUIRE(scored.condition_disagreements.size() == 1);
  CHECK(scored.condition_disagreements[0].expected.condition == "複合障害");
  CHECK(scored.condition_disagreements[0].found.condition == "単一障害");
}

TEST_CASE("scorer: each gold file scored against itself is perfect") {
  // The README's table: required findings per seed document. Predicting every gold value
  // (optional ones included) must give exactly these true positives and nothing else.
  const struct {
    const char* name;
    int required;
  } documents[] = {
      {"000_4eb37b3979d3b2f9", 20}, {"001_a875b5117596e9ca", 20}, {"002_ae363bfb9f19e15c", 29},
      {"003_53560c7a911e6863", 13}, {"004_9a680ca3850dccf9", 10},
  };
  int total_required = 0;
  for (const auto& document : documents) {
    const std::string name = document.name;
    CAPTURE(name);
    const std::string path = (std::filesystem::path(KENSA_SHARED_DIR) / "gold" / (std::string(document.name) + ".json")).string();
    Result<std::vector<ExpectedFinding>> gold = ReadExpected(path);
    REQUIRE_MESSAGE(gold.ok(), gold.status().message());
    std::vector<Finding> found;
    for (const ExpectedFinding& e : *gold) found.push_back(Found(e.field, e.value));
    const ScoredDocument scored = Score(document.name, *gold, found);
    CHECK(Show(scored.total) == std::to_string(document.required) + "/0/0");
    total_required += scored.total.tp;
    // And predicting nothing misses exactly the required ones.
    CHECK(Score(document.name, *gold, {}).total.fn == document.required);
  }
  CHECK(total_required == 92);
}

}  // namespace
}  // namespace kensa
