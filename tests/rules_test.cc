// Tests for stage 5, rules (pipeline/rules/rule_set.h): loading small TOML texts (every load error
// names FILE:LINE and the problem), [define] expansion, and Apply on hand-built passages with the
// real tokenizer. The Apply cases are one table, in commented groups: adding a case is one line.

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <memory>
#include <type_traits>
#include <variant>
#include <string>
#include <vector>

#include "rules/case_finder.h"
#include "rules/gap_regex.h"
#include "rules/literal_screen.h"
#include "rules/passage_view.h"
#include "rules/rule_set.h"

namespace kensa {
namespace {

const Tokenizer& SharedTokenizer() {
  // Loading MeCab's model is the slow part: once for the whole binary.
  static const std::shared_ptr<const Tokenizer> tokenizer = [] {
    Result<std::shared_ptr<const Tokenizer>> created = Tokenizer::Create(DefaultTokenizerOptions());
    REQUIRE_MESSAGE(created.ok(), created.status().message());
    return *created;
  }();
  return *tokenizer;
}

constexpr const char* kName = "patterns/test.toml";

std::shared_ptr<const RuleSet> Load(const std::string& toml) {
  Result<std::shared_ptr<const RuleSet>> loaded = RuleSet::LoadText(toml, kName);
  REQUIRE_MESSAGE(loaded.ok(), loaded.status().message());
  return *loaded;
}

// One rule "t.rule" for `field`; `extra` holds further keys, one per line.
std::string OneRule(const std::string& field, const std::string& pattern, const std::string& extra = "") {
  return "[[rule]]\nid = \"t.rule\"\nfield = \"" + field + "\"\npattern = '''" + pattern + "'''\n" + extra;
}

Passage Sentence(const std::string& text, std::vector<std::string> section = {}, const std::string& lead = "") {
  Passage p;
  p.text = text;
  p.kind = PassageKind::kSentence;
  p.page = 1;
  p.end = text.size();
  p.section_path = std::move(section);
  p.lead = lead;
  return p;
}

Passage Row(const std::string& text) {
  Passage p = Sentence(text);
  p.kind = PassageKind::kTableRow;
  return p;
}

std::string Show(const Value& value) {
  return std::visit(
      [](const auto& v) -> std::string {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, bool>) {
          return v ? "true" : "false";
        } else if constexpr (std::is_same_v<V, double>) {
          char buffer[32];
          std::snprintf(buffer, sizeof buffer, "%g%%", v);
          return buffer;
        } else if constexpr (std::is_same_v<V, int64_t>) {
          return "#" + std::to_string(v);
        } else if constexpr (std::is_same_v<V, std::string>) {
          return "\"" + v + "\"";
        } else if constexpr (std::is_same_v<V, Duration>) {
          if (v.unbounded) return "unbounded";
          char buffer[64];
          if (v.upto) {
            std::snprintf(buffer, sizeof buffer, "%g-%g %s", v.amount, *v.upto, TimeUnitName(v.unit));
          } else {
            std::snprintf(buffer, sizeof buffer, "%g %s", v.amount, TimeUnitName(v.unit));
          }
          return buffer;
        } else if constexpr (std::is_same_v<V, Hours>) {
          return v.always ? "always" : v.from + "-" + v.to;
        } else {
          return "date " + v.iso;
        }
      },
      value);
}

// "4 hour {単一障害} | 2 hour": values with their conditions, so a failure shows everything found.
std::string Show(const std::vector<Finding>& findings) {
  std::string out;
  for (const Finding& f : findings) {
    if (!out.empty()) out += " | ";
    out += Show(f.value);
    if (!f.condition.empty()) out += " {" + f.condition + "}";
  }
  return out;
}

std::vector<Finding> Apply(const std::string& toml, const Passage& passage) {
  return Load(toml)->Apply(passage, SharedTokenizer());
}

// ---- Loading ------------------------------------------------------------------------------------

TEST_CASE("rules: every load error names file:line and the problem") {
  struct Case {
    const char* name;
    const char* toml;
    int line;
    const char* problem;
  };
  const Case cases[] = {
      {"TOML syntax error", R"toml(field = "rto"
[[rule]]
id = "a
pattern = '''x'''
)toml", 3, ""},
      {"unknown key in the file", R"toml(field = "rto"
feild = "mfa"
)toml", 2, "unknown key \"feild\""},
      {"unknown key in a rule", R"toml(field = "rto"
[[rule]]
id = "a"
patern = '''目標復旧時間(?P<value>\d+時間)'''
)toml", 4, "unknown key \"patern\""},
      {"unknown field (file default)", R"toml(field = "rtoo"
[[rule]]
id = "a"
pattern = '''(?P<value>\d+時間)'''
)toml", 2, "unknown field \"rtoo\""},
      {"unknown field (rule)", R"toml(field = "rto"

[[rule]]
id = "a"
field = "MFA"
pattern = '''多要素認証'''
)toml", 3, "unknown field \"MFA\""},
      {"no field at all", R"toml([[rule]]
id = "a"
pattern = '''多要素認証'''
)toml", 1, "unknown field \"\""},
      {"missing id", R"toml(field = "rto"
[[rule]]
pattern = '''(?P<value>\d+時間)'''
)toml", 2, "rule without id"},
      {"missing pattern", R"toml(field = "mfa"
[[rule]]
id = "a"
)toml", 2, "rule a: no pattern"},
      {"duplicate id", R"toml(field = "mfa"
[[rule]]
id = "mfa.x"
pattern = '''多要素認証'''
[[rule]]
id = "mfa.x"
pattern = '''二段階認証'''
)toml", 5, "rule id mfa.x also defined at patterns/test.toml:2"},
      {"bad regex in pattern", R"toml(field = "rto"
[[rule]]
id = "a"
pattern = '''目標復旧時間(?P<value>\d+時間'''
)toml", 4, "rule a: bad pattern regex"},
      {"bad regex in condition", R"toml(field = "rto"
[[rule]]
id = "a"
pattern = '''(?P<value>\d+時間)'''
condition = '''(単一障害'''
)toml", 5, "rule a: bad condition regex"},
      {"bad regex in context", R"toml(field = "rto"
[[rule]]
id = "a"
pattern = '''(?P<value>\d+時間)'''
context = '''障害[]'''
)toml", 5, "rule a: bad context regex"},
      {"bad regex in not", R"toml(field = "rto"
[[rule]]
id = "a"
pattern = '''(?P<value>\d+時間)'''
not = '''*予定'''
)toml", 5, "rule a: bad not regex"},
      {"bad regex in not_section", R"toml(field = "rto"
[[rule]]
id = "a"
pattern = '''(?P<value>\d+時間)'''
not_section = '''[メンテナンス'''
)toml", 5, "rule a: bad not_section regex"},
      {"bad regex in not_after", R"toml(field = "rto"
[[rule]]
id = "a"
pattern = '''(?P<value>\d+時間)'''
not_after = '''等)'''
)toml", 5, "rule a: bad not_after regex"},
      {"bad regex in not_before", R"toml(field = "rto"
[[rule]]
id = "a"
pattern = '''(?P<value>\d+時間)'''
not_before = '''実績(は'''
)toml", 5, "rule a: bad not_before regex"},
      {"example value of the wrong type", R"toml(field = "rto"
[[rule]]
id = "a"
pattern = '''目標復旧時間は(?P<value>\d+時間)'''
examples = [
  { text = "目標復旧時間は1時間", value = "1時間" },
]
)toml", 6, "rule a: example: value does not fit type duration"},
      {"example value with an unknown unit", R"toml(field = "rto"
[[rule]]
id = "a"
pattern = '''目標復旧時間は(?P<value>\d+時間)'''
examples = [ { text = "目標復旧時間は1時間", value = { amount = 1, unit = "hours" } } ]
)toml", 5, "rule a: example: unknown unit \"hours\""},
      {"count example given as a float", R"toml(field = "backup_generations"
[[rule]]
id = "a"
pattern = '''(?P<value>\d+世代)'''
examples = [ { text = "7世代", value = 7.5 } ]
)toml", 5, "value does not fit type count"},
      {"set example that is not a member", R"toml(field = "certifications"
[[rule]]
id = "a"
pattern = '''(?P<value>ISO\d+)'''
examples = [ { text = "ISO99999を取得", value = "ISO99999" } ]
)toml", 5, "\"ISO99999\" is not a member of certifications"},
      {"enum constant that is not a member", R"toml(field = "data_location"
[[rule]]
id = "a"
pattern = '''海外'''
value = "abroad"
)toml", 5, "rule a: \"abroad\" is not a member of data_location"},
      {"bool constant of the wrong type", R"toml(field = "mfa"
[[rule]]
id = "a"
pattern = '''多要素認証'''
value = "yes"
)toml", 5, "rule a: value does not fit type bool"},
      {"non-bool rule without a value group or constant", R"toml(field = "rto"
[[rule]]
id = "a"
pattern = '''目標復旧時間は(\d+時間)'''
)toml", 2, "rule a: needs a (?P<value>…) group or a constant value"},
      {"unknown define in pattern", R"toml(field = "rto"
[define]
NUM = '''\d+'''
[[rule]]
id = "a"
pattern = '''(?P<value>{{NUMBER}}時間)'''
)toml", 6, "rule a: unknown {{NUMBER}} in pattern"},
      {"unknown define in not", R"toml(field = "rto"
[[rule]]
id = "a"
pattern = '''(?P<value>\d+時間)'''
not = '''{{PLANNED}}'''
)toml", 5, "rule a: unknown {{PLANNED}} in not"},
      {"unknown define nested in a define", R"toml(field = "rto"
[define]
HOURS = '''{{NUM}}時間'''
[[rule]]
id = "a"
pattern = '''(?P<value>{{HOURS}})'''
)toml", 6, "unknown {{NUM}} in pattern"},
      // Former bug: a define that used itself overflowed the stack.
      {"define that refers to itself", R"toml(field = "rto"
[define]
A = '''x{{A}}'''
[[rule]]
id = "a"
pattern = '''(?P<value>{{A}})'''
)toml", 6, "rule a: a define refers to itself in pattern"},
      {"define that is not a string", R"toml([define]
NUM = 5
)toml", 2, "define NUM must be a string"},
      {"empty example", R"toml(field = "mfa"
[[rule]]
id = "a"
pattern = '''多要素認証'''
examples = [ "" ]
)toml", 5, "rule a: empty example"},
      {"counterexample that is not a string", R"toml(field = "mfa"
[[rule]]
id = "a"
pattern = '''多要素認証'''
counterexamples = [ 1 ]
)toml", 5, "rule a: counterexample must be a string"},
  };
  for (const Case& c : cases) {
    const std::string name = c.name;
    CAPTURE(name);
    Result<std::shared_ptr<const RuleSet>> loaded = RuleSet::LoadText(c.toml, kName);
    REQUIRE_FALSE(loaded.ok());
    const std::string message = loaded.status().message();
    CAPTURE(message);
    CHECK(loaded.status().kind() == ErrorKind::kConfig);
    CHECK(message.rfind(std::string(kName) + ":" + std::to_string(c.line) + ": ", 0) == 0);
    CHECK(message.find(c.problem) != std::string::npos);
  }
}

