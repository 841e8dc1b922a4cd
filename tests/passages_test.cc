// Tests for stage 3, passages: synthetic cases, one per rule, then the five seed whitepapers
// (../shared/seeds) and the text poppler gives for their PDFs (tests/fixtures/passages, made by
// scripts/make-passage-fixtures.sh from samples/*.pdf).
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

// Header-only: the gold answers are JSON.
#include <nlohmann/json.hpp>

#include "passages/passage_splitter.h"

// Prints lists of passage texts in failure messages, one per line.
namespace doctest {
template <>
struct StringMaker<std::vector<std::string>> {
  static String convert(const std::vector<std::string>& texts) {
    std::string out = "\n";
    for (const std::string& text : texts) out += "  [" + text + "]\n";
    return String(out.c_str());
  }
};
}  // namespace doctest

namespace kensa {
namespace {

// Splits a text file into pages at form feeds (a trailing form feed does not open a page).
std::vector<Page> PagesOf(const std::string& text) {
  std::vector<Page> pages;
  size_t begin = 0;
  while (true) {
    const size_t feed = text.find('\f', begin);
    if (feed == std::string::npos) {
      if (begin < text.size() || pages.empty())
        pages.push_back({static_cast<int>(pages.size()) + 1, text.substr(begin)});
      break;
    }
    pages.push_back({static_cast<int>(pages.size()) + 1, text.substr(begin, feed - begin)});
    begin = feed + 1;
  }
  return pages;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "cannot read " << path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

struct Split {
  NormalizedText normalized;
  std::vector<Passage> passages;
};

Split SplitText(const std::string& text) {
  Split split;
  split.normalized = Normalize(PagesOf(text));
  split.passages = SplitPassages(split.normalized);
  return split;
}

Split SplitSeed(const std::string& name) {
  return SplitText(ReadFile(std::string(KENSA_SHARED_DIR) + "/seeds/" + name));
}
Split SplitFixture(const std::string& name) {
  return SplitText(ReadFile(std::string(KENSA_SOURCE_DIR) + "/tests/fixtures/passages/" + name));
}

// The passages whose text contains needle.
std::vector<Passage> Containing(const std::vector<Passage>& passages, const std::string& needle) {
  std::vector<Passage> found;
  for (const Passage& passage : passages) {
    if (passage.text.find(needle) != std::string::npos) found.push_back(passage);
  }
  return found;
}

// The one passage that contains needle; fails the test when there is none.
Passage Only(const std::vector<Passage>& passages, const std::string& needle) {
  const std::vector<Passage> found = Containing(passages, needle);
  CAPTURE(needle);
  REQUIRE(found.size() >= 1);
  return found.front();
}

std::vector<std::string> Texts(const std::vector<Passage>& passages) {
  std::vector<std::string> texts;
  for (const Passage& passage : passages) texts.push_back(passage.text);
  return texts;
}

bool PathContains(const Passage& passage, const std::string& needle) {
  return std::any_of(passage.section_path.begin(), passage.section_path.end(),
                     [&](const std::string& heading) { return heading.find(needle) != std::string::npos; });
}

// What every passage of every document must satisfy.
void CheckInvariants(const Split& split) {
  size_t last_begin = 0;
  for (const Passage& passage : split.passages) {
    CAPTURE(passage.text);
    REQUIRE(!passage.text.empty());
    CHECK(passage.text.find('\n') == std::string::npos);
    CHECK(passage.text.find('\f') == std::string::npos);
    REQUIRE(passage.begin < passage.end);
    REQUIRE(passage.end <= split.normalized.text.size());
    CHECK(passage.page == split.normalized.PageAt(passage.begin));
    CHECK(passage.page >= 1);
    // begin and end cover the first and last character of the passage (a table row whose cells
    // continue on a later line ends where the last continuation does).
    CHECK(split.normalized.text[passage.begin] == passage.text.front());
    if (passage.kind != PassageKind::kTableRow)
      CHECK(split.normalized.text[passage.end - 1] == passage.text.back());
    CHECK(passage.begin >= last_begin);
    last_begin = passage.begin;
    if (passage.kind != PassageKind::kTableRow) CHECK(passage.text.find('\t') == std::string::npos);
  }
}

// ---------------------------------------------------------------------------------------------
// Synthetic cases, one per rule.

TEST_CASE("passages: re-wrapped prose joins and splits into sentences") {
  const Split split = SplitText(
      "4.2.5.情報のバックアップ\n"
      "当社は、利用者のデータを日次でバックアップしており、バックアップは\n"
      "2\n"
      "世代分を保管しております。なお、バックアップからの復旧は当社が判断し\n"
      "た場合にのみ実施します！詳細は「利用規約」をご確認ください。」\n");
  CheckInvariants(split);
  CHECK(Texts(split.passages) ==
        std::vector<std::string>{
            "4.2.5.情報のバックアップ",
            "当社は、利用者のデータを日次でバックアップしており、バックアップは2世代分を保管しております。",
            "なお、バックアップからの復旧は当社が判断した場合にのみ実施します!",  // NFKC
            "詳細は「利用規約」をご確認ください。」",
        });
  CHECK(split.passages[0].kind == PassageKind::kHeading);
  CHECK(split.passages[1].kind == PassageKind::kSentence);
  CHECK(split.passages[1].section_path == std::vector<std::string>{"4.2.5.情報のバックアップ"});
}

TEST_CASE("passages: a line that opens an item does not join the line before") {
  const Split split = SplitText(
      "以下に示すようなものが重大インシデントに該当します\n"
      "(1) 不正アクセスにより情報が外部に流出した\n"
      "① サーバーのウイルス感染\n"
      "・ なりすましサイトによる被害\n"
      "※ 緊急時の場合は除く\n"
      "- 外部からの攻撃により、サービスが利用できない状態が一定時間以上継続した\n"
      "● 管理画面での告知\n"
      "● メールでの通知\n"
      "■ バックアップ\n"
      "バックアップは日次で取得しています。\n");
  CheckInvariants(split);
  const std::vector<std::string> texts = Texts(split.passages);
  CHECK(texts == std::vector<std::string>{
                     "以下に示すようなものが重大インシデントに該当します",
                     "(1) 不正アクセスにより情報が外部に流出した",
                     "① サーバーのウイルス感染",
                     "・なりすましサイトによる被害",
                     "※ 緊急時の場合は除く",
                     "- 外部からの攻撃により、サービスが利用できない状態が一定時間以上継続した",
                     "● 管理画面での告知",
                     "● メールでの通知",
                     "■ バックアップ",
                     "バックアップは日次で取得しています。",
                 });
  CHECK(split.passages[1].kind == PassageKind::kListItem);
  CHECK(split.passages[6].kind == PassageKind::kListItem);  // a list of ● items, not headings
  CHECK(split.passages[8].kind == PassageKind::kHeading);
  CHECK(split.passages[9].section_path == std::vector<std::string>{"■ バックアップ"});
}

TEST_CASE("passages: a list's items are read with the sentence that announces them") {
  const Split split = SplitText(
      "すべてのデータベースは、次のようにバックアップされます。\n"
      "\n"
      "・フルバックアップ:1週間毎\n"
      "・保存期間:35日\n"
      "\n"
      "監視は常時行っています。\n"
      "\n"
      "・死活監視\n");
  CheckInvariants(split);
  REQUIRE(split.passages.size() == 5);
  CHECK(split.passages[1].lead == "すべてのデータベースは、次のようにバックアップされます。");
  CHECK(split.passages[2].lead == "すべてのデータベースは、次のようにバックアップされます。");
  CHECK(split.passages[4].lead == "");  // "監視は常時行っています。" announces nothing
}

TEST_CASE("passages: a table's rows carry the names of their columns") {
  const Split split = SplitText(
      "No.\t種別\t項目\t設定例\t回答\n"
      "1\t可用性\tサービス稼働率\t99.5%以上\t99.9%以上\n"
      "2\t\tRTO\t24時間\t4時間\n"
      "3\tRPO\t1時間\n"
      "\n"
      "本文です。\n");
  CheckInvariants(split);
  REQUIRE(split.passages.size() == 5);
  CHECK(split.passages[0].columns.empty());  // the first row names them
  CHECK(split.passages[1].columns == std::vector<std::string>{"No.", "種別", "項目", "設定例", "回答"});
  CHECK(split.passages[2].columns == std::vector<std::string>{"No.", "項目", "設定例", "回答"});  // 種別 empty
  CHECK(split.passages[3].columns.empty());  // three cells under five columns: unknown
  CHECK(split.passages[4].columns.empty());
}

TEST_CASE("passages: a full stop inside brackets does not end the sentence") {
  const Split split = SplitText("月間の稼働率(以下、「月間稼働率」といいます。)は99.95%以上とします。次の文です。\n");
  CheckInvariants(split);
  CHECK(Texts(split.passages) == std::vector<std::string>{
                                     "月間の稼働率(以下、「月間稼働率」といいます。)は99.95%以上とします。",
                                     "次の文です。",
                                 });
}

TEST_CASE("passages: a line after a full stop or a colon starts anew") {
  const Split split = SplitText(
      "当社はデータを国内のデータセンターに保管しております。本サービスの提供は\n"
      "日本国内からのみ行っております。\n"
      "ただし、メールの送信には海外のリージョンを利用することがあります。詳細は\n"
      "別途お問い合わせください。なお、お問い合わせ先は次の窓口となります:\n"
      "サポート窓口(平日9時〜18時、土日祝日を除く)にて承っております。\n");
  CheckInvariants(split);
  CHECK(Texts(split.passages) == std::vector<std::string>{
                                     "当社はデータを国内のデータセンターに保管しております。",
                                     "本サービスの提供は日本国内からのみ行っております。",
                                     "ただし、メールの送信には海外のリージョンを利用することがあります。",
                                     "詳細は別途お問い合わせください。",
                                     "なお、お問い合わせ先は次の窓口となります:",
                                     "サポート窓口(平日9時〜18時、土日祝日を除く)にて承っております。",
                                 });
}

TEST_CASE("passages: tab-separated rows, their wrapped cells and space-separated columns") {
  const Split split = SplitText(
      "No.\t項目\t回答\n"
      "1\tバックアップ世代数\t7世代\n"
      "2\t障害通知時間\t障害を検知してから1時間以内を目安に\n"
      "メールで通知します。\n"
      "3\t\tデータの保管場所について、データベースのキー\t有 国内\n"
      "\n"
      "\t\t管理の方法\tのみ\n"
      "版数  日付  主な変更内容\n"
      "1.0  2024年1月18日  初版作成\n");
  CheckInvariants(split);
  CHECK(Texts(split.passages) ==
        std::vector<std::string>{
            "No.\t項目\t回答",
            "1\tバックアップ世代数\t7世代",
            "2\t障害通知時間\t障害を検知してから1時間以内を目安にメールで通知します。",
            "3\tデータの保管場所について、データベースのキー管理の方法\t有国内のみ",
            "版数\t日付\t主な変更内容",
            "1.0\t2024年1月18日\t初版作成",
        });
  for (const Passage& passage : split.passages) CHECK(passage.kind == PassageKind::kTableRow);
}

TEST_CASE("passages: a label line followed by its answer line is one row") {
  const Split split = SplitText(
      "バックアップ世代数\n"
      "7世代\n"
      "\n"
      "更新日時:\n"
      "\n"
      "2025年5月13日 12:00\n"
      "\n"
      "DR対策の有無\n"
      "無し\n");
  CheckInvariants(split);
  CHECK(Texts(split.passages) == std::vector<std::string>{
                                     "バックアップ世代数\t7世代",
                                     "更新日時:\t2025年5月13日12:00",
                                     "DR対策の有無\t無し",
                                 });
  for (const Passage& passage : split.passages) CHECK(passage.kind == PassageKind::kTableRow);
}

TEST_CASE("passages: label-and-answer pairing does not swallow headings") {
  const Split split = SplitText(
      "データの保管場所\n"
      "クラウドサービスプロバイダ内のデータは、日本国内のデータセンターに保管しています。\n"
      "4.2.1.通信の暗号化\n"
      "TLS1.2以上\n"
      "情報のバックアップ\n"
      "データベースのデータは、日次でバックアップを取得しています。\n");
  CheckInvariants(split);
  REQUIRE(split.passages.size() == 6);
  CHECK(split.passages[0].kind == PassageKind::kHeading);
  CHECK(split.passages[1].kind == PassageKind::kSentence);
  CHECK(split.passages[1].section_path == std::vector<std::string>{"データの保管場所"});
  CHECK(split.passages[2].kind == PassageKind::kHeading);
  CHECK(split.passages[3].text == "TLS1.2以上");
  CHECK(split.passages[3].kind == PassageKind::kSentence);
  CHECK(split.passages[4].kind == PassageKind::kHeading);
  // An unnumbered heading replaces the one before it and nests under the numbered one.
  CHECK(split.passages[5].section_path ==
        std::vector<std::string>{"4.2.1.通信の暗号化", "情報のバックアップ"});
}

TEST_CASE("passages: headings nest by their numbers") {
  const Split split = SplitText(
      "第2章 運用\n"
      "4.4.情報セキュリティインシデントの取り扱い\n"
      "4.4.1.報告するインシデントの範囲\n"
      "重大インシデントを報告の対象とします。\n"
      "4.4.2.インシデントの通知手順と通知までの目標時間\n"
      "1営業日以内を目標に通知します。\n"
      "4.5. コンプライアンス\n"
      "日本法を準拠法とします。\n"
      "【お問い合わせ】\n"
      "窓口までご連絡ください。\n");
  CheckInvariants(split);
  const Passage notice = Only(split.passages, "1営業日以内");
  CHECK(notice.section_path == std::vector<std::string>{"第2章運用",
                                                        "4.4.情報セキュリティインシデントの取り扱い",
                                                        "4.4.2.インシデントの通知手順と通知までの目標時間"});
  CHECK(Only(split.passages, "日本法").section_path ==
        std::vector<std::string>{"第2章運用", "4.5. コンプライアンス"});
  CHECK(Only(split.passages, "窓口まで").section_path ==
        std::vector<std::string>{"第2章運用", "4.5. コンプライアンス", "【お問い合わせ】"});
  // A heading passage carries the headings above it, not itself.
  const Passage heading = Only(split.passages, "4.4.2.");
  CHECK(heading.kind == PassageKind::kHeading);
  CHECK(heading.section_path ==
        std::vector<std::string>{"第2章運用", "4.4.情報セキュリティインシデントの取り扱い"});
}

TEST_CASE("passages: a numbered list under a section stays a list") {
  const Split split = SplitText(
      "1. はじめに\n"
      "本書の目的を記載します。\n"
      "2. 責任分界点\n"
      "利用者の責任は次のとおりです。\n"
      "1. ユーザー管理のデータ\n"
      "2. 管理者アカウントの運用\n"
      "3. サービスの設定内容\n"
      "4. インターネット環境\n"
      "3. セキュリティ対策\n"
      "当社は対策を実施しています。\n");
  CheckInvariants(split);
  for (const char* item : {"1. ユーザー管理のデータ", "2. 管理者アカウントの運用", "3. サービスの設定内容",
                           "4. インターネット環境"}) {
    CAPTURE(item);
    const Passage passage = Only(split.passages, item);
    CHECK(passage.kind == PassageKind::kListItem);
    CHECK(passage.section_path == std::vector<std::string>{"2. 責任分界点"});
  }
  // "3." after the item "4." does not continue the list: it is the next section.
  CHECK(Only(split.passages, "当社は対策").section_path == std::vector<std::string>{"3. セキュリティ対策"});
}

TEST_CASE("passages: table of contents lines are dropped") {
  const Split split = SplitText(
      "目次\n"
      "1. セキュリティの取り組み.....4\n"
      "1.1. 所在地と法管轄..... 4\n"
      "1.2.1. 通信の暗号化……5\n"
      "2. お客様にご注意いただきたい点・・・・8\n"
      "\n"
      "I. 目的4\n"
      "II. 適用範囲について 4\n"
      "5 情報セキュリティ方針のための方針群\t5\n"
      "5.1 情報セキュリティのための経営陣の方向性\t5\n"
      "10 暗号 8\n"
      "\n"
      "1. セキュリティの取り組み\n"
      "当社はセキュリティに取り組んでいます。\n");
  CheckInvariants(split);
  CHECK(Texts(split.passages) ==
        std::vector<std::string>{"1. セキュリティの取り組み", "当社はセキュリティに取り組んでいます。"});
}

TEST_CASE("passages: running headers, footers and page numbers are dropped") {
  // Three pages with the same header and a numbered footer; a sentence runs across a page break.
  const Split split = SplitText(
      "株式会社テスト セキュリティホワイトペーパー\n"
      "1.1. バックアップ\n"
      "当社は、利用者のデータを日次でバックアップしており、バックアップは\n"
      "- 1 -\n\f"
      "株式会社テスト セキュリティホワイトペーパー\n"
      "7世代分を保管しております。\n"
      "1.2. 障害対応\n"
      "障害発生時は1時間以内に通知します。\n"
      "2 / 3\n\f"
      "株式会社テスト セキュリティホワイトペーパー\n"
      "Page 3\n"
      "1.3. 準拠法\n"
      "日本法を準拠法とします。\n"
      "3\n");
  CheckInvariants(split);
  CHECK(Texts(split.passages) ==
        std::vector<std::string>{
            "1.1. バックアップ",
            "当社は、利用者のデータを日次でバックアップしており、バックアップは7世代分を保管しております。",
            "1.2. 障害対応",
            "障害発生時は1時間以内に通知します。",
            "1.3. 準拠法",
            "日本法を準拠法とします。",
        });
  // The sentence starts on page 1; the next heading is on page 2.
  CHECK(split.passages[1].page == 1);
  CHECK(split.passages[2].page == 2);
  CHECK(split.passages[5].page == 3);
}

TEST_CASE("passages: a '- 3 -' footer and separator lines are dropped even on one page") {
  const Split split = SplitText(
      "2. セキュリティ方針\n"
      "─────────────────────\n"
      "当社は情報セキュリティ方針を定めています。\n"
      "-----\t--------\t---\n"
      "- 3 -\n");
  CheckInvariants(split);
  CHECK(Texts(split.passages) ==
        std::vector<std::string>{"2. セキュリティ方針", "当社は情報セキュリティ方針を定めています。"});
}

TEST_CASE("passages: text with a blank line after every line") {
  const Split split = SplitText(
      "4.3.7.障害対応と復旧までの目標時間 \n\n"
      "何らかの理由でクラウドサービスが停止した場合、当社は復旧計画に従ってサ\n\n"
      "ービスの復旧を試みます。単一障害が発生した場合の目標復旧時間は１時間と\n\n"
      "しています。 \n\n \n\n"
      "4.4.情報セキュリティインシデントの取り扱い \n\n");
  CheckInvariants(split);
  CHECK(Texts(split.passages) ==
        std::vector<std::string>{
            "4.3.7.障害対応と復旧までの目標時間",
            "何らかの理由でクラウドサービスが停止した場合、当社は復旧計画に従ってサービスの復旧を試みます。",
            "単一障害が発生した場合の目標復旧時間は1時間としています。",
            "4.4.情報セキュリティインシデントの取り扱い",
        });
}

TEST_CASE("passages: a note in parentheses stays with its sentence") {
  const Split split = SplitText("プライバシーマークを取得しています。(登録番号:第17001405号)次の文です。\n");
  CHECK(Texts(split.passages) ==
        std::vector<std::string>{"プライバシーマークを取得しています。(登録番号:第17001405号)",
                                 "次の文です。"});
}

TEST_CASE("passages: empty and blank input give no passages") {
  CHECK(SplitText("").passages.empty());
  CHECK(SplitText("\n \n\t\n\f\n").passages.empty());
  CHECK(SplitText("─────\n- 1 -\n").passages.empty());
}

TEST_CASE("passages: kind names") {
  CHECK(std::string(PassageKindName(PassageKind::kSentence)) == "sentence");
  CHECK(std::string(PassageKindName(PassageKind::kTableRow)) == "table_row");
  CHECK(std::string(PassageKindName(PassageKind::kListItem)) == "list_item");
  CHECK(std::string(PassageKindName(PassageKind::kHeading)) == "heading");
}

// ---------------------------------------------------------------------------------------------
// The seed whitepapers as text.

TEST_CASE("passages: seed 000 (prose re-wrapped with blank lines, tables in prose)") {
  const Split split = SplitSeed("000_4eb37b3979d3b2f9.txt");
  CheckInvariants(split);
  const Passage rto = Only(split.passages, "単一障害が発生した場合");
  CHECK(rto.text == "単一障害が発生した場合の目標復旧時間は1時間としています。");
  CHECK(rto.kind == PassageKind::kSentence);
  REQUIRE(!rto.section_path.empty());
  CHECK(rto.section_path.back() == "4.3.7.障害対応と復旧までの目標時間");
  CHECK(Only(split.passages, "複合障害").text ==
        "複合障害が発生した場合の目標復旧時間は24時間を目指します。");
  CHECK(Only(split.passages, "サービス稼働率99.9%").text == "サービス稼働率99.9%以上");
  CHECK(Only(split.passages, "計画停止予告案内").text ==
        "計画停止予告案内14日前までに電子メール、もしくはコミュニケーションツールなどで案内致します。");
  const Passage notice = Only(split.passages, "1営業日以内を目標に");
  REQUIRE(notice.section_path.size() >= 2);
  CHECK(notice.section_path[notice.section_path.size() - 2] == "4.4.情報セキュリティインシデントの取り扱い");
  CHECK(notice.section_path.back() == "4.4.2.インシデントの通知手順と通知までの目標時間");
  // The list under 2.2 is a list, and the next real section is still a heading.
  CHECK(Only(split.passages, "3. サービスの設定内容").kind == PassageKind::kListItem);
  CHECK(Only(split.passages, "2.3. ICT サプライチェーン").kind == PassageKind::kHeading);
  CHECK(Only(split.passages, "初版作成").text == "1.0\t2024年1月18日\t初版作成");
  CHECK(Containing(split.passages, "───").empty());
}

TEST_CASE("passages: seed 001 (tab-separated checklist)") {
  const Split split = SplitSeed("001_a875b5117596e9ca.txt");
  CheckInvariants(split);
  const Passage generations = Only(split.passages, "世代バックアップ");
  CHECK(generations.kind == PassageKind::kTableRow);
  CHECK(generations.text.find("世代バックアップ(何世代前までかを記述)\t7世代") != std::string::npos);
  CHECK(Only(split.passages, "サービス稼働率の目標値").text.find("サービス稼働率の目標値\t99.90%") !=
        std::string::npos);
  CHECK(Only(split.passages, "更新日時").text == "更新日時:\t2025年5月13日12:00");
  CHECK(Only(split.passages, "データセンター").text == "データセンター\tAWS 東京リージョンを利用");
  CHECK(Containing(split.passages, "-----").empty());
}

TEST_CASE("passages: seed 002 (table of contents, prose, checklist)") {
  const Split split = SplitSeed("002_ae363bfb9f19e15c.txt");
  CheckInvariants(split);
  CHECK(Containing(split.passages, ".....").empty());
  // Each TOC title is left only as the real heading further down.
  const std::vector<Passage> encryption = Containing(split.passages, "1.2.1. 通信の暗号化");
  REQUIRE(encryption.size() == 1);
  CHECK(encryption[0].kind == PassageKind::kHeading);
  CHECK(Containing(split.passages, "目次").empty());
  const Passage incident = Only(split.passages, "インシデントの認知から24時間以内");
  CHECK(incident.text ==
        "影響を受けたお客様に対し、インシデントの認知から24時間以内に通知を行うことを目標としています。");
  CHECK(PathContains(incident, "インシデント"));
  const Passage rto = Only(split.passages, "2時間を目標");
  CHECK(rto.kind == PassageKind::kTableRow);
  CHECK(rto.text.find(
            "障害発生後のサービス提供の再開に関して設定された目標時間\t時間\t2時間を目標としております。") !=
        std::string::npos);
  CHECK(Only(split.passages, "ホームページのお知らせ").kind == PassageKind::kListItem);
}

TEST_CASE("passages: seed 003 (ISO 27017 numbering, TOC without leaders)") {
  const Split split = SplitSeed("003_53560c7a911e6863.txt");
  CheckInvariants(split);
  CHECK(Containing(split.passages, "5.1.1情報セキュリティのための方針群").size() == 1);
  const Passage law = Only(split.passages, "「準拠法」は「日本法」");
  REQUIRE(law.section_path.size() == 4);
  CHECK(law.section_path[0] == "III.ISO/IEC 27017:2015 (JIS Q 27017:2016) への対応");
  CHECK(law.section_path[1] == "18順守");
  CHECK(law.section_path[3] == "18.1.1適用法令および契約上の要求事項の特定");
  CHECK(Only(split.passages, "初版作成").text == "第1.0版\t2025/12/2\t初版作成");
  CHECK(Only(split.passages, "通信:SSL/TLS").text == "通信:SSL/TLS (TLS1.3 / SHA-256 With RSA)");
}

TEST_CASE("passages: seed 004 (unnumbered headings)") {
  const Split split = SplitSeed("004_9a680ca3850dccf9.txt");
  CheckInvariants(split);
  const Passage generations = Only(split.passages, "2世代分");
  CHECK(generations.text == "バックアップは、2世代分保管されます。");
  CHECK(generations.section_path == std::vector<std::string>{"情報のバックアップ"});
  CHECK(Only(split.passages, "シングルサインオン(SSO)を整備し").section_path ==
        std::vector<std::string>{"SSO"});
  CHECK(Only(split.passages, "2025年9月16日改定").text == "2025年9月16日改定");
}

// Returns the gold evidence quotes of a seed (../shared/gold/<basename>.json), each once.
std::vector<std::string> GoldEvidence(const std::string& basename) {
  const nlohmann::json gold =
      nlohmann::json::parse(ReadFile(std::string(KENSA_SHARED_DIR) + "/gold/" + basename + ".json"));
  std::vector<std::string> evidence;
  for (const auto& [field, findings] : gold.at("fields").items()) {
    for (const auto& finding : findings) {
      const std::string quote = finding.at("evidence").get<std::string>();
      if (std::find(evidence.begin(), evidence.end(), quote) == evidence.end()) evidence.push_back(quote);
    }
  }
  return evidence;
}

std::string WithoutBlanks(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c != ' ' && c != '\t') out += c;
  }
  return out;
}

// Checks that every gold evidence, normalized, lies inside one passage. Spaces and tabs are not
// compared: the seeds separate cells with tabs, a PDF with spaces or nothing. With
// `sentences_only`, evidence that runs over two sentences is skipped (a PDF has no cells to keep
// it together).
void CheckGoldEvidenceInsidePassages(const Split& split, const std::string& basename, bool sentences_only) {
  std::vector<std::string> passages;
  for (const Passage& passage : split.passages) passages.push_back(WithoutBlanks(passage.text));
  for (const std::string& quote : GoldEvidence(basename)) {
    const std::string normalized = NormalizeString(quote);
    const size_t stop = normalized.find("。");
    if (sentences_only && stop != std::string::npos && stop + 3 < normalized.size()) continue;
    const std::string needle = WithoutBlanks(normalized);
    CAPTURE(normalized);
    CHECK(std::any_of(passages.begin(), passages.end(),
                      [&](const std::string& passage) { return passage.find(needle) != std::string::npos; }));
  }
}

TEST_CASE("passages: every gold evidence of the seeds lies inside one passage") {
  for (const char* basename : {"000_4eb37b3979d3b2f9", "001_a875b5117596e9ca", "002_ae363bfb9f19e15c",
                               "003_53560c7a911e6863", "004_9a680ca3850dccf9"}) {
    CAPTURE(basename);
    CheckGoldEvidenceInsidePassages(SplitSeed(std::string(basename) + ".txt"), basename, false);
    CheckGoldEvidenceInsidePassages(SplitFixture(std::string(basename) + ".txt"), basename, true);
  }
}

// ---------------------------------------------------------------------------------------------
// The same documents as poppler reads their PDFs: no tabs, no blank lines, cells glued, lines
// wrapped inside words and numbers, pages.

TEST_CASE("passages: PDF text of seed 000") {
  const Split split = SplitFixture("000_4eb37b3979d3b2f9.txt");
  CheckInvariants(split);
  const Passage rto = Only(split.passages, "単一障害が発生した場合");
  CHECK(rto.text == "単一障害が発生した場合の目標復旧時間は1時間としています。");
  REQUIRE(!rto.section_path.empty());
  CHECK(rto.section_path.back() == "4.3.7.障害対応と復旧までの目標時間");
  CHECK(rto.page > 1);
  CHECK(Only(split.passages, "サービス稼働率99.9%").text == "サービス稼働率99.9%以上");
  CHECK(Only(split.passages, "計画停止は年間").text ==
        "計画停止は年間8.8時間以内とし、可能な限り夜間に行います。");
  CHECK(Containing(split.passages, "───").empty());
}

TEST_CASE("passages: PDF text of seed 001") {
  const Split split = SplitFixture("001_a875b5117596e9ca.txt");
  CheckInvariants(split);
  const Passage generations = Only(split.passages, "世代バックアップ");
  CHECK(generations.text.find("7世代") != std::string::npos);
  CHECK(generations.text.find("2 7") == std::string::npos);  // the next row is a passage of its own
  CHECK(Only(split.passages, "目標値").text.find("99.90%") != std::string::npos);
  CHECK(Only(split.passages, "更新日時").text == "更新日時:\t2025年5月13日12:00");
  // The number the layout broke ("第 170014\n05 号") is whole, with its note in its sentence.
  CHECK(Only(split.passages, "登録番号")
            .text.find("プライバシーマーク取得を取得しています。(登録番号:第17001405号)") !=
        std::string::npos);
}

TEST_CASE("passages: PDF text of seed 002") {
  const Split split = SplitFixture("002_ae363bfb9f19e15c.txt");
  CheckInvariants(split);
  CHECK(Containing(split.passages, ".....").empty());
  const std::vector<Passage> encryption = Containing(split.passages, "1.2.1. 通信の暗号化");
  REQUIRE(encryption.size() == 1);
  CHECK(encryption[0].kind == PassageKind::kHeading);
  CHECK(encryption[0].page == 2);
  const Passage incident = Only(split.passages, "インシデントの認知から24時間以内");
  CHECK(incident.text ==
        "影響を受けたお客様に対し、インシデントの認知から24時間以内に通知を行うことを目標としています。");
  CHECK(PathContains(incident, "インシデント"));
  CHECK(incident.page == 3);
  // "T\nLS1.2" and "受付 Q\nR コード" are joined back into words.
  CHECK(Only(split.passages, "暗号化方式").text == "暗号化方式としては TLS1.2以上を使用しております。");
  CHECK(!Containing(split.passages, "受付 QR コード").empty());
  // A row the page break cut in two is one passage again.
  CHECK(!Containing(split.passages, "事前連絡確認(事前通知のタイミング/方法の記述を含む) 有無有タイミング")
             .empty());
}

TEST_CASE("passages: PDF text of seed 003") {
  const Split split = SplitFixture("003_53560c7a911e6863.txt");
  CheckInvariants(split);
  CHECK(Containing(split.passages, "5.1.1情報セキュリティのための方針群").size() == 1);
  CHECK(Containing(split.passages, "I. 目的4").empty());
  const Passage law = Only(split.passages, "「準拠法」は「日本法」");
  REQUIRE(!law.section_path.empty());
  CHECK(law.section_path.back() == "18.1.1適用法令および契約上の要求事項の特定");
}

TEST_CASE("passages: PDF text of seed 004") {
  const Split split = SplitFixture("004_9a680ca3850dccf9.txt");
  CheckInvariants(split);
  const Passage generations = Only(split.passages, "2世代分");
  CHECK(generations.text == "バックアップは、2世代分保管されます。");
  CHECK(generations.section_path == std::vector<std::string>{"情報のバックアップ"});
}

}  // namespace
}  // namespace kensa
