#include "diff/answer_diff.h"

#include <algorithm>

#include "fields/field_catalogue.h"

namespace kensa {

const char* ChangeKindName(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::kAdded: return "added";
    case ChangeKind::kRemoved: return "removed";
    case ChangeKind::kChanged: return "changed";
  }
  return "changed";
}

int AnswerDiff::changed_fields() const {
  return static_cast<int>(std::count_if(fields.begin(), fields.end(), [](const FieldDiff& f) { return !f.changes.empty(); }));
}

namespace {

std::vector<Finding> OfField(const std::vector<Finding>& findings, std::string_view field) {
  std::vector<Finding> out;
  for (const Finding& f : findings) {
    if (f.field == field) out.push_back(f);
  }
  return out;
}

// Removes from both lists the values they share (the first equivalent one each time); returns the new
// side's findings of them.
std::vector<Finding> TakeShared(std::vector<Finding>& before, std::vector<Finding>& after) {
  std::vector<Finding> shared;
  for (auto b = before.begin(); b != before.end();) {
    auto a = std::find_if(after.begin(), after.end(), [&](const Finding& f) { return Equivalent(f.value, b->value); });
    if (a == after.end()) {
      ++b;
      continue;
    }
    shared.push_back(std::move(*a));
    after.erase(a);
    b = before.erase(b);
  }
  return shared;
}

}  // namespace

AnswerDiff DiffAnswers(const std::vector<Finding>& before, const std::vector<Finding>& after) {
  AnswerDiff diff;
  for (const FieldSpec& spec : FieldCatalogue()) {
    // The document's own date orders its versions: a new version has a new one by its nature, which
    // is not an answer that changed (kensa diff shows both dates in its header instead).
    if (spec.id == kVersionDateField) continue;
    FieldDiff field;
    field.field = spec.id;
    std::vector<Finding> old_side = OfField(before, spec.id);
    std::vector<Finding> new_side = OfField(after, spec.id);
    field.unchanged = TakeShared(old_side, new_side);
    auto change = [&](std::optional<Finding> b, std::optional<Finding> a, ChangeKind kind) {
      field.changes.push_back(AnswerChange{std::string(spec.id), kind, std::move(b), std::move(a)});
    };
    // Pairs: the same stated condition, then the last value left on each side.
    for (auto b = old_side.begin(); b != old_side.end();) {
      auto a = b->condition.empty() ? new_side.end()
                                    : std::find_if(new_side.begin(), new_side.end(),
                                                   [&](const Finding& f) { return f.condition == b->condition; });
      if (a == new_side.end()) {
        ++b;
        continue;
      }
      change(*b, *a, ChangeKind::kChanged);
      new_side.erase(a);
      b = old_side.erase(b);
    }
    if (old_side.size() == 1 && new_side.size() == 1) {
      change(old_side.front(), new_side.front(), ChangeKind::kChanged);
      old_side.clear();
      new_side.clear();
    }
    for (Finding& b : old_side) change(std::move(b), std::nullopt, ChangeKind::kRemoved);
    for (Finding& a : new_side) change(std::nullopt, std::move(a), ChangeKind::kAdded);
    diff.fields.push_back(std::move(field));
  }
  return diff;
}

}  // namespace kensa
