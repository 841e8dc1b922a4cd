#include "output/json_codec.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "fields/field_catalogue.h"

namespace kensa {
namespace {

using nlohmann::ordered_json;

// Whole numbers print as integers (2, not 2.0) so the JSON reads as a person would write it.
ordered_json Number(double v) {
  if (std::floor(v) == v && std::fabs(v) < 1e15) return static_cast<int64_t>(v);
  return v;
}

ordered_json ValueJson(const Value& value) {
  return std::visit(
      [](const auto& v) -> ordered_json {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, Duration>) {
          if (v.unbounded) return {{"unbounded", true}};
          ordered_json j = {{"amount", Number(v.amount)}};
          if (v.upto) j["upto"] = Number(*v.upto);
          j["unit"] = TimeUnitName(v.unit);
          return j;
        } else if constexpr (std::is_same_v<V, Hours>) {
          if (v.always) return {{"always", true}};
          return {{"from", v.from}, {"to", v.to}};
        } else if constexpr (std::is_same_v<V, Date>) {
          return v.iso;
        } else if constexpr (std::is_same_v<V, double>) {
          return Number(v);
        } else {
          return v;
        }
      },
      value);
}

std::optional<Value> ValueFromJson(const ordered_json& j, const FieldSpec& field) {
  switch (field.type) {
    case ValueType::kDuration:
    case ValueType::kFrequency: {
      if (!j.is_object()) return std::nullopt;
      Duration d;
      if (j.value("unbounded", false)) { d.unbounded = true; return d; }
      if (!j.contains("amount") || !j["amount"].is_number() || !j.contains("unit")) return std::nullopt;
      auto unit = TimeUnitFromName(j["unit"].get<std::string>());
      if (!unit) return std::nullopt;
      d.amount = j["amount"].get<double>();
      d.unit = *unit;
      if (j.contains("upto")) d.upto = j["upto"].get<double>();
      return d;
    }
    case ValueType::kPercent:
      if (j.is_number()) return j.get<double>();
      return std::nullopt;
    case ValueType::kCount:
      if (j.is_number_integer()) return j.get<int64_t>();
      return std::nullopt;
    case ValueType::kBool:
      if (j.is_boolean()) return j.get<bool>();
      return std::nullopt;
    case ValueType::kEnum:
    case ValueType::kSet:
      if (j.is_string() &&
          std::find(field.members.begin(), field.members.end(), j.get<std::string>()) != field.members.end())
        return j.get<std::string>();
      return std::nullopt;
    case ValueType::kHours: {
      if (!j.is_object()) return std::nullopt;
      Hours h;
      if (j.value("always", false)) { h.always = true; return h; }
      if (!j.contains("from") || !j.contains("to")) return std::nullopt;
      h.from = j["from"].get<std::string>();
      h.to = j["to"].get<std::string>();
      return h;
    }
    case ValueType::kDate:
      if (j.is_string()) return Date{j.get<std::string>()};
      return std::nullopt;
  }
  return std::nullopt;
}

// The warnings as [{"code", "message"}, …].
ordered_json WarningsJson(const std::vector<std::string>& warnings) {
  ordered_json out = ordered_json::array();
  for (const std::string& w : warnings) out.push_back({{"code", WarningCode(w)}, {"message", w}});
  return out;
}

// Adds the keys that say where a value stands in a spreadsheet, a Word file or a CSV, beside its
// page (README, "Office and CSV input"); none for PDF and text.
void AddLocation(ordered_json& finding, const std::string& sheet, const std::string& cell, int table, int paragraph) {
  if (!sheet.empty()) finding["sheet"] = sheet;
  if (table > 0) finding["table"] = table;
  if (!cell.empty()) finding["cell"] = cell;
  if (paragraph > 0) finding["paragraph"] = paragraph;
}

// Adds how the pages were read to a document's header: "reading" always, the page lists when not
// empty (README, "Scanned documents").
void AddReading(ordered_json& document, const Reading& reading) {
  document["reading"] = reading.status;
  if (!reading.ocr_pages.empty()) document["ocr_pages"] = reading.ocr_pages;
  if (!reading.unreadable_pages.empty()) {
    ordered_json pages = ordered_json::array();
    for (const UnreadablePage& p : reading.unreadable_pages) pages.push_back({{"page", p.page}, {"reason", p.reason}});
    document["unreadable_pages"] = std::move(pages);
  }
}

Reading ReadingFromJson(const ordered_json& document) {
  Reading reading;
  reading.status = document.value("reading", std::string("read"));
  if (document.contains("ocr_pages")) reading.ocr_pages = document["ocr_pages"].get<std::vector<int>>();
  if (document.contains("unreadable_pages")) {
    for (const auto& p : document["unreadable_pages"])
      reading.unreadable_pages.push_back(UnreadablePage{p.value("page", 0), p.value("reason", std::string())});
  }
  return reading;
}

// Adds the service a document belongs to (README, "Services and versions"): its name, who named it
// ("document", "option", "folder", "reviewer"), and what the document itself states with its page
// and quote; stated_name when the name came from elsewhere and the document states another. None
// when nothing names a service.
void AddService(ordered_json& document, const std::string& name, const std::string& from, const ServiceStatement& stated) {
  if (name.empty() && stated.empty()) return;
  ordered_json service = {{"name", name}, {"from", from}};
  if (!stated.service.empty() && stated.service != name) service["stated_name"] = stated.service;
  if (!stated.vendor.empty()) service["vendor"] = stated.vendor;
  if (stated.page > 0) {
    service["page"] = stated.page;
    service["quote"] = stated.quote;
    service["how"] = stated.how;
  }
  document["service"] = std::move(service);
}

ServiceStatement ServiceFromJson(const ordered_json& document) {
  if (!document.contains("service") || !document["service"].is_object()) return {};
  const ordered_json& s = document["service"];
  ServiceStatement stated;
  stated.service = s.value("from", std::string()) == "document" ? s.value("name", std::string()) : s.value("stated_name", std::string());
  stated.vendor = s.value("vendor", std::string());
  stated.page = s.value("page", 0);
  stated.quote = s.value("quote", std::string());
  stated.how = s.value("how", std::string());
  return stated;
}

// The OCR keys of a finding read from a page's picture.
void AddOcr(ordered_json& finding, bool ocr, float confidence) {
  if (!ocr) return;
  finding["ocr"] = true;
  finding["ocr_confidence"] = static_cast<int>(confidence + 0.5f);
}

}  // namespace

