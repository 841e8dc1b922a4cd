#include "ingest/ingest_command.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <deque>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <new>
#include <optional>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

#include "common/process_limits.h"
#include "diff/version_diff.h"
#include "extract/extractor.h"
#include "fields/field_catalogue.h"
#include "identity/service_identity.h"
#include "ingest/progress.h"
#include "ingest/walk.h"
#include "output/json_codec.h"
#include "rules/rule_set.h"
#include "store/store.h"
#include "text/document_reader.h"

namespace kensa {

namespace {

using Clock = std::chrono::steady_clock;

// ---- signals: a flag and a self-pipe, so that a signal wakes the poll() of the main loop ----

volatile sig_atomic_t g_interrupts = 0;
int g_wake_write_fd = -1;

void OnInterrupt(int) {
  const int saved = errno;
  g_interrupts = g_interrupts + 1;
  const char byte = 1;
  [[maybe_unused]] ssize_t n = ::write(g_wake_write_fd, &byte, 1);
  errno = saved;
}

// Installs the SIGINT/SIGTERM handlers (without SA_RESTART) and ignores SIGPIPE for the life of
// the command; restores what was there before.
class SignalScope {
 public:
  SignalScope() {
    g_interrupts = 0;
    if (::pipe2(pipe_, O_CLOEXEC | O_NONBLOCK) != 0) pipe_[0] = pipe_[1] = -1;
    g_wake_write_fd = pipe_[1];
    struct sigaction action {};
    action.sa_handler = OnInterrupt;
    sigemptyset(&action.sa_mask);
    ::sigaction(SIGINT, &action, &old_int_);
    ::sigaction(SIGTERM, &action, &old_term_);
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    ::sigaction(SIGPIPE, &ignore, &old_pipe_);
  }
  ~SignalScope() {
    ::sigaction(SIGINT, &old_int_, nullptr);
    ::sigaction(SIGTERM, &old_term_, nullptr);
    ::sigaction(SIGPIPE, &old_pipe_, nullptr);
    g_wake_write_fd = -1;
    for (int fd : pipe_) {
      if (fd >= 0) ::close(fd);
    }
  }
  int wake_fd() const { return pipe_[0]; }
  void Drain() const {
    char buffer[64];
    while (pipe_[0] >= 0 && ::read(pipe_[0], buffer, sizeof buffer) > 0) {
    }
  }
  int interrupts() const { return g_interrupts; }

