#include "rules/rule_set.h"

#include <re2/re2.h>
#include <re2/filtered_re2.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>
#include <toml++/toml.h>

#include "common/parallel.h"
#include "common/utf8.h"
#include "rules/case_finder.h"
#include "rules/gap_regex.h"
#include "rules/literal_screen.h"

namespace kensa {
namespace {

constexpr size_t kQuoteMaxChars = 200;

struct CompiledRule {
  std::shared_ptr<const GapRegex> pattern;  // shared: rules often repeat a veto or a context
  // Indices of (?P<value>…) and of the same group in other alternatives, (?P<value2>…) …: the first
  // that took part in a match is the value. Likewise (?P<anchor>…), where negation is judged.
  std::vector<int> value_groups, anchor_groups;
  std::shared_ptr<const GapRegex> condition, context, veto, veto_section, veto_after, veto_before;
  std::shared_ptr<const GapRegex> then;  // a further value of the same enumeration: its one group is the value
  std::optional<Value> constant;
  bool negatable = true;
  bool fallback = false;
  bool in_answer = false;  // in a table row, the match must start in the answer (last) cell
  bool in_headings = false;  // the rule also reads headings (other rules read only what they head)
};

std::string Location(const std::string& file, const toml::node& node) {
  return file + ":" + std::to_string(node.source().begin.line);
}

// FNV-1a, 64 bit: a stable fingerprint of the rule files (not a security hash).
uint64_t Fnv1a(std::string_view bytes, uint64_t hash = 1469598103934665603ull) {
  for (unsigned char c : bytes) hash = (hash ^ c) * 1099511628211ull;
  return hash;
}

RE2::Options PatternOptions() {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(64 << 20);
  return options;
}

// Reads a TOML value written for a field of this type (an example's expected value or a rule's
// constant). Returns nullopt with `error` set when it does not fit the type.
std::optional<Value> ValueFromToml(const toml::node& node, const FieldSpec& field, std::string& error) {
  switch (field.type) {
    case ValueType::kDuration:
    case ValueType::kFrequency: {
      const toml::table* table = node.as_table();
      if (!table) break;
      Duration d;
      if (auto unbounded = (*table)["unbounded"].value<bool>()) {
        d.unbounded = *unbounded;
        return d;
      }
      auto amount = (*table)["amount"].value<double>();
      auto unit_name = (*table)["unit"].value<std::string>();
      if (!amount || !unit_name) break;
      auto unit = TimeUnitFromName(*unit_name);
      if (!unit) { error = "unknown unit \"" + *unit_name + "\""; return std::nullopt; }
      d.amount = *amount;
      d.unit = *unit;
      if (auto upto = (*table)["upto"].value<double>()) d.upto = *upto;
      return d;
    }
    case ValueType::kPercent:
      if (auto v = node.value<double>()) return *v;
      break;
    case ValueType::kCount:
      if (auto v = node.value<int64_t>()) return *v;
      break;
    case ValueType::kBool:
      if (auto v = node.value<bool>()) return *v;
      break;
    case ValueType::kEnum:
    case ValueType::kSet:
      if (auto v = node.value<std::string>()) {
        if (std::find(field.members.begin(), field.members.end(), *v) == field.members.end()) {
          error = "\"" + *v + "\" is not a member of " + std::string(field.id);
          return std::nullopt;
        }
        return *v;
      }
      break;
    case ValueType::kHours: {
      const toml::table* table = node.as_table();
      if (!table) break;
      Hours h;
      if ((*table)["always"].value_or(false)) { h.always = true; return h; }
      auto from = (*table)["from"].value<std::string>();
      auto to = (*table)["to"].value<std::string>();
      if (!from || !to) break;
      h.from = *from;
      h.to = *to;
      return h;
    }
    case ValueType::kDate:
      if (auto v = node.value<std::string>()) return Date{*v};
      break;
  }
  if (error.empty()) error = std::string("value does not fit type ") + ValueTypeName(field.type);
  return std::nullopt;
}

// Maps captured text onto an enum/set member: case, spaces and dots between letters ignored.
std::optional<std::string> CanonicalMember(const FieldSpec& field, std::string_view text) {
  auto fold = [](std::string_view s) {
    std::string out;
    for (char c : s) {
      if (c == ' ' || c == '\t' || c == '-' || c == '_') continue;
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
  };
  const std::string folded = fold(text);
  for (std::string_view member : field.members) {
    if (fold(member) == folded) return std::string(member);
  }
  return std::nullopt;
}

std::string CutQuote(const std::string& text, size_t match_begin, size_t match_end) {
  if (utf8::Length(text) <= kQuoteMaxChars) return text;
  // Start up to 60 characters before the match, on a code point boundary.
  size_t start = 0;
  {
    std::vector<size_t> starts;
    for (size_t pos = 0; pos < match_begin;) {
      starts.push_back(pos);
      utf8::Next(text, pos);
    }
    if (starts.size() > 60) start = starts[starts.size() - 60];
  }
  std::string_view rest = std::string_view(text).substr(start);
  std::string_view quote = utf8::Prefix(rest, kQuoteMaxChars);
  if (start + quote.size() < match_end) quote = rest.substr(0, match_end - start);
  return std::string(quote);
}

// Returns true when a number read as a length of time is really a year or a look-back period:
// "令和6年度", "2024年度", "過去1年間の実績". Such a number states no duration or frequency; but
// "過去14日分を保持" (the past 14 days' worth) does.
bool IsQualifiedYear(const std::string& text, size_t value_begin, size_t value_end) {
  static const RE2 kEra(R"((?:令和|平成|昭和|西暦)\s*$)");
  static const RE2 kLookBack(R"((?:過去|直近|最近|この)\s*$)");
  const std::string_view after = std::string_view(text).substr(value_end);
  if (after.substr(0, 3) == "度") return true;  // 年度
  std::string_view before = std::string_view(text).substr(0, value_begin);
  before = before.substr(before.size() - std::min<size_t>(before.size(), 12));
  return RE2::PartialMatch(before, kEra) || (RE2::PartialMatch(before, kLookBack) && after.substr(0, 3) != "分");
}

// Returns the suffix of text with at most n code points.
std::string_view LastChars(std::string_view text, size_t n) {
  size_t begin = text.size();
  for (size_t k = 0; k < n && begin > 0; ++k) {
    do --begin; while (begin > 0 && (static_cast<unsigned char>(text[begin]) & 0xC0) == 0x80);
  }
  return text.substr(begin);
}

bool IsAsciiAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// The byte offsets where MeCab's tokens of a passage begin or end, computed on first use.
class TokenBoundaries {
 public:
  TokenBoundaries(const std::string& text, const Tokenizer& tokenizer) : text_(text), tokenizer_(tokenizer) {}
  bool At(size_t offset) {
    if (!computed_) {
      for (const Token& token : tokenizer_.Tokenize(text_)) {
        offsets_.insert(token.begin);
        offsets_.insert(token.end);
      }
      computed_ = true;
    }
    return offset == 0 || offset == text_.size() || offsets_.count(offset) > 0;
  }

 private:
  const std::string& text_;
  const Tokenizer& tokenizer_;
  bool computed_ = false;
  std::set<size_t> offsets_;
};

// Reads a row of plan or edition marks after a label ("SAML SSO\t×\t×\t○"): true when any plan
// has it, false when none has; nullopt when the rest is not only marks.
std::optional<bool> MarksAnswer(std::string_view rest) {
  static constexpr std::u32string_view kYes = U"○◯〇●◎✓✔";
  static constexpr std::u32string_view kNo = U"×✕✗";
  // The marks must follow the label at once ("IP アドレス制限 ×(非対応)"); what comes after them
  // (a remark, the next fragment) does not matter.
  bool any = false, yes = false;
  for (size_t pos = 0; pos < rest.size();) {
    const char32_t cp = utf8::Next(rest, pos);
    if (cp == U' ' || cp == U'\t' || cp == U'/' || cp == 0x3000 || cp == 0xA0) continue;
    if (kYes.find(cp) != std::u32string_view::npos) {
      any = yes = true;
    } else if (kNo.find(cp) != std::u32string_view::npos) {
      any = true;
    } else {
      break;
    }
  }
  if (!any) return std::nullopt;
  return yes;
}

// Decides whether the statement a rule found at `anchor` is negated. A keyword in a table's label
// cell ("多要素認証の有無") is answered by the row's answer cell ("無し", "対応していません"); for a
// field that is not a bool the value stands where it is stated, negated only within its own cell.
bool Negated(const std::string& text, size_t anchor, size_t answer_begin, ValueType type, const Tokenizer& tokenizer) {
  if (anchor >= answer_begin) return tokenizer.IsNegated(text, anchor);
  if (type != ValueType::kBool) {
    // A cell before the answer that says it itself: "海外拠点への保管は行いません".
    const size_t tab = text.rfind('\t', anchor);
    const size_t cell_begin = tab == std::string::npos ? 0 : tab + 1;
    const std::string cell = text.substr(cell_begin, text.find('\t', anchor) - cell_begin);
    return tokenizer.IsNegated(cell, anchor - cell_begin);
  }
  const std::string answer = text.substr(answer_begin);
  if (auto yes = ParseBool(answer)) return !*yes;
  return tokenizer.IsNegated(answer, 0);
}

}  // namespace

struct RuleSet::Impl {
  std::map<std::string, std::string> defines;  // [define] NAME = regex, used as {{NAME}}
  std::vector<Rule> rules;
  std::vector<CompiledRule> compiled;
  // Which rules may match (see Compile): screens[k] holds the relaxed patterns of the rules
  // [screen_begin[k], screen_begin[k + 1]).
  std::vector<std::unique_ptr<re2::FilteredRE2>> screens;
  std::vector<size_t> screen_begin;
  std::vector<std::vector<size_t>> rule_of;  // screens[k]'s regex id -> rule index
  std::unique_ptr<LiteralScreen> atom_screen;  // finds the literals of every screen at once
  std::vector<std::vector<std::pair<size_t, int>>> atom_owners;  // atom_screen's i: (screen, its atom)
  // Every regex compiled so far by its source: one RE2 for the same expanded source (the
  // certification rules share their vetoes), which cut start-up by a quarter.
  std::map<std::pair<std::string, GapRegex::Search>, std::shared_ptr<const GapRegex>> regex_by_source;
  std::string version;
  std::unique_ptr<CaseFinder> cases;  // from the CASE_* defines (patterns/conditions.toml)
  // Column names of a table's first row (EXAMPLE_COLUMN, ANSWER_COLUMN in patterns/common.toml).
  std::unique_ptr<RE2> example_column, answer_column, plain_column;
  // Every distinct regex, with where it was first defined (for CompileAll).
  std::vector<std::pair<const GapRegex*, std::string>> compiled_later;

