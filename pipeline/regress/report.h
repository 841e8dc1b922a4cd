// The output of a regression run: the terminal report (per-field table, per-document table, each
// false positive and false negative, the comparison with a baseline, a summary), the same as one JSON
// object, and the baseline file (the run as JSON, without comparison or verdict; document paths are
// relative to the samples directory, so a baseline works from any clone).
// Thread-safe: pure functions (the file functions touch only the file named).
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "common/status.h"
#include "regress/comparison.h"
#include "regress/regress_run.h"

namespace kensa {

// What the run concludes, and the exit status that says it.
struct Verdict {
  std::string baseline;          // the baseline compared with; empty: none
  std::optional<double> min_f1;  // the micro-F1 threshold that applies, if any
  bool worse = false;            // something is worse than the baseline
  bool below_min_f1 = false;     // micro-F1 < *min_f1
  int ExitStatus() const { return worse || below_min_f1 ? 1 : 0; }
};

struct TextReportOptions {
  bool colour = false;    // ANSI colour for WORSE / better (only for a terminal)
  int quote_width = 60;   // quotes are cut to this many columns ("…")
};

// Writes the terminal report. `comparison` is null when no baseline was given.
void WriteTextReport(std::ostream& out, const RegressRun& run, const Comparison* comparison, const Verdict& verdict,
                     const TextReportOptions& options);

// Returns the run as one JSON object: {"version", "total", "fields", "documents"[, "comparison",
// "verdict"]}. Without comparison and verdict this is the baseline file.
std::string RunToJson(const RegressRun& run, const Comparison* comparison = nullptr, const Verdict* verdict = nullptr,
                      int indent = 2);
// Reads a run from RunToJson's text (the extra keys are ignored). Fails with kUsage saying what is
// wrong.
Result<RegressRun> RunFromJson(std::string_view json);

// Reads a baseline file. Fails with kUsage naming the file.
Result<RegressRun> ReadBaseline(const std::string& path);
// Writes a baseline file (replacing it). Fails with kUsage naming the file.
Status WriteBaseline(const std::string& path, const RegressRun& run);

}  // namespace kensa
