#include "diff/diff_command.h"

#include <nlohmann/json.hpp>

#include "diff/version_diff.h"
#include "extract/extractor.h"
#include "fields/field_catalogue.h"
#include "identity/service_identity.h"
#include "output/json_codec.h"
#include "store/store.h"

namespace kensa {
namespace {

using ordered_json = nlohmann::ordered_json;

// Files larger than this are refused, as kensa extract's default --max-size.
constexpr long long kMaxInputBytes = 64LL << 20;

// One side of the comparison: the document and its findings.
struct Version {
  std::string path;
  std::string sha256;
  std::string rules_version;
  std::vector<Finding> findings;
};

Result<Version> FromFile(const Extractor& extractor, const std::string& path, OcrMode ocr) {
  ReadOptions read;
  read.max_bytes = kMaxInputBytes;
  read.ocr = ocr;
  Result<Extraction> extraction = extractor.ExtractFile(path, read);
  if (!extraction.ok()) return Status::Error(extraction.status().kind(), path + ": " + extraction.status().message());
  return Version{path, extraction->sha256, extraction->rules_version, std::move(extraction->findings)};
}

Result<Version> FromStore(Store& store, const std::string& doc) {
  Result<StoredDocument> stored = FindStoredDocument(store, doc);
  if (!stored.ok()) return stored.status();
  if (stored->status == DocumentStatus::kFailed)
    return Status::Error(ErrorKind::kUsage, doc + ": stored as failed (" + stored->error + "): it has no answers");
  Result<std::vector<Finding>> findings = StoredFindings(*stored);
  if (!findings.ok()) return findings.status();
  return Version{stored->path, stored->sha256, stored->rules_version, std::move(*findings)};
}



// Quotes are at most ~200 characters already; a terminal line shows them whole.
std::string Evidence(const char* side, const Finding& f) {
  return std::string("      ") + side + " p." + std::to_string(f.page) + ": 「" + f.quote + "」\n";
}

struct Colours {
  bool on = false;
  std::string paint(const char* code, const std::string& text) const {
    return on ? std::string("\x1b[") + code + "m" + text + "\x1b[0m" : text;
  }
};

std::string ChangeLine(const AnswerChange& c, const Colours& colours) {
  auto condition = [](const Finding& f) { return f.condition.empty() ? std::string() : " (" + f.condition + ")"; };
  switch (c.kind) {
    case ChangeKind::kChanged: {
      // The case once when it is the same on both sides: "~ 12時間 → 24時間 (大規模な災害)".
      const bool same_case = c.before->condition == c.after->condition;
      const std::string line = "  ~ " + ReadableValue(*c.before) + (same_case ? "" : condition(*c.before)) + " → " +
                               ReadableValue(*c.after) + condition(*c.after);
      return colours.paint("33", line) + "\n" + Evidence("旧", *c.before) + Evidence("新", *c.after);
    }
    case ChangeKind::kRemoved:
      return colours.paint("31", "  - " + ReadableValue(*c.before) + condition(*c.before)) + "\n" + Evidence("旧", *c.before);
    case ChangeKind::kAdded:
      return colours.paint("32", "  + " + ReadableValue(*c.after) + condition(*c.after)) + "\n" + Evidence("新", *c.after);
  }
  return "";
}

// The date a version states for itself ("2025-04-01"), "" when none: it dates the version rather
// than being compared (answer_diff.h).
std::string VersionDate(const Version& v) {
  std::string date;
  for (const Finding& f : v.findings)
    if (f.field == kVersionDateField && ReadableValue(f) > date) date = ReadableValue(f);
  return date;
}

std::string SideLine(const char* mark, const Version& v) {
  const std::string date = VersionDate(v);
  return std::string(mark) + " " + v.path + " (" + (date.empty() ? "" : date + ", ") + "sha256 " + v.sha256.substr(0, 12) +
         ", rules " + v.rules_version + ")\n";
}

void WriteText(const Version& before, const Version& after, const AnswerDiff& diff, bool all, const Colours& colours,
               std::ostream& out) {
  out << SideLine("---", before) << SideLine("+++", after);
  int unchanged = 0;
  for (const FieldDiff& field : diff.fields) {
    const FieldSpec* spec = FindField(field.field);
    const std::string label = std::string(spec ? spec->label_ja : field.field) + " [" + field.field + "]";
    if (field.changes.empty()) {
      ++unchanged;
      if (!all) continue;
      std::string values;
      for (const Finding& f : field.unchanged) values += (values.empty() ? "" : " / ") + ReadableValue(f);
      out << label << "\n  = " << (values.empty() ? "記載なし（両方）" : values) << "\n";
      continue;
    }
    out << colours.paint("1", label) << "\n";
    for (const AnswerChange& c : field.changes) out << ChangeLine(c, colours);
  }
  const int changed = diff.changed_fields();
  out << changed << (changed == 1 ? " field" : " fields") << " changed, " << unchanged << " unchanged"
      << (all || unchanged == 0 ? "" : " (--all lists them)") << "\n";
}

void WriteJson(const Version& before, const Version& after, const AnswerDiff& diff, bool all, std::ostream& out) {
  auto side = [](const Version& v) {
    return ordered_json{{"path", v.path}, {"sha256", v.sha256}, {"rules_version", v.rules_version}, {"document_date", VersionDate(v)}};
  };
  ordered_json fields = ordered_json::array();
  for (const FieldDiff& field : diff.fields) {
    if (field.changes.empty() && !all) continue;
    const FieldSpec* spec = FindField(field.field);
    ordered_json f = {{"field", field.field}, {"label_ja", spec ? spec->label_ja : field.field}};
    ordered_json changes = ordered_json::array();
    for (const AnswerChange& c : field.changes) {
      ordered_json change = {{"kind", ChangeKindName(c.kind)}};
      if (c.before) change["old"] = ChangeSideJson(*c.before);
      if (c.after) change["new"] = ChangeSideJson(*c.after);
      changes.push_back(std::move(change));
    }
    f["changes"] = std::move(changes);
    if (all) {
      ordered_json same = ordered_json::array();
      for (const Finding& u : field.unchanged) same.push_back(ChangeSideJson(u));
      f["unchanged"] = std::move(same);
    }
    fields.push_back(std::move(f));
  }
  const int changed = diff.changed_fields();
  ordered_json root = {{"old", side(before)},
                       {"new", side(after)},
                       {"changed_fields", changed},
                       {"unchanged_fields", static_cast<int>(diff.fields.size()) - changed},
                       {"fields", std::move(fields)}};
  out << root.dump(2, ' ', false, ordered_json::error_handler_t::replace) << "\n";
}

// One line on err, and the trouble exit code whatever the error was (as diff(1)).
int Trouble(std::ostream& err, const Status& status) {
  ReportError(err, "diff", status);
  return kDiffTrouble;
}

}  // namespace

int RunDiff(const DiffOptions& options, std::ostream& out, std::ostream& err, bool out_is_terminal) {
  Result<Version> before = Status::Error(ErrorKind::kInternal, "not read");
  Result<Version> after = Status::Error(ErrorKind::kInternal, "not read");
  if (!options.db.empty()) {
    StoreOptions store_options;
    store_options.create = false;
    auto store = OpenStore(options.db, store_options);
    if (!store.ok()) return Trouble(err, store.status());
    std::string old_doc = options.before, new_doc = options.after;
    if (!options.service.empty()) {
      auto versions = ServiceVersions(**store, ServiceKey(options.service), /*with_findings=*/false);
      if (!versions.ok()) return Trouble(err, versions.status());
      if (versions->size() < 2)
        return Trouble(err, Status::Error(ErrorKind::kUsage, "service " + options.service + " has " +
                                                                 std::to_string(versions->size()) +
                                                                 " stored version" + (versions->size() == 1 ? "" : "s") +
                                                                 ": nothing to compare (kensa service list shows the services)"));
      old_doc = (*versions)[versions->size() - 2].sha256;
      new_doc = versions->back().sha256;
    }
    before = FromStore(**store, old_doc);
    if (before.ok()) after = FromStore(**store, new_doc);
  } else {
    ExtractorOptions extractor_options = DefaultExtractorOptions();
    if (!options.patterns.empty()) extractor_options.patterns_dir = options.patterns;
    auto extractor = CreateCheckedExtractor(extractor_options);
    if (!extractor.ok()) return Trouble(err, extractor.status());
    before = FromFile(**extractor, options.before, options.ocr);
    if (before.ok()) after = FromFile(**extractor, options.after, options.ocr);
  }
  if (!before.ok()) return Trouble(err, before.status());
  if (!after.ok()) return Trouble(err, after.status());
  const AnswerDiff diff = DiffAnswers(before->findings, after->findings);
  if (options.json) {
    WriteJson(*before, *after, diff, options.all, out);
  } else {
    WriteText(*before, *after, diff, options.all, Colours{out_is_terminal}, out);
  }
  out.flush();
  return diff.empty() ? kDiffSame : kDiffChanged;
}

}  // namespace kensa
