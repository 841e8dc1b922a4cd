// Internal to the text stage: a Word document (.docx, Office Open XML) read into pages of lines that
// the passages stage reads as it reads a PDF's: one line per paragraph, a table row per line with its
// cells joined by '\t', headings marked, list items with their bullet or number.
//
// word/document.xml (found through the package's officeDocument relationship, else at that path) is
// read as a stream of XML events, never as a tree; its styles (word/styles.xml) and numbering
// (word/numbering.xml) are read first, each found through the document's relationships, else at
// those paths; either may be missing. What comes out:
// - A paragraph is a line (an empty one a blank line). Deleted text (tracked changes) is left out and
//   inserted text kept; a field shows its result, never its instruction; ruby (furigana) and a
//   content control still showing its placeholder ("クリックしてテキストを入力") are left out;
//   bookmarks, proofing marks and comments leave no trace.
//   A tab becomes two spaces (the passages stage reads two or more spaces as a column gap, which is
//   what a tab-aligned "label  value" line is); a line break starts a new line.
// - Pages: a page break (<w:br w:type="page"/>, pageBreakBefore, a section break that starts a new
//   page) starts a new page; a document without one is one page. Empty pages at the end are dropped.
// - A heading (a paragraph whose style, or a style it is based on, is "heading 1".."heading 9" or
//   "Title", or has an outline level) that does not open with a section number or a marker gets
//   "■ " before it, which the passages stage takes for a heading.
// - A list paragraph (numbering directly or through its style) gets "・" when its level is a bullet,
//   its number as the level's text says ("1.", "(2)", "1.1") when the level counts in decimal, and
//   "・" for other formats. Numbers count per list (numId) and level; a level restarts when a
//   shallower one advances.
// - A table row is a line of its cells joined by '\t', by grid column: a cell spanning columns
//   (gridSpan) leaves the spanned ones empty; a cell continuing a vertical merge repeats the text of
//   the cell that starts it; empty cells at the end are dropped, and so are empty rows. A cell's
//   paragraphs are joined by a space (tabs and line breaks in a cell are spaces too). A nested
//   table's rows follow the row holding it, each a line of its own.
// - A text box's paragraphs follow the paragraph anchoring it (of a Word 2010 drawing and its VML
//   fallback only the first is read, so the text is not doubled).
// - Headers, footers, footnotes and comments are not read.
// Each page's places name where each line or cell starts: a paragraph's line has the paragraph's
// number (body paragraphs outside tables, 1-based, in document order; a text box's lines carry the
// number, or the cell, of the paragraph anchoring it); a table cell has its name ("B3": column
// letters by grid column, row within its table) and its table's number (1-based over the document,
// nested tables counted where they start).
// Thread-safe: ReadDocx shares no state between calls.
#pragma once

#include <string_view>

#include "common/status.h"
#include "text/office_text.h"

namespace kensa::text {

// Reads the .docx file in bytes. Fails with kDamaged (not a zip archive, a damaged one, "missing part
// word/document.xml", malformed XML or a DTD in a part read), kEncrypted (a part under a zip
// password), kResourceLimit (a part inflating past the archive limits, over 64 MiB of text or
// 1,000,000 paragraphs and table cells, tables or text boxes nested over 256 deep, memory running
// out: "memory limit N MiB exceeded") or
// kInternal (a bug); never throws.
Result<OfficeText> ReadDocx(std::string_view bytes);

}  // namespace kensa::text
