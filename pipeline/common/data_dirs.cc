#include "common/data_dirs.h"

#include <cstdlib>
#include <filesystem>
#include <system_error>

// Set by pipeline/common/CMakeLists.txt: the build tree's data, and where `cmake --install` puts the
// data relative to where it puts the executable.
#ifndef KENSA_BUILD_PATTERNS_DIR
#define KENSA_BUILD_PATTERNS_DIR "patterns"
#endif
#ifndef KENSA_BUILD_USER_DICTIONARY
#define KENSA_BUILD_USER_DICTIONARY ""
#endif
#ifndef KENSA_INSTALLED_DATA_FROM_BIN
#define KENSA_INSTALLED_DATA_FROM_BIN "../share/kensa"
#endif

namespace kensa {

namespace fs = std::filesystem;

std::string InstalledDataDir() {
  std::error_code error;
  const fs::path executable = fs::read_symlink("/proc/self/exe", error);
  if (error || executable.empty()) return "";
  const fs::path data = (executable.parent_path() / KENSA_INSTALLED_DATA_FROM_BIN).lexically_normal();
  return fs::is_directory(data, error) ? data.string() : "";
}

DataPaths FindDataPaths() {
  DataPaths paths{KENSA_BUILD_PATTERNS_DIR, KENSA_BUILD_USER_DICTIONARY};
  if (const std::string installed = InstalledDataDir(); !installed.empty()) {
    std::error_code error;
    const fs::path patterns = fs::path(installed) / "patterns";
    const fs::path dictionary = fs::path(installed) / "dictionaries" / "kensa.dic";
    if (fs::is_directory(patterns, error)) paths.patterns_dir = patterns.string();
    if (fs::is_regular_file(dictionary, error)) paths.user_dictionary = dictionary.string();
  }
  if (const char* patterns = std::getenv("KENSA_PATTERNS")) paths.patterns_dir = patterns;
  if (const char* dictionary = std::getenv("KENSA_USER_DIC")) paths.user_dictionary = dictionary;
  return paths;
}

}  // namespace kensa
