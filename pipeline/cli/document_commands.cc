#include "cli/document_commands.h"

#include <cstdio>
#include <future>
#include <memory>
#include <new>
#include <sstream>
#include <string>
#include <vector>

#include "common/stage_timer.h"
#include "extract/extractor.h"
#include "fields/field_catalogue.h"
#include "output/json_codec.h"

namespace kensa {
namespace {

// Loads rules and dictionaries once (checking the rules' examples once per rules version, unless
// `unchecked`); prints the configuration error and returns null on failure.
std::shared_ptr<const Extractor> LoadExtractor(const DocumentOptions& options, std::ostream& err, int& exit_code,
                                               bool unchecked = false) {
  ExtractorOptions extractor_options = DefaultExtractorOptions();
  if (!options.patterns.empty()) extractor_options.patterns_dir = options.patterns;
  auto extractor = unchecked ? Extractor::Create(extractor_options) : CreateCheckedExtractor(extractor_options);
  if (!extractor.ok()) {
    err << "kensa: " << extractor.status().message() << "\n";
    exit_code = ExitCodeFor(extractor.status().kind());
    return nullptr;
  }
  return *extractor;
}

// Puts the --timeout/--cpu/--memory limits on this process for the document at path (see
// common/process_limits.h: each limit ends the process with one line and exit code 21).
bool ApplyLimits(const DocumentOptions& options, std::ostream& err, int& exit_code) {
  if (Status s = ApplyProcessLimits(options.limits, options.file); !s.ok()) {
    err << "kensa: " << options.file << ": " << s.message() << "\n";
    exit_code = ExitCodeFor(s.kind());
    return false;
  }
  return true;
}

// The error line for a failed read.
int ReportReadError(const std::string& path, const Status& status, std::ostream& err) {
  err << "kensa: " << path << ": " << status.message() << "\n";
  return ExitCodeFor(status.kind());
}

int ExtractUnderLimits(const DocumentOptions& options, std::ostream& out, std::ostream& err) {
  int code = 0;
  const std::string& path = options.file;
  if (!ApplyLimits(options, err, code)) return code;
  // Rules and dictionaries load on a second thread while this one reads the document: start-up
  // costs about as much as poppler on a short whitepaper, and neither needs the other. The loading
  // thread writes its error into a string, not err, so that err is only written from here.
  struct Loaded {
    std::shared_ptr<const Extractor> extractor;
    int exit_code = 0;
    std::string error;
    StageTimes times;
  };
  std::future<Loaded> loading = std::async(std::launch::async, [&options] {
    Loaded loaded;
    std::ostringstream error;
    loaded.extractor = LoadExtractor(options, error, loaded.exit_code);
    loaded.error = error.str();
    loaded.times = ThreadStageTimes();
    return loaded;
  });
  auto document = [&] {
    StageTimer timer(Stage::kRead);
    return ReadDocument(path, ReadOptions{options.max_size_mib << 20});
  }();
  Loaded loaded = loading.get();  // a configuration error is reported first, as without the thread
  if (!loaded.extractor) {
    err << loaded.error;
    return loaded.exit_code;
  }
  if (!document.ok()) return ReportReadError(path, document.status(), err);
  const Extraction extraction = loaded.extractor->ExtractDocument(*document);
  for (const std::string& warning : extraction.warnings) err << "kensa: " << path << ": warning: " << warning << "\n";
  {
    StageTimer timer(Stage::kOutput);
    out << ExtractionToJson(extraction, options.compact ? -1 : 2) << "\n" << std::flush;
  }
  if (options.timings) {
    StageTimes times = ThreadStageTimes();
    times += loaded.times;
    err << "kensa: " << path << ": timings (ms): " << FormatStageTimes(times)
        << " (dictionary and rule-compile on a second thread, during read)\n";
  }
  return 0;
}

}  // namespace

int RunExtract(const DocumentOptions& options, std::ostream& out, std::ostream& err) {
  try {
    return ExtractUnderLimits(options, out, err);
  } catch (const std::bad_alloc&) {
    err << "kensa: " << options.file << ": " << MemoryLimitMessage() << "\n";
    return ExitCodeFor(ErrorKind::kResourceLimit);
  }
}

int RunFields(const DocumentOptions& options, std::ostream& out) {
  if (options.json) {
    out << FieldCatalogueToJson() << "\n";
    return 0;
  }
  for (const FieldSpec& field : FieldCatalogue()) {
    std::string members;
    for (std::string_view m : field.members) members += (members.empty() ? "" : ", ") + std::string(m);
    std::vector<char> line(std::string(field.label_ja).size() + members.size() + 128);
    std::snprintf(line.data(), line.size(), "%-34s %-10s %s%s\n", std::string(field.id).c_str(),
                  ValueTypeName(field.type), std::string(field.label_ja).c_str(),
                  members.empty() ? "" : ("  [" + members + "]").c_str());
    out << line.data();
  }
  return 0;
}

int RunCheckRules(const DocumentOptions& options, std::ostream& out, std::ostream& err) {
  int code = 0;
  auto extractor = LoadExtractor(options, err, code, /*unchecked=*/true);  // it lists every failure itself
  if (!extractor) return code;
  auto failures = CheckRuleExamples(*extractor);
  for (const std::string& f : failures) err << f << "\n";
  size_t examples = 0;
  for (const Rule& r : extractor->rules().rules()) examples += r.examples.size() + r.counterexamples.size();
  out << extractor->rules().rules().size() << " rules, " << examples << " examples, " << failures.size()
      << " failing\n";
  return failures.empty() ? 0 : ExitCodeFor(ErrorKind::kConfig);
}

int RunPassages(const DocumentOptions& options, std::ostream& out, std::ostream& err) {
  const std::string& path = options.file;
  int code = 0;
  if (!ApplyLimits(options, err, code)) return code;
  auto passages = ReadPassages(path, ReadOptions{options.max_size_mib << 20});
  if (!passages.ok()) return ReportReadError(path, passages.status(), err);
  for (const Passage& p : *passages) {
    std::string section = p.section_path.empty() ? "" : p.section_path.back();
    std::string columns;  // a table row's column names, "<No.|項目|回答>"
    for (const std::string& name : p.columns) columns += (columns.empty() ? " <" : "|") + name;
    if (!columns.empty()) columns += ">";
    out << "p" << p.page << " " << PassageKindName(p.kind) << " [" << section << "]"
        << (p.lead.empty() ? "" : " {" + p.lead + "}") << columns << " " << p.text << "\n";
  }
  return 0;
}

}  // namespace kensa
