#include "ingest/worker_pool.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "common/process_limits.h"

namespace kensa {
namespace {

using Clock = std::chrono::steady_clock;

// A child that writes more than this on stdout is killed: no extraction comes near it.
constexpr size_t kMaxOutputBytes = size_t{256} << 20;
constexpr int kSetUpFailed = 127;

std::string SignalName(int sig) {
  const char* abbrev = sigabbrev_np(sig);
  return abbrev ? std::string("SIG") + abbrev : "signal " + std::to_string(sig);
}

ErrorKind KindForExitCode(int code) {
  for (ErrorKind kind : {ErrorKind::kUsage, ErrorKind::kNotFound, ErrorKind::kNotRegularFile, ErrorKind::kEmpty,
                         ErrorKind::kNotPdf, ErrorKind::kEncrypted, ErrorKind::kDamaged, ErrorKind::kUnsupportedFormat,
                         ErrorKind::kDamagedOffice, ErrorKind::kConfig,
                         ErrorKind::kResourceLimit, ErrorKind::kStore}) {
    if (ExitCodeFor(kind) == code) return kind;
  }
  return ErrorKind::kInternal;
}

// The worker's own error line if it wrote one, else the last non-empty line of stderr.
std::string ReasonLine(const std::string& stderr_text) {
  std::string last;
  size_t start = 0;
  while (start < stderr_text.size()) {
    size_t end = stderr_text.find('\n', start);
    if (end == std::string::npos) end = stderr_text.size();
    std::string line = stderr_text.substr(start, end - start);
    start = end + 1;
    if (line.rfind(kWorkerErrorPrefix, 0) == 0) return line.substr(kWorkerErrorPrefix.size());
    if (line.find_first_not_of(" \t\r") != std::string::npos) last = std::move(line);
  }
  return last.size() > 300 ? last.substr(0, 300) : last;
}

bool MentionsMemory(const std::string& text) {
  std::string lower = text;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  return lower.find("memory") != std::string::npos || lower.find("bad_alloc") != std::string::npos;
}

void CloseFd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

// Reads what is available; closes fd at end of file or on error.
void Drain(int& fd, std::string& buffer) {
  char chunk[65536];
  while (fd >= 0) {
    const ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n > 0) {
      buffer.append(chunk, static_cast<size_t>(n));
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      return;
    } else {
      CloseFd(fd);
    }
  }
}

// In the child, right after fork: its own process group, its pipes, default signal actions, limits.
void SetUpChild(int out_fd, int err_fd, const WorkerLimits& limits, pid_t parent) {
  ::setpgid(0, 0);
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) ::_exit(kSetUpFailed);  // the parent died before prctl
  const int null_fd = ::open("/dev/null", O_RDONLY);
  if (null_fd >= 0) ::dup2(null_fd, STDIN_FILENO);
  ::dup2(out_fd, STDOUT_FILENO);
  ::dup2(err_fd, STDERR_FILENO);
  // The parent's handlers (Ctrl-C, termination) are not the child's; a crash must end the child by
  // its signal, which is how the parent tells a crash (a test framework's handlers included).
  for (int sig : {SIGINT, SIGTERM, SIGPIPE, SIGHUP, SIGQUIT, SIGXCPU, SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT})
    ::signal(sig, SIG_DFL);
  sigset_t all;
  ::sigemptyset(&all);
  ::sigprocmask(SIG_SETMASK, &all, nullptr);
  const rlim_t cpu = static_cast<rlim_t>(limits.cpu_seconds);
  const rlimit cpu_limit = {cpu, cpu + 5};
  ::setrlimit(RLIMIT_CPU, &cpu_limit);
  if (!UnderAddressSanitizer()) {  // see common/process_limits.h
    const rlim_t bytes = static_cast<rlim_t>(limits.memory_mib) << 20;
    const rlimit memory_limit = {bytes, bytes};
    ::setrlimit(RLIMIT_AS, &memory_limit);
  }
  const rlimit no_core = {0, 0};
  ::setrlimit(RLIMIT_CORE, &no_core);
  RecordWorkLimits(limits.wall_seconds, limits.cpu_seconds);
}

}  // namespace

std::string DescribeChildFailure(int wait_status, bool timed_out, double cpu_seconds, const std::string& stderr_text,
                                 const WorkerLimits& limits, ErrorKind& kind) {
  const std::string line = ReasonLine(stderr_text);
  kind = ErrorKind::kResourceLimit;
  if (timed_out) return "timed out after " + std::to_string(limits.wall_seconds) + " s (wall clock)";
  if (WIFSIGNALED(wait_status)) {
    const int sig = WTERMSIG(wait_status);
    if (sig == SIGXCPU || (sig == SIGKILL && cpu_seconds >= limits.cpu_seconds - 0.5))
      return "CPU time limit " + std::to_string(limits.cpu_seconds) + " s exceeded";
    if (MentionsMemory(stderr_text))
      return "memory limit " + std::to_string(limits.memory_mib) + " MiB exceeded (" + SignalName(sig) + ")";
    kind = ErrorKind::kInternal;
    return "crashed (" + SignalName(sig) + ")" + (line.empty() ? "" : ": " + line);
  }
  const int code = WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : -1;
  kind = KindForExitCode(code);
  if (code == kSetUpFailed && line.empty()) return "cannot run the worker";
  if (!line.empty()) return line;
  return "worker exited with code " + std::to_string(code);
}

