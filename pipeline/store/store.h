// The store: where `kensa ingest` keeps every document it has read and the answers found in it, and
// where `kensa export` reads them back.
//
// The model has three things. Contents are the bytes of a file, named by their SHA-256. A path is
// where some contents were seen (one contents, many paths: the same file under two names is one
// document). A document is one extraction of some contents by one version of the rules
// (patterns/): it is keyed by (sha256, rules_version), holds its status ("ok", or "failed" with the
// reason) and, when ok, its findings with their evidence. Re-extracting after patterns/ changed
// adds a document with the new rules version and keeps the old one, so the store always says which
// rules produced an answer.
//
// Every call that writes does so in one transaction: a document is stored with all its findings and
// its path or not at all, whatever happens to the process. Two implementations: the embedded SQLite
// file (one machine) and a PostgreSQL database that a team's ingesters on several machines share;
// claims with a lease (Claim) let several ingesters split one inbox without reading a document twice.
//
// Thread-safety: a Store is used by one thread at a time (kensa ingest writes only from its main
// thread). Several processes may open the same store at once; writers take turns.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "findings/finding.h"

namespace kensa {

enum class DocumentStatus { kOk, kFailed };

// Returns "ok" or "failed" (the values of the status column).
const char* DocumentStatusName(DocumentStatus status);

// One answer with its evidence. The value is kept twice: as contract JSON (FIELDS.md) for programs
// and as readable text ("2時間", "99.9%") for people and spreadsheets.
struct StoredFinding {
  std::string field;       // field id of the catalogue
  std::string value_json;  // {"amount":2,"unit":"hour"}, 99.9, "AWS" …
  std::string value_text;  // 2時間, 99.9%, AWS …
  std::string condition;   // empty when the document states none
  int page = 0;
  std::string quote;
  std::string rule;
  bool approx = false;     // stated as approximate ("約4時間")
  // Where the value stands in a spreadsheet, Word file or CSV (empty/0 for PDF and text): the sheet
  // and cell ("E12"), the Word table's number (with its cell) or paragraph's number.
  std::string sheet{};
  std::string cell{};
  int table = 0;
  int paragraph = 0;
  // Read by OCR from the page's picture, with the mean confidence (0-100) of its passage's words.
  bool ocr = false;
  float ocr_confidence = -1;
  bool operator==(const StoredFinding&) const = default;
};

struct StoredDocument {
  int64_t id = 0;                    // assigned by the store; 0 before saving
  std::string sha256;                // lowercase hex of the file's bytes
  std::string rules_version;         // RuleSet::version() of the rules that read it
  std::string path;                  // the path it was read from
  long long size = 0;                // bytes
  int pages = 0;                     // 0 when it could not be read
  DocumentStatus status = DocumentStatus::kOk;
  std::string error;                 // why it failed (one line); empty when ok
  std::vector<std::string> warnings; // one line each (no text layer, garbled …)
  Reading reading;                   // pages read by OCR, pages that could not be read
  std::string ingested_at;           // UTC, "2026-11-22T10:04:05Z"; SaveDocument fills it when empty
  // The service (the product a vendor offers) the document belongs to: the versions of one service
  // are what `kensa diff`, `export --changes` and ingest's "changed:" line compare. service_key
  // groups them (identity/service_identity.h, ServiceKey: "HANABI CRM" and "ＨＡＮＡＢＩ ＣＲＭ" are one);
  // service_from says who named it: "document" (as the document states it), "option" (ingest
  // --service), "folder" (the folder the file sits in), "reviewer" (kensa service set, which
  // outlives re-extraction), "" (no service: the document stands alone).
  std::string service;
  std::string service_key;
  std::string service_from;
  ServiceStatement stated;           // what the document itself states (service, vendor, page, quote)
  std::string document_date;         // "YYYY-MM-DD", the date the document states for itself; "" unknown
  std::vector<StoredFinding> findings;  // in catalogue order, then document order
  // Filled when reading: every path these bytes were seen at, sorted.
  std::vector<std::string> paths;
};

// Which documents ForEachDocument visits.
struct DocumentQuery {
  // Only the most recently saved document of each contents (the newest rules version that read
  // it, or the latest retry); false: every rules version's document.
  bool latest_only = true;
  std::optional<DocumentStatus> status;  // only documents with this status (after latest_only)
  bool with_findings = true;             // false leaves findings empty (cheaper)
  std::string service_key;               // only the documents of this service (the corrected one
                                         // where a reviewer corrected it); empty: all
};

class Store {
 public:
  virtual ~Store() = default;

  // Returns the documents stored for these bytes, one per rules version, oldest first, without
  // findings (empty when the bytes are unknown). Fails when the store cannot be read.
  virtual Result<std::vector<StoredDocument>> FindDocuments(std::string_view sha256) = 0;

