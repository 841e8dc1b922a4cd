#include "normalize/normalizer.h"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>
#include <unicode/utf16.h>
#include <unicode/uversion.h>

#include <thread>
#include <utility>

#include "common/parallel.h"
#include "common/utf8.h"
#include "normalize/folding.h"

namespace kensa {
namespace {

using folding::Unit;
using folding::Units;

// Circled numbers are list markers ("① バックアップ"); NFKC would turn them into a digit that
// glues onto the text after it ("①24時間" -> "124時間"), so they are kept as they are.
bool KeepsItsForm(char32_t cp) {
  return (cp >= 0x2460 && cp <= 0x2473) || cp == 0x24EA || (cp >= 0x3251 && cp <= 0x325F) ||
         (cp >= 0x32B1 && cp <= 0x32BF) || (cp >= 0x2776 && cp <= 0x2793);
}

// Decodes one page, folds line ends and control characters, and yields (code point, raw offset).
std::vector<std::pair<char32_t, uint32_t>> DecodePage(const std::string& raw) {
  std::vector<std::pair<char32_t, uint32_t>> cps;
  cps.reserve(raw.size());
  for (size_t pos = 0; pos < raw.size();) {
    const uint32_t at = static_cast<uint32_t>(pos);
    char32_t cp = utf8::Next(raw, pos);
    if (cp == U'\r') {
      if (pos < raw.size() && raw[pos] == '\n') continue;  // CRLF: the LF stands for both
      cp = U'\n';
    } else if (cp == 0x0B || cp == U'\f' || cp == 0x2028 || cp == 0x2029 || cp == 0x85) {
      cp = U'\n';  // no page breaks inside a page: pages come from the reader
    } else if ((cp < 0x20 && cp != U'\t' && cp != U'\n') || cp == 0x7F) {
      cp = U' ';
    }
    cps.emplace_back(cp, at);
  }
  return cps;
}

// Appends the NFKC form of one page to out. NFKC runs on segments that start at a normalization
// boundary, so every output code point maps to the raw code point that starts its segment: a
// composed "ｶﾞ" -> "ガ" maps to the raw "ｶ", and a decomposed "㌔" -> "キロ" maps both to "㌔".
void AppendNfkc(const icu::Normalizer2& nfkc, const Page& page, Units& out) {
  const auto cps = DecodePage(page.text);
  for (size_t i = 0; i < cps.size();) {
    size_t end = i + 1;
    if (!KeepsItsForm(cps[i].first)) {
      while (end < cps.size() && !nfkc.hasBoundaryBefore(cps[end].first) && !KeepsItsForm(cps[end].first))
        ++end;
    }
    const uint32_t raw = cps[i].second;
    if (end == i + 1 && (KeepsItsForm(cps[i].first) || nfkc.isInert(cps[i].first))) {
      out.push_back({cps[i].first, raw, page.number});
      i = end;
      continue;
    }
    icu::UnicodeString segment;
    for (size_t k = i; k < end; ++k) segment.append(static_cast<UChar32>(cps[k].first));
    UErrorCode status = U_ZERO_ERROR;
    const icu::UnicodeString folded = nfkc.normalize(segment, status);
    const icu::UnicodeString& text = U_SUCCESS(status) ? folded : segment;
    for (int32_t k = 0; k < text.length();) {
      const UChar32 c = text.char32At(k);
      k += U16_LENGTH(c);
      out.push_back({static_cast<char32_t>(c), raw, page.number});
    }
    i = end;
  }
}

// From this many pages on, two threads fold a document (see Normalize).
constexpr size_t kParallelPages = 32;

// The folded units of pages [begin, end), pages joined by '\f' (the page break belongs to the end
// of the page before it). No fold reaches across a '\f', so ranges of pages fold alike on their own.
Units FoldPages(const std::vector<Page>& pages, size_t begin, size_t end) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);

  Units units;
  for (size_t p = begin; p < end; ++p) {
    if (p > begin) {
      const Page& before = pages[p - 1];
      units.push_back({U'\f', static_cast<uint32_t>(before.text.size()), before.number});
    }
    if (U_SUCCESS(status) && nfkc != nullptr) {
      AppendNfkc(*nfkc, pages[p], units);
    } else {
      // ICU without its data cannot happen with Debian's libicu; degrade to no folding.
      for (const auto& [cp, raw] : DecodePage(pages[p].text)) units.push_back({cp, raw, pages[p].number});
    }
  }
  // Order matters: tildes and dashes first (a range joins numbers), then words broken across lines,
  // then the spaces the layout inserted, and last the kanji numerals, which need their counter
  // already next to them ("二十四\n時間", "二十四 時間").
  units = folding::FoldDashes(units);
  units = folding::JoinBrokenLines(units);
  units = folding::DropSpaces(units);
  units = folding::RepairTimeRanges(units);
  return folding::ConvertKanjiNumerals(units);
}

}  // namespace

NormalizedText Normalize(const std::vector<Page>& pages, bool one_thread) {
  // A long document's second half is folded on a second thread (500 pages: ~160 -> ~100 ms).
  const bool two_threads = !one_thread && pages.size() >= kParallelPages && std::thread::hardware_concurrency() > 1;
  const size_t split = two_threads ? pages.size() / 2 : pages.size();
  Units units, second;
  RunInParallel(two_threads ? 2 : 1, [&](size_t half) {
    if (half == 0) units = FoldPages(pages, 0, split);
    else second = FoldPages(pages, split, pages.size());
  });
  if (split < pages.size()) {
    const Page& before = pages[split - 1];
    units.push_back({U'\f', static_cast<uint32_t>(before.text.size()), before.number});
    units.insert(units.end(), second.begin(), second.end());
  }

  NormalizedText result;
  result.text.reserve(units.size() * 2);
  result.page_of.reserve(units.size() * 2 + 1);
  result.raw_offset_of.reserve(units.size() * 2 + 1);
  for (const Unit& unit : units) {
    const size_t before = result.text.size();
    utf8::Append(result.text, unit.cp);
    for (size_t k = before; k < result.text.size(); ++k) {
      result.page_of.push_back(unit.page);
      result.raw_offset_of.push_back(unit.raw);
    }
  }
  // One past the end maps to one past the end of the last page.
  result.page_of.push_back(pages.empty() ? 0 : pages.back().number);
  result.raw_offset_of.push_back(pages.empty() ? 0 : static_cast<uint32_t>(pages.back().text.size()));
  // Office and CSV pages name cells and paragraphs; an OCR page's places are only its words.
  result.whole_rows = std::any_of(pages.begin(), pages.end(), [](const Page& page) {
    return std::any_of(page.places.begin(), page.places.end(),
                       [](const SourcePlace& p) { return !p.cell.empty() || p.paragraph > 0; });
  });
  return result;
}

std::string NormalizeString(const std::string& text) { return Normalize({Page(1, text)}).text; }

std::string IcuVersion() {
  UVersionInfo version;
  u_getVersion(version);
  char text[U_MAX_VERSION_STRING_LENGTH];
  u_versionToString(version, text);
  return text;
}

}  // namespace kensa