std::string_view WarningCode(std::string_view message) {
  // The text stage's wordings, most specific first ("no text layer" before "no text").
  static constexpr std::pair<std::string_view, std::string_view> kCodes[] = {
      {"no text layer", "no_text_layer"},
      {"no text on ", "pages_without_text"},
      {"no text", "no_text"},
      {"text layer looks garbled", "garbled_text"},
      {"text looks garbled", "garbled_text"},
      {"invalid UTF-8", "invalid_utf8"},
      {"unreadable", "unreadable"},
  };
  for (const auto& [start, code] : kCodes)
    if (message.starts_with(start)) return code;
  // The Office and CSV readers' wordings: what they left out or cut (text/xlsx_reader.cc, csv_reader.cc).
  static constexpr std::pair<std::string_view, std::string_view> kOfficeCodes[] = {
      {" cut to ", "cut"},
      {"hidden", "hidden_left_out"},
      {"quoted field", "unclosed_quote"},
      {"OCR confidence low", "ocr_low_confidence"},
      {"OCR", "ocr"},
  };
  for (const auto& [words, code] : kOfficeCodes)
    if (message.find(words) != std::string_view::npos) return code;
  return "other";
}

std::string ValueToJson(const Value& value) { return ValueJson(value).dump(); }

const char* ErrorCodeName(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kUsage: return "usage";
    case ErrorKind::kNotFound: return "not_found";
    case ErrorKind::kNotRegularFile: return "not_regular_file";
    case ErrorKind::kEmpty: return "empty";
    case ErrorKind::kNotPdf: return "not_pdf_or_text";
    case ErrorKind::kEncrypted: return "encrypted";
    case ErrorKind::kDamaged: return "damaged_pdf";
    case ErrorKind::kUnsupportedFormat: return "unsupported_format";
    case ErrorKind::kDamagedOffice: return "damaged_office";
    case ErrorKind::kConfig: return "bad_patterns";
    case ErrorKind::kResourceLimit: return "resource_limit";
    case ErrorKind::kStore: return "store";
    case ErrorKind::kInternal: return "internal";
  }
  return "internal";
}

