#include "ingest/worker_pool.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
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

// A child that writes more than this for one document is killed: no extraction comes near it.
constexpr size_t kMaxOutputBytes = size_t{256} << 20;
constexpr int kSetUpFailed = 127;

// The head of a child's answer for one document; the text follows.
struct AnswerHeader {
  uint32_t magic = 0;
  int32_t exit_code = 0;
  uint64_t text_size = 0;
  uint64_t cpu_microseconds = 0;  // the child's CPU time (all threads) when it answered
  uint32_t retiring = 0;          // it exits after this answer
  uint32_t reserved = 0;
};
constexpr uint32_t kAnswerMagic = 0x6b656e73;  // "kens"

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

// The last non-empty line of a child's diagnostics, at most 300 bytes.
std::string LastLine(const std::string& text) {
  std::string last;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    start = end + 1;
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

bool WriteAll(int fd, const char* data, size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

double CpuSeconds(const rusage& usage) {
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}


// In the child, right after fork: its own process group, its pipes, default signal actions, the
// limits that hold for its whole life.
void SetUpChild(int job_fd, int talk_fd, const WorkerLimits& limits, pid_t parent) {
  ::setpgid(0, 0);
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) ::_exit(kSetUpFailed);  // the parent died before prctl
  ::dup2(job_fd, STDIN_FILENO);
  ::dup2(talk_fd, STDOUT_FILENO);
  ::dup2(talk_fd, STDERR_FILENO);
  // The parent's handlers (Ctrl-C, termination) are not the child's; a crash must end the child by
  // its signal, which is how the parent tells a crash (a test framework's handlers included).
  for (int sig : {SIGINT, SIGTERM, SIGPIPE, SIGHUP, SIGQUIT, SIGXCPU, SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT})
    ::signal(sig, SIG_DFL);
  sigset_t all;
  ::sigemptyset(&all);
  ::sigprocmask(SIG_SETMASK, &all, nullptr);
  if (!UnderAddressSanitizer()) {  // see common/process_limits.h
    const rlim_t bytes = static_cast<rlim_t>(limits.memory_mib) << 20;
    const rlimit memory_limit = {bytes, bytes};
    ::setrlimit(RLIMIT_AS, &memory_limit);
  }
  const rlimit no_core = {0, 0};
  ::setrlimit(RLIMIT_CORE, &no_core);
}

// In the child, before each document: --cpu more seconds of CPU from now (SIGXCPU's default action
// ends the child), and the budget that slow work (OCR) reads.
void ArmDocumentLimits(const WorkerLimits& limits) {
  ExtendCpuLimit(limits.cpu_seconds);
  RecordWorkLimits(limits.wall_seconds, limits.cpu_seconds);
}

// Reads the next path (NUL-ended) from fd; false when the parent closed it or went away.
bool ReadJob(int fd, std::string& pending, std::string& path) {
  for (;;) {
    if (size_t end = pending.find('\0'); end != std::string::npos) {
      path = pending.substr(0, end);
      pending.erase(0, end + 1);
      return true;
    }
    char chunk[4096];
    const ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    pending.append(chunk, static_cast<size_t>(n));
  }
}

// The child's life: documents one after another until told to stop, replaced, or failed.
[[noreturn]] void ServeJobs(const WorkerPool::Work& work, const WorkerLimits& limits, int answer_fd) {
  std::string pending, path;
  for (int done = 1; ReadJob(STDIN_FILENO, pending, path); ++done) {
    ArmDocumentLimits(limits);
    WorkResult result;
    try {
      result = work(path);
    } catch (...) {  // never back into the parent's code, which the child shares
      result = {ExitCodeFor(ErrorKind::kInternal), "unexpected error in the worker"};
    }
    AnswerHeader header;
    header.magic = kAnswerMagic;
    header.exit_code = result.exit_code;
    header.text_size = result.text.size();
    header.cpu_microseconds = static_cast<uint64_t>(ProcessCpuSeconds() * 1e6);
    header.retiring = result.exit_code != 0 || done >= limits.documents_per_child;
    if (!WriteAll(answer_fd, reinterpret_cast<const char*>(&header), sizeof header) ||
        !WriteAll(answer_fd, result.text.data(), result.text.size()) || header.retiring)
      break;
  }
  ::_exit(0);
}

}  // namespace

