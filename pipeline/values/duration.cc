// ParseDuration and ParseFrequency: both scan the folded text from the left and return the first
// value stated, so "翌営業日9時まで" is 1 business day and "24時間以内(翌営業日)" is 24 hours.

#include <cmath>
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
using values_internal::Number;
using values_internal::PrevNonSpace;
using values_internal::ReadNumber;
using values_internal::ReadRangeSeparator;
using values_internal::SkipSpaces;

using U = TimeUnit;

// A value found in the text and the span [begin, end) it was read from.
struct Found {
  Duration duration;
  size_t begin = 0;
  size_t end = 0;
};

Duration Of(double amount, TimeUnit unit) {
  Duration d;
  d.amount = amount;
  d.unit = unit;
  return d;
}

Duration Unbounded() {
  Duration d;
  d.unbounded = true;
  return d;
}

struct UnitWord {
  std::u32string word;
  TimeUnit unit;
};

struct UnitWords {
  std::vector<UnitWord> japanese;  // matched longest first
  std::vector<UnitWord> english;   // matched without case, as whole words; the first that matches
};

std::vector<UnitWord> ToUnitWords(const std::vector<TimeUnitWord>& words) {
  std::vector<UnitWord> out;
  for (const TimeUnitWord& w : words) {
    // The vocabulary admits only TimeUnitName's names (values_test checks it).
    out.push_back({utf8::Decode(w.word), TimeUnitFromName(w.unit).value_or(U::kDay)});
  }
  return out;
}

// Unit words after a number: the counters of dictionaries/vocabulary.toml read by "duration". "時"
// alone is a clock time ("9時") and plain "月" a month name ("3月"), so neither is there; the
// frequency parser adds "月" where it is a period ("月1回").
const UnitWords& DurationUnits() {
  static const UnitWords kUnits = [] {
    UnitWords units;
    for (UnitWord& u : ToUnitWords(SharedVocabulary().duration_units)) {
      (IsAlpha(u.word[0]) ? units.english : units.japanese).push_back(std::move(u));
    }
    return units;
  }();
  return kUnits;
}

struct UnitMatch {
  TimeUnit unit;
  std::u32string_view word;
  size_t end;
};

// Reads the longest unit word at pos.
std::optional<UnitMatch> ReadUnitWord(std::u32string_view s, size_t pos, bool allow_plain_month) {
  std::optional<UnitMatch> best;
  for (const UnitWord& u : DurationUnits().japanese) {
    if (At(s, pos, u.word) && (!best || u.word.size() > best->word.size())) best = UnitMatch{u.unit, u.word, pos + u.word.size()};
  }
  if (!best && allow_plain_month && At(s, pos, U"月")) best = UnitMatch{U::kMonth, U"月", pos + 1};
  if (best) return best;
  for (const UnitWord& u : DurationUnits().english) {
    const size_t end = pos + u.word.size();
    if (At(s, pos, u.word) && (end >= s.size() || !IsAlpha(s[end]))) return UnitMatch{u.unit, u.word, end};
  }
  return std::nullopt;
}

// Whether an era's name or letter (dictionaries/vocabulary.toml) stands right before the number.
bool IsEra(std::u32string_view s, size_t number_begin) {
  struct Names {
    std::vector<std::u32string> names;
    std::u32string letters;
  };
  static const Names kEras = [] {
    Names eras;
    for (const Era& era : SharedVocabulary().eras) {
      eras.names.push_back(utf8::Decode(era.name));
      eras.letters += utf8::Decode(era.letter);
    }
    return eras;
  }();
  size_t k = number_begin;
  while (k > 0 && values_internal::IsSpace(s[k - 1])) --k;
  for (const std::u32string& name : kEras.names) {
    if (k >= name.size() && At(s, k - name.size(), name)) return true;
  }
  // "R6.3.14", "H31": an era letter right before the number, not the end of a word.
  return k >= 1 && kEras.letters.find(s[k - 1]) != std::u32string::npos && (k < 2 || !IsAlpha(s[k - 2]));
}

