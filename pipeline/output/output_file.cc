#include "output/output_file.h"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace kensa {

namespace fs = std::filesystem;

namespace {

// A device, a named pipe or a socket (/dev/null, /dev/stdout, a FIFO): written in place, never
// renamed over (that would replace /dev/null with a regular file).
bool IsSpecialFile(const std::string& path) {
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  return !ec && fs::exists(status) && !fs::is_regular_file(status) && !fs::is_directory(status);
}

Status WriteInPlace(const std::string& path, const std::string& text) {
  std::ofstream file(path, std::ios::binary);
  if (file) file << text;
  if (file) file.close();
  if (!file) return Status::Error(ErrorKind::kUsage, "cannot write " + path + ": " + std::strerror(errno));
  return Status::Ok();
}

}  // namespace

Status CheckWritable(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) return Status::Error(ErrorKind::kUsage, "cannot write " + path + ": is a directory");
  if (IsSpecialFile(path)) {
    if (::access(path.c_str(), W_OK) != 0)
      return Status::Error(ErrorKind::kUsage, "cannot write " + path + ": " + std::strerror(errno));
    return Status::Ok();
  }
  const fs::path parent = fs::path(path).parent_path();
  const std::string folder = parent.empty() ? "." : parent.string();
  if (!fs::is_directory(folder, ec)) {
    return Status::Error(ErrorKind::kUsage, "cannot write " + path + ": no folder " + folder);
  }
  if (::access(folder.c_str(), W_OK) != 0) {
    return Status::Error(ErrorKind::kUsage, "cannot write " + path + ": " + std::strerror(errno));
  }
  return Status::Ok();
}

Status WriteFileAtomically(const std::string& path, const std::string& text) {
  static std::atomic<int> counter{0};
  std::error_code ec;
  if (fs::is_directory(path, ec)) return Status::Error(ErrorKind::kUsage, "cannot write " + path + ": is a directory");
  if (IsSpecialFile(path)) return WriteInPlace(path, text);
  const std::string temporary = path + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
  {
    std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
    if (!file) return Status::Error(ErrorKind::kUsage, "cannot write " + path + ": " + std::strerror(errno));
    file << text;
    file.close();
    if (!file) {
      const std::string reason = std::strerror(errno);
      fs::remove(temporary, ec);
      return Status::Error(ErrorKind::kUsage, "cannot write " + path + ": " + reason);
    }
  }
  fs::rename(temporary, path, ec);
  if (ec) {
    const std::string reason = ec.message();
    fs::remove(temporary, ec);
    return Status::Error(ErrorKind::kUsage, "cannot write " + path + ": " + reason);
  }
  return Status::Ok();
}

}  // namespace kensa
