// Scoring of found answers against expected answers, as ../shared/gold/README.md defines it: a
// found value matches when it is Equivalent to an expected value of the same field; an expected
// finding marked optional is neither required nor penalised; every other found value without an
// equal expected value is a false positive, every required expected value without an equal found
// value a false negative.
//
// Conditions are scored beside F1 (they never change TP/FP/FN): a match of a multi-value field (two or
// more required expected findings of one field in one document, a field that is not a set) whose
// expected finding states a condition is scored; its found condition agrees when it shares at least
// two characters with the expected one (NFKC, letters and digits only) and no fewer with any other
// expected condition of that field: "単一障害" agrees with "単一障害の場合", not with "複合障害" when the
// other case is "複合障害".
// Thread-safe: pure functions.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "output/json_codec.h"
#include "findings/finding.h"

namespace kensa {

struct Counts {
  int tp = 0, fp = 0, fn = 0;
  int conditions = 0;         // matches whose condition is scored (see above)
  int conditions_agreed = 0;  // ... whose found condition agrees with the expected one
  double Precision() const { return tp + fp ? double(tp) / (tp + fp) : 1.0; }
  double Recall() const { return tp + fn ? double(tp) / (tp + fn) : 1.0; }
  double F1() const { return 2.0 * tp + fp + fn ? 2.0 * tp / (2.0 * tp + fp + fn) : 1.0; }
  double ConditionAgreement() const { return conditions ? double(conditions_agreed) / conditions : 1.0; }
  Counts& operator+=(const Counts& o) {
    tp += o.tp; fp += o.fp; fn += o.fn;
    conditions += o.conditions; conditions_agreed += o.conditions_agreed;
    return *this;
  }
  bool operator==(const Counts&) const = default;
};

// A required expected finding and the found finding that equals it.
struct Match {
  ExpectedFinding expected;
  Finding found;
};

struct ScoredDocument {
  std::string document;
  std::map<std::string, Counts> by_field;   // field id -> counts
  Counts total;
  std::vector<Finding> false_positives;
  std::vector<ExpectedFinding> false_negatives;
  std::vector<Match> matches;                // one per true positive
  std::vector<Match> condition_disagreements;  // scored matches whose condition does not agree
};

// Whether a found condition agrees with the expected one, given the other expected conditions of
// the same field in the document (see above).
bool ConditionAgrees(const std::string& found, const std::string& expected, const std::vector<std::string>& others);

// Scores one document's findings against its expected answers.
ScoredDocument Score(const std::string& document, const std::vector<ExpectedFinding>& expected,
                     const std::vector<Finding>& found);

}  // namespace kensa