// The analyst's manual documents every key the loader accepts and every define the engine reads:
// a key added to kRuleKeys without its row in patterns/README.md fails here.
TEST_CASE("rules: patterns/README.md documents every rule key and every define the engine reads") {
  std::ifstream in(std::string(KENSA_SOURCE_DIR) + "/patterns/README.md");
  REQUIRE(in);
  std::stringstream manual;
  manual << in.rdbuf();
  const auto documented = [&](std::string_view name) {
    return manual.str().find("| `" + std::string(name) + "` |") != std::string::npos;
  };
  for (const RuleKey& key : kRuleKeys) {
    CAPTURE(key.name);
    CHECK(documented(key.name));
  }
  for (const CaseWordDefine& define : kCaseWordDefines) {
    CAPTURE(define.name);
    CHECK(documented(define.name));
  }
  for (const ColumnWordDefine& define : kColumnWordDefines) {
    CAPTURE(define.name);
    CHECK(documented(define.name));
  }
  for (std::string_view name : kVocabularyDefines) {
    CAPTURE(name);
    CHECK(documented(name));
  }
  CHECK_FALSE(documented("no_such_key"));
}

// Every key of kRuleKeys loads with a value of its kind; the loader knows no other.
TEST_CASE("rules: every key of kRuleKeys is accepted, and only those") {
  for (const RuleKey& key : kRuleKeys) {
    CAPTURE(key.name);
    std::string value;
    switch (key.kind) {
      case RuleKeyKind::kText: value = key.name == "field" ? "\"mfa\"" : "\"mfa.x\""; break;
      case RuleKeyKind::kRegex: value = "'''(多要素)'''"; break;
      case RuleKeyKind::kFlag: value = "true"; break;
      case RuleKeyKind::kValue: value = "true"; break;
      case RuleKeyKind::kExamples: value = "[\"多要素認証に対応\"]"; break;
      case RuleKeyKind::kCounterexamples: value = "[\"二段階\"]"; break;
    }
    std::string toml = "field = \"mfa\"\n[[rule]]\n";
    if (key.name != "id") toml += "id = \"mfa.x\"\n";
    if (key.name != "pattern") toml += "pattern = '''多要素'''\n";
    toml += std::string(key.name) + " = " + value + "\n";
    auto loaded = RuleSet::LoadText(toml, kName);
    CHECK_MESSAGE(loaded.ok(), loaded.status().message());
  }
  auto unknown = RuleSet::LoadText("field = \"mfa\"\n[[rule]]\nid = \"mfa.x\"\npattern = '''多要素'''\nunless = '''x'''\n", kName);
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.status().message().find("unknown key \"unless\"") != std::string::npos);
}

// {{ANSWER_YES}} and {{ANSWER_NO}} come from the vocabulary; longer words first, so "有り" is one
// answer, not "有" and a stray "り"; a file's own define of the name wins.
TEST_CASE("rules: the vocabulary's answer defines") {
  const std::string vocabulary = R"toml(field = "mfa"
[[rule]]
id = "mfa.answered"
pattern = '''多要素認証\t(?P<anchor>{{ANSWER_YES}})$'''
)toml";
  CHECK(Show(Apply(vocabulary, Row("多要素認証\t有り"))) == "true");
  CHECK(Show(Apply(vocabulary, Row("多要素認証\t○"))) == "true");
  CHECK(Show(Apply(vocabulary, Row("多要素認証\t無し"))).empty());
  const std::string own = R"toml(field = "mfa"
