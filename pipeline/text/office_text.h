// Internal to the text stage: what a reader of an Office file or a CSV (xlsx_reader, docx_reader,
// csv_reader) hands back to ReadDocument: the pages for the pipeline, each naming the places (cells,
// paragraphs) its text came from, and the warnings of things left out or cut.
// Thread-safety: a plain value.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "text/document_reader.h"

namespace kensa::text {

struct OfficeText {
  std::vector<Page> pages;            // in the file's order; Page::places filled
  std::vector<std::string> warnings;  // one line each, e.g. `hidden sheet "Old" left out`
};

// Appends a piece of a table cell's text to `cell` (a row's cell is one line): a line break or
// paragraph break inside a cell parts two items or sentences ("フルバックアップ:31日間" /
// "差分バックアップ:7日間"), so the pieces are joined by "。" unless the first already ends in
// punctuation or the next opens with a closing bracket or a particle-like continuation ("、" "・"
// "(" join by a space). A space alone would vanish between two Japanese characters in normalizing
// and run the items together.
void AppendCellPiece(std::string& cell, std::string_view piece);

}  // namespace kensa::text
