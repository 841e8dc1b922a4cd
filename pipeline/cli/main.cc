// kensa: the command line. Only argv parsing, output streams and exit codes live here; the work is
// in the stage libraries (see ARCHITECTURE.md).
#include <unistd.h>

#include <cstdio>
#include <exception>
#include <future>
#include <iostream>
#include <new>
#include <string>
#include <vector>

#include "common/process_limits.h"
#include "common/stage_timer.h"
#include "export/export_command.h"
#include "extract/extractor.h"
#include "fields/field_catalogue.h"
#include "ingest/ingest_command.h"
#include "output/json_codec.h"
#include "regress/regress_command.h"
#include "review/review_command.h"

namespace {

using kensa::ErrorKind;
using kensa::ExitCodeFor;

constexpr const char* kUsage =
    "usage: kensa extract FILE [--compact] [--patterns DIR] [--timings]   checklist answers of one document as JSON\n"
    "                    [--timeout S] [--cpu S] [--memory MIB] [--max-size MIB]   (defaults 60 60 2048 64)\n"
    "       kensa fields [--json]                             the field catalogue\n"
    "       kensa check-rules [--patterns DIR]                run every rule's examples\n"
    "       kensa passages FILE                               the passages rules read (page, kind, section)\n"
    "       kensa regress [DIR…] [--baseline FILE] [--save-baseline FILE] [--min-f1 X] [--json] [--jobs N]\n"
    "                                                         score samples against their expected answers\n"
    "       kensa ingest DIR… [--db FILE] [--watch] [--reextract] [--retry-failed] [--jobs N]\n"
    "                    [--timeout S] [--cpu S] [--memory MIB] [--quiet]\n"
    "                                                         store every PDF/text file under DIR with its answers\n"
    "       kensa export [--db FILE] --format csv|jsonl|json [--fields a,b,…] [--ja] [--all-versions]\n"
    "                                                         the stored answers as CSV (Excel) or JSON\n"
    "       kensa review FILE [-o OUT.html] [--dpi N] | kensa review --db STORE.db DOC [-o OUT.html]\n"
    "                                                         one HTML page: each answer beside the page it came from\n"
    "exit codes: 0 ok, 2 usage, 10 not found, 11 not a regular file, 12 empty, 13 not a PDF or text,\n"
    "            14 encrypted, 15 damaged PDF, 20 bad patterns/dictionary, 21 resource limit, 30 store,\n"
    "            70 internal error; regress: 0 nothing worse than the baseline, 1 something regressed, 2 usage;\n"
    "            ingest: 0 ran (failed documents are recorded), 130 interrupted before the end\n";

int Usage(const std::string& problem) {
  if (!problem.empty()) std::cerr << "kensa: " << problem << "\n";
  std::cerr << kUsage;
  return ExitCodeFor(ErrorKind::kUsage);
}

struct Args {
  std::vector<std::string> positional;
  bool compact = false;
  bool timings = false;  // --timings: milliseconds per stage on stderr (extract)
  bool json = false;
  std::string patterns;
  kensa::ProcessLimits limits;  // --timeout S, --cpu S, --memory MIB (extract, passages)
  long long max_size_mib = 64;  // --max-size MIB: larger files are refused (0: no limit)
};

// Parses a whole non-negative number of at most 7 digits; false when text is anything else.
bool ParseCount(const std::string& text, long long& out) {
  if (text.empty() || text.size() > 7 || text.find_first_not_of("0123456789") != std::string::npos) return false;
  out = std::stoll(text);
  return true;
}

bool Parse(int argc, char** argv, Args& args, std::string& problem) {
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--compact") {
      args.compact = true;
    } else if (a == "--timings") {
      args.timings = true;
    } else if (a == "--json") {
      args.json = true;
    } else if (a == "--patterns") {
      if (++i >= argc) { problem = "--patterns needs a directory"; return false; }
      args.patterns = argv[i];
    } else if (a == "--timeout" || a == "--cpu" || a == "--memory" || a == "--max-size") {
      long long n = 0;
      if (++i >= argc || !ParseCount(argv[i], n) || (a == "--memory" && n != 0 && n < 256)) {
        problem = a + (a == "--memory" ? " needs a number of MiB (256 or more, 0 for no limit)"
                                       : " needs a whole number (0 for no limit)");
        return false;
      }
      if (a == "--timeout") args.limits.wall_seconds = static_cast<int>(n);
      if (a == "--cpu") args.limits.cpu_seconds = static_cast<int>(n);
      if (a == "--memory") args.limits.memory_mib = static_cast<int>(n);
      if (a == "--max-size") args.max_size_mib = n;
    } else if (a.size() > 1 && a[0] == '-' && a != "-") {
      problem = "unknown option " + a;
      return false;
    } else {
      args.positional.push_back(a);
    }
  }
  return true;
}

