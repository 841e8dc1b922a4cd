// ParsePercent, ParseCount, ParseBool, ParseHours and ParseDate. Like the duration parsers they scan
// the folded text and read the value out of whatever words the rule captured around it.

#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/utf8.h"
#include "common/vocabulary.h"
#include "values/scan.h"
#include "values/value.h"

namespace kensa {
namespace {

using values_internal::At;
using values_internal::IsAlpha;
using values_internal::IsDigit;
using values_internal::IsSpace;
using values_internal::Number;
using values_internal::ReadNumber;
using values_internal::ReadRangeSeparator;
using values_internal::SkipSpaces;

// Whether the number at begin carries a minus sign ("-3", but not the "-" of "1-3").
bool IsNegative(std::u32string_view s, size_t begin) {
  size_t k = begin;
  while (k > 0 && IsSpace(s[k - 1])) --k;
  if (k == 0 || s[k - 1] != U'-') return false;
  --k;
  while (k > 0 && IsSpace(s[k - 1])) --k;
  return k == 0 || !IsDigit(s[k - 1]);
}

// The number when the whole text (spaces aside) is one number, as in a table cell "99.9" or "7".
std::optional<Number> WholeNumber(std::u32string_view s) {
  const size_t begin = SkipSpaces(s, 0);
  auto n = ReadNumber(s, begin);
  if (!n || SkipSpaces(s, n->end) != s.size() || IsNegative(s, n->begin)) return std::nullopt;
  return n;
}

// ---- Bool ---------------------------------------------------------------------------------------

struct Answer {
  std::u32string word;
  bool value;
};

// The answer words of dictionaries/vocabulary.toml read by "bool".
const std::vector<Answer>& Answers() {
  static const std::vector<Answer> kAnswers = [] {
    std::vector<Answer> answers;
    for (const AnswerWord& a : SharedVocabulary().bool_answers) answers.push_back({utf8::Decode(a.word), a.yes});
    return answers;
  }();
  return kAnswers;
}

// Reads the answer word at pos; it must end where a word ends, so "有償", "ありません", "対応して"
// and "None" are not answers.
std::optional<std::pair<bool, size_t>> AnswerAt(std::u32string_view s, size_t pos) {
  const Answer* best = nullptr;
  for (const Answer& a : Answers()) {
    if (At(s, pos, a.word) && (!best || a.word.size() > best->word.size())) best = &a;
  }
  if (!best) return std::nullopt;
  const size_t end = pos + best->word.size();
  if (end < s.size() && (values_internal::IsWordChar(s[end]) || IsAlpha(s[end]) || IsDigit(s[end]))) {
    return std::nullopt;
  }
  return std::make_pair(best->value, end);
}

// ---- Hours --------------------------------------------------------------------------------------

struct ClockTime {
  int hour = 0;
  int minute = 0;
  size_t end = 0;
  bool bare = false;  // a number with no ":" or "時" ("9" of "9〜18時")
};

// Whether the digits at p continue a number before them: the minutes of a time, the parts of a date
// or a version ("12:00", "2025/9/16", "1.5"). A label's colon ("受付時間:9:00") and the slash
// between two windows ("9:00-12:00/13:00-18:00") do not count.
bool ContinuesNumber(std::u32string_view s, size_t p) {
  if (p < 2 || !IsDigit(s[p - 2])) return false;
  const char32_t sep = s[p - 1];
  if (sep == U':' || sep == U'.') return true;
  if (sep != U'/') return false;
  size_t k = p - 1;
  while (k > 0 && IsDigit(s[k - 1])) --k;
  return k == 0 || s[k - 1] != U':';
}

// Reads a clock time at pos: "9:00", "9時", "9時30分", "9時半", "午後6時", "PM6:00"; a bare number
// when allow_bare. "9時間" is a duration, not a time.
std::optional<ClockTime> ReadClockTime(std::u32string_view s, size_t pos, bool allow_bare) {
  size_t p = pos;
  int meridiem = 0;  // -1 morning, +1 afternoon
  if (At(s, p, U"午前") || At(s, p, U"AM")) {
    meridiem = -1;
    p = SkipSpaces(s, p + 2);
  } else if (At(s, p, U"午後") || At(s, p, U"PM")) {
    meridiem = 1;
    p = SkipSpaces(s, p + 2);
  }
  if (p >= s.size() || !IsDigit(s[p]) || (p > 0 && IsDigit(s[p - 1]))) return std::nullopt;
  if (ContinuesNumber(s, p)) return std::nullopt;
  ClockTime t;
  int digits = 0;
  while (p < s.size() && IsDigit(s[p]) && digits < 3) t.hour = t.hour * 10 + (s[p++] - U'0'), ++digits;
  if (digits > 2) return std::nullopt;
  if (p + 2 < s.size() && s[p] == U':' && IsDigit(s[p + 1]) && IsDigit(s[p + 2])) {
    t.minute = (s[p + 1] - U'0') * 10 + (s[p + 2] - U'0');
    p += 3;
    if (p < s.size() && IsDigit(s[p])) return std::nullopt;
  } else if (const size_t k = SkipSpaces(s, p); k < s.size() && s[k] == U'時' && !At(s, k + 1, U"間")) {
    p = k + 1;
    if (p < s.size() && s[p] == U'半') {
      t.minute = 30;
      ++p;
    } else if (auto m = ReadNumber(s, p); m && m->integral && At(s, m->end, U"分")) {
      t.minute = static_cast<int>(m->value);
      p = m->end + 1;
    }
  } else if (allow_bare && meridiem == 0) {
    t.bare = true;
  } else {
    return std::nullopt;
  }
  if (meridiem > 0 && t.hour < 12) t.hour += 12;
  if (meridiem < 0 && t.hour == 12) t.hour = 0;
  if (t.hour > 24 || t.minute > 59 || (t.hour == 24 && t.minute != 0)) return std::nullopt;
  t.end = p;
  return t;
}

std::string FormatClock(const ClockTime& t) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "%02d:%02d", t.hour, t.minute);
  return buffer;
}

