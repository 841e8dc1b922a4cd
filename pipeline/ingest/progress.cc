#include "ingest/progress.h"

#include <cstdio>

namespace kensa {
namespace {

std::string FormatSeconds(double seconds) {
  char text[32];
  const long s = static_cast<long>(seconds + 0.5);
  if (s < 60) {
    std::snprintf(text, sizeof text, "%ld s", s);
  } else if (s < 3600) {
    std::snprintf(text, sizeof text, "%ld:%02ld", s / 60, s % 60);
  } else {
    std::snprintf(text, sizeof text, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  }
  return text;
}

}  // namespace

std::string FormatProgress(const ProgressState& state) {
  char text[160];
  const std::string failed = state.failed ? ", " + std::to_string(state.failed) + " failed" : "";
  if (state.watching) {
    std::snprintf(text, sizeof text, "watching: %d read%s, %d in hand", state.done, failed.c_str(), state.running);
    return text;
  }
  std::string line = std::to_string(state.done) + "/" + std::to_string(state.total) + " documents";
  if (state.done > 0 && state.seconds > 0) {
    const double rate = state.done / state.seconds;
    std::snprintf(text, sizeof text, ", %.1f/s, ETA %s", rate, FormatSeconds((state.total - state.done) / rate).c_str());
    line += text;
  }
  return line + failed;
}

void Progress::Log(Level level, const std::string& text) {
  if (level != kError && (quiet_ || (terminal_ && level == kDetail))) return;
  if (drawn_) err_ << "\r\033[K";
  drawn_ = false;
  err_ << "kensa: ingest: " << text << "\n" << std::flush;
}

void Progress::Update(const ProgressState& state) { Draw(FormatProgress(state), false); }

void Progress::Hashing(int done, int total) {
  Draw("hashing " + std::to_string(done) + "/" + std::to_string(total) + " files", false);
}

void Progress::Draw(const std::string& text, bool force) {
  if (!terminal_ || quiet_) return;
  const auto now = std::chrono::steady_clock::now();
  if (!force && drawn_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  err_ << "\r\033[Kkensa: ingest: " << text << std::flush;
  drawn_ = true;
}

void Progress::Clear() {
  if (drawn_) err_ << "\r\033[K" << std::flush;
  drawn_ = false;
}

}  // namespace kensa
