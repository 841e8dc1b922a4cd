#include "common/process_limits.h"

#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <string>

namespace kensa {
namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kAddressSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kAddressSanitizer = true;
#else
constexpr bool kAddressSanitizer = false;
#endif
#else
constexpr bool kAddressSanitizer = false;
#endif

// The lines the handlers write, made before any handler is installed (a handler may only call
// async-signal-safe functions: no allocation, no formatting).
// Two sets, so that StartDocumentLimits can write the next document's while a handler may read the
// current one; g_current says which.
struct LimitLines {
  std::string timeout;
  std::string cpu;
  std::string crash_prefix;  // "kensa: FILE: crashed ("
};
LimitLines g_lines[2];
std::atomic<int> g_current{0};
ProcessLimits g_limits;  // as applied
int g_limit_exit = 21;
int g_crash_exit = 70;

void WriteAll(const char* data, size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(STDERR_FILENO, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    data += n;
    size -= static_cast<size_t>(n);
  }
}

void WriteLine(const std::string& line) { WriteAll(line.data(), line.size()); }

void OnAlarm(int) {
  WriteLine(g_lines[g_current.load()].timeout);
  ::_exit(g_limit_exit);
}

void OnCpuLimit(int) {
  WriteLine(g_lines[g_current.load()].cpu);
  ::_exit(g_limit_exit);
}

void OnCrash(int sig) {
  const char* name = sig == SIGSEGV ? "SIGSEGV" : sig == SIGBUS ? "SIGBUS" : sig == SIGFPE ? "SIGFPE"
                     : sig == SIGILL ? "SIGILL" : sig == SIGABRT ? "SIGABRT" : "a fatal signal";
  WriteLine(g_lines[g_current.load()].crash_prefix);
  WriteAll(name, std::strlen(name));
  static constexpr char kSuffix[] =
      "): internal error while reading it (a stack overflow or a bug in kensa or the PDF library); "
      "please report it with the file\n";
  WriteAll(kSuffix, sizeof kSuffix - 1);
  ::_exit(g_crash_exit);
}

Status SetLimit(int resource, rlim_t soft, rlim_t hard, const char* what) {
  const rlimit limit = {soft, hard};
  if (::setrlimit(resource, &limit) != 0)
    return Status::Error(ErrorKind::kInternal, std::string("cannot set the ") + what + " limit: " + std::strerror(errno));
  return Status::Ok();
}

void Install(int sig, void (*handler)(int), bool on_alternate_stack) {
  struct sigaction action {};
  action.sa_handler = handler;
  sigemptyset(&action.sa_mask);
  action.sa_flags = on_alternate_stack ? SA_ONSTACK : 0;
  ::sigaction(sig, &action, nullptr);
}

}  // namespace

namespace {

// The limits RecordWorkLimits recorded: when the wall clock ends (steady clock), and how many CPU
// seconds in all (0: none).
std::chrono::steady_clock::time_point g_wall_end;
bool g_wall_limited = false;
int g_cpu_seconds = 0;
double g_cpu_at_start = 0;  // the CPU seconds already used when the limits were recorded

}  // namespace

