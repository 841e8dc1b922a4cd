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

// ---- Classes of error seen on documents written by others (each with its own invented texts) --------

TEST_CASE("identity: 本/当/弊/同 and a common noun is a self-reference, not a name") {
  auto goal = Detect({"本目標は、当社が提供する本サービスのうち、有料プランに適用します。\n稼働率の目標は99.9%です。"});
  CHECK(goal.service.empty());
  auto terms = Detect({"本規約（以下「本規約」）\n本規約は、利用者に適用されます。"});
  CHECK(terms.service.empty());
  auto feature = Detect({"本機能 セキュリティホワイトペーパー\n本機能では通信を暗号化します。"});
  CHECK(feature.service.empty());
  auto same = Detect({"同サービスの概要\n当システム（以下「本システム」）は、同サービスと連動します。"});
  CHECK(same.service.empty());
  // A name that only begins with one of those characters is still a name.
  auto named = Detect({"サービス名称：本棚クラウドNEXT\n事業者名：株式会社シオリ\n本棚クラウドNEXTは書籍を管理します。"});
  CHECK(named.service == "本棚クラウドNEXT");
}

TEST_CASE("identity: a title's topic is not a name") {
  SUBCASE("X に関する / について / に係る / のご案内 before a document kind") {
    auto protect = Detect({"データ保護に関する技術説明書\n第2版\n当社はデータを暗号化して保管します。"});
    CHECK(protect.service.empty());
    auto use = Detect({"クラウドサービス利用に関するチェックシート（回答）\n回答日：2025年4月1日"});
    CHECK(use.service.empty());
    auto backup = Detect({"バックアップ運用についての説明書\n毎日取得します。"});
    CHECK(backup.service.empty());
    auto contract = Detect({"個別契約に係る確認書\n以下の項目を確認します。"});
    CHECK(contract.service.empty());
    auto notice = Detect({"定期メンテナンス作業のお知らせ\n下記の日程で作業を行います。"});
    CHECK(notice.service.empty());
  }
  SUBCASE("the product before its own topic is still read") {
    auto id = Detect({"コマドリ会計 データ保護に関する技術説明書\n株式会社コマドリ\nコマドリ会計ではデータを暗号化します。"});
    CHECK(id.service == "コマドリ会計");
  }
  SUBCASE("a breadcrumb is navigation: its last segment is the topic") {
    auto id = Detect({"ヘルプセンター ＞ 管理者ガイド ＞ 容量とバックアップ\nバックアップは毎日取得されます。"});
    CHECK(id.service.empty());
    auto ascii = Detect({"ヘルプセンター > 設定 > 通知の受け取り方\n通知はメールで届きます。"});
    CHECK(ascii.service.empty());
    auto product = Detect({"ソラミチ経費 ヘルプセンター ＞ 管理者ガイド ＞ 容量とバックアップ\n"
                           "ソラミチ経費のデータは毎日バックアップされます。"});
    CHECK(product.service == "ソラミチ経費");
  }
}

TEST_CASE("identity: a product named in running text as the thing used") {
  SUBCASE("Xをご利用の… unquoted") {
    auto id = Detect({"ミドリ予約をご利用のお客様へ\n株式会社ミドリテック\nいつもありがとうございます。"});
    CHECK(id.service == "ミドリ予約");
    CHECK(id.vendor == "株式会社ミドリテック");
    auto using_it = Detect({"重要なお知らせ\n平素よりカワセミ名刺をお使いの皆さまへ、仕様の変更をお伝えします。\n提供：カワセミ株式会社"});
    CHECK(using_it.service == "カワセミ名刺");
    // A Latin word joined to the name by a space belongs to it; a particle still ends it.
    auto edition = Detect({"メンテナンスのお知らせ\nカモメ会計 Plus をご利用のお客様へ\n株式会社カモメ\n"});
    CHECK(edition.service == "カモメ会計 Plus");
    auto latin_first = Detect({"お知らせ\nいつも Nimbus 日報をご利用いただき、ありがとうございます。\n"});
    CHECK(latin_first.service == "Nimbus 日報");
  }
  SUBCASE("「X」をご利用いただき…") {
    auto id = Detect({"お知らせ\n「ミドリ予約」をご利用いただき、誠にありがとうございます。\n株式会社ミドリテック"});
    CHECK(id.service == "ミドリ予約");
    CHECK(id.how == "quoted");
  }
  SUBCASE("「X」の… in the opening lines") {
    auto id = Detect({"共有設定\nこの記事では、「ミドリ予約」の共有設定について説明します。\n管理者のみが変更できます。"});
    CHECK(id.service == "ミドリ予約");
    auto subject = Detect({"よくあるご質問\n「ツバメ名簿」は、どの端末から使えますか？\nブラウザから使えます。\n運営：ツバメ合同会社"});
    CHECK(subject.service == "ツバメ名簿");
  }
  SUBCASE("negatives: a form or a generic noun used is not the product") {
    auto form = Detect({"お問い合わせ\nお急ぎの場合は「優先受付フォーム」をご利用ください。"});
    CHECK(form.service.empty());
    auto generic = Detect({"ご案内\n本サービスをご利用のお客様へ\n管理画面をご利用の際はログインしてください。"});
    CHECK(generic.service.empty());
    auto deep = Detect({"1. はじめに\n2. 概要\n3. 体制\n4. 運用\n5. 付録\n6. 用語\n7. 連絡先\n8. 改訂\n9. 備考\n"
                        "詳しくは「よくある質問」の項目をご覧ください。"});
    CHECK(deep.service.empty());
  }
}

