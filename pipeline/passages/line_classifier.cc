#include "passages/line_classifier.h"

#include <algorithm>
#include <map>
#include <set>

#include "common/utf8.h"
#include "common/vocabulary.h"

namespace kensa::passages {
namespace {

using utf8::IsAsciiAlpha;
using utf8::IsKana;
using utf8::IsKanji;

bool IsSpaceOrTab(char32_t cp) { return cp == U' ' || cp == U'\t'; }

bool IsBoxDrawingOrRule(char32_t cp) {
  static constexpr std::u32string_view kRules = U"-=_*~〜・.ー—―‐–━═";
  return (cp >= 0x2500 && cp <= 0x257F) || kRules.find(cp) != std::u32string_view::npos;
}

bool IsCircledNumber(char32_t cp) {
  return (cp >= 0x2460 && cp <= 0x2473) || cp == 0x24EA || (cp >= 0x3251 && cp <= 0x325F) ||
         (cp >= 0x32B1 && cp <= 0x32BF) || (cp >= 0x2776 && cp <= 0x2793);
}

int CircledNumberValue(char32_t cp) {
  if (cp >= 0x2460 && cp <= 0x2473) return static_cast<int>(cp - 0x2460) + 1;
  if (cp >= 0x3251 && cp <= 0x325F) return static_cast<int>(cp - 0x3251) + 21;
  if (cp >= 0x32B1 && cp <= 0x32BF) return static_cast<int>(cp - 0x32B1) + 36;
  if (cp >= 0x2776 && cp <= 0x277F) return static_cast<int>(cp - 0x2776) + 1;
  if (cp >= 0x2780 && cp <= 0x2789) return static_cast<int>(cp - 0x2780) + 1;
  if (cp >= 0x278A && cp <= 0x2793) return static_cast<int>(cp - 0x278A) + 1;
  return 0;
}

// Bullets that open list items; the first group opens headings about as often.
constexpr std::u32string_view kHeadingBullets = U"■□◆◇●○◎★☆▼▽▲△◯";
constexpr std::u32string_view kItemBullets = U"・•‧∙▪▫►▶▷➢➤✓✔※→⇒";

// Words that follow a number as its counter or unit; a line opening with "2024年" or "10日間" is a
// continuation, not a numbered item.
bool StartsWithQuantityWord(std::u32string_view rest) {
  // Title words that open with a counter's kanji: "2.4. 個人情報保護" is a section, "2.4. 個" is not.
  static constexpr std::u32string_view kTitleWords[] = {
      U"個人", U"個別", U"日本", U"日常", U"年度", U"月額", U"時刻", U"分離", U"分析", U"分散", U"分類",
      U"分担", U"回線", U"回答", U"回復", U"名称", U"人事", U"人的", U"人材", U"台帳", U"点検", U"間接",
  };
  for (std::u32string_view word : kTitleWords) {
    if (rest.substr(0, word.size()) == word) return false;
  }
  // The counters of dictionaries/vocabulary.toml read by "line_start", then the words and marks
  // after a number that are no counter ("10以上", "1〜3", "3/5", "2x").
  static const std::vector<std::u32string> kWords = [] {
    std::vector<std::u32string> words;
    for (const std::string& word : SharedVocabulary().line_start_counters) words.push_back(utf8::Decode(word));
    for (std::u32string_view word : {U"以上", U"以下", U"以内", U"未満", U"程度", U"〜", U"-", U"/", U":", U".",
                                     U",", U")", U"x"}) {
      words.emplace_back(word);
    }
    return words;
  }();
  for (std::u32string_view word : kWords) {
    if (rest.substr(0, word.size()) == word) return true;
  }
  return false;
}

// Roman numerals used as section numbers, longest first.
constexpr std::u32string_view kRomanNumerals[] = {U"VIII", U"XII", U"VII", U"III", U"XI", U"IX",
                                                  U"IV",   U"VI",  U"II",  U"X",   U"V",  U"I"};
int RomanValue(std::u32string_view roman) {
  static const std::map<std::u32string_view, int> kValues = {
      {U"I", 1},   {U"II", 2},   {U"III", 3}, {U"IV", 4}, {U"V", 5},   {U"VI", 6},
      {U"VII", 7}, {U"VIII", 8}, {U"IX", 9},  {U"X", 10}, {U"XI", 11}, {U"XII", 12}};
  const auto it = kValues.find(roman);
  return it == kValues.end() ? 0 : it->second;
}

// Reads 1-3 ASCII digits at line[pos]; returns the digit count (0 when none or more than 3).
size_t ReadSmallNumber(std::u32string_view line, size_t pos, int* value) {
  size_t end = pos;
  int number = 0;
  while (end < line.size() && IsAsciiDigitCp(line[end]))
    number = number * 10 + static_cast<int>(line[end++] - U'0');
  if (end == pos || end - pos > 3) return 0;
  *value = number;
  return end - pos;
}

std::u32string Decode(std::string_view text) {
  std::u32string cps;
  for (size_t pos = 0; pos < text.size();) cps += utf8::Next(text, pos);
  return cps;
}

int DisplayWidth(std::u32string_view cps) {
  int width = 0;
  for (char32_t cp : cps) width += cp < 0x80 ? 1 : 2;
  return width;
}

// Collapses a line to what a repeated header or footer keeps: no spaces, digits as '#'.
std::u32string RepeatKey(std::u32string_view cps) {
  std::u32string key;
  for (char32_t cp : cps) {
    if (IsSpaceOrTab(cp)) continue;
    key += IsAsciiDigitCp(cp) ? U'#' : cp;
  }
  return key;
}

std::u32string WithoutSpaces(std::u32string_view cps) {
  std::u32string out;
  for (char32_t cp : cps) {
    if (!IsSpaceOrTab(cp)) out += cp;
  }
  return out;
}

bool IsSeparatorLine(const Line& line) {
  size_t rules = 0;
  for (char32_t cp : line.cps) {
    if (IsSpaceOrTab(cp)) continue;
    if (!IsBoxDrawingOrRule(cp)) return false;
    ++rules;
  }
  return rules >= 3;
}

// "3", "- 3 -", "— 3 —", "3 / 12", "Page 3", "Page 3 of 12", "p. 3", "3ページ", "3頁".
bool IsPageNumberLine(const Line& line, bool several_pages) {
  std::u32string s = WithoutSpaces(line.cps);
  if (s.empty() || s.size() > 16) return false;
  const auto all_digits = [](std::u32string_view t) {
    return !t.empty() && t.size() <= 4 && std::all_of(t.begin(), t.end(), IsAsciiDigitCp);
  };
  if (all_digits(s)) return several_pages;
  static constexpr std::u32string_view kDashes = U"-—―";
  if (s.size() >= 3 && kDashes.find(s.front()) != std::u32string::npos &&
      kDashes.find(s.back()) != std::u32string::npos) {
    return all_digits(s.substr(1, s.size() - 2));
  }
  for (std::u32string_view suffix : {std::u32string_view(U"ページ"), std::u32string_view(U"頁")}) {
    if (EndsWith(s, suffix) && all_digits(std::u32string_view(s).substr(0, s.size() - suffix.size())))
      return true;
  }
  std::u32string lower;
  for (char32_t cp : s) lower += (cp >= U'A' && cp <= U'Z') ? cp + 32 : cp;
  for (std::u32string_view prefix : {std::u32string_view(U"page"), std::u32string_view(U"p.")}) {
    if (lower.compare(0, prefix.size(), prefix) != 0) continue;
    std::u32string_view rest = std::u32string_view(lower).substr(prefix.size());
    const size_t of = rest.find(U"of");
    if (of != std::u32string_view::npos)
      return all_digits(rest.substr(0, of)) && all_digits(rest.substr(of + 2));
    const size_t slash = rest.find(U'/');
    if (slash != std::u32string_view::npos) {
      return all_digits(rest.substr(0, slash)) && all_digits(rest.substr(slash + 1));
    }
    return all_digits(rest);
  }
  const size_t slash = s.find(U'/');
  if (several_pages && slash != std::u32string::npos) {
    const std::u32string_view left = std::u32string_view(s).substr(0, slash);
    const std::u32string_view right = std::u32string_view(s).substr(slash + 1);
    if (all_digits(left) && all_digits(right)) {
      return std::stoi(std::string(left.begin(), left.end())) <=
             std::stoi(std::string(right.begin(), right.end()));
    }
  }
  return false;
}

bool IsTocTitle(const Line& line) {
  const std::u32string s = WithoutSpaces(line.cps);
  return s == U"目次" || s == U"もくじ" || s == U"Contents" || s == U"CONTENTS" || s == U"TableofContents" ||
         s == U"目次(Contents)";
}

// A table-of-contents entry with a dot leader: "1.2.1. 通信の暗号化.....4", "目次…… 3".
bool HasDotLeaderAndPage(const Line& line) {
  std::u32string_view s = line.cps;
  while (!s.empty() && IsSpaceOrTab(s.back())) s.remove_suffix(1);
  size_t digits = 0;
  while (digits < s.size() && IsAsciiDigitCp(s[s.size() - 1 - digits])) ++digits;
  if (digits == 0 || digits > 3) return false;
  s.remove_suffix(digits);
  while (!s.empty() && IsSpaceOrTab(s.back())) s.remove_suffix(1);
  size_t leader = 0;
  while (leader < s.size()) {
    const char32_t cp = s[s.size() - 1 - leader];
    if (cp != U'.' && cp != U'・' && cp != U'·' && cp != U'…' && cp != U'‥' && cp != U' ') break;
    ++leader;
  }
  return leader >= 3 && leader < s.size();
}

// A heading-like line that ends in a bare page number: "5.1 情報セキュリティ…\t5", "I. 目的4",
// "10 暗号 8". Only a block of these makes a table of contents. Returns the page number or -1.
int TocPageNumber(const Line& line) {
  std::u32string_view s = line.cps;
  while (!s.empty() && IsSpaceOrTab(s.back())) s.remove_suffix(1);
  size_t digits = 0;
  while (digits < s.size() && IsAsciiDigitCp(s[s.size() - 1 - digits])) ++digits;
  if (digits == 0 || digits > 3 || digits == s.size()) return -1;
  const int page = std::stoi(std::string(s.end() - digits, s.end()));
  s.remove_suffix(digits);
  while (!s.empty() && IsSpaceOrTab(s.back())) s.remove_suffix(1);
  if (VisibleLength(s) < 2 || Contains(s, U"。")) return -1;
  static constexpr std::u32string_view kNotBeforePage = U".:/-,〜%(#+×÷=";
  if (IsAsciiDigitCp(s.back()) || kNotBeforePage.find(s.back()) != std::u32string_view::npos) return -1;
  return page;
}

bool LooksNumbered(std::u32string_view cps) {
  return ParseSectionNumber(cps).has_value() ||
         (cps.size() > 4 && cps.substr(0, 4) == U"CLD." && IsAsciiDigitCp(cps[4]));
}

void MarkTableOfContents(std::vector<Line>& lines) {
  for (Line& line : lines) {
    if (!line.dropped && HasDotLeaderAndPage(line)) line.dropped = line.breaks = true;
  }
  std::vector<size_t> live;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (!lines[i].dropped || HasDotLeaderAndPage(lines[i])) live.push_back(i);
  }
  for (size_t k = 0; k < live.size();) {
    size_t end = k;
    int last_page = -1;
    size_t numbered = 0;
    size_t leaders = 0;
    while (end < live.size()) {
      const Line& line = lines[live[end]];
      const bool leader = HasDotLeaderAndPage(line);
      const int page = leader ? last_page : TocPageNumber(line);
      if (page < 0 && !leader) break;
      if (!leader && (page < last_page || (last_page >= 0 && page - last_page > 50))) break;
      last_page = std::max(last_page, page);
      numbered += LooksNumbered(line.cps) ? 1 : 0;
      leaders += leader ? 1 : 0;
      ++end;
    }
    const size_t count = end - k;
    const bool titled = k > 0 && IsTocTitle(lines[live[k - 1]]);
    if (count >= 3 && (titled || numbered * 10 >= count * 6 || leaders * 2 >= count)) {
      for (size_t j = k; j < end; ++j) lines[live[j]].dropped = lines[live[j]].breaks = true;
      if (titled) lines[live[k - 1]].dropped = lines[live[k - 1]].breaks = true;
    } else if (count >= 1 && leaders == count && titled) {
      lines[live[k - 1]].dropped = lines[live[k - 1]].breaks = true;
    }
    k = std::max(end, k + 1);
  }
}

void MarkPageEdges(std::vector<Line>& lines) {
  int pages = 0;
  for (const Line& line : lines) pages = std::max(pages, line.page_index + 1);
  std::vector<std::vector<size_t>> by_page(pages);
  for (size_t i = 0; i < lines.size(); ++i) {
    if (!lines[i].dropped) by_page[lines[i].page_index].push_back(i);
  }
  const auto edges = [&](const std::vector<size_t>& page_lines, size_t depth) {
    std::set<size_t> picked;
    for (size_t k = 0; k < page_lines.size() && k < depth; ++k) {
      picked.insert(page_lines[k]);
      picked.insert(page_lines[page_lines.size() - 1 - k]);
    }
    return picked;
  };
  // Page numbers stand at the very top or bottom of a page.
  for (const auto& page_lines : by_page) {
    for (size_t i : edges(page_lines, 2)) {
      if (IsPageNumberLine(lines[i], pages >= 2)) lines[i].dropped = true;
    }
  }
  if (pages < 3) return;
  // Running headers and footers: the same line (page numbers aside) near the top or bottom of at
  // least half of the pages.
  std::map<std::u32string, std::set<int>> pages_of_key;
  std::vector<std::pair<size_t, std::u32string>> candidates;
  for (int p = 0; p < pages; ++p) {
    std::vector<size_t> page_lines;
    for (size_t i : by_page[p]) {
      if (!lines[i].dropped) page_lines.push_back(i);
    }
    for (size_t i : edges(page_lines, 3)) {
      std::u32string key = RepeatKey(lines[i].cps);
      if (key.empty()) continue;
      pages_of_key[key].insert(p);
      candidates.emplace_back(i, std::move(key));
    }
  }
  const size_t needed = std::max<size_t>(2, (static_cast<size_t>(pages) + 1) / 2);
  for (const auto& [i, key] : candidates) {
    if (pages_of_key[key].size() >= needed) lines[i].dropped = true;
  }
}

}  // namespace

