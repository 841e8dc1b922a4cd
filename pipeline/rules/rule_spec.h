// One rule as an analyst writes it in patterns/*.toml, read into a plain struct before anything is
// compiled, and the table of every key a rule may have. That table is the one declaration of a key:
// the parser accepts what it lists, `kensa check-rules` and the tests check that patterns/README.md
// documents each, and the rule engine reads the slots it names. To add a key: a row here (and, for a
// regex or a flag, its slot in RegexKey or FlagKey), its use in rule_match.cc, its entry in
// patterns/README.md.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fields/field_catalogue.h"
#include "values/value.h"

namespace kensa {

// The regexes a rule may have, each a slot of RuleSpec::regexes (its source) and of the compiled rule.
enum RegexKey : size_t {
  kPattern,     // pattern: what the rule finds; (?P<value>…) is the value, (?P<anchor>…) where negation is judged
  kCondition,   // condition: its first group nearest before the value is the finding's condition
  kContext,     // context: must match the section path, the passage or its lead
  kNot,         // not: the passage must not match
  kNotSection,  // not_section: the section path must not match
  kNotAfter,    // not_after: must not match right after the match
  kNotBefore,   // not_before: the 80 characters before the value must not end with it
  kThen,        // then: after a value, a further value of the same enumeration (its first group)
  kRegexKeys
};

// The yes/no keys of a rule, each a slot of RuleSpec::flags.
enum FlagKey : size_t {
  kNegatable,   // a negated statement flips a bool / drops an enum or set value (default by type)
  kFallback,    // dropped when the field has a non-fallback finding
  kInAnswer,    // in a table row, only a match in the answer (last) cell counts
  kInHeadings,  // the rule also reads headings
  kFlagKeys
};

enum class RuleKeyKind { kText, kRegex, kFlag, kValue, kExamples, kCounterexamples };

struct RuleKey {
  std::string_view name;  // as written in TOML
  RuleKeyKind kind;
  size_t slot;            // RegexKey or FlagKey for those kinds, else 0
  std::string_view summary;  // one line; patterns/README.md says the rest
};

inline constexpr RuleKey kRuleKeys[] = {
    {"id", RuleKeyKind::kText, 0, "unique across patterns/: field.what-it-reads"},
    {"field", RuleKeyKind::kText, 0, "the field the rule answers (default: the file's field)"},
    {"note", RuleKeyKind::kText, 0, "what the rule reads, for the analyst"},
    {"pattern", RuleKeyKind::kRegex, kPattern, "what the rule finds"},
    {"condition", RuleKeyKind::kRegex, kCondition, "the case nearest before the value"},
    {"context", RuleKeyKind::kRegex, kContext, "must match the section path, the passage or its lead"},
    {"not", RuleKeyKind::kRegex, kNot, "the passage must not match"},
    {"not_section", RuleKeyKind::kRegex, kNotSection, "the section path must not match"},
    {"not_after", RuleKeyKind::kRegex, kNotAfter, "must not match right after the match"},
    {"not_before", RuleKeyKind::kRegex, kNotBefore, "the text before the value must not end with it"},
    {"then", RuleKeyKind::kRegex, kThen, "a further value of the same enumeration"},
    {"value", RuleKeyKind::kValue, 0, "a constant value instead of the value group"},
    {"negatable", RuleKeyKind::kFlag, kNegatable, "whether a negated statement counts against"},
    {"fallback", RuleKeyKind::kFlag, kFallback, "yields to any specific finding of its field"},
    {"in_answer", RuleKeyKind::kFlag, kInAnswer, "in a table row, only the answer cell counts"},
    {"in_headings", RuleKeyKind::kFlag, kInHeadings, "the rule also reads headings"},
    {"examples", RuleKeyKind::kExamples, 0, "texts the rule must find, with the value and condition"},
    {"counterexamples", RuleKeyKind::kCounterexamples, 0, "texts the rule must not find anything in"},
};

// The defines the engine gives every rule file from dictionaries/vocabulary.toml (the answers read by
// "rules"), unless a file defines the name itself: a checklist row's answer mark or word.
inline constexpr std::string_view kVocabularyDefines[] = {"ANSWER_YES", "ANSWER_NO"};

// The keys a rule file may have at its top.
inline constexpr std::string_view kRuleFileKeys[] = {"field", "rule", "define"};

struct RuleExample {
  std::string text;
  std::optional<Value> value;  // nullopt: only "fires"
  std::string condition;       // empty: not checked
};

struct RuleSpec {
  std::string id;
  const FieldSpec* field = nullptr;
  std::string note;
  std::array<std::string, kRegexKeys> regexes;  // as written ({{NAME}} not expanded); empty: absent
  std::array<int, kRegexKeys> regex_lines{};     // the line of each, for messages
  std::array<std::optional<bool>, kFlagKeys> flags;
  std::optional<Value> constant;  // value = …
  std::vector<RuleExample> examples;
  std::vector<std::string> counterexamples;
  std::string file;  // where it was defined, for messages
  int line = 0;
};

// The key of kRuleKeys with this name, or null.
const RuleKey* FindRuleKey(std::string_view name);

}  // namespace kensa
