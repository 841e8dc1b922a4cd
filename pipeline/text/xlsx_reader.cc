// ReadXlsx: the package's parts through ZipArchive, each part's XML through ParseXml with a small
// handler per part (workbook, relationships, shared strings, styles, worksheet), then the sheet's
// cells sorted, merged ranges applied and hidden rows and columns left out; pages are written from
// that grid. Number formats are compiled once per style into tokens (number_format below) and
// applied to each numeric cell.
#include "text/xlsx_reader.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <new>
#include <optional>
#include <queue>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "common/process_limits.h"
#include "common/utf8.h"
#include "common/vocabulary.h"
#include "text/xml_stream.h"

namespace kensa::text {
namespace {

// Excel's own bounds of a sheet: a reference past them is damage, not size.
constexpr int kMaxRows = 1'048'576;
constexpr int kMaxColumns = 16'384;
// Hidden sheets get a warning each up to this many, the rest one line together: a workbook.xml can
// list millions of them, and the warnings are for a person to read.
constexpr long long kMaxHiddenSheetWarnings = 100;
// A number format code longer than this is read as General. Excel's own limit is 255 characters;
// the cap keeps a hostile code from costing time on every cell.
constexpr size_t kMaxFormatCodeBytes = 1024;
// At most this many decimals are written for a number (a format may ask for more: "0.000…").
constexpr int kMaxDecimals = 30;
// Excel's last date is 9999-12-31, serial 2958465 (1900 date system); later and negative serials
// have no date (Excel shows ####) and are written as numbers.
constexpr double kMaxDateSerial = 2958466.0;

// ISO/IEC 29500 Strict spells the namespaces differently; a Strict workbook reads the same.
constexpr std::string_view kStrictSpreadsheetNs = "http://purl.oclc.org/ooxml/spreadsheetml/main";
constexpr std::string_view kStrictRelationshipsNs = "http://purl.oclc.org/ooxml/officeDocument/relationships";

bool IsSheetNs(std::string_view ns) { return ns == kSpreadsheetNs || ns == kStrictSpreadsheetNs; }

std::string_view RelationshipId(const std::vector<XmlAttribute>& attributes) {
  std::string_view id = AttributeValue(attributes, kRelationshipsNs, "id");
  return id.empty() ? AttributeValue(attributes, kStrictRelationshipsNs, "id") : id;
}

bool IsTrue(std::string_view value) { return value == "1" || value == "true"; }

// Returns the unsigned decimal integer in text, or nothing when text is not one (or is over 18 digits).
std::optional<long long> ParseCount(std::string_view text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  long long value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

std::string Quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

// "64 MiB", or "1000 bytes" for a size that is not whole mebibytes (limits lowered by a test).
std::string SizeText(long long bytes) {
  if (bytes > 0 && bytes % (1LL << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
  return std::to_string(bytes) + " bytes";
}

// Drops a UTF-8 sequence cut short at the end of text (text cut at a byte count).
void DropPartialCharacter(std::string& text) {
  size_t at = text.size();
  int continuations = 0;
  while (at > 0 && continuations < 4 && (static_cast<unsigned char>(text[at - 1]) & 0xC0) == 0x80) {
    --at;
    ++continuations;
  }
  if (at == 0) return;
  const auto lead = static_cast<unsigned char>(text[at - 1]);
  const int length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 1;
  if (continuations + 1 < length) text.resize(at - 1);
}

// Appends piece to text but never past cap bytes; sets cut when something was left off.
void AppendCapped(std::string& text, std::string_view piece, long long cap, bool& cut) {
  const auto room = static_cast<size_t>(std::max<long long>(0, cap - static_cast<long long>(text.size())));
  if (piece.size() > room) {
    cut = true;
    piece = piece.substr(0, room);
  }
  text.append(piece);
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Turns a string of the file into the text Excel shows: the escapes "_xHHHH_" that Office writes for
// characters XML cannot hold (a carriage return is "_x000D_", an underscore before "x" "_x005F_")
// decoded, and CRLF and lone CR line ends made '\n'.
std::string CleanText(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c == '_' && i + 6 < raw.size() && raw[i + 1] == 'x' && raw[i + 6] == '_') {
      int code = 0;
      bool hex = true;
      for (size_t k = i + 2; k < i + 6; ++k) {
        const int digit = HexValue(raw[k]);
        if (digit < 0) hex = false;
        code = code * 16 + std::max(digit, 0);
      }
      if (hex && (code < 0xD800 || code > 0xDFFF)) {  // a lone surrogate stays as written
        if (code == '\r') {
          out += '\r';
        } else {
          utf8::Append(out, static_cast<char32_t>(code));
        }
        i += 6;
        continue;
      }
    }
    out += c;
  }
  std::string lines;
  lines.reserve(out.size());
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i] == '\r') {
      lines += '\n';
      if (i + 1 < out.size() && out[i + 1] == '\n') ++i;
    } else {
      lines += out[i];
    }
  }
  return lines;
}

// Reads an A1 reference ("E12", "XFD1048576") into row and column; false when it is malformed or
// outside the sheet.
bool ParseCellReference(std::string_view reference, int& row, int& column) {
  size_t at = 0;
  long long col = 0;
  while (at < reference.size() && at < 4) {
    char c = reference[at];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c < 'A' || c > 'Z') break;
    col = col * 26 + (c - 'A' + 1);
    ++at;
  }
  if (at == 0 || col > kMaxColumns) return false;
  const std::optional<long long> number = ParseCount(reference.substr(at));
  if (!number || *number < 1 || *number > kMaxRows) return false;
  row = static_cast<int>(*number);
  column = static_cast<int>(col);
  return true;
}

// A rectangle of cells, 1-based and inclusive.
struct Range {
  int first_row = 0, first_column = 0, last_row = 0, last_column = 0;
};

// Reads "A3:A5" (or a single "A3") into range; false when malformed, out of the sheet or reversed.
bool ParseRange(std::string_view text, Range& range) {
  const size_t colon = text.find(':');
  const std::string_view first = text.substr(0, colon);
  const std::string_view last = colon == std::string_view::npos ? first : text.substr(colon + 1);
  return ParseCellReference(first, range.first_row, range.first_column) &&
         ParseCellReference(last, range.last_row, range.last_column) && range.first_row <= range.last_row &&
         range.first_column <= range.last_column;
}

// ---- Part names --------------------------------------------------------------------------------

// The folder of a part, with its trailing slash: "xl/workbook.xml" -> "xl/".
std::string FolderOf(std::string_view part) {
  const size_t slash = part.rfind('/');
  return slash == std::string_view::npos ? std::string() : std::string(part.substr(0, slash + 1));
}

// The relationships part of a part: "xl/workbook.xml" -> "xl/_rels/workbook.xml.rels".
std::string RelationshipsPartOf(std::string_view part) {
  const std::string folder = FolderOf(part);
  return folder + "_rels/" + std::string(part.substr(folder.size())) + ".rels";
}

// ---- Number formats ----------------------------------------------------------------------------

enum class TokenKind {
  kLiteral,   // text shown as is
  kGeneral,   // "General"
  kDatePart,  // letter y, m (month), n (minute), d, h, s, f (fractions of a second), e, g, a; count
  kElapsed,   // [h], [mm], [ss]: letter h, m or s; count
  kAmPm,      // count 2: AM/PM, 1: A/P; lower: written in lower case
  kDigit,     // letter '0', '#' or '?'
  kPoint,
  kComma,
  kPercent,
  kExponent,  // E+ or E-
  kAt,        // '@', the text
  kSlash,
};

struct FormatToken {
  TokenKind kind = TokenKind::kLiteral;
  std::string text;  // kLiteral: the text; other kinds: the characters as written
  char letter = 0;
  int count = 0;
  bool lower = false;
};

struct FormatSection {
  enum class Kind { kGeneral, kNumber, kDate, kLiteral, kText };
  Kind kind = Kind::kGeneral;
  std::vector<FormatToken> tokens;  // kDate: all tokens
  std::string prefix, suffix;       // kGeneral, kNumber: literal text around the number; kLiteral: all
  int integer_zeros = 0;            // kNumber: digits always shown before the point
  int min_decimals = 0, max_decimals = 0;
  bool point = false, grouping = false, scientific = false;
  int percent = 0, thousands_scale = 0;
  bool twelve_hour = false;  // kDate: AM/PM present
  int fraction_digits = 0;   // kDate: digits of a second shown (ss.00)
};