 private:
  int pipe_[2] = {-1, -1};
  struct sigaction old_int_ {}, old_term_ {}, old_pipe_ {};
};

// ---- arguments ----

int UsageError(std::ostream& err, const std::string& problem) {
  return ReportError(err, "ingest", Status::Error(ErrorKind::kUsage, problem));
}

// ---- the run ----

enum class Why { kNew, kReextract, kRetry };

struct Job {
  uint64_t id = 0;
  std::string sha256;
  FoundFile file;
  Why why = Why::kNew;
  std::vector<std::string> more_paths;  // the same bytes found under other names in this run
};

// A document another ingester holds a claim on (store.h, Claim), to check again later.
struct Awaiting {
  FoundFile file;
  Why why = Why::kNew;
  std::vector<std::string> more_paths;
};

struct Tally {
  int files = 0;
  int stored = 0;
  int failed = 0;
  int already = 0;
  int duplicates = 0;
  int unreadable = 0;
  int not_recorded = 0;
  int with_unreadable_pages = 0;  // stored, but some pages could not be read (scans with OCR off …)
  int new_versions = 0;           // services whose latest version (or the one before it) came in
  int changed_versions = 0;       // … with answers that differ between the two
  int by_others = 0;              // stored during this run by other ingesters sharing the store
};

// The date a document states for itself (its latest document_date finding), "" when none.
std::string DocumentDate(const std::vector<StoredFinding>& findings) {
  std::string date;
  for (const StoredFinding& f : findings)
    if (f.field == kVersionDateField && f.value_text > date) date = f.value_text;
  return date;
}

StoredDocument ToStored(const Extraction& extraction, const Job& job) {
  StoredDocument d;
  d.sha256 = extraction.sha256;
  d.rules_version = extraction.rules_version;
  d.path = job.file.path;
  d.size = extraction.size;
  d.pages = extraction.pages;
  d.status = DocumentStatus::kOk;
  d.warnings = extraction.warnings;
  d.reading = extraction.reading;
  for (const Finding& f : extraction.findings) {
    const FieldSpec* field = FindField(f.field);
    StoredFinding s;
    s.field = f.field;
    s.value_json = ValueToJson(f.value);
    s.value_text = field ? Readable(f.value, field->type) : s.value_json;
    s.condition = f.condition;
    s.approx = f.approx;
    s.page = f.page;
    s.quote = f.quote;
    s.rule = f.rule;
    s.sheet = f.location.sheet;
    s.cell = f.location.cell;
    s.table = f.location.table;
    s.paragraph = f.location.paragraph;
    s.ocr = f.ocr;
    s.ocr_confidence = f.ocr_confidence;
    d.findings.push_back(std::move(s));
  }
  d.stated = extraction.service;
  d.document_date = DocumentDate(d.findings);
  return d;
}

// The folder a file sits in, when it is a folder below one that was given to ingest (not that folder
// itself, whose name says nothing of one service): "incoming/ヤマビコ勤怠/2025.pdf" -> "ヤマビコ勤怠".
std::string FolderName(const std::string& file, const std::vector<std::string>& given) {
  namespace fs = std::filesystem;
  const fs::path parent = fs::path(file).parent_path();
  for (const std::string& root : given) {
    std::error_code ec;
    const fs::path top = fs::absolute(root, ec).lexically_normal();
    if (ec || !fs::is_directory(top, ec)) continue;
    const std::string top_text = top.string(), parent_text = parent.string();
    if (parent_text.size() > top_text.size() && parent_text.starts_with(top_text) &&
        parent_text[top_text.back() == '/' ? top_text.size() - 1 : top_text.size()] == '/')
      return parent.filename().string();
  }
  return "";
}

// Names the service of a document read now, strongest first: --service; the name a user gave with
// --service when these bytes were ingested before; the name the document states (or its vendor's);
// the folder it sits in; the folder it sat in before. (A reviewer's correction stays in the store,
// above all of these.)
void NameService(StoredDocument& d, const std::string& option, const std::string& folder,
                 const std::vector<StoredDocument>& earlier) {
  auto earlier_from = [&](const char* from) -> const StoredDocument* {
    for (auto it = earlier.rbegin(); it != earlier.rend(); ++it)
      if (it->service_from == from && !it->service.empty()) return &*it;
    return nullptr;
  };
  auto name = [&](const std::string& service, const char* from) {
    d.service = service;
    d.service_key = ServiceKey(service);
    d.service_from = from;
  };
  if (!option.empty()) return name(option, "option");
  if (const StoredDocument* e = earlier_from("option")) return name(e->service, "option");
  if (!d.stated.service.empty()) return name(d.stated.service, "document");
  if (!folder.empty()) return name(folder, "folder");
  if (const StoredDocument* e = earlier_from("folder")) return name(e->service, "folder");
}

WorkResult ExtractInWorker(const Extractor& extractor, const std::string& path, OcrMode ocr);

std::string HostName() {
  char host[256] = "";
  if (::gethostname(host, sizeof host - 1) != 0) std::strcpy(host, "unknown-host");
  return host;
}

// This process as the holder of its claims: "host:pid".
std::string ClaimHolder() { return HostName() + ":" + std::to_string(::getpid()); }

// True when a claim's holder is an ingester of this machine that no longer runs (killed, crashed):
// its process is gone. (Another machine's holder is known only by its lease.)
bool HolderIsGone(const std::string& holder) {
  const size_t colon = holder.rfind(':');
  if (colon == std::string::npos || holder.substr(0, colon) != HostName()) return false;
  const pid_t pid = static_cast<pid_t>(std::atol(holder.c_str() + colon + 1));
  return pid > 0 && ::kill(pid, 0) != 0 && errno == ESRCH;
}

class IngestRun {
 public:
  IngestRun(const IngestOptions& options, std::shared_ptr<const Extractor> extractor, std::unique_ptr<Store> store,
            std::ostream& out, std::ostream& err, bool err_is_terminal)
      : options_(options),
        rules_version_(extractor->rules().version()),
        store_(std::move(store)),
        out_(out),
        progress_(err, err_is_terminal, options.quiet),
        pool_([extractor, ocr = options.ocr](const std::string& path) { return ExtractInWorker(*extractor, path, ocr); },
              options.limits,
              options.jobs ? options.jobs : std::max(1u, std::thread::hardware_concurrency())) {}

