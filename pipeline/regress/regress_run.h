// A regression run (`kensa regress`): the sample documents that have expected answers beside them
// (x.pdf or x.txt with x.expected.json), each extracted and scored as ../shared/gold/README.md says,
// all documents in parallel. The result is plain data that the report prints, the baseline file
// stores and Compare() compares.
//
// Thread-safe: RunRegression starts its own threads over one shared, immutable Extractor; the types
// are plain values.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "common/status.h"
#include "extract/extractor.h"
#include "output/json_codec.h"
#include "regress/scorer.h"

namespace kensa {

// One sample: a document and the expected answers beside it.
struct Sample {
  std::string name;           // path relative to the directory it was found under: the key in baselines
  std::string document_path;  // x.pdf or x.txt; empty when the expected file stands alone
  std::string expected_path;  // x.expected.json
  std::vector<ExpectedFinding> expected;
};

// Finds the samples under each path: a directory is searched recursively for *.expected.json; a
// directory that holds gold/ and docs/ (the layout of ../shared/realpages) pairs each gold/x.json
// with docs/x.pdf, else docs/x.txt; a file may be a document (its x.expected.json must stand beside
// it) or an expected-answers file.
// Returns them sorted by name. Fails with kUsage when a path does not exist, when nothing is found,
// when two samples share a name, or when an expected-answers file cannot be read (naming it).
Result<std::vector<Sample>> FindSamples(const std::vector<std::string>& paths);

// A finding as the report and the baseline show it.
struct ReportedFinding {
  std::string field;
  std::string value;  // contract JSON of the value: {"amount":1,"unit":"hour"}, 99.9, "AWS" …
  std::string quote;  // found: the passage; missed: the expected file's quote
  int page = 0;       // 0 for an expected answer that was not found
  std::string rule;   // empty for an expected answer that was not found
  std::string condition;           // the found condition (a miss: the expected one)
  std::string expected_condition;  // only in condition_disagreements
  bool operator==(const ReportedFinding&) const = default;
};

struct DocumentResult {
  std::string document;                     // Sample::name
  std::string error;                        // why it could not be extracted; then all is missed
  std::map<std::string, Counts> by_field;   // field id -> counts
  Counts total;
  std::vector<ReportedFinding> matched;          // required expected answers found (the expected value, the found quote)
  std::vector<ReportedFinding> false_positives;  // found, not expected
  std::vector<ReportedFinding> false_negatives;  // expected (required), not found
  std::vector<ReportedFinding> condition_disagreements;  // matched, but the condition does not agree
  bool operator==(const DocumentResult&) const = default;
};

struct RegressRun {
  std::vector<DocumentResult> documents;  // sorted by document

  // Returns the counts summed over documents, per field / in all (micro).
  std::map<std::string, Counts> ByField() const;
  Counts Total() const;
  bool operator==(const RegressRun&) const = default;
};

// Turns a scored document into its reported form (error empty).
DocumentResult ToDocumentResult(const ScoredDocument& scored);

// Extracts and scores every sample on `threads` threads (0: one per core). Never fails: a document
// that cannot be read or extracted (or throws) is a DocumentResult with `error` set and all its
// required answers missed. The order of the result is the order of `samples`.
RegressRun RunRegression(const Extractor& extractor, const std::vector<Sample>& samples, unsigned threads = 0);

// Returns the position of a field id in the catalogue (unknown ids after all known ones), to list
// fields in FIELDS.md order.
size_t FieldOrder(const std::string& field);

}  // namespace kensa
