// The shared store: a PostgreSQL database (Debian's libpq), for a review team whose ingesters on
// several machines fill one store. libpq-fe.h appears in this file only.
//
// The tables and their meaning are the SQLite store's (sqlite_store.cc): the same columns, the same
// schema version, one transaction per document. What a server adds:
// - Concurrency. Ingesters on other machines write at the same time. A document is claimed before it
//   is read (claims: INSERT … ON CONFLICT … WHERE the old lease has expired, one statement, so two
//   claimers cannot both win), and UNIQUE (sha256, rules_version) keeps it once even when two race to
//   store it: the loser's transaction fails on the key, is retried, and replaces the row (the same
//   document, read by the same rules). The schema is created and migrated under an advisory lock.
// - A lost connection (a server restart, a network cut). Every call is one transaction, safe to run
//   again whole: when the connection is gone the store reconnects with backoff (up to
//   StoreOptions::reconnect_seconds) and runs the call again; ForEachDocument only while it has not
//   yet shown its visitor a document.
// - Secrets. The password and TLS settings come from the URL, the PG* environment and ~/.pgpass, as
//   libpq reads them; messages name the database by its URL without the password (StoreName).
#include <libpq-fe.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "store/columns.h"
#include "store/store.h"

namespace kensa {
namespace {

constexpr int kSchemaVersion = 6;

// The SQLite schema in PostgreSQL's types (sqlite_store.cc says what each table holds).
constexpr const char* kSchema = R"sql(
CREATE TABLE schema_version (
  version INTEGER NOT NULL
);
CREATE TABLE contents (
  sha256 TEXT PRIMARY KEY,
  size BIGINT NOT NULL,
  first_seen TEXT NOT NULL
);
CREATE TABLE paths (
  sha256 TEXT NOT NULL REFERENCES contents(sha256),
  path TEXT NOT NULL,
  added_at TEXT NOT NULL,
  PRIMARY KEY (path, sha256)
);
CREATE INDEX paths_by_sha256 ON paths(sha256);
CREATE TABLE documents (
  id BIGSERIAL PRIMARY KEY,
  sha256 TEXT NOT NULL REFERENCES contents(sha256),
  rules_version TEXT NOT NULL,
  path TEXT NOT NULL,
  size BIGINT NOT NULL,
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
CREATE TABLE findings (
  document_id BIGINT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
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
);
CREATE INDEX findings_by_field ON findings(field);
CREATE TABLE service_corrections (
  sha256 TEXT PRIMARY KEY REFERENCES contents(sha256),
  service TEXT NOT NULL,
  service_key TEXT NOT NULL,
  corrected_at TEXT NOT NULL
);
CREATE TABLE claims (
  sha256 TEXT NOT NULL,
  rules_version TEXT NOT NULL,
  holder TEXT NOT NULL,
  expires_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (sha256, rules_version)
);
)sql";

// Every kensa store's tables: a database holding others is not one.
constexpr const char* kTables[] = {"schema_version", "contents", "paths", "documents", "findings", "service_corrections", "claims"};

using store_columns::JoinLines;
using store_columns::kDocumentColumns;
using store_columns::kFromDocuments;
using store_columns::PageListColumn;
using store_columns::ReadingColumns;
using store_columns::SplitLines;
using store_columns::UnreadableColumn;

// Any 64-bit number: the advisory lock that serializes creating and migrating the schema.
constexpr long long kSchemaLock = 0x6b656e7361L;  // "kensa"

Status StoreError(std::string message) { return Status::Error(ErrorKind::kStore, std::move(message)); }

// libpq's messages end with a newline and sometimes run over several lines: the first line says it.
std::string FirstLine(const char* message) {
  std::string text = message ? message : "";
  if (size_t end = text.find('\n'); end != std::string::npos) text.resize(end);
  return text.empty() ? "no reason given" : text;
}

// A query's result, cleared on destruction.
struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, ResultDeleter>;

// Text parameters of one statement ($1, $2 …), kept alive while it runs.
class Params {
 public:
  Params& Add(std::string_view text) {
    values_.emplace_back(text);
    return *this;
  }
  Params& Add(long long n) { return Add(std::to_string(n)); }
  std::vector<const char*> Pointers() const {
    std::vector<const char*> pointers;
    for (const std::string& v : values_) pointers.push_back(v.c_str());
    return pointers;
  }
  int size() const { return static_cast<int>(values_.size()); }

