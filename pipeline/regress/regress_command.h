// `kensa regress [PATH…]`: finds the samples, runs and scores them
// in parallel, compares with a baseline, prints the report and returns the exit status. It lives in
// the library rather than in main so that tests can drive it with string streams.
// Thread-safe: RunRegress may run beside other work; it writes only the streams and the
// --save-baseline file it is given.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "common/status.h"

namespace kensa {

struct RegressOptions {
  std::vector<std::string> paths;   // sample directories (or documents); empty: {"samples"}
  std::string baseline;             // --baseline FILE: compare with this earlier run
  std::string save_baseline;        // --save-baseline FILE: write this run as a baseline
  std::optional<double> min_f1;     // --min-f1 X: micro-F1 below X fails the run (0..1)
  bool json = false;                // --json: one JSON object on stdout instead of tables
  unsigned jobs = 0;                // --jobs N: threads; 0 = one per core
  std::string patterns;             // --patterns DIR: rules other than the built-in ones
};

// Runs `kensa regress` with options (checked by the command line, pipeline/cli); the report goes to `out` (colour only
// when `out_is_terminal` and NO_COLOR is unset), errors and progress to `err`. Returns the exit
// status: 0 when nothing is worse than the baseline (without one: when micro-F1 meets --min-f1, or
// always when no --min-f1 is given), 1 when something regressed or micro-F1 is below --min-f1, 2 for usage errors (also a missing or unreadable sample directory,
// expected-answers file or baseline), or the code of ExitCodeFor for rules or dictionaries that do
// not load.
int RunRegress(const RegressOptions& options, std::ostream& out, std::ostream& err, bool out_is_terminal);

}  // namespace kensa
