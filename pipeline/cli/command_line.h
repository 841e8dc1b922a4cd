// The command line of kensa: one CLI11 definition of every command, its options and their checks,
// the help and version texts generated from it, and the dispatch to the commands' libraries.
// CLI11 stays inside this file's .cc: the commands take plain option structs.
// Thread-safety: RunCommandLine runs a whole command (see each Run* for what it does to the
// process); ParseCommandLine only reads its arguments and may run anywhere.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "cli/document_commands.h"
#include "common/status.h"
#include "diff/diff_command.h"
#include "export/export_command.h"
#include "ingest/ingest_command.h"
#include "regress/regress_command.h"
#include "review/review_command.h"
#include "services/service_command.h"

namespace kensa {

// What the arguments asked for: a command and its options, or a text to print (help, version).
struct CommandLine {
  std::string command;        // "extract", "fields", …, "review"; empty when `text` is the answer
  std::string text;           // --help, -h, help [CMD], --version: print on stdout and exit 0
  DocumentOptions document;   // extract, passages, fields, check-rules
  RegressOptions regress;
  IngestOptions ingest;
  ExportOptions exporting;
  std::string export_output;  // export -o OUT: "" or "-" for stdout
  ReviewOptions review;
  DiffOptions diff;
  ServiceOptions service;
};

// Parses the arguments after the program name. Fails with kUsage and one line naming the argument
// at fault and where to look, e.g. "extract: unknown option --bogus (see kensa extract --help)".
Result<CommandLine> ParseCommandLine(const std::vector<std::string>& args);

// Parses args and runs the command: its output on out, messages on err (colour and progress lines
// only on a terminal). Returns the exit code (README, "Exit codes"); 2 with one line on err for a
// usage error, and with a short usage when args is empty.
int RunCommandLine(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, bool out_is_terminal,
                   bool err_is_terminal);

}  // namespace kensa
