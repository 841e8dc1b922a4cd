#include "export/export_command.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "diff/version_diff.h"
#include "export/csv.h"
#include "fields/field_catalogue.h"
#include "output/json_codec.h"

namespace kensa {

namespace {

// The field columns in catalogue order: all, or those asked for.
std::vector<const FieldSpec*> Columns(const ExportOptions& options) {
  std::vector<const FieldSpec*> columns;
  for (const FieldSpec& field : FieldCatalogue()) {
    if (options.fields.empty() ||
        std::find(options.fields.begin(), options.fields.end(), field.id) != options.fields.end())
      columns.push_back(&field);
  }
  return columns;
}

std::string Join(const std::vector<std::string>& parts, const std::string& separator) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : separator) + p;
  return out;
}

// The readable values of one field, with their conditions, several joined with " / ".
// A member's Japanese name from the catalogue (domestic: 国内) with --ja; else the value as stored.
std::string ValueText(const StoredFinding& f, bool japanese) {
  if (!japanese) return f.value_text;
  const FieldSpec* spec = FindField(f.field);
  const MemberSpec* member = spec ? FindMember(*spec, f.value_text) : nullptr;
  return member && !member->name_ja.empty() ? std::string(member->name_ja) : f.value_text;
}

std::string Cell(const StoredDocument& d, std::string_view field, bool japanese) {
  std::vector<std::string> values;
  for (const StoredFinding& f : d.findings) {
    if (f.field != field) continue;
    std::string value = ValueText(f, japanese) + (f.condition.empty() ? "" : " (" + f.condition + ")");
    if (std::find(values.begin(), values.end(), value) == values.end()) values.push_back(std::move(value));
  }
  return Join(values, " / ");
}

std::vector<std::string> CsvHeader(const std::vector<const FieldSpec*>& columns, bool japanese) {
  std::vector<std::string> header =
      japanese ? std::vector<std::string>{"パス", "サービス", "SHA-256", "状態", "エラー", "ページ数", "読み取り", "ルールの版", "取込日時",
                                          "前版からの変更"}
               : std::vector<std::string>{"paths", "service", "sha256", "status", "error", "pages", "reading", "rules_version",
                                          "ingested_at", "changed_since_previous"};
  for (const FieldSpec* field : columns) header.emplace_back(japanese ? field->label_ja : field->id);
  return header;
}

// How the pages were read, so that an empty answer cell is not taken for "not stated" when pages
// could not be read: read / partly_unreadable (pages 2, 5) / unreadable; 読み取り済み / 一部読み取れず
// (p.2, 5) / 読み取れず. Empty for a failed document.
std::string ReadingCell(const StoredDocument& d, bool japanese) {
  if (d.status != DocumentStatus::kOk) return "";
  const Reading& r = d.reading;
  std::string pages;
  for (const UnreadablePage& p : r.unreadable_pages) pages += (pages.empty() ? "" : ", ") + std::to_string(p.page);
  if (r.status == "unreadable") return japanese ? "読み取れず" : "unreadable";
  if (r.status == "partly_unreadable") return japanese ? "一部読み取れず (p." + pages + ")" : "partly_unreadable (pages " + pages + ")";
  return japanese ? "読み取り済み" : "read";
}

std::vector<std::string> CsvLine(const StoredDocument& d, const std::vector<const FieldSpec*>& columns, bool japanese,
                                 const std::string& changed) {
  const char* status = DocumentStatusName(d.status);
  if (japanese) status = d.status == DocumentStatus::kOk ? "成功" : "失敗";
  // Several paths in one cell, one per line (Excel shows them stacked).
  std::vector<std::string> line = {Join(d.paths.empty() ? std::vector<std::string>{d.path} : d.paths, "\n"),
                                   d.service,
                                   d.sha256,
                                   status,
                                   d.error,
                                   d.status == DocumentStatus::kOk ? std::to_string(d.pages) : "",
                                   ReadingCell(d, japanese),
                                   d.rules_version,
                                   d.ingested_at,
                                   changed};
  for (const FieldSpec* field : columns) line.push_back(Cell(d, field->id, japanese));
  return line;
}

// For each stored contents that is a later version of a service, what changed since the version
// before it (ChangeSummary, or none / 変更なし), by sha256.
Result<std::map<std::string, std::string>> ChangesSincePrevious(Store& store, bool japanese) {
  auto histories = ServiceHistories(store);
  if (!histories.ok()) return histories.status();
  std::map<std::string, std::string> changed;
  for (const ServiceHistory& history : *histories) {
    for (size_t i = 1; i < history.versions.size(); ++i) {
      auto diff = DiffStored(history.versions[i - 1], history.versions[i]);
      if (!diff.ok()) return diff.status();
      const std::string summary = ChangeSummary(*diff);
      changed[history.versions[i].sha256] = summary.empty() ? (japanese ? "変更なし" : "none") : summary;
    }
  }
  return changed;
}

nlohmann::ordered_json VersionJson(const StoredDocument& d) {
  return {{"path", d.path}, {"sha256", d.sha256}, {"document_date", d.document_date}, {"ingested_at", d.ingested_at}};
}

