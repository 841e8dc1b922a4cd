// `kensa export [--db FILE] --format csv|jsonl|json [--fields a,b,…] [--ja] [--all-versions]`: the
// answers in a store (kensa ingest) as a spreadsheet or as JSON.
//
// csv: one row per document (its paths, sha256, status, error, pages, rules version, ingested_at)
// and a column per field in catalogue order; each cell holds the readable values ("2時間",
// "99.9%", a condition in parentheses), several joined with " / "; with --ja the headers are the
// Japanese labels and members read in Japanese where the catalogue names them (国内, メール). UTF-8 with a BOM and CRLF, so Excel opens it as it is.
// jsonl: one object per line and document in the contract's shape (store.h, json_codec.h) with
// every finding's evidence; json: the same objects in one array.
// By default each document appears once, with its latest extraction; --all-versions gives one
// row per rules version that read it. The CSV says which service a document belongs to and what
// changed since that service's version before it ("rto 4時間 → 24時間"; "none"; empty for a first
// version).
// --changes: per service with two versions or more (store.h, ServiceVersions), the latest version,
// the one before it and each change between them (version_diff.h): csv, a row per change with both
// values and both quotes; json/jsonl, an object per service with changed_fields and changes.
// Thread-safety: RunExport reads the store and writes only the streams it is given.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "common/status.h"
#include "store/store.h"

namespace kensa {

enum class ExportFormat { kCsv, kJsonl, kJson };

struct ExportOptions {
  std::string db = "kensa.db";      // --db FILE
  ExportFormat format = ExportFormat::kCsv;  // --format (required)
  std::vector<std::string> fields;  // --fields a,b: these field columns/findings only; empty = all
  bool japanese = false;            // --ja: Japanese column headers, status words and member names (csv)
  bool all_versions = false;        // --all-versions: every rules version's extraction
  bool changes = false;             // --changes: per service, what changed from the version before the latest
};

// Writes the documents of store as options say. Fails when the store cannot be read.
Status WriteExport(Store& store, const ExportOptions& options, std::ostream& out);

// Runs `kensa export` with options (checked by the command line, pipeline/cli: known --fields ids):
// the export on out, errors on err. Returns 0, 30 when the store cannot be opened or read.
int RunExport(const ExportOptions& options, std::ostream& out, std::ostream& err);

}  // namespace kensa