// Reads the unit after the number n (at pos, spaces skipped) and returns it unless the context
// shows the number is not an amount of time: a clock time ("9時30分"), a calendar date ("3月14日",
// "2024年"), an ordinal ("第2週") or a fraction ("3分の1").
std::optional<UnitMatch> ReadUnit(std::u32string_view s, const Number& n, size_t pos, bool allow_plain_month) {
  auto unit = ReadUnitWord(s, pos, allow_plain_month);
  if (!unit) return std::nullopt;
  const char32_t before = PrevNonSpace(s, n.begin);
  if (before == U'第') return std::nullopt;
  const std::u32string_view w = unit->word;
  if (unit->unit == U::kMinute && w.size() <= 2 && w[0] == U'分') {
    if (before == U'時' || before == U':') return std::nullopt;
    if (At(s, unit->end, U"の")) return std::nullopt;
  }
  if (w == U"日" && (before == U'月' || before == U'/')) return std::nullopt;
  if (w == U"年") {
    if (n.value >= 1000 || IsEra(s, n.begin)) return std::nullopt;
    if (At(s, unit->end, U"度")) return std::nullopt;
    // "6年3月": a year of an era written without its name.
    const size_t next = SkipSpaces(s, unit->end);
    if (auto m = ReadNumber(s, next); m && At(s, SkipSpaces(s, m->end), U"月")) return std::nullopt;
  }
  if (w == U"月" && before == U'年') return std::nullopt;  // "2024年3月"
  return unit;
}

// Minutes in a unit of the minute..week family, months in month/year; 0 for business_day.
double FamilyFactor(TimeUnit unit) {
  switch (unit) {
    case U::kMinute: return 1;
    case U::kHour: return 60;
    case U::kDay: return 60 * 24;
    case U::kWeek: return 60 * 24 * 7;
    case U::kMonth: return 1;
    case U::kYear: return 12;
    case U::kBusinessDay: return 0;
  }
  return 0;
}

bool SameFamily(TimeUnit a, TimeUnit b) {
  auto calendar = [](TimeUnit u) { return u == U::kMonth || u == U::kYear; };
  if (a == U::kBusinessDay || b == U::kBusinessDay) return a == b;
  return calendar(a) == calendar(b);
}

// Expresses amount of `from` in `to` (same family, to the smaller unit).
double Convert(double amount, TimeUnit from, TimeUnit to) { return amount * FamilyFactor(from) / FamilyFactor(to); }

struct Keyword {
  std::u32string_view word;
  Duration duration;
};

// Words that state a duration without a number, checked in order (a word before any it starts with).
const std::vector<Keyword>& DurationKeywords() {
  static const std::vector<Keyword> kKeywords = {
      Keyword{U"翌々営業日", Of(2, U::kBusinessDay)},
      Keyword{U"翌営業日", Of(1, U::kBusinessDay)},
      Keyword{U"翌々日", Of(2, U::kDay)},
      Keyword{U"翌日", Of(1, U::kDay)},
      Keyword{U"即日", Of(0, U::kDay)},
      Keyword{U"当日", Of(0, U::kDay)},
      Keyword{U"同日", Of(0, U::kDay)},
      Keyword{U"半年", Of(6, U::kMonth)},
      Keyword{U"半日", Of(0.5, U::kDay)},
      Keyword{U"無期限", Unbounded()},
      Keyword{U"期限なし", Unbounded()},
      Keyword{U"期限無し", Unbounded()},
      Keyword{U"無制限", Unbounded()},
      Keyword{U"永久", Unbounded()},
      Keyword{U"永年", Unbounded()},
      Keyword{U"next business day", Of(1, U::kBusinessDay)},
      Keyword{U"same day", Of(0, U::kDay)},
      Keyword{U"indefinitely", Unbounded()},
      Keyword{U"unlimited", Unbounded()},
  };
  return kKeywords;
}

std::optional<Found> KeywordAt(std::u32string_view s, size_t i) {
  for (const Keyword& k : DurationKeywords()) {
    if (!At(s, i, k.word)) continue;
    if (IsAlpha(k.word[0]) && i > 0 && IsAlpha(s[i - 1])) continue;  // inside an English word
    return Found{k.duration, i, i + k.word.size()};
  }
  return std::nullopt;
}

