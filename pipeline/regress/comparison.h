// Comparison of a regression run with a saved earlier one (the baseline): what got better and what
// got worse, document by document, field by field and finding by finding.
//
// A document or a field is worse when its TP fell, its FP or FN rose, or fewer of its conditions agree
// (scorer.h). A finding is worse when it is a newly missed expected answer or a new false positive,
// even when the counts stay level (a change that fixes one RTO of a document and breaks the other
// leaves the counts as they were); a miss or false positive of the baseline that is gone is better. Findings are identified by document, field
// and value. A document that only one side has is listed, never worse: a new sample has no baseline
// to fall below, and a removed one cannot get worse.
// Thread-safe: pure functions.
#pragma once

#include <string>
#include <vector>

#include "regress/regress_run.h"

namespace kensa {

struct CountsChange {
  std::string document;
  std::string field;  // empty: the document's total
  Counts before, after;
  bool worse = false;  // TP fell or FP/FN rose; otherwise (the counts differ) better
  bool operator==(const CountsChange&) const = default;
};

enum class FindingChangeKind {
  kNewMiss,              // worse: an expected answer not found any more
  kNewFalsePositive,     // worse: a value found that the expected file does not hold
  kFixedMiss,            // better: a miss of the baseline is gone
  kFixedFalsePositive,   // better: a false positive of the baseline is gone
};

struct FindingChange {
  FindingChangeKind kind;
  std::string document;
  ReportedFinding finding;
  bool worse() const { return kind == FindingChangeKind::kNewMiss || kind == FindingChangeKind::kNewFalsePositive; }
  bool operator==(const FindingChange&) const = default;
};

struct Comparison {
  // Changed counts only: per document its total first, then its fields in catalogue order.
  std::vector<CountsChange> counts;
  // Per document, per field in catalogue order: new misses, new false positives, fixed ones.
  std::vector<FindingChange> findings;
  std::vector<std::string> new_documents;      // run now, not in the baseline
  std::vector<std::string> missing_documents;  // in the baseline, not run now

  // Returns whether anything is worse than the baseline (the run regressed).
  bool Worse() const;
  // Returns the number of worse (better) entries, counts and findings together.
  int WorseCount() const;
  int BetterCount() const;
  bool Unchanged() const { return counts.empty() && findings.empty(); }
};

// Compares `current` with `baseline`.
Comparison Compare(const RegressRun& baseline, const RegressRun& current);

// Returns a stable name for a kind (for JSON): "newly_missed", "new_false_positive", "fixed_miss",
// "fixed_false_positive".
const char* FindingChangeKindName(FindingChangeKind kind);

}  // namespace kensa
