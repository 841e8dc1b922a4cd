// Internal to the text stage: what a reader of an Office file or a CSV (xlsx_reader, docx_reader,
// csv_reader) hands back to ReadDocument: the pages for the pipeline, each naming the places (cells,
// paragraphs) its text came from, and the warnings of things left out or cut.
// Thread-safety: a plain value.
#pragma once

#include <string>
#include <vector>

#include "text/document_reader.h"

namespace kensa::text {

struct OfficeText {
  std::vector<Page> pages;            // in the file's order; Page::places filled
  std::vector<std::string> warnings;  // one line each, e.g. `hidden sheet "Old" left out`
};

}  // namespace kensa::text
