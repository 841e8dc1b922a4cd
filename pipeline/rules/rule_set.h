// Stage 5, rules: the analyst-editable rules of patterns/*.toml, compiled into RE2 programs, and
// their application to passages.
//
// A rule file is TOML (literal strings '''…''' keep regexes free of double escaping):
//
//   field = "rto"                      # default field for the rules below
//   [[rule]]
//   id = "rto.label-value"             # unique across patterns/
//   pattern = '''(?:目標復旧時間|RTO)[^。]{0,30}?(?P<value>\d+(?:\.\d+)?時間)'''
//                                      # (alternatives name theirs value2, value3 … and anchor2 …)
//   condition = '''(単一障害|複合障害)''' # optional: first group (or the match) nearest before the
//                                      # value becomes `condition`
//   context = '''障害|復旧'''            # optional: must match the section path, the passage or
//                                      # its lead (the start of its paragraph or list item)
//   not = '''予定|過去'''                 # optional: the passage must not match
//   not_section = '''メンテナンス'''      # optional: the section path must not match
//   not_after = '''等'''                  # optional: must not match right after the match
//   not_before = '''実績は'''             # optional: the 80 characters before the value (or the
//                                      # match), and before each value `then` adds, must not end with it
//   value = true                       # optional constant; else the `value` group is parsed
//   then = '''[^。]{0,30}?、[^。]{0,30}?({{DURATION}})'''
//                                      # optional: after a value, a further value of the same
//                                      # enumeration (its first group), repeatedly
//   negatable = true                   # default true for bool/enum/set fields (false for a rule
//                                      # whose constant is false): a negated statement gives false
//                                      # for a bool field and no finding for an enum or set field
//   fallback = true                    # optional: dropped when the field has a non-fallback finding
//   in_answer = true                   # optional: in a table row, only a match in the answer (last)
//                                      # cell counts (the label cell only names what it asks about)
//   in_headings = true                 # optional: the rule also reads headings ("[更新日:2024年9月2日]"
//                                      # carries the document's date); others read only passages
//   examples = [ { text = "…", value = { amount = 1, unit = "hour" }, condition = "単一障害" } ]
//   counterexamples = [ "…" ]          # must give no finding from this rule
//
// All rules are screened in one pass: RE2's FilteredRE2 derives the literals each rule's matches
// must contain, an Aho-Corasick automaton finds those literals in the passage, and only the rules
// that can match are run for their captures (bounded gaps as unbounded ones, checked after the
// match: see gap_regex.h). Loading checks everything it can (TOML syntax, unknown keys and
// fields, regex syntax, example values) and fails with kConfig naming the file and line. Only the
// rule patterns are compiled then; the other regexes compile on first use (CompileAll: all now).
// Thread-safe: a loaded RuleSet does not change what it finds; Apply may be called from several
// threads (a first use compiles once).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "fields/field_catalogue.h"
#include "passages/passage_splitter.h"
#include "tokens/tokenizer.h"
#include "values/value.h"

namespace kensa {

struct Finding {
  std::string field;
  Value value;
  std::string condition;
  int page = 0;
  std::string quote;         // the passage, cut to at most ~200 characters around the match
  std::string rule;          // rule id
  size_t begin = 0;          // offsets of the passage the finding came from in NormalizedText
  size_t end = 0;
  bool fallback = false;
  // The case the value is for, in the passage's own words (case_finder.h): the extractor makes it
  // the condition when the field has several values and the rule named none.
  std::string derived_condition;
  // The value's own words when they name it without a number ("日次", "月次"): what tells two values
  // apart when the passage gives both the same case ("日次で35日分、月次で1年分").
  std::string value_words;
  bool approx = false;  // stated as approximate ("約4時間", "4時間程度"): the output's "approx": true
};

struct RuleExample {
  std::string text;
  std::optional<Value> value;  // nullopt: only "fires"
  std::string condition;       // empty: not checked
};

struct Rule {
  std::string id;
  const FieldSpec* field = nullptr;
  std::string pattern;
  std::vector<std::string> regexes;  // every regex of the rule (pattern, not, then…), as compiled
  std::string file;  // where it was defined, for messages
  int line = 0;
  std::vector<RuleExample> examples;
  std::vector<std::string> counterexamples;
};

struct RuleFileOptions;

class RuleSet {
 public:
  // Loads every *.toml file under dir (sorted by name). Fails with kConfig "FILE:LINE: problem".
  static Result<std::shared_ptr<const RuleSet>> Load(const std::string& dir);
  // Loads rules from one TOML text (for tests); `name` is used in messages.
  static Result<std::shared_ptr<const RuleSet>> LoadText(const std::string& toml, const std::string& name);
  ~RuleSet();

  // Applies every rule to one passage (to a heading, only the rules marked in_headings); findings
  // come in rule order, then match order.
  std::vector<Finding> Apply(const Passage& passage, const Tokenizer& tokenizer) const;

  // Compiles every regex now (loading only parses most of them; each compiles on first use).
  // Returns "FILE:LINE: rule ID: KEY regex is too large for RE2 to compile" per failure.
  std::vector<std::string> CompileAll() const;

  const std::vector<Rule>& rules() const;
  // A short fingerprint of all rule files' contents (hex), stored with every answer.
  const std::string& version() const;

  struct Impl;
  using Cells = std::vector<std::pair<size_t, size_t>>;  // a table row's cells, [begin, end)

 private:
  void ReadColumns(const Passage& passage, const Cells& cells, std::string& masked, size_t& answer_begin,
                   size_t& answer_end) const;
  std::vector<const std::string*> ComparedColumns(const Passage& passage, const Cells& cells,
                                                  const std::string& masked) const;
  explicit RuleSet(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace kensa