struct NumberFormat {
  std::vector<FormatSection> sections;  // empty: General
  bool IsDate() const { return !sections.empty() && sections[0].kind == FormatSection::Kind::kDate; }
};

// The length of the UTF-8 sequence starting at text[at] (1 for a stray byte).
size_t CharacterLength(std::string_view text, size_t at) {
  size_t next = at;
  utf8::Next(text, next);
  return next - at;
}

bool StartsWithNoCase(std::string_view text, size_t at, std::string_view word) {
  if (text.size() - at < word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    char c = text[at + i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != word[i]) return false;
  }
  return true;
}

// Cuts a format code into its ';' sections of tokens. Sets conditional when a section carries a
// condition ("[>=100]"), which these formats do not follow (the number is written as General).
std::vector<std::vector<FormatToken>> LexFormat(std::string_view code, bool& conditional) {
  std::vector<std::vector<FormatToken>> sections(1);
  auto literal = [&](std::string_view text) { sections.back().push_back({TokenKind::kLiteral, std::string(text)}); };
  auto token = [&](TokenKind kind, std::string_view text, char letter = 0, int count = 0, bool lower = false) {
    sections.back().push_back({kind, std::string(text), letter, count, lower});
  };
  size_t at = 0;
  while (at < code.size()) {
    const char c = code[at];
    const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    if (c == ';') {
      sections.emplace_back();
      ++at;
    } else if (c == '"') {
      const size_t close = code.find('"', at + 1);
      const size_t stop = close == std::string_view::npos ? code.size() : close;
      literal(code.substr(at + 1, stop - at - 1));
      at = stop + 1;
    } else if (c == '\\') {
      if (at + 1 < code.size()) literal(code.substr(at + 1, CharacterLength(code, at + 1)));
      at += 1 + (at + 1 < code.size() ? CharacterLength(code, at + 1) : 0);
    } else if (c == '_' || c == '*') {  // padding to a character's width, fill: nothing to show
      at += 1 + (at + 1 < code.size() ? CharacterLength(code, at + 1) : 0);
    } else if (c == '[') {
      const size_t close = code.find(']', at + 1);
      const size_t stop = close == std::string_view::npos ? code.size() : close;
      const std::string_view inside = code.substr(at + 1, stop - at - 1);
      if (inside.starts_with('$')) {  // [$¥-411]: a currency symbol and a locale
        literal(inside.substr(1, inside.find('-') == std::string_view::npos ? inside.size() - 1 : inside.find('-') - 1));
      } else if (!inside.empty() && (inside[0] == '<' || inside[0] == '>' || inside[0] == '=')) {
        conditional = true;
      } else if (!inside.empty()) {
        const char first = static_cast<char>(inside[0] >= 'A' && inside[0] <= 'Z' ? inside[0] - 'A' + 'a' : inside[0]);
        const bool elapsed = (first == 'h' || first == 'm' || first == 's') &&
                             std::all_of(inside.begin(), inside.end(), [&](char x) { return x == first || x == first - 'a' + 'A'; });
        if (elapsed) token(TokenKind::kElapsed, inside, first, static_cast<int>(inside.size()));
        // anything else is a colour ([Red]) or a locale or calendar ([$-411] handled above, [DBNum1])
      }
      at = stop + 1;
    } else if (lower == 'g' && StartsWithNoCase(code, at, "general")) {
      token(TokenKind::kGeneral, code.substr(at, 7));
      at += 7;
    } else if (lower == 'a' && StartsWithNoCase(code, at, "am/pm")) {
      token(TokenKind::kAmPm, code.substr(at, 5), 0, 2, c == 'a');
      at += 5;
    } else if (lower == 'a' && StartsWithNoCase(code, at, "a/p")) {
      token(TokenKind::kAmPm, code.substr(at, 3), 0, 1, c == 'a');
      at += 3;
    } else if (lower == 'e' && at + 1 < code.size() && (code[at + 1] == '+' || code[at + 1] == '-')) {
      token(TokenKind::kExponent, code.substr(at, 2));
      at += 2;
    } else if (lower == 'y' || lower == 'm' || lower == 'd' || lower == 'h' || lower == 's' || lower == 'e' ||
               lower == 'g' || lower == 'a') {
      size_t stop = at;
      while (stop < code.size() && (code[stop] == lower || code[stop] == lower - 'a' + 'A')) ++stop;
      const int count = static_cast<int>(stop - at);
      if (lower == 'a' && count < 3) {
        literal(code.substr(at, stop - at));
      } else {
        token(TokenKind::kDatePart, code.substr(at, stop - at), lower, count);
      }
      at = stop;
    } else if (c == '0' || c == '#' || c == '?') {
      token(TokenKind::kDigit, code.substr(at, 1), c);
      ++at;
    } else if (c == '.' || c == ',' || c == '%' || c == '@' || c == '/') {
      const TokenKind kind = c == '.'   ? TokenKind::kPoint
                             : c == ',' ? TokenKind::kComma
                             : c == '%' ? TokenKind::kPercent
                             : c == '@' ? TokenKind::kAt
                                        : TokenKind::kSlash;
      token(kind, code.substr(at, 1));
      ++at;
    } else {
      const size_t length = CharacterLength(code, at);
      literal(code.substr(at, length));
      at += length;
    }
  }
  return sections;
}

bool IsDateToken(const FormatToken& token) {
  if (token.kind == TokenKind::kElapsed) return true;
  if (token.kind != TokenKind::kDatePart) return false;
  return token.letter == 'y' || token.letter == 'm' || token.letter == 'd' || token.letter == 'h' || token.letter == 's';
}

// Makes a date section's tokens ready to write: m next to an hour or a second becomes minutes (n),
// ".0" after seconds becomes fractions of a second (f), and what only a number uses becomes text.
FormatSection CompileDateSection(std::vector<FormatToken> tokens) {
  FormatSection section;
  section.kind = FormatSection::Kind::kDate;
  auto previous_part = [&](size_t i) -> const FormatToken* {
    while (i-- > 0) {
      if (tokens[i].kind == TokenKind::kDatePart || tokens[i].kind == TokenKind::kElapsed) return &tokens[i];
    }
    return nullptr;
  };
  auto next_part = [&](size_t i) -> const FormatToken* {
    for (++i; i < tokens.size(); ++i) {
      if (tokens[i].kind == TokenKind::kDatePart || tokens[i].kind == TokenKind::kElapsed) return &tokens[i];
    }
    return nullptr;
  };
  for (size_t i = 0; i < tokens.size(); ++i) {
    FormatToken& token = tokens[i];
    if (token.kind == TokenKind::kDatePart && token.letter == 'm' && token.count <= 2) {
      const FormatToken* before = previous_part(i);
      const FormatToken* after = next_part(i);
      if ((before && before->letter == 'h') || (after && after->letter == 's')) token.letter = 'n';
    } else if (token.kind == TokenKind::kAmPm) {
      section.twelve_hour = true;
    }
  }
  for (size_t i = 0; i < tokens.size(); ++i) {
    FormatToken token = tokens[i];
    const bool after_seconds = !section.tokens.empty() && section.tokens.back().kind != TokenKind::kLiteral &&
                               (section.tokens.back().letter == 's');
    if (token.kind == TokenKind::kPoint && after_seconds && i + 1 < tokens.size() &&
        tokens[i + 1].kind == TokenKind::kDigit && tokens[i + 1].letter == '0') {
      int digits = 0;
      while (i + 1 < tokens.size() && tokens[i + 1].kind == TokenKind::kDigit && tokens[i + 1].letter == '0') {
        ++digits;
        ++i;
      }
      section.fraction_digits = std::min(digits, 3);
      section.tokens.push_back({TokenKind::kLiteral, "."});
      section.tokens.push_back({TokenKind::kDatePart, "", 'f', section.fraction_digits});
      continue;
    }
    const bool shown_as_text = token.kind != TokenKind::kDatePart && token.kind != TokenKind::kElapsed &&
                               token.kind != TokenKind::kAmPm && token.kind != TokenKind::kLiteral;
    if (shown_as_text) token = {TokenKind::kLiteral, token.text};
    section.tokens.push_back(std::move(token));
  }
  return section;
}

