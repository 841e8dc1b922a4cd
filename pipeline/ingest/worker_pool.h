// Isolation for `kensa ingest`: every document is read by a child process (the kensa binary itself,
// re-run in the hidden mode `kensa ingest-worker FILE`), so a document that crashes the PDF
// library, loops or eats memory takes down only its child and is recorded as failed with the
// reason, and the batch goes on.
//
// Each child runs in its own process group (a Ctrl-C at the terminal reaches only the parent, which
// decides what happens to the children), under RLIMIT_CPU (SIGXCPU, then SIGKILL 5 s later),
// RLIMIT_AS (allocations fail: the worker reports the memory limit) and without core dumps; the
// parent kills the group when the wall-clock limit passes. A child dies with its parent
// (PR_SET_PDEATHSIG), so killing `kensa ingest` leaves no orphan workers.
//
// The protocol: the child writes the contract JSON on stdout and exits 0, or writes one line
// "kensa-worker-error: MESSAGE" on stderr and exits with the code ExitCodeFor gives its error.
// Thread-safety: a WorkerPool is used by one thread (kensa ingest's main thread); it forks, so the
// process should have no other threads that hold locks.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
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
  // command: the program and the arguments before the file ({"/proc/self/exe", "ingest-worker"}),
  // extra_args: after it ({"--patterns", DIR}); at most `slots` children at once.
  WorkerPool(std::vector<std::string> command, std::vector<std::string> extra_args, WorkerLimits limits, unsigned slots);
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

  std::vector<std::string> command_;
  std::vector<std::string> extra_args_;
  WorkerLimits limits_;
  unsigned slots_;
  std::vector<Child> children_;
};

}  // namespace kensa
