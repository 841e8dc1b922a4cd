// One compiled rule, and what it finds in one passage, in the steps a reader can follow:
//   admit the passage (context, not, not_section) → for each match of the pattern: vetoes around it
//   (not_after, not_before) → its values (a constant, else the value group parsed; a year is no
//   span) → does it stand where it is (in_answer, a question's label, a Latin word's edges) → its
//   polarity (○/× marks, negation) → emit it with its case → the further values of a compared row
//   and of a `then` enumeration.
// Internal to the rules stage: RuleSet compiles the rules and screens a passage; ApplyRule runs one.
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <vector>

#include "findings/finding.h"
#include "rules/case_finder.h"
#include "rules/gap_regex.h"
#include "rules/passage_view.h"
#include "rules/rule_spec.h"

namespace kensa {

struct Rule;

struct CompiledRule {
  // Shared: rules often repeat a veto or a context. Null where the rule has no such key.
  std::array<std::shared_ptr<const GapRegex>, kRegexKeys> regexes;
  // Indices of (?P<value>…) and of the same group in other alternatives, (?P<value2>…) …: the first
  // that took part in a match is the value. Likewise (?P<anchor>…), where negation is judged.
  std::vector<int> value_groups, anchor_groups;
  std::optional<Value> constant;  // value = …, or true for a bool rule without a value group
  bool negatable = true;
  bool fallback = false;
  bool in_answer = false;
  bool in_headings = false;

  const GapRegex* regex(RegexKey key) const { return regexes[key].get(); }
};

// Appends what `rule` finds in the passage to `findings`. `cases` may be null (no conditions are
// derived then). `view.boundaries` is filled on first need.
void ApplyRule(const Rule& rule, const CompiledRule& compiled, PassageView& view, const CaseFinder* cases,
               const Tokenizer& tokenizer, std::vector<Finding>& findings);

}  // namespace kensa