struct Window {
  Hours hours;
  size_t end;
  bool is_break = false;  // an excluded break ("12:00〜13:00を除く", "休憩 12:00〜13:00")
};

// Reads "from〜to" at pos ("9:00〜18:00", "9時から18時まで", "9〜18時", "22:00〜翌6:00").
std::optional<Window> ReadWindow(std::u32string_view s, size_t pos) {
  auto from = ReadClockTime(s, pos, true);
  if (!from) return std::nullopt;
  auto sep = ReadRangeSeparator(s, SkipSpaces(s, from->end));
  if (!sep) return std::nullopt;
  size_t p = SkipSpaces(s, *sep);
  if (At(s, p, U"翌")) p = SkipSpaces(s, p + 1);
  auto to = ReadClockTime(s, p, false);
  // A bare first hour borrows the second's notation ("9〜18時"); the second is never bare, so a
  // pair of plain numbers ("1-2") is no window.
  if (!to) return std::nullopt;
  // A break inside the day is no window of its own: "9:00〜17:00(12:00〜13:00を除く)",
  // "休憩 12:00〜13:00".
  Window w;
  const size_t after = SkipSpaces(s, to->end);
  for (std::u32string_view word : {U"を除", U"は除", U"除く", U"除き"}) {
    if (At(s, after, word)) w.is_break = true;
  }
  const std::u32string_view before = s.substr(pos >= 6 ? pos - 6 : 0, pos >= 6 ? 6 : pos);
  if (before.find(U"休憩") != std::u32string_view::npos || before.find(U"昼休") != std::u32string_view::npos) {
    w.is_break = true;
  }
  w.hours.from = FormatClock(*from);
  w.hours.to = FormatClock(*to);
  w.end = to->end;
  if (At(s, w.end, U"まで")) w.end += 2;
  return w;
}

