// Internal to the text stage: an Excel workbook (.xlsx, Office Open XML) read natively into a grid
// per visible sheet (ReadXlsxWorkbook: the review page draws it as an HTML table) and into one page
// per visible sheet (ReadXlsx: a table row per line, cells joined by tabs, each cell's place named).
//
// Cells come as Excel shows them: shared, inline and formula strings (the cached value, never the
// formula), TRUE/FALSE, error values (#N/A) as text, and numbers through their number format (dates
// in the 1900 or 1904 date system, percentages, fixed decimals, thousands separators, General with
// at most 15 significant digits). A merged range's value belongs to the whole range: a label merged
// down three rows labels each of them. Hidden sheets, rows and columns are left out, with a warning.
// Each worksheet is read as a stream of XML events, so memory grows with the text kept, not with the
// XML; the parts come out of ZipArchive (inflation limits: zip bombs) and through ParseXml (DTDs
// refused: no XXE, no entity expansion), and the workbook's size is bounded by XlsxLimits.
// Thread-safety: the functions share no state between calls.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "text/office_text.h"
#include "text/zip_archive.h"

namespace kensa::text {

// One non-empty cell of a visible sheet.
struct SheetCell {
  int row = 0;     // 1-based, as in the sheet ("E12": row 12, column 5)
  int column = 0;  // 1-based
  std::string text;  // as Excel shows it; in-cell line breaks (LF, CR, CRLF) kept as '\n'
  // A merged range's top-left cell carries the range's span in the grid (hidden rows and columns
  // of the range not counted); every other cell has 1 and 1.
  int row_span = 1;
  int column_span = 1;
  // True for the cells made for the other rows of a vertically merged range: the first column of
  // each, its text copied from the top-left cell, so that a label merged down labels every row.
  bool merged_copy = false;
};

struct Sheet {
  std::string name;
  int number = 0;                // 1-based among the visible sheets
  std::vector<SheetCell> cells;  // row-major, non-empty cells only, hidden rows and columns left out
};

struct Workbook {
  std::vector<Sheet> sheets;          // the visible sheets, in the workbook's order
  std::vector<std::string> warnings;  // hidden sheets, rows and columns left out; cells cut
};

// What a workbook may cost. The defaults hold any real checklist workbook by far; tests lower them.
// Past a limit reading fails with kResourceLimit, except a single cell, which is cut with a warning.
struct XlsxLimits {
  int max_sheets = 1000;                     // visible sheets
  long long max_cells = 1'000'000;           // non-empty cells in the workbook (merged copies too)
  long long max_text_bytes = 64LL << 20;     // cell text in the workbook; also the shared strings'
  long long max_cell_bytes = 1LL << 20;      // one cell's (or shared string's) text: cut past this
  // Strings in the shared table: twice the cell limit, since hidden sheets may use strings no
  // visible cell does (8 bytes of index each, beside their text).
  long long max_shared_strings = 2'000'000;
  long long max_cell_formats = 65'536;       // cell formats (<xf>) and number formats in styles.xml
                                             // (Excel's own limit is 64,000)
  ZipLimits zip;                             // the archive's parts, inflated
};

// Reads the workbook in bytes (an .xlsx file) into a grid per visible sheet. Fails with kDamaged
// (not a zip archive, a missing part such as "missing part xl/workbook.xml" or a sheet part the
// workbook names, malformed XML, a DTD, a malformed or out-of-range cell or row reference, a shared
// string index out of range), kEncrypted (a password-protected part), or kResourceLimit (a limit
// of XlsxLimits or ZipLimits passed, with one line such as "workbook has more than 1000000
// non-empty cells"; memory running out: "memory limit N MiB exceeded"); kInternal on a bug. Never
// throws.
Result<Workbook> ReadXlsxWorkbook(std::string_view bytes, const XlsxLimits& limits = {});

// Reads the workbook in bytes into one page per visible sheet: Page::number is the sheet's number
// among the visible ones, Page::name its name, Page::text a line per row holding text (cells in
// column order joined by '\t', an empty cell between filled ones kept empty so that columns line up
// with the header row, columns empty in the whole sheet and trailing empty cells dropped; a line
// break or tab inside a cell becomes a space), Page::places a SourcePlace per cell written, naming
// the cell ("E12"). Fails as ReadXlsxWorkbook does; never throws.
Result<OfficeText> ReadXlsx(std::string_view bytes, const XlsxLimits& limits = {});

// Returns the A1-style name of a cell: (12, 5) -> "E12". Returns "" for a position outside the
// sheet's bounds (rows 1 to 1,048,576, columns 1 to 16,384).
std::string CellName(int row, int column);

}  // namespace kensa::text
