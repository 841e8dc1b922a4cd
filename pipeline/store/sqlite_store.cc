// The embedded store: one SQLite file (Debian's libsqlite3). sqlite3.h appears in this file only.
//
// Crash safety, which `kensa ingest` promises (a document is stored once, never half):
// - journal_mode=WAL: a transaction is committed when its commit frame reaches the WAL; a process
//   killed at any moment (SIGKILL included) leaves uncommitted frames that the next open ignores.
//   Readers (kensa export) do not block the writer.
// - synchronous=FULL: the WAL is synced at every commit, so a document reported as stored survives
//   a power cut too. NORMAL would only risk the last few commits on power loss (never corruption),
//   but the cost of FULL is one fsync per document, nothing beside the parsing of the document.
// - one transaction per document (SaveDocument), BEGIN IMMEDIATE so that two ingesting processes
//   queue on the write lock (busy_timeout) instead of failing with SQLITE_BUSY halfway.
#include <sqlite3.h>
#include <sys/stat.h>

#include <cstdlib>
#include <ctime>
#include <string>
#include <utility>

#include "store/columns.h"
#include "store/store.h"

namespace kensa {
namespace {

constexpr int kSchemaVersion = 6;

// contents: the bytes; paths: where they were seen; documents: one extraction of some contents by
// one rules version; findings: the answers of a document, in order. Version 2 added
// findings.approx (a value stated as approximate), version 3 where a value stands in a spreadsheet or
// Word file (sheet, cell, table_number, paragraph), version 4 how the pages were read (documents:
// reading, ocr_pages, unreadable_pages; findings: ocr, ocr_confidence), version 5 the service a
// document belongs to (documents: service…, stated_… as the document states it, document_date) and
// the reviewers' corrections of it (service_corrections, by contents: they outlive re-extraction),
// version 6 the claims of ingesters that share the store (claims: who reads which document, until
// when); an older store is migrated on open.
constexpr const char* kSchema = R"sql(
CREATE TABLE schema_version (
  version INTEGER NOT NULL
);
CREATE TABLE contents (
  sha256 TEXT PRIMARY KEY,
  size INTEGER NOT NULL,
  first_seen TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE paths (
  sha256 TEXT NOT NULL REFERENCES contents(sha256),
  path TEXT NOT NULL,
  added_at TEXT NOT NULL,
  PRIMARY KEY (path, sha256)
) WITHOUT ROWID;
CREATE INDEX paths_by_sha256 ON paths(sha256);
CREATE TABLE documents (
  id INTEGER PRIMARY KEY,
  sha256 TEXT NOT NULL REFERENCES contents(sha256),
  rules_version TEXT NOT NULL,
  path TEXT NOT NULL,
  size INTEGER NOT NULL,
  pages INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
  error TEXT NOT NULL DEFAULT '',
  warnings TEXT NOT NULL DEFAULT '',
  ingested_at TEXT NOT NULL,
  reading TEXT NOT NULL DEFAULT 'read' CHECK (reading IN ('read', 'partly_unreadable', 'unreadable')),
  ocr_pages TEXT NOT NULL DEFAULT '',
  unreadable_pages TEXT NOT NULL DEFAULT '',
  service TEXT NOT NULL DEFAULT '',
  service_key TEXT NOT NULL DEFAULT '',
  service_from TEXT NOT NULL DEFAULT '',
  stated_service TEXT NOT NULL DEFAULT '',
  stated_vendor TEXT NOT NULL DEFAULT '',
  stated_page INTEGER NOT NULL DEFAULT 0,
  stated_quote TEXT NOT NULL DEFAULT '',
  stated_how TEXT NOT NULL DEFAULT '',
  document_date TEXT NOT NULL DEFAULT '',
  UNIQUE (sha256, rules_version)
);
CREATE INDEX documents_by_service ON documents(service_key);
CREATE TABLE service_corrections (
  sha256 TEXT PRIMARY KEY REFERENCES contents(sha256),
  service TEXT NOT NULL,
  service_key TEXT NOT NULL,
  corrected_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE claims (
  sha256 TEXT NOT NULL,
  rules_version TEXT NOT NULL,
  holder TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (sha256, rules_version)
) WITHOUT ROWID;
CREATE TABLE findings (
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  ordinal INTEGER NOT NULL,
  field TEXT NOT NULL,
  value_json TEXT NOT NULL,
  value_text TEXT NOT NULL,
  condition TEXT NOT NULL DEFAULT '',
  approx INTEGER NOT NULL DEFAULT 0,
  sheet TEXT NOT NULL DEFAULT '',
  cell TEXT NOT NULL DEFAULT '',
  table_number INTEGER NOT NULL DEFAULT 0,
  paragraph INTEGER NOT NULL DEFAULT 0,
  ocr INTEGER NOT NULL DEFAULT 0,
  ocr_confidence INTEGER NOT NULL DEFAULT -1,
  page INTEGER NOT NULL,
  quote TEXT NOT NULL,
  rule TEXT NOT NULL,
  PRIMARY KEY (document_id, ordinal)
) WITHOUT ROWID;
CREATE INDEX findings_by_field ON findings(field);
)sql";

using store_columns::JoinLines;
using store_columns::kDocumentColumns;
using store_columns::kFromDocuments;
using store_columns::PageListColumn;
using store_columns::ReadingColumns;
using store_columns::SplitLines;
using store_columns::UnreadableColumn;

Status StoreError(std::string message) { return Status::Error(ErrorKind::kStore, std::move(message)); }

// A prepared statement, finalized on destruction. Bind* take 1-based positions.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql) { rc_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr); }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  bool prepared() const { return rc_ == SQLITE_OK; }
  Statement& Bind(int i, std::string_view text) {
    sqlite3_bind_text(stmt_, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& Bind(int i, int64_t n) {
    sqlite3_bind_int64(stmt_, i, n);
    return *this;
  }
  // Runs one step: true when a row is available; done() or failed() tell the rest.
  bool Step() {
    rc_ = sqlite3_step(stmt_);
    return rc_ == SQLITE_ROW;
  }
  bool failed() const { return rc_ != SQLITE_OK && rc_ != SQLITE_ROW && rc_ != SQLITE_DONE; }
  // Runs a statement that returns no rows; false when it failed (the connection's error message
  // then still says why: the statement is reset only on success).
  bool Run() {
    Step();
    const bool ok = rc_ == SQLITE_DONE || rc_ == SQLITE_ROW;
    if (ok) sqlite3_reset(stmt_);
    return ok;
  }
  void Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  std::string Text(int column) const {
    const unsigned char* text = sqlite3_column_text(stmt_, column);
    return text ? std::string(reinterpret_cast<const char*>(text), sqlite3_column_bytes(stmt_, column)) : "";
  }
  int64_t Int(int column) const { return sqlite3_column_int64(stmt_, column); }

 private:
  sqlite3_stmt* stmt_ = nullptr;
  int rc_ = SQLITE_OK;
};

class SqliteStore final : public Store {
 public:
  // synchronous=NORMAL while it lives (in WAL mode: commits not synced until the next FULL one),
  // for writes that need no durability.
  class SyncScope {
   public:
    explicit SyncScope(SqliteStore& store) : store_(store) { store_.Exec("PRAGMA synchronous=NORMAL"); }
    ~SyncScope() { store_.Exec("PRAGMA synchronous=FULL"); }

   private:
    SqliteStore& store_;
  };

  SqliteStore(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  ~SqliteStore() override { sqlite3_close_v2(db_); }

  // Sets the pragmas and creates or checks the schema.
  Status Initialize(const StoreOptions& options) {
    sqlite3_busy_timeout(db_, options.busy_timeout_ms);
    {
      // Reading the journal mode is the first access to the file: a file that is not SQLite fails here.
      Statement wal(db_, "PRAGMA journal_mode=WAL");
      if (!wal.prepared() || !wal.Step()) return Failure("not a kensa store");
      if (wal.Text(0) != "wal") return StoreError(path_ + ": cannot use a write-ahead log (journal mode " + wal.Text(0) + ")");
    }
    if (!Exec("PRAGMA synchronous=FULL") || !Exec("PRAGMA foreign_keys=ON")) return Failure("cannot configure");
    // Creating takes the write lock at once, so two processes creating one store do not race.
    if (!Exec(options.create ? "BEGIN IMMEDIATE" : "BEGIN")) return Failure("cannot lock");
    Status status = CheckOrCreateSchema(options.create);
    if (!status.ok()) {
      Exec("ROLLBACK");
      return status;
    }
    if (!Exec("COMMIT")) return Failure("cannot create the schema");
    return Status::Ok();
  }

  Result<std::vector<StoredDocument>> FindDocuments(std::string_view sha256) override {
    const std::string sql = std::string("SELECT ") + kDocumentColumns + kFromDocuments + " WHERE d.sha256 = ? ORDER BY d.id";
    Statement select(db_, sql.c_str());
    if (!select.prepared()) return Failure("cannot read");
    select.Bind(1, sha256);
    std::vector<StoredDocument> documents;
    while (select.Step()) documents.push_back(ReadDocumentRow(select));
    if (select.failed()) return Failure("cannot read");
    for (StoredDocument& d : documents) {
      if (Status s = ReadPaths(d); !s.ok()) return s;
    }
    return documents;
  }

  Status SaveDocument(const StoredDocument& document) override {
    const std::string now = UtcTimestamp();
    const std::string ingested_at = document.ingested_at.empty() ? now : document.ingested_at;
    if (!Exec("BEGIN IMMEDIATE")) return Failure("cannot lock for writing");
    Status status = SaveInTransaction(document, ingested_at, now);
    if (!status.ok()) {
      Exec("ROLLBACK");
      return status;
    }
    if (!Exec("COMMIT")) {
      Exec("ROLLBACK");
      return Failure("cannot commit");
    }
    return Status::Ok();
  }

  Status AddPath(std::string_view sha256, std::string_view path) override {
    Statement insert(db_,
                     "INSERT INTO paths (sha256, path, added_at) VALUES (?, ?, ?) "
                     "ON CONFLICT (path, sha256) DO NOTHING");
    if (!insert.prepared()) return Failure("cannot write");
    insert.Bind(1, sha256).Bind(2, path).Bind(3, UtcTimestamp());
    if (!insert.Run()) {
      if (sqlite3_extended_errcode(db_) == SQLITE_CONSTRAINT_FOREIGNKEY)
        return StoreError(path_ + ": no stored document has sha256 " + std::string(sha256));
      return Failure("cannot write a path");
    }
    return Status::Ok();
  }

  Status SetService(std::string_view sha256, std::string_view service, std::string_view service_key) override {
    if (!Exec("BEGIN IMMEDIATE")) return Failure("cannot lock for writing");
    Status status = [&]() -> Status {
      Statement known(db_, "SELECT 1 FROM documents WHERE sha256 = ? LIMIT 1");
      if (!known.prepared()) return Failure("cannot read");
      known.Bind(1, sha256);
      if (!known.Step()) return known.failed() ? Failure("cannot read") : StoreError(path_ + ": no stored document has sha256 " + std::string(sha256));
      Statement write(db_, service.empty() ? "DELETE FROM service_corrections WHERE sha256 = ?"
                                           : "INSERT INTO service_corrections (sha256, service, service_key, corrected_at) VALUES (?, ?, ?, ?) "
                                             "ON CONFLICT (sha256) DO UPDATE SET service = excluded.service, "
                                             "service_key = excluded.service_key, corrected_at = excluded.corrected_at");
      write.Bind(1, sha256);
      if (!service.empty()) write.Bind(2, service).Bind(3, service_key).Bind(4, UtcTimestamp());
      if (!write.Run()) return Failure("cannot write the service");
      return Status::Ok();
    }();
    if (!status.ok() || !Exec("COMMIT")) {
      Exec("ROLLBACK");
      return status.ok() ? Failure("cannot commit") : status;
    }
    return Status::Ok();
  }

  Result<std::string> Claim(std::string_view sha256, std::string_view rules_version, std::string_view holder,
                            int lease_seconds) override {
    // A claim lost in a power cut costs at most a document read twice (and stored once): it is not
    // worth the sync that a stored document is.
    SyncScope no_sync(*this);
    if (!Exec("BEGIN IMMEDIATE")) return Failure("cannot lock for writing");
    Result<std::string> result = [&]() -> Result<std::string> {
      const int64_t now = static_cast<int64_t>(std::time(nullptr));
      Statement held(db_, "SELECT holder FROM claims WHERE sha256 = ? AND rules_version = ? AND expires_at > ? AND holder <> ?");
      held.Bind(1, sha256).Bind(2, rules_version).Bind(3, now).Bind(4, holder);
      if (held.Step()) return held.Text(0);
      if (held.failed()) return Failure("cannot read claims");
      Statement claim(db_,
                      "INSERT INTO claims (sha256, rules_version, holder, expires_at) VALUES (?, ?, ?, ?) "
                      "ON CONFLICT (sha256, rules_version) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at");
      claim.Bind(1, sha256).Bind(2, rules_version).Bind(3, holder).Bind(4, now + lease_seconds);
      if (!claim.Run()) return Failure("cannot write a claim");
      return std::string();
    }();
    if (!result.ok() || !Exec("COMMIT")) {
      Exec("ROLLBACK");
      return result.ok() ? Result<std::string>(Failure("cannot commit")) : result;
    }
    return result;
  }

  Status ReleaseClaims(std::string_view holder, std::string_view sha256, std::string_view rules_version) override {
    SyncScope no_sync(*this);
    Statement release(db_, sha256.empty() ? "DELETE FROM claims WHERE holder = ?"
                                          : "DELETE FROM claims WHERE holder = ? AND sha256 = ? AND rules_version = ?");
    release.Bind(1, holder);
    if (!sha256.empty()) release.Bind(2, sha256).Bind(3, rules_version);
    if (!release.Run()) return Failure("cannot release claims");
    return Status::Ok();
  }

  Status ForEachDocument(const DocumentQuery& query,
                         const std::function<Status(const StoredDocument&)>& visit) override {
    std::string sql = std::string("SELECT ") + kDocumentColumns + kFromDocuments;
    std::string where;
    if (query.latest_only) where = "d.id = (SELECT MAX(id) FROM documents WHERE sha256 = d.sha256)";
    if (query.status) where += std::string(where.empty() ? "" : " AND ") + "d.status = ?";
    if (!query.service_key.empty()) where += std::string(where.empty() ? "" : " AND ") + "COALESCE(c.service_key, d.service_key) = ?";
    if (!where.empty()) sql += " WHERE " + where;
    sql += " ORDER BY (SELECT MIN(path) FROM paths WHERE sha256 = d.sha256), d.id";
    // Reading in one transaction gives a consistent snapshot while an ingest keeps writing.
    if (!Exec("BEGIN")) return Failure("cannot read");
    Status status = [&]() -> Status {
      Statement select(db_, sql.c_str());
      if (!select.prepared()) return Failure("cannot read");
      int bound = 0;
      if (query.status) select.Bind(++bound, DocumentStatusName(*query.status));
      if (!query.service_key.empty()) select.Bind(++bound, query.service_key);
      Statement findings(db_,
                         "SELECT field, value_json, value_text, condition, page, quote, rule, approx, sheet, cell, table_number, "
                         "paragraph, ocr, ocr_confidence FROM findings "
                         "WHERE document_id = ? ORDER BY ordinal");
      if (!findings.prepared()) return Failure("cannot read findings");
      while (select.Step()) {
        StoredDocument document = ReadDocumentRow(select);
        if (Status s = ReadPaths(document); !s.ok()) return s;
        if (query.with_findings) {
          findings.Reset();
          findings.Bind(1, document.id);
          while (findings.Step()) {
            StoredFinding f;
            f.field = findings.Text(0);
            f.value_json = findings.Text(1);
            f.value_text = findings.Text(2);
            f.condition = findings.Text(3);
            f.page = static_cast<int>(findings.Int(4));
            f.quote = findings.Text(5);
            f.rule = findings.Text(6);
            f.approx = findings.Int(7) != 0;
            f.sheet = findings.Text(8);
            f.cell = findings.Text(9);
            f.table = static_cast<int>(findings.Int(10));
            f.paragraph = static_cast<int>(findings.Int(11));
            f.ocr = findings.Int(12) != 0;
            f.ocr_confidence = static_cast<float>(findings.Int(13));
            document.findings.push_back(std::move(f));
          }
          if (findings.failed()) return Failure("cannot read findings");
        }
        if (Status s = visit(document); !s.ok()) return s;
      }
      if (select.failed()) return Failure("cannot read");
      return Status::Ok();
    }();
    Exec(status.ok() ? "COMMIT" : "ROLLBACK");
    return status;
  }

 private:
  bool Exec(const char* sql) { return sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) == SQLITE_OK; }

  // A kStore Status naming the store, what was being done and SQLite's reason.
  Status Failure(const std::string& what) const { return StoreError(path_ + ": " + what + " (" + sqlite3_errmsg(db_) + ")"); }

  Status CheckOrCreateSchema(bool create) {
    Statement tables(db_, "SELECT name FROM sqlite_master WHERE type = 'table'");
    if (!tables.prepared()) return Failure("not a kensa store");
    bool has_version = false, has_other = false;
    while (tables.Step()) (tables.Text(0) == "schema_version" ? has_version : has_other) = true;
    if (tables.failed()) return Failure("not a kensa store");
    if (!has_version) {
      if (has_other) return StoreError(path_ + ": not a kensa store (it holds other tables)");
      if (!create) return StoreError(path_ + ": empty store (nothing has been ingested)");
      if (!Exec(kSchema)) return Failure("cannot create the schema");
      Statement insert(db_, "INSERT INTO schema_version (version) VALUES (?)");
      insert.Bind(1, int64_t{kSchemaVersion});
      if (!insert.Run()) return Failure("cannot create the schema");
      return Status::Ok();
    }
    Statement version(db_, "SELECT MAX(version) FROM schema_version");
    if (!version.prepared() || !version.Step()) return Failure("cannot read the schema version");
    const int64_t found = version.Int(0);
    if (found > kSchemaVersion)
      return StoreError(path_ + ": written by a newer kensa (store schema " + std::to_string(found) + ", this kensa reads " +
                        std::to_string(kSchemaVersion) + ")");
    if (found < 1) return StoreError(path_ + ": not a kensa store (no schema version)");
    // Each step adds columns whose defaults say what older documents lacked (not approximate; no
    // sheet or cell: PDF and text were all there was; every page read from its text layer: there
    // was no OCR, and no unreadable page was told apart; no service: --reextract finds it).
    static constexpr const char* kMigrations[] = {
        nullptr,
        "ALTER TABLE findings ADD COLUMN approx INTEGER NOT NULL DEFAULT 0",  // 1 -> 2
        "ALTER TABLE findings ADD COLUMN sheet TEXT NOT NULL DEFAULT ''; "     // 2 -> 3
        "ALTER TABLE findings ADD COLUMN cell TEXT NOT NULL DEFAULT ''; "
        "ALTER TABLE findings ADD COLUMN table_number INTEGER NOT NULL DEFAULT 0; "
        "ALTER TABLE findings ADD COLUMN paragraph INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE documents ADD COLUMN reading TEXT NOT NULL DEFAULT 'read' "  // 3 -> 4
        "CHECK (reading IN ('read', 'partly_unreadable', 'unreadable')); "
        "ALTER TABLE documents ADD COLUMN ocr_pages TEXT NOT NULL DEFAULT ''; "
        "ALTER TABLE documents ADD COLUMN unreadable_pages TEXT NOT NULL DEFAULT ''; "
        "ALTER TABLE findings ADD COLUMN ocr INTEGER NOT NULL DEFAULT 0; "
        "ALTER TABLE findings ADD COLUMN ocr_confidence INTEGER NOT NULL DEFAULT -1",
        "ALTER TABLE documents ADD COLUMN service TEXT NOT NULL DEFAULT ''; "  // 4 -> 5
        "ALTER TABLE documents ADD COLUMN service_key TEXT NOT NULL DEFAULT ''; "
        "ALTER TABLE documents ADD COLUMN service_from TEXT NOT NULL DEFAULT ''; "
        "ALTER TABLE documents ADD COLUMN stated_service TEXT NOT NULL DEFAULT ''; "
        "ALTER TABLE documents ADD COLUMN stated_vendor TEXT NOT NULL DEFAULT ''; "
        "ALTER TABLE documents ADD COLUMN stated_page INTEGER NOT NULL DEFAULT 0; "
        "ALTER TABLE documents ADD COLUMN stated_quote TEXT NOT NULL DEFAULT ''; "
        "ALTER TABLE documents ADD COLUMN stated_how TEXT NOT NULL DEFAULT ''; "
        "ALTER TABLE documents ADD COLUMN document_date TEXT NOT NULL DEFAULT ''; "
        "CREATE INDEX documents_by_service ON documents(service_key); "
        "CREATE TABLE service_corrections (sha256 TEXT PRIMARY KEY REFERENCES contents(sha256), "
        "service TEXT NOT NULL, service_key TEXT NOT NULL, corrected_at TEXT NOT NULL) WITHOUT ROWID",
        "CREATE TABLE claims (sha256 TEXT NOT NULL, rules_version TEXT NOT NULL, holder TEXT NOT NULL, "  // 5 -> 6
        "expires_at INTEGER NOT NULL, PRIMARY KEY (sha256, rules_version)) WITHOUT ROWID",
    };
    // The caller's transaction holds every step: a store is migrated whole or not at all.
    for (int64_t from = found; from < kSchemaVersion; ++from) {
      const std::string step = "cannot migrate the store from schema " + std::to_string(from) + " to " + std::to_string(from + 1);
      Statement insert(db_, "INSERT INTO schema_version (version) VALUES (?)");
      insert.Bind(1, from + 1);
      if (!Exec(kMigrations[from]) || !insert.Run()) return Failure(step);
    }
    return Status::Ok();
  }

  Status SaveInTransaction(const StoredDocument& d, const std::string& ingested_at, const std::string& now) {
    Statement contents(db_,
                       "INSERT INTO contents (sha256, size, first_seen) VALUES (?, ?, ?) ON CONFLICT (sha256) DO NOTHING");
    contents.Bind(1, d.sha256).Bind(2, int64_t{d.size}).Bind(3, now);
    if (!contents.Run()) return Failure("cannot write the contents of " + d.path);
    Statement path(db_, "INSERT INTO paths (sha256, path, added_at) VALUES (?, ?, ?) ON CONFLICT (path, sha256) DO NOTHING");
    path.Bind(1, d.sha256).Bind(2, d.path).Bind(3, now);
    if (!path.Run()) return Failure("cannot write the path of " + d.path);
    // Replacing (rather than updating) gives the new document a new id, so "latest" is the largest
    // id; its old findings go with it (ON DELETE CASCADE).
    Statement remove(db_, "DELETE FROM documents WHERE sha256 = ? AND rules_version = ?");
    remove.Bind(1, d.sha256).Bind(2, d.rules_version);
    if (!remove.Run()) return Failure("cannot replace the document " + d.path);
    Statement insert(db_,
                     "INSERT INTO documents (sha256, rules_version, path, size, pages, status, error, warnings, ingested_at, "
                     "reading, ocr_pages, unreadable_pages, service, service_key, service_from, stated_service, stated_vendor, "
                     "stated_page, stated_quote, stated_how, document_date) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.Bind(1, d.sha256).Bind(2, d.rules_version).Bind(3, d.path).Bind(4, int64_t{d.size}).Bind(5, int64_t{d.pages});
    insert.Bind(6, DocumentStatusName(d.status)).Bind(7, d.error).Bind(8, JoinLines(d.warnings)).Bind(9, ingested_at);
    insert.Bind(10, d.reading.status).Bind(11, PageListColumn(d.reading.ocr_pages));
    insert.Bind(12, UnreadableColumn(d.reading.unreadable_pages));
    // A reviewer's correction lives in service_corrections; what is saved here is what ingest found.
    const bool corrected = d.service_from == "reviewer";
    insert.Bind(13, corrected ? "" : d.service).Bind(14, corrected ? "" : d.service_key).Bind(15, corrected ? "" : d.service_from);
    insert.Bind(16, d.stated.service).Bind(17, d.stated.vendor).Bind(18, int64_t{d.stated.page}).Bind(19, d.stated.quote);
    insert.Bind(20, d.stated.how).Bind(21, d.document_date);
    if (!insert.Run()) return Failure("cannot write the document " + d.path);
    const int64_t id = sqlite3_last_insert_rowid(db_);
    Statement claimed(db_, "DELETE FROM claims WHERE sha256 = ? AND rules_version = ?");  // read: the claim has done its work
    claimed.Bind(1, d.sha256).Bind(2, d.rules_version);
    if (!claimed.Run()) return Failure("cannot end the claim of " + d.path);
    Statement finding(db_,
                      "INSERT INTO findings (document_id, ordinal, field, value_json, value_text, condition, page, quote, rule, "
                      "approx, sheet, cell, table_number, paragraph, ocr, ocr_confidence) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    int64_t ordinal = 0;
    for (const StoredFinding& f : d.findings) {
      finding.Reset();
      finding.Bind(1, id).Bind(2, ordinal++).Bind(3, f.field).Bind(4, f.value_json).Bind(5, f.value_text);
      finding.Bind(6, f.condition).Bind(7, int64_t{f.page}).Bind(8, f.quote).Bind(9, f.rule);
      finding.Bind(10, int64_t{f.approx ? 1 : 0}).Bind(11, f.sheet).Bind(12, f.cell).Bind(13, int64_t{f.table});
      finding.Bind(14, int64_t{f.paragraph}).Bind(15, int64_t{f.ocr ? 1 : 0});
      finding.Bind(16, int64_t{f.ocr ? static_cast<int64_t>(f.ocr_confidence + 0.5f) : -1});
      if (!finding.Run()) return Failure("cannot write a finding of " + d.path);
    }
    return Status::Ok();
  }

  static StoredDocument ReadDocumentRow(const Statement& row) {
    StoredDocument d;
    d.id = row.Int(0);
    d.sha256 = row.Text(1);
    d.rules_version = row.Text(2);
    d.path = row.Text(3);
    d.size = row.Int(4);
    d.pages = static_cast<int>(row.Int(5));
    d.status = row.Text(6) == "ok" ? DocumentStatus::kOk : DocumentStatus::kFailed;
    d.error = row.Text(7);
    d.warnings = SplitLines(row.Text(8));
    d.ingested_at = row.Text(9);
    d.reading = ReadingColumns(row.Text(10), row.Text(11), row.Text(12));
    d.service = row.Text(13);
    d.service_key = row.Text(14);
    d.service_from = row.Text(15);
    d.stated = ServiceStatement{row.Text(16), row.Text(17), static_cast<int>(row.Int(18)), row.Text(19), row.Text(20)};
    d.document_date = row.Text(21);
    return d;
  }

  Status ReadPaths(StoredDocument& document) {
    Statement paths(db_, "SELECT path FROM paths WHERE sha256 = ? ORDER BY path");
    if (!paths.prepared()) return Failure("cannot read paths");
    paths.Bind(1, document.sha256);
    while (paths.Step()) document.paths.push_back(paths.Text(0));
    if (paths.failed()) return Failure("cannot read paths");
    return Status::Ok();
  }

  sqlite3* db_;
  std::string path_;
};

}  // namespace

const char* DocumentStatusName(DocumentStatus status) { return status == DocumentStatus::kOk ? "ok" : "failed"; }

std::string UtcTimestamp() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

Result<std::vector<StoredDocument>> Store::ListFailed() {
  std::vector<StoredDocument> failed;
  DocumentQuery query;
  query.status = DocumentStatus::kFailed;
  query.with_findings = false;
  Status status = ForEachDocument(query, [&](const StoredDocument& d) {
    failed.push_back(d);
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return failed;
}

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path, const StoreOptions& options) {
  using R = Result<std::unique_ptr<Store>>;
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    if (!options.create) return R::Error(ErrorKind::kStore, path + ": no such store");
  } else if (!S_ISREG(info.st_mode)) {
    return R::Error(ErrorKind::kStore, path + ": not a regular file");
  }
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | (options.create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    std::string reason = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close_v2(db);
    return R::Error(ErrorKind::kStore, path + ": cannot open the store (" + reason + ")");
  }
  sqlite3_extended_result_codes(db, 1);
  auto store = std::make_unique<SqliteStore>(db, path);
  if (Status status = store->Initialize(options); !status.ok()) return status;
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace kensa