[define]
ANSWER_YES = '''対応'''
[[rule]]
id = "mfa.answered"
pattern = '''多要素認証\t(?P<anchor>{{ANSWER_YES}})$'''
)toml";
  CHECK(Show(Apply(own, Row("多要素認証\t対応"))) == "true");
  CHECK(Show(Apply(own, Row("多要素認証\t有り"))).empty());
}

TEST_CASE("rules: valid texts load") {
  SUBCASE("a file of comments only has no rules") {
    CHECK(Load("# nothing here yet\n")->rules().empty());
  }
  SUBCASE("rules keep their id, field, file, line, examples and counterexamples") {
    const auto rules = Load(R"toml(# RTO
field = "rto"

[[rule]]
id = "rto.a"
note = "free text for the analyst"
pattern = '''目標復旧時間は(?P<value>\d+時間)'''
examples = [
  "目標復旧時間は1時間",
  { text = "目標復旧時間は2時間", value = { amount = 2, unit = "hour" }, condition = "単一障害" },
]
counterexamples = ["目標復旧時間は定めておりません。"]

[[rule]]
id = "mfa.a"
field = "mfa"
pattern = '''多要素認証'''
)toml");
    REQUIRE(rules->rules().size() == 2);
    const Rule& rto = rules->rules()[0];
    CHECK(rto.id == "rto.a");
    REQUIRE(rto.field != nullptr);
    CHECK(rto.field->id == "rto");
    CHECK(rto.file == kName);
    CHECK(rto.line == 4);
    REQUIRE(rto.examples.size() == 2);
    CHECK(rto.examples[0].text == "目標復旧時間は1時間");
    CHECK_FALSE(rto.examples[0].value.has_value());  // a bare string only has to fire
    REQUIRE(rto.examples[1].value.has_value());
    CHECK(Show(*rto.examples[1].value) == "2 hour");
    CHECK(rto.examples[1].condition == "単一障害");
    CHECK(rto.counterexamples == std::vector<std::string>{"目標復旧時間は定めておりません。"});
    // A rule's own field overrides the file's default.
    CHECK(rules->rules()[1].field->id == "mfa");
    CHECK(rules->rules()[1].line == 14);
  }
  SUBCASE("example values of every type") {
    struct Case {
      const char* field;
      const char* value;  // TOML
      const char* shown;
    };
    const Case cases[] = {
        {"rto", R"({ amount = 1, upto = 2, unit = "week" })", "1-2 week"},
        {"log_retention", R"({ unbounded = true })", "unbounded"},
        {"backup_frequency", R"({ amount = 1, unit = "business_day" })", "1 business_day"},
        {"availability", "99.9", "99.9%"},
        {"availability", "100", "100%"},  // a TOML integer is a fine percent
        {"backup_generations", "7", "#7"},
        {"mfa", "false", "false"},
        {"data_location", R"("domestic")", "\"domestic\""},
        {"support_hours", R"({ from = "09:00", to = "18:00" })", "09:00-18:00"},
        {"service_hours", R"({ always = true })", "always"},
        {"document_date", R"("2024-03-14")", "date 2024-03-14"},
    };
    for (const Case& c : cases) {
      const std::string field = c.field;
      CAPTURE(field);
      const auto rules = Load(OneRule(c.field, "(?P<value>x)", std::string("examples = [ { text = \"x\", value = ") +
                                                                   c.value + " } ]\n"));
      REQUIRE(rules->rules().at(0).examples.at(0).value.has_value());
      CHECK(Show(*rules->rules()[0].examples[0].value) == c.shown);
    }
  }
}

TEST_CASE("rules: [define] expansion") {
  const std::string toml = R"toml(field = "rto"
[define]
NUM = '''\d+'''
HOURS = '''{{NUM}}時間'''
CASE = '''単一障害|複合障害'''
ONE_OR_TWO = '''1|2'''

[[rule]]
id = "rto.defined"
pattern = '''目標復旧時間は(?P<value>{{HOURS}})'''
condition = '''({{CASE}})'''
not = '''{{ONE_OR_TWO}}日'''
)toml";
  const auto rules = Load(toml);
  SUBCASE("each {{NAME}} becomes a non-capturing group, nested defines too") {
    // The group keeps an alternation in a define from swallowing the text around it.
    CHECK(rules->rules().at(0).pattern == R"(目標復旧時間は(?P<value>(?:(?:\d+)時間)))");
  }
  SUBCASE("the expanded pattern, condition and not apply") {
    const auto found = rules->Apply(Sentence("複合障害の目標復旧時間は24時間です。"), SharedTokenizer());
    CHECK(Show(found) == "24 hour {複合障害}");
    // not = (?:1|2)日: "1日" vetoes; without the group "1|2日" would veto any text with a "1".
    CHECK(rules->Apply(Sentence("目標復旧時間は24時間、最大2日です。"), SharedTokenizer()).empty());
    CHECK(Show(rules->Apply(Sentence("目標復旧時間は1時間です。"), SharedTokenizer())) == "1 hour");
  }
}

TEST_CASE("rules: version is a fingerprint of the text") {
  const std::string a = OneRule("mfa", "多要素認証");
  const std::string b = OneRule("mfa", "二段階認証");
  const std::string version = Load(a)->version();
  CHECK(version.size() == 16);
  CHECK(version.find_first_not_of("0123456789abcdef") == std::string::npos);
  CHECK(Load(a)->version() == version);
  CHECK(Load(b)->version() != version);
  // Even a comment changes it: the version says which files answered, byte for byte.
  CHECK(Load(a + "# note\n")->version() != version);
}

// ---- Apply --------------------------------------------------------------------------------------

struct ApplyCase {
  const char* name;
  const char* field;
  const char* pattern;
  const char* extra;  // further TOML keys of the rule
  Passage passage;
  const char* found;  // Show() of the findings; "" for none
};

void RunApplyCases(const std::vector<ApplyCase>& cases) {
  for (const ApplyCase& c : cases) {
    const std::string name = c.name;
    CAPTURE(name);
    CHECK(Show(Apply(OneRule(c.field, c.pattern, c.extra), c.passage)) == c.found);
  }
}

