// Limits a one-document command (`kensa extract`, `kensa passages`) puts on its own process, so that
// a hostile document gets one clear line and a documented exit code within bounded time and memory:
//
//  - wall clock (--timeout): alarm(2); when it fires: "kensa: FILE: timed out after N s (wall clock)";
//  - CPU time (--cpu): RLIMIT_CPU; SIGXCPU: "kensa: FILE: CPU time limit N s exceeded" (the hard
//    limit, 5 s later, kills the process should the handler not run);
//  - memory (--memory): RLIMIT_AS, so allocations fail (std::bad_alloc); the caller reports it with
//    MemoryLimitMessage(): "memory limit N MiB exceeded";
//  - no core dumps: RLIMIT_CORE 0;
//  - the last line of defence: SIGSEGV, SIGBUS, SIGFPE, SIGILL and SIGABRT (a stack overflow or a
//    bug, in kensa or in the PDF library) print "kensa: FILE: crashed (SIGSEGV) …" and exit with
//    kInternal's code, from a handler on its own stack (a stack overflow leaves none).
// The limit lines exit with ExitCodeFor(kResourceLimit) (21), from the signal handler with write(2)
// and _exit(2): nothing else runs, nothing is flushed (stdout gets no half-written JSON... except
// what was already written, which extract only does at the end).
//
// Under AddressSanitizer (-DKENSA_SANITIZE=ON, fuzz builds) RLIMIT_AS is not set (ASan reserves
// terabytes of address space for its shadow memory) and the crash handlers are not installed (ASan
// reports crashes itself, with a stack trace).
// Thread-safety: process-wide; call once, from the main thread, before the work starts.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace kensa {

struct ProcessLimits {
  int wall_seconds = 60;   // --timeout S: wall-clock seconds for the whole command; 0: none
  int cpu_seconds = 60;    // --cpu S: CPU seconds (RLIMIT_CPU); 0: none
  int memory_mib = 2048;   // --memory MIB: address space (RLIMIT_AS); 0: none, else at least 256
                           // (below ~100 MiB the MeCab dictionary cannot even be mapped)
};

// Applies limits to this process; `subject` (the document's path) names it in every line printed.
// For a command that reads `documents` documents one after another, the CPU limit's backstop (the
// hard limit) covers them all, and StartDocumentLimits gives each its own --timeout and --cpu.
// Fails with kInternal when the kernel refuses a limit.
Status ApplyProcessLimits(const ProcessLimits& limits, std::string_view subject, int documents = 1);

// Before each document of several: the wall clock and the CPU time start again for it (the whole
// --timeout and --cpu), and the lines printed name it.
void StartDocumentLimits(std::string_view subject);

// True in an AddressSanitizer build, where RLIMIT_AS must not be set: ASan reserves terabytes of
// address space for its shadow memory, so any address-space limit fails every allocation.
bool UnderAddressSanitizer();

// "memory limit N MiB exceeded" when RLIMIT_AS is set, else "out of memory".
std::string MemoryLimitMessage();

// The CPU seconds (user and system, every thread) this process has used so far.
double ProcessCpuSeconds();

// Gives this process cpu_seconds more of CPU from now: RLIMIT_CPU's soft limit set to what it has
// used plus cpu_seconds, never above the hard limit, which is left as it is (so that the next call
// can raise the soft one again: a process may lower its hard limit, not raise it).
void ExtendCpuLimit(int cpu_seconds);

// Records the wall-clock and CPU seconds the work has from now (0: no limit), for WorkSecondsLeft.
// ApplyProcessLimits records its own; an ingest worker, whose wall clock its parent enforces,
// records them before each document it reads.
void RecordWorkLimits(int wall_seconds, int cpu_seconds);

// The seconds the work has left before a recorded limit ends it: the lesser of the wall clock and
// the CPU time left (CPU time of every thread); a very large number when there is none. Slow work
// that can stop early (OCR, page by page) stops in time, and says so, rather than lose the document.
double WorkSecondsLeft();

}  // namespace kensa