std::string DescribeChildFailure(int wait_status, bool timed_out, double cpu_seconds, const std::string& stderr_text,
                                 const WorkerLimits& limits, ErrorKind& kind) {
  const std::string line = LastLine(stderr_text);
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
    : work_(std::move(work)), limits_(limits), slots_(std::max(1u, slots)) {
  limits_.documents_per_child = std::max(1, limits_.documents_per_child);
}

WorkerPool::~WorkerPool() { KillAll(); }

size_t WorkerPool::Running() const {
  return std::count_if(children_.begin(), children_.end(), [](const Child& c) { return c.job.has_value(); });
}

Status WorkerPool::Fork(Child& child) {
  int job[2], answer[2], talk[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, job) != 0)
    return Status::Error(ErrorKind::kInternal, std::string("socketpair: ") + std::strerror(errno));
  if (::pipe2(answer, O_CLOEXEC) != 0) {
    ::close(job[0]), ::close(job[1]);
    return Status::Error(ErrorKind::kInternal, std::string("pipe: ") + std::strerror(errno));
  }
  if (::pipe2(talk, O_CLOEXEC) != 0) {
    for (int fd : {job[0], job[1], answer[0], answer[1]}) ::close(fd);
    return Status::Error(ErrorKind::kInternal, std::string("pipe: ") + std::strerror(errno));
  }
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) {
    for (int fd : {job[0], job[1], answer[0], answer[1], talk[0], talk[1]}) ::close(fd);
    return Status::Error(ErrorKind::kInternal, std::string("fork: ") + std::strerror(errno));
  }
  if (pid == 0) {
    // The other children's ends are the parent's business: held here, a sibling's stdin would never
    // see its end of file.
    for (Child& other : children_) {
      for (int fd : {other.job_fd, other.answer_fd, other.talk_fd})
        if (fd >= 0) ::close(fd);
    }
    ::close(job[0]), ::close(answer[0]), ::close(talk[0]);
    SetUpChild(job[1], talk[1], limits_, parent);
    ServeJobs(work_, limits_, answer[1]);
  }
  ++children_started_;
  ::setpgid(pid, pid);  // also here: no window in which a kill of the group misses the child
  ::close(job[1]), ::close(answer[1]), ::close(talk[1]);
  ::fcntl(answer[0], F_SETFL, O_NONBLOCK);
  ::fcntl(talk[0], F_SETFL, O_NONBLOCK);
  child.pid = pid;
  child.job_fd = job[0];
  child.answer_fd = answer[0];
  child.talk_fd = talk[0];
  return Status::Ok();
}