TEST_CASE("rules: Apply reads the value group by the field's type") {
  const char* kHoursPattern = R"(受付時間は(?P<value>\d{1,2}:\d{2}〜\d{1,2}:\d{2}(?:\(\d{1,2}:\d{2}〜\d{1,2}:\d{2}を除く\))?))";
  RunApplyCases({
      {"duration", "rto", R"(目標復旧時間は(?P<value>\d+時間))", "", Sentence("目標復旧時間は4時間です。"), "4 hour"},
      {"duration range", "backup_retention", R"(保存期間は(?P<value>\d+〜\d+週間))", "",
       Sentence("保存期間は1〜2週間です。"), "1-2 week"},
      {"duration, business days", "failure_notification_time", R"((?P<value>翌営業日|\d+営業日))", "",
       Sentence("障害は翌営業日までに通知します。"), "1 business_day"},
      {"frequency", "backup_frequency", R"((?P<value>日次|毎日|週次))", "", Sentence("バックアップは日次で取得します。"),
       "1 day"},
      {"percent", "availability", R"(稼働率は(?P<value>\d+(?:\.\d+)?%))", "", Sentence("稼働率は99.95%以上です。"),
       "99.95%"},
      {"count", "backup_generations", R"((?P<value>\d+世代))", "", Sentence("バックアップは7世代保持します。"), "#7"},
      {"date", "document_date", R"((?P<value>\d{4}年\d{1,2}月\d{1,2}日)改定)", "", Sentence("2024年3月14日改定"),
       "date 2024-03-14"},
      {"hours, one window", "support_hours", kHoursPattern, "", Sentence("受付時間は9:00〜17:30です。"),
       "09:00-17:30"},
      // A window split by a lunch break is two findings.
      {"hours, lunch break", "support_hours", kHoursPattern, "", Sentence("受付時間は9:00〜18:00(12:00〜13:00を除く)です。"),
       "09:00-12:00 | 13:00-18:00"},
      {"hours, always", "service_hours", R"((?P<value>24時間365日))", "", Sentence("サービスは24時間365日提供します。"),
       "always"},
      // Enum and set captures are mapped onto the member: case and spaces do not matter.
      {"enum capture canonicalized", "encryption_in_transit", R"((?P<value>(?i:tls)\s*1\.[23]))", "",
       Sentence("通信はtls 1.2以上で暗号化します。"), "\"TLS1.2\""},
      {"set capture canonicalized", "cloud_provider", R"((?P<value>(?i:aws|gcp)))", "",
       Sentence("基盤にはGcpを利用しています。"), "\"GCP\""},
      {"a capture that is no member gives nothing", "encryption_in_transit", R"((?P<value>TLS\s*1\.[01]))", "",
       Sentence("通信はTLS1.0で暗号化します。"), ""},
      // A value the text states without a number is not a finding for a duration.
      {"no number, no finding", "rto", R"(目標復旧時間は(?P<value>[^。]+?)と)", "",
       Sentence("目標復旧時間は速やかにとしています。"), ""},
      // Every match of the pattern, in text order.
      {"several matches", "rto", R"(RTO\s*(?P<value>\d+時間))", "", Sentence("RTO 1時間、RTO 4時間。"),
       "1 hour | 4 hour"},
  });
}

TEST_CASE("rules: Apply with a constant value") {
  RunApplyCases({
      {"duration constant", "data_deletion", R"(解約時に[^。]{0,10}削除)", "value = { amount = 0, unit = \"day\" }\n",
       Sentence("解約時に直ちにデータを削除します。"), "0 day"},
      {"enum constant", "data_location", R"(国内のデータセンター)", "value = \"domestic\"\n",
       Sentence("日本国内のデータセンターに保管します。"), "\"domestic\""},
      // A negative wording's constant false needs negatable = false, or its own negation flips it.
      {"bool constant false", "vulnerability_assessment", R"(脆弱性診断は未実施)", "value = false\nnegatable = false\n",
       Sentence("脆弱性診断は未実施です。"), "false"},
      // A bool rule with neither a group nor a constant says "true" when it fires.
      {"bool without a constant", "mfa", R"((?P<anchor>多要素認証))", "", Sentence("多要素認証を提供しています。"),
       "true"},
      // The constant wins over a value group.
      {"constant beside a group", "backup_generations", R"((?P<value>\d+)世代)", "value = 3\n",
       Sentence("7世代保持します。"), "#3"},
  });
}

TEST_CASE("rules: condition, context, not, not_section, not_after, not_before") {
  const char* kGenerations = R"((?P<value>\d+世代))";
  RunApplyCases({
      // condition: the first group of its match anywhere in the passage, else the whole match.
      {"condition group", "rto", R"(目標復旧時間は(?P<value>\d+時間))", "condition = '''(単一障害|複合障害)'''\n",
       Sentence("単一障害が発生した場合の目標復旧時間は1時間としています。"), "1 hour {単一障害}"},
      {"condition without a group", "planned_downtime", R"(計画停止は[^。]{0,5}?(?P<value>\d+(?:\.\d+)?時間))",
       "condition = '''年間'''\n", Sentence("計画停止は年間8.8時間以内とします。"), "8.8 hour {年間}"},
      {"condition not matching", "rto", R"(目標復旧時間は(?P<value>\d+時間))", "condition = '''(単一障害|複合障害)'''\n",
       Sentence("目標復旧時間は1時間としています。"), "1 hour"},
      // context: the section path, the lead or the passage must match.
      {"context in the section path", "backup_generations", kGenerations, "context = '''バックアップ'''\n",
       Sentence("7世代を保持します。", {"3. 運用", "3.2 バックアップ"}), "#7"},
      {"context in the lead", "backup_generations", kGenerations, "context = '''バックアップ'''\n",
       Sentence("7世代を保持します。", {"3. 運用"}, "バックアップについて。"), "#7"},
      {"context in the passage", "backup_generations", kGenerations, "context = '''バックアップ'''\n",
       Sentence("バックアップは7世代を保持します。", {"3. 運用"}), "#7"},
      {"context nowhere", "backup_generations", kGenerations, "context = '''バックアップ'''\n",
       Sentence("ログは7世代を保持します。", {"3. 運用", "3.3 ログ"}, "ログについて。"), ""},
      // not: the passage must not match, wherever.
      {"not matching", "backup_generations", kGenerations, "not = '''予定'''\n", Sentence("7世代を保持する予定です。"), ""},
      {"not elsewhere", "backup_generations", kGenerations, "not = '''予定'''\n", Sentence("7世代を保持します。"), "#7"},
      // not_section: only the section path counts, not the text.
      {"not_section matching", "backup_generations", kGenerations, "not_section = '''メンテナンス'''\n",
       Sentence("7世代を保持します。", {"5. メンテナンス"}), ""},
      {"not_section, word only in the text", "backup_generations", kGenerations, "not_section = '''メンテナンス'''\n",
       Sentence("メンテナンス前に7世代を保持します。", {"3. 運用"}), "#7"},
      // not_after: right after the match only.
      {"not_after right after", "backup_generations", kGenerations, "not_after = '''等'''\n",
       Sentence("7世代等を保持します。"), ""},
      {"not_after further on", "backup_generations", kGenerations, "not_after = '''等'''\n",
       Sentence("7世代を保持し、ログ等も残します。"), "#7"},
      {"not_after vetoes one match of two", "backup_generations", kGenerations, "not_after = '''前'''\n",
       Sentence("3世代前まで、合計7世代を保持します。"), "#7"},
      // not_before: ends right before the value.
      {"not_before right before", "availability", R"(稼働率[^。]{0,10}?(?P<value>\d+(?:\.\d+)?%))",
       "not_before = '''実績は'''\n", Sentence("稼働率の実績は99.98%です。"), ""},
      {"not_before elsewhere", "availability", R"(稼働率[^。]{0,10}?(?P<value>\d+(?:\.\d+)?%))",
       "not_before = '''実績は'''\n", Sentence("稼働率は99.9%です(実績は別途)。"), "99.9%"},
  });
}