// Loads rules and dictionaries once (checking the rules' examples once per rules version, unless
// `unchecked`); prints the configuration error and returns null on failure.
std::shared_ptr<const kensa::Extractor> LoadExtractor(const Args& args, int& exit_code, bool unchecked = false) {
  kensa::ExtractorOptions options = kensa::DefaultExtractorOptions();
  if (!args.patterns.empty()) options.patterns_dir = args.patterns;
  auto extractor = unchecked ? kensa::Extractor::Create(options) : kensa::CreateCheckedExtractor(options);
  if (!extractor.ok()) {
    std::cerr << "kensa: " << extractor.status().message() << "\n";
    exit_code = ExitCodeFor(extractor.status().kind());
    return nullptr;
  }
  return *extractor;
}

// Puts the --timeout/--cpu/--memory limits on this process for the document at path (see
// common/process_limits.h: each limit ends the process with one line and exit code 21).
bool ApplyLimits(const Args& args, const std::string& path, int& exit_code) {
  if (kensa::Status s = kensa::ApplyProcessLimits(args.limits, path); !s.ok()) {
    std::cerr << "kensa: " << path << ": " << s.message() << "\n";
    exit_code = ExitCodeFor(s.kind());
    return false;
  }
  return true;
}

// The error line for a failed read.
int ReportReadError(const std::string& path, const kensa::Status& status) {
  std::cerr << "kensa: " << path << ": " << status.message() << "\n";
  return ExitCodeFor(status.kind());
}

int ExtractUnderLimits(const Args& args) {
  if (args.positional.size() != 1) return Usage("extract takes one FILE");
  int code = 0;
  const std::string& path = args.positional[0];
  if (!ApplyLimits(args, path, code)) return code;
  // Rules and dictionaries load on a second thread while this one reads the document: start-up
  // costs about as much as poppler on a short whitepaper, and neither needs the other.
  struct Loaded {
    std::shared_ptr<const kensa::Extractor> extractor;
    int exit_code = 0;
    kensa::StageTimes times;
  };
  std::future<Loaded> loading = std::async(std::launch::async, [&args] {
    Loaded loaded;
    loaded.extractor = LoadExtractor(args, loaded.exit_code);
    loaded.times = kensa::ThreadStageTimes();
    return loaded;
  });
  auto document = [&] {
    kensa::StageTimer timer(kensa::Stage::kRead);
    return kensa::ReadDocument(path, kensa::ReadOptions{args.max_size_mib << 20});
  }();
  Loaded loaded = loading.get();  // a configuration error is reported first, as without the thread
  if (!loaded.extractor) return loaded.exit_code;
  if (!document.ok()) return ReportReadError(path, document.status());
  const kensa::Extraction extraction = loaded.extractor->ExtractDocument(*document);
  for (const std::string& warning : extraction.warnings) std::cerr << "kensa: " << path << ": warning: " << warning << "\n";
  {
    kensa::StageTimer timer(kensa::Stage::kOutput);
    std::cout << kensa::ExtractionToJson(extraction, args.compact ? -1 : 2) << "\n" << std::flush;
  }
  if (args.timings) {
    kensa::StageTimes times = kensa::ThreadStageTimes();
    times += loaded.times;
    std::cerr << "kensa: " << path << ": timings (ms): " << kensa::FormatStageTimes(times)
              << " (dictionary and rule-compile on a second thread, during read)\n";
  }
  return 0;
}

