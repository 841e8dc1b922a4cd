// What `kensa ingest` tells the person watching: on a terminal, one live progress line (done/total,
// rate, ETA, failures) plus a line for each failure; on a pipe or file, one plain line per document
// (for logs); with --quiet, nothing but errors that stop the run. The summary is not printed here.
// Thread-safety: one Progress per run, used by one thread.
#pragma once

#include <chrono>
#include <ostream>
#include <string>

namespace kensa {

struct ProgressState {
  int done = 0;      // documents read (stored or failed)
  int total = 0;     // documents to read; 0 when unknown (--watch)
  int failed = 0;
  int running = 0;   // in hand
  double seconds = 0;  // since the first document was started
  bool watching = false;
};

// Returns the progress line: "12/40 documents, 3.1/s, ETA 9 s, 1 failed" or, watching,
// "watching: 12 read, 1 failed, 2 in hand".
std::string FormatProgress(const ProgressState& state);

class Progress {
 public:
  enum Level {
    kDetail,   // a document stored or skipped: only in plain logs
    kProblem,  // a document failed or unreadable: also on a terminal
    kError,    // the run stops: always, even with --quiet
  };

  Progress(std::ostream& err, bool terminal, bool quiet) : err_(err), terminal_(terminal), quiet_(quiet) {}

  // Writes one line "kensa: ingest: TEXT" if the level is shown (above the progress line).
  void Log(Level level, const std::string& text);
  // Redraws the progress line (terminal only; at most ten times a second).
  void Update(const ProgressState& state);
  // Shows "hashing N/M files" while the files are fingerprinted (terminal only).
  void Hashing(int done, int total);
  // Removes the progress line.
  void Clear();

  std::ostream& stream() { return err_; }

 private:
  void Draw(const std::string& text, bool force);

  std::ostream& err_;
  bool terminal_;
  bool quiet_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace kensa