TEST_CASE("rules: in_headings: only such rules read a heading") {
  Passage heading = Sentence("[更新日:2024年9月2日]");
  heading.kind = PassageKind::kHeading;
  const char* kDate = R"(更新日:(?P<value>\d{4}年\d{1,2}月\d{1,2}日))";
  CHECK(Show(Apply(OneRule("document_date", kDate), heading)) == "");
  CHECK(Show(Apply(OneRule("document_date", kDate, "in_headings = true\n"), heading)) == "date 2024-09-02");
}

TEST_CASE("rules: a checklist's example column is no answer; its answer column is the answer") {
  const std::string defines = "[define]\nEXAMPLE_COLUMN = '''設定例'''\nANSWER_COLUMN = '''回答'''\n";
  Passage row = Row("2\tRTO\t24時間\t4時間\t備考");
  row.columns = {"No.", "項目", "設定例", "回答", "備考"};
  CHECK(Show(Apply(defines + OneRule("rto", R"((?P<value>\d+時間))"), row)) == "4 hour");
  // in_answer reads from the named answer column, not only the last cell.
  Passage mfa = Row("5\t多要素認証\t有\t対応しています\t設定は管理画面から");
  mfa.columns = {"No.", "項目", "設定例", "回答", "備考"};
  CHECK(Show(Apply(defines + OneRule("mfa", "(?P<anchor>対応しています)", "in_answer = true\n"), mfa)) == "true");
  // Without column names every cell is read.
  CHECK(Show(Apply(defines + OneRule("rto", R"((?P<value>\d+時間))"), Row("2\tRTO\t24時間\t4時間"))) ==
        "24 hour | 4 hour");
}

TEST_CASE("rules: a definition in brackets does not end a rule's gap") {
  const std::string rule = OneRule("availability", R"(稼働率[^。]{0,40}?(?P<value>\d+(?:\.\d+)?)%)");
  CHECK(Show(Apply(rule, Sentence("月間の稼働率(以下、「月間稼働率」といいます。)が99.95%以上であること。"))) == "99.95%");
}

TEST_CASE("rules: alternatives name their own value and anchor groups") {
  // value2 / anchor2: the same value read from a row that gives it first.
  const std::string rule =
      OneRule("rto", R"(目標復旧時間\t(?P<anchor>)(?P<value>\d+時間)|^(?P<anchor2>)(?P<value2>\d+時間)\t目標復旧時間)");
  CHECK(Show(Apply(rule, Row("目標復旧時間\t4時間"))) == "4 hour");
  CHECK(Show(Apply(rule, Row("6時間\t目標復旧時間"))) == "6 hour");
}

TEST_CASE("rules: a question answered yes holds what it names, one of alternatives does not") {
  const std::string rule = OneRule("certifications", "(?P<anchor>ISMS)", "value = \"ISO27001\"\nin_answer = true\n");
  CHECK(Show(Apply(rule, Row("ISMS認証を取得していますか?\tはい"))) == "\"ISO27001\"");
  CHECK(Show(Apply(rule, Row("ISMS認証を取得していますか?\tいいえ"))) == "");
  CHECK(Show(Apply(rule, Row("ISMS又はプライバシーマークを取得していること。\t◎\t取得しています"))) == "");
}

TEST_CASE("rules: a value in a remark cell is negated within that cell") {
  const std::string rule = OneRule("data_location", "(?P<anchor>海外)拠点への保管", "value = \"overseas\"\n");
  CHECK(Show(Apply(rule, Row("データ保管場所\t海外拠点への保管は行いません\t12"))) == "");
  CHECK(Show(Apply(rule, Row("データ保管場所\t海外拠点への保管を行います\t12"))) == "\"overseas\"");
}

TEST_CASE("rules: a table that compares gives a value per column, each for its column") {
  const std::string defines = "[define]\nPLAIN_COLUMN = '''.*項目'''\n";
  Passage row = Row("操作ログの保存期間\t3か月\t1年\t5年");
  row.columns = {"項目", "ライト", "スタンダード", "エンタープライズ"};
  const auto found = Apply(defines + OneRule("log_retention", R"(保存期間\t(?P<value>\d+(?:か月|年)))"), row);
  CHECK(Show(found) == "3 month {ライト} | 1 year {スタンダード} | 5 year {エンタープライズ}");
  // The column names are the conditions.
  REQUIRE(found.size() == 3);
  CHECK(found[0].derived_condition == "ライト");
  CHECK(found[2].derived_condition == "エンタープライズ");
  // Under a plain column ("目標値") the row is read as before.
  Passage target = Row("稼働率\t99.9%\t月間");
  target.columns = {"項目", "目標値", "備考"};
  CHECK(Show(Apply("[define]\nPLAIN_COLUMN = '''.*(?:項目|値|備考)'''\n" +
                   OneRule("availability", R"(稼働率\t(?P<value>\d+(?:\.\d+)?)%)"), target)) == "99.9%");
}

TEST_CASE("rules: in_answer in a table row") {
  const char* kMfa = "(?P<anchor>多要素認証)";
  RunApplyCases({
      // The label cell only names what the row asks about.
      {"label cell only", "mfa", kMfa, "in_answer = true\n", Row("多要素認証の有無\t有"), ""},
      {"answer cell", "mfa", kMfa, "in_answer = true\n", Row("多要素認証の有無\t多要素認証に対応しています"), "true"},
      {"without in_answer both cells count", "mfa", kMfa, "", Row("多要素認証の有無\t多要素認証に対応しています"),
       "true | true"},
      // Outside a table row there is no answer cell: the whole passage counts.
      {"sentence", "mfa", kMfa, "in_answer = true\n", Sentence("多要素認証に対応しています。"), "true"},
  });
}

TEST_CASE("rules: negation") {
  const char* kMfa = "(?P<anchor>多要素認証)";
  const char* kRto = R"(目標復旧時間の(?P<value>\d+時間))";
  RunApplyCases({
      // A bool's negated statement is a finding false.
      {"bool stated", "mfa", kMfa, "", Sentence("多要素認証を提供しております。"), "true"},
      {"bool negated", "mfa", kMfa, "", Sentence("多要素認証は提供しておりません。"), "false"},
      {"bool, answer cell 無し", "mfa", kMfa, "", Row("多要素認証\t無し"), "false"},
      {"bool, answer cell 有", "mfa", kMfa, "", Row("多要素認証\t有"), "true"},
      {"bool, answer cell 非対応", "mfa", kMfa, "", Row("多要素認証の有無\t非対応"), "false"},
      {"bool, answer cell a negated sentence", "disaster_recovery", "(?P<anchor>DR)", "",
       Row("DR対策の有無\t対応していません。"), "false"},
      {"bool with negatable = false", "mfa", kMfa, "negatable = false\n", Sentence("多要素認証は提供しておりません。"),
       "true"},
      // An enum or set negated is no finding at all (never the other member).
      {"enum stated", "data_location", "(?P<anchor>海外)", "value = \"overseas\"\n", Sentence("データは海外にも保管します。"),
       "\"overseas\""},
      {"enum negated", "data_location", "(?P<anchor>海外)", "value = \"overseas\"\n", Sentence("データは海外には保管しません。"),
       ""},
      {"enum group negated", "encryption_in_transit", R"((?P<value>TLS\s*1\.[23]))", "",
       Sentence("TLS1.2には対応していません。"), ""},
      // A stated number is not negated by default...
      {"duration not negatable by default", "rto", kRto, "", Sentence("目標復旧時間の4時間は保証しておりません。"),
       "4 hour"},
      // ...unless the rule asks for it.
      {"duration with negatable = true", "rto", kRto, "negatable = true\n",
       Sentence("目標復旧時間の4時間は保証しておりません。"), ""},
      // A Latin keyword inside a longer word is not the keyword.
      {"keyword inside a word", "sso", "(?P<anchor>SSO)", "", Sentence("ESSO製品と連携します。"), ""},
      {"keyword as a word", "sso", "(?P<anchor>SSO)", "", Sentence("SSOに対応しています。"), "true"},
  });
}