  // Stores a document, its findings and its path in one transaction, replacing the document with
  // the same (sha256, rules_version) and its findings if there is one (a retry, a re-run). Paths
  // already recorded stay. Fails (and stores nothing) when the store cannot be written.
  virtual Status SaveDocument(const StoredDocument& document) = 0;

  // Records that the bytes with this sha256 (already stored) were also seen at path. Idempotent.
  // Fails when no document has these bytes or the store cannot be written.
  virtual Status AddPath(std::string_view sha256, std::string_view path) = 0;

  // Calls visit for each document matching query, ordered by first path then rules version, with
  // its paths (and findings unless the query says not). Stops at, and returns, the first error
  // from visit or from the store.
  virtual Status ForEachDocument(const DocumentQuery& query,
                                 const std::function<Status(const StoredDocument&)>& visit) = 0;

  // Names the service of the stored bytes with this sha256 as a reviewer corrects it (every rules
  // version's document, and those read later); an empty service removes the correction, so that
  // what ingest found stands again. Fails when no document has these bytes.
  virtual Status SetService(std::string_view sha256, std::string_view service, std::string_view service_key) = 0;

  // Claims the reading of these bytes by these rules for holder ("host:pid"), until lease_seconds from
  // now, so that other ingesters sharing the store leave them alone: returns "" when claimed (no one
  // else holds a live claim; an expired one is taken over), else the holder of the live claim.
  // SaveDocument ends the claim of the document it stores.
  virtual Result<std::string> Claim(std::string_view sha256, std::string_view rules_version, std::string_view holder,
                                    int lease_seconds) = 0;
  // Ends holder's claims: of these bytes (and rules version) when given, else all of them.
  virtual Status ReleaseClaims(std::string_view holder, std::string_view sha256 = {}, std::string_view rules_version = {}) = 0;

  // Returns the latest document of each contents whose status is failed, without findings.
  Result<std::vector<StoredDocument>> ListFailed();
};

struct StoreOptions {
  // Create the file (SQLite) and the schema when they do not exist. false: a missing file or an empty
  // database is an error (`kensa export` reads, never creates).
  bool create = true;
  // How long a write waits for another process that holds the write lock before failing (SQLite).
  int busy_timeout_ms = 30000;
  // How long a PostgreSQL store keeps trying to reach its server again after the connection was lost
  // (with backoff), before the call fails.
  int reconnect_seconds = 60;
};

// Opens the store that `where` names: a PostgreSQL database for a postgresql:// or postgres:// URL
// (OpenPostgresStore), else the SQLite file at that path (OpenSqliteStore).
Result<std::unique_ptr<Store>> OpenStore(const std::string& where, const StoreOptions& options = {});

// True when `where` names a PostgreSQL database (postgresql://… or postgres://…).
bool IsPostgresUrl(std::string_view where);

// Returns `where` fit for a message or a log: a URL without its password.
std::string StoreName(std::string_view where);

// Opens (or creates) the SQLite store at path: WAL journal, synchronous=FULL, foreign keys on.
// Fails with kStore when the file cannot be opened or created, is not SQLite, holds tables that
// are not a kensa store, or was written by a newer kensa (schema version).
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path, const StoreOptions& options = {});

// Connects to the PostgreSQL database the URL names (libpq; password, TLS and the rest from the URL's
// parameters, the PG* environment and ~/.pgpass) and creates or checks the schema, as OpenSqliteStore.
// Fails with kStore, in one line naming the database without its password, when the server cannot be
// reached, refuses (authentication, no such database), or holds tables that are not a kensa store.
Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& url, const StoreOptions& options = {});

// Finds the latest extraction of the stored document that doc names: one of its paths (as stored,
// or doc made absolute), its file name alone when one stored document has it, or its sha256 or a
// prefix of 4+ hex digits. Fails with kUsage saying why when none or several match (or the prefix is
// too short), kStore when the store cannot be read. A document stored as failed is returned too.
Result<StoredDocument> FindStoredDocument(Store& store, const std::string& doc);

// The versions of one service: the latest extraction of each stored contents whose service_key is key,
// read successfully, oldest first. Versions are ordered by the date the document states for itself
// (its document_date; the day it was ingested when it states none), then by ingestion time.
Result<std::vector<StoredDocument>> ServiceVersions(Store& store, std::string_view key, bool with_findings = true);

// Every service of the store with its versions (as ServiceVersions), ordered by the service's name.
struct ServiceHistory {
  std::string key;
  std::string name;                      // the latest version's name of the service
  std::vector<StoredDocument> versions;  // oldest first
};
Result<std::vector<ServiceHistory>> ServiceHistories(Store& store, bool with_findings = true);

// True when version a comes before version b (ServiceVersions' order).
bool VersionBefore(const StoredDocument& a, const StoredDocument& b);

// Returns the current time as the store writes it: UTC, "2026-11-22T10:04:05Z".
std::string UtcTimestamp();

}  // namespace kensa