// Reads a round-the-clock statement at pos: "24時間365日", "365日24時間", "24時間", "終日", "常時", "24/7".
std::optional<size_t> ReadAlways(std::u32string_view s, size_t pos) {
  for (std::u32string_view w : {U"終日", U"常時", U"24/7", U"24x7", U"24/365"}) {
    if (At(s, pos, w) && (pos == 0 || !IsDigit(s[pos - 1]))) return pos + w.size();
  }
  auto n = ReadNumber(s, pos);
  if (!n || !n->integral) return std::nullopt;
  size_t p = SkipSpaces(s, n->end);
  if (n->value == 365 && At(s, p, U"日")) {
    p = SkipSpaces(s, p + 1);
    if (p < s.size() && (s[p] == U'/' || s[p] == U'・' || s[p] == U',' || s[p] == U'、')) p = SkipSpaces(s, p + 1);
    auto h = ReadNumber(s, p);
    if (h && h->value == 24 && At(s, SkipSpaces(s, h->end), U"時間")) return SkipSpaces(s, h->end) + 2;
    return std::nullopt;
  }
  if (n->value != 24) return std::nullopt;
  if (At(s, p, U"時間")) {
    p += 2;
  } else if (At(s, p, U"h") && (p + 1 >= s.size() || !IsAlpha(s[p + 1]) || At(s, p + 1, U"365"))) {
    p += 1;
  } else {
    return std::nullopt;
  }
  // "24時間以内", "24時間前", "24時間ごと" are durations or intervals, not opening hours.
  if (p < s.size() && std::u32string_view(U"以前後ご毎程経お").find(s[p]) != std::u32string_view::npos) {
    return std::nullopt;
  }
  return p;
}

// ---- Date ---------------------------------------------------------------------------------------

bool IsValidDate(int year, int month, int day) {
  if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

// Reads an unsigned integer of at most max_digits digits at pos.
std::optional<std::pair<int, size_t>> ReadInt(std::u32string_view s, size_t pos, int max_digits) {
  int value = 0;
  int digits = 0;
  size_t p = pos;
  while (p < s.size() && IsDigit(s[p])) {
    if (++digits > max_digits) return std::nullopt;
    value = value * 10 + (s[p++] - U'0');
  }
  if (digits == 0) return std::nullopt;
  return std::make_pair(value, p);
}

// Reads "M月D日" or "M<sep>D" after a year, and checks the whole date.
std::optional<Date> ReadMonthDay(std::u32string_view s, size_t pos, int year, std::optional<char32_t> sep) {
  size_t p = SkipSpaces(s, pos);
  auto month = ReadInt(s, p, 2);
  if (!month) return std::nullopt;
  p = SkipSpaces(s, month->second);
  if (sep) {
    if (p >= s.size() || s[p] != *sep) return std::nullopt;
  } else if (!At(s, p, U"月")) {
    return std::nullopt;
  }
  p = SkipSpaces(s, p + 1);
  auto day = ReadInt(s, p, 2);
  if (!day) return std::nullopt;
  p = day->second;
  if (!sep && !At(s, SkipSpaces(s, p), U"日")) return std::nullopt;
  if (sep && p < s.size() && (IsDigit(s[p]) || s[p] == *sep)) return std::nullopt;  // "2024.1.2.3"
  if (!IsValidDate(year, month->first, day->first)) return std::nullopt;
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month->first, day->first);
  return Date{buffer};
}

struct EraName {
  std::u32string name;
  int offset;  // Gregorian year = offset + era year
};

// The eras of dictionaries/vocabulary.toml by name ("令和"), then by letter ("R").
const std::vector<EraName>& Eras() {
  static const std::vector<EraName> kEras = [] {
    std::vector<EraName> eras;
    for (const Era& era : SharedVocabulary().eras) eras.push_back({utf8::Decode(era.name), era.first_year - 1});
    for (const Era& era : SharedVocabulary().eras) eras.push_back({utf8::Decode(era.letter), era.first_year - 1});
    return eras;
  }();
  return kEras;
}

std::optional<Date> DateAt(std::u32string_view s, size_t pos) {
  for (const EraName& era : Eras()) {
    if (!At(s, pos, era.name)) continue;
    const bool letter = IsAlpha(era.name[0]);
    if (letter && (s[pos] != era.name[0] || (pos > 0 && IsAlpha(s[pos - 1])))) continue;  // upper case only
    size_t p = SkipSpaces(s, pos + era.name.size());
    int year = 0;
    if (!letter && At(s, p, U"元")) {  // 令和元年 = the era's first year
      year = 1;
      ++p;
    } else if (auto y = ReadInt(s, p, 2)) {
      year = y->first;
      p = y->second;
    } else {
      continue;
    }
    p = SkipSpaces(s, p);
    if (At(s, p, U"年")) return ReadMonthDay(s, p + 1, era.offset + year, std::nullopt);
    if (p < s.size() && (s[p] == U'.' || s[p] == U'/' || s[p] == U'-')) {
      return ReadMonthDay(s, p + 1, era.offset + year, s[p]);
    }
  }
  if (pos > 0 && IsDigit(s[pos - 1])) return std::nullopt;
  auto year = ReadInt(s, pos, 4);
  if (!year || year->second - pos != 4) return std::nullopt;
  const size_t p = SkipSpaces(s, year->second);
  if (At(s, p, U"年")) return ReadMonthDay(s, p + 1, year->first, std::nullopt);
  if (p == year->second && p < s.size() && (s[p] == U'/' || s[p] == U'-' || s[p] == U'.')) {
    return ReadMonthDay(s, p + 1, year->first, s[p]);
  }
  return std::nullopt;
}

}  // namespace