TEST_CASE("rules: a checklist's fill-in instructions are not read as answers") {
  const char* kNotice = R"((?P<value>\d+(?:ヵ月|日)前))";
  SUBCASE("the value after the instruction is read, the samples inside it are not") {
    const Passage row = Row("計画停止の事前告知(1ヵ月前、3ヵ月前等の単位で記述)\t14日前");
    const auto found = Apply(OneRule("maintenance_notice", kNotice), row);
    CHECK(Show(found) == "14 day");
    // The quote is the passage as written, instruction included.
    REQUIRE(found.size() == 1);
    CHECK(found[0].quote == row.text);
  }
  SUBCASE("the same words outside an instruction are read") {
    CHECK(Show(Apply(OneRule("maintenance_notice", kNotice), Sentence("告知は1ヵ月前に行います。"))) == "1 month");
  }
  SUBCASE("(何世代前までかを記述)") {
    CHECK(Show(Apply(OneRule("backup_generations", R"((?P<value>\d*世代))"),
                     Row("世代バックアップ(何世代前までかを記述)\t7世代"))) == "#7");
  }
}

TEST_CASE("rules: findings carry their evidence") {
  const std::string toml = R"toml(field = "rto"
[[rule]]
id = "rto.second-in-name"
pattern = '''RTO\s*(?P<value>\d+時間)'''
[[rule]]
id = "rto.first-in-name"
pattern = '''目標復旧時間は(?P<value>\d+時間)'''
fallback = true
)toml";
  Passage passage = Sentence("目標復旧時間は2時間、RTO 1時間、RTO 3時間。");
  passage.page = 7;
  passage.begin = 1000;
  passage.end = 1000 + passage.text.size() + 2;  // two '\n' removed
  const auto found = Load(toml)->Apply(passage, SharedTokenizer());
  // Rule order (the file's, not the ids'), then match order.
  REQUIRE(Show(found) == "1 hour | 3 hour | 2 hour");
  CHECK(found[0].rule == "rto.second-in-name");
  CHECK(found[1].rule == "rto.second-in-name");
  CHECK(found[2].rule == "rto.first-in-name");
  for (const Finding& f : found) {
    CHECK(f.field == "rto");
    CHECK(f.page == 7);
    CHECK(f.quote == passage.text);  // short passages are quoted whole
    // Within the passage, whether the span is the match's or the passage's.
    CHECK(f.begin >= passage.begin);
    CHECK(f.end <= passage.end);
    CHECK(f.begin < f.end);
  }
  SUBCASE("fallback is carried to the finding") {
    CHECK_FALSE(found[0].fallback);
    CHECK(found[2].fallback);
  }
}

