// Tests for pipeline/values: one table per parser, in commented groups, each ending with the
// "former bugs" found while writing it. Adding a case is one line.

#include <doctest/doctest.h>

#include <cstdio>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "common/vocabulary.h"
#include "values/value.h"

#include "value_builders.h"

namespace kensa {
namespace {

using namespace kensa::testing;  // NOLINT: D(), Range(), Forever(), U


// Compared as text so a failure prints both sides readably.
std::string Show(const std::optional<Duration>& d) {
  if (!d) return "nullopt";
  if (d->unbounded) return "{unbounded}";
  char buffer[96];
  if (d->upto) {
    std::snprintf(buffer, sizeof buffer, "{%g upto %g %s}", d->amount, *d->upto, TimeUnitName(d->unit));
  } else {
    std::snprintf(buffer, sizeof buffer, "{%g %s}", d->amount, TimeUnitName(d->unit));
  }
  return buffer;
}

std::string Show(const std::vector<Hours>& windows) {
  std::string out = "[";
  for (const Hours& h : windows) out += h.always ? "{always}" : "{" + h.from + "-" + h.to + "}";
  return out + "]";
}

template <typename T>
std::string Show(const std::optional<T>& v) {
  if (!v) return "nullopt";
  if constexpr (std::is_same_v<T, Date>) {
    return v->iso;
  } else if constexpr (std::is_same_v<T, bool>) {
    return *v ? "true" : "false";
  } else {
    return std::to_string(*v);
  }
}

struct DurationCase {
  const char* text;
  std::optional<Duration> want;
};

void CheckDurations(std::initializer_list<DurationCase> cases) {
  for (const DurationCase& c : cases) {
    const std::string text = c.text;
    CAPTURE(text);
    CHECK(Show(ParseDuration(c.text)) == Show(c.want));
  }
}

void CheckFrequencies(std::initializer_list<DurationCase> cases) {
  for (const DurationCase& c : cases) {
    const std::string text = c.text;
    CAPTURE(text);
    CHECK(Show(ParseFrequency(c.text)) == Show(c.want));
  }
}

template <typename T, typename Parser>
void CheckTable(std::initializer_list<std::pair<const char*, std::optional<T>>> cases, Parser parse) {
  for (const auto& [input, want] : cases) {
    const std::string text = input;
    CAPTURE(text);
    CHECK(Show(std::optional<T>(parse(text))) == Show(want));
  }
}

struct HoursCase {
  const char* text;
  std::vector<Hours> want;
};

void CheckHours(std::initializer_list<HoursCase> cases) {
  for (const HoursCase& c : cases) {
    const std::string text = c.text;
    CAPTURE(text);
    CHECK(Show(ParseHours(c.text)) == Show(c.want));
  }
}

const std::optional<Duration> kNone;

TEST_SUITE_BEGIN("values");

TEST_CASE("values::ParseDuration") {
  SUBCASE("units") {
    CheckDurations({
        {"30分", D(30, U::kMinute)},
        {"30分間", D(30, U::kMinute)},
        {"4時間", D(4, U::kHour)},
        {"14日", D(14, U::kDay)},
        {"365日間", D(365, U::kDay)},
        {"3営業日", D(3, U::kBusinessDay)},
        {"1週", D(1, U::kWeek)},
        {"2週間", D(2, U::kWeek)},
        {"1ヶ月", D(1, U::kMonth)},
        {"1ヵ月", D(1, U::kMonth)},
        {"1か月", D(1, U::kMonth)},
        {"1カ月", D(1, U::kMonth)},
        {"1箇月", D(1, U::kMonth)},
        {"1ケ月", D(1, U::kMonth)},
        {"3ヶ月間", D(3, U::kMonth)},
        {"6月間", D(6, U::kMonth)},
        {"1年", D(1, U::kYear)},
        {"5年間", D(5, U::kYear)},
    });
  }
  SUBCASE("decimals and halves") {
    CheckDurations({
        {"8.8時間", D(8.8, U::kHour)},
        {"1.5時間", D(1.5, U::kHour)},
        {"1時間半", D(1.5, U::kHour)},
        {"1年半", D(1.5, U::kYear)},
        {"半年", D(6, U::kMonth)},
        {"半日", D(0.5, U::kDay)},
    });
  }
  SUBCASE("ranges") {
    CheckDurations({
        {"1〜2週間", Range(1, 2, U::kWeek)},
        {"3〜5営業日", Range(3, 5, U::kBusinessDay)},
        {"1時間〜2時間", Range(1, 2, U::kHour)},
        {"1~2週間前にメール", Range(1, 2, U::kWeek)},
        {"1～2週間", Range(1, 2, U::kWeek)},
        {"1-2営業日", Range(1, 2, U::kBusinessDay)},
        {"1‐2日", Range(1, 2, U::kDay)},
        {"1−2日", Range(1, 2, U::kDay)},
        {"1–2日", Range(1, 2, U::kDay)},
        {"1日から3日", Range(1, 3, U::kDay)},
        {"1 〜 2 週間", Range(1, 2, U::kWeek)},
        {"30分〜1時間", Range(30, 60, U::kMinute)},
        {"1時間〜30分", D(1, U::kHour)},  // reversed: not a range, the first value stands
    });
  }
  SUBCASE("words") {
    CheckDurations({
        {"翌営業日", D(1, U::kBusinessDay)},
        {"翌営業日以内を目標に", D(1, U::kBusinessDay)},
        {"翌々営業日", D(2, U::kBusinessDay)},
        {"翌日", D(1, U::kDay)},
        {"即日", D(0, U::kDay)},
        {"当日中", D(0, U::kDay)},
        {"無期限", Forever()},
        {"保持期間は無期限となっています", Forever()},
        {"期限なし", Forever()},
        {"無制限", Forever()},
        {"永久保存", Forever()},
    });
  }
  SUBCASE("value inside surrounding words") {
    CheckDurations({
        {"24時間以内を目標", D(24, U::kHour)},
        {"原則1週間前まで", D(1, U::kWeek)},
        {"約1時間", D(1, U::kHour)},
        {"14日前までに", D(14, U::kDay)},
        {"1年以上", D(1, U::kYear)},
        {"計画停止は年間 8.8 時間以内とし", D(8.8, U::kHour)},
        {"24 時間", D(24, U::kHour)},
        {"契約期間終了後1ヶ月以内を目安に", D(1, U::kMonth)},
        {"期限:365日間", D(365, U::kDay)},
        {"24時間365日", D(24, U::kHour)},
        {"翌営業日9時まで", D(1, U::kBusinessDay)},  // the first value stated wins
    });
  }
  SUBCASE("full-width and kanji numerals") {
    CheckDurations({
        {"１時間", D(1, U::kHour)},
        {"２４時間", D(24, U::kHour)},
        {"二十四時間", D(24, U::kHour)},
        {"三十分", D(30, U::kMinute)},
        {"一週間前", D(1, U::kWeek)},
        {"十日間", D(10, U::kDay)},
        {"百日", D(100, U::kDay)},
        {"一〜二週間", Range(1, 2, U::kWeek)},
        {"三百六十五日", D(365, U::kDay)},
    });
  }
  SUBCASE("English") {
    CheckDurations({
        {"4 hours", D(4, U::kHour)},
        {"30 minutes", D(30, U::kMinute)},
        {"1 business day", D(1, U::kBusinessDay)},
        {"within 2 days", D(2, U::kDay)},
        {"1-2 weeks", Range(1, 2, U::kWeek)},
        {"3 Months", D(3, U::kMonth)},
        {"next business day", D(1, U::kBusinessDay)},
    });
  }
  SUBCASE("no value stated") {
    CheckDurations({
        {"速やかに", kNone},
        {"当社所定の期間", kNone},
        {"別途協議", kNone},
        {"", kNone},
        {"9時", kNone},
        {"0時までを保証します", kNone},
        {"9時から18時まで", kNone},
        {"9:00〜18:00", kNone},
        {"2024年3月14日", kNone},
        {"毎月10日", kNone},
        {"第2週", kNone},
        {"3分の1", kNone},
        {"2025-09-16", kNone},
        {"令和6年", kNone},
        {"十分な期間", kNone},
    });
  }
  SUBCASE("former bugs") {
    CheckDurations({
        {"9時30分", kNone},          // minutes of a clock time are no duration
        {"2024年度", kNone},         // a fiscal year
        {"6年3月", kNone},           // an era year without its era name
        {"一時的に停止", kNone},     // 一時 as "temporary", not 1 o'clock
        {"1日3回", D(1, U::kDay)},   // a frequency phrase still states its period
        {"1,000時間", D(1000, U::kHour)},
        {"1年3ヶ月", D(15, U::kMonth)},      // a compound amount, in its smaller unit
        {"2時間30分", D(150, U::kMinute)},
        {"1時間 30分前", D(90, U::kMinute)},
        {"24h", D(24, U::kHour)},
    });
  }
}

TEST_CASE("values::ParseFrequency") {
  SUBCASE("daily") {
    CheckFrequencies({
        {"日次", D(1, U::kDay)},
        {"毎日", D(1, U::kDay)},
        {"1日1回", D(1, U::kDay)},
        {"デイリー", D(1, U::kDay)},
        {"daily", D(1, U::kDay)},
        {"Daily", D(1, U::kDay)},
        {"バックアップは日次で取得を行っており、10日間保管をしています。", D(1, U::kDay)},
        {"1日に1回", D(1, U::kDay)},
        {"毎晩", D(1, U::kDay)},
    });
  }
  SUBCASE("weekly, monthly, yearly") {
    CheckFrequencies({
        {"週次", D(1, U::kWeek)},
        {"毎週", D(1, U::kWeek)},
        {"週1回", D(1, U::kWeek)},
        {"weekly", D(1, U::kWeek)},
        {"月次", D(1, U::kMonth)},
        {"毎月", D(1, U::kMonth)},
        {"月1回", D(1, U::kMonth)},
        {"月に1回", D(1, U::kMonth)},
        {"年次", D(1, U::kYear)},
        {"毎年", D(1, U::kYear)},
        {"年1回", D(1, U::kYear)},
        {"年に1回以上", D(1, U::kYear)},
        {"1年に1回", D(1, U::kYear)},
        {"年に一回", D(1, U::kYear)},
        {"自社内でのWebアプリケーション脆弱性テストを年1回のペースで実施しています。", D(1, U::kYear)},
        {"外部セキュリティ専門会社による脆弱性診断を年に1回以上実施しています。", D(1, U::kYear)},
    });
  }
  SUBCASE("quarters and halves") {
    CheckFrequencies({
        {"四半期ごと", D(3, U::kMonth)},
        {"四半期に1回", D(3, U::kMonth)},
        {"半年に1回", D(6, U::kMonth)},
        {"半期", D(6, U::kMonth)},
        {"年2回", D(6, U::kMonth)},
        {"年4回", D(3, U::kMonth)},
        {"quarterly", D(3, U::kMonth)},
    });
  }
  SUBCASE("hours and counts per period") {
    CheckFrequencies({
        {"毎時", D(1, U::kHour)},
        {"1時間ごと", D(1, U::kHour)},
        {"6時間ごと", D(6, U::kHour)},
        {"6時間毎", D(6, U::kHour)},
        {"1日2回", D(12, U::kHour)},
        {"毎日2回", D(12, U::kHour)},
        {"2日に1回", D(2, U::kDay)},
        {"2回/日", D(12, U::kHour)},
        {"週2回", D(84, U::kHour)},
        {"every 6 hours", D(6, U::kHour)},
        {"3 times a day", D(8, U::kHour)},
        {"隔週", D(2, U::kWeek)},
        {"1週間毎", D(1, U::kWeek)},
        {"5分おき", D(5, U::kMinute)},
        {"1日おき", D(2, U::kDay)},  // every other day
        {"1回/1日", D(1, U::kDay)},
        {"2回/1週間", D(84, U::kHour)},
    });
    // A range of intervals: "5〜10分おき".
    Duration range = D(5, U::kMinute);
    range.upto = 10;
    CHECK(ParseFrequency("5〜10分おき") == range);
    CHECK_FALSE(ParseFrequency("5〜10分"));  // a range of durations is no interval
  }
  SUBCASE("a bare interval") {
    CheckFrequencies({
        {"1日", D(1, U::kDay)},
        {"24時間", D(24, U::kHour)},
        {"約1週間", D(1, U::kWeek)},
    });
  }
  SUBCASE("no frequency stated") {
    CheckFrequencies({
        {"随時", kNone},
        {"リアルタイム", kNone},
        {"定期的に", kNone},
        {"10日間保管", kNone},
        {"無期限", kNone},
        {"", kNone},
    });
  }
  SUBCASE("former bugs") {
    CheckFrequencies({
        {"毎月1日", D(1, U::kMonth)},  // "1日" is the day of the month, not a daily interval
        {"年度ごと", D(1, U::kYear)},
        {"biannual", kNone},           // "annual" inside a longer word
        {"年1〜2回", D(1, U::kYear)},  // the lower count is the promise, as in "年1回以上"
    });
  }
}

TEST_CASE("values::ParsePercent") {
  SUBCASE("forms") {
    CheckTable<double>(
        {
            {"99.9%", 99.9},
            {"99.95%以上", 99.95},
            {"99.9 %", 99.9},
            {"99.9パーセント", 99.9},
            {"99.90%", 99.9},
            {"99.9％以上", 99.9},
            {"サービス稼働率 99.9％以上", 99.9},
            {"99.9%以上です。", 99.9},
            {"100%", 100.0},
            {"0%", 0.0},
            {"99%", 99.0},
            {"99.99 percent", 99.99},
            {"９９．９％", 99.9},
            {"99.9", 99.9},  // a bare number in a table cell
            {"稼働率の目標値\t99.90%", 99.9},
        },
        ParsePercent);
  }
  SUBCASE("rejected") {
    CheckTable<double>(
        {
            {"100.1%", std::nullopt},
            {"150%", std::nullopt},
            {"-5%", std::nullopt},
            {"高い稼働率", std::nullopt},
            {"", std::nullopt},
            {"24時間", std::nullopt},
        },
        ParsePercent);
  }
  SUBCASE("former bugs") {
    CheckTable<double>({{"前年比120%、稼働率99.9%", 99.9}}, ParsePercent);  // an over-100 figure is skipped
  }
}

TEST_CASE("values::ParseCount") {
  SUBCASE("forms") {
    CheckTable<int64_t>(
        {
            {"7世代", 7},
            {"10世代分", 10},
            {"2世代", 2},
            {"7", 7},
            {"7 世代", 7},
            {"７世代", 7},
            {"十世代", 10},
            {"三十世代", 30},
            {"最大7世代", 7},
            {"バックアップは、2世代分保管されます。", 2},
            {"10世代保管します。", 10},
            {"世代バックアップ(何世代前までかを記述)\t7世代", 7},
            {"1,000", 1000},
            {"0", 0},
            {"2024年版 7世代", 7},  // generations win over other numbers
        },
        ParseCount);
  }
  SUBCASE("rejected") {
    CheckTable<int64_t>(
        {
            {"7.5世代", std::nullopt},
            {"-3", std::nullopt},
            {"−3世代", std::nullopt},
            {"複数世代", std::nullopt},
            {"", std::nullopt},
        },
        ParseCount);
  }
  SUBCASE("former bugs") {
    CheckTable<int64_t>({{"1.5", std::nullopt}}, ParseCount);  // the ".5" must not be read as 5
  }
}

TEST_CASE("values::ParseBool") {
  SUBCASE("true") {
    CheckTable<bool>(
        {
            {"有", true},    {"有り", true},   {"あり", true},     {"はい", true}, {"○", true},
            {"〇", true},    {"◯", true},      {"対応", true},     {"対応済", true}, {"可", true},
            {"実施", true},  {"Yes", true},    {"yes", true},      {"有効", true}, {"対応可能", true},
        },
        ParseBool);
  }
  SUBCASE("false") {
    CheckTable<bool>(
        {
            {"無", false},     {"無し", false},    {"なし", false},   {"いいえ", false}, {"×", false},
            {"✕", false},      {"非対応", false},  {"未対応", false}, {"不可", false},   {"対象外", false},
            {"無効", false},   {"No", false},      {"対応不可", false}, {"該当なし", false},
        },
        ParseBool);
  }
  SUBCASE("a leading answer and its explanation") {
    CheckTable<bool>(
        {
            {"有り システムは複数のデータセンターで構成", true},
            {"有 システム、及びバックアップは複数のデータセンター施設にて構成されており", true},
            {"無し", false},
            {" 有り。", true},
            {"「有」", true},
            {"無(予定なし)", false},
            {"有り:メールにて通知", true},
            {"Yes, both", true},
        },
        ParseBool);
  }
  SUBCASE("no answer") {
    CheckTable<bool>(
        {
            {"ありません", std::nullopt},
            {"有償", std::nullopt},
            {"無料", std::nullopt},
            {"有無", std::nullopt},
            {"対応しています", std::nullopt},
            {"None", std::nullopt},
            {"システムは有り", std::nullopt},
            {"", std::nullopt},
        },
        ParseBool);
  }
  SUBCASE("former bugs") {
    CheckTable<bool>(
        {
            {"有・無", std::nullopt},  // an unfilled template offers both answers
            {"有/無", std::nullopt},
            {"可能", true},
            {"不可能", false},
        },
        ParseBool);
  }
}

TEST_CASE("values::ParseHours") {
  SUBCASE("one window") {
    CheckHours({
        {"9:00〜18:00", {Window("09:00", "18:00")}},
        {"9:00-18:00", {Window("09:00", "18:00")}},
        {"9:00~18:00", {Window("09:00", "18:00")}},
        {"9時〜18時", {Window("09:00", "18:00")}},
        {"9時から18時まで", {Window("09:00", "18:00")}},
        {"平日10時から17時まで", {Window("10:00", "17:00")}},
        {"9:30-17:30", {Window("09:30", "17:30")}},
        {"9時半〜17時半", {Window("09:30", "17:30")}},
        {"9時30分〜17時", {Window("09:30", "17:00")}},
        {"基本的には平日9:00~18:00となります。", {Window("09:00", "18:00")}},
        {"営業時間:平日 9:00 〜 18:00", {Window("09:00", "18:00")}},
        {"サポートサービス:9:00～17:30(土日祝日、年末年始、当社所定の休暇を除く)", {Window("09:00", "17:30")}},
        {"9〜18時", {Window("09:00", "18:00")}},
        {"午前9時〜午後6時", {Window("09:00", "18:00")}},
        {"0:00〜24:00", {Window("00:00", "24:00")}},
        {"22:00〜翌6:00", {Window("22:00", "06:00")}},
        {"９：００～１８：００", {Window("09:00", "18:00")}},
    });
  }
  SUBCASE("two windows") {
    CheckHours({
        {"10:00〜12:00 13:00〜17:00", {Window("10:00", "12:00"), Window("13:00", "17:00")}},
        {"10:00〜12:00、13:00〜17:00", {Window("10:00", "12:00"), Window("13:00", "17:00")}},
        {"受付時間:10:00～12:00 13:00～17:00 (祝日・年末年始は除く)",
         {Window("10:00", "12:00"), Window("13:00", "17:00")}},
    });
  }
  SUBCASE("always") {
    CheckHours({
        {"24時間365日", {Always()}},
        {"24時間/365日", {Always()}},
        {"24 時間 365 日", {Always()}},
        {"365日24時間", {Always()}},
        {"終日", {Always()}},
        {"常時稼働", {Always()}},
        {"24時間", {Always()}},
        {"24時間365日(計画停止/定期保守を除く)", {Always()}},
        {"24/7", {Always()}},
        {"24時間365日(メンテナンス 2:00〜5:00 を除く)", {Always()}},
    });
  }
  SUBCASE("no hours") {
    CheckHours({
        {"9:00", {}},
        {"9時", {}},
        {"平日のみ", {}},
        {"24時間以内", {}},
        {"1〜2時間", {}},
        {"25:00〜26:00", {}},
        {"", {}},
    });
  }
  SUBCASE("former bugs") {
    CheckHours({
        {"2025/9/16 10:00〜12:00", {Window("10:00", "12:00")}},  // the date's day is no start hour
        {"1-2", {}},                                              // two plain numbers are no window
        {"更新日時:2025年5月13日 12:00", {}},
        {"9:00-12:00/13:00-18:00", {Window("09:00", "12:00"), Window("13:00", "18:00")}},
        {"9 時 〜 18 時", {Window("09:00", "18:00")}},  // stray spaces before 時
        {"9:00〜17:00(12:00〜13:00を除く)", {Window("09:00", "12:00"), Window("13:00", "17:00")}},  // a lunch break splits
        {"9:00〜18:00(休憩12:00〜13:00)", {Window("09:00", "12:00"), Window("13:00", "18:00")}},
        {"平日9時〜18時(12時〜13時を除く)", {Window("09:00", "12:00"), Window("13:00", "18:00")}},
        {"9:00〜18:00(19:00〜20:00を除く)", {Window("09:00", "18:00")}},  // a break outside is dropped
        {"9:00〜18:00 TEL 03-1234-5678", {Window("09:00", "18:00")}},  // a phone number is no window
    });
  }
}

TEST_CASE("values::ParseDate") {
  SUBCASE("forms") {
    CheckTable<Date>(
        {
            {"2024年3月14日", Date{"2024-03-14"}},
            {"2024 年 3月 14 日", Date{"2024-03-14"}},
            {"2026/3/18", Date{"2026-03-18"}},
            {"2025-09-16", Date{"2025-09-16"}},
            {"2025.9.16", Date{"2025-09-16"}},
            {"令和6年3月14日", Date{"2024-03-14"}},
            {"令和元年5月1日", Date{"2019-05-01"}},
            {"平成31年4月1日", Date{"2019-04-01"}},
            {"R6.3.14", Date{"2024-03-14"}},
            {"H31.4.1", Date{"2019-04-01"}},
            {"令和六年三月十四日", Date{"2024-03-14"}},
            {"２０２４年３月１４日", Date{"2024-03-14"}},
            {"更新日時:2025年5月13日 12:00", Date{"2025-05-13"}},
            {"第 1.1 版\t2026/3/18", Date{"2026-03-18"}},
            {"2025年9月16日改定", Date{"2025-09-16"}},
            {"2024年2月29日", Date{"2024-02-29"}},
        },
        ParseDate);
  }
  SUBCASE("rejected") {
    CheckTable<Date>(
        {
            {"2024年2月30日", std::nullopt},
            {"2023年2月29日", std::nullopt},
            {"2024年13月1日", std::nullopt},
            {"2024年3月", std::nullopt},
            {"3月14日", std::nullopt},
            {"2024/3", std::nullopt},
            {"", std::nullopt},
        },
        ParseDate);
  }
  SUBCASE("former bugs") {
    CheckTable<Date>(
        {
            {"2024/3-14", std::nullopt},  // mixed separators
            {"TLS1.3.2024", std::nullopt},
            {"1.0  2024 年 1月 18 日  初版作成", Date{"2024-01-18"}},
        },
        ParseDate);
  }
}

TEST_CASE("values::Equivalent") {
  struct Case {
    Value a;
    Value b;
    bool want;
  };
  const std::vector<Case> cases = {
      // durations across units
      {D(24, U::kHour), D(1, U::kDay), true},
      {D(60, U::kMinute), D(1, U::kHour), true},
      {D(7, U::kDay), D(1, U::kWeek), true},
      {D(12, U::kMonth), D(1, U::kYear), true},
      {D(1, U::kBusinessDay), D(1, U::kDay), false},
      {D(1, U::kBusinessDay), D(1, U::kBusinessDay), true},
      {D(30, U::kDay), D(1, U::kMonth), false},
      {D(1, U::kYear), D(365, U::kDay), false},
      {D(2, U::kHour), D(3, U::kHour), false},
      // ranges and unbounded
      {Range(1, 2, U::kWeek), Range(7, 14, U::kDay), true},
      {Range(1, 2, U::kWeek), D(1, U::kWeek), false},
      {Range(1, 1, U::kWeek), D(1, U::kWeek), true},
      {Forever(), Forever(), true},
      {Forever(), D(100, U::kYear), false},
      {D(8.8, U::kHour), D(528, U::kMinute), true},
      // other alternatives
      {99.9, 99.9 + 1e-12, true},
      {99.9, 99.95, false},
      {int64_t{7}, int64_t{7}, true},
      {int64_t{7}, 7.0, true},
      {7.0, int64_t{7}, true},
      {int64_t{7}, int64_t{8}, false},
      {true, true, true},
      {true, false, false},
      {std::string("AWS"), std::string("AWS"), true},
      {std::string("AWS"), std::string("GCP"), false},
      {Date{"2024-03-14"}, Date{"2024-03-14"}, true},
      {Date{"2024-03-14"}, std::string("2024-03-14"), false},
      {Window("09:00", "18:00"), Window("9:00", "18:00"), true},
      {Window("09:00", "18:00"), Window("09:00", "17:30"), false},
      {Always(), Always(), true},
      {Always(), Window("00:00", "24:00"), false},
      {true, int64_t{1}, false},
      {D(1, U::kDay), int64_t{1}, false},
  };
  for (size_t i = 0; i < cases.size(); ++i) {
    CAPTURE(i);
    CHECK(Equivalent(cases[i].a, cases[i].b) == cases[i].want);
    CHECK(Equivalent(cases[i].b, cases[i].a) == cases[i].want);  // symmetric
  }
}

TEST_CASE("values::Readable") {
  using T = ValueType;
  CHECK(Readable(D(2, U::kHour), T::kDuration) == "2時間");
  CHECK(Readable(Range(1, 2, U::kWeek), T::kDuration) == "1〜2週間");
  CHECK(Readable(D(1, U::kBusinessDay), T::kDuration) == "1営業日");
  CHECK(Readable(D(8.8, U::kHour), T::kDuration) == "8.8時間");
  CHECK(Readable(D(1, U::kMonth), T::kDuration) == "1ヶ月");
  CHECK(Readable(Forever(), T::kDuration) == "無期限");
  CHECK(Readable(D(1, U::kDay), T::kFrequency) == "毎日");
  CHECK(Readable(D(6, U::kHour), T::kFrequency) == "6時間ごと");
  CHECK(Readable(99.9, T::kPercent) == "99.9%");
  CHECK(Readable(int64_t{10}, T::kCount) == "10世代");
  CHECK(Readable(true, T::kBool) == "有");
  CHECK(Readable(false, T::kBool) == "無");
  CHECK(Readable(Window("09:00", "18:00"), T::kHours) == "09:00〜18:00");
  CHECK(Readable(Always(), T::kHours) == "24時間365日");
  CHECK(Readable(Date{"2024-03-14"}, T::kDate) == "2024-03-14");
  CHECK(Readable(std::string("domestic"), T::kEnum) == "domestic");
}

TEST_CASE("values::names") {
  for (TimeUnit unit : {U::kMinute, U::kHour, U::kDay, U::kBusinessDay, U::kWeek, U::kMonth, U::kYear}) {
    CHECK(TimeUnitFromName(TimeUnitName(unit)) == unit);
  }
  CHECK(std::string(TimeUnitName(U::kBusinessDay)) == "business_day");
  CHECK_FALSE(TimeUnitFromName("fortnight").has_value());
  CHECK(std::string(ValueTypeName(ValueType::kFrequency)) == "frequency");
  CHECK(std::string(ValueTypeName(ValueType::kDate)) == "date");
}

// The vocabulary (dictionaries/vocabulary.toml) names its time units as TimeUnitName does; its loader
// keeps its own copy of the names, which this ties to TimeUnit.
TEST_CASE("values::vocabulary time units") {
  for (const auto* list : {&SharedVocabulary().duration_units, &SharedVocabulary().period_units}) {
    for (const TimeUnitWord& word : *list) {
      INFO(word.word);
      CHECK(TimeUnitFromName(word.unit).has_value());
    }
  }
  for (TimeUnit unit : {U::kMinute, U::kHour, U::kDay, U::kBusinessDay, U::kWeek, U::kMonth, U::kYear}) {
    const std::string name = TimeUnitName(unit);
    const std::string toml = "[counters]\nwords = [{ word = \"x\", unit = \"" + name + "\", read_by = [\"duration\"] }]\n";
    const Result<Vocabulary> parsed = ParseVocabulary(toml);
    // The file has no other list, so it fails for that, not for the unit.
    CHECK(parsed.status().message().find("unknown time unit") == std::string::npos);
  }
}

TEST_CASE("values::ParseValue") {
  using T = ValueType;
  CHECK(Equivalent(*ParseValue(T::kDuration, "24時間以内"), D(1, U::kDay)));
  CHECK(Equivalent(*ParseValue(T::kFrequency, "日次"), D(1, U::kDay)));
  CHECK(std::get<double>(*ParseValue(T::kPercent, "99.9%")) == 99.9);
  CHECK(std::get<int64_t>(*ParseValue(T::kCount, "7世代")) == 7);
  CHECK(std::get<bool>(*ParseValue(T::kBool, "無し")) == false);
  CHECK(std::get<Date>(*ParseValue(T::kDate, "2026/3/18")).iso == "2026-03-18");
  CHECK(std::get<Hours>(*ParseValue(T::kHours, "10:00〜12:00 13:00〜17:00")) == Window("10:00", "12:00"));
  CHECK(std::get<std::string>(*ParseValue(T::kEnum, "  日本法 ")) == "日本法");
  CHECK(std::get<std::string>(*ParseValue(T::kSet, "\u3000AWS\u3000")) == "AWS");
  CHECK_FALSE(ParseValue(T::kDuration, "速やかに").has_value());
  CHECK_FALSE(ParseValue(T::kHours, "9:00").has_value());
  CHECK_FALSE(ParseValue(T::kEnum, "   ").has_value());
}

// Every duration, frequency, percent, count, hours and date value in ../shared/gold, read from the
// part of its evidence a rule would capture.
TEST_CASE("values::gold evidence") {
  CHECK(Show(ParseDuration("14 日前までに電子メール")) == Show(D(14, U::kDay)));
  CHECK(Show(ParseDuration("単一障害が発生した場合の目標復旧時間は１時間としています。")) == Show(D(1, U::kHour)));
  CHECK(Show(ParseDuration("１営業日以内を目標に")) == Show(D(1, U::kBusinessDay)));
  CHECK(Show(ParseDuration("有り 期限:365日間")) == Show(D(365, U::kDay)));
  CHECK(Show(ParseDuration("保存期間:1年以上")) == Show(D(1, U::kYear)));
  CHECK(Show(ParseDuration("有 1~2週間前にメール/Slackカスタマーサポートチャンネルにて通知します。")) ==
        Show(Range(1, 2, U::kWeek)));
  CHECK(Show(ParseDuration("インシデントの発生を確認してから 翌営業日以内を目標に")) == Show(D(1, U::kBusinessDay)));
  CHECK(Show(ParseFrequency("利用者データのバックアップ実施インターバル\t日次")) == Show(D(1, U::kDay)));
  CHECK(Show(ParseHours("Web 上で提供するサービス:24 時間 365 日")) == Show(std::vector<Hours>{Always()}));
  CHECK(Show(ParseHours("営業時間:平日 9:00 ～ 18:00")) == Show(std::vector<Hours>{Window("09:00", "18:00")}));
  CHECK(Show(std::optional<Date>(ParseDate("情報開示の年月日(西暦) 2023年5月1日"))) == "2023-05-01");
}

TEST_SUITE_END();

}  // namespace
}  // namespace kensa
