// Internal to the text stage: repairs and checks on extracted page text.
//
// JoinVerticalRuns undoes the one-glyph-per-line output poppler gives for vertical (tategaki) text.
// TextLayerWarnings looks for pages without text and for text layers that look garbled.
//
// The garbled heuristic. A broken text layer shows in one of two ways:
//  - junk: U+FFFD, private-use or control characters (a font without a usable Unicode mapping);
//    a page is flagged when at least 3 of its non-space characters, and at least 5%, are junk.
//  - wrong kanji: a wrong ToUnicode map sends glyphs to arbitrary ideographs. Of the ~21,000 CJK
//    unified ideographs, Japanese text uses almost only the 2,965 of JIS X 0208 level 1 (the common
//    kanji): on the other 19 real PDFs and the 5 samples no page with 6 or more kanji has more than
//    12% outside level 1 (the worst is kokuji page 114, 28 of 244, where the medical term 褥瘡
//    recurs; jo.pdf's old-style kanji come to 6%), while a random mapping puts ~86% outside. A page
//    with at least 6 kanji, 30% or more of them outside level 1, is flagged (issue7696: 4 of 8).
//    Chinese text trips it too; for a Japanese pipeline that deserves the warning as well. Pages
//    with fewer than 6 kanji are not judged: too little evidence (issue5202's 𠮟, 𩸽, 𠀋 are all
//    outside level 1 and all correct). A wrong map that lands on common kanji goes unnoticed.
// Thread-safe: pure functions; the level-1 table is built once (static local).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "text/document_reader.h"

namespace kensa::text {

// Returns text with every run of 4 or more consecutive lines that each hold a single character of
// vertical text (kana, kanji, CJK punctuation, vertical presentation forms, Latin letters; never a
// digit) joined into one line. Such runs are vertical text read glyph by glyph; the run keeps its
// order. Shorter runs stay as they are: three one-kanji table cells in a row are not worth the risk.
std::string JoinVerticalRuns(std::string_view text);

// Character counts of one page, over non-space code points.
struct GlyphCounts {
  int characters = 0;
  int junk = 0;  // U+FFFD, private use, C0/C1 controls other than tab/LF/CR/FF, noncharacters
  int kana = 0;
  int kanji = 0;       // CJK ideographs (unified, extensions, compatibility)
  int rare_kanji = 0;  // kanji outside JIS X 0208 level 1
};
GlyphCounts CountGlyphs(std::string_view text);

// What a page's text is worth, by the heuristics above: text, none at all, or garbled (junk
// characters, or kanji a wrong ToUnicode map scatters).
enum class PageText { kText, kBlank, kJunk, kRareKanji };
PageText JudgePageText(const GlyphCounts& counts);

// Returns true if cp is one of the 2,965 kanji of JIS X 0208 level 1 (the common kanji).
bool IsCommonKanji(char32_t cp);

// Returns the one-line warnings for pages: no text at all, pages without text, garbled pages.
// is_pdf picks the wording of the no-text warning (image-only PDF vs blank text file).
std::vector<std::string> TextLayerWarnings(const std::vector<Page>& pages, bool is_pdf);

// Returns page numbers in compact form: {3, 4, 5, 7} -> "3-5, 7".
std::string FormatPageList(const std::vector<int>& pages);

}  // namespace kensa::text