// Code points in UTF-8 text.
size_t Chars(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string Repeat(const std::string& s, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += s;
  return out;
}

TEST_CASE("rules: the quote of a long passage is cut around the match") {
  const std::string toml = OneRule("rto", R"(目標復旧時間は(?P<value>\d+時間))");
  const std::string match = "目標復旧時間は4時間";
  struct Case {
    const char* name;
    std::string text;
  };
  const Case cases[] = {
      {"match in the middle", Repeat("あ", 150) + match + "です。" + Repeat("い", 150)},
      {"match at the start", match + "です。" + Repeat("い", 300)},
      {"match at the end", Repeat("あ", 300) + match},
      {"ASCII and Japanese mixed", Repeat("ab日本", 60) + match + Repeat("cd本", 60)},
  };
  for (const Case& c : cases) {
    const std::string name = c.name;
    CAPTURE(name);
    REQUIRE(Chars(c.text) > 200);
    const auto found = Apply(toml, Sentence(c.text));
    REQUIRE(found.size() == 1);
    const std::string& quote = found[0].quote;
    CAPTURE(quote);
    CHECK(Chars(quote) <= 200);
    CHECK(Chars(quote) >= Chars(match) + 50);  // cut with context around the match, not to it
    CHECK(quote.find(match) != std::string::npos);
    // A piece of the passage, cut on code point boundaries.
    const size_t at = c.text.find(quote);
    REQUIRE(at != std::string::npos);
    CHECK((static_cast<unsigned char>(c.text[at]) & 0xC0) != 0x80);
    const size_t after = at + quote.size();
    CHECK((after == c.text.size() || (static_cast<unsigned char>(c.text[after]) & 0xC0) != 0x80));
  }
  SUBCASE("a match longer than the limit is quoted whole") {
    const std::string text = "目標復旧時間は" + Repeat("、", 230) + "4時間です。";
    const auto found = Apply(OneRule("rto", R"(目標復旧時間は[^。]{0,250}?(?P<value>\d+時間))"), Sentence(text));
    REQUIRE(found.size() == 1);
    CHECK(found[0].quote.find(text.substr(0, text.find("です"))) != std::string::npos);
  }
}

TEST_CASE("rules: LiteralScreen finds every literal that occurs, overlapping ones too") {
  const LiteralScreen screen({"he", "she", "his", "hers", "障害", "害", "rto", "rtoa"});
  CHECK(screen.Find("ushers") == std::vector<int>{0, 1, 3});
  CHECK(screen.Find("this rto") == std::vector<int>{2, 6});
  CHECK(screen.Find("大規模障害の時") == std::vector<int>{4, 5});
  CHECK(screen.Find("").empty());
  CHECK(screen.Find("nothing here") == std::vector<int>{0});  // "he" inside "here" counts
  CHECK(screen.Find("xyz").empty());
  CHECK(LiteralScreen({}).Find("abc").empty());
}

// GapRegex (rules/gap_regex.h): bounded gaps matched as unbounded ones, checked after the match.

TEST_CASE("rules: RelaxGaps turns long bounded gaps outside repeated groups into checked groups") {
  const RelaxedRegex relaxed = RelaxGaps(R"((?:RTO|目標復旧時間)[^。]{0,30}?(?P<value>\d{1,3}時間).{0,12}[^)]{0,40})");
  CHECK(relaxed.pattern ==
        R"((?:RTO|目標復旧時間)(?P<kensa_gap0>[^。]*?)(?P<value>\d{1,3}時間)(?P<kensa_gap1>.*)(?P<kensa_gap2>[^)]*))");
  CHECK(relaxed.gap_bounds == std::vector<size_t>{30, 12, 40});
  // Short bounds, repeated groups, escaped brackets and a minimum of one.
  CHECK(RelaxGaps(R"(a[^。]{0,5}b)").pattern == R"(a[^。]{0,5}b)");
  CHECK(RelaxGaps(R"((?:、[^、。]{0,25}){1,5}等)").pattern == R"((?:、[^、。]{0,25}){1,5}等)");
  CHECK(RelaxGaps(R"((?:x[^。]{0,25})?y)").pattern == R"((?:x(?P<kensa_gap0>[^。]*))?y)");
  CHECK(RelaxGaps(R"(\[{0,20}[\]]{1,20}?)").pattern == R"(\[{0,20}(?P<kensa_gap0>[\]]+?))");
  CHECK(RelaxGaps(R"([[:digit:]x]{0,10})").pattern == R"((?P<kensa_gap0>[[:digit:]x]*))");
}

TEST_CASE("rules: GapRegex parses at once and compiles on first use") {
  RE2::Options options;
  options.set_log_errors(false);
  CHECK(GapRegex("障害(", options).error() == "missing ): 障害(" );
  CHECK_FALSE(GapRegex("a{2000}", options).ok());
  // Parses, but no program of it fits the memory budget: seen when compiled.
  options.set_max_mem(1 << 10);
  GapRegex huge("[^。]{0,8}[^、]{0,8}[^「]{0,8}x", options);
  CHECK(huge.ok());
  CHECK_FALSE(huge.CompileAll());
  CHECK_FALSE(huge.PartialMatch("x"));
}

TEST_CASE("rules: GapRegex keeps the source's group numbers and names") {
  GapRegex regex(R"((障害)[^。]{0,20}?(?P<value>\d+)時間)", RE2::Options());
  REQUIRE(regex.ok());
  CHECK(regex.NumberOfCapturingGroups() == 2);
  CHECK(regex.NamedCapturingGroups().at("value") == 2);
  CHECK(regex.NamedCapturingGroups().count("kensa_gap0") == 0);
  CHECK(GapRegex(R"(障害(\d+))", RE2::Options(), GapRegex::Search::kAtStart).NumberOfCapturingGroups() == 1);
  const std::string text = "大規模障害の発生時は4時間以内に復旧";
  re2::StringPiece groups[3];
  REQUIRE(regex.Match(text, 0, text.size(), RE2::UNANCHORED, groups, 3));
  CHECK(groups[1] == "障害");
  CHECK(groups[2] == "4");
  CHECK(regex.PartialMatch(text));
  CHECK_FALSE(regex.PartialMatch("障害の発生から、かなりの時間をおいて、ようやく復旧できたのは4時間後"));
}

TEST_CASE("rules: GapRegex finds what the bounded regex finds when the first keyword is too far") {
  // The relaxed regex starts at the first 障害 with a 40-character gap; the bounded one may only
  // start at the second: the check sends the search to the bounded regex.
  GapRegex regex(R"(障害[^。]{0,10}?(\d+)時間)", RE2::Options());
  const std::string text = "障害については別途定めるとおりとし、その詳細は契約書の付属書に記載のとおり、障害時は8時間";
  re2::StringPiece groups[2];
  REQUIRE(regex.Match(text, 0, text.size(), RE2::UNANCHORED, groups, 2));
  CHECK(groups[1] == "8");
  CHECK(groups[0].data() - text.data() == static_cast<long>(text.rfind("障害")));
  CHECK_FALSE(regex.Match(text, 0, text.size() - 10, RE2::UNANCHORED, groups, 2));
  // Searched with the other anchor than it was made for: the exact (slow) path, the same answer.
  CHECK_FALSE(regex.Match(text, 0, text.size(), RE2::ANCHOR_START, groups, 2));
  REQUIRE(regex.Match(text, text.rfind("障害"), text.size(), RE2::ANCHOR_START, groups, 2));
  CHECK(groups[1] == "8");
}

// Every regex of patterns/ over every line of the seed whitepapers, every match, every group, as
// unanchored searches and anchored at each "、": exactly what RE2 finds with the bounds.
TEST_CASE("rules: GapRegex matches exactly as the bounded regex on the real rules and seeds") {
  Result<std::shared_ptr<const RuleSet>> rules = RuleSet::Load(std::string(KENSA_SOURCE_DIR) + "/patterns");
  REQUIRE_MESSAGE(rules.ok(), rules.status().message());
  std::vector<std::string> sources;
  for (const Rule& rule : (*rules)->rules()) sources.insert(sources.end(), rule.regexes.begin(), rule.regexes.end());
  std::sort(sources.begin(), sources.end());
  sources.erase(std::unique(sources.begin(), sources.end()), sources.end());
  std::vector<std::string> lines;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(KENSA_SHARED_DIR) + "/seeds")) {
    std::ifstream in(entry.path());
    for (std::string line; std::getline(in, line);) {
      if (!line.empty()) lines.push_back(line);
    }
  }
  REQUIRE(lines.size() > 100);
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(64 << 20);
  size_t relaxed_count = 0, matches = 0;
  for (const std::string& source : sources) {
    GapRegex regex(source, options);
    GapRegex at_start(source, options, GapRegex::Search::kAtStart);
    RE2 bounded(source, options);
    REQUIRE_MESSAGE(regex.CompileAll(), source);
    REQUIRE_MESSAGE(at_start.CompileAll(), source);
    if (RelaxGaps(source).pattern != source) ++relaxed_count;
    CHECK(regex.NumberOfCapturingGroups() == bounded.NumberOfCapturingGroups());
    CHECK(regex.NamedCapturingGroups() == bounded.NamedCapturingGroups());
    const int n = bounded.NumberOfCapturingGroups() + 1;
    std::vector<re2::StringPiece> got(n), want(n);
    for (const std::string& line : lines) {
      auto same = [&](size_t pos, RE2::Anchor anchor) {
        const GapRegex& made_for = anchor == RE2::UNANCHORED ? regex : at_start;
        const bool found = made_for.Match(line, pos, line.size(), anchor, got.data(), n);
        const bool expected = bounded.Match(line, pos, line.size(), anchor, want.data(), n);
        REQUIRE_MESSAGE(found == expected, source << " on " << line);
        for (int i = 0; found && i < n; ++i) {
          REQUIRE_MESSAGE((got[i].data() == want[i].data() && got[i].size() == want[i].size()),
                          "group " << i << " of " << source << " on " << line);
        }
        return found;
      };
      for (size_t pos = 0; pos <= line.size() && same(pos, RE2::UNANCHORED);) {
        ++matches;
        pos = std::max<size_t>(want[0].data() - line.data() + want[0].size(), want[0].data() - line.data() + 1);
      }
      for (size_t comma = line.find("、"); comma != std::string::npos; comma = line.find("、", comma + 1))
        same(comma, RE2::ANCHOR_START);
    }
  }
  CHECK((*rules)->CompileAll().empty());
  CHECK(relaxed_count > 50);  // most rule regexes have long gaps: the test covers them
  CHECK(matches > 500);
  MESSAGE(sources.size() << " regexes, " << relaxed_count << " relaxed, " << matches << " matches compared");
}


// ---- The case a value is for (case_finder.h), with the words of patterns/conditions.toml ----------