  int Run() {
    start_ = Clock::now();
    if (options_.watch) return Watch();
    return Batch();
  }

 private:
  // ---- planning: hash a file and decide what to do with it ----

  // Returns false on a fatal store error (exit_code_ set).
  bool Plan(const FoundFile& file) {
    ++tally_.files;
    auto digest = Sha256OfFile(file.path);  // streamed: a large file costs no memory here
    if (!digest.ok()) {
      Unreadable(file.path, digest.status().message());
      return true;
    }
    const std::string sha = digest->sha256;
    FoundFile found = file;
    found.size = digest->size;

    if (auto pending = pending_.find(sha); pending != pending_.end()) {
      Job& job = jobs_.at(pending->second);
      if (job.file.path != found.path) job.more_paths.push_back(found.path);
      ++tally_.duplicates;
      progress_.Log(Progress::kDetail, "same document as " + job.file.path + ": " + found.path);
      return true;
    }
    auto rows = store_->FindDocuments(sha);
    if (!rows.ok()) return Fatal(rows.status());
    const StoredDocument* current = nullptr;
    for (const StoredDocument& d : *rows) {
      if (d.rules_version == rules_version_) current = &d;
    }
    std::optional<Why> why;
    std::string note;
    if (current) {
      if (current->status == DocumentStatus::kFailed) {
        if (options_.retry_failed) why = Why::kRetry;
        note = ", as failed: " + current->error + " (--retry-failed reads it again)";
      }
    } else if (!rows->empty()) {
      if (options_.reextract) {
        why = Why::kReextract;
      } else if (options_.retry_failed && rows->back().status == DocumentStatus::kFailed) {
        why = Why::kRetry;
      }
      note = ", by rules " + rows->back().rules_version + " (--reextract reads it with the current rules)";
    } else {
      why = Why::kNew;
    }
    if (!why) {
      if (seen_.insert(sha).second) {
        ++tally_.already;
      } else {
        ++tally_.duplicates;  // a second name, in this run, for bytes already stored
      }
      const std::vector<std::string>& paths = rows->back().paths;
      if (std::find(paths.begin(), paths.end(), found.path) == paths.end()) {
        if (Status s = store_->AddPath(sha, found.path); !s.ok()) return Fatal(s);
      }
      progress_.Log(Progress::kDetail, "already stored " + found.path + note);
      return true;
    }
    seen_.insert(sha);
    return Queue(found, sha, *why);
  }

  // Queues a document for a worker (claimed when a worker is free: Dispatch).
  bool Queue(const FoundFile& found, const std::string& sha, Why why, std::vector<std::string> more_paths = {}) {
    Job job;
    job.id = next_id_++;
    job.sha256 = sha;
    job.file = found;
    job.why = why;
    job.more_paths = std::move(more_paths);
    pending_[sha] = job.id;
    queue_.push_back(job.id);
    jobs_.emplace(job.id, std::move(job));
    ++planned_;
    return true;
  }

  // The documents other ingesters held: stored since (done), or their lease expired (read them here).
  // Returns false on a fatal store error.
  bool RecheckAwaiting() {
    std::map<std::string, Awaiting> awaiting;
    awaiting.swap(awaiting_);
    for (auto& [sha, wait] : awaiting) {
      auto stored = StoredByOthers(sha, wait.why, wait.file.path, wait.more_paths);
      if (!stored.ok()) return Fatal(stored.status());
      if (!*stored && !Queue(wait.file, sha, wait.why, std::move(wait.more_paths))) return false;
    }
    return true;
  }

