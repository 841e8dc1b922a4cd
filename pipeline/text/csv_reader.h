// Internal to the text stage: a CSV file (a checklist saved from Excel, an export of a web form) read
// into one page whose lines the passages stage reads as table rows.
//
// The bytes are decoded as a text file is (UTF-8 with or without a byte order mark, CP932, EUC-JP …;
// text_file.h), the separator is ',' '\t' or ';' (given, or detected), and the records are parsed
// as RFC 4180 says: a quoted field may hold separators, line ends and doubled quotes (""), and
// records end at CRLF, LF or CR. Each record with any text becomes one line of its fields joined by
// '\t'; a line end or a tab inside a field becomes a space, so a field never spills into another
// line or cell, and empty fields at the end of a record are dropped. Each non-empty field has a
// place named like a spreadsheet cell: "B3" is the second field of the third record (records
// counted from 1, blank ones included, as Excel numbers its rows).
// Thread-safe: pure functions.
#pragma once

#include <string_view>

#include "common/status.h"
#include "text/office_text.h"

namespace kensa::text {

// Reads CSV bytes into one page (number 1). separator is ',', '\t' or ';', or 0 to detect it: the
// candidate whose count per record (outside quotes) is the same, and at least 1, in the largest share
// of the first 50 non-empty records (',' first on a tie; ',' when none occurs). Warnings of the
// decoding (invalid UTF-8 replaced) and an unterminated quoted field (read to the end) are
// returned. Fails with DecodeText's errors (kNotPdf: bytes that no supported charset reads as text,
// kResourceLimit: over 512 MiB) or kResourceLimit (a record over 1 MiB or with more than 16,384
// fields; memory running out); never throws.
Result<OfficeText> ReadCsv(std::string_view bytes, char separator = 0);

// Returns true when UTF-8 text looks like comma-separated values: at least 3 non-empty records, and
// at least 80% of the first 50 of them hold the same number (1 or more) of commas outside quotes.
// Meant for text files not named .csv; tab-separated text gives false (the text reader already
// reads a tab as a cell boundary), and so does prose with a comma here and there.
bool LooksLikeCsv(std::string_view utf8);

}  // namespace kensa::text
