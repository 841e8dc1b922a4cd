// Isolation for `kensa ingest`: every document is read by a child process forked from kensa ingest
// itself, without exec: the child starts with the parent's loaded rules and dictionary (shared
// copy-on-write), so a document costs its own reading only, not a program start, a rule compilation
// and a dictionary load (~60 ms each time before). A document that crashes the PDF library, loops
// or eats memory takes down only its child and is recorded as failed with the reason, and the batch
// goes on.
//
// Each child runs in its own process group (a Ctrl-C at the terminal reaches only the parent, which
// decides what happens to the children), under RLIMIT_CPU (SIGXCPU, then SIGKILL 5 s later),
// RLIMIT_AS (allocations fail: the worker reports the memory limit) and without core dumps, with
// the default action for every signal the parent handles or that marks a crash; the parent kills the
// group when the wall-clock limit passes. A child dies with its parent (PR_SET_PDEATHSIG), so
// killing `kensa ingest` leaves no orphan workers.
//
// The protocol: the work function writes the contract JSON on fd 1 and returns 0, or writes one line
// "kensa-worker-error: MESSAGE" on fd 2 and returns the exit code ExitCodeFor gives its error.
// Thread-safety: a WorkerPool is used by one thread (kensa ingest's main thread), and the process
// must have no other thread when Start forks: the child runs ordinary code (malloc included), which
// a lock held by a thread that does not exist in the child would deadlock.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/status.h"

namespace kensa {

// The limits for one child, as the ingest flags give them.
struct WorkerLimits {
  int cpu_seconds = 60;    // --cpu: CPU time (a loop); beyond it the child gets SIGXCPU
  int wall_seconds = 120;  // --timeout: wall clock (a hang, a stuck read); beyond it the group is killed
  int memory_mib = 1024;   // --memory: address space; allocations beyond it fail
};

// The prefix of the line a worker writes on stderr to say why it failed.
inline constexpr std::string_view kWorkerErrorPrefix = "kensa-worker-error: ";

struct WorkerJob {
  uint64_t id = 0;
  std::string path;
};

struct WorkerOutcome {
  uint64_t id = 0;
  bool ok = false;       // the child exited 0: output holds its JSON
  std::string output;    // stdout
  ErrorKind kind = ErrorKind::kInternal;  // when !ok: what kind of failure
  std::string reason;    // when !ok: one line ("crashed (SIGSEGV)", "timed out after 60 s" …)
  double seconds = 0;    // wall clock
};

// Returns the reason a child failed from how it ended (a wait status), whether the parent killed it
// for the wall-clock limit, its CPU time and the last line of its stderr. Sets kind.
std::string DescribeChildFailure(int wait_status, bool timed_out, double cpu_seconds, const std::string& stderr_text,
                                 const WorkerLimits& limits, ErrorKind& kind);

class WorkerPool {
 public:
  // The work of one child, run after fork: reads the document at path, writes its result on fd 1
  // with write(2) (never std::cout: the parent's unflushed stdio buffers are the child's too) or
  // its error line on fd 2, and returns the exit code. The child ends with _exit(2): no
  // destructors, no atexit handlers, nothing of the parent's flushed or closed.
  using Work = std::function<int(const std::string& path)>;

  // At most `slots` children at once.
  WorkerPool(Work work, WorkerLimits limits, unsigned slots);
  ~WorkerPool();  // kills and reaps the children still running
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  bool Full() const { return children_.size() >= slots_; }
  size_t Running() const { return children_.size(); }

  // Starts a child for job. Fails (kInternal) when no process can be created.
  Status Start(const WorkerJob& job);

  // Waits up to timeout for children to end (or until wake_fd, if >= 0, is readable, or a signal
  // arrives) and returns those that ended; kills those past the wall-clock limit.
  std::vector<WorkerOutcome> Wait(std::chrono::milliseconds timeout, int wake_fd = -1);

  // Kills every running child's process group and reaps them; returns the ids of their jobs.
  std::vector<uint64_t> KillAll();

 private:
  struct Child {
    WorkerJob job;
    pid_t pid = -1;
    int out_fd = -1;
    int err_fd = -1;
    std::string out;
    std::string err;
    std::chrono::steady_clock::time_point started;
    bool timed_out = false;
    bool too_much_output = false;
  };
  WorkerOutcome Reap(Child& child);

  Work work_;
  WorkerLimits limits_;
  unsigned slots_;
  std::vector<Child> children_;
};

}  // namespace kensa