  // True when another ingester has stored what this one was about to read (a retry: read well), and
  // then records this run's paths of it.
  Result<bool> StoredByOthers(const std::string& sha, Why why, const std::string& path, const std::vector<std::string>& more) {
    auto rows = store_->FindDocuments(sha);
    if (!rows.ok()) return rows.status();
    const bool stored = std::any_of(rows->begin(), rows->end(), [&](const StoredDocument& d) {
      return d.rules_version == rules_version_ && (why != Why::kRetry || d.status == DocumentStatus::kOk);
    });
    if (!stored) return false;
    for (const std::string& p : more) {
      if (Status s = store_->AddPath(sha, p); !s.ok()) return s;
    }
    if (Status s = store_->AddPath(sha, path); !s.ok()) return s;
    ++tally_.by_others;
    progress_.Log(Progress::kDetail, "stored by another ingester: " + path);
    return true;
  }

  void Unreadable(const std::string& path, const std::string& problem) {
    ++tally_.unreadable;
    progress_.Log(Progress::kProblem, "cannot read " + path + ": " + problem + " (not stored)");
  }

  bool Fatal(const Status& status) {
    if (exit_code_ == 0) {
      progress_.Log(Progress::kError, status.message());
      exit_code_ = ExitCodeFor(status.kind());
    }
    return false;
  }

  // ---- results ----

  bool Finish(const WorkerOutcome& outcome) {
    auto it = jobs_.find(outcome.id);
    if (it == jobs_.end()) return true;
    Job job = std::move(it->second);
    jobs_.erase(it);
    pending_.erase(job.sha256);
    ++finished_;

    StoredDocument document;
    if (outcome.ok) {
      auto extraction = ExtractionFromJson(outcome.output);
      if (!extraction.ok()) {
        document = Failed(job, "worker output unreadable: " + extraction.status().message());
      } else if (extraction->sha256 != job.sha256) {
        // The file changed between hashing and reading: the next run (or poll) sees the new bytes.
        ++tally_.not_recorded;
        progress_.Log(Progress::kProblem, "changed while being read " + job.file.path + " (not stored; read again next time)");
        return Release(job);
      } else {
        document = ToStored(*extraction, job);
        auto earlier = store_->FindDocuments(job.sha256);
        if (!earlier.ok()) return Fatal(earlier.status());
        NameService(document, options_.service, FolderName(job.file.path, options_.paths), *earlier);
      }
    } else if (outcome.kind == ErrorKind::kNotFound) {
      ++tally_.not_recorded;
      progress_.Log(Progress::kProblem, "vanished " + job.file.path + " (not stored)");
      return Release(job);
    } else if (outcome.kind == ErrorKind::kConfig) {
      // Every document would fail the same way. (Not expected: a child starts with the rules and
      // the dictionary this process loaded; kept so that such an error stops the batch.)
      ++tally_.not_recorded;
      return Fatal(Status::Error(ErrorKind::kConfig, "a worker reports a configuration error: " + outcome.reason));
    } else {
      document = Failed(job, outcome.reason);
    }
    if (Status s = store_->SaveDocument(document); !s.ok()) {
      ++tally_.not_recorded;
      return Fatal(s);
    }
    for (const std::string& path : job.more_paths) {
      if (Status s = store_->AddPath(job.sha256, path); !s.ok()) return Fatal(s);
    }
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.1f s", outcome.seconds);
    if (document.status == DocumentStatus::kOk) {
      ++tally_.stored;
      progress_.Log(Progress::kDetail, "stored " + job.file.path + " (" + std::to_string(document.findings.size()) +
                                           " findings, " + std::to_string(document.pages) + " pages, " + seconds + ")");
      if (!document.reading.unreadable_pages.empty()) {
        ++tally_.with_unreadable_pages;
        std::string pages;
        for (const UnreadablePage& p : document.reading.unreadable_pages)
          pages += (pages.empty() ? "" : ", ") + std::to_string(p.page) + " (" + p.reason + ")";
        progress_.Log(Progress::kProblem, "stored " + job.file.path + " with unreadable pages " + pages +
                                              ": what they state is unknown");
      }
      if (job.why == Why::kNew && !document.service_key.empty()) stored_versions_[document.service_key].insert(document.sha256);
    } else {
      ++tally_.failed;
      progress_.Log(Progress::kProblem, "failed " + job.file.path + ": " + document.error);
    }
    return true;
  }