TEST_CASE("identity: a title or label names the product around the document's kind") {
  SUBCASE("release notes") {
    auto before = Detect({"ミドリ予約　リリースノート（2025年5月版）\n今月の変更点をお知らせします。"});
    CHECK(before.service == "ミドリ予約");
    auto after = Detect({"【リリースノート】ミドリ予約 Ver.4.2\n主な変更点は次のとおりです。"});
    CHECK(after.service == "ミドリ予約");
    auto version = Detect({"Heron Sheets v3.1 リリースノート\nHeron Sheetsの新機能を紹介します。"});
    CHECK(version.service == "Heron Sheets");
  }
  SUBCASE("本書の対象 / 対象製品 labels") {
    auto target = Detect({"技術資料\n本書の対象：アトリ帳票（SaaS 版）\n記載内容は予告なく変更されます。"});
    CHECK(target.service == "アトリ帳票");
    CHECK(target.how == "label");
    auto product = Detect({"仕様の概要\n対象製品：アトリ住民窓口（自治体向けクラウド）\n"});
    CHECK(product.service == "アトリ住民窓口");
  }
  SUBCASE("（提供：株式会社X） after the product") {
    auto id = Detect({"サービス紹介\nヨシキリ勤怠（提供：株式会社ヨシキリ）は、勤怠を管理するためのものです。"});
    CHECK(id.service == "ヨシキリ勤怠");
    CHECK(id.vendor == "株式会社ヨシキリ");
    auto quoted = Detect({"サービス紹介\n「ヨシキリ勤怠」（提供：ヨシキリ株式会社）の稼働状況"});
    CHECK(quoted.service == "ヨシキリ勤怠");
    CHECK(quoted.vendor == "ヨシキリ株式会社");
  }
}

TEST_CASE("identity: names written in hiragana") {
  SUBCASE("a quoted or labelled hiragana name") {
    auto quoted = Detect({"ご案内\n学習支援サービス「まなびのもり」の稼働状況をお知らせします。"});
    CHECK(quoted.service == "まなびのもり");
    auto label = Detect({"サービス名：まちのこえ\n事業者名：株式会社はるかぜ"});
    CHECK(label.service == "まちのこえ");
    CHECK(label.vendor == "株式会社はるかぜ");
    auto use = Detect({"お知らせ\n「まちのこえ」をご利用いただき、ありがとうございます。"});
    CHECK(use.service == "まちのこえ");
  }
  SUBCASE("a hiragana phrase in running text is not a name") {
    auto slogan = Detect({"止まらない\nいつでもつながる\nあんしんをとどける"});
    CHECK(slogan.service.empty());
  }
  SUBCASE("a company name that begins with hiragana keeps it") {
    auto suffix = Detect({"セキュリティについて\nひかりデジタル株式会社\nひかりデジタル株式会社は情報を守ります。"});
    CHECK(suffix.vendor == "ひかりデジタル株式会社");
    auto after_particle = Detect({"概要\n本サービスは、ひかりデジタル株式会社が提供します。\n運営：ひかりデジタル株式会社"});
    CHECK(after_particle.vendor == "ひかりデジタル株式会社");
    auto inside = Detect({"概要\nこのサービスはあおばデジタル株式会社が運営しています。\n提供者：あおばデジタル株式会社"});
    CHECK(inside.vendor == "あおばデジタル株式会社");
    auto prefix = Detect({"セキュリティポリシー\n株式会社はるかぜ（以下「当社」）は、個人情報を守ります。"});
    CHECK(prefix.vendor == "株式会社はるかぜ");
    CHECK(prefix.service.empty());  // a hiragana company does not stand for its service
    auto particle = Detect({"概要\n提供者：ツグミ株式会社\nツグミ株式会社は、お客様の情報を守ります。"});
    CHECK(particle.vendor == "ツグミ株式会社");
  }
}

TEST_CASE("identity: a department after the vendor's name is not part of it") {
  auto spaced = Detect({"回答書\n一般社団法人 みらい学習ネットワーク　システム運営部\n"});
  CHECK(spaced.vendor == "一般社団法人みらい学習ネットワーク");
  auto katakana = Detect({"回答書\n提出者：株式会社サザナミ　クラウド推進室\n"});
  CHECK(katakana.vendor == "株式会社サザナミ");
  auto listed = Detect({"回答書\n株式会社ミナモシステムズ公共ソリューション事業部\n"});
  CHECK(listed.vendor == "株式会社ミナモシステムズ");
  // A name that itself ends in a word a department could end in stays whole.
  auto whole = Detect({"回答書\n提出者：株式会社ナギサ情報センター\n"});
  CHECK(whole.vendor == "株式会社ナギサ情報センター");
}

TEST_CASE("identity: a company followed by 様 is a customer, not the vendor") {
  auto case_study = Detect({"導入事例 / 丸橋運輸株式会社様 ― 配車の時間を半分に\nミドリ予約\n株式会社ミドリテック"});
  CHECK(case_study.vendor == "株式会社ミドリテック");
  auto prefix = Detect({"お客様の声：株式会社カシワ物産様 ― 導入で変わったこと\n提供：ヒタキ株式会社"});
  CHECK(prefix.vendor == "ヒタキ株式会社");
  auto only_customer = Detect({"導入事例\n丸橋運輸株式会社様　配車の時間を半分に\n"});
  CHECK(only_customer.vendor.empty());
  CHECK(only_customer.service != "丸橋運輸");
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
