#include "text/office_text.h"

#include "common/utf8.h"

namespace kensa::text {
namespace {

// Code points after which a piece already ended (or clearly goes on): no "。" is added after them.
bool EndsPiece(char32_t cp) {
  static constexpr std::u32string_view kEnds = U"。．.！!？?、，,:：;；・/／(（[［「『【〈《→-‐ー";
  return kEnds.find(cp) != std::u32string_view::npos;
}

// Code points that open a piece continuing the one before: a closing bracket or mark.
bool ContinuesPiece(char32_t cp) {
  static constexpr std::u32string_view kContinues = U")）]］」』】〉》、。，,.";
  return kContinues.find(cp) != std::u32string_view::npos;
}

char32_t LastCodePoint(std::string_view text) {
  size_t start = text.size();
  while (start > 0 && (static_cast<unsigned char>(text[start - 1]) & 0xC0) == 0x80) --start;
  if (start > 0) --start;
  size_t pos = start;
  return text.empty() ? 0 : utf8::Next(text, pos);
}

std::string_view Trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

void AppendCellPiece(std::string& cell, std::string_view piece) {
  piece = Trimmed(piece);
  if (piece.empty()) return;
  while (!cell.empty() && cell.back() == ' ') cell.pop_back();
  if (!cell.empty()) {
    size_t pos = 0;
    const char32_t first = utf8::Next(piece, pos);
    const char32_t last = LastCodePoint(cell);
    cell += EndsPiece(last) || ContinuesPiece(first) || last < 0x80 ? " " : "。";
  }
  cell += piece;
}

}  // namespace kensa::text