int Extract(const Args& args) {
  try {
    return ExtractUnderLimits(args);
  } catch (const std::bad_alloc&) {
    std::cerr << "kensa: " << args.positional[0] << ": " << kensa::MemoryLimitMessage() << "\n";
    return ExitCodeFor(ErrorKind::kResourceLimit);
  }
}

int Fields(const Args& args) {
  if (args.json) {
    std::cout << kensa::FieldCatalogueToJson() << "\n";
    return 0;
  }
  for (const kensa::FieldSpec& field : kensa::FieldCatalogue()) {
    std::string members;
    for (std::string_view m : field.members) members += (members.empty() ? "" : ", ") + std::string(m);
    std::printf("%-34s %-10s %s%s\n", std::string(field.id).c_str(), kensa::ValueTypeName(field.type),
                std::string(field.label_ja).c_str(), members.empty() ? "" : ("  [" + members + "]").c_str());
  }
  return 0;
}

int CheckRules(const Args& args) {
  int code = 0;
  auto extractor = LoadExtractor(args, code, /*unchecked=*/true);  // it lists every failure itself
  if (!extractor) return code;
  auto failures = kensa::CheckRuleExamples(*extractor);
  for (const std::string& f : failures) std::cerr << f << "\n";
  size_t examples = 0;
  for (const kensa::Rule& r : extractor->rules().rules()) examples += r.examples.size() + r.counterexamples.size();
  std::cout << extractor->rules().rules().size() << " rules, " << examples << " examples, " << failures.size()
            << " failing\n";
  return failures.empty() ? 0 : ExitCodeFor(ErrorKind::kConfig);
}

int Passages(const Args& args) {
  if (args.positional.size() != 1) return Usage("passages takes one FILE");
  const std::string& path = args.positional[0];
  int code = 0;
  if (!ApplyLimits(args, path, code)) return code;
  auto passages = kensa::ReadPassages(path, kensa::ReadOptions{args.max_size_mib << 20});
  if (!passages.ok()) return ReportReadError(path, passages.status());
  for (const kensa::Passage& p : *passages) {
    std::string section = p.section_path.empty() ? "" : p.section_path.back();
    std::string columns;  // a table row's column names, "<No.|項目|回答>"
    for (const std::string& name : p.columns) columns += (columns.empty() ? " <" : "|") + name;
    if (!columns.empty()) columns += ">";
    std::cout << "p" << p.page << " " << kensa::PassageKindName(p.kind) << " [" << section << "]"
              << (p.lead.empty() ? "" : " {" + p.lead + "}") << columns << " " << p.text << "\n";
  }
  return 0;
}

int Run(int argc, char** argv) {
  if (argc < 2) return Usage("");
  const std::string command = argv[1];
  if (command == "-h" || command == "--help" || command == "help") {
    std::cout << kUsage;
    return 0;
  }
  if (command == "regress")
    return kensa::RegressCommand({argv + 2, argv + argc}, std::cout, std::cerr, isatty(STDOUT_FILENO) == 1);
  if (command == "ingest")
    return kensa::IngestCommand({argv + 2, argv + argc}, std::cout, std::cerr, isatty(STDERR_FILENO) == 1);
  if (command == "export") return kensa::ExportCommand({argv + 2, argv + argc}, std::cout, std::cerr);
  if (command == "review") return kensa::ReviewCommand({argv + 2, argv + argc}, std::cout, std::cerr);
  Args args;
  std::string problem;
  if (!Parse(argc, argv, args, problem)) return Usage(problem);
  if (command == "extract") return Extract(args);
  if (command == "fields") return Fields(args);
  if (command == "check-rules") return CheckRules(args);
  if (command == "passages") return Passages(args);
  return Usage("unknown command " + command);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return Run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "kensa: internal error: " << e.what() << "\n";
  } catch (...) {
    std::cerr << "kensa: internal error\n";
  }
  return ExitCodeFor(ErrorKind::kInternal);
}