std::string FailedDocumentToJson(const std::string& path, const Status& error, int indent) {
  ordered_json out;
  out["document"] = {{"path", path}};
  out["status"] = "failed";
  out["error"] = {{"code", ErrorCodeName(error.kind())}, {"message", error.message()}};
  out["fields"] = ordered_json::object();
  out["warnings"] = ordered_json::array();
  return out.dump(indent, ' ', false, ordered_json::error_handler_t::replace);
}

std::string ExtractionToJson(const Extraction& extraction, int indent, bool with_status) {
  ordered_json out;
  out["document"] = {{"path", extraction.path},
                     {"sha256", extraction.sha256},
                     {"pages", extraction.pages},
                     {"size", extraction.size},
                     {"rules_version", extraction.rules_version}};
  AddReading(out["document"], extraction.reading);
  AddService(out["document"], extraction.service.service, extraction.service.service.empty() ? "" : "document",
             extraction.service);
  if (with_status) out["status"] = "ok";
  ordered_json fields = ordered_json::object();
  for (const Finding& f : extraction.findings) {
    const FieldSpec* field = FindField(f.field);
    ordered_json finding = {{"value", ValueJson(f.value)},
                            {"value_text", field ? Readable(f.value, field->type) : ValueJson(f.value).dump()}};
    if (f.approx) finding["approx"] = true;
    if (!f.condition.empty()) finding["condition"] = f.condition;
    finding["page"] = f.page;
    AddLocation(finding, f.location.sheet, f.location.cell, f.location.table, f.location.paragraph);
    AddOcr(finding, f.ocr, f.ocr_confidence);
    finding["quote"] = f.quote;
    finding["rule"] = f.rule;
    fields[f.field].push_back(std::move(finding));
  }
  out["fields"] = std::move(fields);
  out["warnings"] = WarningsJson(extraction.warnings);
  return out.dump(indent, ' ', false, ordered_json::error_handler_t::replace);
}

Result<Extraction> ExtractionFromJson(const std::string& text) {
  using R = Result<Extraction>;
  const ordered_json root = ordered_json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded() || !root.is_object() || !root.contains("document") || !root["document"].is_object() ||
      !root.contains("fields") || !root["fields"].is_object())
    return R::Error(ErrorKind::kInternal, "not extraction JSON (an object with \"document\" and \"fields\")");
  Extraction extraction;
  // Wrong JSON types (a number where a string belongs) make nlohmann throw: one error, like the rest.
  try {
    const ordered_json& document = root["document"];
    extraction.path = document.value("path", std::string());
    extraction.sha256 = document.value("sha256", std::string());
    extraction.pages = document.value("pages", 0);
    extraction.size = document.value("size", 0LL);
    extraction.rules_version = document.value("rules_version", std::string());
    extraction.reading = ReadingFromJson(document);
    extraction.service = ServiceFromJson(document);
    for (const auto& [field_id, list] : root["fields"].items()) {
      const FieldSpec* field = FindField(field_id);
      if (!field) return R::Error(ErrorKind::kInternal, "unknown field \"" + field_id + "\"");
      if (!list.is_array()) return R::Error(ErrorKind::kInternal, field_id + " is not a list");
      for (const auto& item : list) {
        auto value = item.is_object() && item.contains("value") ? ValueFromJson(item["value"], *field) : std::nullopt;
        if (!value) return R::Error(ErrorKind::kInternal, field_id + ": a value does not fit type " + ValueTypeName(field->type));
        Finding f;
        f.field = field_id;
        f.value = std::move(*value);
        f.condition = item.value("condition", std::string());
        f.approx = item.value("approx", false);
        f.page = item.value("page", 0);
        f.quote = item.value("quote", std::string());
        f.rule = item.value("rule", std::string());
        f.location.sheet = item.value("sheet", std::string());
        f.location.cell = item.value("cell", std::string());
        f.location.table = item.value("table", 0);
        f.location.paragraph = item.value("paragraph", 0);
        f.ocr = item.value("ocr", false);
        f.ocr_confidence = item.value("ocr_confidence", -1.0f);
        extraction.findings.push_back(std::move(f));
      }
    }
    if (root.contains("warnings")) {
      for (const auto& w : root["warnings"])  // {"code", "message"}, or a string as before
        extraction.warnings.push_back(w.is_object() ? w.value("message", std::string()) : w.get<std::string>());
    }
  } catch (const nlohmann::json::exception& e) {
    return R::Error(ErrorKind::kInternal, std::string("malformed extraction JSON: ") + e.what());
  }
  if (extraction.sha256.empty() || extraction.rules_version.empty())
    return R::Error(ErrorKind::kInternal, "extraction JSON without sha256 or rules_version");
  return extraction;
}

