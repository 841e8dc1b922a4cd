// Isolation for `kensa ingest`: documents are read by child processes forked from kensa ingest
// itself, without exec: a child starts with the parent's loaded rules and dictionary (shared
// copy-on-write), so a document costs its own reading only, not a program start, a rule compilation
// and a dictionary load. A document that crashes the PDF library, loops or eats memory takes down
// only its child and is recorded as failed with the reason, and the batch goes on.
//
// A child is long-lived: it reads one document after another, as the parent hands them to it, so its
// RE2 DFA caches and the dictionary pages it touched stay warm (a fresh child per document cost ~30 ms
// of forking and cold caches, twice the reading of a small whitepaper). It is replaced after
// WorkerLimits::documents_per_child documents (what one document leaves behind, fragmented heap or a
// library's caches, cannot build up) and after any document that failed in it (its state is not
// trusted after an error), as Tika's forked parsers are.
//
// Each child runs in its own process group (a Ctrl-C at the terminal reaches only the parent, which
// decides what happens to the children), with the default action for every signal the parent
// handles or that marks a crash, RLIMIT_AS (allocations fail: the worker reports the memory limit),
// no core dumps, and per document: RLIMIT_CPU set to the CPU time it has used plus --cpu (SIGXCPU
// ends it), and the parent kills the group when the document's wall-clock limit passes. A child
// dies with its parent (PR_SET_PDEATHSIG), so killing `kensa ingest` leaves no orphan workers.
//
// The protocol: the parent writes a document's path, NUL-ended, on the child's stdin (a socket); the
// child answers on a pipe of its own with one frame: a fixed header (exit code, CPU seconds used so
// far, whether it retires) and the text, the contract JSON or the error line. Its stdout and stderr
// go to a second pipe, kept as the diagnostics of the document in hand (a crash's last words).
// Thread-safety: a WorkerPool is used by one thread (kensa ingest's main thread), and the process
// must have no other thread when Start forks: the child runs ordinary code (malloc included), which
// a lock held by a thread that does not exist in the child would deadlock.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"

namespace kensa {

// The limits for one document in a child, as the ingest flags give them, and a child's life.
struct WorkerLimits {
  int cpu_seconds = 60;    // --cpu: CPU time (a loop); beyond it the child gets SIGXCPU
  int wall_seconds = 120;  // --timeout: wall clock (a hang, a stuck read); beyond it the group is killed
  int memory_mib = 1024;   // --memory: address space; allocations beyond it fail
  int documents_per_child = 100;  // a child is replaced after this many documents
};

struct WorkerJob {
  uint64_t id = 0;
  std::string path;
};

// What the work of one document gives back.
struct WorkResult {
  int exit_code = 0;  // 0: text is the result; else ExitCodeFor the error, and text its one line
  std::string text;
};

struct WorkerOutcome {
  uint64_t id = 0;
  bool ok = false;       // the work returned 0: output holds its text
  std::string output;
  ErrorKind kind = ErrorKind::kInternal;  // when !ok: what kind of failure
  std::string reason;    // when !ok: one line ("crashed (SIGSEGV)", "timed out after 60 s" …)
  double seconds = 0;    // wall clock, from the hand-over to the answer
};

// Returns the reason a child failed from how it ended (a wait status), whether the parent killed it
// for the wall-clock limit, the CPU time of the document in hand and the child's diagnostics (its
// last line). Sets kind.
std::string DescribeChildFailure(int wait_status, bool timed_out, double cpu_seconds, const std::string& stderr_text,
                                 const WorkerLimits& limits, ErrorKind& kind);

class WorkerPool {
 public:
  // The work of one document, run in a child: reads the document at path and returns its result or
  // its error. It must not write to stdout (the parent's unflushed stdio buffers are the child's
  // too); whatever the libraries print goes to the diagnostics. A child ends with _exit(2): no
  // destructors, no atexit handlers, nothing of the parent's flushed or closed.
  using Work = std::function<WorkResult(const std::string& path)>;

  // At most `slots` documents in hand at once (and as many children, plus those retiring).
  WorkerPool(Work work, WorkerLimits limits, unsigned slots);
  ~WorkerPool();  // kills and reaps every child
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  bool Full() const { return Running() >= slots_; }
  size_t Running() const;  // documents in hand

  // Hands job to an idle child, forking one when none is idle. Fails (kInternal) when no process
  // can be created.
  Status Start(const WorkerJob& job);

  // Waits up to timeout for answers (or until wake_fd, if >= 0, is readable, or a signal arrives)
  // and returns the documents that ended; kills the children past a document's wall-clock limit.
  std::vector<WorkerOutcome> Wait(std::chrono::milliseconds timeout, int wake_fd = -1);

  // Kills every child's process group and reaps them; returns the ids of the jobs they had in hand.
  std::vector<uint64_t> KillAll();

  // Children forked so far (for tests and the benchmark: how often children were replaced).
  int ChildrenStarted() const { return children_started_; }

 private:
  struct Child {
    pid_t pid = -1;
    int job_fd = -1;     // the parent's end of the child's stdin socket
    int answer_fd = -1;  // frames
    int talk_fd = -1;    // the child's stdout and stderr
    std::string answer;
    std::string talk;
    std::optional<WorkerJob> job;  // in hand
    std::chrono::steady_clock::time_point started;  // of the job in hand
    double cpu_before_job = 0;  // the child's CPU seconds when the job in hand was handed over
    bool timed_out = false;
    bool too_much_output = false;
    bool retiring = false;  // says it exits: no more jobs for it
  };
  Status Fork(Child& child);
  bool HandOver(Child& child, const WorkerJob& job);
  std::optional<WorkerOutcome> TakeAnswer(Child& child);
  std::optional<WorkerOutcome> Reap(Child& child);

  Work work_;
  WorkerLimits limits_;
  unsigned slots_;
  std::vector<Child> children_;
  int children_started_ = 0;
};

}  // namespace kensa
