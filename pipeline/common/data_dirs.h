// Where kensa finds its data: the rules (patterns/) and the compiled MeCab user dictionary.
//
// An installed kensa (`cmake --install build --prefix P`: P/bin/kensa) finds them beside its
// executable, in P/share/kensa/patterns/ and P/share/kensa/dictionaries/kensa.dic, the executable
// being found through /proc/self/exe (so neither the working directory nor PATH matters). A kensa
// without them beside it (build/kensa, the tests) uses the build tree's: the checkout's patterns/
// and build/dictionaries/kensa.dic, paths baked in when the build was configured. The environment
// overrides both: KENSA_PATTERNS, KENSA_USER_DIC (set but empty: no user dictionary); a command's
// --patterns overrides all of them.
// Thread-safe: reads the environment and the file system, keeps nothing.
#pragma once

#include <string>

namespace kensa {

struct DataPaths {
  std::string patterns_dir;     // the rule files (*.toml)
  std::string user_dictionary;  // kensa's compiled MeCab user dictionary; "" for none
};

// Returns where the data is, each path from the first of: its environment variable, the installed
// data beside the executable (when that file or folder exists), the build tree. Never fails: a path
// that turns out not to load is reported by whoever loads it.
DataPaths FindDataPaths();

// Returns the installed data folder of the running executable (EXE_DIR/../share/kensa, normalized)
// when it exists, else "".
std::string InstalledDataDir();

}  // namespace kensa
