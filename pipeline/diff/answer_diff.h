// What changed between two versions of a vendor's document: per field of the catalogue, the values
// the new version added, removed or changed, each with the evidence of both sides.
//
// Two findings of a field say the same when their values are equivalent (values/value.h: "24時間"
// and "1日" are one duration): a value moved to another page, or stated in other words, is
// unchanged. What is left on the two sides of a field is paired into changes: first by the same
// condition ("単一障害: 4時間 → 24時間"), then, when each side has exactly one value left, those two
// ("4時間 → 24時間"); the rest are added or removed. Fields come in catalogue order.
// Thread-safe: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "findings/finding.h"

namespace kensa {

// The field whose value dates a version of a document: not compared (DiffAnswers leaves it out).
inline constexpr std::string_view kVersionDateField = "document_date";

enum class ChangeKind { kAdded, kRemoved, kChanged };

// Returns "added", "removed" or "changed".
const char* ChangeKindName(ChangeKind kind);

struct AnswerChange {
  std::string field;
  ChangeKind kind = ChangeKind::kChanged;
  std::optional<Finding> before;  // the old version's finding (removed, changed)
  std::optional<Finding> after;   // the new version's finding (added, changed)
};

struct FieldDiff {
  std::string field;
  std::vector<AnswerChange> changes;  // empty: the field's answers are the same in both versions
  std::vector<Finding> unchanged;     // the new version's findings whose values the old one has too
};

struct AnswerDiff {
  std::vector<FieldDiff> fields;  // every field of the catalogue but the version's date, in its order
  int changed_fields() const;     // fields with at least one change
  bool empty() const { return changed_fields() == 0; }
};

// Compares the findings of the old and the new version of a document.
AnswerDiff DiffAnswers(const std::vector<Finding>& before, const std::vector<Finding>& after);

}  // namespace kensa