 private:
  std::vector<std::string> values_;
};

class PostgresStore final : public Store {
 public:
  PostgresStore(PGconn* conn, std::string name, int reconnect_seconds)
      : conn_(conn), name_(std::move(name)), reconnect_seconds_(reconnect_seconds) {}
  ~PostgresStore() override { PQfinish(conn_); }

  // The server's NOTICE lines ("relation … already exists, skipping") stay off stderr: libpq prints
  // them unless told otherwise, on every connection.
  void Quiet() { PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr); }

  Status Initialize(bool create) {
    return Retrying([&] {
      return InTransaction("BEGIN", [&]() -> Status { return CheckOrCreateSchema(create); });
    });
  }

  Result<std::vector<StoredDocument>> FindDocuments(std::string_view sha256) override {
    std::vector<StoredDocument> documents;
    Status status = Retrying([&] {
      documents.clear();
      return InTransaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", [&]() -> Status {
        auto rows = Query(std::string("SELECT ") + kDocumentColumns + kFromDocuments + " WHERE d.sha256 = $1 ORDER BY d.id",
                          Params().Add(sha256), "cannot read");
        if (!rows.ok()) return rows.status();
        for (int i = 0; i < PQntuples(rows->get()); ++i) documents.push_back(DocumentRow(rows->get(), i));
        for (StoredDocument& d : documents) {
          if (Status s = ReadPaths(d); !s.ok()) return s;
        }
        return Status::Ok();
      });
    });
    if (!status.ok()) return status;
    return documents;
  }

  Status SaveDocument(const StoredDocument& document) override {
    const std::string ingested_at = document.ingested_at.empty() ? UtcTimestamp() : document.ingested_at;
    return Retrying([&] { return InTransaction("BEGIN", [&] { return SaveInTransaction(document, ingested_at); }); });
  }

  Status AddPath(std::string_view sha256, std::string_view path) override {
    return Retrying([&]() -> Status {
      auto known = Query("SELECT 1 FROM contents WHERE sha256 = $1", Params().Add(sha256), "cannot read");
      if (!known.ok()) return known.status();
      if (PQntuples(known->get()) == 0) return StoreError(name_ + ": no stored document has sha256 " + std::string(sha256));
      return Run("INSERT INTO paths (sha256, path, added_at) VALUES ($1, $2, $3) ON CONFLICT (path, sha256) DO NOTHING",
                 Params().Add(sha256).Add(path).Add(UtcTimestamp()), "cannot write a path");
    });
  }

  Status SetService(std::string_view sha256, std::string_view service, std::string_view service_key) override {
    return Retrying([&] {
      return InTransaction("BEGIN", [&]() -> Status {
        auto known = Query("SELECT 1 FROM documents WHERE sha256 = $1 LIMIT 1", Params().Add(sha256), "cannot read");
        if (!known.ok()) return known.status();
        if (PQntuples(known->get()) == 0) return StoreError(name_ + ": no stored document has sha256 " + std::string(sha256));
        if (service.empty()) return Run("DELETE FROM service_corrections WHERE sha256 = $1", Params().Add(sha256), "cannot write the service");
        return Run("INSERT INTO service_corrections (sha256, service, service_key, corrected_at) VALUES ($1, $2, $3, $4) "
                   "ON CONFLICT (sha256) DO UPDATE SET service = EXCLUDED.service, service_key = EXCLUDED.service_key, "
                   "corrected_at = EXCLUDED.corrected_at",
                   Params().Add(sha256).Add(service).Add(service_key).Add(UtcTimestamp()), "cannot write the service");
      });
    });
  }

  Result<std::string> Claim(std::string_view sha256, std::string_view rules_version, std::string_view holder,
                            int lease_seconds) override {
    std::string held_by;
    Status status = Retrying([&] { return InTransaction("BEGIN", [&]() -> Status {
      // A claim lost when the server crashes costs at most a document read twice (and stored once):
      // not worth waiting for the disk, as a stored document is (LOCAL: this transaction only).
      if (Status s = Exec("SET LOCAL synchronous_commit TO OFF", "cannot write a claim"); !s.ok()) return s;
      // One statement: of two ingesters claiming at once, one inserts or takes over an expired lease,
      // the other finds the live claim and reads its holder.
      auto claimed = Query(
          "INSERT INTO claims (sha256, rules_version, holder, expires_at) "
          "VALUES ($1, $2, $3, now() + make_interval(secs => $4::int)) "
          "ON CONFLICT (sha256, rules_version) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at "
          "WHERE claims.expires_at < now() OR claims.holder = EXCLUDED.holder RETURNING holder",
          Params().Add(sha256).Add(rules_version).Add(holder).Add(static_cast<long long>(lease_seconds)), "cannot write a claim");
      if (!claimed.ok()) return claimed.status();
      held_by.clear();
      if (PQntuples(claimed->get()) == 1) return Status::Ok();
      auto holder_row = Query("SELECT holder FROM claims WHERE sha256 = $1 AND rules_version = $2",
                              Params().Add(sha256).Add(rules_version), "cannot read claims");
      if (!holder_row.ok()) return holder_row.status();
      held_by = PQntuples(holder_row->get()) ? PQgetvalue(holder_row->get(), 0, 0) : "another ingester";
      return Status::Ok();
    }); });
    if (!status.ok()) return status;
    return held_by;
  }

  Status ReleaseClaims(std::string_view holder, std::string_view sha256, std::string_view rules_version) override {
    return Retrying([&] { return InTransaction("BEGIN", [&]() -> Status {
      if (Status s = Exec("SET LOCAL synchronous_commit TO OFF", "cannot release claims"); !s.ok()) return s;
      if (sha256.empty()) return Run("DELETE FROM claims WHERE holder = $1", Params().Add(holder), "cannot release claims");
      return Run("DELETE FROM claims WHERE holder = $1 AND sha256 = $2 AND rules_version = $3",
                 Params().Add(holder).Add(sha256).Add(rules_version), "cannot release claims");
    }); });
  }

  Status ForEachDocument(const DocumentQuery& query,
                         const std::function<Status(const StoredDocument&)>& visit) override {
    std::string sql = std::string("SELECT ") + kDocumentColumns + kFromDocuments;
    std::string where;
    if (query.latest_only) where = "d.id = (SELECT MAX(id) FROM documents WHERE sha256 = d.sha256)";
    Params params;
    if (query.status) {
      params.Add(DocumentStatusName(*query.status));
      where += std::string(where.empty() ? "" : " AND ") + "d.status = $" + std::to_string(params.size());
    }
    if (!query.service_key.empty()) {
      params.Add(query.service_key);
      where += std::string(where.empty() ? "" : " AND ") + "COALESCE(c.service_key, d.service_key) = $" + std::to_string(params.size());
    }
    if (!where.empty()) sql += " WHERE " + where;
    // Paths in byte order, as SQLite sorts them, whatever the database's collation.
    sql += " ORDER BY (SELECT MIN(path COLLATE \"C\") FROM paths WHERE sha256 = d.sha256), d.id";
    bool visited = false;
    // A consistent snapshot while other ingesters keep writing; run again after a lost connection
    // only while the visitor has seen nothing (it must not see a document twice).
    return Retrying(
        [&] {
          return InTransaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", [&]() -> Status {
            auto rows = Query(sql, params, "cannot read");
            if (!rows.ok()) return rows.status();
            for (int i = 0; i < PQntuples(rows->get()); ++i) {
              StoredDocument document = DocumentRow(rows->get(), i);
              if (Status s = ReadPaths(document); !s.ok()) return s;
              if (query.with_findings) {
                if (Status s = ReadFindings(document); !s.ok()) return s;
              }
              visited = true;
              if (Status s = visit(document); !s.ok()) return s;
            }
            return Status::Ok();
          });
        },
        [&] { return !visited; });
  }

 private:
  // ---- running statements ----

  // Runs one statement with its parameters; without parameters, possibly several (the schema), by
  // the simple query protocol.
  Result<PgResult> Query(const std::string& sql, const Params& params, const std::string& what) {
    const std::vector<const char*> values = params.Pointers();
    PgResult result(params.size() == 0 ? PQexec(conn_, sql.c_str())
                                       : PQexecParams(conn_, sql.c_str(), params.size(), nullptr, values.data(), nullptr, nullptr, 0));
    const ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      const char* state = result ? PQresultErrorField(result.get(), PG_DIAG_SQLSTATE) : nullptr;
      last_sqlstate_ = state ? state : "";
      return StoreError(name_ + ": " + what + " (" + FirstLine(result ? PQresultErrorMessage(result.get()) : PQerrorMessage(conn_)) + ")");
    }
    return result;
  }

  Status Run(const std::string& sql, const Params& params, const std::string& what) {
    auto result = Query(sql, params, what);
    return result.ok() ? Status::Ok() : result.status();
  }

  Status Exec(const char* sql, const std::string& what) { return Run(sql, Params(), what); }

  // Runs body between begin and COMMIT; ROLLBACK when it fails.
  Status InTransaction(const char* begin, const std::function<Status()>& body) {
    if (Status s = Exec(begin, "cannot begin a transaction"); !s.ok()) return s;
    Status status = body();
    if (status.ok()) status = Exec("COMMIT", "cannot commit");
    if (!status.ok() && !ConnectionLost()) {
      const std::string state = last_sqlstate_;
      Exec("ROLLBACK", "cannot roll back");
      last_sqlstate_ = state;
    }
    return status;
  }

  // Runs call, again after a lost connection (once reconnected, with backoff) or a conflict with
  // another writer (a unique key two ingesters raced for, a serialization failure, a deadlock), while
  // may_repeat says it is safe.
  Status Retrying(const std::function<Status()>& call, const std::function<bool()>& may_repeat = [] { return true; }) {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(reconnect_seconds_);
    auto pause = std::chrono::milliseconds(250);
    for (int conflicts = 0;;) {
      last_sqlstate_.clear();
      Status status = call();
      if (status.ok() || !may_repeat()) return status;
      const bool conflict = last_sqlstate_ == "23505" || last_sqlstate_ == "40001" || last_sqlstate_ == "40P01";
      if (conflict && !ConnectionLost() && ++conflicts <= 5) continue;
      if (!ConnectionLost()) return status;
      // The connection is gone: reconnect, with backoff, until the server answers or time is up.
      for (;;) {
        if (std::chrono::steady_clock::now() >= give_up)
          return StoreError(name_ + ": connection lost and not regained in " + std::to_string(reconnect_seconds_) + " s (" +
                            FirstLine(PQerrorMessage(conn_)) + ")");
        std::this_thread::sleep_for(pause);
        pause = std::min(pause * 2, std::chrono::milliseconds(4000));
        PQreset(conn_);
        if (PQstatus(conn_) == CONNECTION_OK) break;
      }
    }
  }

  // True when the last failure was the connection's, not the statement's: the socket is closed, or
  // the server said it is going away (SQLSTATE class 08, connection exception; 57P01-57P03, an
  // administrator's or a crash's shutdown, which arrives as an error before the socket closes).
  bool ConnectionLost() const {
    return PQstatus(conn_) != CONNECTION_OK || last_sqlstate_.starts_with("08") || last_sqlstate_.starts_with("57P");
  }

  // ---- schema ----

  Status CheckOrCreateSchema(bool create) {
    if (Status s = Run("SELECT pg_advisory_xact_lock($1)", Params().Add(kSchemaLock), "cannot lock the schema"); !s.ok()) return s;
    auto tables = Query("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()", Params(),
                        "not a kensa store");
    if (!tables.ok()) return tables.status();
    bool has_version = false, has_other = false;
    for (int i = 0; i < PQntuples(tables->get()); ++i) {
      const std::string name = PQgetvalue(tables->get(), i, 0);
      if (name == "schema_version") has_version = true;
      else if (std::find(std::begin(kTables), std::end(kTables), name) == std::end(kTables)) has_other = true;
    }
    if (!has_version) {
      if (has_other) return StoreError(name_ + ": not a kensa store (it holds other tables)");
      if (!create) return StoreError(name_ + ": empty store (nothing has been ingested)");
      if (Status s = Exec(kSchema, "cannot create the schema"); !s.ok()) return s;
      return Run("INSERT INTO schema_version (version) VALUES ($1)", Params().Add(static_cast<long long>(kSchemaVersion)),
                 "cannot create the schema");
    }
    auto version = Query("SELECT MAX(version) FROM schema_version", Params(), "cannot read the schema version");
    if (!version.ok()) return version.status();
    const int found = std::atoi(PQgetvalue(version->get(), 0, 0));
    if (found > kSchemaVersion)
      return StoreError(name_ + ": written by a newer kensa (store schema " + std::to_string(found) + ", this kensa reads " +
                        std::to_string(kSchemaVersion) + ")");
    // Version 6 is the first on PostgreSQL: later versions add their migration steps here, in the
    // transaction that holds the lock, as sqlite_store.cc does.
    if (found < kSchemaVersion) return StoreError(name_ + ": not a kensa store (schema version " + std::to_string(found) + ")");
    return Status::Ok();
  }

  // ---- documents ----

  Status SaveInTransaction(const StoredDocument& d, const std::string& ingested_at) {
    const std::string now = UtcTimestamp();
    if (Status s = Run("INSERT INTO contents (sha256, size, first_seen) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING",
                       Params().Add(d.sha256).Add(d.size).Add(now), "cannot write the contents of " + d.path);
        !s.ok())
      return s;
    if (Status s = Run("INSERT INTO paths (sha256, path, added_at) VALUES ($1, $2, $3) ON CONFLICT (path, sha256) DO NOTHING",
                       Params().Add(d.sha256).Add(d.path).Add(now), "cannot write the path of " + d.path);
        !s.ok())
      return s;
    // Replacing gives the new document a new id, so "latest" is the largest id (as in SQLite).
    if (Status s = Run("DELETE FROM documents WHERE sha256 = $1 AND rules_version = $2", Params().Add(d.sha256).Add(d.rules_version),
                       "cannot replace the document " + d.path);
        !s.ok())
      return s;
    const bool corrected = d.service_from == "reviewer";  // a correction lives in service_corrections
    auto inserted = Query(
        "INSERT INTO documents (sha256, rules_version, path, size, pages, status, error, warnings, ingested_at, reading, "
        "ocr_pages, unreadable_pages, service, service_key, service_from, stated_service, stated_vendor, stated_page, "
        "stated_quote, stated_how, document_date) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21) RETURNING id",
        Params()
            .Add(d.sha256).Add(d.rules_version).Add(d.path).Add(d.size).Add(static_cast<long long>(d.pages))
            .Add(DocumentStatusName(d.status)).Add(d.error).Add(JoinLines(d.warnings)).Add(ingested_at)
            .Add(d.reading.status).Add(PageListColumn(d.reading.ocr_pages)).Add(UnreadableColumn(d.reading.unreadable_pages))
            .Add(corrected ? "" : d.service).Add(corrected ? "" : d.service_key).Add(corrected ? "" : d.service_from)
            .Add(d.stated.service).Add(d.stated.vendor).Add(static_cast<long long>(d.stated.page)).Add(d.stated.quote)
            .Add(d.stated.how).Add(d.document_date),
        "cannot write the document " + d.path);
    if (!inserted.ok()) return inserted.status();
    const std::string id = PQgetvalue(inserted->get(), 0, 0);
    if (Status s = Run("DELETE FROM claims WHERE sha256 = $1 AND rules_version = $2", Params().Add(d.sha256).Add(d.rules_version),
                       "cannot end the claim of " + d.path);
        !s.ok())
      return s;
    // Many findings a statement: one round trip to the server per 1000, not one per finding (and under
    // the protocol's 65535 parameters).
    for (size_t first = 0; first < d.findings.size(); first += 1000) {
      if (Status s = SaveFindings(d, id, first, std::min(d.findings.size(), first + 1000)); !s.ok()) return s;
    }
    return Status::Ok();
  }

  Status SaveFindings(const StoredDocument& d, const std::string& id, size_t first, size_t end) {
    std::string sql =
        "INSERT INTO findings (document_id, ordinal, field, value_json, value_text, condition, page, quote, rule, approx, "
        "sheet, cell, table_number, paragraph, ocr, ocr_confidence) VALUES ";
    Params params;
    params.Add(id);
    int n = 2;
    for (size_t i = first; i < end; ++i) {
      const StoredFinding& f = d.findings[i];
      sql += i > first ? ", (" : "(";
      sql += "$1::bigint";
      for (int k = 0; k < 15; ++k) sql += ", $" + std::to_string(n++);
      sql += ")";
      params.Add(static_cast<long long>(i)).Add(f.field).Add(f.value_json).Add(f.value_text).Add(f.condition)
          .Add(static_cast<long long>(f.page)).Add(f.quote).Add(f.rule).Add(static_cast<long long>(f.approx ? 1 : 0))
          .Add(f.sheet).Add(f.cell).Add(static_cast<long long>(f.table)).Add(static_cast<long long>(f.paragraph))
          .Add(static_cast<long long>(f.ocr ? 1 : 0))
          .Add(static_cast<long long>(f.ocr ? static_cast<long long>(f.ocr_confidence + 0.5f) : -1));
    }
    // Integer columns take the text parameters by PostgreSQL's own casts.
    return Run(sql, params, "cannot write the findings of " + d.path);
  }

  static StoredDocument DocumentRow(PGresult* rows, int i) {
    auto text = [&](int column) { return std::string(PQgetvalue(rows, i, column), PQgetlength(rows, i, column)); };
    auto number = [&](int column) { return std::atoll(PQgetvalue(rows, i, column)); };
    StoredDocument d;
    d.id = number(0);
    d.sha256 = text(1);
    d.rules_version = text(2);
    d.path = text(3);
    d.size = number(4);
    d.pages = static_cast<int>(number(5));
    d.status = text(6) == "ok" ? DocumentStatus::kOk : DocumentStatus::kFailed;
    d.error = text(7);
    d.warnings = SplitLines(text(8));
    d.ingested_at = text(9);
    d.reading = ReadingColumns(text(10), text(11), text(12));
    d.service = text(13);
    d.service_key = text(14);
    d.service_from = text(15);
    d.stated = ServiceStatement{text(16), text(17), static_cast<int>(number(18)), text(19), text(20)};
    d.document_date = text(21);
    return d;
  }

  Status ReadPaths(StoredDocument& document) {
    auto rows = Query("SELECT path FROM paths WHERE sha256 = $1 ORDER BY path COLLATE \"C\"", Params().Add(document.sha256), "cannot read paths");
    if (!rows.ok()) return rows.status();
    for (int i = 0; i < PQntuples(rows->get()); ++i) document.paths.emplace_back(PQgetvalue(rows->get(), i, 0));
    return Status::Ok();
  }

  Status ReadFindings(StoredDocument& document) {
    auto rows = Query(
        "SELECT field, value_json, value_text, condition, page, quote, rule, approx, sheet, cell, table_number, paragraph, "
        "ocr, ocr_confidence FROM findings WHERE document_id = $1 ORDER BY ordinal",
        Params().Add(document.id), "cannot read findings");
    if (!rows.ok()) return rows.status();
    PGresult* r = rows->get();
    for (int i = 0; i < PQntuples(r); ++i) {
      auto text = [&](int column) { return std::string(PQgetvalue(r, i, column), PQgetlength(r, i, column)); };
      auto number = [&](int column) { return std::atoi(PQgetvalue(r, i, column)); };
      StoredFinding f;
      f.field = text(0);
      f.value_json = text(1);
      f.value_text = text(2);
      f.condition = text(3);
      f.page = number(4);
      f.quote = text(5);
      f.rule = text(6);
      f.approx = number(7) != 0;
      f.sheet = text(8);
      f.cell = text(9);
      f.table = number(10);
      f.paragraph = number(11);
      f.ocr = number(12) != 0;
      f.ocr_confidence = static_cast<float>(number(13));
      document.findings.push_back(std::move(f));
    }
    return Status::Ok();
  }

  PGconn* conn_;
  std::string name_;  // the URL without its password, for messages
  int reconnect_seconds_;
  std::string last_sqlstate_;  // of the last failed statement: tells a conflict from other errors
};

}  // namespace

Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& url, const StoreOptions& options) {
  using R = Result<std::unique_ptr<Store>>;
  const std::string name = StoreName(url);
  // The URL, then what every connection (and every reconnection) needs: the store's texts are UTF-8
  // whatever the locale says.
  const char* keywords[] = {"dbname", "client_encoding", nullptr};
  const char* values[] = {url.c_str(), "UTF8", nullptr};
  PGconn* conn = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
  if (!conn) return R::Error(ErrorKind::kStore, name + ": cannot connect (out of memory)");
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string reason = FirstLine(PQerrorMessage(conn));
    PQfinish(conn);
    return R::Error(ErrorKind::kStore, name + ": cannot connect (" + reason + ")");
  }
  auto store = std::make_unique<PostgresStore>(conn, name, options.reconnect_seconds);
  store->Quiet();
  if (Status status = store->Initialize(options.create); !status.ok()) return status;
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace kensa
