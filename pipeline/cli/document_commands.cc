#include "cli/document_commands.h"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
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
    exit_code = ReportError(err, "", extractor.status());
    return nullptr;
  }
  return *extractor;
}

// Puts the --timeout/--cpu/--memory limits on this process, named `subject` in the line printed
// when one is hit (see common/process_limits.h: each limit ends the process with one line and exit
// code 21).
bool ApplyLimits(const DocumentOptions& options, const std::string& subject, std::ostream& err, int& exit_code,
                 int documents = 1) {
  if (Status s = ApplyProcessLimits(options.limits, subject, documents); !s.ok()) {
    exit_code = ReportError(err, subject, s);
    return false;
  }
  return true;
}

// The error line for a failed read.
int ReportReadError(const std::string& path, const Status& status, std::ostream& err) {
  return ReportError(err, path, status);
}

// What --max-size and --ocr allow a document.
ReadOptions ReadOptionsOf(const DocumentOptions& options) {
  ReadOptions read;
  read.max_bytes = options.max_size_mib << 20;
  read.ocr = options.ocr;
  return read;
}

// Reads the document on standard input ("-"): its bytes (at most read.max_bytes; 0: any size) go to an
// anonymous in-memory file that ReadDocument reads as it reads any file, so a PDF and a text are told
// apart by their bytes as for a file without a .pdf name. The document's path is "-".
Result<RawDocument> ReadStandardInput(const ReadOptions& read) {
  using R = Result<RawDocument>;
  const int fd = ::memfd_create("kensa-stdin", MFD_CLOEXEC);
  if (fd < 0) return R::Error(ErrorKind::kInternal, std::string("cannot buffer standard input: ") + std::strerror(errno));
  std::vector<char> buffer(1 << 16);
  long long total = 0;
  for (;;) {
    const ssize_t n = ::read(STDIN_FILENO, buffer.data(), buffer.size());
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      const std::string reason = std::strerror(errno);
      ::close(fd);
      return R::Error(ErrorKind::kNotFound, "cannot read standard input: " + reason);
    }
    total += n;
    if (read.max_bytes > 0 && total > read.max_bytes) {
      ::close(fd);
      return R::Error(ErrorKind::kResourceLimit, "too large: over the input size limit of " +
                                                     std::to_string(read.max_bytes >> 20) + " MiB (--max-size)");
    }
    for (ssize_t written = 0; written < n;) {
      const ssize_t w = ::write(fd, buffer.data() + written, static_cast<size_t>(n - written));
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) {
        const std::string reason = std::strerror(errno);
        ::close(fd);
        return R::Error(ErrorKind::kResourceLimit, "cannot buffer standard input: " + reason);
      }
      written += w;
    }
  }
  Result<RawDocument> document = ReadDocument("/proc/self/fd/" + std::to_string(fd), read);
  ::close(fd);
  if (document.ok()) document->path = "-";
  return document;
}

// Reads one FILE argument: "-" is standard input.
Result<RawDocument> ReadArgument(const std::string& path, const ReadOptions& read) {
  StageTimer timer(Stage::kRead);
  if (path == "-") return ReadStandardInput(read);
  return ReadDocument(path, read);
}

// Extracts one document already read (or reports why it could not be read) on out: pretty or
// compact JSON for a single FILE, one JSON line with its status among several. Returns its exit code.
int WriteOne(const Extractor& extractor, const std::string& path, Result<RawDocument> document,
             const DocumentOptions& options, bool several, std::ostream& out, std::ostream& err) {
  Status failure;
  try {
    if (document.ok()) {
      const Extraction extraction = extractor.ExtractDocument(*document);
      for (const std::string& warning : extraction.warnings) ReportWarning(err, path, WarningCode(warning), warning);
      StageTimer timer(Stage::kOutput);
      out << ExtractionToJson(extraction, options.compact || several ? -1 : 2, several) << "\n" << std::flush;
      return 0;
    }
    failure = document.status();
  } catch (const std::bad_alloc&) {
    failure = Status::Error(ErrorKind::kResourceLimit, MemoryLimitMessage());
  }
  const int code = ReportReadError(path, failure, err);
  if (several) out << FailedDocumentToJson(path, failure) << "\n" << std::flush;
  return code;
}

int ExtractUnderLimits(const DocumentOptions& options, std::ostream& out, std::ostream& err) {
  int code = 0;
  const std::vector<std::string>& paths = options.files;
  const bool several = paths.size() > 1;
  if (!ApplyLimits(options, paths.front(), err, code, static_cast<int>(paths.size()))) return code;
  // Rules and dictionaries load on a second thread while this one reads the first document:
  // start-up costs about as much as poppler on a short whitepaper, and neither needs the other. The
  // loading thread writes its error into a string, not err, so that err is only written from here.
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
  Result<RawDocument> first = ReadArgument(paths.front(), ReadOptionsOf(options));
  Loaded loaded = loading.get();  // a configuration error is reported first, as without the thread
  if (!loaded.extractor) {
    err << loaded.error;
    return loaded.exit_code;
  }
  // The worst exit code of all documents: the highest (README, "Exit codes").
  int worst = WriteOne(*loaded.extractor, paths.front(), std::move(first), options, several, out, err);
  for (size_t i = 1; i < paths.size(); ++i) {
    StartDocumentLimits(paths[i]);  // each document has the whole --timeout and --cpu
    worst = std::max(worst, WriteOne(*loaded.extractor, paths[i], ReadArgument(paths[i], ReadOptionsOf(options)),
                                     options, several, out, err));
  }
  if (options.timings) {
    StageTimes times = ThreadStageTimes();
    times += loaded.times;
    err << "kensa: " << (several ? std::string("extract") : paths.front()) << ": timings (ms): "
        << FormatStageTimes(times) << " (dictionary and rule-compile on a second thread, during read)\n";
  }
  return worst;
}

}  // namespace

int RunExtract(const DocumentOptions& options, std::ostream& out, std::ostream& err) {
  try {
    return ExtractUnderLimits(options, out, err);
  } catch (const std::bad_alloc&) {
    err << "kensa: " << (options.files.size() == 1 ? options.files.front() : std::string("extract")) << ": "
        << MemoryLimitMessage() << "\n";
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
  if (!ApplyLimits(options, path, err, code)) return code;
  auto passages = ReadPassages(path, ReadOptionsOf(options));
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
