#include "regress/comparison.h"

#include <algorithm>
#include <map>
#include <set>

namespace kensa {
namespace {

bool CountsWorse(const Counts& before, const Counts& after) {
  return after.tp < before.tp || after.fp > before.fp || after.fn > before.fn ||
         after.conditions_agreed < before.conditions_agreed;
}

void AddCounts(const std::string& document, const std::string& field, const Counts& before, const Counts& after,
               std::vector<CountsChange>& out) {
  if (before == after) return;
  out.push_back({document, field, before, after, CountsWorse(before, after)});
}

using FindingKey = std::pair<std::string, std::string>;  // field, value JSON

// Appends to `added` the findings of `after` beyond those of `before` (as multisets of field and
// value), and to `removed` those of `before` beyond `after`.
void Diff(const std::vector<ReportedFinding>& before, const std::vector<ReportedFinding>& after,
          std::vector<ReportedFinding>& added, std::vector<ReportedFinding>& removed) {
  std::map<FindingKey, int> balance;
  for (const ReportedFinding& f : before) --balance[{f.field, f.value}];
  for (const ReportedFinding& f : after) ++balance[{f.field, f.value}];
  std::map<FindingKey, int> to_add = balance, to_remove = balance;
  for (const ReportedFinding& f : after)
    if (int& n = to_add[{f.field, f.value}]; n > 0) { added.push_back(f); --n; }
  for (const ReportedFinding& f : before)
    if (int& n = to_remove[{f.field, f.value}]; n < 0) { removed.push_back(f); ++n; }
}

void DiffDocument(const DocumentResult& before, const DocumentResult& after, Comparison& out) {
  AddCounts(after.document, "", before.total, after.total, out.counts);
  std::set<std::string> fields;
  for (const auto& [field, counts] : before.by_field) fields.insert(field);
  for (const auto& [field, counts] : after.by_field) fields.insert(field);
  std::vector<std::string> ordered(fields.begin(), fields.end());
  std::stable_sort(ordered.begin(), ordered.end(),
                   [](const std::string& a, const std::string& b) { return FieldOrder(a) < FieldOrder(b); });
  auto counts_of = [](const DocumentResult& d, const std::string& field) {
    auto it = d.by_field.find(field);
    return it == d.by_field.end() ? Counts{} : it->second;
  };
  for (const std::string& field : ordered) AddCounts(after.document, field, counts_of(before, field), counts_of(after, field), out.counts);

  std::vector<ReportedFinding> new_misses, fixed_misses, new_fps, fixed_fps;
  Diff(before.false_negatives, after.false_negatives, new_misses, fixed_misses);
  Diff(before.false_positives, after.false_positives, new_fps, fixed_fps);
  std::vector<FindingChange> changes;
  for (auto& f : new_misses) changes.push_back({FindingChangeKind::kNewMiss, after.document, std::move(f)});
  for (auto& f : new_fps) changes.push_back({FindingChangeKind::kNewFalsePositive, after.document, std::move(f)});
  for (auto& f : fixed_misses) changes.push_back({FindingChangeKind::kFixedMiss, after.document, std::move(f)});
  for (auto& f : fixed_fps) changes.push_back({FindingChangeKind::kFixedFalsePositive, after.document, std::move(f)});
  std::stable_sort(changes.begin(), changes.end(), [](const FindingChange& a, const FindingChange& b) {
    return FieldOrder(a.finding.field) < FieldOrder(b.finding.field);
  });
  for (auto& c : changes) out.findings.push_back(std::move(c));
}

}  // namespace

bool Comparison::Worse() const { return WorseCount() > 0; }

int Comparison::WorseCount() const {
  return static_cast<int>(std::count_if(counts.begin(), counts.end(), [](const CountsChange& c) { return c.worse; }) +
                          std::count_if(findings.begin(), findings.end(), [](const FindingChange& f) { return f.worse(); }));
}

int Comparison::BetterCount() const {
  return static_cast<int>(counts.size() + findings.size()) - WorseCount();
}

Comparison Compare(const RegressRun& baseline, const RegressRun& current) {
  Comparison out;
  std::map<std::string, const DocumentResult*> before;
  for (const DocumentResult& d : baseline.documents) before[d.document] = &d;
  std::set<std::string> seen;
  for (const DocumentResult& d : current.documents) {
    seen.insert(d.document);
    auto it = before.find(d.document);
    if (it == before.end()) {
      out.new_documents.push_back(d.document);
    } else {
      DiffDocument(*it->second, d, out);
    }
  }
  for (const auto& [name, d] : before)
    if (!seen.count(name)) out.missing_documents.push_back(name);
  return out;
}

const char* FindingChangeKindName(FindingChangeKind kind) {
  switch (kind) {
    case FindingChangeKind::kNewMiss: return "newly_missed";
    case FindingChangeKind::kNewFalsePositive: return "new_false_positive";
    case FindingChangeKind::kFixedMiss: return "fixed_miss";
    case FindingChangeKind::kFixedFalsePositive: return "fixed_false_positive";
  }
  return "?";
}

}  // namespace kensa