// The CASE_* defines of patterns/conditions.toml, read as the rule set reads them (each is one line).
CaseWords WordsOfConditionsToml() {
  std::ifstream in(std::string(KENSA_SOURCE_DIR) + "/patterns/conditions.toml");
  REQUIRE(in);
  CaseWords words;
  for (std::string line; std::getline(in, line);) {
    for (const CaseWordDefine& define : kCaseWordDefines) {
      const std::string start = std::string(define.name) + " = \'\'\'";
      if (line.rfind(start, 0) == 0) words.*define.words = line.substr(start.size(), line.size() - start.size() - 3);
    }
  }
  // The engine's own defines, as RuleSet expands them.
  for (const CaseWordDefine& define : kCaseWordDefines) {
    for (const auto& [name, regex] : VocabularyDefines()) {
      std::string& text = words.*define.words;
      for (size_t at = text.find("{{" + name + "}}"); at != std::string::npos; at = text.find("{{" + name + "}}"))
        text.replace(at, name.size() + 4, "(?:" + regex + ")");
    }
  }
  return words;
}

const CaseFinder& Cases() {
  static const std::unique_ptr<CaseFinder> finder = [] {
    std::string error;
    auto created = CaseFinder::Create(WordsOfConditionsToml(), error);
    REQUIRE_MESSAGE(created, error);
    return created;
  }();
  return *finder;
}

// The case of `value` (its first occurrence at or after `after`) in `text`.
std::string CaseOf(const std::string& text, const std::string& value, std::vector<std::string> section = {},
                   const std::string& after = "", bool hours = false) {
  const size_t at = text.find(value, after.empty() ? 0 : text.find(after));
  REQUIRE(at != std::string::npos);
  return Cases().Find(text, at, at + value.size(), section, hours);
}

TEST_CASE("rules: the case a value is for, in the passage's words") {
  // A key-value label, stripped of the field's own words.
  CHECK(CaseOf("RTO(部分障害):4時間", "4時間") == "部分障害");
  CHECK(CaseOf("• フルバックアップ:1週間毎", "1週間毎") == "フルバックアップ");
  CHECK(CaseOf("異なります。・ライト:30日間・スタンダード:2年間", "2年間") == "スタンダード");  // items run together
  CHECK(CaseOf("(イ) 事務局対応=甲の営業稼働日の10:00〜13:00", "10:00〜13:00", {}, "", true) == "事務局対応");
  // A topic phrase, never cut out of a word, nearer than a label.
  CHECK(CaseOf("サーバやデータベースの単一障害については、障害発生から4時間以内に復旧します。", "4時間") ==
        "サーバやデータベースの単一障害");
  CHECK(CaseOf("東日本リージョン全体が利用できなくなった場合は、72時間以内に復旧します。", "72時間") ==
        "東日本リージョン全体が利用できなくなった場合");
  CHECK(CaseOf("Service outage:Sev1(全面停止)は検知から30分以内に通知します。", "30分") == "Sev1(全面停止)");
  // An enumeration: each value its own topic ("日次で35日分、月次で1年分").
  CHECK(CaseOf("1年分(日次で35日分、月次で1年分)のバックアップ", "35日") == "日次");
  CHECK(CaseOf("1年分(日次で35日分、月次で1年分)のバックアップ", "1年", {}, "月次") == "月次");
  // A bracket after the value; the row's label cell; a label glued to its value; the noun it qualifies.
  CHECK(CaseOf("事前通知は、原則作業日の1ヵ月前(通信断が1秒以上発生する作業)、2週間前", "1ヵ月") ==
        "通信断が1秒以上発生する作業");
  CHECK(CaseOf("送信メッセージ:\t日次で7日分のバックアップをおこなっています。", "7日") == "送信メッセージ");
  CHECK(CaseOf("障害区分\tサーバ・ストレージ装置単体の障害2時間以内", "2時間") == "サーバ・ストレージ装置単体の障害");
  CHECK(CaseOf("有1時間ごとに差分バックアップ、1日1回フルバックアップを取得します。", "1日1回") == "フルバックアップ");
  // (Not the next value: "月次で12か月分の…" qualifies no noun of 月次's own.)
  CHECK(CaseOf("日次で14日分、月次で12か月分のバックアップを保管します。", "月次", {"保全"}) == "保全");
  // The object right before the value; not one inside a clause before it.
  CHECK(CaseOf("有 操作ログを13ヶ月間保存し、管理画面から出力できます。", "13ヶ月") == "操作ログ");
  CHECK(CaseOf("データベースの更新内容を記録したログを、15分ごとに退避します。", "15分ごと") ==
        "データベースの更新内容を記録したログ");
  CHECK(CaseOf("加えて、年に1回以上、外部の専門会社による脆弱性診断を受けています。", "年に1回") ==
        "外部の専門会社による脆弱性診断");
  // The heading, without its section number, when the passage says nothing.
  CHECK(CaseOf("目標値は95%です。", "95%", {"2. 運用", "2.1 管理サービス"}) == "管理サービス");
}

TEST_CASE("rules: what is no case") {
  CHECK(CaseOf("稼働率は99.9%です。", "99.9%") == "");                                  // only the field's words
  CHECK(CaseOf("障害発生から4時間以内に復旧します。", "4時間") == "");                  // a start point
  CHECK(CaseOf("実施にあたっては、2週間前までに告知します。", "2週間") == "");          // a circumstance
  CHECK(CaseOf("最大で直近24時間分のデータが失われます。", "24時間") == "");            // a unit's remnant
  CHECK(CaseOf("NF-04 復旧目標を示すこと\t2時間以内", "2時間") == "");                  // a requirement
  CHECK(CaseOf("9:00〜18:00(土日祝日を除く)", "9:00〜18:00", {}, "", true) == "");  // excluded days
  CHECK(Cases().Clean("土日祝日を除く") == "");
  CHECK(Cases().Clean("約") == "");
  CHECK(Cases().Clean("3サポート体制") == "サポート体制");
  CHECK(Cases().Clean("3営業日") == "");
}

TEST_CASE("rules: an approximate value is marked") {
  auto approx = [](const std::string& text, const std::string& value) {
    const size_t at = text.find(value);
    REQUIRE(at != std::string::npos);
    return Cases().Approximate(text, at, at + value.size());
  };
  CHECK(approx("約4時間で復旧します。", "4時間"));
  CHECK(approx("4時間程度で復旧します。", "4時間"));
  CHECK(approx("1時間以内を目安に通知します。", "1時間"));
  CHECK(approx("およそ 99.9%の稼働率", "99.9%"));
  CHECK_FALSE(approx("4時間以内に復旧します。", "4時間"));
  CHECK_FALSE(approx("予約4時間前まで", "4時間"));  // 約 inside 予約
}

TEST_CASE("rules: the days of an hours window") {
  const std::string text = "提供時間:平日(土日祝日除く)10時〜12時、13時〜18時";
  const size_t at = text.find("10時");
  CHECK(Cases().DaysBefore(text, at, at + 4) == "平日(土日祝日除く)");
  const std::string opening = "平日9:00〜12:00";
  CHECK(Cases().DaysBefore(opening, 0, opening.size()) == "平日");
  CHECK(Cases().DaysBefore("受付:9:00〜18:00", 3, 17) == "");
}

}  // namespace
}  // namespace kensa
