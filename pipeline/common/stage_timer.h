// Where one process's time goes, stage by stage (`kensa extract --timings`, the benchmark's
// breakdown). A StageTimer on the stack charges the wall time of its scope to one stage; timers
// nest, and a nested one pauses the one around it, so each stage gets its own (exclusive) time:
// the tokenizer's time inside the rules stage is charged to kTokens, not twice.
//
// Usage:
//   { StageTimer timer(Stage::kNormalize); normalized = Normalize(pages); }
//   StageTimes times = ThreadStageTimes();   // milliseconds per stage, this thread, so far
//
// Cost: two steady_clock reads per timer (~40 ns), so timers stay on in every build.
// Thread-safety: the times are per thread (thread_local); a thread sees only its own.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <string>

namespace kensa {

enum class Stage : std::size_t {
  kOther,       // time under no timer (not reported)
  kDictionary,  // start-up: loading the MeCab dictionaries
  kRuleCompile, // start-up: patterns/*.toml into RE2 and the screen
  kRead,        // text extraction: poppler (or decoding a text file), hashing
  kNormalize,
  kPassages,
  kTokens,      // MeCab
  kRules,       // screening and running the rules, value parsing
  kCleanUp,     // document-level consolidation of findings
  kOutput,      // JSON
  kCount,
};

// The name printed for a stage ("dictionary", "rule-compile", "read", …).
const char* StageName(Stage stage);

struct StageTimes {
  std::array<double, static_cast<std::size_t>(Stage::kCount)> ms{};
  double operator[](Stage stage) const { return ms[static_cast<std::size_t>(stage)]; }
  StageTimes& operator+=(const StageTimes& other) {  // another thread's times
    for (std::size_t i = 0; i < ms.size(); ++i) ms[i] += other.ms[i];
    return *this;
  }
};

// The milliseconds charged to each stage on this thread so far.
StageTimes ThreadStageTimes();

// Formats times as one line: "dictionary=3.1 rule-compile=38.0 read=20.4 … total=70.3" (ms).
std::string FormatStageTimes(const StageTimes& times);

class StageTimer {
 public:
  explicit StageTimer(Stage stage);
  ~StageTimer();
  StageTimer(const StageTimer&) = delete;
  StageTimer& operator=(const StageTimer&) = delete;

 private:
  Stage outer_;
};

}  // namespace kensa
