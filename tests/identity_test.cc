// Tests for pipeline/identity: DetectService and ServiceKey (identity/service_identity.h) on short
// invented texts, one group per signal and per negative, then a measurement over every sample and every
// real vendor page against the accepted names of tests/data/service_names.tsv, with floors.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "identity/service_identity.h"
#include "normalize/normalizer.h"
#include "text/document_reader.h"

namespace kensa {
namespace {

// One document of pages (each string a page), normalized as kensa normalizes.
ServiceIdentity Detect(std::vector<std::string> pages) {
  std::vector<Page> raw;
  for (size_t k = 0; k < pages.size(); ++k) raw.emplace_back(static_cast<int>(k + 1), pages[k]);
  return DetectService(Normalize(raw, true));
}

TEST_CASE("identity: the built-in words load") {
  const ServiceWords& words = SharedServiceWords();
  CHECK(!words.service_labels.empty());
  CHECK(!words.company_forms.empty());
  CHECK(!words.technology.empty());
}

TEST_CASE("identity: ParseServiceWords names the line of a bad file") {
  auto bad = ParseServiceWords("[service]\nlabels = [\"a\", \"a\"]\n", "x.toml");
  REQUIRE(!bad.ok());
  CHECK(bad.status().message().find("x.toml:2") != std::string::npos);
  auto unknown = ParseServiceWords("[services]\nlabels = []\n", "x.toml");
  REQUIRE(!unknown.ok());
  CHECK(unknown.status().message().find("unknown key") != std::string::npos);
}

TEST_CASE("identity: a label line") {
  SUBCASE("サービス名称:X, its remark dropped") {
    auto id = Detect({"情報開示シート\nサービス名称：カモメ経費ナビ（スタンダードプラン）\n事業者名：株式会社カモメワークス\n"
                      "本サービスはカモメ経費ナビの全プランに共通です。"});
    CHECK(id.service == "カモメ経費ナビ");
    CHECK(id.vendor == "株式会社カモメワークス");
    CHECK(id.how == "label");
    CHECK(id.page == 1);
    CHECK(id.quote.find("カモメ経費ナビ") != std::string::npos);
  }
  SUBCASE("the label alone, the name on the next line") {
    auto id = Detect({"認定番号\n- サービス名称\n- ホタル文書クラウド\n- サービス概要\n- 文書を保管するサービス"});
    CHECK(id.service == "ホタル文書クラウド");
    CHECK(id.how == "label");
  }
  SUBCASE("対象サービス on page 2") {
    auto id = Detect({"目次\n1. はじめに", "対象サービス: Pelican Board\n提供者：ペリカン合同会社"});
    CHECK(id.service == "Pelican Board");
    CHECK(id.page == 2);
    CHECK(id.vendor == "ペリカン合同会社");
  }
}

TEST_CASE("identity: a definition") {
  SUBCASE("unquoted, after a clause") {
    auto id = Detect({"1. 目的\n本書は、当社が提供するツグミ在庫クラウド（以下「本サービス」という。）の運用条件を定めます。"});
    CHECK(id.service == "ツグミ在庫クラウド");
    CHECK(id.how == "definition");
  }
  SUBCASE("quoted") {
    auto id = Detect({"第1条\n株式会社ツグミ（以下「当社」）は、「ツグミ受付」（以下「本サービス」）の稼働率を定めます。"});
    CHECK(id.service == "ツグミ受付");
    CHECK(id.vendor == "株式会社ツグミ");
  }
}

TEST_CASE("identity: a quoted name after a service noun or a verb of offering") {
  auto id = Detect({"ご説明資料\n当社は、クラウド日報サービス「ヒバリ日報」の安定運用に努めています。\n"
                    "ヒバリ日報のデータは国内で保管します。"});
  CHECK(id.service == "ヒバリ日報");
  CHECK(id.how == "quoted");
  auto with_use = Detect({"お知らせ\n平素は「ウズラ会計」をご利用いただき、ありがとうございます。\n"
                          "ウズラ会計の画面が変わります。"});
  CHECK(with_use.service == "ウズラ会計");
}

TEST_CASE("identity: the title lines of page 1") {
  SUBCASE("before a document kind") {
    auto id = Detect({"Kestrel Notes セキュリティホワイトペーパー\n第1.0版\nKestrel株式会社\n"
                      "本書では、Kestrel Notesのセキュリティ対策を説明します。Kestrel Notesは多くの企業で使われています。"});
    CHECK(id.service == "Kestrel Notes");
    CHECK(id.how == "title");
    CHECK(id.vendor == "Kestrel株式会社");
    auto latin = Detect({"Wren Desk Security Whitepaper\nWren Labs Inc.\nWren Desk keeps data in Japan. Wren Deskでは暗号化します。"});
    CHECK(latin.service == "Wren Desk");
    CHECK(latin.vendor == "Wren Labs Inc.");
  }
  SUBCASE("after a separator") {
    auto id = Detect({"セキュリティへの取り組み｜ミサゴ労務\n改訂日：2025.01.01\nミサゴ労務では、通信を暗号化しています。"});
    CHECK(id.service == "ミサゴ労務");
  }
  SUBCASE("a short line above the document kind") {
    auto id = Detect({"イスカ予約\nよくあるご質問（セキュリティ編）\n株式会社イスカ\n"
                      "Q. イスカ予約のデータはどこにありますか？"});
    CHECK(id.service == "イスカ予約");
    CHECK(id.vendor == "株式会社イスカ");
  }
}

TEST_CASE("identity: a Latin-letter name opening sentences") {
  auto id = Detect({"ステータスページについて\nPlover Chatでは重大な障害をお知らせします。\n"
                    "Plover Chatの稼働状況はこちらです。障害の際はPlover Chatの画面にも表示します。\n"
                    "AWSの障害はAWSのページをご覧ください。AWSでは…"});
  CHECK(id.service == "Plover Chat");
  CHECK(id.how == "subject");
}

TEST_CASE("identity: the vendor stands for its service when no product is named") {
  auto id = Detect({"セキュリティポリシー\n株式会社シギラボ（以下「当社」といいます。）は、情報資産を適切に管理します。"});
  CHECK(id.vendor == "株式会社シギラボ");
  CHECK(id.service == "シギラボ");
  CHECK(id.how == "vendor");
}

TEST_CASE("identity: negatives") {
  SUBCASE("an addressee is not the vendor") {
    auto id = Detect({"回答書\n株式会社オオルリ商事 情報システム部 御中\n提出者：株式会社コゲラ\n対象サービス：コゲラ勤怠"});
    CHECK(id.vendor == "株式会社コゲラ");
    auto only_addressee = Detect({"回答書\n株式会社オオルリ商事 御中\n回答日：2025年1月1日"});
    CHECK(only_addressee.vendor.empty());
    CHECK(only_addressee.service.empty());
  }
  SUBCASE("「本サービス」 alone is not a name") {
    auto id = Detect({"第1条\n本サービス（以下「本サービス」）の稼働率は99.9%です。当サービスは「本サービス」と呼びます。"});
    CHECK(id.service.empty());
  }
  SUBCASE("a cloud provider is neither the service nor the vendor") {
    auto id = Detect({"インフラについて\nAWSでは東京リージョンを使っています。AWSの可用性は高く、AWSは安全です。\n"
                      "アマゾン ウェブ サービス ジャパン合同会社のデータセンターは国内にあります。"});
    CHECK(id.service.empty());
    CHECK(id.vendor.empty());
  }
  SUBCASE("a document without any name gives empty") {
    auto id = Detect({"バックアップについて\nデータは毎日バックアップしています。保存期間は30日です。"});
    CHECK(id.service.empty());
    CHECK(id.vendor.empty());
    CHECK(id.how.empty());
    CHECK(id.page == 0);
  }
  SUBCASE("a product the service works with is not its name") {
    auto id = Detect({"外部連携\nTernlyと連携できます。Ternlyの設定画面で鍵を発行します。Ternlyでは…"});
    CHECK(id.service.empty());
  }
  SUBCASE("a section heading in lenticular brackets is not a name") {
    auto id = Detect({"ご説明資料\n第1版\n当社の取り組みをご説明します。\n本書の構成は次のとおりです。\n"
                      "1. 概要\n2. 体制\n3. 運用\n4. 付録\n【バックアップ】\n毎日取得します。【バックアップ】"});
    CHECK(id.service.empty());
  }
  SUBCASE("a topic in the title is not a name") {
    auto id = Detect({"情報セキュリティ基本方針について\nよくあるご質問\n当社は情報を適切に管理します。"});
    CHECK(id.service.empty());
  }
}

TEST_CASE("identity: ServiceKey") {
  CHECK(ServiceKey("") == "");
  CHECK(ServiceKey("ＨＡＮＡＢＩ ＣＲＭ") == ServiceKey("Hanabi CRM"));
  CHECK(ServiceKey("SECURE FOLDER") == ServiceKey("SecureFolder"));
  CHECK(ServiceKey("ナギサ・クラウド") == ServiceKey("ナギサクラウド"));
  CHECK(ServiceKey("「ヒバリ日報」") == ServiceKey("ヒバリ日報"));
  CHECK(ServiceKey("ﾋﾊﾞﾘ日報") == ServiceKey("ヒバリ日報"));
  CHECK(ServiceKey("ヒバリ日報") != ServiceKey("ヒバリ勤怠"));
  CHECK(ServiceKey("Kestrel Notes") != ServiceKey("Kestrel Forms"));
  CHECK(ServiceKey("・ () 「」") == "");
}

// ---- Measurement over real inputs -------------------------------------------------------------------

struct Accepted {
  std::vector<std::string> keys;  // ServiceKey of each accepted name
  bool may_be_empty = false;      // the row says "-": the document names none
};

Accepted ParseAccepted(const std::string& field) {
  Accepted out;
  std::stringstream names(field);
  for (std::string name; std::getline(names, name, '|');) {
    if (name == "-") {
      out.may_be_empty = true;
    } else if (!name.empty()) {
      out.keys.push_back(ServiceKey(name));
    }
  }
  return out;
}

// kRightlyEmpty: nothing found where the document states nothing ("-"), as good as a name.
enum class Verdict { kAccepted, kWrong, kEmpty, kRightlyEmpty };

Verdict Judge(const std::string& detected, const Accepted& accepted) {
  if (detected.empty()) return accepted.may_be_empty ? Verdict::kRightlyEmpty : Verdict::kEmpty;
  const std::string key = ServiceKey(detected);
  return std::find(accepted.keys.begin(), accepted.keys.end(), key) != accepted.keys.end() ? Verdict::kAccepted
                                                                                            : Verdict::kWrong;
}

struct Tally {
  int accepted = 0;       // a name a reviewer accepts, or rightly none
  int rightly_empty = 0;  // of those, none where the document states none
  int wrong = 0;          // a name a reviewer would not accept: worse than none
  int empty = 0;          // none where the document states one
  void Add(Verdict v) {
    if (v == Verdict::kAccepted || v == Verdict::kRightlyEmpty) ++accepted;
    if (v == Verdict::kRightlyEmpty) ++rightly_empty;
    if (v == Verdict::kWrong) ++wrong;
    if (v == Verdict::kEmpty) ++empty;
  }
  std::string Say() const {
    return std::to_string(accepted) + " accepted (" + std::to_string(rightly_empty) + " of them rightly empty), " +
           std::to_string(wrong) + " wrong, " + std::to_string(empty) + " empty";
  }
};

struct Measured {
  Tally service, vendor;
  int documents = 0;
};

constexpr const char* kVerdictNames[] = {"yes", "WRONG", "empty", "yes (none)"};

// Runs DetectService over each file, judges it against its row and prints one line per document.
Measured Measure(const std::vector<std::filesystem::path>& files, const std::map<std::string, std::vector<std::string>>& rows) {
  Measured m;
  std::ostringstream table;
  table << "file\tservice\tvendor\thow\tservice accepted\tvendor accepted\n";
  for (const auto& path : files) {
    const std::string name = path.filename().string();
    auto row = rows.find(name);
    CHECK_MESSAGE(row != rows.end(), "no row in tests/data/service_names.tsv for " << name);
    // A document without a row is counted with nothing accepted (and the CHECK above fails).
    const std::vector<std::string> accepted = row != rows.end() ? row->second : std::vector<std::string>{"", ""};
    auto document = ReadDocument(path.string());
    REQUIRE_MESSAGE(document.ok(), name);
    const ServiceIdentity id = DetectService(Normalize(document->pages));
    const Verdict service = Judge(id.service, ParseAccepted(accepted[0]));
    const Verdict vendor = Judge(id.vendor, ParseAccepted(accepted[1]));
    m.service.Add(service);
    m.vendor.Add(vendor);
    ++m.documents;
    table << name << '\t' << (id.service.empty() ? "-" : id.service) << '\t' << (id.vendor.empty() ? "-" : id.vendor)
          << '\t' << (id.how.empty() ? "-" : id.how) << '\t' << kVerdictNames[static_cast<int>(service)] << '\t'
          << kVerdictNames[static_cast<int>(vendor)] << '\n';
  }
  MESSAGE(table.str());
  return m;
}

std::map<std::string, std::vector<std::string>> ReadRows() {
  std::map<std::string, std::vector<std::string>> rows;
  std::ifstream in(std::string(KENSA_SOURCE_DIR) + "/tests/data/service_names.tsv");
  REQUIRE(in);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> fields;
    std::stringstream cells(line);
    for (std::string cell; std::getline(cells, cell, '\t');) fields.push_back(cell);
    REQUIRE_MESSAGE(fields.size() == 3, "tests/data/service_names.tsv: not three fields: " << line);
    rows[fields[0]] = {fields[1], fields[2]};
  }
  return rows;
}

// The floors are what the detector reaches today (see the MESSAGE counts): a change that loses an
// accepted name or adds a wrong one fails here.
TEST_CASE("identity: the samples' services and vendors") {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(KENSA_SOURCE_DIR) + "/samples")) {
    const auto ext = entry.path().extension();
    if (entry.is_regular_file() && (ext == ".pdf" || ext == ".txt")) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  const Measured m = Measure(files, ReadRows());
  MESSAGE("samples (" << m.documents << "): service " << m.service.Say() << "; vendor " << m.vendor.Say());
  CHECK(m.documents == static_cast<int>(files.size()));
  CHECK(m.documents >= 53);
  CHECK(m.service.accepted >= 53);
  CHECK(m.service.wrong == 0);
  CHECK(m.vendor.accepted >= 53);
  CHECK(m.vendor.wrong == 0);
}

TEST_CASE("identity: the real pages' services and vendors") {
  std::vector<std::filesystem::path> files;
  for (int k = 1; k <= 63; ++k) {
    char name[16];
    std::snprintf(name, sizeof name, "p%02d.txt", k);
    files.push_back(std::filesystem::path(KENSA_SHARED_DIR) / "realpages" / "docs" / name);
  }
  const Measured m = Measure(files, ReadRows());
  MESSAGE("realpages (" << m.documents << "): service " << m.service.Say() << "; vendor " << m.vendor.Say());
  CHECK(m.documents == 63);
  CHECK(m.service.accepted >= 56);
  CHECK(m.service.wrong == 0);
  CHECK(m.vendor.accepted >= 63);
  CHECK(m.vendor.wrong == 0);
}

}  // namespace
}  // namespace kensa
