#include "values/scan.h"

#include <charconv>
#include <cstdint>
#include <string>

#include "common/utf8.h"
#include "common/vocabulary.h"

namespace kensa::values_internal {
namespace {

int KanjiDigit(char32_t c) {
  switch (c) {
    case U'〇': case U'零': return 0;
    case U'一': return 1;
    case U'二': return 2;
    case U'三': return 3;
    case U'四': return 4;
    case U'五': return 5;
    case U'六': return 6;
    case U'七': return 7;
    case U'八': return 8;
    case U'九': return 9;
    default: return -1;
  }
}

int KanjiMultiplier(char32_t c) {
  switch (c) {
    case U'十': return 10;
    case U'百': return 100;
    case U'千': return 1000;
    default: return 0;
  }
}

bool IsKanjiNumeral(char32_t c) { return KanjiDigit(c) >= 0 || KanjiMultiplier(c) > 0; }

// The value of a run of kanji numerals: positional ("二十四" = 24, "三百六十五" = 365) when it has a
// multiplier, else digit by digit ("二〇二四" = 2024, the way years are written).
int64_t KanjiValue(std::u32string_view run) {
  bool positional = false;
  for (char32_t c : run) positional = positional || KanjiMultiplier(c) > 0;
  int64_t total = 0;
  if (!positional) {
    for (char32_t c : run) total = total * 10 + KanjiDigit(c);
    return total;
  }
  int64_t digit = -1;  // -1: no digit since the last multiplier ("十" alone is 10)
  for (char32_t c : run) {
    if (int m = KanjiMultiplier(c); m > 0) {
      total += (digit < 0 ? 1 : digit) * m;
      digit = -1;
    } else {
      digit = KanjiDigit(c);
    }
  }
  return total + (digit < 0 ? 0 : digit);
}

// Kanji after which a numeral is still a number although the character before it is a kanji:
// "年三回", "三月十四日", "毎週一回", "令和六年", "平成三十一年", "約三十分".
bool NumberMayFollowKanji(char32_t c) {
  for (char32_t k : std::u32string_view(U"年月日週間毎約計最和成第")) {
    if (c == k) return true;
  }
  return false;
}

// Counters and units a kanji numeral must stand before to be read as a number: the first characters
// of the counters of dictionaries/vocabulary.toml read by "numeral", or a range's dash.
bool IsCounterStart(char32_t c) {
  static const std::u32string kStarts = [] {
    std::u32string starts;
    for (const std::string& word : SharedVocabulary().numeral_counters) starts += utf8::Decode(word).front();
    return starts;
  }();
  return kStarts.find(c) != std::u32string::npos || c == kWave || c == U'-';
}

// Whether the numeral run [begin, end) of s is a number here, not part of a word.
bool IsNumeralANumber(std::u32string_view s, size_t begin, size_t end) {
  if (begin > 0) {
    const char32_t before = s[begin - 1];
    if (utf8::IsKanji(before) && !NumberMayFollowKanji(before)) return false;  // 統一, 唯一
  }
  const size_t next = SkipSpaces(s, end);
  if (next >= s.size()) return false;
  if (At(s, next, U"から")) return true;  // 一から三日
  if (!IsCounterStart(s[next])) return false;
  const std::u32string_view run = s.substr(begin, end - begin);
  // 十分 is "enough" unless a duration word follows (十分以内, 十分間, 十分前).
  if (run == U"十" && s[next] == U'分') {
    return next + 1 < s.size() && std::u32string_view(U"以間前後毎程").find(s[next + 1]) != std::u32string_view::npos;
  }
  // 一時 is "temporary" in 一時的, 一時停止, 一時保存 ...
  if (run == U"一" && s[next] == U'時' && next + 1 < s.size() &&
      std::u32string_view(U"的停保中休避点金預").find(s[next + 1]) != std::u32string_view::npos) {
    return false;
  }
  return true;
}

char32_t FoldChar(char32_t c) {
  if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;  // full-width ASCII
  switch (c) {
    case U'~': case U'〜': case U'∼': case U'〰': case U'⁓': case U'˜':
      return kWave;
    case U'‐': case U'‑': case U'‒': case U'–': case U'—': case U'―': case U'−':
      return U'-';
    case U'\t': case U'\n': case U'\r': case U'\f': case U'\v': case 0x00A0: case 0x3000:
      return U' ';
    default:
      return c;
  }
}

}  // namespace

bool IsDigit(char32_t c) { return c >= U'0' && c <= U'9'; }
bool IsSpace(char32_t c) { return c == U' ' || c == U'\t' || c == U'\n' || c == U'\r' || c == 0x3000; }
bool IsAlpha(char32_t c) { return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z'); }
bool IsWordChar(char32_t c) { return utf8::IsKana(c) || utf8::IsKanji(c); }

std::u32string Fold(std::string_view text) {
  std::u32string folded;
  folded.reserve(text.size());
  for (size_t pos = 0; pos < text.size();) folded += FoldChar(utf8::Next(text, pos));

  std::u32string out;
  out.reserve(folded.size());
  for (size_t i = 0; i < folded.size();) {
    if (!IsKanjiNumeral(folded[i])) {
      out += folded[i++];
      continue;
    }
    size_t end = i;
    while (end < folded.size() && IsKanjiNumeral(folded[end])) ++end;
    if (IsNumeralANumber(folded, i, end)) {
      for (char c : std::to_string(KanjiValue(std::u32string_view(folded).substr(i, end - i)))) out += c;
    } else {
      out.append(folded, i, end - i);
    }
    i = end;
  }
  return out;
}

bool At(std::u32string_view s, size_t pos, std::u32string_view word) {
  if (pos > s.size() || s.size() - pos < word.size()) return false;
  for (size_t k = 0; k < word.size(); ++k) {
    char32_t a = s[pos + k];
    char32_t b = word[k];
    if (IsAlpha(a) && IsAlpha(b)) {
      a |= 0x20;  // ASCII lower case
      b |= 0x20;
    }
    if (a != b) return false;
  }
  return true;
}

size_t SkipSpaces(std::u32string_view s, size_t pos) {
  while (pos < s.size() && IsSpace(s[pos])) ++pos;
  return pos;
}

char32_t PrevNonSpace(std::u32string_view s, size_t pos) {
  while (pos > 0 && IsSpace(s[pos - 1])) --pos;
  return pos > 0 ? s[pos - 1] : 0;
}

std::optional<Number> ReadNumber(std::u32string_view s, size_t pos) {
  if (pos >= s.size() || !IsDigit(s[pos])) return std::nullopt;
  if (pos > 0 && IsDigit(s[pos - 1])) return std::nullopt;
  // The fraction of a decimal ("8.8"): the number was read from its integer part.
  if (pos >= 2 && s[pos - 1] == U'.' && IsDigit(s[pos - 2])) return std::nullopt;
  // A thousands group ("1,000"): likewise.
  if (pos >= 2 && s[pos - 1] == U',' && IsDigit(s[pos - 2])) return std::nullopt;
  Number n;
  n.begin = pos;
  // Collect the digits as ASCII and let from_chars round once, so "99.95" is exactly 99.95.
  std::string digits;
  size_t i = pos;
  while (i < s.size() && IsDigit(s[i])) digits += static_cast<char>(s[i++]);
  // Thousands groups: exactly three digits after each comma.
  while (i + 3 < s.size() && s[i] == U',' && IsDigit(s[i + 1]) && IsDigit(s[i + 2]) && IsDigit(s[i + 3]) &&
         (i + 4 >= s.size() || !IsDigit(s[i + 4]))) {
    for (size_t k = 1; k <= 3; ++k) digits += static_cast<char>(s[i + k]);
    i += 4;
  }
  if (i + 1 < s.size() && s[i] == U'.' && IsDigit(s[i + 1])) {
    digits += '.';
    for (++i; i < s.size() && IsDigit(s[i]); ++i) digits += static_cast<char>(s[i]);
    n.integral = false;
  }
  std::from_chars(digits.data(), digits.data() + digits.size(), n.value);
  n.end = i;
  return n;
}

std::optional<size_t> ReadRangeSeparator(std::u32string_view s, size_t pos) {
  if (pos >= s.size()) return std::nullopt;
  if (s[pos] == kWave || s[pos] == U'-') return pos + 1;
  if (At(s, pos, U"から")) return pos + 2;
  return std::nullopt;
}

}  // namespace kensa::values_internal
