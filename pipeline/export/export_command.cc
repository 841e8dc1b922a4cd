#include "export/export_command.h"

#include <algorithm>
#include <set>

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
      japanese ? std::vector<std::string>{"パス", "SHA-256", "状態", "エラー", "ページ数", "読み取り", "ルールの版", "取込日時"}
               : std::vector<std::string>{"paths", "sha256", "status", "error", "pages", "reading", "rules_version", "ingested_at"};
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

std::vector<std::string> CsvLine(const StoredDocument& d, const std::vector<const FieldSpec*>& columns, bool japanese) {
  const char* status = DocumentStatusName(d.status);
  if (japanese) status = d.status == DocumentStatus::kOk ? "成功" : "失敗";
  // Several paths in one cell, one per line (Excel shows them stacked).
  std::vector<std::string> line = {Join(d.paths.empty() ? std::vector<std::string>{d.path} : d.paths, "\n"),
                                   d.sha256,
                                   status,
                                   d.error,
                                   d.status == DocumentStatus::kOk ? std::to_string(d.pages) : "",
                                   ReadingCell(d, japanese),
                                   d.rules_version,
                                   d.ingested_at};
  for (const FieldSpec* field : columns) line.push_back(Cell(d, field->id, japanese));
  return line;
}

}  // namespace

Status WriteExport(Store& store, const ExportOptions& options, std::ostream& out) {
  const std::vector<const FieldSpec*> columns = Columns(options);
  const std::set<std::string_view> wanted(options.fields.begin(), options.fields.end());
  DocumentQuery query;
  query.latest_only = !options.all_versions;
  if (options.format == ExportFormat::kCsv) out << kUtf8Bom << CsvRow(CsvHeader(columns, options.japanese));
  if (options.format == ExportFormat::kJson) out << "[";
  bool first = true;
  Status status = store.ForEachDocument(query, [&](const StoredDocument& stored) {
    if (options.format == ExportFormat::kCsv) {
      out << CsvRow(CsvLine(stored, columns, options.japanese));
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
  SqliteStoreOptions store_options;
  store_options.create = false;
  auto store = OpenSqliteStore(options->db, store_options);
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