WorkerPool::WorkerPool(Work work, WorkerLimits limits, unsigned slots)
    : work_(std::move(work)), limits_(limits), slots_(std::max(1u, slots)) {}

WorkerPool::~WorkerPool() { KillAll(); }

Status WorkerPool::Start(const WorkerJob& job) {
  int out[2], err[2];
  if (::pipe2(out, O_CLOEXEC) != 0) return Status::Error(ErrorKind::kInternal, std::string("pipe: ") + std::strerror(errno));
  if (::pipe2(err, O_CLOEXEC) != 0) {
    ::close(out[0]), ::close(out[1]);
    return Status::Error(ErrorKind::kInternal, std::string("pipe: ") + std::strerror(errno));
  }
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) {
    for (int fd : {out[0], out[1], err[0], err[1]}) ::close(fd);
    return Status::Error(ErrorKind::kInternal, std::string("fork: ") + std::strerror(errno));
  }
  if (pid == 0) {
    SetUpChild(out[1], err[1], limits_, parent);
    int code = ExitCodeFor(ErrorKind::kInternal);
    try {
      code = work_(job.path);
    } catch (...) {  // never back into the parent's code, which the child shares
      constexpr char kMessage[] = "kensa-worker-error: unexpected error in the worker\n";
      [[maybe_unused]] ssize_t written = ::write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
    }
    ::_exit(code);
  }
  ::setpgid(pid, pid);  // also here: no window in which a kill of the group misses the child
  ::close(out[1]);
  ::close(err[1]);
  ::fcntl(out[0], F_SETFL, O_NONBLOCK);
  ::fcntl(err[0], F_SETFL, O_NONBLOCK);
  Child child;
  child.job = job;
  child.pid = pid;
  child.out_fd = out[0];
  child.err_fd = err[0];
  child.started = Clock::now();
  children_.push_back(std::move(child));
  return Status::Ok();
}

std::vector<WorkerOutcome> WorkerPool::Wait(std::chrono::milliseconds timeout, int wake_fd) {
  const auto wall = std::chrono::seconds(limits_.wall_seconds);
  auto expire = [&] {
    const auto now = Clock::now();
    for (Child& c : children_) {
      if (!c.timed_out && now - c.started >= wall) {
        ::kill(-c.pid, SIGKILL);
        c.timed_out = true;
      }
    }
  };
  expire();

  auto wait_for = timeout;
  std::vector<pollfd> fds;
  if (wake_fd >= 0) fds.push_back({wake_fd, POLLIN, 0});
  for (const Child& c : children_) {
    if (c.timed_out) wait_for = std::chrono::milliseconds(0);
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(c.started + wall - Clock::now());
    wait_for = std::max(std::chrono::milliseconds(0), std::min(wait_for, left + std::chrono::milliseconds(1)));
    if (c.out_fd >= 0) fds.push_back({c.out_fd, POLLIN, 0});
    if (c.err_fd >= 0) fds.push_back({c.err_fd, POLLIN, 0});
  }
  const int ready = ::poll(fds.data(), fds.size(), static_cast<int>(wait_for.count()));
  if (ready > 0) {
    for (Child& c : children_) {
      Drain(c.out_fd, c.out);
      Drain(c.err_fd, c.err);
      if (c.out.size() > kMaxOutputBytes && !c.too_much_output) {
        ::kill(-c.pid, SIGKILL);
        c.too_much_output = true;
      }
    }
  }
  expire();

  std::vector<WorkerOutcome> outcomes;
  for (auto it = children_.begin(); it != children_.end();) {
    if (it->timed_out || it->too_much_output) {
      CloseFd(it->out_fd);
      CloseFd(it->err_fd);
    }
    if (it->out_fd < 0 && it->err_fd < 0) {
      outcomes.push_back(Reap(*it));
      it = children_.erase(it);
    } else {
      ++it;
    }
  }
  return outcomes;
}

WorkerOutcome WorkerPool::Reap(Child& child) {
  int status = 0;
  rusage usage{};
  while (::wait4(child.pid, &status, 0, &usage) < 0 && errno == EINTR) {
  }
  WorkerOutcome outcome;
  outcome.id = child.job.id;
  outcome.seconds = std::chrono::duration<double>(Clock::now() - child.started).count();
  const double cpu = usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
  if (child.too_much_output) {
    outcome.kind = ErrorKind::kResourceLimit;
    outcome.reason = "wrote more than " + std::to_string(kMaxOutputBytes >> 20) + " MiB of output";
  } else if (!child.timed_out && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
    outcome.ok = true;
    outcome.output = std::move(child.out);
  } else {
    outcome.reason = DescribeChildFailure(status, child.timed_out, cpu, child.err, limits_, outcome.kind);
  }
  return outcome;
}

std::vector<uint64_t> WorkerPool::KillAll() {
  std::vector<uint64_t> killed;
  for (Child& c : children_) {
    ::kill(-c.pid, SIGKILL);
    CloseFd(c.out_fd);
    CloseFd(c.err_fd);
    int status = 0;
    while (::waitpid(c.pid, &status, 0) < 0 && errno == EINTR) {
    }
    killed.push_back(c.job.id);
  }
  children_.clear();
  return killed;
}

}  // namespace kensa
