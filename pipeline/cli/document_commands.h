// The commands that read one document or the rules themselves: `kensa extract`, `kensa passages`,
// `kensa fields` and `kensa check-rules`. The command line (command_line.h) fills the options;
// each Run* writes its result on out and its messages on err and returns the exit code (README,
// "Exit codes"). Thread-safety: RunExtract and RunPassages put resource limits on the whole process
// (common/process_limits.h): run them once, from main. The others may run anywhere.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "common/process_limits.h"
#include "text/document_reader.h"

namespace kensa {

struct DocumentOptions {
  std::string file;             // FILE (passages)
  std::vector<std::string> files;  // FILE… (extract): "-" is standard input
  std::string output;           // -o FILE (extract): written whole through a temporary file; "-" or
                                // empty: stdout (the command line does the writing, not RunExtract)
  bool compact = false;         // --compact: JSON on one line (extract)
  bool timings = false;         // --timings: milliseconds per stage on err (extract)
  bool json = false;            // --json: the catalogue as JSON (fields)
  std::string patterns;         // --patterns DIR: rules other than the built-in ones (extract, check-rules)
  ProcessLimits limits;         // --timeout S, --cpu S, --memory MIB (extract, passages)
  long long max_size_mib = 64;  // --max-size MIB: larger files are refused; 0: no limit (extract, passages)
  OcrMode ocr = OcrMode::kAuto; // --ocr auto|always|never: which PDF pages are read from their pictures
};

// Extracts the checklist answers of options.files as JSON on out: one FILE as one JSON object
// (pretty unless options.compact), several as JSON Lines, one compact object per document in
// argument order with "status" "ok" or "failed" (a failed one with its "error" {"code",
// "message"}). "-" reads standard input. Rules load once; the limits hold for the whole run.
// Returns 0, or the worst (highest) exit code of the documents' read or resource-limit errors (one
// line on err each), or the configuration error's (nothing on out).
int RunExtract(const DocumentOptions& options, std::ostream& out, std::ostream& err);

// Prints the passages of options.file, one a line (page, kind, section, text). Returns as RunExtract.
int RunPassages(const DocumentOptions& options, std::ostream& out, std::ostream& err);

// Prints the field catalogue (a table, or JSON with options.json). Returns 0.
int RunFields(const DocumentOptions& options, std::ostream& out);

// Runs every rule's examples and counterexamples; failures on err, a summary on out. Returns 0 when
// all pass, 20 when one fails or the rules do not load.
int RunCheckRules(const DocumentOptions& options, std::ostream& out, std::ostream& err);

}  // namespace kensa
