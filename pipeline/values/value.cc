// Names, comparison and display of values, and ParseValue. The parsers are in duration.cc
// (durations and frequencies) and parsers.cc (the rest).

#include "values/value.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <type_traits>
#include <variant>

namespace kensa {
namespace {

// Doubles read from text ("99.9", "8.8") and from TOML may differ in the last bit.
bool Near(double a, double b) { return std::abs(a - b) <= 1e-9 + 1e-9 * std::max(std::abs(a), std::abs(b)); }

// The unit's size in its family: minutes for minute..week, months for month/year. business_day is
// its own family (a business day is not 24 hours).
enum class Family { kClock, kCalendar, kBusiness };

Family FamilyOf(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kMinute:
    case TimeUnit::kHour:
    case TimeUnit::kDay:
    case TimeUnit::kWeek:
      return Family::kClock;
    case TimeUnit::kMonth:
    case TimeUnit::kYear:
      return Family::kCalendar;
    case TimeUnit::kBusinessDay:
      return Family::kBusiness;
  }
  return Family::kBusiness;
}

double SizeOf(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kMinute: return 1;
    case TimeUnit::kHour: return 60;
    case TimeUnit::kDay: return 60 * 24;
    case TimeUnit::kWeek: return 60 * 24 * 7;
    case TimeUnit::kMonth: return 1;
    case TimeUnit::kYear: return 12;
    case TimeUnit::kBusinessDay: return 1;
  }
  return 1;
}

bool DurationsEquivalent(const Duration& a, const Duration& b) {
  if (a.unbounded || b.unbounded) return a.unbounded == b.unbounded;
  if (FamilyOf(a.unit) != FamilyOf(b.unit)) return false;
  const double sa = SizeOf(a.unit);
  const double sb = SizeOf(b.unit);
  // A range {1, upto 1} says no more than a single value of 1.
  return Near(a.amount * sa, b.amount * sb) && Near(a.upto.value_or(a.amount) * sa, b.upto.value_or(b.amount) * sb);
}

// Minutes since midnight of "H:MM" / "HH:MM", or -1.
int ClockMinutes(const std::string& hhmm) {
  int hour = 0;
  int minute = 0;
  char extra = 0;
  if (std::sscanf(hhmm.c_str(), "%d:%d%c", &hour, &minute, &extra) != 2) return -1;
  return hour * 60 + minute;
}

bool SameClock(const std::string& a, const std::string& b) {
  const int ma = ClockMinutes(a);
  return ma >= 0 ? ma == ClockMinutes(b) : a == b;
}

bool HoursEquivalent(const Hours& a, const Hours& b) {
  if (a.always || b.always) return a.always == b.always;
  return SameClock(a.from, b.from) && SameClock(a.to, b.to);
}

// "2", "8.8", "0.5": no trailing zeros, no exponent for the amounts documents state.
std::string FormatNumber(double x) {
  char buffer[32];
  if (std::abs(x - std::round(x)) < 1e-9 && std::abs(x) < 1e15) {
    std::snprintf(buffer, sizeof buffer, "%lld", static_cast<long long>(std::llround(x)));
  } else {
    std::snprintf(buffer, sizeof buffer, "%.10g", x);
  }
  return buffer;
}

const char* JapaneseUnit(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kMinute: return "分";
    case TimeUnit::kHour: return "時間";
    case TimeUnit::kDay: return "日";
    case TimeUnit::kBusinessDay: return "営業日";
    case TimeUnit::kWeek: return "週間";
    case TimeUnit::kMonth: return "ヶ月";
    case TimeUnit::kYear: return "年";
  }
  return "";
}

std::string ReadableDuration(const Duration& d) {
  if (d.unbounded) return "無期限";
  std::string out = FormatNumber(d.amount);
  if (d.upto) out += "〜" + FormatNumber(*d.upto);
  return out + JapaneseUnit(d.unit);
}

// "毎日", "毎時", "6時間ごと", "3ヶ月ごと", "1〜2週間ごと".
std::string ReadableFrequency(const Duration& d) {
  if (d.unbounded) return "無期限";
  if (!d.upto && Near(d.amount, 1)) {
    switch (d.unit) {
      case TimeUnit::kMinute: return "毎分";
      case TimeUnit::kHour: return "毎時";
      case TimeUnit::kDay: return "毎日";
      case TimeUnit::kBusinessDay: return "毎営業日";
      case TimeUnit::kWeek: return "毎週";
      case TimeUnit::kMonth: return "毎月";
      case TimeUnit::kYear: return "毎年";
    }
  }
  return ReadableDuration(d) + "ごと";
}

