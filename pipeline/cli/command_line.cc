#include "cli/command_line.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <sstream>

#include "extract/extractor.h"
#include "fields/field_catalogue.h"
#include "normalize/normalizer.h"
#include "output/output_file.h"
#include "rules/rule_set.h"
#include "text/document_reader.h"
#include "tokens/tokenizer.h"

namespace kensa {
namespace {

// ---- exit codes, for the help texts (README, "Exit codes") ----

constexpr const char* kReadExitCodes =
    "10 not found, 11 not a regular file, 12 empty,\n  13 not a PDF or text, 14 encrypted, 15 damaged PDF, 16 unsupported format,\n  17 damaged Office file";

std::string ExitCodesFooter(const std::string& codes) { return "\nExit codes: " + codes + ".\n"; }

const std::string kAllExitCodes =
    "\nExit codes: 0 ok, 2 usage, " + std::string(kReadExitCodes) +
    ",\n  20 bad patterns/dictionary, 21 resource limit, 30 store, 70 internal error;\n"
    "  regress: 1 something regressed; ingest: 130 interrupted before the end;\n"
    "  diff: 0 same answers, 1 some changed, 2 trouble (any error).\n";

// ---- value checks: each returns the problem ("needs …") or "" ----

// A whole number from min to max written in digits only ("5", not "5.0", "+5" or "0x5").
CLI::Validator WholeNumber(long long min, long long max, std::string problem) {
  return CLI::Validator(
      [=](const std::string& text) -> std::string {
        if (text.empty() || text.size() > 9 || text.find_first_not_of("0123456789") != std::string::npos) return problem;
        const long long n = std::stoll(text);
        return n < min || n > max ? problem : "";
      },
      "");
}

// --memory of extract and passages: 0 (no limit) or 256 MiB and more.
CLI::Validator MemoryMib(std::string problem) {
  return CLI::Validator(
      [=](const std::string& text) -> std::string {
        if (text.empty() || text.size() > 7 || text.find_first_not_of("0123456789") != std::string::npos) return problem;
        const long long n = std::stoll(text);
        return n != 0 && n < 256 ? problem : "";
      },
      "");
}

// The store of ingest, export and service when --db is not given: $KENSA_DB (a SQLite file or a
// postgresql:// URL), else kensa.db here.
std::string DefaultStore() {
  const char* env = std::getenv("KENSA_DB");
  return env && *env ? env : "kensa.db";
}

constexpr const char* kStoreHelp = "the store: a SQLite file or a postgresql:// URL\n(default: $KENSA_DB, else kensa.db)";

CLI::Validator NotEmpty(std::string problem) {
  return CLI::Validator([=](const std::string& text) { return text.empty() ? problem : std::string(); }, "");
}

// ---- the definitions ----

// The CLI11 app and the option structs its options write into.
struct Definitions {
  CommandLine line;
  CLI::App app{"kensa: checklist answers with evidence from cloud vendors' security documents", "kensa"};
  std::string help_topic;    // help [CMD]
  std::string review_source; // review FILE | review --db STORE DOC
  std::string export_format; // --format
};

void AddOcr(CLI::App& command, OcrMode& mode) {
  static const std::map<std::string, OcrMode> kModes = {
      {"auto", OcrMode::kAuto}, {"always", OcrMode::kAlways}, {"never", OcrMode::kNever}};
  command
      .add_option_function<std::string>(
          "--ocr", [&mode](const std::string& name) { mode = kModes.at(name); },
          "read PDF pages from their pictures (Tesseract): auto (pages without\n"
          "a usable text layer), always, never")
      ->type_name("MODE")
      ->default_str("auto")
      ->check(CLI::Validator([](const std::string& name) { return kModes.count(name) ? "" : "needs auto, always or never"; }, ""));
}

void AddLimits(CLI::App& command, DocumentOptions& o) {
  command.add_option("--timeout", o.limits.wall_seconds, "wall-clock seconds for each FILE (0: no limit)")
      ->type_name("S")->capture_default_str()->check(WholeNumber(0, 9999999, "needs a whole number (0 for no limit)"));
  command.add_option("--cpu", o.limits.cpu_seconds, "CPU seconds for each FILE (0: no limit)")
      ->type_name("S")->capture_default_str()->check(WholeNumber(0, 9999999, "needs a whole number (0 for no limit)"));
  command.add_option("--memory", o.limits.memory_mib, "address space in MiB: 256 or more (0: no limit)")
      ->type_name("MIB")->capture_default_str()->check(MemoryMib("needs a number of MiB (256 or more, 0 for no limit)"));
  command.add_option("--max-size", o.max_size_mib, "larger files are refused, each (0: no limit)")
      ->type_name("MIB")->capture_default_str()->check(WholeNumber(0, 9999999, "needs a whole number (0 for no limit)"));
  AddOcr(command, o.ocr);
}

void AddPatterns(CLI::App& command, std::string& patterns) {
  command.add_option("--patterns", patterns, "rules from DIR/*.toml instead of the built-in patterns/")
      ->type_name("DIR")->check(NotEmpty("needs a directory"));
}

void DefineDocumentCommands(Definitions& d) {
  DocumentOptions& o = d.line.document;
  CLI::App* extract = d.app.add_subcommand("extract", "checklist answers of documents as JSON on stdout");
  extract->add_option("FILE", o.files, "PDF or text files (- for stdin); several: JSON Lines, one\n"
                                       "object per document with its status")
      ->type_name("")->required();
  extract->add_flag("--compact", o.compact, "the JSON on one line");
  extract->add_option("-o,--output", o.output, "the JSON to OUT (written whole, then renamed; - for stdout)")
      ->type_name("OUT")->check(NotEmpty("needs a file name (or - for stdout)"));
  AddPatterns(*extract, o.patterns);
  extract->add_flag("--timings", o.timings, "milliseconds per stage on stderr");
  AddLimits(*extract, o);
  extract->footer(
      "\nLimits: --timeout, --cpu and --max-size hold for each FILE, --memory for the one process\n"
      "that reads them all; a FILE past --timeout or --cpu ends the command (those after it unread).\n" +
      ExitCodesFooter(std::string("0 ok, 2 usage (also an OUT that cannot be written),\n  ") + kReadExitCodes +
                      ",\n  20 bad patterns/dictionary, 21 resource limit, 70 internal error;\n"
                      "  several FILEs: the highest of the documents' codes"));

  CLI::App* fields = d.app.add_subcommand("fields", "the field catalogue: id, value type, label");
  fields->add_flag("--json", o.json, "the catalogue as JSON");
  fields->footer(ExitCodesFooter("0 ok, 2 usage"));

  CLI::App* check = d.app.add_subcommand("check-rules", "run every rule's examples and counterexamples");
  AddPatterns(*check, o.patterns);
  check->footer(ExitCodesFooter("0 every example passes, 2 usage, 20 a rule fails its examples or does not load"));

  CLI::App* passages = d.app.add_subcommand("passages", "the passages rules read: page, kind, section, text");
  passages->add_option("FILE", o.file, "a PDF or a text file")->type_name("")->required();
  AddLimits(*passages, o);
  passages->footer(ExitCodesFooter(std::string("0 ok, 2 usage, ") + kReadExitCodes +
                                   ", 21 resource limit, 70 internal error"));
}

void DefineRegress(Definitions& d) {
  RegressOptions& o = d.line.regress;
  CLI::App* regress = d.app.add_subcommand("regress", "score samples (x.pdf + x.expected.json) against their answers");
  regress->add_option("DIR", o.paths, "sample folders or documents (default: samples)")->type_name("");
  regress->add_option("--baseline", o.baseline, "compare with this earlier run")
      ->type_name("FILE")->check(NotEmpty("needs a file"));
  regress->add_option("--save-baseline", o.save_baseline, "write this run as a baseline")
      ->type_name("FILE")->check(NotEmpty("needs a file"));
  regress->add_option_function<double>("--min-f1", [&o](const double& x) { o.min_f1 = x; },
                                       "micro-F1 below X fails the run (default: no threshold)")
      ->type_name("X")
      ->check(CLI::Validator(
          [](const std::string& text) -> std::string {
            char* end = nullptr;
            const double x = std::strtod(text.c_str(), &end);
            return text.empty() || *end != '\0' || !(x >= 0 && x <= 1) ? "needs a number from 0 to 1" : "";
          },
          ""));
  regress->add_flag("--json", o.json, "one JSON object on stdout instead of tables");
  regress->add_option("-j,--jobs", o.jobs, "threads (default: one per core)")
      ->type_name("N")->check(WholeNumber(1, 1024, "needs a number of threads (1 or more)"));
  AddPatterns(*regress, o.patterns);
  regress->footer(ExitCodesFooter(
      "0 nothing worse than the baseline (and micro-F1 meets --min-f1), 1 something regressed or\n"
      "  micro-F1 is below --min-f1, 2 usage (also a missing sample folder or baseline), 20 bad patterns/dictionary"));
}

void DefineIngest(Definitions& d) {
  IngestOptions& o = d.line.ingest;
  CLI::App* ingest = d.app.add_subcommand("ingest", "store every document (PDF, xlsx, docx, csv, text) under DIR");
  ingest->add_option("DIR", o.paths, "folders (searched recursively) and files; none with --retry-failed or\n"
                                     "--reextract: the stored documents' paths")
      ->type_name("");
  o.db = DefaultStore();
  ingest->add_option("--db", o.db, std::string(kStoreHelp) + "; created when missing")
      ->type_name("STORE")->check(NotEmpty("needs a file or a URL"));
  ingest->add_flag("--watch", o.watch, "keep polling the folders until interrupted");
  ingest->add_flag("--reextract", o.reextract, "read again documents stored by other rules");
  ingest->add_flag("--retry-failed", o.retry_failed, "read again documents stored as failed");
  ingest->add_option("-j,--jobs", o.jobs, "documents read at once (default: one per core)")
      ->type_name("N")->check(WholeNumber(1, 1024, "needs a number of processes (1 or more)"));
  ingest->add_option("--timeout", o.limits.wall_seconds, "wall-clock seconds per document")
      ->type_name("S")->capture_default_str()->check(WholeNumber(1, 86400, "needs a number of seconds (1 or more)"));
  ingest->add_option("--cpu", o.limits.cpu_seconds, "CPU seconds per document")
      ->type_name("S")->capture_default_str()->check(WholeNumber(1, 86400, "needs a number of seconds (1 or more)"));
  // Below ~100 MiB a worker cannot even map the dictionary; 256 leaves room for a document.
  ingest->add_option("--memory", o.limits.memory_mib, "address space per document in MiB (256 or more)")
      ->type_name("MIB")->capture_default_str()->check(WholeNumber(256, 1 << 20, "needs a number of MiB (256 or more)"));
  ingest->add_flag("-q,--quiet", o.quiet, "no progress line, no per-document lines");
  ingest->add_option("--lease", o.lease_seconds, "seconds other ingesters sharing the store leave a document\n"
                                                 "this one claimed (default: twice --timeout + 60, at least 300)")
      ->type_name("S")->check(WholeNumber(10, 86400, "needs seconds from 10 to 86400"));
  ingest->add_option("--service", o.service, "these documents belong to the service NAME (else the name a\n"
                                              "document states, else the folder it sits in)")
      ->type_name("NAME")->check(NotEmpty("needs a name"));
  AddOcr(*ingest, o.ocr);
  AddPatterns(*ingest, o.patterns);
  ingest->footer(ExitCodesFooter(
      "0 ran (failed documents are recorded), 2 usage, 20 bad patterns/dictionary, 30 store,\n"
      "  70 internal error, 130 interrupted before the end"));
}

void DefineExport(Definitions& d) {
  ExportOptions& o = d.line.exporting;
  CLI::App* exporting = d.app.add_subcommand("export", "the stored answers as CSV (Excel) or JSON on stdout");
  o.db = DefaultStore();
  exporting->add_option("--db", o.db, kStoreHelp)->type_name("STORE")->check(NotEmpty("needs a file or a URL"));
  exporting->add_option("--format", d.export_format, "csv: a row per document; jsonl: an object a line; json: an array")
      ->type_name("csv|jsonl|json")->required()
      ->check(CLI::Validator(
          [](const std::string& text) -> std::string {
            return text == "csv" || text == "jsonl" || text == "json" ? "" : "needs csv, jsonl or json, not " + text;
          },
          ""));
  exporting->add_option("--fields", o.fields, "these fields only (ids as kensa fields lists them)")
      ->type_name("ID,ID")->allow_extra_args(false)->delimiter(',')
      ->check(CLI::Validator(
          [](const std::string& id) -> std::string {
            if (id.empty()) return "needs field ids (kensa fields lists them)";
            return FindField(id) ? "" : "has an unknown field " + id + " (kensa fields lists them)";
          },
          ""));
  exporting->add_flag("--ja", o.japanese, "Japanese column headers, status words and member names (csv)");
  exporting->add_option("-o,--output", d.line.export_output, "the export to OUT (written whole, then renamed; - for stdout)")
      ->type_name("OUT")->check(NotEmpty("needs a file name (or - for stdout)"));
  exporting->add_flag("--all-versions", o.all_versions, "a row per rules version that read a document");
  exporting->add_flag("--changes", o.changes, "per service: the latest version, the one before it and\n"
                                              "what changed between them (csv: a row per change)");
  exporting->footer(ExitCodesFooter("0 ok, 2 usage (also an OUT that cannot be written), 30 the store cannot be opened or read"));
}

void DefineReview(Definitions& d) {
  ReviewOptions& o = d.line.review;
  CLI::App* review = d.app.add_subcommand("review", "one HTML page: each answer beside the page it came from");
  review->add_option("SOURCE", d.review_source,
                     "FILE to extract now, or with --db the stored DOC: a path, a file name, a sha256\n"
                     "or 4+ hex digits of one")
      ->type_name("")->required();
  review->add_option("-o,--output", o.output, "the page (- for stdout; default: SOURCE's name + .review.html here)")
      ->type_name("OUT.html")->check(NotEmpty("needs a file name (or - for stdout)"));
  review->add_option("--db", o.db, "read SOURCE from this store (a SQLite file or a postgresql://\nURL) instead of extracting a file")
      ->type_name("STORE")->check(NotEmpty("needs a file or a URL"));
  review->add_option("--dpi", o.dpi, "the page pictures' resolution (50 to 300)")
      ->type_name("N")->capture_default_str()->check(WholeNumber(50, 300, "needs a number from 50 to 300"));
  AddOcr(*review, o.ocr);
  AddPatterns(*review, o.patterns);
  review->footer(ExitCodesFooter(std::string("as kensa extract (0 ok, 2 usage, ") + kReadExitCodes +
                                 ", 20, 21, 70);\n  2 also an OUT that cannot be written or a DOC the store "
                                 "does not hold, 30 a store that cannot be read"));
}

void DefineDiff(Definitions& d) {
  DiffOptions& o = d.line.diff;
  CLI::App* diff = d.app.add_subcommand("diff", "what changed between two versions of a document, field by field");
  diff->add_option("OLD", o.before, "the earlier version: a file, or with --db a stored document")->type_name("");
  diff->add_option("NEW", o.after, "the later version")->type_name("");
  diff->add_option("--db", o.db, "OLD and NEW are stored documents (a path, a file name, a sha256\n"
                                 "or 4+ hex digits of one) of this store (a file or a URL)")
      ->type_name("STORE")->check(NotEmpty("needs a file or a URL"));
  diff->add_option("--service", o.service, "with --db, instead of OLD and NEW: the latest version of the\n"
                                           "service NAME and the one before it")
      ->type_name("NAME")->check(NotEmpty("needs a name"));
  diff->add_flag("--json", o.json, "one JSON object instead of text");
  diff->add_flag("--all", o.all, "list the unchanged fields too");
  AddOcr(*diff, o.ocr);
  AddPatterns(*diff, o.patterns);
  diff->footer(ExitCodesFooter("0 the answers are the same, 1 some answer changed, 2 trouble (a file that\n"
                               "  cannot be read, a document the store does not hold, a usage error)"));
}

void DefineService(Definitions& d) {
  ServiceOptions& o = d.line.service;
  o.db = DefaultStore();
  CLI::App* service = d.app.add_subcommand("service", "the services of a store and their versions; correct a document's");
  service->require_subcommand(1, 1);
  auto db = [&o](CLI::App* command) {
    command->add_option("--db", o.db, kStoreHelp)->type_name("STORE")->check(NotEmpty("needs a file or a URL"));
  };
  CLI::App* list = service->add_subcommand("list", "each service with its versions, oldest first, and what changed");
  db(list);
  CLI::App* set = service->add_subcommand("set", "DOC belongs to the service NAME (kept when DOC is read again)");
  set->add_option("DOC", o.document, "a stored path, a file name, a sha256 or 4+ hex digits of one")->type_name("")->required();
  set->add_option("NAME", o.name, "the service")->type_name("")->required()->check(NotEmpty("needs a name"));
  db(set);
  CLI::App* reset = service->add_subcommand("reset", "remove a correction: what ingest found stands again");
  reset->add_option("DOC", o.document, "a stored path, a file name, a sha256 or 4+ hex digits of one")->type_name("")->required();
  db(reset);
  for (CLI::App* command : {service, list, set, reset})
    command->footer(ExitCodesFooter("0 ok, 2 usage (also a DOC the store does not hold), 30 store"));
}

// Builds the whole command line into d.
void Define(Definitions& d) {
  CLI::App& app = d.app;
  app.set_help_flag("-h,--help", "this help, then exit");
  app.set_version_flag("--version", std::function<std::string()>([] { return std::string(); }),
                       "kensa's version, the rules version and the libraries', then exit");
  app.require_subcommand(0, 1);
  app.allow_extras();
  app.footer(kAllExitCodes);
  app.get_formatter()->column_width(30);
  app.get_formatter()->label("Subcommands", "Commands");
  app.get_formatter()->label("SUBCOMMAND", "COMMAND");
  DefineDocumentCommands(d);
  DefineRegress(d);
  DefineIngest(d);
  DefineExport(d);
  DefineReview(d);
  DefineDiff(d);
  DefineService(d);
  CLI::App* help = app.add_subcommand("help", "this help, or a command's");
  help->add_option("CMD", d.help_topic, "the command")->type_name("");
  for (CLI::App* command : app.get_subcommands({})) command->allow_extras()->group("Commands");
}

// ---- texts ----

std::string VersionText() {
  std::ostringstream text;
  text << "kensa " << KENSA_VERSION << "\n";
  const std::string patterns = DefaultExtractorOptions().patterns_dir;
  auto rules = RuleSet::Load(patterns);
  if (rules.ok()) {
    text << "rules " << (*rules)->version() << " (" << patterns << ")\n";
  } else {
    text << "rules: the default patterns do not load: " << rules.status().message() << "\n";
  }
  text << "poppler " << PopplerVersion() << ", MeCab " << MecabVersion() << ", ICU " << IcuVersion() << ", RE2 "
       << Re2Version() << ", CLI11 " << CLI11_VERSION << ", Tesseract " << TesseractVersion() << "\n";
  return text.str();
}

// The commands' names, for the short usage.
std::string CommandNames(const CLI::App& app) {
  std::string names;
  for (const CLI::App* command : app.get_subcommands({})) names += (names.empty() ? "" : ", ") + command->get_name();
  return names;
}

// The unknown options and extra arguments of the command named (or of kensa itself, before one),
// without the "--" CLI11 keeps there after reading the arguments that follow it as positionals.
std::vector<std::string> Extras(const Definitions& d) {
  std::vector<std::string> extras;
  for (const CLI::App* c : d.app.get_subcommands())
    for (const std::string& extra : c->remaining()) extras.push_back(extra);
  for (const std::string& extra : d.app.remaining()) extras.push_back(extra);
  std::erase(extras, "--");
  return extras;
}

// The error line for e, raised while parsing into d: the argument at fault and where to look.
std::string Problem(const Definitions& d, const CLI::Error& e) {
  const CLI::App* command = nullptr;
  for (const CLI::App* c : d.app.get_subcommands()) command = c;  // the command named, if any
  const std::string where = command ? command->get_name() + ": " : "";
  const std::string hint = command ? " (see kensa " + command->get_name() + " --help)" : " (see kensa --help)";
  // Unknown options and extra arguments first: they explain most other errors (a missing FILE).
  const std::vector<std::string> extras = Extras(d);
  if (!extras.empty()) {
    const std::string& a = extras.front();
    if (!command) return (a.size() > 1 && a[0] == '-' ? "unknown option " : "unknown command ") + a + hint;
    return where + (a.size() > 1 && a[0] == '-' ? "unknown option " + a.substr(0, a.find('=')) : "unexpected argument " + a) +
           hint;
  }
  std::string message = e.what();
  if (dynamic_cast<const CLI::ValidationError*>(&e)) {
    // "--memory: needs a number …" → "--memory needs a number …"
    if (size_t colon = message.find(": "); colon != std::string::npos) message.replace(colon, 2, " ");
  } else if (dynamic_cast<const CLI::ArgumentMismatch*>(&e) && message.starts_with("-")) {
    message = message.substr(0, message.find(':')) + " needs a value";  // "--timeout: 1 required S missing"
  }
  return where + message + hint;
}

// Checks what CLI11 cannot say per option, and moves the parsed values into place.
Result<CommandLine> Finish(Definitions& d, const std::string& name) {
  using R = Result<CommandLine>;
  CommandLine& line = d.line;
  line.command = name;
  const std::string hint = " (see kensa " + name + " --help)";
  if (name == "ingest") {
    IngestOptions& o = line.ingest;
    if (o.paths.empty() && (o.watch || (!o.retry_failed && !o.reextract)))
      return R::Error(ErrorKind::kUsage, "ingest: " + std::string(o.watch ? "--watch needs a folder" : "no folder to ingest") + hint);
  } else if (name == "extract") {
    if (std::count(line.document.files.begin(), line.document.files.end(), "-") > 1)
      return R::Error(ErrorKind::kUsage, "extract: - (standard input) can be given once" + hint);
  } else if (name == "export") {
    line.exporting.format = d.export_format == "csv"     ? ExportFormat::kCsv
                            : d.export_format == "jsonl" ? ExportFormat::kJsonl
                                                         : ExportFormat::kJson;
  } else if (name == "review") {
    ReviewOptions& o = line.review;
    (o.db.empty() ? o.file : o.document) = d.review_source;
    if (!o.db.empty() && !o.patterns.empty())
      return R::Error(ErrorKind::kUsage,
                      "review: --patterns applies to FILE only (a stored document keeps its answers)" + hint);
  } else if (name == "service") {
    line.service.action = d.app.get_subcommand("service")->get_subcommands().front()->get_name();
  } else if (name == "diff") {
    const DiffOptions& o = line.diff;
    if (!o.service.empty() && o.db.empty()) return R::Error(ErrorKind::kUsage, "diff: --service needs --db" + hint);
    if (!o.service.empty() && !o.before.empty())
      return R::Error(ErrorKind::kUsage, "diff: give OLD and NEW, or --service, not both" + hint);
    if (o.service.empty() && o.after.empty())
      return R::Error(ErrorKind::kUsage, "diff: needs OLD and NEW (or --db and --service)" + hint);
    if (!line.diff.db.empty() && !line.diff.patterns.empty())
      return R::Error(ErrorKind::kUsage, "diff: --patterns applies to files only (stored documents keep their answers)" + hint);
  }
  return line;
}

// Runs a command whose output goes to `output` (-o): "" or "-" is out; a file gets the whole output
// at the end, written beside it under a temporary name and renamed, so a failed or killed run
// leaves no half file. The file is written when the command succeeds, or with keep_on_failure when
// it wrote anything (extract's JSON Lines, whose failed documents are lines of their own).
int RunToOutput(const std::string& command, const std::string& output, std::ostream& out, std::ostream& err,
                bool keep_on_failure, const std::function<int(std::ostream&)>& run) {
  if (output.empty() || output == "-") return run(out);
  if (Status s = CheckWritable(output); !s.ok()) {
    return ReportError(err, command, s);
  }
  std::ostringstream buffer;
  const int code = run(buffer);
  const std::string text = std::move(buffer).str();
  if (code != 0 && !(keep_on_failure && !text.empty())) return code;
  if (Status s = WriteFileAtomically(output, text); !s.ok()) {
    return std::max(code, ReportError(err, command, s));
  }
  return code;
}

}  // namespace

Result<CommandLine> ParseCommandLine(const std::vector<std::string>& args) {
  using R = Result<CommandLine>;
  auto d = std::make_unique<Definitions>();
  Define(*d);
  std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 takes them last first
  try {
    d->app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    CommandLine line;
    line.text = d->app.help();  // the command's, when one was named
    return line;
  } catch (const CLI::CallForVersion&) {
    CommandLine line;
    line.text = VersionText();
    return line;
  } catch (const CLI::ParseError& e) {
    return R::Error(ErrorKind::kUsage, Problem(*d, e));
  }
  const std::vector<CLI::App*> chosen = d->app.get_subcommands();
  if (chosen.empty() || !Extras(*d).empty())
    return R::Error(ErrorKind::kUsage, Problem(*d, CLI::Error("", "no command given")));
  const std::string name = chosen.front()->get_name();
  if (name == "help") {
    CommandLine line;
    if (d->help_topic.empty()) {
      line.text = d->app.get_formatter()->make_help(&d->app, "kensa", CLI::AppFormatMode::Normal);
    } else {
      CLI::App* topic = nullptr;
      for (CLI::App* c : d->app.get_subcommands({}))
        if (c->get_name() == d->help_topic) topic = c;
      if (!topic) return R::Error(ErrorKind::kUsage, "help: unknown command " + d->help_topic + " (see kensa --help)");
      line.text = topic->help("kensa");
    }
    return line;
  }
  return Finish(*d, name);
}

int RunCommandLine(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, bool out_is_terminal,
                   bool err_is_terminal) {
  if (args.empty()) {
    Definitions d;
    Define(d);
    err << "usage: kensa COMMAND [OPTIONS] [ARGS]…  (commands: " << CommandNames(d.app)
        << "; kensa --help says more)\n";
    return ExitCodeFor(ErrorKind::kUsage);
  }
  Result<CommandLine> parsed = ParseCommandLine(args);
  if (!parsed.ok()) {
    return ReportError(err, "", Status::Error(ErrorKind::kUsage, parsed.status().message()));
  }
  const CommandLine& line = *parsed;
  if (line.command.empty()) {
    out << line.text << std::flush;
    return 0;
  }
  if (line.command == "extract")
    return RunToOutput("extract", line.document.output, out, err, /*keep_on_failure=*/line.document.files.size() > 1,
                       [&](std::ostream& to) { return RunExtract(line.document, to, err); });
  if (line.command == "passages") return RunPassages(line.document, out, err);
  if (line.command == "fields") return RunFields(line.document, out);
  if (line.command == "check-rules") return RunCheckRules(line.document, out, err);
  if (line.command == "regress") return RunRegress(line.regress, out, err, out_is_terminal);
  if (line.command == "ingest") return RunIngest(line.ingest, out, err, err_is_terminal);
  if (line.command == "export")
    return RunToOutput("export", line.export_output, out, err, /*keep_on_failure=*/false,
                       [&](std::ostream& to) { return RunExport(line.exporting, to, err); });
  if (line.command == "review") return RunReview(line.review, out, err);
  if (line.command == "diff") return RunDiff(line.diff, out, err, out_is_terminal);
  if (line.command == "service") return RunService(line.service, out, err);
  err << "kensa: internal error: no command " << line.command << "\n";
  return ExitCodeFor(ErrorKind::kInternal);
}

}  // namespace kensa
