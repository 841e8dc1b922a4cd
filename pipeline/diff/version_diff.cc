#include "diff/version_diff.h"

#include "fields/field_catalogue.h"
#include "output/json_codec.h"

namespace kensa {

Result<std::vector<Finding>> StoredFindings(const StoredDocument& document) {
  // The store keeps each value as contract JSON: the codec that reads kensa's JSON reads it back.
  Result<Extraction> extraction = ExtractionFromJson(StoredDocumentToJson(document));
  if (!extraction.ok())
    return Status::Error(ErrorKind::kStore, document.path + ": stored answers cannot be read: " + extraction.status().message());
  return std::move(extraction->findings);
}

Result<AnswerDiff> DiffStored(const StoredDocument& before, const StoredDocument& after) {
  Result<std::vector<Finding>> old_findings = StoredFindings(before);
  if (!old_findings.ok()) return old_findings.status();
  Result<std::vector<Finding>> new_findings = StoredFindings(after);
  if (!new_findings.ok()) return new_findings.status();
  return DiffAnswers(*old_findings, *new_findings);
}

std::string ReadableValue(const Finding& f) {
  const FieldSpec* field = FindField(f.field);
  return field ? Readable(f.value, field->type) : ValueToJson(f.value);
}

nlohmann::ordered_json ChangeSideJson(const Finding& f) {
  nlohmann::ordered_json j = {{"value", nlohmann::ordered_json::parse(ValueToJson(f.value))}, {"value_text", ReadableValue(f)}};
  if (!f.condition.empty()) j["condition"] = f.condition;
  j["page"] = f.page;
  j["quote"] = f.quote;
  j["rule"] = f.rule;
  return j;
}

std::string ChangeSummary(const AnswerDiff& diff, size_t max_changes) {
  auto with_condition = [](const Finding& f) { return ReadableValue(f) + (f.condition.empty() ? "" : " (" + f.condition + ")"); };
  std::vector<std::string> items;
  for (const FieldDiff& field : diff.fields) {
    for (const AnswerChange& c : field.changes) {
      switch (c.kind) {
        case ChangeKind::kChanged:
          items.push_back(field.field + " " + ReadableValue(*c.before) + " → " + with_condition(*c.after));
          break;
        case ChangeKind::kRemoved:
          items.push_back(field.field + " −" + with_condition(*c.before));
          break;
        case ChangeKind::kAdded:
          items.push_back(field.field + " +" + with_condition(*c.after));
          break;
      }
    }
  }
  std::string line;
  for (size_t i = 0; i < items.size() && i < max_changes; ++i) line += (line.empty() ? "" : ", ") + items[i];
  if (items.size() > max_changes) line += ", … (" + std::to_string(items.size() - max_changes) + " more)";
  return line;
}

std::vector<std::string> ChangedFields(const AnswerDiff& diff) {
  std::vector<std::string> fields;
  for (const FieldDiff& field : diff.fields)
    if (!field.changes.empty()) fields.push_back(field.field);
  return fields;
}

}  // namespace kensa
