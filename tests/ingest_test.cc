// Tests for pipeline/ingest: which files are documents (walk.h), when a watched file is complete
// (FolderWatcher), how a child's end becomes a reason (DescribeChildFailure), the worker pool with
// real child processes (a shell script stands in for the kensa worker), the progress line and the
// argument parsing. The whole command, with the kensa binary, is tests/ingest_test.sh.

#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "cli/command_line.h"
#include "ingest/ingest_command.h"
#include "ingest/progress.h"
#include "ingest/walk.h"
#include "ingest/worker_pool.h"

namespace kensa {
namespace {

namespace fs = std::filesystem;

// The options `kensa ingest ARGS…` parses into, through the command line's own definitions.
Result<IngestOptions> ParseIngestArgs(std::vector<std::string> args) {
  args.insert(args.begin(), "ingest");
  Result<CommandLine> line = ParseCommandLine(args);
  if (!line.ok()) return line.status();
  return line->ingest;
}

fs::path TempDir(const std::string& name) {
  const fs::path dir = fs::path(KENSA_BINARY_DIR) / "ingest_test_files" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return fs::absolute(dir).lexically_normal();
}

void Write(const fs::path& path, const std::string& content) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

std::vector<std::string> Names(const std::vector<FoundFile>& files, const fs::path& root) {
  std::vector<std::string> names;
  for (const FoundFile& f : files) names.push_back(fs::path(f.path).lexically_relative(root).string());
  return names;
}

TEST_CASE("ingest: document and temporary names") {
  for (const char* name : {"a.pdf", "A.PDF", "x.Pdf", "memo.txt", "memo.TEXT", "日本語 の ファイル.pdf", "sheet.xlsx",
                           "macro.XLSM", "paper.docx", "rows.csv", "rows.TSV"}) {
    INFO(name);
    CHECK(IsDocumentName(name));
  }
  for (const char* name : {"a.pdfx", "a.doc", "a.xls", "pdf", "a.pdf.part", "a.txt~", "a.png"}) {
    INFO(name);
    CHECK_FALSE(IsDocumentName(name));
  }
  CHECK(SkipReason("old.XLS") == "legacy Excel file (.xls): save it as .xlsx");
  CHECK(SkipReason("old.doc") == "legacy Word file (.doc): save it as .docx");
  CHECK(SkipReason("~$open.xlsx") == "hidden or temporary file");
  CHECK(SkipReason("scan.png") == "not a document kensa reads (.png)");
  CHECK(SkipReason("README") == "not a document kensa reads (no extension)");
  for (const char* name : {".hidden.pdf", "~$report.pdf", "~tmp.pdf", "a.pdf.part", "a.pdf.crdownload", "a.PDF.PART",
                           "x.tmp", ".a.pdf.swp"}) {
    INFO(name);
    CHECK(IsHiddenOrTemporary(name));
  }
  CHECK_FALSE(IsHiddenOrTemporary("report.pdf"));
}

TEST_CASE("ingest: FindFiles walks folders for documents only") {
  const fs::path root = TempDir("walk");
  Write(root / "a.pdf", "%PDF-1.4");
  Write(root / "sub" / "deeper" / "B.PDF", "%PDF-1.4");
  Write(root / "sub" / "memo.txt", "text");
  Write(root / "notes.doc", "x");
  Write(root / ".hidden.pdf", "x");
  Write(root / ".hidden-folder" / "c.pdf", "x");
  Write(root / "~$lock.pdf", "x");
  Write(root / "d.pdf.part", "x");
  fs::create_directories(root / "folder.pdf");
  Write(root / "folder.pdf" / "inside.pdf", "%PDF-1.4");
  fs::create_symlink(root / "nowhere.pdf", root / "broken.pdf");
  fs::create_symlink(root / "a.pdf", root / "link to a.pdf");

  auto result = FindFiles({root.string()});
  REQUIRE(result.ok());
  CHECK(Names(result->files, root) ==
        std::vector<std::string>{"a.pdf", "folder.pdf/inside.pdf", "link to a.pdf", "sub/deeper/B.PDF", "sub/memo.txt"});
  REQUIRE(result->problems.size() == 1);
  CHECK(result->problems[0].path == (root / "broken.pdf").string());
  CHECK(result->problems[0].problem == "broken symbolic link");
  CHECK(result->files[0].size == 8);
  CHECK(result->files[0].mtime_ns > 0);
  std::vector<std::string> skipped;
  for (const WalkProblem& s : result->skipped) skipped.push_back(fs::relative(s.path, root).string() + ": " + s.problem);
  std::sort(skipped.begin(), skipped.end());
  CHECK(skipped == std::vector<std::string>{".hidden-folder: hidden folder", ".hidden.pdf: hidden or temporary file",
                                            "d.pdf.part: hidden or temporary file",
                                            "notes.doc: legacy Word file (.doc): save it as .docx",
                                            "~$lock.pdf: hidden or temporary file"});

  SUBCASE("a file named on the command line is taken whatever its name") {
    auto one = FindFiles({(root / "notes.doc").string(), (root / "a.pdf").string(), root.string() + "/a.pdf"});
    REQUIRE(one.ok());
    CHECK(Names(one->files, root) == std::vector<std::string>{"a.pdf", "notes.doc"});
  }
  SUBCASE("a root that does not exist is a usage error") {
    auto missing = FindFiles({(root / "missing").string()});
    CHECK(missing.status().kind() == ErrorKind::kUsage);
  }
}

TEST_CASE("ingest: FolderWatcher hands a file over once, when it has stopped changing") {
  const fs::path root = TempDir("watch");
  FolderWatcher watcher({root.string()});
  CHECK(watcher.Poll().empty());

  Write(root / "a.pdf", "%PDF-1.4 part one");
  CHECK(watcher.Poll().empty());  // first sight
  Write(root / "a.pdf", "%PDF-1.4 part one, part two");
  CHECK(watcher.Poll().empty());  // changed since
  auto ready = watcher.Poll();    // unchanged
  REQUIRE(ready.size() == 1);
  CHECK(ready[0].path == (root / "a.pdf").string());
  CHECK(watcher.Poll().empty());  // once

  SUBCASE("not while a download of it is going on beside it") {
    Write(root / "b.pdf", "%PDF-1.4 b");
    Write(root / "b.pdf.crdownload", "…");
    CHECK(watcher.Poll().empty());
    CHECK(watcher.Poll().empty());
    fs::remove(root / "b.pdf.crdownload");
    CHECK(Names(watcher.Poll(), root) == std::vector<std::string>{"b.pdf"});
  }
  SUBCASE("again when rewritten") {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    Write(root / "a.pdf", "%PDF-1.4 a new version");
    CHECK(watcher.Poll().empty());
    CHECK(Names(watcher.Poll(), root) == std::vector<std::string>{"a.pdf"});
  }
}

int Exited(int code) { return code << 8; }
int Signalled(int sig) { return sig; }

TEST_CASE("ingest: DescribeChildFailure gives one reason per way a worker ends") {
  const WorkerLimits limits{.cpu_seconds = 60, .wall_seconds = 120, .memory_mib = 1024};
  ErrorKind kind = ErrorKind::kInternal;
  CHECK(DescribeChildFailure(Signalled(SIGKILL), true, 0.1, "", limits, kind) == "timed out after 120 s (wall clock)");
  CHECK(kind == ErrorKind::kResourceLimit);
  CHECK(DescribeChildFailure(Signalled(SIGSEGV), false, 0.1, "", limits, kind) == "crashed (SIGSEGV)");
  CHECK(kind == ErrorKind::kInternal);
  CHECK(DescribeChildFailure(Signalled(SIGXCPU), false, 60, "", limits, kind) == "CPU time limit 60 s exceeded");
  CHECK(DescribeChildFailure(Signalled(SIGKILL), false, 65, "", limits, kind) == "CPU time limit 60 s exceeded");
  CHECK(DescribeChildFailure(Signalled(SIGABRT), false, 1, "Out of memory\n", limits, kind) ==
        "memory limit 1024 MiB exceeded (SIGABRT)");
  CHECK(DescribeChildFailure(Exited(13), false, 0.1, "poppler noise\nnot a PDF\n", limits, kind) ==
        "not a PDF");
  CHECK(kind == ErrorKind::kNotPdf);
  CHECK(DescribeChildFailure(Exited(21), false, 0.1, "memory limit 1024 MiB exceeded\n", limits,
                             kind) == "memory limit 1024 MiB exceeded");
  CHECK(kind == ErrorKind::kResourceLimit);
  CHECK(DescribeChildFailure(Exited(20), false, 0.1, "patterns/x.toml:3: bad\n", limits, kind) ==
        "patterns/x.toml:3: bad");
  CHECK(kind == ErrorKind::kConfig);
  CHECK(DescribeChildFailure(Exited(70), false, 0.1, "", limits, kind) == "worker exited with code 70");
}

// A worker stand-in, run in the forked child: the file name says how to behave.
WorkResult MisbehavingWork(const std::string& path) {
  if (path.starts_with("ok")) return {0, "{\"file\":\"" + path + "\"}\n"};
  if (path == "big") return {0, std::string(300000, 'x')};
  if (path == "bad") {
    std::fputs("poppler noise\n", stderr);
    return {15, "damaged PDF: poppler cannot open it"};
  }
  if (path == "crash") {
    std::fputs("last words\n", stderr);
    std::fflush(stderr);
    ::raise(SIGSEGV);
  }
  if (path == "hang") ::sleep(30);
  if (path == "spin") {
    volatile uint64_t spins = 0;
    for (;;) spins = spins + 1;
  }
  if (path == "throw") throw std::runtime_error("not caught by the work");
  if (path == "pid") return {0, std::to_string(::getpid())};
  if (path == "burn") {  // 0.6 s of CPU, then which child burned it
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(600);
    volatile uint64_t spins = 0;
    while (std::chrono::steady_clock::now() < until) spins = spins + 1;
    return {0, std::to_string(::getpid())};
  }
  return {0, ""};
}

std::map<uint64_t, WorkerOutcome> RunAll(WorkerPool& pool, const std::vector<std::string>& files) {
  std::map<uint64_t, WorkerOutcome> outcomes;
  size_t next = 0;
  while (next < files.size() || pool.Running() > 0) {
    while (!pool.Full() && next < files.size()) {
      REQUIRE(pool.Start({next + 1, files[next]}).ok());
      ++next;
    }
    for (WorkerOutcome& o : pool.Wait(std::chrono::milliseconds(200))) outcomes[o.id] = std::move(o);
  }
  return outcomes;
}

TEST_CASE("ingest: WorkerPool runs children under limits and reports each one's end") {
  WorkerPool pool(MisbehavingWork, {.cpu_seconds = 1, .wall_seconds = 4, .memory_mib = 1024}, 3);
  const auto start = std::chrono::steady_clock::now();
  auto outcomes = RunAll(pool, {"ok-1", "bad", "crash", "hang", "spin", "ok-2", "big", "throw"});
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  REQUIRE(outcomes.size() == 8);
  CHECK(outcomes[1].ok);
  CHECK(outcomes[1].output == "{\"file\":\"ok-1\"}\n");
  CHECK_FALSE(outcomes[2].ok);
  CHECK(outcomes[2].reason == "damaged PDF: poppler cannot open it");
  CHECK(outcomes[2].kind == ErrorKind::kDamaged);
  CHECK(outcomes[3].reason == "crashed (SIGSEGV): last words");
  CHECK(outcomes[4].reason == "timed out after 4 s (wall clock)");
  CHECK(outcomes[5].reason == "CPU time limit 1 s exceeded");
  CHECK(outcomes[6].ok);
  CHECK(outcomes[7].ok);
  CHECK(outcomes[7].output.size() == 300000);  // more than a pipe buffer: read while the child runs
  CHECK(outcomes[8].reason == "unexpected error in the worker");  // the child never returns into the test
  CHECK(outcomes[8].kind == ErrorKind::kInternal);
  CHECK(seconds < 10);

  SUBCASE("KillAll stops what runs") {
    REQUIRE(pool.Start({8, "hang"}).ok());
    REQUIRE(pool.Start({9, "hang"}).ok());
    CHECK(pool.Running() == 2);
    CHECK(pool.KillAll() == std::vector<uint64_t>{8, 9});
    CHECK(pool.Running() == 0);
  }
}

TEST_CASE("ingest: a WorkerPool child reads document after document, and is replaced") {
  SUBCASE("one child for many documents, a new one after documents_per_child") {
    WorkerPool pool(MisbehavingWork, {.cpu_seconds = 5, .wall_seconds = 10, .memory_mib = 1024, .documents_per_child = 3}, 1);
    auto outcomes = RunAll(pool, {"pid", "pid", "pid", "pid", "pid"});
    REQUIRE(outcomes.size() == 5);
    CHECK(outcomes[1].output == outcomes[2].output);
    CHECK(outcomes[2].output == outcomes[3].output);
    CHECK(outcomes[4].output != outcomes[3].output);
    CHECK(outcomes[4].output == outcomes[5].output);
    CHECK(pool.ChildrenStarted() == 2);
  }
  SUBCASE("a document that failed ends its child; a crash fails only the document in hand") {
    WorkerPool pool(MisbehavingWork, {.cpu_seconds = 5, .wall_seconds = 10, .memory_mib = 1024}, 1);
    auto outcomes = RunAll(pool, {"pid", "bad", "pid", "crash", "pid", "ok-1"});
    REQUIRE(outcomes.size() == 6);
    CHECK(outcomes[2].reason == "damaged PDF: poppler cannot open it");
    CHECK(outcomes[1].output != outcomes[3].output);
    CHECK(outcomes[4].reason == "crashed (SIGSEGV): last words");  // not the earlier document's noise
    CHECK(outcomes[3].output != outcomes[5].output);
    CHECK(outcomes[6].ok);
    CHECK(pool.ChildrenStarted() == 3);
  }
  SUBCASE("the CPU limit holds per document, not for the child's whole life") {
    WorkerPool pool(MisbehavingWork, {.cpu_seconds = 1, .wall_seconds = 10, .memory_mib = 1024}, 1);
    auto outcomes = RunAll(pool, {"burn", "burn", "burn", "spin"});
    REQUIRE(outcomes.size() == 4);
    CHECK(outcomes[1].ok);
    CHECK(outcomes[3].ok);
    CHECK(outcomes[1].output == outcomes[3].output);  // 1.8 s of CPU in one child, 0.6 s a document
    CHECK(outcomes[4].reason == "CPU time limit 1 s exceeded");
  }
  SUBCASE("a child that dies while idle is replaced at the next document") {
    WorkerPool pool(MisbehavingWork, {.cpu_seconds = 5, .wall_seconds = 10, .memory_mib = 1024}, 1);
    auto first = RunAll(pool, {"pid"});
    REQUIRE(first[1].ok);
    ::kill(std::stoi(first[1].output), SIGKILL);
    CHECK(pool.Wait(std::chrono::milliseconds(2000)).empty());  // reaped: it had no document
    auto second = RunAll(pool, {"pid", "pid"});
    REQUIRE(second.size() == 2);
    CHECK_MESSAGE(second[1].ok, second[1].reason);
    CHECK(second[1].output != first[1].output);
    CHECK(pool.ChildrenStarted() == 2);
  }
}

TEST_CASE("ingest: the progress line") {
  ProgressState state{.done = 12, .total = 40, .failed = 1, .running = 2, .seconds = 4, .watching = false};
  CHECK(FormatProgress(state) == "12/40 documents, 3.0/s, ETA 9 s, 1 failed");
  state.failed = 0;
  state.done = 1;
  state.seconds = 2;
  state.total = 200;
  CHECK(FormatProgress(state) == "1/200 documents, 0.5/s, ETA 6:38");
  CHECK(FormatProgress({.done = 0, .total = 5}) == "0/5 documents");
  CHECK(FormatProgress({.done = 3, .failed = 1, .running = 2, .watching = true}) == "watching: 3 read, 1 failed, 2 in hand");

  SUBCASE("plain logs: a line per document; terminal: problems only; quiet: errors only") {
    std::ostringstream plain, terminal, quiet;
    auto log_three = [](Progress progress) {
      progress.Log(Progress::kDetail, "stored a.pdf");
      progress.Log(Progress::kProblem, "failed b.pdf: damaged");
      progress.Log(Progress::kError, "store gone");
    };
    log_three(Progress(plain, false, false));
    log_three(Progress(terminal, true, false));
    log_three(Progress(quiet, false, true));
    CHECK(plain.str() == "kensa: ingest: stored a.pdf\nkensa: ingest: failed b.pdf: damaged\nkensa: ingest: store gone\n");
    CHECK(terminal.str() == "kensa: ingest: failed b.pdf: damaged\nkensa: ingest: store gone\n");
    CHECK(quiet.str() == "kensa: ingest: store gone\n");
  }
}

TEST_CASE("ingest: arguments") {
  auto parsed = ParseIngestArgs({"in", "--db", "x.db", "--jobs", "3", "--timeout", "30", "--cpu", "20", "--memory", "512",
                                 "--watch", "--quiet", "more"});
  REQUIRE(parsed.ok());
  CHECK(parsed->paths == std::vector<std::string>{"in", "more"});
  CHECK(parsed->db == "x.db");
  CHECK(parsed->jobs == 3);
  CHECK(parsed->limits.wall_seconds == 30);
  CHECK(parsed->limits.cpu_seconds == 20);
  CHECK(parsed->limits.memory_mib == 512);
  CHECK(parsed->watch);
  CHECK(parsed->quiet);

  const auto defaults = ParseIngestArgs({"in"});
  REQUIRE(defaults.ok());
  CHECK(defaults->db == "kensa.db");
  CHECK(defaults->jobs == 0);
  CHECK(defaults->limits.wall_seconds == 120);
  CHECK(defaults->limits.cpu_seconds == 60);
  CHECK(defaults->limits.memory_mib == 1024);

  CHECK(ParseIngestArgs({"--retry-failed"}).ok());  // the stored documents' paths
  CHECK(ParseIngestArgs({"--reextract"}).ok());
  for (const std::vector<std::string>& bad :
       {std::vector<std::string>{}, {"--watch"}, {"in", "--jobs", "0"}, {"in", "--jobs"}, {"in", "--memory", "100"},
        {"in", "--timeout", "x"}, {"in", "--bogus"}, {"in", "--db"}}) {
    auto r = ParseIngestArgs(bad);
    CHECK(r.status().kind() == ErrorKind::kUsage);
  }
}

}  // namespace
}  // namespace kensa