// export --changes: per service with two versions or more, the latest, the one before it and what
// changed between them.
Status WriteChanges(Store& store, const ExportOptions& options, std::ostream& out) {
  auto histories = ServiceHistories(store);
  if (!histories.ok()) return histories.status();
  const std::set<std::string_view> wanted(options.fields.begin(), options.fields.end());
  const bool ja = options.japanese;
  if (options.format == ExportFormat::kCsv) {
    out << kUtf8Bom
        << CsvRow(ja ? std::vector<std::string>{"サービス", "前の版", "前の版の日付", "最新の版", "最新の版の日付", "項目", "変更",
                                                "前の値", "新しい値", "前のページ", "前の引用", "新しいページ", "新しい引用"}
                     : std::vector<std::string>{"service", "previous", "previous_date", "latest", "latest_date", "field",
                                                "change", "old_value", "new_value", "old_page", "old_quote", "new_page", "new_quote"});
  }
  if (options.format == ExportFormat::kJson) out << "[";
  bool first = true;
  for (const ServiceHistory& history : *histories) {
    if (history.versions.size() < 2) continue;
    const StoredDocument& previous = history.versions[history.versions.size() - 2];
    const StoredDocument& latest = history.versions.back();
    auto diff = DiffStored(previous, latest);
    if (!diff.ok()) return diff.status();
    nlohmann::ordered_json changed_fields = nlohmann::ordered_json::array(), changes = nlohmann::ordered_json::array();
    for (const FieldDiff& field : diff->fields) {
      if (field.changes.empty() || (!wanted.empty() && !wanted.count(field.field))) continue;
      changed_fields.push_back(field.field);
      const FieldSpec* spec = FindField(field.field);
      for (const AnswerChange& c : field.changes) {
        if (options.format == ExportFormat::kCsv) {
          auto value = [](const std::optional<Finding>& f) {
            return f ? ReadableValue(*f) + (f->condition.empty() ? "" : " (" + f->condition + ")") : std::string();
          };
          out << CsvRow({history.name, previous.path, previous.document_date, latest.path, latest.document_date,
                         ja && spec ? std::string(spec->label_ja) : field.field, ChangeKindName(c.kind), value(c.before),
                         value(c.after), c.before ? std::to_string(c.before->page) : "", c.before ? c.before->quote : "",
                         c.after ? std::to_string(c.after->page) : "", c.after ? c.after->quote : ""});
          continue;
        }
        nlohmann::ordered_json change = {{"field", field.field}, {"kind", ChangeKindName(c.kind)}};
        if (c.before) change["old"] = ChangeSideJson(*c.before);
        if (c.after) change["new"] = ChangeSideJson(*c.after);
        changes.push_back(std::move(change));
      }
    }
    if (options.format != ExportFormat::kCsv) {
      nlohmann::ordered_json service = {{"service", history.name},  {"versions", history.versions.size()},
                                        {"previous", VersionJson(previous)}, {"latest", VersionJson(latest)},
                                        {"changed_fields", std::move(changed_fields)}, {"changes", std::move(changes)}};
      if (options.format == ExportFormat::kJson) out << (first ? "\n" : ",\n");
      out << service.dump(options.format == ExportFormat::kJson ? 2 : -1, ' ', false,
                          nlohmann::ordered_json::error_handler_t::replace);
      if (options.format == ExportFormat::kJsonl) out << "\n";
    }
    first = false;
    if (!out) return Status::Error(ErrorKind::kInternal, "cannot write the export");
  }
  if (options.format == ExportFormat::kJson) out << (first ? "]\n" : "\n]\n");
  out.flush();
  return Status::Ok();
}

}  // namespace

Status WriteExport(Store& store, const ExportOptions& options, std::ostream& out) {
  if (options.changes) return WriteChanges(store, options, out);
  const std::vector<const FieldSpec*> columns = Columns(options);
  std::map<std::string, std::string> changed;
  if (options.format == ExportFormat::kCsv) {
    auto found = ChangesSincePrevious(store, options.japanese);
    if (!found.ok()) return found.status();
    changed = std::move(*found);
  }
  const std::set<std::string_view> wanted(options.fields.begin(), options.fields.end());
  DocumentQuery query;
  query.latest_only = !options.all_versions;
  if (options.format == ExportFormat::kCsv) out << kUtf8Bom << CsvRow(CsvHeader(columns, options.japanese));
  if (options.format == ExportFormat::kJson) out << "[";
  bool first = true;
  Status status = store.ForEachDocument(query, [&](const StoredDocument& stored) {
    if (options.format == ExportFormat::kCsv) {
      // What changed belongs to the contents: every rules version's row of it (--all-versions) says it.
      auto change = changed.find(stored.sha256);
      out << CsvRow(CsvLine(stored, columns, options.japanese, change == changed.end() ? "" : change->second));
    } else {
      StoredDocument d = stored;
      if (!wanted.empty())
        std::erase_if(d.findings, [&](const StoredFinding& f) { return !wanted.count(f.field); });
      if (options.format == ExportFormat::kJson) out << (first ? "\n" : ",\n");
      out << StoredDocumentToJson(d, -1);
      if (options.format == ExportFormat::kJsonl) out << "\n";
    }
    first = false;
    return out ? Status::Ok() : Status::Error(ErrorKind::kInternal, "cannot write the export");
  });
  if (options.format == ExportFormat::kJson) out << (first ? "]\n" : "\n]\n");
  out.flush();
  return status;
}

int RunExport(const ExportOptions& given, std::ostream& out, std::ostream& err) {
  const ExportOptions* options = &given;
  StoreOptions store_options;
  store_options.create = false;
  auto store = OpenStore(options->db, store_options);
  if (!store.ok()) {
    return ReportError(err, "export", store.status());
  }
  Status status = WriteExport(**store, *options, out);
  if (!status.ok()) {
    return ReportError(err, "export", status);
  }
  return 0;
}

}  // namespace kensa
