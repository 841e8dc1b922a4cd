// Internal to the passages stage: the lines of a normalized document and what each one looks like
// (a table row, a list item, a section number, a table-of-contents entry, a running header ...).
// SplitPassages reads these shapes and decides how lines join into passages.
// Thread-safe: pure functions.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kensa::passages {

// A half-open byte range of NormalizedText::text.
struct Span {
  size_t begin = 0;
  size_t end = 0;
  bool empty() const { return begin == end; }
};

struct Line {
  Span content;                // without the spaces at either end (tabs kept: they mark empty cells);
                               // a line with one filled cell among tabs is that cell;
                               // a line with one filled cell among tabs is that cell
  Span raw;                    // the whole line, without its '\n' or '\f'
  std::u32string cps;          // content as code points, tabs included
  int page_index = 0;          // 0-based: how many '\f' come before the line
  int blank_before = 0;        // blank lines between the previous non-blank line and this one
  int width = 0;               // display columns: 1 for ASCII, 2 for everything else
  std::vector<Span> cells;     // cells split at tabs (or at runs of 2+ spaces), trimmed; may be empty
  bool tab_separated = false;  // the cells came from tabs
  bool dropped = false;        // noise: a separator, page number, running header/footer or TOC entry
  bool breaks = false;         // dropped, and ends the paragraph before it (a separator, a TOC);
                               // page numbers and running headers do not: text flows across pages
  bool blank() const { return content.empty(); }
  size_t NonEmptyCells() const;
};

// Splits text at '\n' and '\f' into lines, with cells, widths and blank counts filled in.
std::vector<Line> SplitLines(const std::string& text);

// Marks separators ("─────"), page numbers ("3", "- 3 -", "3 / 12", "Page 3"), running headers and
// footers (the same line near the top or bottom of at least half the pages, with three pages or
// more) and table-of-contents entries (dot leaders, or a block of heading-like lines ending in page
// numbers, and the "目次" line above them) as dropped.
// Page edges are looked at only when `layout_pages` (a PDF's or a text file's pages; not the sheets
// or explicit page breaks of an Office file, whose repeated header rows are the tables' own).
void MarkNoise(std::vector<Line>& lines, bool layout_pages = true);

// The section number that opens a line: "4.3.7.", "1.2", "5 ", "CLD.6.3", "I.", "第3章".
struct SectionNumber {
  enum class Scheme { kArabic, kRoman, kChapter, kSubChapter };
  Scheme scheme = Scheme::kArabic;
  std::vector<int> parts;  // 4.3.7 -> {4, 3, 7}; roman and chapter numbers have one part
  bool trailing_dot = false;
  size_t title_begin = 0;  // code point index of the title after the number and its spaces
};

// Parses the section number at the start of a line and checks that a title follows (not a number,
// a counter or a unit: "2024年", "1.0 2024年", "99.9%" are not section numbers).
std::optional<SectionNumber> ParseSectionNumber(std::u32string_view line);

// Returns a key naming the list numbering a line uses ("N.", "(N)", "N)", "①") and its number, for
// telling "3. …" in a list from a "3. …" heading; nullopt when the line has none.
struct ItemNumber {
  std::u32string key;
  int number = 0;
};
std::optional<ItemNumber> ParseItemNumber(std::u32string_view line);

// Returns true when a line opens a new item: a section or list number, a bullet (■ ● ・ ※ - …), a
// circled number, "(1)", "第3章", a bracketed label "【…】", or a row number a table lost in layout
// ("26 世代バックアップ…" -> "26世代…", "2 6…").
bool StartsItem(std::u32string_view line);

// Returns true for a "label: value" or "label=value" line ("受付時間:9:30-17:30", "IPアドレス制限:対象外",
// "稼働率=99.95%"): a Japanese label of at most 25 characters, a colon or an equals sign, and
// something after it. Outside a table such a line is an
// item of its own, never a heading and never joined to the line before.
bool IsLabelValueLine(std::u32string_view line);

// Returns the length in code points of an FAQ question marker at the start of a line ("Q.", "Q1:",
// "Q ", "質問:", "問1."), or 0 when the line has none. AnswerMarkerLength does the same for answers
// ("A.", "A1:", "回答:", "答:").
size_t QuestionMarkerLength(std::u32string_view line);
size_t AnswerMarkerLength(std::u32string_view line);

// Returns true when a line opens with a bullet that marks headings as often as list items (■ ● ◆ …).
bool StartsWithHeadingBullet(std::u32string_view line);

// Returns true for a heading written in brackets: "【概要】", "[付録] チェックシート", "<補足>".
bool IsBracketHeading(std::u32string_view line);

// Returns true when a line ends a sentence or introduces what follows (。！？ or a colon).
bool EndsStatement(std::u32string_view line);

// Returns true when a line plainly continues the one before: it opens with a closing bracket, a small
// kana, a long-vowel mark or sentence punctuation.
bool StartsAsContinuation(std::u32string_view line);

// Number of code points of a line that are not spaces or tabs.
size_t VisibleLength(std::u32string_view line);

bool IsAsciiDigitCp(char32_t cp);
bool Contains(std::u32string_view haystack, std::u32string_view needle);
bool EndsWith(std::u32string_view text, std::u32string_view suffix);

}  // namespace kensa::passages