  // Once the documents in hand are stored (the end of a batch, each quiet moment of --watch): for each
  // service whose latest two versions include one stored since, one line with what changed from the
  // version before the latest ("changed: rto 4時間 → 24時間, certifications −ISO27017"). Waiting for the
  // batch to end compares the right pair whatever order its documents were read in. Returns false on
  // a fatal store error.
  bool ReportVersions() {
    for (const auto& [key, stored] : stored_versions_) {
      auto versions = ServiceVersions(*store_, key);
      if (!versions.ok()) return Fatal(versions.status());
      if (versions->size() < 2) continue;
      const StoredDocument& latest = versions->back();
      const StoredDocument& previous = (*versions)[versions->size() - 2];
      if (!stored.count(latest.sha256) && !stored.count(previous.sha256)) continue;  // an older version came in
      auto diff = DiffStored(previous, latest);
      if (!diff.ok()) return Fatal(diff.status());
      ++tally_.new_versions;
      const int changed = diff->changed_fields();
      std::string line = "new version of " + latest.service + ": " + latest.path + " (" + Dated(latest) + ") after " +
                         previous.path + " (" + Dated(previous) + "): ";
      if (changed == 0) {
        line += "no answer changed";
      } else {
        ++tally_.changed_versions;
        line += std::to_string(changed) + (changed == 1 ? " field" : " fields") + " changed: " + ChangeSummary(*diff);
      }
      progress_.Log(changed ? Progress::kProblem : Progress::kDetail, line);
    }
    stored_versions_.clear();
    return true;
  }

  static std::string Dated(const StoredDocument& d) {
    return d.document_date.empty() ? "undated, ingested " + d.ingested_at.substr(0, 10) : d.document_date;
  }

  // Ends the claim of a document that was not stored, so that it is not left to a lease.
  bool Release(const Job& job) {
    if (Status s = store_->ReleaseClaims(holder_, job.sha256, rules_version_); !s.ok()) return Fatal(s);
    return true;
  }

  StoredDocument Failed(const Job& job, const std::string& reason) const {
    StoredDocument d;
    d.sha256 = job.sha256;
    d.rules_version = rules_version_;
    d.path = job.file.path;
    d.size = job.file.size;
    d.status = DocumentStatus::kFailed;
    d.error = reason;
    return d;
  }

  // ---- the loop ----

  // Starts queued jobs while slots are free, each claimed first (store.h, Claim): a document another
  // ingester holds waits in awaiting_ until it is stored or its lease expires (RecheckAwaiting); one
  // another ingester stored meanwhile is done. Returns false on a fatal error.
  bool Dispatch() {
    while (!pool_.Full() && !queue_.empty()) {
      const uint64_t id = queue_.front();
      queue_.pop_front();
      const Job& job = jobs_.at(id);
      auto claim = store_->Claim(job.sha256, rules_version_, holder_, lease_seconds_);
      if (!claim.ok()) return Fatal(claim.status());
      if (!claim->empty() && HolderIsGone(*claim)) {
        // An ingester of this machine that was killed: its claims need not wait for their lease.
        progress_.Log(Progress::kDetail, "taking over the claims of " + *claim + " (no longer running)");
        if (Status s = store_->ReleaseClaims(*claim); !s.ok()) return Fatal(s);
        claim = store_->Claim(job.sha256, rules_version_, holder_, lease_seconds_);
        if (!claim.ok()) return Fatal(claim.status());
      }
      bool leave = !claim->empty();
      if (leave) {
        progress_.Log(Progress::kDetail, "being read by another ingester (" + *claim + "): " + job.file.path);
        awaiting_.emplace(job.sha256, Awaiting{job.file, job.why, job.more_paths});
      } else if (job.why != Why::kReextract) {
        // Another ingester may have stored it between our look (Plan) and our claim.
        auto stored = StoredByOthers(job.sha256, job.why, job.file.path, job.more_paths);
        if (!stored.ok()) return Fatal(stored.status());
        if (*stored && !Release(job)) return false;
        leave = *stored;
      }
      if (leave) {
        pending_.erase(job.sha256);
        jobs_.erase(id);
        --planned_;
        continue;
      }
      if (!dispatch_started_) dispatch_start_ = Clock::now(), dispatch_started_ = true;
      if (Status s = pool_.Start({job.id, job.file.path}); !s.ok()) return Fatal(s);
    }
    return true;
  }

