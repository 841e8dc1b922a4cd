#include "ingest/walk.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <system_error>

namespace kensa {
namespace {

namespace fs = std::filesystem;

bool EndsWithNoCase(std::string_view text, std::string_view suffix) {
  if (text.size() < suffix.size()) return false;
  return std::equal(suffix.begin(), suffix.end(), text.end() - suffix.size(),
                    [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); });
}

constexpr std::string_view kPartialSuffixes[] = {".part", ".crdownload", ".partial", ".download", ".tmp"};

std::string Absolute(const fs::path& path) {
  std::error_code ec;
  fs::path absolute = fs::absolute(path, ec);
  return (ec ? path : absolute).lexically_normal().string();
}

// Stats a path (following links) into a FoundFile; false when it is not a regular file.
bool StatFile(const std::string& path, FoundFile& file) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) return false;
  file.path = path;
  file.size = info.st_size;
  file.mtime_ns = int64_t{info.st_mtim.tv_sec} * 1000000000 + info.st_mtim.tv_nsec;
  return true;
}

// Describes why path, which is not a regular file, cannot be read as a document.
std::string WhyNotAFile(const std::string& path) {
  struct stat info {};
  if (::lstat(path.c_str(), &info) == 0 && S_ISLNK(info.st_mode) && ::stat(path.c_str(), &info) != 0)
    return "broken symbolic link";
  if (::stat(path.c_str(), &info) != 0) return "cannot be read";
  return "not a regular file";
}

void Walk(const fs::path& root, WalkResult& result) {
  std::error_code ec;
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
  if (ec) {
    result.problems.push_back({Absolute(root), "cannot list the folder (" + ec.message() + ")"});
    return;
  }
  for (; it != end; it.increment(ec)) {
    if (ec) {
      result.problems.push_back({Absolute(it->path()), "cannot list (" + ec.message() + ")"});
      ec.clear();
      continue;
    }
    const std::string name = it->path().filename().string();
    std::error_code type_error;
    const bool is_directory = it->is_directory(type_error) && !it->is_symlink(type_error);
    if (IsHiddenOrTemporary(name)) {
      if (is_directory) it.disable_recursion_pending();
      result.skipped.push_back({Absolute(it->path()), is_directory ? "hidden folder" : SkipReason(name)});
      continue;
    }
    if (is_directory) continue;
    if (!IsDocumentName(name)) {
      if (!it->is_directory(type_error)) result.skipped.push_back({Absolute(it->path()), SkipReason(name)});
      continue;
    }
    FoundFile file;
    const std::string path = Absolute(it->path());
    if (StatFile(path, file)) {
      result.files.push_back(std::move(file));
    } else if (!it->is_directory(type_error)) {  // a link to a folder named x.pdf is a folder: skipped
      result.problems.push_back({path, WhyNotAFile(path)});
    }
  }
}

// True when a download of path is still going on beside it (x.pdf.part, x.pdf.crdownload …).
bool DownloadInProgress(const std::string& path) {
  struct stat info {};
  for (std::string_view suffix : kPartialSuffixes) {
    if (::stat((path + std::string(suffix)).c_str(), &info) == 0) return true;
  }
  return false;
}

bool CanOpen(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return false;
  ::close(fd);
  return true;
}

}  // namespace

bool IsDocumentName(std::string_view name) {
  for (std::string_view extension : {".pdf", ".txt", ".text", ".xlsx", ".xlsm", ".docx", ".csv", ".tsv"}) {
    if (EndsWithNoCase(name, extension)) return true;
  }
  return false;
}

std::string SkipReason(std::string_view name) {
  if (IsHiddenOrTemporary(name)) return "hidden or temporary file";
  static constexpr std::pair<std::string_view, std::string_view> kLegacy[] = {
      {".xls", "legacy Excel file (.xls): save it as .xlsx"},
      {".doc", "legacy Word file (.doc): save it as .docx"},
      {".ppt", "PowerPoint file: save it as PDF"},
      {".pptx", "PowerPoint file: save it as PDF"},
      {".ods", "OpenDocument spreadsheet: save it as .xlsx"},
      {".odt", "OpenDocument text: save it as .docx or PDF"},
  };
  for (const auto& [extension, reason] : kLegacy) {
    if (EndsWithNoCase(name, extension)) return std::string(reason);
  }
  const size_t dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return "not a document kensa reads (no extension)";
  return "not a document kensa reads (" + std::string(name.substr(dot)) + ")";
}

bool IsHiddenOrTemporary(std::string_view name) {
  if (name.empty() || name[0] == '.' || name[0] == '~') return true;  // ".x", "~x", "~$x.docx"
  for (std::string_view suffix : kPartialSuffixes) {
    if (EndsWithNoCase(name, suffix)) return true;
  }
  return EndsWithNoCase(name, ".swp");
}

Result<WalkResult> FindFiles(const std::vector<std::string>& roots) {
  WalkResult result;
  for (const std::string& root : roots) {
    std::error_code ec;
    const fs::file_status status = fs::status(root, ec);
    if (!fs::exists(status)) {
      if (fs::is_symlink(fs::symlink_status(root, ec)))
        return Result<WalkResult>::Error(ErrorKind::kUsage, root + ": broken symbolic link");
      return Result<WalkResult>::Error(ErrorKind::kUsage, root + ": no such file or folder");
    }
    if (fs::is_directory(status)) {
      Walk(root, result);
    } else {
      FoundFile file;
      const std::string path = Absolute(root);
      if (StatFile(path, file)) {
        result.files.push_back(std::move(file));
      } else {
        result.problems.push_back({path, WhyNotAFile(path)});
      }
    }
  }
  std::sort(result.files.begin(), result.files.end(), [](const FoundFile& a, const FoundFile& b) { return a.path < b.path; });
  result.files.erase(std::unique(result.files.begin(), result.files.end(),
                                 [](const FoundFile& a, const FoundFile& b) { return a.path == b.path; }),
                     result.files.end());
  return result;
}

std::vector<FoundFile> FolderWatcher::Poll(std::vector<WalkProblem>* problems) {
  WalkResult scan;
  for (const std::string& root : roots_) {
    std::error_code ec;
    if (fs::is_directory(root, ec)) {
      Walk(root, scan);
    } else {
      FoundFile file;
      if (StatFile(Absolute(root), file)) scan.files.push_back(std::move(file));
    }
  }
  if (problems) {
    for (const WalkProblem& p : scan.problems) {
      auto [it, inserted] = reported_problems_.emplace(p.path, p.problem);
      if (inserted || it->second != p.problem) {
        it->second = p.problem;
        problems->push_back(p);
      }
    }
  }
  std::vector<FoundFile> ready;
  std::set<std::string> present;
  for (const FoundFile& file : scan.files) {
    present.insert(file.path);
    auto [it, inserted] = seen_.emplace(file.path, Seen{file.size, file.mtime_ns, false});
    Seen& seen = it->second;
    if (inserted) continue;  // first sight: wait for one more poll
    if (seen.size != file.size || seen.mtime_ns != file.mtime_ns) {
      seen = Seen{file.size, file.mtime_ns, false};  // still being written, or rewritten
      continue;
    }
    if (seen.handed_over || DownloadInProgress(file.path) || !CanOpen(file.path)) continue;
    seen.handed_over = true;
    ready.push_back(file);
  }
  std::erase_if(seen_, [&](const auto& entry) { return !present.count(entry.first); });
  std::sort(ready.begin(), ready.end(), [](const FoundFile& a, const FoundFile& b) { return a.path < b.path; });
  return ready;
}

}  // namespace kensa
