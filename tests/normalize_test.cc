// Tests for stage 2, normalize: one table of input -> output cases per rule (adding a case is one
// line), then the offset maps.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "normalize/normalizer.h"

namespace kensa {
namespace {

struct Case {
  const char* input;
  const char* expected;
};

void CheckAll(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    const std::string input = c.input;
    CAPTURE(input);
    CHECK(NormalizeString(c.input) == c.expected);
  }
}

TEST_CASE("normalize: NFKC folds widths and keeps list markers") {
  CheckAll({
      {"ＡＢＣ１２３", "ABC123"},
      {"ｶﾞｲﾄﾞﾗｲﾝ", "ガイドライン"},
      {"（有）：ＴＬＳ１．２", "(有):TLS1.2"},
      {"サービス稼働率 99.9％以上", "サービス稼働率99.9%以上"},
      {"①バックアップ", "①バックアップ"},
      {"⑴ 対象", "(1) 対象"},
      {"ｰ", "ー"},
  });
}

TEST_CASE("normalize: wave dashes, tildes and dashes") {
  CheckAll({
      {"9:00～17:30", "9:00〜17:30"},
      {"9:00〜17:30", "9:00〜17:30"},
      {"1~2週間", "1〜2週間"},
      {"10∼12時", "10〜12時"},
      {"平日〰土曜", "平日〜土曜"},
      {"9:30-17:30", "9:30-17:30"},
      {"9:30–17:30", "9:30-17:30"},
      {"9:00ー18:00", "9:00-18:00"},
      {"9:00—18:00", "9:00-18:00"},
      {"サーバー", "サーバー"},
      {"https://example.com/~user/", "https://example.com/~user/"},
      {"9:00一18:00", "9:00-18:00"},  // OCR's dash read as the kanji one, between digits only
      {"一時的", "一時的"},
  });
}

TEST_CASE("normalize: the wave dash of a time range put back where OCR lost or misread it") {
  CheckAll({
      {"平日9時18時(12時て13時を除く)", "平日9時〜18時(12時〜13時を除く)"},
      {"9:00て12:00/13:00こ17:30", "9:00〜12:00/13:00〜17:30"},
      {"10時一17時", "10時〜17時"},
      {"9時18:00", "9時〜18:00"},
      // Not two times: left alone.
      {"24時間365日", "24時間365日"},
      {"9時て", "9時て"},
      {"毎日3時ころ", "毎日3時ころ"},
      {"12時ごろ13時", "12時ごろ13時"},
  });
}

TEST_CASE("normalize: spaces dropped only where the layout put them") {
  CheckAll({
      {"2023 年 5 月", "2023年5月"},
      {"24 時間 365 日", "24時間365日"},
      {"年間 8.8 時間", "年間8.8時間"},
      {"１ 営業日以内", "1営業日以内"},
      {"当社は　ISMS を取得", "当社は ISMS を取得"},
      {"株式会社　プラグ", "株式会社プラグ"},
      {"Amazon Web Services", "Amazon Web Services"},
      {"Web 上で提供", "Web 上で提供"},
      {"ISO/IEC 27001", "ISO/IEC 27001"},
      {"1.0  2024 年 1月 18 日  初版作成", "1.0  2024年1月18日  初版作成"},
      {"項目\t回答", "項目\t回答"},
      {"有り \t無し", "有り \t無し"},
  });
}

TEST_CASE("normalize: kanji numerals before a counter become digits") {
  CheckAll({
      {"十世代", "10世代"},
      {"二十四時間", "24時間"},
      {"九十九・九パーセント", "99.9パーセント"},  // a decimal point written as 中黒
      {"二十四 時間", "24時間"},
      {"三十日", "30日"},
      {"三百六十五日", "365日"},
      {"年に一回", "年に1回"},
      {"一年間", "1年間"},
      {"七世代", "7世代"},
      {"一営業日以内", "1営業日以内"},
      {"二〇二三年", "2023年"},
      {"千二百件", "1200件"},
      {"一ヶ月前", "1ヶ月前"},
      {"三か月", "3か月"},
      {"二カ月", "2カ月"},
      {"一週間前", "1週間前"},
      {"五分以内", "5分以内"},
      {"十分以内", "10分以内"},
      {"三十分", "30分"},
      {"三割", "3割"},
      {"二倍", "2倍"},
      {"五十%", "50%"},
      {"第三章", "第3章"},
      {"二要素認証", "2要素認証"},
      {"三拠点", "3拠点"},
      {"二箇所", "2箇所"},
      {"一〜二週間", "1〜2週間"},
      {"一時間", "1時間"},
      {"月一回", "月1回"},
      {"週一回", "週1回"},
      {"二名", "2名"},
  });
}

TEST_CASE("normalize: kanji numerals inside words stay") {
  CheckAll({
      {"一般", "一般"},
      {"統一", "統一"},
      {"一時的", "一時的"},
      {"一時停止", "一時停止"},
      {"一部", "一部"},
      {"一定時間", "一定時間"},
      {"十分な", "十分な"},
      {"十分に", "十分に"},
      {"十分。", "十分。"},
      {"唯一", "唯一"},
      {"一元管理", "一元管理"},
      {"一覧", "一覧"},
      {"第三者", "第三者"},
      {"三菱", "三菱"},
      {"同一日", "同一日"},
      {"数十件", "数十件"},
      {"単一障害", "単一障害"},
      {"一度", "一度"},
      {"一人ひとり", "一人ひとり"},
      {"一日も早く", "一日も早く"},
      {"四分の一", "四分の一"},
      {"〇日", "〇日"},
      {"六本木", "六本木"},
      {"千代田区", "千代田区"},
      {"四国", "四国"},
      {"二次記憶媒体", "二次記憶媒体"},
      {"一切", "一切"},
      {"万一", "万一"},
      {"十数年", "十数年"},
      {"関東一円", "関東一円"},
  });
}

TEST_CASE("normalize: line breaks inside a word are joined, others stay") {
  CheckAll({
      {"2\n世代", "2世代"},
      {"24\n時間", "24時間"},
      {"24 \n時間", "24時間"},
      {"99.9\n%以上", "99.9%以上"},
      {"二十四\n時間", "24時間"},
      {"100\nGB", "100GB"},
      {"T\nLS1.2", "TLS1.2"},
      {"TLS\n1.2以上", "TLS1.2以上"},
      {"ISO/IEC2700\n1", "ISO/IEC27001"},
      {"受付 Q\nR コード", "受付 QR コード"},
      {"(CIS\nO)", "(CISO)"},
      {"exam-\nple", "example"},
      {"AES-\n256", "AES-256"},
      {"SSE-\nS3", "SSE-S3"},
      {"https://www-system.com/data/terms\n/pdf/terms.pdf",
       "https://www-system.com/data/terms/pdf/terms.pdf"},
      {"https://example.jp/information-security-\npolicy/",
       "https://example.jp/information-security-policy/"},
      {"https://ww-s\nystem.com/", "https://ww-system.com/"},
      // Line breaks that are not inside a word stay.
      {"提供し\nております", "提供し\nております"},
      {"Amazon\nWeb", "Amazon\nWeb"},
      {"AWS\nKMS", "AWS\nKMS"},
      {"AWS\n1.2 適用範囲", "AWS\n1.2適用範囲"},
      {"プラン a\nbを選択", "プラン a\nbを選択"},
      {"https://rally.smartpr.jp/\n3. 概要", "https://rally.smartpr.jp/\n3. 概要"},
      {"1.0\n2024年", "1.0\n2024年"},
      {"項目\n\n7世代", "項目\n\n7世代"},
  });
}

TEST_CASE("normalize: control characters and line ends") {
  CheckAll({
      {"有り\r\n無し", "有り\n無し"},
      {"有り\r無し", "有り\n無し"},
      {"有り\v無し", "有り\n無し"},
      {"有り\x01無し", "有り無し"},
      {"a\xE2\x80\x8B"
       "b",
       "ab"},  // zero-width space
      {"\xEF\xBB\xBF"
       "本書",
       "本書"},  // BOM
      {"bad \xFF byte", "bad \xEF\xBF\xBD byte"},
  });
}

TEST_CASE("normalize: pages are joined with form feeds and mapped back") {
  const std::vector<Page> pages = {{1, "ＡＢ\n１２"}, {2, "ｶﾞ 世代"}, {3, ""}};
  const NormalizedText normalized = Normalize(pages);
  REQUIRE(normalized.text == "AB\n12\fガ世代\f");
  REQUIRE(normalized.page_of.size() == normalized.text.size() + 1);
  REQUIRE(normalized.raw_offset_of.size() == normalized.text.size() + 1);
  // "AB" come from the full-width letters at raw offsets 0 and 3.
  CHECK(normalized.page_of[0] == 1);
  CHECK(normalized.raw_offset_of[0] == 0);
  CHECK(normalized.raw_offset_of[1] == 3);
  // '\n' is raw byte 6; "12" are raw bytes 7 and 10.
  CHECK(normalized.raw_offset_of[2] == 6);
  CHECK(normalized.raw_offset_of[3] == 7);
  CHECK(normalized.raw_offset_of[4] == 10);
  // The page break belongs to the end of page 1.
  CHECK(normalized.text[5] == '\f');
  CHECK(normalized.page_of[5] == 1);
  CHECK(normalized.raw_offset_of[5] == 13);
  // All three bytes of the composed "ガ" map to the raw "ｶ" at offset 0 of page 2.
  for (size_t k = 6; k < 9; ++k) {
    CHECK(normalized.page_of[k] == 2);
    CHECK(normalized.raw_offset_of[k] == 0);
  }
  // "世" after the dropped space: raw offset 7 (ｶ 3 bytes, ﾞ 3 bytes, space 1 byte).
  CHECK(normalized.raw_offset_of[9] == 7);
  CHECK(normalized.PageAt(9) == 2);
  // The empty page 3 still has its separator; one past the end maps to page 3.
  CHECK(normalized.page_of.back() == 3);
  CHECK(normalized.raw_offset_of.back() == 0);
  CHECK(normalized.PageAt(normalized.page_of.size()) == 0);
}

TEST_CASE("normalize: offsets of converted kanji numerals") {
  const NormalizedText normalized = Normalize({{7, "年に二〇二三回、二十四時間"}});
  REQUIRE(normalized.text == "年に2023回、24時間");
  // Positional numerals keep one raw position per digit: 年(0) に(3) 二(6) 〇(9) 二(12) 三(15).
  CHECK(normalized.raw_offset_of[6] == 6);
  CHECK(normalized.raw_offset_of[7] == 9);
  CHECK(normalized.raw_offset_of[9] == 15);
  // "24" from "二十四" (raw 24) map to the start of the numeral.
  const size_t at = normalized.text.find("24");
  CHECK(normalized.raw_offset_of[at] == 24);
  CHECK(normalized.raw_offset_of[at + 1] == 24);
  for (int32_t page : normalized.page_of) CHECK(page == 7);
}

// A long document is folded in two halves on two threads: the seeds cut into pages (and pages made
// to end and begin with what a fold joins, at every place the halves could meet) come out the same.
TEST_CASE("normalize: two threads fold a long document as one does") {
  std::vector<Page> pages;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(KENSA_SHARED_DIR) + "/seeds")) {
    std::ifstream in(entry.path());
    std::string page, line;
    for (int lines = 1; std::getline(in, line); ++lines) {
      page += line + "\n";
      if (lines % 7 == 0) {
        pages.push_back({static_cast<int>(pages.size()) + 1, page});
        page.clear();
      }
    }
  }
  REQUIRE(pages.size() >= 64);
  const std::vector<std::string> edges = {"保存期間は二十四", "時間", "TLS", "1.2に対応", "exam-", "ple\n",
                                          "\n先頭が改行", "〜", "9:00-", "18:00 ", " 末尾", "ISO/IEC2700", "1"};
  for (size_t at = 0; at + 1 < edges.size(); ++at) {
    std::vector<Page> cut = pages;
    cut[cut.size() / 2 - 1].text += edges[at];
    cut[cut.size() / 2].text = edges[at + 1] + cut[cut.size() / 2].text;
    for (const std::vector<Page>* document : {&pages, &cut}) {
      const NormalizedText two = Normalize(*document);
      const NormalizedText one = Normalize(*document, /*one_thread=*/true);
      CHECK(two.text == one.text);
      CHECK(two.page_of == one.page_of);
      CHECK(two.raw_offset_of == one.raw_offset_of);
    }
  }
}

TEST_CASE("normalize: no pages") {
  const NormalizedText normalized = Normalize({});
  CHECK(normalized.text.empty());
  CHECK(normalized.page_of.size() == 1);
  CHECK(normalized.raw_offset_of.size() == 1);
}

}  // namespace
}  // namespace kensa