double ProcessCpuSeconds() {
  rusage usage{};
  if (::getrusage(RUSAGE_SELF, &usage) != 0) return 0;
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

void ExtendCpuLimit(int cpu_seconds) {
  rlimit cpu{};
  if (::getrlimit(RLIMIT_CPU, &cpu) != 0) return;
  const rlim_t used = static_cast<rlim_t>(std::ceil(ProcessCpuSeconds()));
  cpu.rlim_cur = used + static_cast<rlim_t>(cpu_seconds);
  if (cpu.rlim_max != RLIM_INFINITY) cpu.rlim_cur = std::min(cpu.rlim_cur, cpu.rlim_max);
  ::setrlimit(RLIMIT_CPU, &cpu);
}

void RecordWorkLimits(int wall_seconds, int cpu_seconds) {
  g_wall_limited = wall_seconds > 0;
  g_wall_end = std::chrono::steady_clock::now() + std::chrono::seconds(wall_seconds);
  g_cpu_seconds = cpu_seconds;
  g_cpu_at_start = cpu_seconds > 0 ? ProcessCpuSeconds() : 0;
}

double WorkSecondsLeft() {
  double left = 1e9;
  if (g_wall_limited) left = std::chrono::duration<double>(g_wall_end - std::chrono::steady_clock::now()).count();
  if (g_cpu_seconds > 0) left = std::min(left, g_cpu_seconds - (ProcessCpuSeconds() - g_cpu_at_start));
  return left;
}

namespace {

// Makes the lines the handlers print name subject.
void NameSubject(std::string_view subject) {
  const int next = 1 - g_current.load();
  const std::string prefix = "kensa: " + std::string(subject) + ": ";
  g_lines[next].timeout = prefix + "timed out after " + std::to_string(g_limits.wall_seconds) + " s (wall clock)\n";
  g_lines[next].cpu = prefix + "CPU time limit " + std::to_string(g_limits.cpu_seconds) + " s exceeded\n";
  g_lines[next].crash_prefix = prefix + "crashed (";
  g_current.store(next);
}

}  // namespace

Status ApplyProcessLimits(const ProcessLimits& limits, std::string_view subject, int documents) {
  g_limits = limits;
  RecordWorkLimits(limits.wall_seconds, limits.cpu_seconds);
  NameSubject(subject);
  g_limit_exit = ExitCodeFor(ErrorKind::kResourceLimit);
  g_crash_exit = ExitCodeFor(ErrorKind::kInternal);

  if (Status s = SetLimit(RLIMIT_CORE, 0, 0, "core size"); !s.ok()) return s;
  if (limits.memory_mib > 0 && !kAddressSanitizer) {
    const rlim_t bytes = static_cast<rlim_t>(limits.memory_mib) << 20;
    if (Status s = SetLimit(RLIMIT_AS, bytes, bytes, "memory"); !s.ok()) return s;
  }
  if (limits.cpu_seconds > 0) {
    Install(SIGXCPU, OnCpuLimit, false);
    // The hard limit covers every document (StartDocumentLimits raises the soft one for each).
    const rlim_t cpu = static_cast<rlim_t>(limits.cpu_seconds);
    const rlim_t all = cpu * static_cast<rlim_t>(std::max(1, documents));
    if (Status s = SetLimit(RLIMIT_CPU, cpu, all + 5, "CPU time"); !s.ok()) return s;
  }
  if (!kAddressSanitizer) {
    // The crash handlers run on a stack of their own: after a stack overflow there is no other.
    static char alternate_stack[1 << 16];
    stack_t stack{};
    stack.ss_sp = alternate_stack;
    stack.ss_size = sizeof alternate_stack;
    ::sigaltstack(&stack, nullptr);
    for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT}) Install(sig, OnCrash, true);
  }
  if (limits.wall_seconds > 0) {
    Install(SIGALRM, OnAlarm, false);
    ::alarm(static_cast<unsigned>(limits.wall_seconds));
  }
  return Status::Ok();
}

void StartDocumentLimits(std::string_view subject) {
  if (g_limits.wall_seconds > 0) ::alarm(0);  // no handler runs while the lines change
  rlimit cpu{};
  const bool cpu_limited = g_limits.cpu_seconds > 0 && ::getrlimit(RLIMIT_CPU, &cpu) == 0;
  if (cpu_limited) {
    cpu.rlim_cur = cpu.rlim_max;
    ::setrlimit(RLIMIT_CPU, &cpu);
  }
  NameSubject(subject);
  if (cpu_limited) ExtendCpuLimit(g_limits.cpu_seconds);
  if (g_limits.wall_seconds > 0) ::alarm(static_cast<unsigned>(g_limits.wall_seconds));
  RecordWorkLimits(g_limits.wall_seconds, g_limits.cpu_seconds);
}

bool UnderAddressSanitizer() { return kAddressSanitizer; }

std::string MemoryLimitMessage() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_AS, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY)
    return "memory limit " + std::to_string(limit.rlim_cur >> 20) + " MiB exceeded";
  return "out of memory";
}

}  // namespace kensa
