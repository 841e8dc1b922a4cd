#include "regress/display_width.h"

#include <unicode/uchar.h>

#include "common/utf8.h"

namespace kensa {
namespace {

int CodePointWidth(char32_t cp) {
  const int8_t type = u_charType(static_cast<UChar32>(cp));
  if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK || type == U_FORMAT_CHAR) return 0;
  const int east_asian = u_getIntPropertyValue(static_cast<UChar32>(cp), UCHAR_EAST_ASIAN_WIDTH);
  return east_asian == U_EA_WIDE || east_asian == U_EA_FULLWIDTH ? 2 : 1;
}

}  // namespace

int DisplayWidth(std::string_view text) {
  int width = 0;
  for (size_t pos = 0; pos < text.size();) width += CodePointWidth(utf8::Next(text, pos));
  return width;
}

std::string PadRight(std::string_view text, int width) {
  std::string out(text);
  const int missing = width - DisplayWidth(text);
  if (missing > 0) out.append(static_cast<size_t>(missing), ' ');
  return out;
}

std::string PadLeft(std::string_view text, int width) {
  const int missing = width - DisplayWidth(text);
  std::string out = missing > 0 ? std::string(static_cast<size_t>(missing), ' ') : std::string();
  out += text;
  return out;
}

std::string TruncateToWidth(std::string_view text, int width) {
  if (DisplayWidth(text) <= width) return std::string(text);
  static constexpr std::string_view kEllipsis = "…";  // one column
  int used = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t next = pos;
    const int w = CodePointWidth(utf8::Next(text, next));
    if (used + w > width - 1) break;
    used += w;
    pos = next;
  }
  return std::string(text.substr(0, pos)) + std::string(kEllipsis);
}

}  // namespace kensa
