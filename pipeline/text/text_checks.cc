#include "text/text_checks.h"

#include <unicode/ucnv.h>

#include <memory>
#include <vector>

#include "common/utf8.h"

namespace kensa::text {
namespace {

constexpr int kMinVerticalRun = 4;
// The garbled thresholds; text_checks.h says how they were chosen.
constexpr int kMinJunk = 3;
constexpr int kJunkPercent = 5;
constexpr int kMinKanjiToJudge = 6;
constexpr int kRareKanjiPercent = 30;

bool IsSpace(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' || cp == 0xA0 ||
         cp == 0x3000;
}

bool IsIdeograph(char32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0x20000 && cp <= 0x3FFFF);
}

bool IsJunk(char32_t cp) {
  if (cp == 0xFFFD) return true;
  if ((cp >= 0xE000 && cp <= 0xF8FF) || cp >= 0xF0000) return true;            // private use
  if ((cp < 0x20 && !IsSpace(cp)) || (cp >= 0x7F && cp <= 0x9F)) return true;  // C0 / DEL / C1
  return (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;            // noncharacters
}

// A character that poppler may put alone on a line when it reads vertical text (Latin letters too:
// issue11555 sets "abc" upright in a column). Digits are left out on purpose: joining a column of
// single digits would invent a number.
bool IsVerticalGlyph(char32_t cp) {
  if (utf8::IsKana(cp) || utf8::IsKanji(cp) || utf8::IsAsciiAlpha(cp)) return true;
  if (cp > 0x3000 && cp <= 0x303F) return true;                                      // 、。「」
  if ((cp >= 0xFE10 && cp <= 0xFE1F) || (cp >= 0xFE30 && cp <= 0xFE4F)) return true;  // ︑︒﹁﹂
  return cp >= 0xFF01 && cp <= 0xFF60 && !(cp >= 0xFF10 && cp <= 0xFF19);  // full-width, not ０-９
}

// Returns the line's only character if, spaces aside, it holds exactly one vertical glyph; else 0.
char32_t SoleVerticalGlyph(std::string_view line) {
  char32_t sole = 0;
  for (size_t pos = 0; pos < line.size();) {
    const char32_t cp = utf8::Next(line, pos);
    if (IsSpace(cp)) continue;
    if (sole != 0 || !IsVerticalGlyph(cp)) return 0;
    sole = cp;
  }
  return sole;
}

// Kanji in JIS X 0208 level 1 (rows 16-47, EUC-JP lead bytes 0xB0-0xCF), asked of ICU's EUC-JP
// converter once rather than carried as a 3,000-entry table in the source.
// Empty if ICU lacks the converter: then every kanji counts as common, so the check stays quiet
// rather than calling every page garbled.
std::vector<bool> BuildCommonKanjiTable() {
  UErrorCode status = U_ZERO_ERROR;
  UConverter* converter = ucnv_open("EUC-JP", &status);
  if (U_FAILURE(status)) return {};
  std::vector<bool> table(0x10000, false);
  ucnv_setFromUCallBack(converter, UCNV_FROM_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  for (char16_t unit = 0x4E00; unit <= 0x9FFF; ++unit) {
    char bytes[8];
    status = U_ZERO_ERROR;
    const int32_t length = ucnv_fromUChars(converter, bytes, sizeof bytes, &unit, 1, &status);
    const auto lead = static_cast<unsigned char>(bytes[0]);
    if (U_SUCCESS(status) && length == 2 && lead >= 0xB0 && lead <= 0xCF) table[unit] = true;
  }
  ucnv_close(converter);
  return table;
}

std::string PagesPhrase(const std::vector<int>& pages) {
  return (pages.size() == 1 ? "page " : "pages ") + FormatPageList(pages);
}

}  // namespace

std::string JoinVerticalRuns(std::string_view text) {
  std::vector<std::string_view> lines;
  for (size_t start = 0;;) {
    const size_t end = text.find('\n', start);
    lines.push_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < lines.size();) {
    size_t run_end = i;
    std::string joined;
    while (run_end < lines.size()) {
      const char32_t glyph = SoleVerticalGlyph(lines[run_end]);
      if (glyph == 0) break;
      utf8::Append(joined, glyph);
      ++run_end;
    }
    if (i > 0) out += '\n';
    if (run_end - i >= kMinVerticalRun) {
      out += joined;
      i = run_end;
    } else {
      out += lines[i];
      ++i;
    }
  }
  return out;
}

GlyphCounts CountGlyphs(std::string_view text) {
  GlyphCounts counts;
  for (size_t pos = 0; pos < text.size();) {
    const char32_t cp = utf8::Next(text, pos);
    if (IsSpace(cp)) continue;
    ++counts.characters;
    if (IsJunk(cp)) ++counts.junk;
    if (utf8::IsKana(cp)) ++counts.kana;
    if (IsIdeograph(cp)) {
      ++counts.kanji;
      if (!IsCommonKanji(cp)) ++counts.rare_kanji;
    }
  }
  return counts;
}

bool IsCommonKanji(char32_t cp) {
  static const std::vector<bool> table = BuildCommonKanjiTable();
  if (table.empty()) return true;
  return cp < table.size() && table[cp];
}

PageText JudgePageText(const GlyphCounts& counts) {
  if (counts.characters == 0) return PageText::kBlank;
  if (counts.junk >= kMinJunk && counts.junk * 100 >= counts.characters * kJunkPercent) return PageText::kJunk;
  if (counts.kanji >= kMinKanjiToJudge && counts.rare_kanji * 100 >= counts.kanji * kRareKanjiPercent)
    return PageText::kRareKanji;
  return PageText::kText;
}

std::vector<std::string> TextLayerWarnings(const std::vector<Page>& pages, bool is_pdf) {
  std::vector<std::string> warnings;
  std::vector<int> blank_pages, junk_pages, rare_pages;
  GlyphCounts junk_total, rare_total;
  for (const Page& page : pages) {
    const GlyphCounts counts = CountGlyphs(page.text);
    switch (JudgePageText(counts)) {
      case PageText::kText:
        break;
      case PageText::kBlank:
        blank_pages.push_back(page.number);
        break;
      case PageText::kJunk:
        junk_pages.push_back(page.number);
        junk_total.characters += counts.characters;
        junk_total.junk += counts.junk;
        break;
      case PageText::kRareKanji:
        rare_pages.push_back(page.number);
        rare_total.kanji += counts.kanji;
        rare_total.rare_kanji += counts.rare_kanji;
        break;
    }
  }
  if (!pages.empty() && blank_pages.size() == pages.size()) {
    warnings.push_back(is_pdf
                           ? "no text layer: the PDF looks image-only (scanned); nothing can be read from it"
                           : "no text: the file holds only white space");
    return warnings;
  }
  if (!blank_pages.empty()) warnings.push_back("no text on " + PagesPhrase(blank_pages));
  const std::string garbled = is_pdf ? "text layer looks garbled on " : "text looks garbled on ";
  if (!junk_pages.empty()) {
    warnings.push_back(garbled + PagesPhrase(junk_pages) + ": " + std::to_string(junk_total.junk) + " of " +
                       std::to_string(junk_total.characters) +
                       " characters are U+FFFD, private-use or control characters");
  }
  if (!rare_pages.empty()) {
    warnings.push_back(garbled + PagesPhrase(rare_pages) + ": " + std::to_string(rare_total.rare_kanji) +
                       " of " + std::to_string(rare_total.kanji) +
                       " kanji are outside the common set (JIS level 1), as a wrong ToUnicode map gives, "
                       "or the text is not Japanese");
  }
  return warnings;
}

std::string FormatPageList(const std::vector<int>& pages) {
  std::string out;
  for (size_t i = 0; i < pages.size();) {
    size_t j = i;
    while (j + 1 < pages.size() && pages[j + 1] == pages[j] + 1) ++j;
    if (!out.empty()) out += ", ";
    out += std::to_string(pages[i]);
    if (j > i) out += "-" + std::to_string(pages[j]);
    i = j + 1;
  }
  return out;
}

}  // namespace kensa::text