  Status AddDefines(const toml::table& root, const std::string& file);
  Status AddFile(const toml::table& root, const std::string& file);
  Status Compile();
  std::vector<int> Candidates(const std::string& text) const;
  std::string ExpandDefines(const std::string& source, std::string& undefined, int depth = 0) const;
};

// Collects the [define] table of a rule file. Defines are global to the rule set, so a shared
// vocabulary (a duration, a date) is written once.
Status RuleSet::Impl::AddDefines(const toml::table& root, const std::string& file) {
  if (const toml::table* table = root["define"].as_table()) {
    for (const auto& [name, node] : *table) {
      auto value = node.value<std::string>();
      if (!value) return Status::Error(ErrorKind::kConfig, Location(file, node) + ": define " + std::string(name.str()) + " must be a string");
      if (defines.count(std::string(name.str())))
        return Status::Error(ErrorKind::kConfig, Location(file, node) + ": define " + std::string(name.str()) + " defined twice");
      defines[std::string(name.str())] = *value;
    }
  }
  return Status::Ok();
}

namespace {

// Parses one rule file; a syntax error names its line.
Status ParseRuleFile(const std::string& text, const std::string& file, toml::table& root) {
  try {
    root = toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    return Status::Error(ErrorKind::kConfig, file + ":" + std::to_string(e.source().begin.line) + ": " +
                                                 std::string(e.description()));
  }
  return Status::Ok();
}

}  // namespace

// Replaces each {{NAME}} by (?:definition), expanding nested defines; sets `undefined` to the first
// unknown name.
std::string RuleSet::Impl::ExpandDefines(const std::string& source, std::string& undefined, int depth) const {
  if (depth > 16) {  // a define that uses itself, directly or through others
    if (undefined.empty()) undefined = "(a define that refers to itself)";
    return std::string();
  }
  std::string out;
  size_t pos = 0;
  while (pos < source.size()) {
    size_t open = source.find("{{", pos);
    size_t close = open == std::string::npos ? open : source.find("}}", open + 2);
    if (close == std::string::npos) {
      out += source.substr(pos);
      break;
    }
    out += source.substr(pos, open - pos);
    const std::string name = source.substr(open + 2, close - open - 2);
    auto it = defines.find(name);
    if (it == defines.end()) {
      if (undefined.empty()) undefined = name;
    } else {
      out += "(?:" + ExpandDefines(it->second, undefined, depth + 1) + ")";
    }
    pos = close + 2;
  }
  return out;
}

Status RuleSet::Impl::AddFile(const toml::table& root, const std::string& file) {
  static const std::set<std::string, std::less<>> kFileKeys = {"field", "rule", "define"};
  static const std::set<std::string, std::less<>> kRuleKeys = {
      "id", "field", "pattern", "condition", "context", "not", "not_section", "value",
      "negatable", "fallback", "in_answer", "in_headings", "not_after", "not_before", "then", "examples", "counterexamples", "note"};
  for (const auto& [key, node] : root) {
    if (!kFileKeys.count(key.str()))
      return Status::Error(ErrorKind::kConfig, Location(file, node) + ": unknown key \"" + std::string(key.str()) + "\"");
  }
  const std::string default_field = root["field"].value_or(std::string());
  const toml::array* rule_nodes = root["rule"].as_array();
  if (!rule_nodes) return Status::Ok();  // a file of comments only is fine
  for (const toml::node& rule_node : *rule_nodes) {
    const toml::table* t = rule_node.as_table();
    if (!t) return Status::Error(ErrorKind::kConfig, Location(file, rule_node) + ": [[rule]] must be a table");
    const std::string where = Location(file, rule_node);
    for (const auto& [key, node] : *t) {
      if (!kRuleKeys.count(key.str()))
        return Status::Error(ErrorKind::kConfig, Location(file, node) + ": unknown key \"" + std::string(key.str()) + "\"");
    }
    Rule rule;
    CompiledRule compiled;
    rule.file = file;
    rule.line = static_cast<int>(rule_node.source().begin.line);
    rule.id = (*t)["id"].value_or(std::string());
    if (rule.id.empty()) return Status::Error(ErrorKind::kConfig, where + ": rule without id");
    const std::string field_id = (*t)["field"].value_or(default_field);
    rule.field = FindField(field_id);
    if (!rule.field)
      return Status::Error(ErrorKind::kConfig, where + ": rule " + rule.id + ": unknown field \"" + field_id + "\"");
    if ((*t)["pattern"].value_or(std::string()).empty())
      return Status::Error(ErrorKind::kConfig, where + ": rule " + rule.id + ": no pattern");

    auto compile = [&](const char* key, std::shared_ptr<const GapRegex>& out) -> Status {
      auto raw = (*t)[key].value<std::string>();
      if (!raw) return Status::Ok();
      std::string undefined;
      const std::string source = ExpandDefines(*raw, undefined);
      if (!undefined.empty())
        return Status::Error(ErrorKind::kConfig, Location(file, *(*t)[key].node()) + ": rule " + rule.id + ": " +
                                                     (undefined[0] == '(' ? "a define refers to itself"
                                                                          : "unknown {{" + undefined + "}}") +
                                                     " in " + key);
      if (std::string_view(key) == "pattern") rule.pattern = source;
      // not_before must end where the value (or anchor) starts.
      const std::string regex = std::string_view(key) == "not_before" ? "(?:" + source + ")$" : source;
      rule.regexes.push_back(regex);
      // then and not_after are matched where the value ends, the others anywhere.
      const bool at_start = std::string_view(key) == "then" || std::string_view(key) == "not_after";
      const GapRegex::Search search = at_start ? GapRegex::Search::kAtStart : GapRegex::Search::kAnywhere;
      std::shared_ptr<const GapRegex>& shared = regex_by_source[{regex, search}];
      if (!shared) {
        shared = std::make_shared<const GapRegex>(regex, PatternOptions(), search);
        compiled_later.push_back({shared.get(), Location(file, *(*t)[key].node()) + ": rule " + rule.id + ": " + key});
      }
      out = shared;
      if (!out->ok())
        return Status::Error(ErrorKind::kConfig, Location(file, *(*t)[key].node()) + ": rule " + rule.id + ": bad " +
                                                     key + " regex: " + out->error());
      return Status::Ok();
    };
    for (auto [key, slot] : {std::pair<const char*, std::shared_ptr<const GapRegex>*>{"pattern", &compiled.pattern},
                             {"condition", &compiled.condition},
                             {"context", &compiled.context},
                             {"not", &compiled.veto},
                             {"not_section", &compiled.veto_section},
                             {"not_after", &compiled.veto_after},
                             {"not_before", &compiled.veto_before},
                             {"then", &compiled.then}}) {
      if (Status s = compile(key, *slot); !s.ok()) return s;
    }
    const auto& groups = compiled.pattern->NamedCapturingGroups();
    for (const auto& [name, index] : groups) {
      const auto numbered = [&](std::string_view stem) {
        return name.rfind(stem, 0) == 0 &&
               std::all_of(name.begin() + stem.size(), name.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
      };
      if (numbered("value")) compiled.value_groups.push_back(index);
      if (numbered("anchor")) compiled.anchor_groups.push_back(index);
    }
    if (const toml::node* constant = (*t)["value"].node()) {
      std::string error;
      compiled.constant = ValueFromToml(*constant, *rule.field, error);
      if (!compiled.constant)
        return Status::Error(ErrorKind::kConfig, Location(file, *constant) + ": rule " + rule.id + ": " + error);
    } else if (compiled.value_groups.empty()) {
      if (rule.field->type != ValueType::kBool)
        return Status::Error(ErrorKind::kConfig, where + ": rule " + rule.id +
                                                     ": needs a (?P<value>…) group or a constant value");
      compiled.constant = true;
    }
    // A negated statement matters for what a document has (bool, enum, set: "海外には保管しません");
    // a stated number is rarely negated, and a following cell's "提供しておりません" must not drop it.
    const bool has_polarity = rule.field->type == ValueType::kBool || rule.field->type == ValueType::kEnum ||
                              rule.field->type == ValueType::kSet;
    // A rule that states a negative itself (value = false for "未実施") must not be flipped back.
    const bool states_negative = compiled.constant && std::holds_alternative<bool>(*compiled.constant) &&
                                 !std::get<bool>(*compiled.constant);
    compiled.negatable = (*t)["negatable"].value_or(has_polarity && !states_negative);
    compiled.fallback = (*t)["fallback"].value_or(false);
    compiled.in_answer = (*t)["in_answer"].value_or(false);
    compiled.in_headings = (*t)["in_headings"].value_or(false);

    if (const toml::array* examples = (*t)["examples"].as_array()) {
      for (const toml::node& example_node : *examples) {
        RuleExample example;
        if (auto s = example_node.value<std::string>()) {
          example.text = *s;
        } else if (const toml::table* e = example_node.as_table()) {
          example.text = (*e)["text"].value_or(std::string());
          example.condition = (*e)["condition"].value_or(std::string());
          if (const toml::node* v = (*e)["value"].node()) {
            std::string error;
            example.value = ValueFromToml(*v, *rule.field, error);
            if (!example.value)
              return Status::Error(ErrorKind::kConfig, Location(file, *v) + ": rule " + rule.id + ": example: " + error);
          }
        }
        if (example.text.empty())
          return Status::Error(ErrorKind::kConfig, Location(file, example_node) + ": rule " + rule.id + ": empty example");
        rule.examples.push_back(std::move(example));
      }
    }
    if (const toml::array* counter = (*t)["counterexamples"].as_array()) {
      for (const toml::node& c : *counter) {
        auto s = c.value<std::string>();
        if (!s) return Status::Error(ErrorKind::kConfig, Location(file, c) + ": rule " + rule.id + ": counterexample must be a string");
        rule.counterexamples.push_back(*s);
      }
    }
    for (const Rule& other : rules) {
      if (other.id == rule.id)
        return Status::Error(ErrorKind::kConfig, where + ": rule id " + rule.id + " also defined at " + other.file + ":" +
                                                     std::to_string(other.line));
    }
    rules.push_back(std::move(rule));
    this->compiled.push_back(std::move(compiled));
  }
  return Status::Ok();
}

// The screen: RE2's FilteredRE2 works out, for every rule, the literal strings ("atoms") any match
// must contain; a LiteralScreen (Aho-Corasick) finds those literals in a passage in a single pass,
// and the filter names the rules that can match. Screening with an RE2::Set of the full patterns
// instead spent half of the run in that Set's DFA (every "X[^。]*Y" of every rule tracked at once).
// Each FilteredRE2 compiles its patterns (the rules then run those RE2s: GapRegex::Adopt), the
// largest part of loading: two FilteredRE2s, one per half of the rules, are built on two threads.
namespace {

// The two halves of one window split by a lunch break: the morning ends and the afternoon begins
// around noon.
// A value's words when they name it without a number ("日次", "月次"); empty otherwise.
std::string NamingWords(std::string_view value_text) {
  const size_t chars = utf8::Length(value_text);
  if (chars < 2 || chars > 6) return "";
  if (std::any_of(value_text.begin(), value_text.end(), [](char c) { return (c >= '0' && c <= '9') || c == ' '; }))
    return "";
  return std::string(value_text);
}

bool IsLunchBreak(const Hours& morning, const Hours& afternoon) {
  return !morning.always && !afternoon.always && morning.to <= afternoon.from && morning.to >= "11:00" &&
         morning.to <= "13:30" && afternoon.from >= "11:30" && afternoon.from <= "14:00";
}

}  // namespace

Status RuleSet::Impl::Compile() {
  CaseWords words;
  for (const CaseWordDefine& define : kCaseWordDefines) {
    if (!defines.count(define.name)) continue;
    std::string undefined;
    words.*define.words = ExpandDefines("{{" + std::string(define.name) + "}}", undefined);
    if (!undefined.empty())
      return Status::Error(ErrorKind::kConfig, std::string(define.name) + ": unknown {{" + undefined + "}}");
  }
  std::string error;
  cases = CaseFinder::Create(words, error);
  if (!cases) return Status::Error(ErrorKind::kConfig, "a CASE_* define is not a valid regex: " + error);
  for (auto [name, slot] : {std::pair<const char*, std::unique_ptr<RE2>*>{"EXAMPLE_COLUMN", &example_column},
                            {"ANSWER_COLUMN", &answer_column},
                            {"PLAIN_COLUMN", &plain_column}}) {
    if (!defines.count(name)) continue;
    std::string undefined;
    const std::string regex = ExpandDefines("{{" + std::string(name) + "}}", undefined);
    *slot = std::make_unique<RE2>("\\s*(?:" + regex + ")\\s*", PatternOptions());
    if (!undefined.empty() || !(*slot)->ok())
      return Status::Error(ErrorKind::kConfig, std::string(name) + ": not a valid regex: " + (*slot)->error() + undefined);
  }

  if (rules.empty()) return Status::Ok();  // nothing to screen (FilteredRE2 would log an error)
  const size_t halves = rules.size() >= 16 && std::thread::hardware_concurrency() > 1 ? 2 : 1;
  screen_begin = {0};
  for (size_t k = 1; k <= halves; ++k) screen_begin.push_back(rules.size() * k / halves);
  screens.resize(halves);
  rule_of.resize(halves);
  std::vector<std::vector<std::string>> atoms(halves);
  RunInParallel(halves, [&](size_t k) {
    screens[k] = std::make_unique<re2::FilteredRE2>(/*min_atom_len=*/2);
    for (size_t i = screen_begin[k]; i < screen_begin[k + 1]; ++i) {
      const GapRegex& pattern = *compiled[i].pattern;
      int id = 0;
      // A pattern that parses but does not compile is left out: it can match nothing (its
      // GapRegex fails the same way; kensa check-rules reports it).
      if (screens[k]->Add(pattern.relaxed_pattern(), PatternOptions(), &id) == RE2::NoError) {
        rule_of[k].push_back(i);
        pattern.Adopt(screens[k]->GetRE2(id));
      }
    }
    if (screens[k]->NumRegexps() > 0) screens[k]->Compile(&atoms[k]);
  });
  // One automaton for the atoms of both screens.
  std::map<std::string, size_t> index_of;
  std::vector<std::string> unique;
  for (size_t k = 0; k < halves; ++k) {
    for (size_t a = 0; a < atoms[k].size(); ++a) {
      auto [it, added] = index_of.emplace(atoms[k][a], unique.size());
      if (added) {
        unique.push_back(atoms[k][a]);
        atom_owners.emplace_back();
      }
      atom_owners[it->second].push_back({k, static_cast<int>(a)});
    }
  }
  atom_screen = std::make_unique<LiteralScreen>(unique);
  return Status::Ok();
}

// Returns the rules that may match text (in rule order).
std::vector<int> RuleSet::Impl::Candidates(const std::string& text) const {
  if (!atom_screen) return {};  // no rules
  // The filter's atoms are lowercase: lowercase the ASCII letters (UTF-8 sequences are untouched).
  std::string lower = text;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::vector<std::vector<int>> atom_hits(screens.size());
  for (int found : atom_screen->Find(lower)) {
    for (const auto& [k, atom] : atom_owners[found]) atom_hits[k].push_back(atom);
  }
  std::vector<int> candidates;
  for (size_t k = 0; k < screens.size(); ++k) {
    if (screens[k]->NumRegexps() == 0) continue;
    std::vector<int> ids;
    std::sort(atom_hits[k].begin(), atom_hits[k].end());
    screens[k]->AllPotentials(atom_hits[k], &ids);
    for (int id : ids) candidates.push_back(static_cast<int>(rule_of[k][id]));
  }
  std::sort(candidates.begin(), candidates.end());
  return candidates;
}

RuleSet::RuleSet(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
RuleSet::~RuleSet() = default;

Result<std::shared_ptr<const RuleSet>> RuleSet::Load(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return Result<std::shared_ptr<const RuleSet>>::Error(ErrorKind::kConfig, dir + ": patterns directory not found");
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".toml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  auto impl = std::make_unique<Impl>();
  uint64_t fingerprint = Fnv1a("");
  std::vector<toml::table> roots(files.size());
  for (size_t i = 0; i < files.size(); ++i) {
    std::ifstream in(files[i], std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    if (!in) return Result<std::shared_ptr<const RuleSet>>::Error(ErrorKind::kConfig, files[i].string() + ": cannot read");
    const std::string text = buffer.str();
    fingerprint = Fnv1a(files[i].filename().string() + '\0' + text, fingerprint);
    if (Status s = ParseRuleFile(text, files[i].string(), roots[i]); !s.ok()) return s;
    if (Status s = impl->AddDefines(roots[i], files[i].string()); !s.ok()) return s;
  }
  for (size_t i = 0; i < files.size(); ++i) {
    if (Status s = impl->AddFile(roots[i], files[i].string()); !s.ok()) return s;
  }
  if (impl->rules.empty())
    return Result<std::shared_ptr<const RuleSet>>::Error(ErrorKind::kConfig, dir + ": no rules in *.toml");
  if (Status s = impl->Compile(); !s.ok()) return s;
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(fingerprint));
  impl->version = hex;
  return std::shared_ptr<const RuleSet>(new RuleSet(std::move(impl)));
}

Result<std::shared_ptr<const RuleSet>> RuleSet::LoadText(const std::string& toml, const std::string& name) {
  auto impl = std::make_unique<Impl>();
  toml::table root;
  if (Status s = ParseRuleFile(toml, name, root); !s.ok()) return s;
  if (Status s = impl->AddDefines(root, name); !s.ok()) return s;
  if (Status s = impl->AddFile(root, name); !s.ok()) return s;
  if (Status s = impl->Compile(); !s.ok()) return s;
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(Fnv1a(toml)));
  impl->version = hex;
  return std::shared_ptr<const RuleSet>(new RuleSet(std::move(impl)));
}

std::vector<std::string> RuleSet::CompileAll() const {
  std::vector<std::string> problems;
  for (const auto& [regex, where] : impl_->compiled_later) {
    if (!regex->CompileAll()) problems.push_back(where + " regex is too large for RE2 to compile");
  }
  return problems;
}

const std::vector<Rule>& RuleSet::rules() const { return impl_->rules; }
const std::string& RuleSet::version() const { return impl_->version; }

// Replaces [begin, end) of text by blanks: one blank code point of the same byte length per code
// point, so that byte offsets and the character counts of patterns' gaps ([^。]{0,60}) stay.
void BlankOut(std::string& text, size_t begin, size_t end) {
  static constexpr std::string_view kBlanks[] = {"", " ", "\u00a0", "\u3000", "    "};
  for (size_t pos = begin; pos < end;) {
    const size_t start = pos;
    utf8::Next(text, pos);
    text.replace(start, pos - start, kBlanks[std::min<size_t>(pos - start, 4)]);
  }
}

// Blanks a checklist's fill-in instructions, "(1ヵ月前、3ヵ月前…等の単位で記述)", "(何世代前までかを記述)",
// "(例：…)", so their sample values are not read as answers.
std::string MaskInstructions(const std::string& text) {
  static const GapRegex kInstruction(R"([(（][^()（）]{0,80}?(?:記述|記入|例えば|例:|例：|の単位)[^()（）]{0,40}?[)）])",
                                      PatternOptions());
  std::string masked = text;
  re2::StringPiece match;
  for (size_t pos = 0; kInstruction.Match(text, pos, text.size(), RE2::UNANCHORED, &match, 1);) {
    const size_t at = match.data() - text.data();
    BlankOut(masked, at, at + match.size());
    pos = at + std::max<size_t>(match.size(), 1);
  }
  // A note in brackets that ends with a full stop, "(バックアップに含まれるものを含みます。)",
  // "(以下、「月間稼働率」といいます。)", does not end the sentence around it for the rules' gaps
  // either (the passages stage does not cut there). A full stop inside a longer bracket stays: it
  // may close a clause a negation ends with.
  static constexpr std::string_view kStopClose[] = {"。)", "。）"};
  for (std::string_view stop : kStopClose) {
    for (size_t at = masked.find(stop); at != std::string::npos; at = masked.find(stop, at + 1))
      BlankOut(masked, at, at + std::string_view("。").size());
  }
  return masked;
}

namespace {

// The first of these groups that took part in the match, or null.
const re2::StringPiece* FirstTaken(const std::vector<int>& indices, const std::vector<re2::StringPiece>& groups) {
  for (int index : indices)
    if (groups[index].data() != nullptr) return &groups[index];
  return nullptr;
}

// Reads the values a rule's value text states (hours may give two windows); empty when none.
std::vector<Value> ReadValues(const FieldSpec& field, const std::string& captured) {
  std::vector<Value> values;
  if (field.type == ValueType::kHours) {
    for (Hours& h : ParseHours(captured)) values.push_back(std::move(h));
  } else if (field.type == ValueType::kEnum || field.type == ValueType::kSet) {
    if (auto member = CanonicalMember(field, captured)) values.push_back(*member);
  } else if (auto v = ParseValue(field.type, captured)) {
    values.push_back(std::move(*v));
  }
  return values;
}

// Returns the condition nearest before a value: the last match of the rule's condition regex in
// [segment_begin, value_begin) ("単一障害で2時間、複合障害で24時間" gives each value its own), else
// the first match in the whole passage; its first group if it has one.
std::string ConditionFor(const GapRegex& condition, const std::string& text, size_t segment_begin, size_t value_begin) {
  const int n = std::min(2, condition.NumberOfCapturingGroups() + 1);
  re2::StringPiece groups[2];
  auto pick = [&]() {
    const re2::StringPiece& chosen = (n == 2 && groups[1].data()) ? groups[1] : groups[0];
    return std::string(chosen.data(), chosen.size());
  };
  std::string nearest;
  for (size_t pos = segment_begin;
       pos < value_begin && condition.Match(text, pos, value_begin, RE2::UNANCHORED, groups, n);) {
    nearest = pick();
    const size_t end = groups[0].data() - text.data() + groups[0].size();
    pos = end > pos ? end : pos + 1;
  }
  if (!nearest.empty()) return nearest;
  if (condition.Match(text, 0, text.size(), RE2::UNANCHORED, groups, n)) return pick();
  return std::string();
}

}  // namespace

namespace {

// The cells of a table row as [begin, end) offsets.
RuleSet::Cells SplitCells(const std::string& text) {
  std::vector<std::pair<size_t, size_t>> cells;
  for (size_t begin = 0;;) {
    const size_t tab = text.find('\t', begin);
    cells.emplace_back(begin, tab == std::string::npos ? text.size() : tab);
    if (tab == std::string::npos) break;
    begin = tab + 1;
  }
  return cells;
}

}  // namespace

// For each cell of a row of a table that compares (its first row names three or more columns and
// the cells line up with them): the name of the cell's column when that column says whose value it
// is (a plan, a kind), not the item's (the first), an answer, example or plain column, and the cell
// holds a short value; else null. Empty for any other passage.
std::vector<const std::string*> RuleSet::ComparedColumns(const Passage& passage, const Cells& cells,
                                                         const std::string& masked) const {
  if (passage.columns.size() < 3 || cells.size() != passage.columns.size()) return {};
  std::vector<const std::string*> compared(cells.size(), nullptr);
  for (size_t k = 1; k < cells.size(); ++k) {
    const std::string& name = passage.columns[k];
    const auto [begin, end] = cells[k];
    if (name.empty() || utf8::Length(std::string_view(masked).substr(begin, end - begin)) > 30) continue;
    bool plain = false;
    for (const RE2* generic : {impl_->answer_column.get(), impl_->example_column.get(), impl_->plain_column.get()})
      plain = plain || (generic && RE2::FullMatch(name, *generic));
    if (!plain) compared[k] = &name;
  }
  return compared;
}

// A table whose first row names its columns: the guideline's example column ("設定例") is no answer
// and is blanked; a column named as the answer ("回答") is where the answer begins.
void RuleSet::ReadColumns(const Passage& passage, const Cells& cells, std::string& masked, size_t& answer_begin,
                          size_t& answer_end) const {
  if (passage.columns.empty() || cells.size() != passage.columns.size()) return;
  for (size_t k = 0; k < cells.size(); ++k) {
    const std::string& name = passage.columns[k];
    if (impl_->example_column && RE2::FullMatch(name, *impl_->example_column)) BlankOut(masked, cells[k].first, cells[k].second);
    if (impl_->answer_column && RE2::FullMatch(name, *impl_->answer_column)) {
      answer_begin = cells[k].first;  // the first column may be the answer ("回答 | 項目名 | 説明")
      answer_end = cells[k].second;
    }
  }
}

std::vector<Finding> RuleSet::Apply(const Passage& passage, const Tokenizer& tokenizer) const {
  std::vector<Finding> findings;
  std::string masked = MaskInstructions(passage.text);
  const std::vector<int> hits = impl_->Candidates(masked);
  if (hits.empty()) return findings;

  std::string section;
  for (const std::string& heading : passage.section_path) {
    if (!section.empty()) section += " > ";
    section += heading;
  }
  // In a table row the last cell answers the label cells before it.
  size_t answer_begin = 0, answer_end = masked.size();
  Cells cells;                               // a table row's cells
  std::vector<const std::string*> compared;  // their columns, where the row compares (ComparedColumns)
  if (passage.kind == PassageKind::kTableRow) {
    if (size_t tab = masked.rfind('\t'); tab != std::string::npos) answer_begin = tab + 1;
    cells = SplitCells(masked);
    ReadColumns(passage, cells, masked, answer_begin, answer_end);
    compared = ComparedColumns(passage, cells, masked);
  }
  // The compared column holding an offset, or null.
  const auto compared_at = [&](size_t offset) -> const std::string* {
    for (size_t k = 0; k < compared.size(); ++k)
      if (compared[k] && offset >= cells[k].first && offset <= cells[k].second) return compared[k];
    return nullptr;
  };
  // "はい。6時間です。": the full stop after a bare yes/no must not end the answer for the rules' gaps.
  if (answer_begin > 0) {
    static const RE2 kBareAnswer(R"(^(?:はい|いいえ|有り|無し|あり|なし|有|無|(?i:yes|no))\s*(。))");
    re2::StringPiece stop;
    if (RE2::PartialMatch(re2::StringPiece(masked).substr(answer_begin), kBareAnswer, &stop)) {
      const size_t at = stop.data() - masked.data();
      BlankOut(masked, at, at + stop.size());
    }
  }
  // A row whose label is a question or a requirement ("…していますか", "…できること。"): the label
  // cells up to the last one that asks (a mark column "◎" may stand between it and the answer).
  static const RE2 kQuestionEnd(R"((?:か|\?|こと|ください)。?\s*$)");
  size_t question_end = 0;  // where the last label cell that asks ends
  for (size_t tab = masked.find('\t'); tab != std::string::npos && tab < answer_begin; tab = masked.find('\t', tab + 1)) {
    if (RE2::PartialMatch(re2::StringPiece(masked.data(), tab), kQuestionEnd)) question_end = tab;
  }
  const bool question_label = question_end > 0;
  // Whether the first cell after the question says yes (はい, 有, ◎), and whether the question offers
  // alternatives ("ISMS又はPマークを取得していること": a yes to them says not which).
  static const RE2 kAlternatives(R"(又は|または|もしくは|若しくは|いずれか|等|など)");
  const bool question_affirmed =
      question_label && ParseBool(std::string_view(masked).substr(question_end + 1)).value_or(false);
  const bool question_offers_alternatives =
      question_label && RE2::PartialMatch(re2::StringPiece(masked.data(), question_end), kAlternatives);
  TokenBoundaries boundaries(masked, tokenizer);
  for (int index : hits) {
    const Rule& rule = impl_->rules[index];
    const CompiledRule& c = impl_->compiled[index];
    if (passage.kind == PassageKind::kHeading && !c.in_headings) continue;
    if (c.context && !c.context->PartialMatch(section) && !c.context->PartialMatch(passage.lead) &&
        !c.context->PartialMatch(masked))
      continue;
    if (c.veto_section && c.veto_section->PartialMatch(section)) continue;
    if (c.veto && c.veto->PartialMatch(masked)) continue;
    // Each rule works on its own copy: a year it rejects as a value is blanked for its next try.
    std::string text = masked;

    auto emit = [&](std::vector<Value> values, const std::string& condition, size_t quote_begin, size_t quote_end,
                    size_t value_begin, size_t value_end) {
      // The case each value is for, given to it when its field turns out to have several values.
      std::string case_words;
      // A value under a named column of a table that compares (plans, kinds): the column's name,
      // which says more than any word of the rule's own (it is the condition then).
      bool by_column = false;
      if (impl_->cases) {
        if (const std::string* column = compared_at(value_begin)) case_words = impl_->cases->Clean(*column);
        by_column = !case_words.empty();
      }
      if (impl_->cases && case_words.empty()) {
        const bool hours = rule.field->type == ValueType::kHours;
        // The masked text: a guideline's example cell is no case either.
        case_words = impl_->cases->Find(masked, value_begin, value_end, passage.section_path, hours, passage.lead);
        if (hours) {
          const std::string days = impl_->cases->DaysBefore(masked, value_begin, value_end);
          if (!days.empty() && case_words.find(days) == std::string::npos)
            case_words = case_words.empty() ? days : case_words + "、" + days;
        }
      }
      const bool approx = impl_->cases && impl_->cases->Approximate(masked, value_begin, value_end);
      const bool lunch_break = values.size() == 2 && std::holds_alternative<Hours>(values[0]) &&
                               std::holds_alternative<Hours>(values[1]) && IsLunchBreak(std::get<Hours>(values[0]),
                                                                                        std::get<Hours>(values[1]));
      for (size_t i = 0; i < values.size(); ++i) {
        Value& v = values[i];
        Finding f;
        f.derived_condition = lunch_break ? case_words + (i == 0 ? "午前" : "午後") : case_words;
        if (values.size() == 1 && !std::holds_alternative<bool>(v) && !std::holds_alternative<std::string>(v))
          f.value_words = NamingWords(std::string_view(text).substr(value_begin, value_end - value_begin));
        f.approx = approx && !std::holds_alternative<bool>(v) && !std::holds_alternative<std::string>(v);
        f.field = std::string(rule.field->id);
        f.value = std::move(v);
        f.condition = by_column ? case_words : condition;
        f.page = passage.page;
        f.quote = CutQuote(passage.text, quote_begin, quote_end);
        f.rule = rule.id;
        f.begin = passage.begin;
        f.end = passage.end;
        f.fallback = c.fallback;
        findings.push_back(std::move(f));
      }
    };

    const int group_count = c.pattern->NumberOfCapturingGroups() + 1;
    std::vector<re2::StringPiece> groups(group_count);
    size_t pos = 0;
    while (pos <= text.size() &&
           c.pattern->Match(text, pos, text.size(), RE2::UNANCHORED, groups.data(), group_count)) {
      const size_t match_begin = groups[0].data() - text.data();
      const size_t match_end = match_begin + groups[0].size();
      pos = match_end;
      if (match_end == match_begin) utf8::Next(text, pos);

      if (c.veto_after && c.veto_after->Match(text, match_end, text.size(), RE2::ANCHOR_START, nullptr, 0))
        continue;
      const re2::StringPiece* taken_value = FirstTaken(c.value_groups, groups);
      const bool has_value = taken_value != nullptr;
      const re2::StringPiece& value_piece = has_value ? *taken_value : groups[0];
      const size_t value_begin = value_piece.data() - text.data();
      if (c.veto_before) {
        // The 80 characters before the value (or the match) must not end with it: "実績は99.98%".
        const std::string_view before(text.data(), value_begin);
        if (c.veto_before->PartialMatch(LastChars(before, 80))) continue;
      }

      std::vector<Value> values;
      if (c.constant) {
        values.push_back(*c.constant);
      } else if (has_value && (rule.field->type == ValueType::kDuration || rule.field->type == ValueType::kFrequency) &&
                 IsQualifiedYear(text, value_begin, value_begin + value_piece.size())) {
        // "平均復旧時間(過去1年間の実績) 90分": try the same match again without that year.
        BlankOut(text, value_begin, value_begin + value_piece.size());
        pos = match_begin;
        continue;
      } else if (has_value) {
        values = ReadValues(*rule.field, std::string(value_piece.data(), value_piece.size()));
      }
      if (values.empty()) continue;

      const re2::StringPiece* taken_anchor = FirstTaken(c.anchor_groups, groups);
      const re2::StringPiece& anchor_piece = taken_anchor ? *taken_anchor : groups[0];
      const size_t anchor = anchor_piece.data() - text.data();
      // The label cell only names what a row asks about, unless it asks a question answered yes:
      // "ISMS認証を取得していますか? | はい" holds ISMS.
      const bool asked_and_affirmed = match_end <= question_end && c.constant && question_affirmed &&
                                      !question_offers_alternatives;
      if (c.in_answer && (anchor < answer_begin || anchor >= answer_end) && !asked_and_affirmed) continue;
      // A value stated wholly in a question ("契約終了時に…消去すること" asks for deletion at
      // termination) is the question's, not the answer's; a fixed value the question names ("通信は
      // 暗号化されていますか") stands only when the first cell after it is a plain yes (はい, 有, ◎).
      // (A duration the question names, "契約終了時に消去すること", stays the question's.)
      if (question_label && match_end <= question_end && rule.field->type != ValueType::kBool &&
          (!c.constant || std::holds_alternative<Duration>(*c.constant) || !question_affirmed))
        continue;
      // A Latin keyword must stand as a word of its own ("DR" not inside "DRAM", "SSO" not inside
      // "ESSO"): where Latin letters or digits go on across its edge, MeCab's token boundaries
      // decide. A Japanese character next to it ends the Latin word ("IP制限", one dictionary word).
      if (!anchor_piece.empty()) {
        const size_t anchor_end = anchor + anchor_piece.size();
        const bool latin_before = anchor > 0 && IsAsciiAlnum(text[anchor - 1]);
        const bool latin_after = anchor_end < text.size() && IsAsciiAlnum(text[anchor_end]);
        if ((IsAsciiAlnum(text[anchor]) && latin_before && !boundaries.At(anchor)) ||
            (IsAsciiAlnum(text[anchor_end - 1]) && latin_after && !boundaries.At(anchor_end)))
          continue;
      }
      const std::optional<bool> marks =
          rule.field->type == ValueType::kBool ? MarksAnswer(std::string_view(text).substr(match_end)) : std::nullopt;
      if (c.negatable && marks) {
        if (!*marks) for (Value& v : values) v = !std::get<bool>(v);
      } else if (c.negatable && Negated(text, anchor, answer_begin, rule.field->type, tokenizer)) {
        if (rule.field->type != ValueType::kBool) continue;
        for (Value& v : values) v = !std::get<bool>(v);
      }
      emit(std::move(values), c.condition ? ConditionFor(*c.condition, text, 0, value_begin) : "",
           match_begin, match_end, value_begin, value_begin + value_piece.size());
      // A table that compares (a column per plan): the value's row gives one value in each later
      // column, "操作ログの保存期間 | 3か月 | 1年 | 5年" (not a yes/no: × under one plan and ○ under
      // another is a feature by plan, read as available).
      if (has_value && rule.field->type != ValueType::kBool && compared_at(value_begin)) {
        for (size_t k = 0; k < cells.size(); ++k) {
          const auto [cell_begin, cell_end] = cells[k];
          if (!compared[k] || cell_begin <= value_begin) continue;
          std::vector<Value> further = ReadValues(*rule.field, masked.substr(cell_begin, cell_end - cell_begin));
          if (!further.empty()) emit(std::move(further), "", cell_begin, cell_end, cell_begin, cell_end);
        }
        pos = text.size() + 1;  // the row is read
      }

      // Further values of an enumeration in the same sentence ("…で2時間、…で12時間").
      size_t segment_begin = value_begin + value_piece.size();
      re2::StringPiece more[2];
      while (c.then && has_value &&
             c.then->Match(text, segment_begin, text.size(), RE2::ANCHOR_START, more, 2) && more[1].data()) {
        const size_t more_begin = more[1].data() - text.data();
        // not_before holds for each further value too ("RTO 1時間、RPO 15分": 15分 is the RPO's).
        if (c.veto_before && c.veto_before->PartialMatch(LastChars(std::string_view(text.data(), more_begin), 80))) break;
        std::vector<Value> further = ReadValues(*rule.field, std::string(more[1].data(), more[1].size()));
        if (further.empty()) break;
        emit(std::move(further), c.condition ? ConditionFor(*c.condition, text, segment_begin, more_begin) : "",
             match_begin, more_begin + more[1].size(), more_begin, more_begin + more[1].size());
        segment_begin = more_begin + more[1].size();
        pos = std::max(pos, segment_begin);
      }
    }
  }
  return findings;
}

}  // namespace kensa
