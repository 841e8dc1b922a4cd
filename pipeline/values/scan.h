// Internal to kensa_values: the folded code-point string the value parsers scan, and the small
// readers they share (numbers, fixed words, range separators).
//
// The normalize stage already folds the text, but a rule may capture raw text, so the parsers fold
// again here (cheaply, and without ICU): one spelling per character they care about, kanji
// numerals before a counter read as digits. Everything works on std::u32string so a "character"
// is one code point and look-behind is an index step.
// Thread-safe: pure functions.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace kensa::values_internal {

// The one wave dash every tilde and wave dash folds to.
inline constexpr char32_t kWave = U'〜';

// Returns text as code points with: full-width ASCII folded to ASCII; every space-like character
// (ideographic space, tab, newline, NBSP) as ' '; every tilde or wave dash as kWave; every hyphen,
// en dash and minus sign as '-'; kanji numerals that stand before a counter or a range as ASCII
// digits ("十世代" -> "10世代", "二十四時間" -> "24時間", "令和六年三月十四日" -> "令和6年3月14日")
// but not inside words ("一般", "統一", "十分な"). Invalid UTF-8 becomes U+FFFD.
std::u32string Fold(std::string_view text);

bool IsDigit(char32_t c);
bool IsSpace(char32_t c);
bool IsAlpha(char32_t c);  // ASCII letters only
// A kana or kanji: a character that continues a Japanese word.
bool IsWordChar(char32_t c);

// Returns whether s[pos..] starts with word (ASCII letters compared case-insensitively).
bool At(std::u32string_view s, size_t pos, std::u32string_view word);
// Returns the first index >= pos that is not a space.
size_t SkipSpaces(std::u32string_view s, size_t pos);
// Returns the last non-space character before pos, or 0 when there is none.
char32_t PrevNonSpace(std::u32string_view s, size_t pos);

struct Number {
  double value = 0;
  size_t begin = 0;
  size_t end = 0;
  bool integral = true;
};
// Reads the decimal number that starts at pos ("7", "8.8", "1,000"). Returns nullopt unless s[pos]
// is a digit that does not continue an earlier number (so a scan that steps one character at a
// time sees each number once).
std::optional<Number> ReadNumber(std::u32string_view s, size_t pos);

// Returns the end of a range separator at pos ("〜", "-", "から"), or nullopt.
std::optional<size_t> ReadRangeSeparator(std::u32string_view s, size_t pos);

}  // namespace kensa::values_internal
