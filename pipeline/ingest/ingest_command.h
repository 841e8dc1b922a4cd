// `kensa ingest DIR… [--db FILE]`: turns folders of received whitepapers into a store of answers.
//
// Each file is hashed; bytes already stored with the current rules are skipped (a new name for them
// is recorded as another path), the rest are read by child processes (worker_pool.h), --jobs at a
// time, and each result is stored by this process alone, one transaction per document (store.h).
// With --watch it keeps polling the folders and ingests files once they are completely written.
// SIGINT/SIGTERM: no new documents are started, those in hand are finished and stored, then the
// store is closed and the summary printed; a second signal kills the children at once and leaves
// their documents unrecorded (they are read again next time).
//
// The commands live in this library rather than in main so that tests can drive them.
// Thread-safety: RunIngest installs process-wide signal handlers while it runs and forks: run
// one at a time, from the main thread.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "common/status.h"
#include "ingest/worker_pool.h"
#include "text/document_reader.h"

namespace kensa {

// Exit status of an ingest interrupted (SIGINT/SIGTERM) before every document was read (128 + 2,
// as shells report a Ctrl-C). A --watch run ends this way normally and exits 0.
inline constexpr int kIngestInterrupted = 130;

struct IngestOptions {
  std::vector<std::string> paths;  // folders (searched recursively) and files; may be empty with
                                   // --retry-failed or --reextract: then the stored documents' paths
  std::string db = "kensa.db";     // --db FILE: the SQLite store, created when missing
  bool watch = false;              // --watch: keep polling the folders until interrupted
  bool reextract = false;          // --reextract: read again documents stored by other rules
  bool retry_failed = false;       // --retry-failed: read again documents stored as failed
  unsigned jobs = 0;               // --jobs N: children at once; 0 = one per core
  WorkerLimits limits;             // --cpu S, --timeout S, --memory MIB
  bool quiet = false;              // --quiet: no progress line, no per-document lines
  std::string patterns;            // --patterns DIR: rules other than the built-in ones
  OcrMode ocr = OcrMode::kAuto;    // --ocr auto|always|never: which PDF pages are read from their pictures
  int lease_seconds = 0;           // --lease S: how long a claim keeps other ingesters off a document this
                                   // one reads (0: twice --timeout plus a minute, at least 300)
  std::string service;             // --service NAME: the service these documents belong to (above
                                   // what a document states and the folder it sits in)
};

// Runs `kensa ingest` with options (checked by the command line, pipeline/cli). Per-document lines and the progress line
// (only when err_is_terminal) go to err, the summary to out. Returns 0 when the batch ran (failed
// documents are recorded, not errors), kIngestInterrupted when a batch was interrupted, 2 for usage
// errors (a folder that does not exist), 20 when the rules do not load, 30 when the store cannot be
// opened or written, 70 on an internal error.
int RunIngest(const IngestOptions& options, std::ostream& out, std::ostream& err, bool err_is_terminal);

}  // namespace kensa
