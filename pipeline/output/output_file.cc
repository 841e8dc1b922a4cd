#include "output/output_file.h"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace kensa {

namespace fs = std::filesystem;

Status CheckWritable(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) return Status::Error(ErrorKind::kUsage, "cannot write " + path + ": is a directory");
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
