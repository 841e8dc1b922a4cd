// Writing a command's whole output to a file so that a failed or interrupted run leaves no half
// file: the text goes to a temporary name beside the file (same folder, so the rename cannot cross
// file systems) and is renamed over it once complete. Used by `kensa extract -o`, `kensa export -o`
// and `kensa review -o`.
// Thread-safety: each call works on its own temporary file (named after the process id and a
// counter); two calls for the same path race as rename(2) does: the last rename wins.
#pragma once

#include <string>

#include "common/status.h"

namespace kensa {

// Fails early, before the work, when path's folder cannot take a file (no folder, not writable) or
// path is a folder. Fails with kUsage: "cannot write PATH: …".
Status CheckWritable(const std::string& path);

// Writes text to path through a temporary file beside it, renamed over path when complete; the
// temporary file is removed on failure. A device or a named pipe (/dev/null, a FIFO) is written in
// place. Fails with kUsage: "cannot write PATH: …".
Status WriteFileAtomically(const std::string& path, const std::string& text);

}  // namespace kensa
