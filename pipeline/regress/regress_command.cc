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

namespace {

bool WantColour(bool out_is_terminal) {
  if (!out_is_terminal) return false;
  const char* no_colour = std::getenv("NO_COLOR");
  const char* term = std::getenv("TERM");
  return !(no_colour && *no_colour) && !(term && std::string(term) == "dumb");
}

int UsageError(std::ostream& err, const std::string& problem) {
  return ReportError(err, "regress", Status::Error(ErrorKind::kUsage, problem));
}

}  // namespace

int RunRegress(const RegressOptions& given, std::ostream& out, std::ostream& err, bool out_is_terminal) {
  RegressOptions defaulted = given;
  if (defaulted.paths.empty()) defaulted.paths.push_back("samples");
  const RegressOptions* options = &defaulted;
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
    return ReportError(err, "", extractor.status());
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
      return ReportError(err, "regress", Status::Error(ErrorKind::kUsage, saved.message()));
    }
    err << "kensa: regress: baseline saved to " << options->save_baseline << "\n";
  }
  return verdict.ExitStatus();
}

}  // namespace kensa
