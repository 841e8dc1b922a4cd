// Stage 2, normalize: folds the text of all pages into one normalized UTF-8 string that the later
// stages search, and keeps a map from every normalized offset back to the page (and raw offset) it
// came from, so a quote can always be traced to its page.
//
// What it does (FIELDS.md, "Normalization that every field needs"):
//  - ICU NFKC: full-width letters/digits/punctuation to ASCII, half-width katakana to full width,
//    vertical presentation forms (︑︒﹁) to ordinary ones; circled numbers (①) stay, as list markers;
//  - wave dashes and tildes (〜 ～ ~ ∼ 〰) to one "〜" so ranges read the same everywhere; other
//    dashes (‐ – − －) to '-', and "ー"/"—"/"一" between digits ("9:00ー18:00") to '-';
//  - spaces between two Japanese characters, and between a digit and a following Japanese character
//    or a Japanese character and a following digit, dropped ("2023 年 5 月" -> "2023年5月"); a run of
//    two or more spaces is a column gap of a table and stays (the passages stage splits cells there);
//  - kanji numerals read as numbers only where they are numbers: before a counter or unit
//    ("十世代" -> "10世代", "二十四時間" -> "24時間", "年に一回" -> "年に1回") but not in words
//    ("一般", "統一", "一時的", "十分な");
//  - line breaks inside a word joined: between a digit and its unit ("2\n世代"), inside a Latin word
//    or version ("T\nLS1.2"), after a hyphen that ends a line ("exam-\nple" -> "example").
//  Other line breaks stay '\n' (the passages stage decides what is a sentence or a table row); pages
//  are separated by '\f'.
// Thread-safe: pure function; ICU normalizer instances are obtained per call (they are cached by ICU).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "text/document_reader.h"

namespace kensa {

struct NormalizedText {
  std::string text;  // UTF-8; pages joined with '\f'
  // For each byte offset of text (and one past the end), the 1-based page it came from.
  std::vector<int32_t> page_of;
  // For each byte offset of text (and one past the end), the byte offset in the raw page text of
  // page_of[offset] that produced it (the start of the raw code point).
  std::vector<uint32_t> raw_offset_of;
  // True when the pages come from a spreadsheet, a Word file or a CSV (every page names the places of
  // its text; the readers fill Page::places): a table line is then a whole row of a real table, and pages are sheets or Word's own
  // page breaks, not a layout's (passages/passage_splitter.h reads rows and page edges accordingly).
  bool whole_rows = false;

  int PageAt(size_t offset) const { return offset < page_of.size() ? page_of[offset] : 0; }
};

// Normalizes pages. Never fails: invalid UTF-8 becomes U+FFFD. From 32 pages on, a second thread
// folds the second half, unless `one_thread` (for tests: the result is the same).
NormalizedText Normalize(const std::vector<Page>& pages, bool one_thread = false);

// Normalizes one string as if it were a one-page document; for rule examples and tests.
std::string NormalizeString(const std::string& text);

// Returns the version of the ICU library in use (for kensa --version).
std::string IcuVersion();

}  // namespace kensa
