#include "regress/scorer.h"

#include <algorithm>

namespace kensa {

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
    if (hit != found.end()) {
      ++c.tp;
      out.matches.push_back({e, *hit});
    } else {
      ++c.fn;
      out.false_negatives.push_back(e);
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
