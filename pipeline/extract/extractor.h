// The one place that knows every stage: text -> normalize -> passages -> rules (with tokens) ->
// findings, then the document-level clean-up that no single passage can decide (a value stated
// twice is one finding; a fallback finding yields to a specific one; the latest document date).
//
// An Extractor holds the loaded rules and dictionaries (loaded once per process, the costly part)
// and is immutable after Create, so one Extractor may serve several threads.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "findings/finding.h"
#include "rules/rule_set.h"
#include "text/document_reader.h"
#include "tokens/tokenizer.h"

namespace kensa {

struct ExtractorOptions {
  std::string patterns_dir;        // patterns/*.toml
  TokenizerOptions tokenizer;      // MeCab system and user dictionaries
  // Threads that apply the rules to one document's passages (a long document only: 64 passages or
  // more). 0: one per core. Callers that already run documents in parallel (ingest workers,
  // regress) pass 1.
  unsigned rule_threads = 0;
};

class Extractor {
 public:
  // Loads rules and dictionaries. Fails with kConfig naming the file at fault.
  static Result<std::shared_ptr<const Extractor>> Create(const ExtractorOptions& options);

  // Reads and extracts one file. Fails as ReadDocument does (read: its size limit).
  Result<Extraction> ExtractFile(const std::string& path, const ReadOptions& read = {}) const;
  // Extracts from pages already read (a RawDocument).
  Extraction ExtractDocument(const RawDocument& document) const;
  // Extracts from a string as a one-page document (rule examples, tests).
  std::vector<Finding> ExtractText(const std::string& text) const;
  // Every finding of every rule on text, before the document-level clean-up (for rule examples).
  std::vector<Finding> FindAll(const std::string& text) const;

  const RuleSet& rules() const { return *rules_; }
  const Tokenizer& tokenizer() const { return *tokenizer_; }

 private:
  Extractor(std::shared_ptr<const RuleSet> rules, std::shared_ptr<const Tokenizer> tokenizer, unsigned rule_threads);
  // service: when given, receives the service the document states (identity/service_identity.h).
  std::vector<Finding> FindAllInPages(const std::vector<Page>& pages, ServiceStatement* service = nullptr) const;

  std::shared_ptr<const RuleSet> rules_;
  std::shared_ptr<const Tokenizer> tokenizer_;
  unsigned rule_threads_;
};

// Returns how the document's pages were read (OCR, unreadable pages) as its extraction reports it.
Reading ReadingOf(const RawDocument& document);

// Reads a file and returns its passages as the rules see them (for `kensa passages`, to debug rules).
Result<std::vector<Passage>> ReadPassages(const std::string& path, const ReadOptions& read = {});

// Returns the default options: patterns and user dictionary installed beside the executable, else
// where the build put them (common/data_dirs.h), overridable by the environment (KENSA_PATTERNS,
// KENSA_USER_DIC, KENSA_SYSTEM_DIC).
ExtractorOptions DefaultExtractorOptions();

// Checks every rule's examples and counterexamples against the full pipeline. Returns one line per
// failure ("patterns/rto.toml:12: rule rto.x: example … gave …"); empty when all pass.
std::vector<std::string> CheckRuleExamples(const Extractor& extractor);

// Runs CheckRuleExamples once per rules version, so that a rule whose example fails stops every
// command at start-up (kConfig: "FILE:LINE: rule ID: example did not fire: …", and how many more),
// without paying for the examples (~250 ms) on every start: a passed version leaves an empty stamp
// file named after it in stamp_dir (created when missing; "" or an unwritable directory: check
// every time). Other failures of the stamp directory are not errors.
Status CheckRuleExamplesOnce(const Extractor& extractor, const std::string& stamp_dir);

// Creates an Extractor and checks its rules' examples once (CheckRuleExamplesOnce in
// DefaultRuleStampDir()): what every command that reads documents loads at start-up.
Result<std::shared_ptr<const Extractor>> CreateCheckedExtractor(const ExtractorOptions& options);

// Returns where CheckRuleExamplesOnce keeps its stamps: $KENSA_CACHE_DIR, else
// $XDG_CACHE_HOME/kensa/checked-rules, else ~/.cache/kensa/checked-rules; "" when none is known.
std::string DefaultRuleStampDir();

}  // namespace kensa
