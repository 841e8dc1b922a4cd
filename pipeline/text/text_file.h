// Internal to the text stage: decodes a text file's bytes to UTF-8 and cuts it into pages.
//
// Japanese text files still come in several charsets. A UTF-8 byte order mark, a UTF-16 one, or bytes
// that are valid UTF-8 decide at once; otherwise ICU's detector (ucsdet) ranks the candidates and
// each Japanese one (Shift_JIS read as CP932, EUC-JP, ISO-2022-JP, UTF-16) is tried with a strict ICU
// converter until one decodes every byte into plausible text. Binary data fails.
// Thread-safe: ICU converters and detectors are per call.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "text/document_reader.h"

namespace kensa::text {

// What DecodeText found.
struct DecodedText {
  std::string utf8;     // no byte order mark; line ends as in the file
  std::string charset;  // "UTF-8", "windows-31j", "EUC-JP", "ISO-2022-JP", "UTF-16LE" ...
  std::vector<std::string> warnings;  // e.g. invalid UTF-8 sequences replaced by U+FFFD
};

// Decodes bytes to UTF-8. Fails with kNotPdf ("not a PDF or a text file ...") when no supported
// charset decodes them into plausible text (NUL bytes, control characters, unassigned code points).
// Text that is UTF-8 but for a few invalid sequences (under 1 in 100 code points: a file cut in the
// middle of a character, a stray Latin-1 byte) is read with each replaced by U+FFFD and a warning,
// when no other charset reads it whole.
Result<DecodedText> DecodeText(std::string_view bytes);

// Cuts UTF-8 text into pages at form feeds after turning CRLF and lone CR into LF. A text without a
// form feed is one page; an empty piece after a final form feed is not a page.
std::vector<Page> SplitTextPages(std::string_view utf8);

}  // namespace kensa::text
