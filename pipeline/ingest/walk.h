// Finding the documents in the folders given to `kensa ingest`: a one-off walk for a batch, and a
// watcher that polls the folders and hands over each file once it is completely written.
//
// A document is a regular file (or a symbolic link to one) named *.pdf, *.txt, *.text, *.xlsx, *.xlsm,
// *.docx, *.csv or *.tsv, in any letter case, anywhere below a folder. Hidden files and folders
// (".x") and the temporary files of editors and browsers ("~$x.xlsx", "~x.pdf", "x.pdf.part",
// "x.pdf.crdownload" …) are left alone, and so is every other file; each one left alone is listed
// with the reason (kensa ingest's summary shows them). Symbolic links to folders are not followed
// (no loops). A file named on the command line is taken whatever its name.
// Thread-safety: FindFiles is a pure function of the file system; a FolderWatcher is used by one
// thread.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace kensa {

struct FoundFile {
  std::string path;      // absolute, lexically normal
  long long size = 0;
  int64_t mtime_ns = 0;  // modification time, nanoseconds since the epoch
};

// A path that looked like a document but cannot be read as one (a broken symbolic link, a FIFO,
// a folder that cannot be listed). It is reported and not stored: it has no bytes to identify it.
struct WalkProblem {
  std::string path;
  std::string problem;
};

struct WalkResult {
  std::vector<FoundFile> files;  // sorted by path, no path twice
  std::vector<WalkProblem> problems;
  std::vector<WalkProblem> skipped;  // files (and hidden folders) left alone, with the reason
};

// Returns true for the names kensa ingests: *.pdf, *.txt, *.text, *.xlsx, *.xlsm, *.docx, *.csv,
// *.tsv, any case.
bool IsDocumentName(std::string_view name);
// Returns why a file of this name is not ingested: a legacy Office file ("legacy Excel file (.xls):
// save it as .xlsx"), a hidden or temporary file, or "not a document kensa reads (.png)".
std::string SkipReason(std::string_view name);
// Returns true for hidden and temporary names: ".x", "~x", "~$x", "*.part", "*.crdownload",
// "*.partial", "*.download", "*.tmp", "*.swp".
bool IsHiddenOrTemporary(std::string_view name);

// Walks each root (a folder, searched recursively, or a file). Fails with kUsage naming a root that
// does not exist.
Result<WalkResult> FindFiles(const std::vector<std::string>& roots);

// Polls folders for `kensa ingest --watch`. A file is ready when two polls in a row saw the same
// size and modification time, it can be opened for reading, and no download of it is still going
// on beside it (x.pdf.part, x.pdf.crdownload …). Each version of a file (size, mtime) is handed
// over once; a file rewritten later is handed over again.
class FolderWatcher {
 public:
  explicit FolderWatcher(std::vector<std::string> roots) : roots_(std::move(roots)) {}

  // Scans the folders and returns the files that became ready since the last call. Problems
  // (a broken link) are reported once each.
  std::vector<FoundFile> Poll(std::vector<WalkProblem>* problems = nullptr);

 private:
  struct Seen {
    long long size = 0;
    int64_t mtime_ns = 0;
    bool handed_over = false;
  };
  std::vector<std::string> roots_;
  std::map<std::string, Seen> seen_;
  std::map<std::string, std::string> reported_problems_;
};

}  // namespace kensa