  // Waits for children (up to wait) and stores their results. Returns false on a fatal error.
  bool Collect(std::chrono::milliseconds wait) {
    const std::vector<WorkerOutcome> outcomes = pool_.Wait(wait, signals_.wake_fd());
    // The freed children get their next documents first: they read while this process stores.
    if (!outcomes.empty() && !Dispatch()) return false;
    for (const WorkerOutcome& outcome : outcomes) {
      if (!Finish(outcome)) return false;
    }
    signals_.Drain();
    return true;
  }

  // Handles SIGINT/SIGTERM: the first drops what has not started, the second kills what runs.
  void OnInterrupts() {
    if (signals_.interrupts() == 0) return;
    if (!stopping_) {
      stopping_ = true;
      tally_.not_recorded += static_cast<int>(queue_.size());
      queue_.clear();
      if (pool_.Running() > 0)
        progress_.Log(Progress::kProblem, "interrupted: finishing " + std::to_string(pool_.Running()) + " document" +
                                              (pool_.Running() == 1 ? "" : "s") + " in hand (interrupt again to stop at once)");
    }
    if (signals_.interrupts() >= 2 && pool_.Running() > 0) {
      const int killed = static_cast<int>(pool_.KillAll().size());
      tally_.not_recorded += killed;
      progress_.Log(Progress::kProblem, "stopped: " + std::to_string(killed) + " document" + (killed == 1 ? "" : "s") +
                                            " in hand not recorded (read again next time)");
    }
  }

  void ShowProgress() {
    ProgressState state;
    state.done = finished_;
    state.total = options_.watch ? 0 : planned_;
    state.failed = tally_.failed;
    state.running = static_cast<int>(pool_.Running());
    state.seconds = dispatch_started_ ? std::chrono::duration<double>(Clock::now() - dispatch_start_).count() : 0;
    state.watching = options_.watch;
    progress_.Update(state);
  }

  int Batch() {
    std::vector<FoundFile> files;
    if (!options_.paths.empty()) {
      auto walk = FindFiles(options_.paths);
      if (!walk.ok()) return UsageError(progress_.stream(), walk.status().message());
      files = std::move(walk->files);
      for (const WalkProblem& p : walk->problems) ++tally_.files, Unreadable(p.path, p.problem);
      skipped_ = std::move(walk->skipped);
    } else if (!StoredCandidates(files)) {
      return Summary();
    }
    for (size_t i = 0; i < files.size() && exit_code_ == 0; ++i) {
      if (signals_.interrupts()) break;
      progress_.Hashing(static_cast<int>(i), static_cast<int>(files.size()));
      if (!Plan(files[i])) break;
      // The workers start on the first documents while the rest are hashed.
      if (!Dispatch() || !Collect(std::chrono::milliseconds(0))) break;
    }
    auto next_recheck = Clock::now();
    while (exit_code_ == 0) {
      OnInterrupts();
      if (!Dispatch()) break;
      if (queue_.empty() && pool_.Running() == 0) {
        // What other ingesters hold is this batch's too: wait until they store it or their lease ends.
        if (awaiting_.empty() || stopping_) break;
        if (Clock::now() < next_recheck) {
          std::this_thread::sleep_for(std::chrono::milliseconds(200));
          continue;
        }
        if (!RecheckAwaiting()) break;
        next_recheck = Clock::now() + std::chrono::seconds(1);
        continue;
      }
      if (!Collect(std::chrono::milliseconds(200))) break;
      ShowProgress();
    }
    if (exit_code_ == 0) ReportVersions();
    return Summary();
  }

  // For --retry-failed / --reextract without folders: the stored documents that need reading, at
  // the first of their paths that still exists.
  bool StoredCandidates(std::vector<FoundFile>& files) {
    DocumentQuery query;
    query.with_findings = false;
    std::set<std::string> paths;
    Status s = store_->ForEachDocument(query, [&](const StoredDocument& d) {
      const bool wanted = (options_.retry_failed && d.status == DocumentStatus::kFailed) ||
                          (options_.reextract && d.rules_version != rules_version_);
      if (!wanted) return Status::Ok();
      for (const std::string& path : d.paths) {
        std::error_code ec;
        if (std::filesystem::is_regular_file(path, ec)) {
          paths.insert(path);
          return Status::Ok();
        }
      }
      ++tally_.files;
      Unreadable(d.paths.empty() ? d.path : d.paths.front(), "no stored path of this document exists any more");
      return Status::Ok();
    });
    if (!s.ok()) return Fatal(s);
    auto walk = FindFiles({paths.begin(), paths.end()});
    if (!walk.ok()) return Fatal(walk.status());
    files = std::move(walk->files);
    return true;
  }