std::string_view Trim(std::string_view text) {
  constexpr std::string_view kIdeographicSpace = "\u3000";
  for (bool changed = true; changed;) {
    changed = false;
    while (!text.empty() && std::string_view(" \t\r\n\f\v").find(text.front()) != std::string_view::npos) {
      text.remove_prefix(1), changed = true;
    }
    while (!text.empty() && std::string_view(" \t\r\n\f\v").find(text.back()) != std::string_view::npos) {
      text.remove_suffix(1), changed = true;
    }
    if (text.starts_with(kIdeographicSpace)) text.remove_prefix(kIdeographicSpace.size()), changed = true;
    if (text.ends_with(kIdeographicSpace)) text.remove_suffix(kIdeographicSpace.size()), changed = true;
  }
  return text;
}

}  // namespace

const char* TimeUnitName(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kMinute: return "minute";
    case TimeUnit::kHour: return "hour";
    case TimeUnit::kDay: return "day";
    case TimeUnit::kBusinessDay: return "business_day";
    case TimeUnit::kWeek: return "week";
    case TimeUnit::kMonth: return "month";
    case TimeUnit::kYear: return "year";
  }
  return "?";
}

std::optional<TimeUnit> TimeUnitFromName(std::string_view name) {
  for (TimeUnit unit : {TimeUnit::kMinute, TimeUnit::kHour, TimeUnit::kDay, TimeUnit::kBusinessDay,
                        TimeUnit::kWeek, TimeUnit::kMonth, TimeUnit::kYear}) {
    if (name == TimeUnitName(unit)) return unit;
  }
  return std::nullopt;
}

const char* ValueTypeName(ValueType type) {
  switch (type) {
    case ValueType::kDuration: return "duration";
    case ValueType::kFrequency: return "frequency";
    case ValueType::kPercent: return "percent";
    case ValueType::kCount: return "count";
    case ValueType::kBool: return "bool";
    case ValueType::kEnum: return "enum";
    case ValueType::kSet: return "set";
    case ValueType::kHours: return "hours";
    case ValueType::kDate: return "date";
  }
  return "?";
}

std::optional<Value> ParseValue(ValueType type, std::string_view text) {
  auto wrap = [](auto parsed) -> std::optional<Value> {
    if (!parsed) return std::nullopt;
    return Value(std::move(*parsed));
  };
  switch (type) {
    case ValueType::kDuration: return wrap(ParseDuration(text));
    case ValueType::kFrequency: return wrap(ParseFrequency(text));
    case ValueType::kPercent: return wrap(ParsePercent(text));
    case ValueType::kCount: return wrap(ParseCount(text));
    case ValueType::kBool: return wrap(ParseBool(text));
    case ValueType::kDate: return wrap(ParseDate(text));
    case ValueType::kHours: {
      std::vector<Hours> windows = ParseHours(text);
      if (windows.empty()) return std::nullopt;
      return Value(std::move(windows.front()));
    }
    case ValueType::kEnum:
    case ValueType::kSet: {
      const std::string_view trimmed = Trim(text);
      if (trimmed.empty()) return std::nullopt;
      return Value(std::string(trimmed));
    }
  }
  return std::nullopt;
}

bool Equivalent(const Value& a, const Value& b) {
  // A count read as an integer equals the same number read from TOML or JSON as a double.
  if (std::holds_alternative<int64_t>(a) && std::holds_alternative<double>(b)) {
    return Near(static_cast<double>(std::get<int64_t>(a)), std::get<double>(b));
  }
  if (std::holds_alternative<double>(a) && std::holds_alternative<int64_t>(b)) return Equivalent(b, a);
  if (a.index() != b.index()) return false;
  return std::visit(
      [&b](const auto& x) -> bool {
        using T = std::decay_t<decltype(x)>;
        const T& y = std::get<T>(b);
        if constexpr (std::is_same_v<T, double>) {
          return Near(x, y);
        } else if constexpr (std::is_same_v<T, Duration>) {
          return DurationsEquivalent(x, y);
        } else if constexpr (std::is_same_v<T, Hours>) {
          return HoursEquivalent(x, y);
        } else {
          return x == y;
        }
      },
      a);
}

std::string Readable(const Value& value, ValueType type) {
  return std::visit(
      [type](const auto& x) -> std::string {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, bool>) {
          return x ? "有" : "無";
        } else if constexpr (std::is_same_v<T, double>) {
          return FormatNumber(x) + (type == ValueType::kPercent ? "%" : "");
        } else if constexpr (std::is_same_v<T, int64_t>) {
          const std::string n = std::to_string(x);
          if (type == ValueType::kCount) return n + "世代";
          return type == ValueType::kPercent ? n + "%" : n;
        } else if constexpr (std::is_same_v<T, std::string>) {
          return x;
        } else if constexpr (std::is_same_v<T, Duration>) {
          return type == ValueType::kFrequency ? ReadableFrequency(x) : ReadableDuration(x);
        } else if constexpr (std::is_same_v<T, Hours>) {
          return x.always ? std::string("24時間365日") : x.from + "〜" + x.to;
        } else {
          return x.iso;  // Date
        }
      },
      value);
}

}  // namespace kensa
