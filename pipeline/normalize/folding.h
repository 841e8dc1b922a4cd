// Internal to the normalize stage: the passes that run after ICU NFKC, on a sequence of code points
// that each remember the raw position they came from. Each pass returns a new sequence, so the offset
// map stays exact however many code points a pass drops or rewrites.
// Thread-safe: pure functions over immutable tables.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace kensa::folding {

// One code point of the text being normalized and where it came from.
struct Unit {
  char32_t cp = 0;
  uint32_t raw = 0;  // byte offset in the raw page text of the code point that produced it
  int32_t page = 0;  // 1-based page number
};
using Units = std::vector<Unit>;

// Returns the length in code points of the counter or unit word ("世代", "時間", "ヶ月", "%", "GB")
// that starts at units[pos], or 0 when none does. `after_ichi` is set when the number before it is
// the lone kanji "一", where "一時" and "一日も" are words rather than quantities.
size_t CounterLengthAt(const Units& units, size_t pos, bool after_ichi = false);

// Maps every wave dash or tilde to "〜" and hyphen-like dashes to '-' (dashes between digits, such
// as "9:00ー18:00", included); drops zero-width characters.
Units FoldDashes(const Units& in);

// Joins a line break that falls inside a word: digit + '\n' + counter ("2\n世代"), inside a Latin
// token or version ("T\nLS1.2", "ISO/IEC2700\n1", a broken URL), or after a hyphen that ends a line
// ("exam-\nple" -> "example", "AES-\n256" -> "AES-256").
Units JoinBrokenLines(const Units& in);

// Drops a single space (ASCII after NFKC, so U+3000 too) between two Japanese characters, or between
// a digit and a Japanese character in either order. Runs of two or more spaces are column gaps in a
// table and stay; so do tabs and spaces next to Latin words.
Units DropSpaces(const Units& in);

// Puts back the wave dash of a time range where it was lost or misread (OCR reads 〜 as nothing or
// as て, こ, 一, ー; a font without a Unicode map drops it): between a time that ends "N時" or "N:NN"
// and one that starts right after ("9時18時", "12時て13時", "9:00て12:00") stands "〜". Two
// times side by side say nothing else in Japanese.
Units RepairTimeRanges(const Units& in);

// Rewrites kanji numerals as ASCII digits where they count something: before a counter or unit
// ("十世代" -> "10世代", "二十四時間" -> "24時間", "二〇二三年" -> "2023年"), never inside words
// ("一般", "統一", "一時的", "十分な", "第三者").
Units ConvertKanjiNumerals(const Units& in);

}  // namespace kensa::folding