bool WorkerPool::HandOver(Child& child, const WorkerJob& job) {
  std::string message = job.path;
  message.push_back('\0');
  for (std::string_view rest = message; !rest.empty();) {
    const ssize_t n = ::send(child.job_fd, rest.data(), rest.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;  // the child is gone: Wait reaps it
    rest.remove_prefix(static_cast<size_t>(n));
  }
  child.job = job;
  child.started = Clock::now();
  child.talk.clear();
  return true;
}

Status WorkerPool::Start(const WorkerJob& job) {
  for (Child& c : children_) {
    if (c.job || c.retiring) continue;
    // A pipe at its end means the child is exiting (killed from outside while idle).
    if (c.answer_fd >= 0 && c.talk_fd >= 0 && HandOver(c, job)) return Status::Ok();
    c.retiring = true;  // it could not take the job: it is gone
  }
  Child child;
  if (Status s = Fork(child); !s.ok()) return s;
  if (!HandOver(child, job)) {
    ::kill(-child.pid, SIGKILL);
    children_.push_back(std::move(child));
    return Status::Error(ErrorKind::kInternal, "a new worker did not take its document");
  }
  children_.push_back(std::move(child));
  return Status::Ok();
}

// The outcome of the child's document once its whole answer has arrived.
std::optional<WorkerOutcome> WorkerPool::TakeAnswer(Child& child) {
  if (child.answer.size() < sizeof(AnswerHeader)) return std::nullopt;
  AnswerHeader header;
  std::memcpy(&header, child.answer.data(), sizeof header);
  if (header.magic != kAnswerMagic || !child.job) {  // not ours: end the child as broken
    ::kill(-child.pid, SIGKILL);
    child.too_much_output = true;
    return std::nullopt;
  }
  if (child.answer.size() < sizeof header + header.text_size) return std::nullopt;
  WorkerOutcome outcome;
  outcome.id = child.job->id;
  outcome.seconds = std::chrono::duration<double>(Clock::now() - child.started).count();
  std::string text = child.answer.substr(sizeof header, header.text_size);
  child.answer.erase(0, sizeof header + header.text_size);
  if (header.exit_code == 0) {
    outcome.ok = true;
    outcome.output = std::move(text);
  } else {
    outcome.kind = KindForExitCode(header.exit_code);
    outcome.reason = !text.empty() ? std::move(text) : LastLine(child.talk);
    if (outcome.reason.empty()) outcome.reason = "worker failed with code " + std::to_string(header.exit_code);
  }
  child.job.reset();
  child.talk.clear();
  child.cpu_before_job = header.cpu_microseconds / 1e6;
  if (header.retiring) {
    child.retiring = true;
    CloseFd(child.job_fd);
  }
  return outcome;
}

std::vector<WorkerOutcome> WorkerPool::Wait(std::chrono::milliseconds timeout, int wake_fd) {
  const auto wall = std::chrono::seconds(limits_.wall_seconds);
  auto expire = [&] {
    const auto now = Clock::now();
    for (Child& c : children_) {
      if (c.job && !c.timed_out && now - c.started >= wall) {
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
    if (c.timed_out || c.too_much_output) wait_for = std::chrono::milliseconds(0);
    if (c.job) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(c.started + wall - Clock::now());
      wait_for = std::max(std::chrono::milliseconds(0), std::min(wait_for, left + std::chrono::milliseconds(1)));
    }
    if (c.answer_fd >= 0) fds.push_back({c.answer_fd, POLLIN, 0});
    if (c.talk_fd >= 0) fds.push_back({c.talk_fd, POLLIN, 0});
  }
  const int ready = ::poll(fds.data(), fds.size(), static_cast<int>(wait_for.count()));
  std::vector<WorkerOutcome> outcomes;
  if (ready > 0) {
    for (Child& c : children_) {
      Drain(c.answer_fd, c.answer);
      // After the answer: what the child said before answering is here in full.
      Drain(c.talk_fd, c.talk);
      if (auto outcome = TakeAnswer(c)) outcomes.push_back(std::move(*outcome));
      if ((c.answer.size() > kMaxOutputBytes + sizeof(AnswerHeader) || c.talk.size() > kMaxOutputBytes) &&
          !c.too_much_output) {
        ::kill(-c.pid, SIGKILL);
        c.too_much_output = true;
      }
    }
  }
  expire();

  for (auto it = children_.begin(); it != children_.end();) {
    if (it->timed_out || it->too_much_output) {
      CloseFd(it->answer_fd);
      CloseFd(it->talk_fd);
    }
    if (it->answer_fd < 0 && it->talk_fd < 0) {
      if (auto outcome = Reap(*it)) outcomes.push_back(std::move(*outcome));
      it = children_.erase(it);
    } else {
      ++it;
    }
  }
  return outcomes;
}

// Reaps a child whose pipes are closed; the outcome of the job it had in hand, if any.
std::optional<WorkerOutcome> WorkerPool::Reap(Child& child) {
  CloseFd(child.job_fd);
  int status = 0;
  rusage usage{};
  while (::wait4(child.pid, &status, 0, &usage) < 0 && errno == EINTR) {
  }
  if (!child.job) return std::nullopt;
  WorkerOutcome outcome;
  outcome.id = child.job->id;
  outcome.seconds = std::chrono::duration<double>(Clock::now() - child.started).count();
  if (child.too_much_output) {
    outcome.kind = ErrorKind::kResourceLimit;
    outcome.reason = "wrote more than " + std::to_string(kMaxOutputBytes >> 20) + " MiB of output";
  } else if (!child.timed_out && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
    outcome.kind = ErrorKind::kInternal;
    outcome.reason = "worker ended without answering";
  } else {
    const double cpu = CpuSeconds(usage) - child.cpu_before_job;
    outcome.reason = DescribeChildFailure(status, child.timed_out, cpu, child.talk, limits_, outcome.kind);
  }
  return outcome;
}

std::vector<uint64_t> WorkerPool::KillAll() {
  std::vector<uint64_t> killed;
  for (Child& c : children_) {
    ::kill(-c.pid, SIGKILL);
    CloseFd(c.job_fd);
    CloseFd(c.answer_fd);
    CloseFd(c.talk_fd);
    int status = 0;
    while (::waitpid(c.pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (c.job) killed.push_back(c.job->id);
  }
  children_.clear();
  return killed;
}

}  // namespace kensa
