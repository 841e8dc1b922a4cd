// Terminal column arithmetic for the regression report's tables: a Japanese label takes two columns
// per character, so padding by bytes or by code points misaligns every column after it. Widths follow
// Unicode's East Asian Width (Wide and Fullwidth take two columns; Ambiguous takes one, as terminals
// outside CJK locales draw it); combining marks and format characters take none.
// Thread-safe: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace kensa {

// Returns the number of terminal columns text occupies (UTF-8; invalid bytes count one each).
int DisplayWidth(std::string_view text);
// Returns text followed by spaces up to `width` columns; text wider than width is returned whole.
std::string PadRight(std::string_view text, int width);
// Returns spaces then text, right-aligned in `width` columns; text wider than width is returned whole.
std::string PadLeft(std::string_view text, int width);
// Returns text cut to at most `width` columns, ending in "…" when it was cut; never splits a
// character.
std::string TruncateToWidth(std::string_view text, int width);

}  // namespace kensa