// Reads a duration that starts at i: a keyword, "N unit", "N〜M unit" or "N unit〜M unit".
std::optional<Found> DurationAt(std::u32string_view s, size_t i) {
  if (auto k = KeywordAt(s, i)) return k;
  auto first = ReadNumber(s, i);
  if (!first) return std::nullopt;
  const size_t after_first = SkipSpaces(s, first->end);
  const auto first_unit = ReadUnit(s, *first, after_first, false);

  Found found;
  found.begin = i;
  bool have = false;
  // A range: the first number may omit the unit ("1〜2週間") or repeat it ("1時間〜2時間").
  const size_t sep_pos = SkipSpaces(s, first_unit ? first_unit->end : after_first);
  if (auto sep = ReadRangeSeparator(s, sep_pos)) {
    const size_t second_pos = SkipSpaces(s, *sep);
    if (auto second = ReadNumber(s, second_pos)) {
      const auto second_unit = ReadUnit(s, *second, SkipSpaces(s, second->end), false);
      if (second_unit && (!first_unit || SameFamily(first_unit->unit, second_unit->unit))) {
        TimeUnit unit = second_unit->unit;
        double low = first->value;
        double high = second->value;
        if (first_unit && first_unit->unit != unit) {
          // "30分〜1時間": both ends in the smaller unit.
          if (FamilyFactor(first_unit->unit) < FamilyFactor(unit)) {
            high = Convert(high, unit, first_unit->unit);
            unit = first_unit->unit;
          } else {
            low = Convert(low, first_unit->unit, unit);
          }
        }
        if (high >= low) {
          found.duration = Of(low, unit);
          if (high > low) found.duration.upto = high;
          found.end = second_unit->end;
          have = true;
        }
      }
    }
  }
  if (!have) {
    if (!first_unit) return std::nullopt;
    found.duration = Of(first->value, first_unit->unit);
    found.end = first_unit->end;
    // A compound amount: "1年3ヶ月" is 15 month, "2時間30分" 150 minute.
    if (auto rest = ReadNumber(s, SkipSpaces(s, found.end))) {
      auto rest_unit = ReadUnit(s, *rest, SkipSpaces(s, rest->end), false);
      if (rest_unit && first_unit->unit != U::kBusinessDay && SameFamily(first_unit->unit, rest_unit->unit) &&
          FamilyFactor(rest_unit->unit) < FamilyFactor(first_unit->unit)) {
        found.duration = Of(Convert(first->value, first_unit->unit, rest_unit->unit) + rest->value, rest_unit->unit);
        found.end = rest_unit->end;
      }
    }
  }
  // "1時間半", "1年半": half a unit more.
  if (found.end < s.size() && s[found.end] == U'半') {
    (found.duration.upto ? *found.duration.upto : found.duration.amount) += 0.5;
    ++found.end;
  }
  return found;
}

std::optional<Found> FindDuration(std::u32string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (auto found = DurationAt(s, i)) return found;
  }
  return std::nullopt;
}

// ---- Frequency ----------------------------------------------------------------------------------

// The interval of "count times per `amount` unit", in a unit where it is whole when one exists
// ("1日2回" -> 12 hour, "年4回" -> 3 month, "週2回" -> 84 hour).
Duration Divide(double amount, TimeUnit unit, double count) {
  double value = amount / count;
  for (;;) {
    if (std::abs(value - std::round(value)) < 1e-9) break;
    if (unit == U::kYear) {
      value *= 12, unit = U::kMonth;
    } else if (unit == U::kWeek) {
      value *= 7, unit = U::kDay;
    } else if (unit == U::kDay) {
      value *= 24, unit = U::kHour;
    } else if (unit == U::kHour) {
      value *= 60, unit = U::kMinute;
    } else {
      break;
    }
  }
  if (std::abs(value - std::round(value)) < 1e-9) value = std::round(value);
  return Of(value, unit);
}

// Reads "(に|あたり|当たり)? M (回|度)" at pos: the count of a "per period" phrase.
std::optional<std::pair<double, size_t>> ReadTimesPer(std::u32string_view s, size_t pos) {
  size_t p = SkipSpaces(s, pos);
  for (std::u32string_view joiner : {U"あたり", U"当たり", U"につき", U"に", U"で"}) {
    if (At(s, p, joiner)) {
      p = SkipSpaces(s, p + joiner.size());
      break;
    }
  }
  auto m = ReadNumber(s, p);
  if (!m || !m->integral || m->value <= 0) return std::nullopt;
  size_t q = SkipSpaces(s, m->end);
  // "年1〜2回": the count promised is the lower one, as "年1回以上" is once a year.
  if (auto sep = ReadRangeSeparator(s, q)) {
    if (auto high = ReadNumber(s, SkipSpaces(s, *sep)); high && high->integral && high->value >= m->value) {
      q = SkipSpaces(s, high->end);
    }
  }
  if (q < s.size() && (s[q] == U'回' || s[q] == U'度')) return std::make_pair(m->value, q + 1);
  return std::nullopt;
}

struct PeriodWord {
  std::u32string_view word;
  Duration period;
  bool countable;  // may be followed by a count: "毎日2回", "半年に1回"
};

