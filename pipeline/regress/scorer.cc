#include "regress/scorer.h"

#include <algorithm>

#include "common/utf8.h"
#include "fields/field_catalogue.h"
#include "normalize/normalizer.h"

namespace kensa {
namespace {

// A condition as compared: NFKC (as the rules read text), letters and digits only, ASCII lowered.
std::u32string Folded(const std::string& condition) {
  const std::string text = NormalizeString(condition);
  std::u32string out;
  for (size_t pos = 0; pos < text.size();) {
    char32_t cp = utf8::Next(text, pos);
    if (cp >= 'A' && cp <= 'Z') cp = cp - 'A' + 'a';
    if (utf8::IsKana(cp) || utf8::IsKanji(cp) || utf8::IsAsciiDigit(cp) || utf8::IsAsciiAlpha(cp)) out += cp;
  }
  return out;
}

// Length of the longest common substring (conditions are short: quadratic is fine).
size_t LongestCommon(const std::u32string& a, const std::u32string& b) {
  std::vector<size_t> previous(b.size() + 1, 0), current(b.size() + 1, 0);
  size_t best = 0;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      current[j] = a[i - 1] == b[j - 1] ? previous[j - 1] + 1 : 0;
      best = std::max(best, current[j]);
    }
    std::swap(previous, current);
  }
  return best;
}

// Whether a required expected finding's condition is scored: its field is not a set and has two or
// more required expected findings in the document, and it states a condition.
bool ConditionScored(const ExpectedFinding& e, const std::vector<ExpectedFinding>& expected) {
  const FieldSpec* spec = FindField(e.field);
  if (e.condition.empty() || (spec && spec->type == ValueType::kSet)) return false;
  return std::count_if(expected.begin(), expected.end(),
                       [&](const ExpectedFinding& x) { return x.field == e.field && !x.optional; }) >= 2;
}

}  // namespace

bool ConditionAgrees(const std::string& found, const std::string& expected, const std::vector<std::string>& others) {
  const std::u32string f = Folded(found);
  const size_t own = LongestCommon(f, Folded(expected));
  if (own < 2) return false;
  return std::none_of(others.begin(), others.end(),
                      [&](const std::string& other) { return LongestCommon(f, Folded(other)) > own; });
}

ScoredDocument Score(const std::string& document, const std::vector<ExpectedFinding>& expected,
                     const std::vector<Finding>& found) {
  ScoredDocument out;
  out.document = document;
  for (const ExpectedFinding& e : expected) {
    if (e.optional) continue;
    const auto hit = std::find_if(found.begin(), found.end(), [&](const Finding& f) {
      return f.field == e.field && Equivalent(f.value, e.value);
    });
    Counts& c = out.by_field[e.field];
    if (hit == found.end()) {
      ++c.fn;
      out.false_negatives.push_back(e);
      continue;
    }
    ++c.tp;
    out.matches.push_back({e, *hit});
    if (!ConditionScored(e, expected)) continue;
    std::vector<std::string> others;
    for (const ExpectedFinding& x : expected)
      if (&x != &e && x.field == e.field && !x.condition.empty() && x.condition != e.condition)
        others.push_back(x.condition);
    ++c.conditions;
    if (ConditionAgrees(hit->condition, e.condition, others)) {
      ++c.conditions_agreed;
    } else {
      out.condition_disagreements.push_back({e, *hit});
    }
  }
  for (const Finding& f : found) {
    const bool expected_value = std::any_of(expected.begin(), expected.end(), [&](const ExpectedFinding& e) {
      return e.field == f.field && Equivalent(f.value, e.value);
    });
    if (!expected_value) {
      ++out.by_field[f.field].fp;
      out.false_positives.push_back(f);
    }
  }
  for (const auto& [field, counts] : out.by_field) out.total += counts;
  return out;
}

}  // namespace kensa
