// Stage 5, rules: the analyst-editable rules of patterns/*.toml, compiled into RE2 programs, and
// their application to passages. patterns/README.md is the analyst's manual (every key of a rule,
// [define]s, examples); rule_spec.h declares the keys.
//
// How a passage is read (rule_set.cc, passage_view.h, rule_match.h):
//   1. screen: RE2's FilteredRE2 derives the literals each rule's matches must contain, an
//      Aho-Corasick automaton finds those literals in the passage, and only the rules that can match
//      are run for their captures (bounded gaps as unbounded ones, checked after the match: see
//      gap_regex.h);
//   2. the passage's view, once: fill-in instructions and example columns blanked, a table row's
//      cells, answer cell, compared columns and question;
//   3. each candidate rule, in order (rule_match.h): admit → match → vetoes → values → stands →
//      polarity → emit with its case → further values.
// Loading checks everything it can (TOML syntax, unknown keys and fields, regex syntax, example
// values) and fails with kConfig naming the file and line. Only the rule patterns are compiled then;
// the other regexes compile on first use (CompileAll: all now).
// Thread-safe: a loaded RuleSet does not change what it finds; Apply may be called from several
// threads (a first use compiles once).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "fields/field_catalogue.h"
#include "findings/finding.h"
#include "rules/rule_spec.h"
#include "passages/passage_splitter.h"
#include "tokens/tokenizer.h"
#include "values/value.h"

namespace kensa {

struct Rule {
  std::string id;
  const FieldSpec* field = nullptr;
  std::string pattern;  // with its {{NAME}}s expanded
  std::vector<std::string> regexes;  // every regex of the rule (pattern, not, then…), as compiled
  std::string file;  // where it was defined, for messages
  int line = 0;
  std::vector<RuleExample> examples;
  std::vector<std::string> counterexamples;
};

// The defines the engine gives every rule file (kVocabularyDefines), by name.
std::map<std::string, std::string> VocabularyDefines();

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

 private:
  explicit RuleSet(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Returns the version of RE2 this build was configured with (RE2 exposes none itself: the Debian
// package version when dpkg-query knew it, else "unknown"), for kensa --version.
std::string Re2Version();

}  // namespace kensa
