// Stage 3, passages: cuts normalized text into the units that rules read: sentences, table rows and
// list items, each with the page it starts on and the section path (the headings above it).
//
// - A table row is read as one passage even when its label and answer stand in separate cells
//   (tab-separated, glued, or each on its own line): the row's cells are joined with '\t', empty
//   cells left out. Columns separated by two or more spaces are cells too. A row whose first cell
//   is empty continues the row above it column by column; a line without tabs continues the last
//   cell of the row above when that cell has not ended its sentence. A short label line followed by
//   a short answer that looks like a value ("7世代", "無し", anything after "更新日時:") is one row.
// - Prose lines re-wrapped by the PDF layout are joined (the '\n' dropped) and then split into
//   sentences at 。！？ (and at '.' only where it ends a Latin sentence); a note in parentheses right
//   after the full stop stays with its sentence. A line does not join the one before when it opens
//   an item (a section or list number, a bullet, "(1)", "①", a row number), when the line before
//   ended with 。 or a colon, was a heading, or was well short of the full line width; it does join
//   across a blank line when it opens with a particle ("の", "を" …). Text exported with a blank
//   line after every line is detected; there only two blank lines part paragraphs. Page breaks do
//   not end a sentence.
// - Headings ("1.2.3. 通信の暗号化", "第3章 …", "■ バックアップ", a short line without a predicate
//   followed by body text) become passages of kind kHeading and set the section path of what follows.
//   A numbered line is a heading only when its number can follow the last section number (so the
//   items "1." "2." "3." of a list under 2.2 stay list items); deeper numbers nest under shallower
//   ones, roman numerals and 第N章 above them, and the latest unnumbered heading below them. A
//   heading passage's own section path holds the headings above it.
// - Table-of-contents lines (dot leaders or a page number at the end of a heading-like line, in a
//   block of such lines) and running headers/footers (a line repeated near the top or bottom of at
//   least half of the pages, with three pages or more; page numbers such as "3", "- 3 -", "3 / 12",
//   "Page 3" at the edge of a page) and separator lines ("─────") are dropped: they are never
//   passages.
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
  // For a sentence that is not the first of its paragraph or list item: the start of that block
  // (at most ~150 characters). In a checklist whose cells the PDF layout ran together, this is the
  // row's label, which the answer's later sentences need as context.
  std::string lead;
  // For a table row: the name of each of its cells' columns, from the first row of its table
  // (empty when the row is that first row, or its cells do not line up with it). The rules blank a
  // guideline's example column and find the answer column by these names.
  std::vector<std::string> columns;
};

// Splits normalized text into passages in document order.
std::vector<Passage> SplitPassages(const NormalizedText& text);

const char* PassageKindName(PassageKind kind);

}  // namespace kensa