// Compiles one section that shows no date: a number, General, or only text.
FormatSection CompileNumberSection(const std::vector<FormatToken>& tokens) {
  FormatSection section;
  size_t first = tokens.size(), last = tokens.size();
  bool has_general = false, has_at = false;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const TokenKind kind = tokens[i].kind;
    if (kind == TokenKind::kDigit) {
      if (first == tokens.size()) first = i;
      last = i;
    } else if (kind == TokenKind::kPoint && first == tokens.size() && i + 1 < tokens.size() &&
               tokens[i + 1].kind == TokenKind::kDigit) {
      first = i;
    }
    has_general = has_general || kind == TokenKind::kGeneral;
    has_at = has_at || kind == TokenKind::kAt;
  }
  auto text_of = [](const FormatToken& token) -> std::string {
    switch (token.kind) {
      case TokenKind::kLiteral:
        return token.text;
      case TokenKind::kGeneral:
      case TokenKind::kAt:
        return "";
      default:
        return token.text;
    }
  };
  if (last == tokens.size()) {  // no digit placeholder
    if (has_general) {
      section.kind = FormatSection::Kind::kGeneral;
      bool after = false;
      for (const FormatToken& token : tokens) {
        if (token.kind == TokenKind::kGeneral) {
          after = true;
          continue;
        }
        (after ? section.suffix : section.prefix) += text_of(token);
      }
    } else if (has_at) {
      section.kind = FormatSection::Kind::kText;
    } else {
      section.kind = FormatSection::Kind::kLiteral;
      for (const FormatToken& token : tokens) section.prefix += text_of(token);
    }
    return section;
  }
  section.kind = FormatSection::Kind::kNumber;
  for (size_t i = 0; i < first; ++i) {
    if (tokens[i].kind == TokenKind::kPercent) ++section.percent;
    section.prefix += text_of(tokens[i]);
  }
  bool in_decimals = false, in_exponent = false;
  for (size_t i = first; i <= last; ++i) {
    const FormatToken& token = tokens[i];
    switch (token.kind) {
      case TokenKind::kDigit:
        if (in_exponent) break;
        if (in_decimals) {
          ++section.max_decimals;
          if (token.letter == '0') section.min_decimals = section.max_decimals;
        } else if (token.letter == '0') {
          ++section.integer_zeros;
        }
        break;
      case TokenKind::kPoint:
        if (!in_exponent) {
          in_decimals = true;
          section.point = true;
        }
        break;
      case TokenKind::kComma:
        if (!in_decimals) section.grouping = true;
        break;
      case TokenKind::kPercent:
        ++section.percent;
        break;
      case TokenKind::kExponent:
        section.scientific = true;
        in_exponent = true;
        break;
      case TokenKind::kSlash:  // a fraction ("# ?/?"): not followed, written as General
        section = FormatSection();
        return section;
      default:
        break;  // text inside the number ("000-0000") is not followed
    }
  }
  size_t i = last + 1;
  for (; i < tokens.size() && tokens[i].kind == TokenKind::kComma; ++i) ++section.thousands_scale;
  for (; i < tokens.size(); ++i) {
    if (tokens[i].kind == TokenKind::kPercent) ++section.percent;
    section.suffix += text_of(tokens[i]);
  }
  section.min_decimals = std::min(section.min_decimals, kMaxDecimals);
  section.max_decimals = std::min(section.max_decimals, kMaxDecimals);
  section.percent = std::min(section.percent, 3);
  section.thousands_scale = std::min(section.thousands_scale, 3);
  return section;
}

// Compiles a format code ("0.0%", "yyyy\"年\"m\"月\"d\"日\"", "#,##0;[Red]-#,##0").
NumberFormat CompileFormat(std::string_view code) {
  NumberFormat format;
  if (code.size() > kMaxFormatCodeBytes) return format;
  bool conditional = false;
  std::vector<std::vector<FormatToken>> sections = LexFormat(code, conditional);
  if (conditional) return format;
  for (std::vector<FormatToken>& tokens : sections) {
    const bool date = std::any_of(tokens.begin(), tokens.end(), IsDateToken);
    format.sections.push_back(date ? CompileDateSection(std::move(tokens)) : CompileNumberSection(tokens));
  }
  return format;
}

// The code of a built-in number format (ids below 164 have no code in the file). Dates are written
// yyyy/m/d as Japanese Excel shows them; the currency formats are Japanese Excel's (yen).
std::string_view BuiltInFormatCode(int id) {
  switch (id) {
    case 1: return "0";
    case 2: return "0.00";
    case 3: return "#,##0";
    case 4: return "#,##0.00";
    case 5: case 6: return "\"¥\"#,##0;\"¥\"\\-#,##0";
    case 7: case 8: return "\"¥\"#,##0.00;\"¥\"\\-#,##0.00";
    case 9: return "0%";
    case 10: return "0.00%";
    case 11: return "0.00E+00";
    case 14: case 15: case 16: case 17: case 27: case 28: case 29: case 30: case 31: case 34: case 35:
    case 36: case 50: case 51: case 52: case 53: case 54: case 55: case 56: case 57: case 58:
      return "yyyy/m/d";
    case 18: case 20: case 32: return "h:mm";
    case 19: case 21: case 33: return "h:mm:ss";
    case 22: return "yyyy/m/d h:mm";
    case 37: case 38: return "#,##0;-#,##0";
    case 39: case 40: return "#,##0.00;-#,##0.00";
    case 41: return "#,##0;-#,##0;\"-\"";
    case 42: return "\"¥\"#,##0;\"¥\"-#,##0;\"¥\"\"-\"";
    case 43: return "#,##0.00;-#,##0.00;\"-\"";
    case 44: return "\"¥\"#,##0.00;\"¥\"-#,##0.00;\"¥\"\"-\"";
    case 45: return "mm:ss";
    case 46: return "[h]:mm:ss";
    case 47: return "mm:ss.0";
    case 48: return "0.0E+00";
    default: return "";  // 0 General, 12 and 13 fractions, 49 text, unknown ids: General
  }
}

// Writes a number the way General does: at most 15 significant digits, no trailing zeros, an
// exponent for the very large and very small.
std::string FormatGeneral(double value) {
  if (value == 0) return "0";
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.15G", value);
  return buffer;
}

// Writes x (at least 0) with `decimals` digits after the point, rounded as Excel rounds: half away
// from zero, on the number's 15 significant digits (0.125 as "0.00" -> "0.13", 0.9995 as "0.0%" ->
// "100.0%", where printf, on the binary value, gives "0.12" and "99.9%").
std::string FixedPoint(double x, int decimals) {
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%.14E", x);  // "1.23450000000000E+02"
  std::string mantissa(1, buffer[0]);
  mantissa.append(buffer + 2, 14);
  const int exponent = std::atoi(std::strchr(buffer, 'E') + 1);
  const int kept = exponent + 1 + decimals;  // significant digits down to 10^-decimals
  std::string digits;                        // x * 10^decimals, rounded to a whole number
  if (kept >= 0) {
    digits = mantissa.substr(0, static_cast<size_t>(std::min(kept, 15)));
    if (kept > 15) digits.append(static_cast<size_t>(kept - 15), '0');
    if (kept < 15 && mantissa[static_cast<size_t>(kept)] >= '5') {
      size_t at = digits.size();
      while (at > 0 && digits[at - 1] == '9') digits[--at] = '0';
      if (at == 0) digits.insert(digits.begin(), '1');
      else ++digits[at - 1];
    }
  }
  if (static_cast<int>(digits.size()) <= decimals) digits.insert(0, static_cast<size_t>(decimals + 1) - digits.size(), '0');
  const size_t point = digits.size() - static_cast<size_t>(decimals);
  const size_t nonzero = std::min(digits.find_first_not_of('0'), point - 1);  // no leading zeros
  return digits.substr(nonzero, point - nonzero) + (decimals > 0 ? "." + digits.substr(point) : "");
}

std::string FormatNumber(const FormatSection& section, double value, bool minus) {
  const double x = value * std::pow(100.0, section.percent) / std::pow(1000.0, section.thousands_scale);
  if (!std::isfinite(x)) return FormatGeneral(minus ? -value : value);
  std::string digits;
  if (section.scientific) {
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "%.*E", section.max_decimals, x);
    digits = buffer;
  } else {
    const std::string fixed = FixedPoint(x, section.max_decimals);
    const size_t point = fixed.find('.');
    std::string whole = fixed.substr(0, point);
    std::string decimals = point == std::string::npos ? "" : fixed.substr(point + 1);
    while (static_cast<int>(decimals.size()) > section.min_decimals && decimals.back() == '0') decimals.pop_back();
    if (whole == "0" && section.integer_zeros == 0) whole.clear();
    while (static_cast<int>(whole.size()) < section.integer_zeros) whole.insert(whole.begin(), '0');
    if (section.grouping) {
      for (int at = static_cast<int>(whole.size()) - 3; at > 0; at -= 3) whole.insert(static_cast<size_t>(at), ",");
    }
    digits = whole;
    if (section.point) digits += "." + decimals;
  }
  const bool zero = digits.find_first_of("123456789") == std::string::npos;
  return (minus && !zero ? "-" : "") + section.prefix + digits + section.suffix;
}

