// Tests for pipeline/store (store.h): the SQLite store on a real file in a temporary directory:
// the schema and its pragmas, saving a document with its findings in one transaction, idempotence,
// one document under two paths, a re-extraction with new rules kept beside the old one, failed
// documents and their retry, and refusing files that are not kensa stores.

#include <doctest/doctest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>
#include <string>
#include <vector>

#include "store/store.h"

namespace kensa {
namespace {

namespace fs = std::filesystem;

// A fresh directory per test under the build directory (CTest may run test cases in parallel).
fs::path TempDir(const std::string& name) {
  const fs::path dir = fs::path(KENSA_BINARY_DIR) / "store_test_files" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::unique_ptr<Store> Open(const std::string& where, bool create = true) {
  auto store = OpenStore(where, {.create = create});
  REQUIRE_MESSAGE(store.ok(), store.status().message());
  return std::move(*store);
}

// The suite's cases ("store suite: …") run on the store KENSA_TEST_STORE names: SQLite (a file of
// their own) by default, or "postgres": a schema of their own in the database KENSA_TEST_PG names
// (tests/with_postgres.sh starts one; CTest's store-postgres runs them so).
bool OnPostgres() {
  const char* backend = std::getenv("KENSA_TEST_STORE");
  return backend && std::string(backend) == "postgres";
}

// Runs psql on the test database; returns its unaligned, tuples-only output.
std::string Psql(const std::string& sql) {
  const char* url = std::getenv("KENSA_TEST_PG");
  REQUIRE_MESSAGE(url, "KENSA_TEST_STORE=postgres needs KENSA_TEST_PG (tests/with_postgres.sh)");
  const std::string script = (fs::temp_directory_path() / ("kensa-psql-" + std::to_string(::getpid()) + ".sql")).string();
  std::ofstream(script) << sql << "\n";
  const std::string command = "psql '" + std::string(url) + "' -X -q -A -t -v ON_ERROR_STOP=1 -f '" + script + "' 2>&1";
  std::string out;
  if (FILE* pipe = ::popen(command.c_str(), "r")) {
    char buffer[4096];
    while (size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
    CHECK_MESSAGE(::pclose(pipe) == 0, out);
  }
  fs::remove(script);
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

std::string SchemaOf(const std::string& name) { return "t_" + std::regex_replace(name, std::regex("[^a-z0-9]"), "_"); }

// A fresh, empty store for the test named name, where the suite runs.
std::string TestStore(const std::string& name) {
  if (!OnPostgres()) return (TempDir(name) / "kensa.db").string();
  const std::string schema = SchemaOf(name);
  Psql("DROP SCHEMA IF EXISTS " + schema + " CASCADE; CREATE SCHEMA " + schema + ";");
  return std::string(std::getenv("KENSA_TEST_PG")) + "&options=-csearch_path%3D" + schema;
}

StoredFinding Finding(const std::string& field, const std::string& json, const std::string& text) {
  return {.field = field, .value_json = json, .value_text = text, .condition = "", .page = 2,
          .quote = "引用 " + field, .rule = field + ".rule", .approx = false, .sheet = "", .cell = "", .table = 0,
          .paragraph = 0};
}

StoredDocument Document(const std::string& sha, const std::string& rules, const std::string& path) {
  StoredDocument d;
  d.sha256 = sha;
  d.rules_version = rules;
  d.path = path;
  d.size = 1000;
  d.pages = 3;
  d.findings = {Finding("rto", R"({"amount":1,"unit":"hour"})", "1時間"), Finding("availability", "99.9", "99.9%")};
  d.findings[0].condition = "単一障害";
  d.warnings = {"no text on page 3"};
  return d;
}

std::vector<StoredDocument> All(Store& store, DocumentQuery query = {}) {
  std::vector<StoredDocument> out;
  Status s = store.ForEachDocument(query, [&](const StoredDocument& d) {
    out.push_back(d);
    return Status::Ok();
  });
  REQUIRE_MESSAGE(s.ok(), s.message());
  return out;
}

// Runs one query on the store as another program would see it: the sqlite3 C API on a file, psql on
// a PostgreSQL store (in the store's schema). Rows on lines, columns joined by '|'.
std::string Query(const std::string& where, const std::string& sql) {
  if (IsPostgresUrl(where)) {
    const std::string schema = where.substr(where.find("search_path%3D") + 14);
    return Psql("SET search_path TO " + schema + "; " + sql + ";");
  }
  const fs::path db_path = where;
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  std::string out;
  char* error = nullptr;
  sqlite3_exec(
      db, sql.c_str(),
      [](void* sink, int n, char** values, char**) {
        auto& text = *static_cast<std::string*>(sink);
        for (int i = 0; i < n; ++i) text += std::string(i ? "|" : (text.empty() ? "" : "\n")) + (values[i] ? values[i] : "NULL");
        return 0;
      },
      &out, &error);
  INFO(sql);
  CHECK(error == nullptr);
  sqlite3_free(error);
  sqlite3_close(db);
  return out;
}

// Runs SQL on the file through a connection of its own (to plant triggers, as a test's saboteur).
void Exec(const fs::path& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(db_path.c_str(), &db) == SQLITE_OK);
  char* error = nullptr;
  sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  INFO(sql);
  CHECK(error == nullptr);
  sqlite3_free(error);
  sqlite3_close(db);
}

const std::string kShaA(64, 'a');
const std::string kShaB(64, 'b');

TEST_CASE("store: a new file gets the schema, WAL and a schema version") {
  const fs::path db = TempDir("schema") / "kensa.db";
  Open(db);
  CHECK(fs::exists(db));
  CHECK(Query(db, "PRAGMA journal_mode") == "wal");
  CHECK(Query(db, "SELECT version FROM schema_version") == "6");
  CHECK(Query(db, "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master WHERE type='table' ORDER BY name)") ==
        "claims,contents,documents,findings,paths,schema_version,service_corrections");
  SUBCASE("opening again keeps it") {
    Open(db)->SaveDocument(Document(kShaA, "r1", "/in/a.pdf"));
    Open(db);
    CHECK(Query(db, "SELECT count(*) FROM documents") == "1");
    CHECK(Query(db, "SELECT count(*) FROM schema_version") == "1");
  }
}

TEST_CASE("store suite: a document is saved with its findings and read back as saved") {
  const std::string db = TestStore("roundtrip");
  auto store = Open(db);
  const StoredDocument saved = Document(kShaA, "r1", "/in/a.pdf");
  REQUIRE(store->SaveDocument(saved).ok());
  const auto docs = All(*store);
  REQUIRE(docs.size() == 1);
  const StoredDocument& d = docs[0];
  CHECK(d.id > 0);
  CHECK(d.sha256 == kShaA);
  CHECK(d.rules_version == "r1");
  CHECK(d.path == "/in/a.pdf");
  CHECK(d.paths == std::vector<std::string>{"/in/a.pdf"});
  CHECK(d.size == 1000);
  CHECK(d.pages == 3);
  CHECK(d.status == DocumentStatus::kOk);
  CHECK(d.warnings == saved.warnings);
  CHECK(d.ingested_at.size() == 20);  // 2026-11-22T10:04:05Z
  CHECK(d.findings == saved.findings);
  CHECK(Query(db, "SELECT field, value_json, value_text, condition, page, rule FROM findings ORDER BY ordinal") ==
        "rto|{\"amount\":1,\"unit\":\"hour\"}|1時間|単一障害|2|rto.rule\navailability|99.9|99.9%||2|availability.rule");
  SUBCASE("without findings when asked") {
    DocumentQuery query;
    query.with_findings = false;
    CHECK(All(*store, query)[0].findings.empty());
  }
}

TEST_CASE("store suite: saving the same document again replaces it, never doubles it") {
  const std::string db = TestStore("idempotent");
  auto store = Open(db);
  for (int i = 0; i < 3; ++i) REQUIRE(store->SaveDocument(Document(kShaA, "r1", "/in/a.pdf")).ok());
  CHECK(Query(db, "SELECT count(*) FROM documents") == "1");
  CHECK(Query(db, "SELECT count(*) FROM findings") == "2");
  CHECK(Query(db, "SELECT count(*) FROM paths") == "1");
  const auto found = store->FindDocuments(kShaA);
  REQUIRE(found.ok());
  CHECK(found->size() == 1);
  CHECK(store->FindDocuments(kShaB)->empty());
}

TEST_CASE("store suite: the same bytes under two names are one document with two paths") {
  const std::string db = TestStore("two-paths");
  auto store = Open(db);
  REQUIRE(store->SaveDocument(Document(kShaA, "r1", "/in/a.pdf")).ok());
  REQUIRE(store->AddPath(kShaA, "/in/copy of a.pdf").ok());
  REQUIRE(store->AddPath(kShaA, "/in/copy of a.pdf").ok());  // idempotent
  const auto docs = All(*store);
  REQUIRE(docs.size() == 1);
  CHECK(docs[0].paths == std::vector<std::string>{"/in/a.pdf", "/in/copy of a.pdf"});
  CHECK(Query(db, "SELECT count(*) FROM documents") == "1");
  SUBCASE("a path for unknown bytes is refused") {
    const Status s = store->AddPath(kShaB, "/in/b.pdf");
    CHECK_FALSE(s.ok());
    CHECK(s.kind() == ErrorKind::kStore);
    CHECK(Query(db, "SELECT count(*) FROM paths") == "2");
  }
}

TEST_CASE("store suite: a re-extraction with new rules is kept beside the old one, each with its version") {
  const std::string db = TestStore("reextract");
  auto store = Open(db);
  REQUIRE(store->SaveDocument(Document(kShaA, "r1", "/in/a.pdf")).ok());
  StoredDocument newer = Document(kShaA, "r2", "/in/a.pdf");
  newer.findings.push_back(Finding("mfa", "true", "有"));
  REQUIRE(store->SaveDocument(newer).ok());

  const auto versions = store->FindDocuments(kShaA);
  REQUIRE(versions.ok());
  REQUIRE(versions->size() == 2);
  CHECK((*versions)[0].rules_version == "r1");
  CHECK((*versions)[1].rules_version == "r2");
  CHECK(Query(db, "SELECT d.rules_version, count(*) FROM findings f JOIN documents d ON d.id = f.document_id "
                  "GROUP BY d.rules_version ORDER BY d.rules_version") == "r1|2\nr2|3");
  SUBCASE("latest_only gives the newest") {
    const auto latest = All(*store);
    REQUIRE(latest.size() == 1);
    CHECK(latest[0].rules_version == "r2");
    CHECK(latest[0].findings.size() == 3);
  }
  SUBCASE("every version when asked") {
    DocumentQuery query;
    query.latest_only = false;
    CHECK(All(*store, query).size() == 2);
  }
}

TEST_CASE("store suite: failed documents are listed, and a retry replaces them") {
  const std::string db = TestStore("failed");
  auto store = Open(db);
  StoredDocument broken = Document(kShaB, "r1", "/in/broken.pdf");
  broken.status = DocumentStatus::kFailed;
  broken.error = "damaged PDF";
  broken.findings.clear();
  broken.pages = 0;
  REQUIRE(store->SaveDocument(broken).ok());
  REQUIRE(store->SaveDocument(Document(kShaA, "r1", "/in/a.pdf")).ok());

  auto failed = store->ListFailed();
  REQUIRE(failed.ok());
  REQUIRE(failed->size() == 1);
  CHECK((*failed)[0].path == "/in/broken.pdf");
  CHECK((*failed)[0].error == "damaged PDF");
  CHECK(Query(db, "SELECT status, error FROM documents ORDER BY path") == "ok|\nfailed|damaged PDF");

  REQUIRE(store->SaveDocument(Document(kShaB, "r1", "/in/broken.pdf")).ok());  // the retry succeeded
  CHECK(store->ListFailed()->empty());
  CHECK(Query(db, "SELECT count(*) FROM documents") == "2");
  CHECK(Query(db, "SELECT count(*) FROM documents WHERE status = 'failed'") == "0");
}

// Takes a store back to schema 4 (before services and claims): the first step of each older schema's test.
const std::string kDropSchema5 =
    "DROP TABLE claims; DROP INDEX documents_by_service; DROP TABLE service_corrections; ALTER TABLE documents DROP COLUMN service; "
    "ALTER TABLE documents DROP COLUMN service_key; ALTER TABLE documents DROP COLUMN service_from; "
    "ALTER TABLE documents DROP COLUMN stated_service; ALTER TABLE documents DROP COLUMN stated_vendor; "
    "ALTER TABLE documents DROP COLUMN stated_page; ALTER TABLE documents DROP COLUMN stated_quote; "
    "ALTER TABLE documents DROP COLUMN stated_how; ALTER TABLE documents DROP COLUMN document_date; ";

TEST_CASE("store: what is not a kensa store is refused with kStore") {
  const fs::path dir = TempDir("refused");
  SUBCASE("a missing file, when not creating") {
    auto s = OpenStore((dir / "missing.db").string(), {.create = false});
    CHECK(s.status().kind() == ErrorKind::kStore);
    CHECK_FALSE(fs::exists(dir / "missing.db"));
  }
  SUBCASE("a text file") {
    std::ofstream(dir / "text.db") << "this is not a database, but it is long enough to have a header page\n";
    auto s = OpenStore((dir / "text.db").string());
    CHECK(s.status().kind() == ErrorKind::kStore);
  }
  SUBCASE("a directory") {
    fs::create_directories(dir / "dir.db");
    CHECK(OpenStore((dir / "dir.db").string()).status().kind() == ErrorKind::kStore);
  }
  SUBCASE("another program's SQLite database") {
    sqlite3* db = nullptr;
    sqlite3_open((dir / "other.db").c_str(), &db);
    sqlite3_exec(db, "CREATE TABLE t (x)", nullptr, nullptr, nullptr);
    sqlite3_close(db);
    auto s = OpenStore((dir / "other.db").string());
    CHECK(s.status().kind() == ErrorKind::kStore);
    CHECK(s.status().message().find("not a kensa store") != std::string::npos);
  }
  SUBCASE("a store of schema 1 is migrated to 6 and keeps what it held") {
    Open(dir / "old.db")->SaveDocument(Document(kShaA, "r1", "/in/a.pdf"));
    // Back to version 1 as an older kensa wrote it: no findings.approx, no sheet or cell, no OCR.
    Exec(dir / "old.db", kDropSchema5 + "ALTER TABLE documents DROP COLUMN reading; ALTER TABLE documents DROP COLUMN ocr_pages; "
                         "ALTER TABLE documents DROP COLUMN unreadable_pages; ALTER TABLE findings DROP COLUMN ocr; "
                         "ALTER TABLE findings DROP COLUMN ocr_confidence; "
                         "ALTER TABLE findings DROP COLUMN approx; ALTER TABLE findings DROP COLUMN sheet; "
                         "ALTER TABLE findings DROP COLUMN cell; ALTER TABLE findings DROP COLUMN table_number; "
                         "ALTER TABLE findings DROP COLUMN paragraph; DELETE FROM schema_version; "
                         "INSERT INTO schema_version (version) VALUES (1)");
    auto reopened = OpenStore((dir / "old.db").string());
    REQUIRE_MESSAGE(reopened.ok(), reopened.status().message());
    CHECK(Query(dir / "old.db", "SELECT MAX(version) FROM schema_version") == "6");
    CHECK(Query(dir / "old.db", "SELECT group_concat(version, ',') FROM schema_version") == "1,2,3,4,5,6");
    const auto docs = All(**reopened);
    REQUIRE(docs.size() == 1);
    CHECK_FALSE(docs[0].findings.empty());
    CHECK_FALSE(docs[0].findings[0].approx);
    CHECK(docs[0].findings[0].cell.empty());
  }
  SUBCASE("a store of schema 2 is migrated to 6; a finding's sheet and cell are kept") {
    Open(dir / "two.db")->SaveDocument(Document(kShaA, "r1", "/in/a.pdf"));
    Exec(dir / "two.db", kDropSchema5 + "ALTER TABLE documents DROP COLUMN reading; ALTER TABLE documents DROP COLUMN ocr_pages; "
                         "ALTER TABLE documents DROP COLUMN unreadable_pages; ALTER TABLE findings DROP COLUMN ocr; "
                         "ALTER TABLE findings DROP COLUMN ocr_confidence; "
                         "ALTER TABLE findings DROP COLUMN sheet; ALTER TABLE findings DROP COLUMN cell; "
                         "ALTER TABLE findings DROP COLUMN table_number; ALTER TABLE findings DROP COLUMN paragraph; "
                         "DELETE FROM schema_version; INSERT INTO schema_version (version) VALUES (2)");
    auto reopened = OpenStore((dir / "two.db").string());
    REQUIRE_MESSAGE(reopened.ok(), reopened.status().message());
    CHECK(Query(dir / "two.db", "SELECT MAX(version) FROM schema_version") == "6");
    StoredDocument sheet = Document(kShaB, "r1", "/in/b.xlsx");
    sheet.findings[0].sheet = "チェックシート";
    sheet.findings[0].cell = "E12";
    REQUIRE((*reopened)->SaveDocument(sheet).ok());
    const auto docs = All(**reopened);
    REQUIRE(docs.size() == 2);
    const StoredDocument& b = docs[0].sha256 == kShaB ? docs[0] : docs[1];
    CHECK(b.findings[0].sheet == "チェックシート");
    CHECK(b.findings[0].cell == "E12");
  }
  SUBCASE("a store of schema 3 is migrated to 6: its documents were read from their text layers") {
    Open(dir / "three.db")->SaveDocument(Document(kShaA, "r1", "/in/a.pdf"));
    Exec(dir / "three.db", kDropSchema5 + "ALTER TABLE documents DROP COLUMN reading; ALTER TABLE documents DROP COLUMN ocr_pages; "
                         "ALTER TABLE documents DROP COLUMN unreadable_pages; ALTER TABLE findings DROP COLUMN ocr; "
                         "ALTER TABLE findings DROP COLUMN ocr_confidence; "
                           "DELETE FROM schema_version; INSERT INTO schema_version (version) VALUES (3)");
    auto reopened = OpenStore((dir / "three.db").string());
    REQUIRE_MESSAGE(reopened.ok(), reopened.status().message());
    CHECK(Query(dir / "three.db", "SELECT MAX(version) FROM schema_version") == "6");
    StoredDocument scan = Document(kShaB, "r1", "/in/scan.pdf");
    scan.reading.status = "partly_unreadable";
    scan.reading.ocr_pages = {1, 3};
    scan.reading.unreadable_pages = {{2, "no_text_layer"}, {4, "ocr_low_confidence"}};
    scan.findings[0].ocr = true;
    scan.findings[0].ocr_confidence = 87;
    REQUIRE((*reopened)->SaveDocument(scan).ok());
    const auto docs = All(**reopened);
    REQUIRE(docs.size() == 2);
    const StoredDocument& a = docs[0].sha256 == kShaA ? docs[0] : docs[1];
    const StoredDocument& b = docs[0].sha256 == kShaB ? docs[0] : docs[1];
    CHECK(a.reading == Reading{});
    CHECK_FALSE(a.findings[0].ocr);
    CHECK(b.reading == scan.reading);
    CHECK(b.findings[0].ocr);
    CHECK(b.findings[0].ocr_confidence == 87);
    CHECK(Query(dir / "three.db", "SELECT unreadable_pages FROM documents WHERE sha256 = '" + kShaB + "'") ==
          "2:no_text_layer,4:ocr_low_confidence");
  }
  SUBCASE("a store of schema 4 is migrated to 6: its documents name no service yet, no claim is held") {
    Open(dir / "four.db")->SaveDocument(Document(kShaA, "r1", "/in/a.pdf"));
    Exec(dir / "four.db", kDropSchema5 + "DELETE FROM schema_version; INSERT INTO schema_version (version) VALUES (4)");
    auto reopened = OpenStore((dir / "four.db").string());
    REQUIRE_MESSAGE(reopened.ok(), reopened.status().message());
    CHECK(Query(dir / "four.db", "SELECT MAX(version) FROM schema_version") == "6");
    const auto docs = All(**reopened);
    REQUIRE(docs.size() == 1);
    CHECK(docs[0].service.empty());
    CHECK(docs[0].service_from.empty());
    CHECK(docs[0].document_date.empty());
    CHECK((*reopened)->SetService(kShaA, "ヤマビコ勤怠", "ヤマビコ勤怠").ok());
    CHECK(All(**reopened)[0].service_from == "reviewer");
  }
  SUBCASE("a store from a newer kensa") {
    Open(dir / "newer.db");
    sqlite3* db = nullptr;
    sqlite3_open((dir / "newer.db").c_str(), &db);
    sqlite3_exec(db, "UPDATE schema_version SET version = 99", nullptr, nullptr, nullptr);
    sqlite3_close(db);
    auto s = OpenStore((dir / "newer.db").string());
    CHECK(s.status().kind() == ErrorKind::kStore);
    CHECK(s.status().message().find("newer kensa") != std::string::npos);
  }
}

TEST_CASE("store: a write that fails halfway leaves nothing of the document") {
  const fs::path db = TempDir("rollback") / "kensa.db";
  auto store = Open(db);
  REQUIRE(store->SaveDocument(Document(kShaA, "r1", "/in/a.pdf")).ok());
  // The second finding of the next document cannot be written.
  Exec(db, "CREATE TRIGGER fail_second AFTER INSERT ON findings WHEN NEW.ordinal = 1 "
           "BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
  const Status status = store->SaveDocument(Document(kShaB, "r1", "/in/b.pdf"));
  CHECK_FALSE(status.ok());
  CHECK(status.kind() == ErrorKind::kStore);
  CHECK(status.message().find("injected failure") != std::string::npos);
  CHECK(Query(db, "SELECT count(*) FROM documents") == "1");
  CHECK(Query(db, "SELECT count(*) FROM findings") == "2");
  CHECK(Query(db, "SELECT count(*) FROM paths") == "1");
  CHECK(Query(db, "SELECT count(*) FROM contents") == "1");
  SUBCASE("and a replacement that fails keeps the old document") {
    CHECK_FALSE(store->SaveDocument(Document(kShaA, "r1", "/in/a.pdf")).ok());
    CHECK(All(*store).at(0).findings.size() == 2);
  }
  SUBCASE("the store stays usable") {
    Exec(db, "DROP TRIGGER fail_second");
    CHECK(store->SaveDocument(Document(kShaB, "r1", "/in/b.pdf")).ok());
    CHECK(Query(db, "SELECT count(*) FROM documents") == "2");
  }
}

TEST_CASE("store: a writer killed with SIGKILL inside its transaction leaves no half-written document") {
  const fs::path db = TempDir("sigkill") / "kensa.db";
  Open(db)->SaveDocument(Document(kShaA, "r1", "/in/a.pdf"));
  // Seconds of work inside the transaction, after the document row and before its findings.
  Exec(db, "CREATE TRIGGER slow AFTER INSERT ON documents BEGIN SELECT count(*) FROM (WITH RECURSIVE c(x) AS "
           "(SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 50000000) SELECT x FROM c); END");
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    auto store = OpenStore(db.string());
    if (store.ok()) (*store)->SaveDocument(Document(kShaB, "r1", "/in/b.pdf"));
    _exit(0);
  }
  // Wait until the child holds the write lock (it is inside SaveDocument's transaction), then kill it.
  bool inside = false;
  for (int i = 0; i < 500 && !inside; ++i) {
    sqlite3* probe = nullptr;
    sqlite3_open(db.c_str(), &probe);
    inside = sqlite3_exec(probe, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_BUSY;
    sqlite3_exec(probe, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(probe);
    if (!inside) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  CHECK(inside);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  REQUIRE(WIFSIGNALED(status));  // killed in the trigger, not finished

  Exec(db, "DROP TRIGGER slow");
  auto store = Open(db);
  CHECK(Query(db, "PRAGMA integrity_check") == "ok");
  CHECK(Query(db, "SELECT count(*) FROM documents") == "1");
  CHECK(Query(db, "SELECT count(*) FROM findings") == "2");
  CHECK(Query(db, "SELECT count(*) FROM paths WHERE path = '/in/b.pdf'") == "0");
  CHECK(store->FindDocuments(kShaB)->empty());
  REQUIRE(store->SaveDocument(Document(kShaB, "r1", "/in/b.pdf")).ok());  // and it is stored again, once
  CHECK(Query(db, "SELECT count(*) FROM documents") == "2");
}

TEST_CASE("store suite: two connections to one store see each other's commits") {
  const std::string db = TestStore("two-connections");
  auto writer = Open(db);
  auto reader = Open(db, /*create=*/false);
  REQUIRE(writer->SaveDocument(Document(kShaA, "r1", "/in/a.pdf")).ok());
  CHECK(All(*reader).size() == 1);
  REQUIRE(reader->SaveDocument(Document(kShaB, "r1", "/in/b.pdf")).ok());
  CHECK(All(*writer).size() == 2);
}

TEST_CASE("store suite: a document's service is kept, a reviewer's correction stands above it and outlives re-extraction") {
  auto store = Open(TestStore("service"));
  StoredDocument a = Document(kShaA, "r1", "/in/a.pdf");
  a.service = "ヤマビコ勤怠";
  a.service_key = "ヤマビコ勤怠";
  a.service_from = "document";
  a.stated = ServiceStatement{"ヤマビコ勤怠", "株式会社ヤマビコソフト", 1, "クラウド勤怠管理サービス「ヤマビコ勤怠」", "quoted"};
  a.document_date = "2025-04-01";
  REQUIRE(store->SaveDocument(a).ok());
  StoredDocument read = All(*store)[0];
  CHECK(read.service == "ヤマビコ勤怠");
  CHECK(read.service_from == "document");
  CHECK(read.stated == a.stated);
  CHECK(read.document_date == "2025-04-01");

  REQUIRE(store->SetService(kShaA, "ヤマビコ勤怠 Pro", "ヤマビコ勤怠pro").ok());
  read = All(*store)[0];
  CHECK(read.service == "ヤマビコ勤怠 Pro");
  CHECK(read.service_key == "ヤマビコ勤怠pro");
  CHECK(read.service_from == "reviewer");
  CHECK(read.stated.service == "ヤマビコ勤怠");  // what the document states is kept beside it

  StoredDocument again = a;  // read again by other rules: the correction still stands
  again.rules_version = "r2";
  REQUIRE(store->SaveDocument(again).ok());
  CHECK(All(*store)[0].service == "ヤマビコ勤怠 Pro");
  CHECK((*store->FindDocuments(kShaA))[0].service_from == "reviewer");

  REQUIRE(store->SetService(kShaA, "", "").ok());  // reset: what ingest found stands again
  read = All(*store)[0];
  CHECK(read.service == "ヤマビコ勤怠");
  CHECK(read.service_from == "document");
  CHECK(store->SetService(kShaB, "x", "x").kind() == ErrorKind::kStore);  // no such bytes
}

TEST_CASE("store suite: the versions of a service come by the date they state, then by ingestion") {
  auto store = Open(TestStore("versions"));
  auto version = [&](const std::string& sha, const std::string& path, const std::string& key, const std::string& date,
                     const std::string& ingested) {
    StoredDocument d = Document(sha, "r1", path);
    d.service = key;
    d.service_key = key;
    d.service_from = "document";
    d.document_date = date;
    d.ingested_at = ingested;
    REQUIRE(store->SaveDocument(d).ok());
  };
  // Ingested newest first; one undated (dated by its ingestion day); another service between them.
  version(std::string(64, '1'), "/in/2026.pdf", "s", "2026-01-10", "2026-12-01T09:00:00Z");
  version(std::string(64, '2'), "/in/2024.pdf", "s", "2024-03-01", "2026-12-01T09:00:01Z");
  version(std::string(64, '3'), "/in/other.pdf", "t", "2025-01-01", "2026-12-01T09:00:02Z");
  version(std::string(64, '4'), "/in/undated.pdf", "s", "", "2026-12-02T10:00:00Z");
  version(std::string(64, '5'), "/in/2025.pdf", "s", "2025-06-30", "2026-12-01T09:00:03Z");
  StoredDocument failed = Document(std::string(64, '6'), "r1", "/in/failed.pdf");
  failed.status = DocumentStatus::kFailed;
  failed.service_key = "s";
  REQUIRE(store->SaveDocument(failed).ok());  // a failed document is no version
  auto versions = ServiceVersions(*store, "s");
  REQUIRE(versions.ok());
  std::vector<std::string> paths;
  for (const StoredDocument& v : *versions) paths.push_back(v.path);
  CHECK(paths == std::vector<std::string>{"/in/2024.pdf", "/in/2025.pdf", "/in/2026.pdf", "/in/undated.pdf"});
  CHECK_FALSE((*versions)[0].findings.empty());
  auto histories = ServiceHistories(*store, /*with_findings=*/false);
  REQUIRE(histories.ok());
  REQUIRE(histories->size() == 2);
  CHECK((*histories)[0].key == "s");
  CHECK((*histories)[0].versions.size() == 4);
  CHECK((*histories)[1].versions.size() == 1);
  CHECK(ServiceVersions(*store, "")->empty());
}

TEST_CASE("store suite: a claim keeps other ingesters off a document until it is stored, released or its lease ends") {
  auto store = Open(TestStore("claims"));
  CHECK(*store->Claim(kShaA, "r1", "host:1", 60) == "");
  CHECK(*store->Claim(kShaA, "r1", "host:2", 60) == "host:1");  // held
  CHECK(*store->Claim(kShaA, "r2", "host:2", 60) == "");        // other rules: another reading
  CHECK(*store->Claim(kShaA, "r1", "host:1", 60) == "");        // the holder renews its own
  REQUIRE(store->ReleaseClaims("host:1", kShaA, "r1").ok());
  CHECK(*store->Claim(kShaA, "r1", "host:2", 60) == "");        // released: free
  REQUIRE(store->SaveDocument(Document(kShaA, "r1", "/in/a.pdf")).ok());
  CHECK(*store->Claim(kShaA, "r1", "host:3", 60) == "");        // stored: the claim ended with it
  CHECK(*store->Claim(kShaB, "r1", "host:1", 1) == "");
  CHECK(*store->Claim(kShaB, "r1", "host:2", 60) == "host:1");
  std::this_thread::sleep_for(std::chrono::milliseconds(2200));
  CHECK(*store->Claim(kShaB, "r1", "host:2", 60) == "");        // host:1 died: its lease ran out
  REQUIRE(store->ReleaseClaims("host:2").ok());                 // all of host:2's
  CHECK(*store->Claim(kShaB, "r1", "host:4", 60) == "");
  CHECK(*store->Claim(kShaA, "r2", "host:4", 60) == "");
}

}  // namespace
}  // namespace kensa
