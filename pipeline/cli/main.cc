// kensa: the executable. The command line (argv to options, help, dispatch) is cli/command_line.h;
// the work is in the stage libraries (see ARCHITECTURE.md). Here: the streams and the last-line
// handler that turns an escaped exception into exit code 70.
#include <unistd.h>

#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "cli/command_line.h"

int main(int argc, char** argv) {
  try {
    return kensa::RunCommandLine({argv + 1, argv + argc}, std::cout, std::cerr, isatty(STDOUT_FILENO) == 1,
                                 isatty(STDERR_FILENO) == 1);
  } catch (const std::exception& e) {
    std::cerr << "kensa: internal error: " << e.what() << "\n";
  } catch (...) {
    std::cerr << "kensa: internal error\n";
  }
  return kensa::ExitCodeFor(kensa::ErrorKind::kInternal);
}