bool IsAsciiDigitCp(char32_t cp) { return cp >= U'0' && cp <= U'9'; }

bool Contains(std::u32string_view haystack, std::u32string_view needle) {
  return haystack.find(needle) != std::u32string_view::npos;
}

bool EndsWith(std::u32string_view text, std::u32string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

size_t VisibleLength(std::u32string_view line) {
  return static_cast<size_t>(
      std::count_if(line.begin(), line.end(), [](char32_t cp) { return !IsSpaceOrTab(cp); }));
}

size_t Line::NonEmptyCells() const {
  return static_cast<size_t>(
      std::count_if(cells.begin(), cells.end(), [](const Span& s) { return !s.empty(); }));
}

std::vector<Line> SplitLines(const std::string& text) {
  std::vector<Line> lines;
  int page_index = 0;
  int blanks = 0;
  for (size_t pos = 0; pos <= text.size();) {
    size_t end = pos;
    while (end < text.size() && text[end] != '\n' && text[end] != '\f') ++end;
    Line line;
    line.raw = {pos, end};
    size_t begin = pos;
    size_t stop = end;
    while (begin < stop && text[begin] == ' ') ++begin;
    while (stop > begin && text[stop - 1] == ' ') --stop;
    line.content = {begin, stop};
    line.cps = Decode(std::string_view(text).substr(begin, stop - begin));
    if (VisibleLength(line.cps) == 0) {
      // The empty rest of a page ("…\n\f") is not a blank line: text flows on to the next page.
      if (end >= text.size() || text[end] != '\f') ++blanks;
    } else {
      line.page_index = page_index;
      line.blank_before = blanks;
      blanks = 0;
      line.width = DisplayWidth(line.cps);
      const auto add_cell = [&](size_t b, size_t e) {
        while (b < e && (text[b] == ' ' || text[b] == '\t')) ++b;
        while (e > b && (text[e - 1] == ' ' || text[e - 1] == '\t')) --e;
        line.cells.push_back({b, e});
      };
      if (std::string_view(text).substr(begin, stop - begin).find('\t') != std::string_view::npos) {
        line.tab_separated = true;
        size_t cell = begin;
        for (size_t k = begin; k <= stop; ++k) {
          if (k == stop || text[k] == '\t') {
            add_cell(cell, k);
            cell = k + 1;
          }
        }
        // One filled cell among tabs ("\t\t強度\t\t") reads as that cell; the cells stay, for a
        // row that continues the one above it column by column.
        if (line.NonEmptyCells() == 1) {
          for (const Span& cell : line.cells) {
            if (cell.empty()) continue;
            line.content = cell;
            line.cps = Decode(std::string_view(text).substr(cell.begin, cell.end - cell.begin));
            line.width = DisplayWidth(line.cps);
          }
        }
      } else {
        // Columns the layout separated with two or more spaces.
        size_t cell = begin;
        for (size_t k = begin; k + 1 < stop; ++k) {
          if (text[k] == ' ' && text[k + 1] == ' ') {
            add_cell(cell, k);
            while (k < stop && text[k] == ' ') ++k;
            cell = k;
          }
        }
        if (!line.cells.empty()) add_cell(cell, stop);
      }
      lines.push_back(std::move(line));
    }
    if (end < text.size() && text[end] == '\f') ++page_index;
    pos = end + 1;
  }
  return lines;
}

void MarkNoise(std::vector<Line>& lines, bool layout_pages) {
  for (Line& line : lines) {
    if (IsSeparatorLine(line)) line.dropped = line.breaks = true;
  }
  if (layout_pages) MarkPageEdges(lines);
  MarkTableOfContents(lines);
}

std::optional<SectionNumber> ParseSectionNumber(std::u32string_view line) {
  SectionNumber number;
  size_t pos = 0;
  if (line.empty()) return std::nullopt;
  // 第3章, 第2節
  if (line[0] == U'第') {
    int value = 0;
    const size_t digits = ReadSmallNumber(line, 1, &value);
    if (digits == 0 || 1 + digits >= line.size()) return std::nullopt;
    const char32_t unit = line[1 + digits];
    if (unit == U'章' || unit == U'部' || unit == U'編') {
      number.scheme = SectionNumber::Scheme::kChapter;
    } else if (unit == U'節') {
      number.scheme = SectionNumber::Scheme::kSubChapter;
    } else {
      return std::nullopt;
    }
    number.parts = {value};
    pos = 2 + digits;
    while (pos < line.size() && IsSpaceOrTab(line[pos])) ++pos;
    number.title_begin = pos;
    return number;
  }
  // I. 目的, III.ISO/IEC 27017 への対応
  for (std::u32string_view roman : kRomanNumerals) {
    if (line.substr(0, roman.size()) != roman || line.size() <= roman.size() + 1 ||
        line[roman.size()] != U'.')
      continue;
    pos = roman.size() + 1;
    if (IsAsciiDigitCp(line[pos]) || line[pos] == U'.' || (line[pos] >= U'a' && line[pos] <= U'z'))
      return std::nullopt;
    while (pos < line.size() && IsSpaceOrTab(line[pos])) ++pos;
    if (pos >= line.size()) return std::nullopt;
    number.scheme = SectionNumber::Scheme::kRoman;
    number.parts = {RomanValue(roman)};
    number.trailing_dot = true;
    number.title_begin = pos;
    return number;
  }
  // 4.3.7. / 1.2 / 5 / CLD.6.3
  size_t prefix = 0;
  while (prefix < line.size() && prefix < 4 && line[prefix] >= U'A' && line[prefix] <= U'Z') ++prefix;
  if (prefix > 0 && prefix + 1 < line.size() && line[prefix] == U'.' && IsAsciiDigitCp(line[prefix + 1])) {
    pos = prefix + 1;
  } else {
    pos = 0;
  }
  int value = 0;
  size_t digits = ReadSmallNumber(line, pos, &value);
  if (digits == 0) return std::nullopt;
  number.parts.push_back(value);
  pos += digits;
  while (pos + 1 < line.size() && line[pos] == U'.' && IsAsciiDigitCp(line[pos + 1])) {
    digits = ReadSmallNumber(line, pos + 1, &value);
    if (digits == 0) return std::nullopt;
    number.parts.push_back(value);
    pos += 1 + digits;
  }
  if (pos < line.size() && IsAsciiDigitCp(line[pos])) return std::nullopt;
  if (pos < line.size() && line[pos] == U'.') {
    number.trailing_dot = true;
    ++pos;
  }
  const bool spaced = pos < line.size() && IsSpaceOrTab(line[pos]);
  while (pos < line.size() && IsSpaceOrTab(line[pos])) ++pos;
  if (pos >= line.size()) return std::nullopt;
  const std::u32string_view title = line.substr(pos);
  if (IsAsciiDigitCp(title[0]) || StartsWithQuantityWord(title)) return std::nullopt;
  // A bare number glued to its title must be followed by a word, not by a particle ("5は").
  if (number.parts.size() == 1 && !number.trailing_dot && !spaced) {
    const char32_t first = title[0];
    const bool word_start = IsKanji(first) || (first >= 0x30A0 && first <= 0x30FF) || IsAsciiAlpha(first) ||
                            first == U'(' || first == U'「' || first == U'【';
    if (!word_start) return std::nullopt;
  }
  number.title_begin = pos;
  return number;
}

std::optional<ItemNumber> ParseItemNumber(std::u32string_view line) {
  if (line.empty()) return std::nullopt;
  if (IsCircledNumber(line[0])) return ItemNumber{U"①", CircledNumberValue(line[0])};
  int value = 0;
  if (line[0] == U'(') {
    const size_t digits = ReadSmallNumber(line, 1, &value);
    if (digits > 0 && 1 + digits < line.size() && line[1 + digits] == U')') return ItemNumber{U"(N)", value};
    return std::nullopt;
  }
  const size_t digits = ReadSmallNumber(line, 0, &value);
  if (digits == 0 || digits >= line.size()) return std::nullopt;
  const char32_t next = line[digits];
  if (next == U')') return ItemNumber{U"N)", value};
  if (next == U'.' && digits + 1 < line.size() && !IsAsciiDigitCp(line[digits + 1]))
    return ItemNumber{U"N.", value};
  if (!IsAsciiDigitCp(next) && next != U'.' && ParseSectionNumber(line)) return ItemNumber{U"N", value};
  return std::nullopt;
}

bool StartsWithHeadingBullet(std::u32string_view line) {
  return !line.empty() && kHeadingBullets.find(line[0]) != std::u32string_view::npos;
}

bool IsBracketHeading(std::u32string_view line) {
  if (line.empty() || Contains(line, U"。") || Contains(line, U"://")) return false;
  const size_t length = VisibleLength(line);
  if (line[0] == U'【') return Contains(line, U"】") && length <= 40;
  if (line[0] == U'[') {
    const size_t close = line.find(U']');
    return close != std::u32string_view::npos && close <= 20 && close > 1 && length <= 40;
  }
  static constexpr std::pair<char32_t, char32_t> kPairs[] = {
      {U'<', U'>'}, {U'《', U'》'}, {U'〈', U'〉'}, {U'〔', U'〕'}};
  for (const auto& [open, close] : kPairs) {
    if (line[0] == open && line.back() == close && length <= 20 && length > 2) return true;
  }
  return false;
}

bool IsLabelValueLine(std::u32string_view line) {
  const size_t colon = std::min(line.find(U':'), line.find(U'='));
  if (colon == std::u32string_view::npos || colon < 2 || colon > 25 || colon + 1 >= line.size()) return false;
  if (IsAsciiDigitCp(line[colon - 1]) || line[colon + 1] == U'/') return false;  // "9:30", "https://"
  const std::u32string_view label = line.substr(0, colon);
  // "… (国内:東京リージョン)" is a remark in brackets, not a label.
  if (std::count(label.begin(), label.end(), U'(') != std::count(label.begin(), label.end(), U')')) return false;
  if (label.find(U'。') != std::u32string_view::npos) return false;
  if (std::any_of(label.begin(), label.end(), [](char32_t cp) { return IsKana(cp) || IsKanji(cp); })) return true;
  // A short Latin label: "DR=大阪拠点へ切替", "SSO: SAML 2.0".
  return label.size() <= 15 && IsAsciiAlpha(label[0]) &&
         std::all_of(label.begin(), label.end(), [](char32_t cp) { return IsAsciiAlpha(cp) || IsAsciiDigitCp(cp) || cp == U' '; });
}

namespace {

// A marker word, optional digits, then one of . : ) 、 or a space, then content.
size_t MarkerLength(std::u32string_view line, std::initializer_list<std::u32string_view> words) {
  for (std::u32string_view word : words) {
    if (line.substr(0, word.size()) != word) continue;
    size_t k = word.size();
    while (k < line.size() && IsAsciiDigitCp(line[k])) ++k;
    if (k < line.size() && (line[k] == U'.' || line[k] == U':' || line[k] == U')' || line[k] == U'、')) {
      ++k;
    } else if (!(k < line.size() && line[k] == U' ')) {
      continue;
    }
    while (k < line.size() && line[k] == U' ') ++k;
    if (k < line.size()) return k;
  }
  return 0;
}

}  // namespace

size_t QuestionMarkerLength(std::u32string_view line) { return MarkerLength(line, {U"Q", U"質問", U"問"}); }
size_t AnswerMarkerLength(std::u32string_view line) { return MarkerLength(line, {U"A", U"回答", U"答え", U"答"}); }

bool StartsItem(std::u32string_view line) {
  if (line.empty()) return false;
  const char32_t first = line[0];
  const char32_t second = line.size() > 1 ? line[1] : 0;
  if (kHeadingBullets.find(first) != std::u32string_view::npos) return true;
  if (kItemBullets.find(first) != std::u32string_view::npos) return true;
  if (IsCircledNumber(first)) return true;
  // "- 項目", "* 項目", "-項目"; not "-center/…" (a broken URL) or "-1".
  if ((first == U'-' || first == U'*' || first == U'+') && second != 0 &&
      (second == U' ' || second >= 0x80)) {
    return true;
  }
  if (first == U'(' && line.size() >= 3) {
    const size_t close = line.find(U')');
    if (close != std::u32string_view::npos && close >= 2 && close <= 4) {
      const std::u32string_view inside = line.substr(1, close - 1);
      const bool numeric = std::all_of(inside.begin(), inside.end(), IsAsciiDigitCp);
      const bool letter =
          inside.size() == 1 && (IsAsciiAlpha(inside[0]) || IsKana(inside[0]) || IsKanji(inside[0]));
      if (numeric || letter) return true;
    }
  }
  if (IsBracketHeading(line) || first == U'【') return true;
  if (ParseItemNumber(line)) return true;
  if (ParseSectionNumber(line)) return true;
  // "1.1 2024年…" (a revision-history row) and "2 6 …" (a table row number split by the layout).
  int value = 0;
  const size_t digits = ReadSmallNumber(line, 0, &value);
  if (digits > 0 && digits + 1 < line.size()) {
    if (line[digits] == U' ' && digits == 1 && IsAsciiDigitCp(line[digits + 1]) &&
        (digits + 2 >= line.size() || !IsAsciiDigitCp(line[digits + 2]))) {
      return true;
    }
    size_t pos = digits;
    bool dotted = false;
    while (pos + 1 < line.size() && line[pos] == U'.' && IsAsciiDigitCp(line[pos + 1])) {
      dotted = true;
      ++pos;
      while (pos < line.size() && IsAsciiDigitCp(line[pos])) ++pos;
    }
    if (dotted && pos < line.size() && line[pos] == U' ') return true;
  }
  return false;
}

bool EndsStatement(std::u32string_view line) {
  static constexpr std::u32string_view kClosers = U")]」』】〕）\"'";
  size_t end = line.size();
  while (end > 0 && IsSpaceOrTab(line[end - 1])) --end;
  while (end > 1 && kClosers.find(line[end - 1]) != std::u32string_view::npos) --end;
  if (end == 0) return false;
  const char32_t last = line[end - 1];
  if (last == U'。' || last == U'！' || last == U'？' || last == U':') return true;
  if ((last == U'!' || last == U'?' || last == U'.') && end >= 2 && line[end - 2] >= 0x80) return true;
  return false;
}

bool StartsAsContinuation(std::u32string_view line) {
  static constexpr std::u32string_view kOpeners =
      U")]}」』】〕>、。,.:;!?ーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ";
  return !line.empty() && kOpeners.find(line[0]) != std::u32string_view::npos;
}

}  // namespace kensa::passages
