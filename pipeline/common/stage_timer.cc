#include "common/stage_timer.h"

#include <cstdio>

namespace kensa {
namespace {

using Clock = std::chrono::steady_clock;

// This thread's clock: the stage being charged now and since when.
struct ThreadClock {
  StageTimes times;
  Stage current = Stage::kOther;
  Clock::time_point since = Clock::now();

  // Charges the time since the last switch to the current stage, then makes `next` current.
  void SwitchTo(Stage next) {
    const Clock::time_point now = Clock::now();
    times.ms[static_cast<std::size_t>(current)] += std::chrono::duration<double, std::milli>(now - since).count();
    current = next;
    since = now;
  }
};

thread_local ThreadClock clock_of_thread;

}  // namespace

const char* StageName(Stage stage) {
  switch (stage) {
    case Stage::kOther: return "other";
    case Stage::kDictionary: return "dictionary";
    case Stage::kRuleCompile: return "rule-compile";
    case Stage::kRead: return "read";
    case Stage::kNormalize: return "normalize";
    case Stage::kPassages: return "passages";
    case Stage::kTokens: return "tokens";
    case Stage::kRules: return "rules";
    case Stage::kCleanUp: return "clean-up";
    case Stage::kOutput: return "output";
    case Stage::kCount: break;
  }
  return "?";
}

StageTimes ThreadStageTimes() {
  clock_of_thread.SwitchTo(clock_of_thread.current);  // bring the running stage up to now
  return clock_of_thread.times;
}

std::string FormatStageTimes(const StageTimes& times) {
  std::string line;
  double total = 0;
  for (std::size_t i = 1; i < times.ms.size(); ++i) {
    char item[64];
    std::snprintf(item, sizeof item, "%s%s=%.1f", line.empty() ? "" : " ", StageName(static_cast<Stage>(i)),
                  times.ms[i]);
    line += item;
    total += times.ms[i];
  }
  char sum[32];
  std::snprintf(sum, sizeof sum, " total=%.1f", total);
  return line + sum;
}

StageTimer::StageTimer(Stage stage) : outer_(clock_of_thread.current) { clock_of_thread.SwitchTo(stage); }

StageTimer::~StageTimer() { clock_of_thread.SwitchTo(outer_); }

}  // namespace kensa