const std::vector<PeriodWord>& FrequencyWords() {
  static const std::vector<PeriodWord> kWords = {
      {U"毎営業日", Of(1, U::kBusinessDay), true},
      {U"毎日", Of(1, U::kDay), true},
      {U"毎朝", Of(1, U::kDay), false},
      {U"毎晩", Of(1, U::kDay), false},
      {U"毎夜", Of(1, U::kDay), false},
      {U"日次", Of(1, U::kDay), false},
      {U"日毎", Of(1, U::kDay), false},
      {U"日ごと", Of(1, U::kDay), false},
      {U"デイリー", Of(1, U::kDay), false},
      {U"毎週", Of(1, U::kWeek), true},
      {U"週次", Of(1, U::kWeek), false},
      {U"週毎", Of(1, U::kWeek), false},
      {U"週ごと", Of(1, U::kWeek), false},
      {U"ウィークリー", Of(1, U::kWeek), false},
      {U"毎月", Of(1, U::kMonth), true},
      {U"月次", Of(1, U::kMonth), false},
      {U"月毎", Of(1, U::kMonth), false},
      {U"月ごと", Of(1, U::kMonth), false},
      {U"マンスリー", Of(1, U::kMonth), false},
      {U"毎年", Of(1, U::kYear), true},
      {U"年次", Of(1, U::kYear), false},
      {U"年毎", Of(1, U::kYear), false},
      {U"年ごと", Of(1, U::kYear), false},
      {U"年度ごと", Of(1, U::kYear), false},
      {U"毎年度", Of(1, U::kYear), true},
      {U"四半期", Of(3, U::kMonth), true},
      {U"半年", Of(6, U::kMonth), true},
      {U"半期", Of(6, U::kMonth), true},
      {U"毎時", Of(1, U::kHour), false},
      {U"毎分", Of(1, U::kMinute), false},
      {U"隔日", Of(2, U::kDay), false},
      {U"隔週", Of(2, U::kWeek), false},
      {U"隔月", Of(2, U::kMonth), false},
      {U"隔年", Of(2, U::kYear), false},
      {U"every day", Of(1, U::kDay), false},
      {U"once a day", Of(1, U::kDay), false},
      {U"twice a day", Of(12, U::kHour), false},
      {U"daily", Of(1, U::kDay), false},
      {U"every week", Of(1, U::kWeek), false},
      {U"once a week", Of(1, U::kWeek), false},
      {U"weekly", Of(1, U::kWeek), false},
      {U"every month", Of(1, U::kMonth), false},
      {U"once a month", Of(1, U::kMonth), false},
      {U"monthly", Of(1, U::kMonth), false},
      {U"quarterly", Of(3, U::kMonth), false},
      {U"semiannually", Of(6, U::kMonth), false},
      {U"semi-annually", Of(6, U::kMonth), false},
      {U"twice a year", Of(6, U::kMonth), false},
      {U"every year", Of(1, U::kYear), false},
      {U"once a year", Of(1, U::kYear), false},
      {U"annually", Of(1, U::kYear), false},
      {U"yearly", Of(1, U::kYear), false},
      {U"annual", Of(1, U::kYear), false},
      {U"every hour", Of(1, U::kHour), false},
      {U"hourly", Of(1, U::kHour), false},
  };
  return kWords;
}

// Period units written without a number before a count ("年1回", "月に1回", "週2回"): the counters of
// dictionaries/vocabulary.toml read by "period", the first that matches taken.
const std::vector<UnitWord>& BarePeriods() {
  static const std::vector<UnitWord> kPeriods = ToUnitWords(SharedVocabulary().period_units);
  return kPeriods;
}

