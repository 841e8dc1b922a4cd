// Typed checklist values (FIELDS.md "Value types") and the parsers that read them from normalized
// Japanese text.
//
// Parsers take the text a rule captured (already NFKC-normalized: ASCII digits, "〜" for every wave
// dash or tilde) and return the value or nullopt when the text does not state one ("速やかに",
// "当社所定の期間"). They never throw. Equivalent() is the comparison the gold scoring uses: units
// are compared after normalization, so 24 hour == 1 day, but 1 business_day != 1 day.
// Thread-safe: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace kensa {

enum class ValueType { kDuration, kFrequency, kPercent, kCount, kBool, kEnum, kSet, kHours, kDate };

enum class TimeUnit { kMinute, kHour, kDay, kBusinessDay, kWeek, kMonth, kYear };

// A duration or a frequency's interval. "1〜2週間" is {1, upto 2, week}; "無期限" is unbounded.
struct Duration {
  double amount = 0;
  std::optional<double> upto;
  TimeUnit unit = TimeUnit::kDay;
  bool unbounded = false;
  bool operator==(const Duration&) const = default;
};

// A daily window {"09:00","18:00"}, or always (24時間365日).
struct Hours {
  std::string from;  // "HH:MM"
  std::string to;    // "HH:MM" (may be "24:00")
  bool always = false;
  bool operator==(const Hours&) const = default;
};

// bool, percent (double), count (int64), enum/set member (string), date ("YYYY-MM-DD" string in
// a Date wrapper so it is not confused with an enum).
struct Date {
  std::string iso;
  bool operator==(const Date&) const = default;
};
using Value = std::variant<bool, double, int64_t, std::string, Duration, Hours, Date>;

const char* TimeUnitName(TimeUnit unit);                   // "minute", "hour", ... "business_day"
std::optional<TimeUnit> TimeUnitFromName(std::string_view name);
const char* ValueTypeName(ValueType type);                 // "duration", "frequency", ...

// "4時間", "30分", "14日前", "1〜2週間", "3〜5営業日", "翌営業日", "1ヶ月", "365日間", "1年以上",
// "無期限", "24時間以内", "1.5時間".
std::optional<Duration> ParseDuration(std::string_view text);
// The interval of a frequency: "日次", "毎日", "1日1回", "週次", "毎週", "月1回", "月次", "年1回",
// "年に1回以上", "四半期ごと" (3 month), "毎時" (1 hour), "半年に1回" (6 month).
std::optional<Duration> ParseFrequency(std::string_view text);
// "99.9%", "99.95%以上", "99.9パーセント".
std::optional<double> ParsePercent(std::string_view text);
// "7世代", "10世代分", "2世代", "7".
std::optional<int64_t> ParseCount(std::string_view text);
// A bare answer: "有", "有り", "あり", "はい", "○", "対応", "可" -> true; "無", "無し", "なし",
// "いいえ", "×", "非対応", "不可", "対象外", "未対応" -> false; anything else nullopt.
std::optional<bool> ParseBool(std::string_view text);
// Every window stated: "9:00〜18:00", "9時〜18時", "9:30-17:30", "平日10時から17時まで",
// "10:00〜12:00 13:00〜17:00" (two windows), "24時間365日" / "24時間" / "終日" -> always.
std::vector<Hours> ParseHours(std::string_view text);
// "2024年3月14日", "2026/3/18", "2025-09-16", "令和6年3月14日", "R6.3.14" -> "YYYY-MM-DD".
std::optional<Date> ParseDate(std::string_view text);

// Reads a value of `type` from captured text with the parser above for that type: kHours gives the
// first window only (call ParseHours for all of them); kEnum and kSet give the trimmed text as a
// string, for the caller to map to a member. Returns nullopt when the text states no such value.
std::optional<Value> ParseValue(ValueType type, std::string_view text);

// Compares as the gold scoring does: durations in a common unit (minute/hour/day/week are exact
// multiples; month and year compare only with month and year: 12 month == 1 year; business_day only
// with business_day); ranges must match both ends; unbounded only with unbounded.
bool Equivalent(const Value& a, const Value& b);

// A short human-readable form: "2時間", "1〜2週間", "99.9%", "10世代"... (for CSV and review pages).
std::string Readable(const Value& value, ValueType type);

}  // namespace kensa
