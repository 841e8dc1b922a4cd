// Internal to the review stage: the two encodings an HTML page built from untrusted text needs.
// Every piece of text that comes from a document or a path (quotes, values, conditions, file names,
// warnings) goes through HtmlEscape before it reaches the page, in element content and in
// attribute values alike; pictures go in as data: URIs in Base64.
// Thread-safe: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace kensa::review {

// Returns text with & < > " ' replaced by character references, and every byte that is not valid
// UTF-8 or is a control character other than tab and newline (NUL, ESC, DEL, C1) replaced by
// U+FFFD, so that the result is safe in element content and in quoted attribute values.
std::string HtmlEscape(std::string_view text);

// Returns bytes in Base64 (RFC 4648, with padding, no line breaks).
std::string Base64(std::string_view bytes);

}  // namespace kensa::review
