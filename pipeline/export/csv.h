// CSV as Excel reads it (RFC 4180): cells quoted only when needed, CRLF line ends, UTF-8 with a
// byte-order mark at the start of the file (without it Excel takes UTF-8 for the local code page
// and garbles the Japanese).
// Thread-safe: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kensa {

// The UTF-8 byte-order mark that starts a CSV file.
inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// Returns text as one cell: in double quotes (inner quotes doubled) when it holds a comma, a quote,
// CR or LF. A cell that starts with = + - or @ would be a formula to a spreadsheet (a quote from a
// vendor's PDF must never run as one): it gets a leading apostrophe, as OWASP advises.
std::string CsvCell(std::string_view text);

// Returns the cells as one CSV line ending in CRLF.
std::string CsvRow(const std::vector<std::string>& cells);

}  // namespace kensa
