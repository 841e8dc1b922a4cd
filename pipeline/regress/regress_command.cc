#include "regress/regress_command.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include "extract/extractor.h"
#include "regress/comparison.h"
#include "regress/regress_run.h"
#include "regress/report.h"

namespace kensa {

const char* const kRegressUsage =
    "       kensa regress [DIR…] [--baseline FILE] [--save-baseline FILE] [--min-f1 X] [--json] [--jobs N]\n"
    "                                                         score samples (x.pdf + x.expected.json) under DIR\n"
    "                                                         (default samples); exit 0 ok, 1 worse, 2 usage\n";

namespace {

bool ParseDouble(const std::string& text, double& out) {
  char* end = nullptr;
  out = std::strtod(text.c_str(), &end);
  return !text.empty() && end && *end == '\0';
}

bool WantColour(bool out_is_terminal) {
  if (!out_is_terminal) return false;
  const char* no_colour = std::getenv("NO_COLOR");
  const char* term = std::getenv("TERM");
  return !(no_colour && *no_colour) && !(term && std::string(term) == "dumb");
}

int UsageError(std::ostream& err, const std::string& problem) {
  err << "kensa: regress: " << problem << "\nusage:" << (kRegressUsage + 6);
  return ExitCodeFor(ErrorKind::kUsage);
}

}  // namespace

Result<RegressOptions> ParseRegressArgs(const std::vector<std::string>& args) {
  using R = Result<RegressOptions>;
  RegressOptions options;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto next = [&]() -> const std::string* { return i + 1 < args.size() ? &args[++i] : nullptr; };
    if (a == "--json") {
      options.json = true;
    } else if (a == "--baseline" || a == "--save-baseline" || a == "--patterns") {
      const std::string* value = next();
      if (!value || value->empty()) return R::Error(ErrorKind::kUsage, a + " needs a " + (a == "--patterns" ? "directory" : "file"));
      (a == "--baseline" ? options.baseline : a == "--save-baseline" ? options.save_baseline : options.patterns) = *value;
    } else if (a == "--min-f1") {
      const std::string* value = next();
      double x = 0;
      if (!value || !ParseDouble(*value, x) || x < 0 || x > 1)
        return R::Error(ErrorKind::kUsage, "--min-f1 needs a number from 0 to 1");
      options.min_f1 = x;
    } else if (a == "--jobs" || a == "-j") {
      const std::string* value = next();
      double n = 0;
      if (!value || !ParseDouble(*value, n) || n < 1 || n > 1024 || n != static_cast<unsigned>(n))
        return R::Error(ErrorKind::kUsage, a + " needs a number of threads (1 or more)");
      options.jobs = static_cast<unsigned>(n);
    } else if (a.size() > 1 && a[0] == '-') {
      return R::Error(ErrorKind::kUsage, "unknown option " + a);
    } else {
      options.paths.push_back(a);
    }
  }
  if (options.paths.empty()) options.paths.push_back("samples");
  return options;
}

int RegressCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, bool out_is_terminal) {
  auto options = ParseRegressArgs(args);
  if (!options.ok()) return UsageError(err, options.status().message());
  auto samples = FindSamples(options->paths);
  if (!samples.ok()) return UsageError(err, samples.status().message());
  std::optional<RegressRun> baseline;
  if (!options->baseline.empty()) {
    auto read = ReadBaseline(options->baseline);
    if (!read.ok()) return UsageError(err, read.status().message());
    baseline = std::move(*read);
  }

  ExtractorOptions extractor_options = DefaultExtractorOptions();
  extractor_options.rule_threads = 1;  // the samples are already extracted in parallel
  if (!options->patterns.empty()) extractor_options.patterns_dir = options->patterns;
  auto extractor = CreateCheckedExtractor(extractor_options);
  if (!extractor.ok()) {
    err << "kensa: " << extractor.status().message() << "\n";
    return ExitCodeFor(extractor.status().kind());
  }

  const unsigned threads = options->jobs ? options->jobs : std::max(1u, std::thread::hardware_concurrency());
  const auto start = std::chrono::steady_clock::now();
  const RegressRun run = RunRegression(**extractor, *samples, threads);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  char timing[128];
  std::snprintf(timing, sizeof timing, "kensa: regress: %zu documents, %u threads, %.1f s\n", run.documents.size(),
                std::min<unsigned>(threads, static_cast<unsigned>(run.documents.size())), seconds);
  err << timing;
  for (const DocumentResult& d : run.documents)
    if (!d.error.empty()) err << "kensa: " << d.document << ": " << d.error << " (counted as all missed)\n";

  Verdict verdict;
  std::optional<Comparison> comparison;
  if (baseline) {
    comparison = Compare(*baseline, run);
    verdict.baseline = options->baseline;
    verdict.worse = comparison->Worse();
  }
  verdict.min_f1 = options->min_f1;  // no threshold unless asked for: without a baseline, exit 0
  if (verdict.min_f1) verdict.below_min_f1 = run.Total().F1() < *verdict.min_f1;

  const Comparison* compared = comparison ? &*comparison : nullptr;
  if (options->json) {
    out << RunToJson(run, compared, &verdict) << "\n";
  } else {
    WriteTextReport(out, run, compared, verdict, {.colour = WantColour(out_is_terminal)});
  }
  out.flush();

  if (!options->save_baseline.empty()) {
    Status saved = WriteBaseline(options->save_baseline, run);
    if (!saved.ok()) {
      err << "kensa: regress: " << saved.message() << "\n";
      return ExitCodeFor(ErrorKind::kUsage);
    }
    err << "kensa: regress: baseline saved to " << options->save_baseline << "\n";
  }
  return verdict.ExitStatus();
}

}  // namespace kensa