struct DateParts {
  int year = 0, month = 0, day = 0, weekday = 0;  // weekday: 0 Sunday
  long long days = 0;                             // whole days of the serial
  int hour = 0, minute = 0, second = 0, millisecond = 0;
};

// The date and time of a serial in Excel's 1900 date system (with its 29 February 1900, serial 60,
// and its day 0, 1900-01-00) or its 1904 one.
DateParts SplitSerial(double serial, bool date1904, int fraction_digits) {
  long long unit = 1000;
  for (int i = 0; i < fraction_digits; ++i) unit /= 10;
  long long ms = std::llround(serial * 86'400'000.0);
  ms = (ms + unit / 2) / unit * unit;
  DateParts parts;
  parts.days = ms / 86'400'000;
  long long rest = ms % 86'400'000;
  parts.hour = static_cast<int>(rest / 3'600'000);
  parts.minute = static_cast<int>(rest / 60'000 % 60);
  parts.second = static_cast<int>(rest / 1000 % 60);
  parts.millisecond = static_cast<int>(rest % 1000);
  using namespace std::chrono;
  sys_days date;
  if (date1904) {
    date = sys_days(year(1904) / January / 1) + days(parts.days);
    parts.weekday = static_cast<int>((parts.days + 5) % 7);
  } else {
    parts.weekday = static_cast<int>((parts.days + 6) % 7);
    if (parts.days == 0 || parts.days == 60) {
      parts.year = 1900;
      parts.month = parts.days == 0 ? 1 : 2;
      parts.day = parts.days == 0 ? 0 : 29;
      return parts;
    }
    date = sys_days(year(1899) / December / (parts.days < 60 ? 31 : 30)) + days(parts.days);
  }
  const year_month_day ymd(date);
  parts.year = static_cast<int>(ymd.year());
  parts.month = static_cast<int>(static_cast<unsigned>(ymd.month()));
  parts.day = static_cast<int>(static_cast<unsigned>(ymd.day()));
  return parts;
}

struct Era {
  int year, month, day;
  const char* letter;
  const char* initial;
  const char* name;  // null: the era of this letter in dictionaries/vocabulary.toml names it
};
// The Japanese eras Excel knows, newest first, with the day each began (Excel's era formats turn on
// the day; the vocabulary holds only the year).
constexpr Era kEras[] = {{2019, 5, 1, "R", "令", nullptr},
                         {1989, 1, 8, "H", "平", nullptr},
                         {1926, 12, 25, "S", "昭", nullptr},
                         {1912, 7, 30, "T", "大", "大正"},
                         {1868, 9, 8, "M", "明", "明治"}};

// Returns the era's name ("令和"), from the vocabulary where it lists the era.
std::string EraName(const Era& era) {
  if (era.name) return era.name;
  for (const kensa::Era& known : SharedVocabulary().eras) {
    if (known.letter == era.letter) return known.name;
  }
  return era.initial;
}

const Era* EraOf(const DateParts& parts) {
  for (const Era& era : kEras) {
    if (std::tie(parts.year, parts.month, parts.day) >= std::tie(era.year, era.month, era.day)) return &era;
  }
  return nullptr;
}

std::string Padded(long long value, int width) {
  std::string text = std::to_string(value);
  if (static_cast<int>(text.size()) < width) text.insert(0, static_cast<size_t>(width) - text.size(), '0');
  return text;
}

std::string FormatDate(const FormatSection& section, double serial, bool date1904) {
  static constexpr const char* kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                            "July",    "August",   "September", "October", "November", "December"};
  static constexpr const char* kWeekdays[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
  static constexpr const char* kWeekdaysJa[] = {"日", "月", "火", "水", "木", "金", "土"};
  const DateParts parts = SplitSerial(serial, date1904, section.fraction_digits);
  const Era* era = EraOf(parts);
  const int month_index = std::clamp(parts.month, 1, 12) - 1;
  std::string out;
  for (const FormatToken& token : section.tokens) {
    const int n = token.count;
    switch (token.kind) {
      case TokenKind::kLiteral:
        out += token.text;
        break;
      case TokenKind::kAmPm: {
        const bool pm = parts.hour >= 12;
        std::string mark = n == 2 ? (pm ? "PM" : "AM") : (pm ? "P" : "A");
        if (token.lower) std::transform(mark.begin(), mark.end(), mark.begin(), [](char c) { return static_cast<char>(c - 'A' + 'a'); });
        out += mark;
        break;
      }
      case TokenKind::kElapsed: {
        const long long hours = parts.days * 24 + parts.hour;
        const long long total = token.letter == 'h' ? hours
                                : token.letter == 'm' ? hours * 60 + parts.minute
                                                      : (hours * 60 + parts.minute) * 60 + parts.second;
        out += Padded(total, n);
        break;
      }
      case TokenKind::kDatePart:
        switch (token.letter) {
          case 'y':
            out += n <= 2 ? Padded(parts.year % 100, 2) : Padded(parts.year, 4);
            break;
          case 'm':
            if (n <= 2) out += Padded(parts.month, n);
            else if (n == 3) out += std::string(kMonths[month_index]).substr(0, 3);
            else if (n == 4) out += kMonths[month_index];
            else out += kMonths[month_index][0];
            break;
          case 'n':
            out += Padded(parts.minute, n);
            break;
          case 'd':
            if (n <= 2) out += Padded(parts.day, n);
            else if (n == 3) out += std::string(kWeekdays[parts.weekday]).substr(0, 3);
            else out += kWeekdays[parts.weekday];
            break;
          case 'h': {
            int hour = parts.hour;
            if (section.twelve_hour) hour = hour % 12 == 0 ? 12 : hour % 12;
            out += Padded(hour, std::min(n, 2));
            break;
          }
          case 's':
            out += Padded(parts.second, std::min(n, 2));
            break;
          case 'f': {
            long long fraction = parts.millisecond;
            for (int i = n; i < 3; ++i) fraction /= 10;
            out += Padded(fraction, n);
            break;
          }
          case 'e':
            out += Padded(era ? parts.year - era->year + 1 : parts.year, std::min(n, 2));
            break;
          case 'g':
            if (era) out += n == 1 ? era->letter : n == 2 ? era->initial : EraName(*era);
            break;
          case 'a':
            out += kWeekdaysJa[parts.weekday];
            if (n >= 4) out += "曜日";
            break;
          default:
            break;
        }
        break;
      default:
        out += token.text;
        break;
    }
  }
  return out;
}

// Writes a numeric cell's value through its format, as Excel shows it.
std::string FormatValue(const NumberFormat& format, double value, bool date1904) {
  if (format.sections.empty()) return FormatGeneral(value);
  if (format.IsDate()) {
    if (value < 0 || value >= kMaxDateSerial) return FormatGeneral(value);
    return FormatDate(format.sections[0], value, date1904);
  }
  const FormatSection* section = &format.sections[0];
  bool minus = value < 0;
  if (value < 0 && format.sections.size() >= 2) {
    section = &format.sections[1];
    minus = false;
  } else if (value == 0 && format.sections.size() >= 3) {
    section = &format.sections[2];
  }
  const double magnitude = std::fabs(value);
  switch (section->kind) {
    case FormatSection::Kind::kNumber:
      return FormatNumber(*section, magnitude, minus);
    case FormatSection::Kind::kGeneral:
      return (minus ? "-" : "") + section->prefix + FormatGeneral(magnitude) + section->suffix;
    case FormatSection::Kind::kLiteral:
      return section->prefix;
    default:  // a date in the negative section, or the text section: General
      return FormatGeneral(value);
  }
}

// Reads an ISO 8601 date ("2024-04-01", "2024-04-01T09:30:00Z"), as cells of type "d" hold, into a
// serial of the workbook's date system; nothing when it is not one.
std::optional<double> IsoDateSerial(std::string_view text, bool date1904) {
  int y = 0, m = 0, d = 0, hh = 0, mm = 0;
  double ss = 0;
  const std::string copy(text);
  const int read = std::sscanf(copy.c_str(), "%4d-%2d-%2dT%2d:%2d:%lf", &y, &m, &d, &hh, &mm, &ss);
  if (read != 3 && read != 6) return std::nullopt;
  using namespace std::chrono;
  const year_month_day ymd{year(y), month(static_cast<unsigned>(m)), day(static_cast<unsigned>(d))};
  if (!ymd.ok()) return std::nullopt;
  const sys_days base = date1904 ? sys_days(year(1904) / January / 1) : sys_days(year(1899) / December / 30);
  long long serial_days = (sys_days(ymd) - base).count();
  if (!date1904 && serial_days < 61) serial_days -= 1;  // before Excel's 29 February 1900
  if (serial_days < 0) return std::nullopt;
  return static_cast<double>(serial_days) + (hh * 3600 + mm * 60 + ss) / 86400.0;
}

// ---- Parts -------------------------------------------------------------------------------------

// _rels/.rels or a part's .rels: the relationships kept are those `want` accepts (a hostile part can
// hold millions; only a few are ever looked up).
class RelationshipsReader : public XmlHandler {
 public:
  struct Relationship {
    std::string id, type, target;
  };
  explicit RelationshipsReader(std::function<bool(std::string_view id, std::string_view type)> want) : want_(std::move(want)) {}
  void Start(std::string_view ns, std::string_view name, const std::vector<XmlAttribute>& attributes) override {
    if (name != "Relationship" || ns != kPackageRelationshipsNs) return;
    if (AttributeValue(attributes, "", "TargetMode") == "External") return;
    const std::string_view id = AttributeValue(attributes, "", "Id");
    const std::string_view type = AttributeValue(attributes, "", "Type");
    if (want_(id, type)) relationships.push_back({std::string(id), std::string(type), std::string(AttributeValue(attributes, "", "Target"))});
  }
  void End(std::string_view, std::string_view) override {}
  void Text(std::string_view) override {}

  std::vector<Relationship> relationships;

 private:
  std::function<bool(std::string_view, std::string_view)> want_;
};

// The last path segment of a relationship type URI: ".../relationships/worksheet" -> "worksheet".
std::string_view TypeName(std::string_view type) {
  const size_t slash = type.rfind('/');
  return slash == std::string_view::npos ? type : type.substr(slash + 1);
}

struct SheetEntry {
  std::string name;
  std::string relationship_id;
};

class WorkbookReader : public XmlHandler {
 public:
  explicit WorkbookReader(const XlsxLimits& limits) : limits_(limits) {}
  void Start(std::string_view ns, std::string_view name, const std::vector<XmlAttribute>& attributes) override {
    if (!IsSheetNs(ns)) return;
    if (name == "workbook") {
      is_workbook = true;
    } else if (name == "workbookPr") {
      date1904 = IsTrue(AttributeValue(attributes, "", "date1904"));
    } else if (name == "sheet") {
      const std::string_view state = AttributeValue(attributes, "", "state");
      const std::string_view sheet_name = AttributeValue(attributes, "", "name");
      if (state == "hidden" || state == "veryHidden") {
        if (++hidden_count <= kMaxHiddenSheetWarnings) warnings.push_back("hidden sheet " + Quoted(sheet_name) + " left out");
        return;
      }
      if (static_cast<long long>(visible.size()) >= limits_.max_sheets) {
        stop = Status::Error(ErrorKind::kResourceLimit,
                             "workbook has more than " + std::to_string(limits_.max_sheets) + " visible sheets");
        return;
      }
      visible.push_back({std::string(sheet_name), std::string(RelationshipId(attributes))});
    }
  }
  void End(std::string_view, std::string_view) override {}
  void Text(std::string_view) override {}

  std::vector<SheetEntry> visible;
  std::vector<std::string> warnings;
  long long hidden_count = 0;
  bool date1904 = false;
  bool is_workbook = false;  // the root is a SpreadsheetML <workbook> (not, say, a Word document)

 private:
  const XlsxLimits& limits_;
};

// The shared strings table, as one buffer: an index per string (8 bytes), not a std::string each.
class SharedStrings {
 public:
  size_t size() const { return ends_.size(); }
  std::string_view at(size_t i) const {
    const size_t begin = i == 0 ? 0 : ends_[i - 1];
    return std::string_view(text_).substr(begin, ends_[i] - begin);
  }
  void Add(std::string_view text) {
    text_ += text;
    ends_.push_back(text_.size());
  }
  size_t bytes() const { return text_.size(); }

 private:
  std::string text_;
  std::vector<size_t> ends_;
};

class SharedStringsReader : public XmlHandler {
 public:
  SharedStringsReader(const XlsxLimits& limits, SharedStrings& strings, std::vector<std::string>& warnings)
      : limits_(limits), strings_(strings), warnings_(warnings) {}
  void Start(std::string_view ns, std::string_view name, const std::vector<XmlAttribute>&) override {
    if (!IsSheetNs(ns)) return;
    if (name == "si") {
      in_item_ = true;
      cut_ = false;
      raw_.clear();
    } else if (name == "rPh") {
      ++phonetic_depth_;
    } else if (name == "t") {
      in_text_ = true;
    }
  }
  void End(std::string_view ns, std::string_view name) override {
    if (!IsSheetNs(ns)) return;
    if (name == "t") {
      in_text_ = false;
    } else if (name == "rPh") {
      --phonetic_depth_;
    } else if (name == "si") {
      in_item_ = false;
      std::string text = CleanText(raw_);
      if (cut_) {
        DropPartialCharacter(text);
        warnings_.push_back("shared string " + std::to_string(strings_.size()) + " cut to " +
                            SizeText(limits_.max_cell_bytes) + " of text");
      }
      if (static_cast<long long>(strings_.size()) >= limits_.max_shared_strings) {
        stop = Status::Error(ErrorKind::kResourceLimit, "shared strings table has more than " +
                                                            std::to_string(limits_.max_shared_strings) + " strings");
        return;
      }
      if (static_cast<long long>(strings_.bytes() + text.size()) > limits_.max_text_bytes) {
        stop = Status::Error(ErrorKind::kResourceLimit,
                             "shared strings hold more than " + SizeText(limits_.max_text_bytes) + " of text");
        return;
      }
      strings_.Add(text);
    }
  }
  void Text(std::string_view text) override {
    if (in_item_ && in_text_ && phonetic_depth_ == 0) AppendCapped(raw_, text, limits_.max_cell_bytes, cut_);
  }

 private:
  const XlsxLimits& limits_;
  SharedStrings& strings_;
  std::vector<std::string>& warnings_;
  std::string raw_;
  bool in_item_ = false, in_text_ = false, cut_ = false;
  int phonetic_depth_ = 0;
};

// styles.xml: the number format of each cell format (<cellXfs><xf numFmtId>), compiled once per id.
struct Styles {
  std::vector<NumberFormat> formats;  // [0]: General
  std::vector<int> format_of_style;   // cell format (a cell's s) -> index in formats

  const NumberFormat& FormatOf(long long style) const {
    if (style < 0 || style >= static_cast<long long>(format_of_style.size())) return formats[0];
    return formats[static_cast<size_t>(format_of_style[static_cast<size_t>(style)])];
  }
};

class StylesReader : public XmlHandler {
 public:
  explicit StylesReader(const XlsxLimits& limits) : limits_(limits) {}
  void Start(std::string_view ns, std::string_view name, const std::vector<XmlAttribute>& attributes) override {
    if (!IsSheetNs(ns)) return;
    if (name == "numFmts") {
      in_formats_ = true;
    } else if (name == "cellXfs") {
      in_cell_formats_ = true;
    } else if (name == "numFmt" && in_formats_) {
      const std::optional<long long> id = ParseCount(AttributeValue(attributes, "", "numFmtId"));
      if (!id || *id > 100'000'000) return;
      if (static_cast<long long>(codes.size()) >= limits_.max_cell_formats) return Fail("number formats");
      codes[static_cast<int>(*id)] = std::string(AttributeValue(attributes, "", "formatCode").substr(0, kMaxFormatCodeBytes + 1));
    } else if (name == "xf" && in_cell_formats_) {
      if (static_cast<long long>(format_ids.size()) >= limits_.max_cell_formats) return Fail("cell formats");
      const std::optional<long long> id = ParseCount(AttributeValue(attributes, "", "numFmtId"));
      format_ids.push_back(id && *id <= 100'000'000 ? static_cast<int>(*id) : 0);
    }
  }
  void End(std::string_view ns, std::string_view name) override {
    if (!IsSheetNs(ns)) return;
    if (name == "numFmts") in_formats_ = false;
    if (name == "cellXfs") in_cell_formats_ = false;
  }
  void Text(std::string_view) override {}

  std::unordered_map<int, std::string> codes;  // custom formats: id -> code
  std::vector<int> format_ids;                 // per cell format

 private:
  void Fail(const char* what) {
    stop = Status::Error(ErrorKind::kResourceLimit,
                         "styles hold more than " + std::to_string(limits_.max_cell_formats) + " " + what);
  }
  const XlsxLimits& limits_;
  bool in_formats_ = false, in_cell_formats_ = false;
};

Styles CompileStyles(const StylesReader& reader) {
  Styles styles;
  styles.formats.emplace_back();  // General
  std::unordered_map<int, int> compiled = {{0, 0}};
  for (int id : reader.format_ids) {
    auto found = compiled.find(id);
    if (found == compiled.end()) {
      const auto custom = reader.codes.find(id);
      const std::string_view code = custom != reader.codes.end() ? std::string_view(custom->second) : BuiltInFormatCode(id);
      styles.formats.push_back(code.empty() ? NumberFormat() : CompileFormat(code));
      found = compiled.emplace(id, static_cast<int>(styles.formats.size() - 1)).first;
    }
    styles.format_of_style.push_back(found->second);
  }
  return styles;
}

// The workbook-wide counts that XlsxLimits bounds.
class Budget {
 public:
  explicit Budget(const XlsxLimits& limits) : limits_(limits) {}
  // Counts one more non-empty cell of `bytes` of text. Fails with kResourceLimit past a limit.
  Status AddCell(size_t bytes) {
    if (++cells_ > limits_.max_cells) {
      return Status::Error(ErrorKind::kResourceLimit,
                           "workbook has more than " + std::to_string(limits_.max_cells) + " non-empty cells");
    }
    text_bytes_ += static_cast<long long>(bytes);
    if (text_bytes_ > limits_.max_text_bytes) {
      return Status::Error(ErrorKind::kResourceLimit,
                           "workbook has more than " + SizeText(limits_.max_text_bytes) + " of cell text");
    }
    return Status::Ok();
  }

 private:
  const XlsxLimits& limits_;
  long long cells_ = 0;
  long long text_bytes_ = 0;
};

// What every worksheet is read with.
struct WorkbookContext {
  const XlsxLimits& limits;
  const SharedStrings& strings;
  const Styles& styles;
  bool date1904 = false;
};

// One worksheet, as events: cells kept as they end, hidden rows and columns counted, not kept.
class SheetReader : public XmlHandler {
 public:
  SheetReader(const WorkbookContext& context, std::string_view part, Sheet& sheet, Budget& budget,
              std::vector<std::string>& warnings)
      : context_(context), part_(part), sheet_(sheet), budget_(budget), warnings_(warnings) {}

  void Start(std::string_view ns, std::string_view name, const std::vector<XmlAttribute>& attributes) override {
    if (!IsSheetNs(ns)) return;
    if (in_cell_) {
      if (name == "v") in_value_ = true;
      else if (name == "is") in_inline_ = true;
      else if (name == "t" && in_inline_) in_text_ = true;
      else if (name == "rPh") ++phonetic_depth_;
    } else if (name == "c" && in_sheet_data_) {
      StartCell(attributes);
    } else if (name == "row" && in_sheet_data_) {
      StartRow(attributes);
    } else if (name == "col") {
      AddColumns(attributes);
    } else if (name == "sheetData") {
      in_sheet_data_ = true;
      int covering_ranges = 0;
      for (size_t column = 1; column <= kMaxColumns; ++column) {
        covering_ranges += column_range_edges_[column];
        column_hidden_[column] = covering_ranges > 0;
        hidden_below_[column] = hidden_below_[column - 1] + (column_hidden_[column] ? 1 : 0);
      }
    } else if (name == "mergeCell") {
      AddMerge(AttributeValue(attributes, "", "ref"));
    }
  }

  void End(std::string_view ns, std::string_view name) override {
    if (!IsSheetNs(ns)) return;
    if (name == "c" && in_cell_) {
      FinishCell();
      in_cell_ = in_value_ = in_inline_ = in_text_ = false;
      phonetic_depth_ = 0;
    } else if (in_cell_) {
      if (name == "v") in_value_ = false;
      else if (name == "is") in_inline_ = false;
      else if (name == "t") in_text_ = false;
      else if (name == "rPh") --phonetic_depth_;
    } else if (name == "sheetData") {
      in_sheet_data_ = false;
    }
  }

  void Text(std::string_view text) override {
    if (in_cell_ && (in_value_ || (in_text_ && phonetic_depth_ == 0))) {
      AppendCapped(value_, text, context_.limits.max_cell_bytes, cut_);
    }
  }

  // Sorts the cells, applies the merged ranges and says what was left out. Fails with kResourceLimit
  // when the copies of merged labels pass a limit.
  Status Finish() {
    auto position = [](const SheetCell& a, const SheetCell& b) {
      return std::tie(a.row, a.column) < std::tie(b.row, b.column);
    };
    std::stable_sort(sheet_.cells.begin(), sheet_.cells.end(), position);
    sheet_.cells.erase(std::unique(sheet_.cells.begin(), sheet_.cells.end(),
                                   [](const SheetCell& a, const SheetCell& b) { return a.row == b.row && a.column == b.column; }),
                       sheet_.cells.end());
    std::sort(hidden_rows_.begin(), hidden_rows_.end());
    hidden_rows_.erase(std::unique(hidden_rows_.begin(), hidden_rows_.end()), hidden_rows_.end());
    if (!merges_.empty()) {
      Status status = ApplyMerges();
      if (!status.ok()) return status;
    }
    std::vector<std::string> parts;
    if (hidden_rows_with_text_ > 0) {
      parts.push_back(std::to_string(hidden_rows_with_text_) + " hidden row" + (hidden_rows_with_text_ > 1 ? "s" : ""));
    }
    if (hidden_columns_with_text_ > 0) {
      parts.push_back(std::to_string(hidden_columns_with_text_) + " hidden column" +
                      (hidden_columns_with_text_ > 1 ? "s" : ""));
    }
    if (!parts.empty()) {
      warnings_.push_back("sheet " + Quoted(sheet_.name) + ": " + parts[0] + (parts.size() > 1 ? " and " + parts[1] : "") +
                          " left out");
    }
    return Status::Ok();
  }

 private:
  void Damaged(std::string message) { stop = Status::Error(ErrorKind::kDamaged, std::move(message) + " in " + std::string(part_)); }

  void AddColumns(const std::vector<XmlAttribute>& attributes) {
    if (in_sheet_data_ || !IsTrue(AttributeValue(attributes, "", "hidden"))) return;
    const std::optional<long long> min = ParseCount(AttributeValue(attributes, "", "min"));
    const std::optional<long long> max = ParseCount(AttributeValue(attributes, "", "max"));
    // Column widths are looks, not content: a malformed range is skipped, one past XFD clamped.
    if (!min || !max || *min < 1 || *min > *max || *min > kMaxColumns) return;
    column_range_edges_[static_cast<size_t>(*min)] += 1;
    if (*max < kMaxColumns) column_range_edges_[static_cast<size_t>(*max + 1)] -= 1;
  }

  void StartRow(const std::vector<XmlAttribute>& attributes) {
    const std::string_view r = AttributeValue(attributes, "", "r");
    if (r.empty()) {
      ++row_;
    } else {
      const std::optional<long long> number = ParseCount(r);
      if (!number || *number < 1 || *number > kMaxRows) return Damaged("malformed row number " + Quoted(r));
      row_ = static_cast<int>(*number);
    }
    if (row_ > kMaxRows) return Damaged("row past 1048576");
    column_ = 0;
    row_hidden_ = IsTrue(AttributeValue(attributes, "", "hidden"));
    row_counted_ = false;
    if (row_hidden_) hidden_rows_.push_back(row_);
  }

  void StartCell(const std::vector<XmlAttribute>& attributes) {
    const std::string_view r = AttributeValue(attributes, "", "r");
    if (r.empty()) {
      cell_row_ = std::max(row_, 1);
      cell_column_ = column_ + 1;
      if (cell_column_ > kMaxColumns) return Damaged("cell past column XFD");
    } else if (!ParseCellReference(r, cell_row_, cell_column_)) {
      return Damaged("malformed cell reference " + Quoted(r));
    }
    column_ = cell_column_;
    in_cell_ = true;
    cut_ = false;
    value_.clear();
    type_ = AttributeValue(attributes, "", "t");
    style_ = ParseCount(AttributeValue(attributes, "", "s")).value_or(0);
  }

  // The text Excel shows for the cell just read.
  std::string CellText() {
    if (type_ == "s") {
      const std::optional<long long> index = ParseCount(value_);
      if (!index || *index >= static_cast<long long>(context_.strings.size())) {
        Damaged("shared string index " + Quoted(value_) + " out of range");
        return "";
      }
      return std::string(context_.strings.at(static_cast<size_t>(*index)));
    }
    if (type_ == "inlineStr" || type_ == "str") return CleanText(value_);
    if (type_ == "e") return value_;
    if (type_ == "b") return value_ == "1" || value_ == "true" ? "TRUE" : value_ == "0" || value_ == "false" ? "FALSE" : value_;
    const NumberFormat& format = context_.styles.FormatOf(style_);
    if (type_ == "d") {
      const std::optional<double> serial = IsoDateSerial(value_, context_.date1904);
      if (!serial) return value_;
      if (format.IsDate()) return FormatValue(format, *serial, context_.date1904);
      static const NumberFormat kDate = CompileFormat("yyyy/m/d");
      static const NumberFormat kDateTime = CompileFormat("yyyy/m/d h:mm:ss");
      return FormatValue(*serial == std::floor(*serial) ? kDate : kDateTime, *serial, context_.date1904);
    }
    if (value_.empty()) return "";
    char* end = nullptr;
    const double number = std::strtod(value_.c_str(), &end);
    if (end != value_.c_str() + value_.size() || !std::isfinite(number)) return value_;
    return FormatValue(format, number, context_.date1904);
  }

  void FinishCell() {
    std::string text = CellText();
    if (!stop.ok() || text.empty()) return;
    if (cut_ || static_cast<long long>(text.size()) > context_.limits.max_cell_bytes) {
      if (static_cast<long long>(text.size()) > context_.limits.max_cell_bytes) {
        text.resize(static_cast<size_t>(context_.limits.max_cell_bytes));
      }
      DropPartialCharacter(text);
      warnings_.push_back("sheet " + Quoted(sheet_.name) + ": cell " + CellName(cell_row_, cell_column_) + " cut to " +
                          SizeText(context_.limits.max_cell_bytes) + " of text");
    }
    if (row_hidden_ && cell_row_ == row_) {
      if (!row_counted_) ++hidden_rows_with_text_;
      row_counted_ = true;
      return;
    }
    if (column_hidden_[static_cast<size_t>(cell_column_)]) {
      if (!column_counted_[static_cast<size_t>(cell_column_)]) ++hidden_columns_with_text_;
      column_counted_[static_cast<size_t>(cell_column_)] = true;
      return;
    }
    Status status = budget_.AddCell(text.size());
    if (!status.ok()) {
      stop = std::move(status);
      return;
    }
    SheetCell cell;
    cell.row = cell_row_;
    cell.column = cell_column_;
    cell.text = std::move(text);
    sheet_.cells.push_back(std::move(cell));
  }

  void AddMerge(std::string_view reference) {
    Range range;
    if (!ParseRange(reference, range)) return Damaged("malformed merged range " + Quoted(reference));
    if (static_cast<long long>(merges_.size()) >= context_.limits.max_cells) {
      stop = Status::Error(ErrorKind::kResourceLimit, "sheet " + Quoted(sheet_.name) + " has more than " +
                                                          std::to_string(context_.limits.max_cells) + " merged ranges");
      return;
    }
    if (range.first_row != range.last_row || range.first_column != range.last_column) merges_.push_back(range);
  }

  // The first row after `row` that is not hidden.
  int NextShownRow(int row) const {
    ++row;
    auto at = std::lower_bound(hidden_rows_.begin(), hidden_rows_.end(), row);
    while (at != hidden_rows_.end() && *at == row) {
      ++row;
      ++at;
    }
    return row;
  }

  // Gives each merged range's value to the whole range: the top-left cell gets the span, the first
  // column of each further row a copy of its text; other cells inside a range (Excel shows none of
  // them) are dropped. One pass over the cells in row order, with the ranges that cover the
  // current row kept by first column (merged ranges do not overlap).
  Status ApplyMerges() {
    std::sort(merges_.begin(), merges_.end(), [](const Range& a, const Range& b) { return a.first_row < b.first_row; });
    std::map<int, Range> active;  // first column -> range covering the current row
    using Expiry = std::pair<int, int>;  // last row, first column
    std::priority_queue<Expiry, std::vector<Expiry>, std::greater<Expiry>> expiry;
    size_t next = 0;
    std::vector<SheetCell> kept;
    kept.reserve(sheet_.cells.size());
    std::vector<SheetCell> copies;
    for (SheetCell& cell : sheet_.cells) {
      for (; next < merges_.size() && merges_[next].first_row <= cell.row; ++next) {
        active[merges_[next].first_column] = merges_[next];
        expiry.push({merges_[next].last_row, merges_[next].first_column});
      }
      while (!expiry.empty() && expiry.top().first < cell.row) {
        const auto found = active.find(expiry.top().second);
        if (found != active.end() && found->second.last_row == expiry.top().first) active.erase(found);
        expiry.pop();
      }
      auto covering = active.upper_bound(cell.column);
      const Range* range = nullptr;
      if (covering != active.begin()) {
        --covering;
        const Range& candidate = covering->second;
        if (cell.column <= candidate.last_column && cell.row >= candidate.first_row && cell.row <= candidate.last_row) {
          range = &candidate;
        }
      }
      if (!range) {
        kept.push_back(std::move(cell));
        continue;
      }
      if (cell.row != range->first_row || cell.column != range->first_column) continue;  // hidden by the merge
      cell.column_span = 1 + (range->last_column - range->first_column) -
                         (hidden_below_[static_cast<size_t>(range->last_column)] -
                          hidden_below_[static_cast<size_t>(range->first_column)]);
      for (int row = NextShownRow(range->first_row); row <= range->last_row; row = NextShownRow(row)) {
        Status status = budget_.AddCell(cell.text.size());
        if (!status.ok()) return status;
        SheetCell copy;
        copy.row = row;
        copy.column = range->first_column;
        copy.text = cell.text;
        copy.merged_copy = true;
        copies.push_back(std::move(copy));
        ++cell.row_span;
      }
      kept.push_back(std::move(cell));
    }
    if (!copies.empty()) {
      for (SheetCell& copy : copies) kept.push_back(std::move(copy));
      std::sort(kept.begin(), kept.end(), [](const SheetCell& a, const SheetCell& b) {
        return std::tie(a.row, a.column, a.merged_copy) < std::tie(b.row, b.column, b.merged_copy);
      });
      // A copy lands on a cell the merge hides: that cell was dropped above, so the copy is the one.
      kept.erase(std::unique(kept.begin(), kept.end(),
                             [](const SheetCell& a, const SheetCell& b) { return a.row == b.row && a.column == b.column; }),
                 kept.end());
    }
    sheet_.cells = std::move(kept);
    return Status::Ok();
  }

  const WorkbookContext& context_;
  std::string_view part_;
  Sheet& sheet_;
  Budget& budget_;
  std::vector<std::string>& warnings_;

  bool in_sheet_data_ = false, in_cell_ = false, in_value_ = false, in_inline_ = false, in_text_ = false;
  int phonetic_depth_ = 0;
  int row_ = 0, column_ = 0;  // the current row, the last cell's column in it
  bool row_hidden_ = false, row_counted_ = false;
  int cell_row_ = 0, cell_column_ = 0;
  std::string type_;  // t of <c>: "s", "inlineStr", "str", "b", "e", "d", or "n" / none
  long long style_ = 0;
  std::string value_;
  bool cut_ = false;

  // Hidden columns: the <col hidden> ranges as a difference array (+1 at min, -1 after max: a range
  // costs O(1) however wide), turned at <sheetData> into a flag per column and the number of hidden
  // columns at or left of each column (so a merged range's shown width is one subtraction).
  std::vector<int> column_range_edges_ = std::vector<int>(kMaxColumns + 2, 0);
  std::vector<int> hidden_below_ = std::vector<int>(kMaxColumns + 2, 0);
  std::vector<bool> column_hidden_ = std::vector<bool>(kMaxColumns + 2, false);
  std::vector<bool> column_counted_ = std::vector<bool>(kMaxColumns + 2, false);
  std::vector<int> hidden_rows_;
  long long hidden_rows_with_text_ = 0, hidden_columns_with_text_ = 0;
  std::vector<Range> merges_;
};

// The main part named by the package's relationships (_rels/.rels), else xl/workbook.xml.
Result<std::string> FindWorkbookPart(ZipArchive& zip) {
  const std::string fallback = "xl/workbook.xml";
  if (!zip.Has("_rels/.rels")) return fallback;
  Result<std::string> xml = zip.Read("_rels/.rels");
  if (!xml.ok()) return xml.status();
  RelationshipsReader reader([](std::string_view, std::string_view type) { return TypeName(type) == "officeDocument"; });
  Status status = ParseXml(*xml, "_rels/.rels", reader);
  if (!status.ok()) return status;
  if (reader.relationships.empty()) return fallback;
  return ResolvePartTarget("", reader.relationships[0].target);
}

// Reads an optional part (shared strings, styles) with handler; an absent part is no error.
Status ReadOptionalPart(ZipArchive& zip, const std::string& part, XmlHandler& handler) {
  if (part.empty() || !zip.Has(part)) return Status::Ok();
  Result<std::string> xml = zip.Read(part);
  if (!xml.ok()) return xml.status();
  return ParseXml(*xml, part, handler);
}

Result<Workbook> ReadWorkbookOrThrow(std::string_view bytes, const XlsxLimits& limits) {
  Result<std::unique_ptr<ZipArchive>> opened = ZipArchive::Open(bytes, limits.zip);
  if (!opened.ok()) return opened.status();
  ZipArchive& zip = **opened;
  Result<std::string> workbook_part = FindWorkbookPart(zip);
  if (!workbook_part.ok()) return workbook_part.status();
  WorkbookReader workbook_reader(limits);
  {
    Result<std::string> xml = zip.Read(*workbook_part);
    if (!xml.ok()) return xml.status();
    Status status = ParseXml(*xml, *workbook_part, workbook_reader);
    if (!status.ok()) return status;
  }
  if (!workbook_reader.is_workbook) {
    return Result<Workbook>::Error(ErrorKind::kDamaged, *workbook_part + " is not a spreadsheet workbook");
  }
  Workbook workbook;
  workbook.warnings = std::move(workbook_reader.warnings);
  if (workbook_reader.hidden_count > kMaxHiddenSheetWarnings) {
    workbook.warnings.push_back("and " + std::to_string(workbook_reader.hidden_count - kMaxHiddenSheetWarnings) +
                                " more hidden sheets left out");
  }
  if (workbook_reader.visible.empty()) return workbook;

  // Which part is each sheet, and where are the shared strings and the styles.
  const std::string relationships_part = RelationshipsPartOf(*workbook_part);
  std::unordered_set<std::string> wanted;
  for (const SheetEntry& entry : workbook_reader.visible) wanted.insert(entry.relationship_id);
  std::unordered_map<std::string, std::string> sheet_parts;
  std::string strings_part, styles_part;
  {
    Result<std::string> xml = zip.Read(relationships_part);
    if (!xml.ok()) return xml.status();
    RelationshipsReader reader([&](std::string_view id, std::string_view type) {
      return wanted.contains(std::string(id)) || TypeName(type) == "sharedStrings" || TypeName(type) == "styles";
    });
    Status status = ParseXml(*xml, relationships_part, reader);
    if (!status.ok()) return status;
    const std::string folder = FolderOf(*workbook_part);
    for (const RelationshipsReader::Relationship& relationship : reader.relationships) {
      const std::string part = ResolvePartTarget(folder, relationship.target);
      if (TypeName(relationship.type) == "sharedStrings") strings_part = part;
      else if (TypeName(relationship.type) == "styles") styles_part = part;
      else sheet_parts[relationship.id] = part;
    }
  }
  if (strings_part.empty()) strings_part = "xl/sharedStrings.xml";
  if (styles_part.empty()) styles_part = "xl/styles.xml";

  SharedStrings strings;
  SharedStringsReader strings_reader(limits, strings, workbook.warnings);
  Status status = ReadOptionalPart(zip, strings_part, strings_reader);
  if (!status.ok()) return status;
  StylesReader styles_reader(limits);
  status = ReadOptionalPart(zip, styles_part, styles_reader);
  if (!status.ok()) return status;
  const Styles styles = CompileStyles(styles_reader);

  Budget budget(limits);
  const WorkbookContext context{limits, strings, styles, workbook_reader.date1904};
  for (const SheetEntry& entry : workbook_reader.visible) {
    const auto found = sheet_parts.find(entry.relationship_id);
    if (found == sheet_parts.end()) {
      return Result<Workbook>::Error(ErrorKind::kDamaged, "sheet " + Quoted(entry.name) + " has no part: relationship " +
                                                              Quoted(entry.relationship_id) + " missing from " +
                                                              relationships_part);
    }
    const std::string& part = found->second;
    Sheet sheet;
    sheet.name = entry.name;
    sheet.number = static_cast<int>(workbook.sheets.size()) + 1;
    SheetReader reader(context, part, sheet, budget, workbook.warnings);
    {
      Result<std::string> xml = zip.Read(part);
      if (!xml.ok()) return xml.status();
      status = ParseXml(*xml, part, reader);
      if (!status.ok()) return status;
    }
    status = reader.Finish();
    if (!status.ok()) return status;
    workbook.sheets.push_back(std::move(sheet));
  }
  return workbook;
}

// Writes a sheet's grid as a page: a line per row, the cells of the columns used anywhere in the
// sheet in their order, joined by tabs.
Page SheetPage(const Sheet& sheet) {
  Page page;
  page.number = sheet.number;
  page.name = sheet.name;
  std::vector<int> slot(kMaxColumns + 1, -1);  // column -> its place among the used columns
  for (const SheetCell& cell : sheet.cells) slot[static_cast<size_t>(cell.column)] = 0;
  int used = 0;
  for (int& place : slot) {
    if (place == 0) place = used++;
  }
  page.places.reserve(sheet.cells.size());
  for (size_t i = 0; i < sheet.cells.size();) {
    const int row = sheet.cells[i].row;
    if (!page.text.empty() || i > 0) page.text += '\n';
    int previous = -1;
    for (; i < sheet.cells.size() && sheet.cells[i].row == row; ++i) {
      const SheetCell& cell = sheet.cells[i];
      const int place = slot[static_cast<size_t>(cell.column)];
      page.text.append(static_cast<size_t>(previous < 0 ? place : place - previous), '\t');
      SourcePlace source;
      source.offset = page.text.size();
      source.cell = CellName(cell.row, cell.column);
      page.places.push_back(std::move(source));
      // One line per row: the cell's own lines joined as items (AppendCellPiece), other control
      // characters as spaces.
      std::string joined;
      for (size_t start = 0; start <= cell.text.size();) {
        size_t stop = cell.text.find('\n', start);
        if (stop == std::string::npos) stop = cell.text.size();
        AppendCellPiece(joined, std::string_view(cell.text).substr(start, stop - start));
        start = stop + 1;
      }
      for (char c : joined) page.text += static_cast<unsigned char>(c) < 0x20 ? ' ' : c;
      previous = place;
    }
  }
  return page;
}

template <typename T, typename Read>
Result<T> NeverThrow(Read read) {
  try {
    return read();
  } catch (const std::bad_alloc&) {
    return Result<T>::Error(ErrorKind::kResourceLimit, MemoryLimitMessage());
  } catch (const std::exception& error) {
    return Result<T>::Error(ErrorKind::kInternal, std::string("unexpected error while reading the workbook: ") + error.what());
  } catch (...) {
    return Result<T>::Error(ErrorKind::kInternal, "unexpected error while reading the workbook");
  }
}

}  // namespace

std::string CellName(int row, int column) {
  if (row < 1 || row > kMaxRows || column < 1 || column > kMaxColumns) return "";
  std::string name;
  for (int rest = column; rest > 0; rest = (rest - 1) / 26) name.insert(name.begin(), static_cast<char>('A' + (rest - 1) % 26));
  return name + std::to_string(row);
}

Result<Workbook> ReadXlsxWorkbook(std::string_view bytes, const XlsxLimits& limits) {
  return NeverThrow<Workbook>([&] { return ReadWorkbookOrThrow(bytes, limits); });
}

Result<OfficeText> ReadXlsx(std::string_view bytes, const XlsxLimits& limits) {
  return NeverThrow<OfficeText>([&]() -> Result<OfficeText> {
    Result<Workbook> workbook = ReadWorkbookOrThrow(bytes, limits);
    if (!workbook.ok()) return workbook.status();
    OfficeText text;
    text.pages.reserve(workbook->sheets.size());
    for (Sheet& sheet : workbook->sheets) {
      text.pages.push_back(SheetPage(sheet));
      sheet.cells = {};  // the grid's memory goes as its page is written
    }
    text.warnings = std::move(workbook->warnings);
    return text;
  });
}

}  // namespace kensa::text
