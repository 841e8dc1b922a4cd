// The regression run as JSON (`kensa regress --json`, and the baseline file). nlohmann/json is used
// here only; values are stored as JSON (not as strings) so that a baseline reads as the contract does.
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "fields/field_catalogue.h"
#include "regress/report.h"

namespace kensa {
namespace {

using nlohmann::ordered_json;

constexpr int kFormatVersion = 1;

ordered_json CountsJson(const Counts& c, bool rates) {
  ordered_json j = {{"tp", c.tp}, {"fp", c.fp}, {"fn", c.fn}};
  if (c.conditions) {
    j["conditions"] = c.conditions;
    j["conditions_agreed"] = c.conditions_agreed;
  }
  if (rates) {
    j["precision"] = c.Precision();
    j["recall"] = c.Recall();
    j["f1"] = c.F1();
    if (c.conditions) j["condition_agreement"] = c.ConditionAgreement();
  }
  return j;
}

ordered_json FindingJson(const ReportedFinding& f) {
  ordered_json j = {{"field", f.field}};
  j["value"] = ordered_json::parse(f.value, nullptr, /*allow_exceptions=*/false);
  if (j["value"].is_discarded()) j["value"] = f.value;  // never happens with ValueToJson's text
  j["quote"] = f.quote;
  if (f.page > 0) j["page"] = f.page;
  if (!f.rule.empty()) j["rule"] = f.rule;
  if (!f.condition.empty()) j["condition"] = f.condition;
  if (!f.expected_condition.empty()) j["expected_condition"] = f.expected_condition;
  return j;
}

ordered_json FindingsJson(const std::vector<ReportedFinding>& findings) {
  ordered_json list = ordered_json::array();
  for (const ReportedFinding& f : findings) list.push_back(FindingJson(f));
  return list;
}

std::vector<std::string> InCatalogueOrder(const std::map<std::string, Counts>& by_field) {
  std::vector<std::string> fields;
  for (const auto& [field, counts] : by_field) fields.push_back(field);
  std::stable_sort(fields.begin(), fields.end(),
                   [](const std::string& a, const std::string& b) { return FieldOrder(a) < FieldOrder(b); });
  return fields;
}

ordered_json DocumentJson(const DocumentResult& d) {
  ordered_json j = {{"document", d.document}};
  if (!d.error.empty()) j["error"] = d.error;
  j.update(CountsJson(d.total, true));
  ordered_json fields = ordered_json::object();
  for (const std::string& field : InCatalogueOrder(d.by_field)) fields[field] = CountsJson(d.by_field.at(field), false);
  j["fields"] = std::move(fields);
  j["matched"] = FindingsJson(d.matched);
  j["false_positives"] = FindingsJson(d.false_positives);
  j["false_negatives"] = FindingsJson(d.false_negatives);
  j["condition_disagreements"] = FindingsJson(d.condition_disagreements);
  return j;
}

ordered_json ComparisonJson(const Comparison& c, const std::string& baseline) {
  ordered_json j;
  if (!baseline.empty()) j["baseline"] = baseline;
  j["worse"] = c.Worse();
  j["worse_count"] = c.WorseCount();
  j["better_count"] = c.BetterCount();
  ordered_json counts = ordered_json::array();
  for (const CountsChange& change : c.counts) {
    ordered_json e = {{"document", change.document}};
    if (!change.field.empty()) e["field"] = change.field;
    e["before"] = CountsJson(change.before, false);
    e["after"] = CountsJson(change.after, false);
    e["worse"] = change.worse;
    counts.push_back(std::move(e));
  }
  j["counts"] = std::move(counts);
  ordered_json findings = ordered_json::array();
  for (const FindingChange& change : c.findings) {
    ordered_json e = {{"document", change.document}, {"change", FindingChangeKindName(change.kind)}, {"worse", change.worse()}};
    e.update(FindingJson(change.finding));
    findings.push_back(std::move(e));
  }
  j["findings"] = std::move(findings);
  j["new_documents"] = c.new_documents;
  j["missing_documents"] = c.missing_documents;
  return j;
}

// Reads {"tp","fp","fn"}; false when they are not all integers.
bool ReadCounts(const ordered_json& j, Counts& out) {
  for (const char* key : {"tp", "fp", "fn"})
    if (!j.is_object() || !j.contains(key) || !j[key].is_number_integer()) return false;
  out = {j["tp"].get<int>(), j["fp"].get<int>(), j["fn"].get<int>()};
  // Conditions are optional: a baseline saved before they were scored has none.
  if (j.contains("conditions") && j["conditions"].is_number_integer()) out.conditions = j["conditions"].get<int>();
  if (j.contains("conditions_agreed") && j["conditions_agreed"].is_number_integer())
    out.conditions_agreed = j["conditions_agreed"].get<int>();
  return true;
}

bool ReadFindings(const ordered_json& j, const char* key, std::vector<ReportedFinding>& out) {
  if (!j.contains(key)) return true;
  if (!j[key].is_array()) return false;
  for (const auto& item : j[key]) {
    if (!item.is_object() || !item.contains("field") || !item["field"].is_string() || !item.contains("value")) return false;
    ReportedFinding f;
    f.field = item["field"].get<std::string>();
    f.value = item["value"].dump();
    if (item.contains("quote") && item["quote"].is_string()) f.quote = item["quote"].get<std::string>();
    if (item.contains("page") && item["page"].is_number_integer()) f.page = item["page"].get<int>();
    if (item.contains("rule") && item["rule"].is_string()) f.rule = item["rule"].get<std::string>();
    for (auto [key, slot] : {std::pair{"condition", &f.condition}, {"expected_condition", &f.expected_condition}})
      if (item.contains(key) && item[key].is_string()) *slot = item[key].get<std::string>();
    out.push_back(std::move(f));
  }
  return true;
}

}  // namespace

std::string RunToJson(const RegressRun& run, const Comparison* comparison, const Verdict* verdict, int indent) {
  ordered_json out;
  out["kensa_regress"] = kFormatVersion;
  out["total"] = CountsJson(run.Total(), true);
  out["total"]["documents"] = run.documents.size();
  ordered_json fields = ordered_json::array();
  const auto by_field = run.ByField();
  for (const std::string& field : InCatalogueOrder(by_field)) {
    const FieldSpec* spec = FindField(field);
    ordered_json f = {{"field", field}, {"label_ja", spec ? std::string(spec->label_ja) : std::string()}};
    f.update(CountsJson(by_field.at(field), true));
    fields.push_back(std::move(f));
  }
  out["fields"] = std::move(fields);
  ordered_json documents = ordered_json::array();
  for (const DocumentResult& d : run.documents) documents.push_back(DocumentJson(d));
  out["documents"] = std::move(documents);
  if (comparison) out["comparison"] = ComparisonJson(*comparison, verdict ? verdict->baseline : std::string());
  if (verdict) {
    ordered_json v;
    if (!verdict->baseline.empty()) v["baseline"] = verdict->baseline;
    if (verdict->min_f1) v["min_f1"] = *verdict->min_f1;
    v["worse"] = verdict->worse;
    v["below_min_f1"] = verdict->below_min_f1;
    v["exit_status"] = verdict->ExitStatus();
    out["verdict"] = std::move(v);
  }
  return out.dump(indent, ' ', false, ordered_json::error_handler_t::replace);
}

Result<RegressRun> RunFromJson(std::string_view json) {
  using R = Result<RegressRun>;
  ordered_json root = ordered_json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) return R::Error(ErrorKind::kUsage, "not JSON");
  if (!root.is_object() || !root.contains("documents") || !root["documents"].is_array())
    return R::Error(ErrorKind::kUsage, "not a kensa regress baseline (no \"documents\" list)");
  if (!root.contains("kensa_regress") || root["kensa_regress"] != kFormatVersion)
    return R::Error(ErrorKind::kUsage, "not a kensa regress baseline of version " + std::to_string(kFormatVersion));
  RegressRun run;
  for (const auto& d : root["documents"]) {
    if (!d.is_object() || !d.contains("document") || !d["document"].is_string())
      return R::Error(ErrorKind::kUsage, "a document without its \"document\" name");
    DocumentResult doc;
    doc.document = d["document"].get<std::string>();
    if (d.contains("error") && d["error"].is_string()) doc.error = d["error"].get<std::string>();
    if (!ReadCounts(d, doc.total)) return R::Error(ErrorKind::kUsage, doc.document + ": no tp/fp/fn counts");
    if (d.contains("fields")) {
      if (!d["fields"].is_object()) return R::Error(ErrorKind::kUsage, doc.document + ": \"fields\" is not an object");
      for (const auto& [field, counts] : d["fields"].items()) {
        if (!ReadCounts(counts, doc.by_field[field]))
          return R::Error(ErrorKind::kUsage, doc.document + ": " + field + ": no tp/fp/fn counts");
      }
    }
    if (!ReadFindings(d, "matched", doc.matched) || !ReadFindings(d, "false_positives", doc.false_positives) ||
        !ReadFindings(d, "false_negatives", doc.false_negatives) ||
        !ReadFindings(d, "condition_disagreements", doc.condition_disagreements))
      return R::Error(ErrorKind::kUsage, doc.document + ": a finding without field and value");
    run.documents.push_back(std::move(doc));
  }
  std::sort(run.documents.begin(), run.documents.end(),
            [](const DocumentResult& a, const DocumentResult& b) { return a.document < b.document; });
  return run;
}

Result<RegressRun> ReadBaseline(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Result<RegressRun>::Error(ErrorKind::kUsage, path + ": cannot open the baseline");
  std::stringstream text;
  text << in.rdbuf();
  auto run = RunFromJson(text.str());
  if (!run.ok()) return Result<RegressRun>::Error(ErrorKind::kUsage, path + ": " + run.status().message());
  return run;
}

Status WriteBaseline(const std::string& path, const RegressRun& run) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return Status::Error(ErrorKind::kUsage, path + ": cannot write the baseline");
  out << RunToJson(run) << "\n";
  out.close();
  if (!out) return Status::Error(ErrorKind::kUsage, path + ": cannot write the baseline");
  return Status::Ok();
}

}  // namespace kensa