  int Watch() {
    for (const std::string& path : options_.paths) {
      std::error_code ec;
      if (!std::filesystem::exists(path, ec)) return UsageError(progress_.stream(), path + ": no such file or folder");
    }
    FolderWatcher watcher(options_.paths);
    auto next_poll = Clock::now();
    while (exit_code_ == 0) {
      OnInterrupts();
      if (stopping_ && pool_.Running() == 0) break;
      if (!stopping_ && Clock::now() >= next_poll) {
        std::vector<WalkProblem> problems;
        for (const FoundFile& file : watcher.Poll(&problems)) {
          if (signals_.interrupts() || !Plan(file)) break;
        }
        for (const WalkProblem& p : problems) ++tally_.files, Unreadable(p.path, p.problem);
        if (!RecheckAwaiting()) break;
        next_poll = Clock::now() + std::chrono::seconds(1);
      }
      if (!Dispatch()) break;
      const auto until_poll = std::chrono::duration_cast<std::chrono::milliseconds>(next_poll - Clock::now());
      if (!Collect(std::clamp(until_poll, std::chrono::milliseconds(0), std::chrono::milliseconds(200)))) break;
      if (queue_.empty() && pool_.Running() == 0 && !ReportVersions()) break;
      ShowProgress();
    }
    if (exit_code_ == 0) ReportVersions();
    return Summary();
  }

  int Summary() {
    if (exit_code_ != 0) tally_.not_recorded += static_cast<int>(queue_.size() + pool_.KillAll().size());
    // Documents claimed and not read (interrupted, a fatal error): free for the others at once.
    if (Status s = store_->ReleaseClaims(holder_); !s.ok() && exit_code_ == 0) Fatal(s);
    progress_.Clear();
    const double seconds = std::chrono::duration<double>(Clock::now() - start_).count();
    const int documents = tally_.stored + tally_.failed + tally_.already + tally_.not_recorded;
    // Every file the walk left alone, with the reason: a folder of mixed files is accounted for.
    for (const WalkProblem& s : skipped_) out_ << "kensa: ingest: skipped " << s.path << " (" << s.problem << ")\n";
    char text[512];
    std::snprintf(text, sizeof text,
                  "kensa: ingest: %d files, %d documents: %d stored, %d failed, %d already stored, %d duplicate paths, "
                  "%d unreadable, %zu skipped%s%s%s%s; %.1f s\n",
                  tally_.files, documents, tally_.stored, tally_.failed, tally_.already, tally_.duplicates,
                  tally_.unreadable, skipped_.size(),
                  tally_.not_recorded ? (", " + std::to_string(tally_.not_recorded) + " not recorded").c_str() : "",
                  tally_.with_unreadable_pages
                      ? (", " + std::to_string(tally_.with_unreadable_pages) + " stored with unreadable pages").c_str()
                      : "",
                  tally_.by_others ? (", " + std::to_string(tally_.by_others) + " stored by other ingesters").c_str() : "",
                  tally_.new_versions ? (", " + std::to_string(tally_.new_versions) + " services with a new version (" +
                                         std::to_string(tally_.changed_versions) + " with changed answers)").c_str()
                                      : "",
                  seconds);
    out_ << text << std::flush;
    if (exit_code_ != 0) return exit_code_;
    if (signals_.interrupts() && !options_.watch) return kIngestInterrupted;
    return 0;
  }

  const IngestOptions& options_;
  std::map<std::string, std::set<std::string>> stored_versions_;  // service key -> sha256s stored since the last report
  std::map<std::string, Awaiting> awaiting_;  // by sha256: held by other ingesters
  const std::string holder_ = ClaimHolder();  // this ingester in claims: "host:pid"
  const int lease_seconds_ = options_.lease_seconds > 0 ? options_.lease_seconds
                                                        : std::max(300, 2 * options_.limits.wall_seconds + 60);
  std::vector<WalkProblem> skipped_;  // files the walk left alone, listed in the summary
  const std::string rules_version_;
  std::unique_ptr<Store> store_;
  std::ostream& out_;
  Progress progress_;
  SignalScope signals_;
  WorkerPool pool_;