std::string StoredDocumentToJson(const StoredDocument& d, int indent) {
  ordered_json document = {{"path", d.path},       {"paths", d.paths}, {"sha256", d.sha256},
                           {"pages", d.pages},     {"size", d.size},   {"rules_version", d.rules_version},
                           {"status", DocumentStatusName(d.status)}};
  if (d.status == DocumentStatus::kFailed) document["error"] = d.error;
  if (d.status == DocumentStatus::kOk) AddReading(document, d.reading);
  AddService(document, d.service, d.service_from, d.stated);
  document["ingested_at"] = d.ingested_at;
  ordered_json fields = ordered_json::object();
  for (const StoredFinding& f : d.findings) {
    ordered_json value = ordered_json::parse(f.value_json, nullptr, /*allow_exceptions=*/false);
    ordered_json finding = {{"value", value.is_discarded() ? ordered_json(f.value_json) : value}, {"value_text", f.value_text}};
    if (f.approx) finding["approx"] = true;
    if (!f.condition.empty()) finding["condition"] = f.condition;
    finding["page"] = f.page;
    AddLocation(finding, f.sheet, f.cell, f.table, f.paragraph);
    AddOcr(finding, f.ocr, f.ocr_confidence);
    finding["quote"] = f.quote;
    finding["rule"] = f.rule;
    fields[f.field].push_back(std::move(finding));
  }
  ordered_json out = {{"document", std::move(document)}, {"fields", std::move(fields)}, {"warnings", WarningsJson(d.warnings)}};
  return out.dump(indent, ' ', false, ordered_json::error_handler_t::replace);
}

std::string FieldCatalogueToJson(int indent) {
  ordered_json out = ordered_json::array();
  for (const FieldSpec& field : FieldCatalogue()) {
    ordered_json j = {{"id", field.id}, {"label_ja", field.label_ja}, {"type", ValueTypeName(field.type)}};
    if (!field.members.empty()) j["members"] = field.members;
    j["what_counts"] = field.what_counts;
    out.push_back(std::move(j));
  }
  return out.dump(indent);
}

Result<std::vector<ExpectedFinding>> ReadExpected(const std::string& path) {
  using R = Result<std::vector<ExpectedFinding>>;
  std::ifstream in(path);
  if (!in) return R::Error(ErrorKind::kNotFound, path + ": cannot open expected answers");
  ordered_json root = ordered_json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded() || !root.is_object() || !root.contains("fields") || !root["fields"].is_object())
    return R::Error(ErrorKind::kConfig, path + ": not an expected-answers file (JSON with \"fields\")");
  std::vector<ExpectedFinding> expected;
  // Wrong JSON types inside a finding ("unit": 5, "quote": 5) make nlohmann throw: one error naming
  // the file, like every other problem with it.
  try {
  for (const auto& [field_id, list] : root["fields"].items()) {
    const FieldSpec* field = FindField(field_id);
    if (!field) return R::Error(ErrorKind::kConfig, path + ": unknown field \"" + field_id + "\"");
    if (!list.is_array()) return R::Error(ErrorKind::kConfig, path + ": " + field_id + " is not a list");
    for (const auto& item : list) {
      if (!item.is_object()) return R::Error(ErrorKind::kConfig, path + ": " + field_id + ": a finding is not an object");
      auto value = item.contains("value") ? ValueFromJson(item["value"], *field) : std::nullopt;
      if (!value)
        return R::Error(ErrorKind::kConfig, path + ": " + field_id + ": value " + item.value("value", ordered_json()).dump() +
                                                " does not fit type " + ValueTypeName(field->type));
      ExpectedFinding e;
      e.field = field_id;
      e.value = std::move(*value);
      e.quote = item.value("quote", item.value("evidence", std::string()));
      e.condition = item.value("condition", std::string());
      e.optional = item.value("optional", false);
      expected.push_back(std::move(e));
    }
  }
  } catch (const nlohmann::json::exception& e) {
    return R::Error(ErrorKind::kConfig, path + ": malformed finding: " + e.what());
  }
  return expected;
}

}  // namespace kensa