std::optional<double> ParsePercent(std::string_view text) {
  const std::u32string s = values_internal::Fold(text);
  for (size_t i = 0; i < s.size(); ++i) {
    auto n = ReadNumber(s, i);
    if (!n || IsNegative(s, n->begin)) continue;
    const size_t p = SkipSpaces(s, n->end);
    if (!At(s, p, U"%") && !At(s, p, U"パーセント") && !At(s, p, U"percent")) continue;
    if (n->value <= 100) return n->value;  // over 100% is no availability; look further
  }
  if (auto n = WholeNumber(s); n && n->value <= 100) return n->value;
  return std::nullopt;
}

std::optional<int64_t> ParseCount(std::string_view text) {
  const std::u32string s = values_internal::Fold(text);
  std::optional<Number> first;
  for (size_t i = 0; i < s.size(); ++i) {
    auto n = ReadNumber(s, i);
    if (!n) continue;
    // A number of generations wins over any other number in the text ("2024年版 7世代").
    if (At(s, SkipSpaces(s, n->end), U"世代")) {
      first = n;
      break;
    }
    if (!first) first = n;
  }
  if (!first || !first->integral || IsNegative(s, first->begin) || first->value > 1e15) return std::nullopt;
  return static_cast<int64_t>(first->value);
}

std::optional<bool> ParseBool(std::string_view text) {
  const std::u32string s = values_internal::Fold(text);
  size_t p = 0;
  // Brackets and bullets before the answer ("「有」", "・無し").
  while (p < s.size() && (IsSpace(s[p]) || std::u32string_view(U"「『【[(\"'・").find(s[p]) != std::u32string_view::npos)) {
    ++p;
  }
  auto answer = AnswerAt(s, p);
  if (!answer) return std::nullopt;
  // An unfilled choice "有・無" or "有/無" answers nothing.
  size_t q = SkipSpaces(s, answer->second);
  if (q < s.size() && (s[q] == U'/' || s[q] == U'・' || s[q] == U'|')) {
    if (AnswerAt(s, SkipSpaces(s, q + 1))) return std::nullopt;
  }
  return answer->first;
}

std::vector<Hours> ParseHours(std::string_view text) {
  const std::u32string s = values_internal::Fold(text);
  std::vector<Hours> windows;
  for (size_t i = 0; i < s.size();) {
    if (auto end = ReadAlways(s, i)) {
      // Round-the-clock stated first: the service is always on, whatever windows follow
      // ("24時間365日(メンテナンス 2:00〜5:00 を除く)").
      if (windows.empty()) {
        Hours always;
        always.always = true;
        return {always};
      }
      i = *end;
      continue;
    }
    if (auto w = ReadWindow(s, i)) {
      i = w->end;
      if (!w->is_break) {
        windows.push_back(w->hours);
        continue;
      }
      // A break inside the window before it splits that window in two (a lunch break:
      // "9:00〜18:00(12:00〜13:00を除く)" is 9:00〜12:00 and 13:00〜18:00); any other break is dropped.
      if (!windows.empty() && !windows.back().always && windows.back().from < w->hours.from &&
          w->hours.to < windows.back().to) {
        Hours afternoon = windows.back();
        afternoon.from = w->hours.to;
        windows.back().to = w->hours.from;
        windows.push_back(afternoon);
      }
      continue;
    }
    ++i;
  }
  return windows;
}

std::optional<Date> ParseDate(std::string_view text) {
  const std::u32string s = values_internal::Fold(text);
  for (size_t i = 0; i < s.size(); ++i) {
    if (auto d = DateAt(s, i)) return d;
  }
  return std::nullopt;
}

}  // namespace kensa