  std::map<uint64_t, Job> jobs_;                // queued or running
  std::deque<uint64_t> queue_;                  // not started yet
  std::map<std::string, uint64_t> pending_;     // sha256 -> job, while queued or running
  std::set<std::string> seen_;                  // sha256 of every readable file so far
  uint64_t next_id_ = 1;
  int planned_ = 0;
  int finished_ = 0;
  Tally tally_;
  bool stopping_ = false;
  int exit_code_ = 0;
  Clock::time_point start_;
  Clock::time_point dispatch_start_;
  bool dispatch_started_ = false;
};

// ---- test-only fault injection ----
//
// tests/ingest_test.sh must show that a document whose worker hangs, crashes, loops or runs out of
// memory is recorded as failed with the reason while the batch goes on. No real PDF does that on
// demand, so the worker misbehaves on purpose when one of these variables names the base name of
// its file. They are read here only, in the child, and do nothing unless set.
void InjectTestFault(const std::string& path) {
  const std::string name = std::filesystem::path(path).filename().string();
  auto named = [&](const char* variable) {
    const char* value = std::getenv(variable);
    return value && name == value;
  };
  if (named("KENSA_TEST_CHILD_HANG_ON")) {
    for (;;) ::pause();
  }
  if (named("KENSA_TEST_CHILD_CRASH_ON")) ::raise(SIGSEGV);
  if (named("KENSA_TEST_CHILD_SPIN_ON")) {
    volatile uint64_t spins = 0;
    for (;;) spins = spins + 1;
  }
  if (named("KENSA_TEST_CHILD_ALLOC_ON")) {
    std::vector<std::unique_ptr<char[]>> hog;
    for (;;) {
      hog.emplace_back(new char[size_t{64} << 20]);
      std::fill_n(hog.back().get(), size_t{64} << 20, 1);
    }
  }
}

// A child's work (WorkerPool::Work): extracts one file; its contract JSON on one line, or its error
// (ExitCodeFor the error: 21 when the memory limit was hit).
WorkResult ExtractInWorker(const Extractor& extractor, const std::string& path, OcrMode ocr) {
  try {
    InjectTestFault(path);
    ReadOptions read;
    read.ocr = ocr;
    read.ocr_threads = 1;  // the workers already read documents in parallel, one per core
    auto extraction = extractor.ExtractFile(path, read);
    if (!extraction.ok()) return {ExitCodeFor(extraction.status().kind()), extraction.status().message()};
    return {0, ExtractionToJson(*extraction, -1)};
  } catch (const std::bad_alloc&) {
    return {ExitCodeFor(ErrorKind::kResourceLimit), MemoryLimitMessage()};
  }
}

}  // namespace

int RunIngest(const IngestOptions& given, std::ostream& out, std::ostream& err, bool err_is_terminal) {
  IngestOptions defaulted = given;
  IngestOptions* options = &defaulted;
  if (options->patterns.empty()) options->patterns = DefaultExtractorOptions().patterns_dir;
  // The rules and the dictionary are loaded once, here, before any child is forked: each child has
  // them from the start. Their version says what "already stored" means.
  ExtractorOptions extractor_options = DefaultExtractorOptions();
  extractor_options.patterns_dir = options->patterns;
  extractor_options.rule_threads = 1;  // documents are already read in parallel, one per child
  auto extractor = CreateCheckedExtractor(extractor_options);
  if (!extractor.ok()) {
    return ReportError(err, "", extractor.status());
  }
  auto store = OpenStore(options->db);
  if (!store.ok()) {
    return ReportError(err, "ingest", store.status());
  }
  // Not so the OCR models (~0.2 s, ~55 MB): a long-lived child loads them on its first scanned
  // page and keeps them; a batch without scans never pays for them.
  IngestRun run(*options, *extractor, std::move(*store), out, err, err_is_terminal);
  return run.Run();
}

}  // namespace kensa
