// Small UTF-8 helpers shared by the stages that walk text code point by code point.
// Invalid bytes decode as U+FFFD and advance one byte, so no input can make a loop stall.
// Thread-safe: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace kensa::utf8 {

// Decodes the code point at text[pos] and advances pos past it.
char32_t Next(std::string_view text, size_t& pos);
// Appends the UTF-8 encoding of cp to out.
void Append(std::string& out, char32_t cp);
// Returns the number of code points in text.
size_t Length(std::string_view text);
// Returns the code points of text.
std::u32string Decode(std::string_view text);
// Returns the longest prefix of text with at most max_chars code points.
std::string_view Prefix(std::string_view text, size_t max_chars);

// Character classes used across stages.
bool IsKana(char32_t cp);      // hiragana, katakana (incl. ー and half-width katakana)
bool IsKanji(char32_t cp);     // CJK unified ideographs (incl. ext. A, compatibility, 々〆)
bool IsJapanese(char32_t cp);  // kana, kanji or CJK/full-width punctuation
bool IsAsciiDigit(char32_t cp);
bool IsAsciiAlpha(char32_t cp);

}  // namespace kensa::utf8
