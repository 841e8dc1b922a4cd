// Stage 3, passages: cuts normalized text into the units that rules read: sentences, table rows and
// list items, each with the page it starts on and the section path (the headings above it).
//
// - A table row is read as one passage even when its label and answer stand in separate cells
//   (tab-separated, glued, or each on its own line): the row's cells are joined with '\t'.
// - Prose lines re-wrapped by the PDF layout are joined (the '\n' dropped) and then split into
//   sentences at 。！？ (and at '.' only where it ends a Latin sentence).
// - Headings ("1.2.3. 通信の暗号化", "第3章 …", "■ バックアップ", a short line without a predicate
//   followed by body text) become passages of kind kHeading and set the section path of what follows.
// - Table-of-contents lines (dot leaders or a page number at the end of a heading-like line) and
//   running headers/footers (a line repeated on most pages, page numbers such as "- 3 -", "3 / 12")
//   are dropped: they are never passages.
// Thread-safe: pure function.
#pragma once

#include <string>
#include <vector>

#include "normalize/normalizer.h"

namespace kensa {

enum class PassageKind { kSentence, kTableRow, kListItem, kHeading };

struct Passage {
  std::string text;        // normalized text of the passage, '\n' removed, cells joined by '\t'
  PassageKind kind = PassageKind::kSentence;
  int page = 0;            // 1-based page where the passage starts
  size_t begin = 0;        // byte offsets into NormalizedText::text of the first and one past the
  size_t end = 0;          // last character the passage covers
  std::vector<std::string> section_path;  // enclosing headings, outermost first (heading text only)
};

// Splits normalized text into passages in document order.
std::vector<Passage> SplitPassages(const NormalizedText& text);

const char* PassageKindName(PassageKind kind);

}  // namespace kensa