std::optional<Duration> FrequencyAt(std::u32string_view s, size_t i) {
  // A frequency word; the longest wins ("毎年度" over "毎年").
  const PeriodWord* best = nullptr;
  for (const PeriodWord& w : FrequencyWords()) {
    if (!At(s, i, w.word) || (best && best->word.size() >= w.word.size())) continue;
    if (IsAlpha(w.word[0]) && i > 0 && IsAlpha(s[i - 1])) continue;  // "biannual" is not "annual"
    best = &w;
  }
  if (best) {
    if (best->countable) {
      if (auto times = ReadTimesPer(s, i + best->word.size())) {
        return Divide(best->period.amount, best->period.unit, times->first);
      }
    }
    return best->period;
  }

  // "every 6 hours"
  if (At(s, i, U"every ") && (i == 0 || !IsAlpha(s[i - 1]))) {
    const size_t p = SkipSpaces(s, i + 6);
    if (auto n = ReadNumber(s, p)) {
      if (auto unit = ReadUnit(s, *n, SkipSpaces(s, n->end), false)) return Of(n->value, unit->unit);
    }
  }

  if (auto n = ReadNumber(s, i)) {
    const size_t p = SkipSpaces(s, n->end);
    // "5〜10分おき": a range of intervals.
    std::optional<double> upto;
    size_t unit_pos = p;
    if (auto sep = ReadRangeSeparator(s, p)) {
      if (auto high = ReadNumber(s, SkipSpaces(s, *sep)); high && high->value > n->value) {
        upto = high->value;
        unit_pos = SkipSpaces(s, high->end);
      }
    }
    if (auto unit = ReadUnit(s, *n, unit_pos, true)) {
      // "6時間ごと", "1時間毎", "1週間毎", "5分おき". "1日おき" skips a day between (every 2 days);
      // "5分おき" is said of every 5 minutes.
      const size_t q = SkipSpaces(s, unit->end);
      const bool skip = At(s, q, U"おき") || At(s, q, U"置き");
      if (At(s, q, U"ごと") || At(s, q, U"毎") || skip) {
        const bool whole_periods = unit->unit != U::kMinute && unit->unit != U::kHour;
        Duration d = Of(n->value + (skip && whole_periods ? 1 : 0), unit->unit);
        if (upto) d.upto = *upto + (skip && whole_periods ? 1 : 0);
        return d;
      }
      if (upto) return std::nullopt;
      // "1日1回", "2日に1回", "1年に1回"
      if (auto times = ReadTimesPer(s, unit->end)) return Divide(n->value, unit->unit, times->first);
      return std::nullopt;  // a plain duration ("10日間保管") is not a frequency
    }
    // "2回/日", "1回/月", "1回/1日"
    if (p < s.size() && (s[p] == U'回' || s[p] == U'度') && n->integral && n->value > 0) {
      const size_t q = SkipSpaces(s, p + 1);
      if (q < s.size() && s[q] == U'/') {
        size_t r = SkipSpaces(s, q + 1);
        if (auto per = ReadNumber(s, r); per && per->integral && per->value > 0) {
          if (auto unit = ReadUnit(s, *per, SkipSpaces(s, per->end), true))
            return Divide(per->value, unit->unit, n->value);
          r = per->end;
        }
        for (const UnitWord& u : BarePeriods()) {
          if (At(s, r, u.word)) return Divide(1, u.unit, n->value);
        }
      }
    }
    // "3 times a day"
    if (At(s, p, U"times a ") || At(s, p, U"times per ")) {
      const size_t r = SkipSpaces(s, p + (At(s, p, U"times a ") ? 8 : 10));
      for (const UnitWord& u : DurationUnits().english) {
        if (At(s, r, u.word)) return Divide(1, u.unit, n->value);
      }
    }
    return std::nullopt;
  }

  // "年1回", "月に1回", "週2回": a period with no number before it.
  if (i > 0 && values_internal::IsDigit(s[i - 1])) return std::nullopt;
  for (const UnitWord& u : BarePeriods()) {
    if (!At(s, i, u.word)) continue;
    if (auto times = ReadTimesPer(s, i + u.word.size())) return Divide(1, u.unit, times->first);
  }
  return std::nullopt;
}

// Whether the text around a duration is only punctuation or filler ("約", "間隔", "程度"), so the
// duration is the whole answer and may be read as an interval ("インターバル: 1日" captured as "1日").
bool OnlyFiller(std::u32string_view s, size_t begin, size_t end) {
  constexpr std::u32string_view kFiller = U" 、。,.:;()[]「」『』【】・約間隔程度毎";
  for (size_t k = 0; k < s.size(); ++k) {
    if (k >= begin && k < end) continue;
    if (kFiller.find(s[k]) == std::u32string_view::npos) return false;
  }
  return true;
}

}  // namespace

std::optional<Duration> ParseDuration(std::string_view text) {
  const std::u32string s = values_internal::Fold(text);
  if (auto found = FindDuration(s)) return found->duration;
  return std::nullopt;
}

std::optional<Duration> ParseFrequency(std::string_view text) {
  const std::u32string s = values_internal::Fold(text);
  for (size_t i = 0; i < s.size(); ++i) {
    if (auto d = FrequencyAt(s, i)) return d;
  }
  if (auto found = FindDuration(s); found && !found->duration.unbounded && !found->duration.upto &&
                                    found->duration.amount > 0 && OnlyFiller(s, found->begin, found->end)) {
    return found->duration;
  }
  return std::nullopt;
}

}  // namespace kensa
