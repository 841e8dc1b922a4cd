// Scoring of found answers against expected answers, as ../shared/gold/README.md defines it: a
// found value matches when it is Equivalent to an expected value of the same field; an expected
// finding marked optional is neither required nor penalised; every other found value without an
// equal expected value is a false positive, every required expected value without an equal found
// value a false negative.
// Thread-safe: pure functions.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "output/json_codec.h"
#include "rules/rule_set.h"

namespace kensa {

struct Counts {
  int tp = 0, fp = 0, fn = 0;
  double Precision() const { return tp + fp ? double(tp) / (tp + fp) : 1.0; }
  double Recall() const { return tp + fn ? double(tp) / (tp + fn) : 1.0; }
  double F1() const { return 2.0 * tp + fp + fn ? 2.0 * tp / (2.0 * tp + fp + fn) : 1.0; }
  Counts& operator+=(const Counts& o) { tp += o.tp; fp += o.fp; fn += o.fn; return *this; }
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
};

// Scores one document's findings against its expected answers.
ScoredDocument Score(const std::string& document, const std::vector<ExpectedFinding>& expected,
                     const std::vector<Finding>& found);

}  // namespace kensa
