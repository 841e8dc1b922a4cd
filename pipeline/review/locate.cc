#include "review/locate.h"

#include <algorithm>
#include <array>
#include <climits>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <span>
#include <string>

#include "common/utf8.h"
#include "common/vocabulary.h"
#include "normalize/normalizer.h"

namespace kensa::review {
namespace {

// A piece of the quote shorter than this (in characters) is too common to place on its own.
constexpr size_t kMinPieceChars = 3;
// Placed pieces must lie where the anchor says they belong in the text, give or take this many
// bytes plus a twentieth of the quote: what the passages stage dropped ("A2:") or poppler's words
// split differently shifts a piece a little; more, and common words ("RPO", "15分" of a change
// log) would be gathered into a frame around the wrong sentence.
constexpr size_t kDriftBytes = 8;
// Table cells and columns side by side come in another order on the page than in the passage: a
// run of at least kMinFarRunChars characters may also stand within kLineWindow lines (plus one
// per kCharsPerLine characters of the quote) of the anchor's lines.
constexpr size_t kMinFarRunChars = 4;
constexpr double kLineWindow = 1;
constexpr double kCharsPerLine = 60;
// A passage cut by the page break shows at least this much of itself (bytes, and 60%) on the page.
constexpr size_t kMinContinuedBytes = 36;
// What may follow a passage at the foot of a page (a page number, a running footer), in bytes.
constexpr size_t kFooterBytes = 120;
// Less than this share of the quote placed counts as not found.
constexpr double kMinPlaced = 0.7;
// Value stretches are at most this long (characters): "2024年10月1日", "10:00〜12:00".
constexpr size_t kMaxValueChars = 24;

bool IsSpace(char32_t cp) { return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == 0x3000; }

// Text without white space, and for each of its bytes where it came from (a piece of the page, or
// an offset in the quote).
struct Compact {
  std::string text;
  std::vector<uint32_t> origin;
};

// Appends text without its white space; the origin of the byte at offset b of text is origin_of(b).
template <class OriginOf>
void AppendCompact(std::string_view text, OriginOf origin_of, Compact& out) {
  for (size_t pos = 0; pos < text.size();) {
    const size_t start = pos;
    if (IsSpace(utf8::Next(text, pos))) continue;
    out.text.append(text.substr(start, pos - start));
    for (size_t b = start; b < pos; ++b) out.origin.push_back(origin_of(b));
  }
}

// Returns every start of needle in haystack, at most `limit` of them.
std::vector<size_t> Occurrences(std::string_view haystack, std::string_view needle, size_t limit = 64) {
  std::vector<size_t> found;
  for (size_t at = haystack.find(needle); at != std::string_view::npos && found.size() < limit;
       at = haystack.find(needle, at + 1)) {
    found.push_back(at);
  }
  return found;
}

// Returns the byte length of the first n characters of text (all of it when shorter).
size_t CharsToBytes(std::string_view text, size_t n) { return utf8::Prefix(text, n).size(); }

struct Piece {
  size_t quote_at = 0;  // byte offset in the compact quote
  size_t length = 0;    // bytes
  std::vector<size_t> at;  // where it occurs in the compact page
};

// Cuts the compact quote into the longest runs that occur somewhere on the compact page.
std::vector<Piece> Pieces(std::string_view quote, std::string_view page) {
  std::vector<Piece> pieces;
  for (size_t i = 0; i < quote.size();) {
    const size_t min_length = CharsToBytes(quote.substr(i), kMinPieceChars);
    if (min_length < std::min<size_t>(quote.size() - i, 3) || page.find(quote.substr(i, min_length)) == std::string_view::npos) {
      utf8::Next(quote, i);
      continue;
    }
    size_t length = min_length;
    while (i + length < quote.size()) {
      size_t next = i + length;
      utf8::Next(quote, next);
      if (page.find(quote.substr(i, next - i)) == std::string_view::npos) break;
      length = next - i;
    }
    pieces.push_back(Piece{i, length, Occurrences(page, quote.substr(i, length))});
    i += length;
  }
  return pieces;
}

// Returns the occurrence of piece nearest to where the anchor puts it, if within reach.
std::optional<size_t> NearestOccurrence(const Piece& piece, long long expected, long long reach) {
  std::optional<size_t> best;
  long long best_distance = reach + 1;
  for (size_t at : piece.at) {
    const long long distance = std::llabs(static_cast<long long>(at) - expected);
    if (distance < best_distance) best = at, best_distance = distance;
  }
  return best;
}

// Normalizes the page's pieces joined as the page's text has them, so that what normalizing reads
// across pieces (a kanji numeral and its counter in two words: "十" "世代"; vertical text, one
// glyph per word) reads as in the extraction, and keeps for each normalized byte its piece.
Compact NormalizedPage(const PageText& text) {
  Page joined;
  joined.number = 1;
  std::vector<uint32_t> piece_of;  // by raw byte
  for (uint32_t i = 0; i < text.pieces.size(); ++i) {
    if (i > 0) {
      joined.text += text.joiner;
      piece_of.insert(piece_of.end(), text.joiner.size(), i - 1);
    }
    joined.text += text.pieces[i];
    piece_of.insert(piece_of.end(), text.pieces[i].size(), i);
  }
  piece_of.push_back(text.pieces.empty() ? 0 : static_cast<uint32_t>(text.pieces.size() - 1));  // one past the end
  const NormalizedText normalized = Normalize({joined});
  Compact page;
  AppendCompact(
      normalized.text,
      [&](size_t b) { return piece_of[std::min<size_t>(normalized.raw_offset_of[b], piece_of.size() - 1)]; }, page);
  return page;
}

// Returns the length (bytes) of the longest start of quote that ends the page, or only a footer
// of at most kFooterBytes follows it; 0 when none does.
size_t StartAtPageEnd(std::string_view quote, std::string_view page) {
  size_t best = 0;
  for (size_t end = page.size(); end + kFooterBytes >= page.size() && end > best; --end) {
    for (size_t length = std::min(end, quote.size()); length > best; --length) {
      if (page.substr(end - length, length) == quote.substr(0, length)) {
        best = length;
        break;
      }
    }
  }
  return best;
}

// Where the runs of a quote are taken once its anchor stands somewhere on the page: where the
// anchor puts them in the text (give or take a little), or, for runs long enough to say something,
// on the lines around the anchor's (a table row whose cells come in another order).
struct Placer {
  const Compact& page;
  const std::vector<double>& lines;  // line of each page piece; empty: text order only
  const Piece& anchor;
  long long reach;     // bytes
  double line_window;  // lines

  std::optional<size_t> Place(const Piece& run, size_t anchor_at) const {
    const long long expected = static_cast<long long>(anchor_at) + static_cast<long long>(run.quote_at) -
                               static_cast<long long>(anchor.quote_at);
    if (std::optional<size_t> near = NearestOccurrence(run, expected, reach)) return near;
    if (lines.empty() || utf8::Length(page.text.substr(run.at.front(), run.length)) < kMinFarRunChars) return std::nullopt;
    const auto [low, high] = LineSpan(anchor_at, anchor.length);
    std::optional<size_t> best;
    double best_distance = line_window;
    for (size_t at : run.at) {
      const auto [top, bottom] = LineSpan(at, run.length);
      const double distance = std::max({0.0, top - high, low - bottom});
      if (distance <= best_distance) best = at, best_distance = distance;
    }
    return best;
  }

  // The first and last line a stretch of the compact page stands on.
  std::pair<double, double> LineSpan(size_t at, size_t length) const {
    double low = lines[page.origin[at]];
    double high = low;
    for (size_t b = at; b < at + length; ++b) {
      low = std::min(low, lines[page.origin[b]]);
      high = std::max(high, lines[page.origin[b]]);
    }
    return {low, high};
  }
};

// Adds the pieces a run of the compact page covers: every piece from its first to its last, also
// one whose text normalizing folded into a neighbour's ("十" of "二十六" -> "26").
void MarkPieces(const Compact& page, size_t at, size_t length, std::vector<size_t>& hit) {
  if (length == 0) return;
  const auto [first, last] = std::minmax_element(page.origin.begin() + at, page.origin.begin() + at + length);
  for (size_t piece = *first; piece <= *last; ++piece) hit.push_back(piece);
}

// Case-insensitive (ASCII) search for word in text from `from`.
size_t FindFolded(std::string_view text, std::string_view word, size_t from) {
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  for (size_t at = from; at + word.size() <= text.size(); ++at) {
    size_t k = 0;
    while (k < word.size() && lower(text[at + k]) == lower(word[k])) ++k;
    if (k == word.size()) return at;
  }
  return std::string_view::npos;
}

// The words of a bool answer, yes or no: the answers of dictionaries/vocabulary.toml read by "review".
const std::vector<std::string_view>& AnswerWords(bool yes) {
  static const auto* answers = [] {
    auto* answers = new std::array<std::vector<std::string_view>, 2>();
    for (const AnswerWord& answer : SharedVocabulary().review_answers) (*answers)[answer.yes].push_back(answer.word);
    return answers;
  }();
  return (*answers)[yes];
}

using Ranges = std::vector<std::pair<size_t, size_t>>;

// Adds every stretch of quote spelled by one of words (longer words first, no overlaps).
void MarkWords(std::string_view quote, std::span<const std::string_view> wanted, Ranges& marks) {
  std::vector<std::string_view> words(wanted.begin(), wanted.end());
  std::stable_sort(words.begin(), words.end(), [](auto a, auto b) { return a.size() > b.size(); });
  for (std::string_view word : words) {
    for (size_t at = FindFolded(quote, word, 0); at != std::string_view::npos; at = FindFolded(quote, word, at + word.size())) {
      const bool overlaps = std::any_of(marks.begin(), marks.end(), [&](const auto& m) {
        return at < m.second && m.first < at + word.size();
      });
      // An ASCII word inside a longer ASCII word ("IP" in "SHIP") says nothing.
      auto alnum = [](char c) { return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'); };
      const bool inside = alnum(word.front()) && ((at > 0 && alnum(quote[at - 1])) ||
                                                  (at + word.size() < quote.size() && alnum(quote[at + word.size()])));
      if (!overlaps && !inside) marks.emplace_back(at, at + word.size());
    }
  }
}

// True when text reads as value for the field's type (any window, for hours).
bool ReadsAs(std::string_view text, const Value& value, ValueType type) {
  if (type == ValueType::kHours) {
    for (const Hours& window : ParseHours(text)) {
      if (Equivalent(Value(window), value)) return true;
    }
    return false;
  }
  std::optional<Value> parsed = ParseValue(type, text);
  return parsed && Equivalent(*parsed, value);
}

// Adds the shortest stretches of quote that the field's parser reads as value.
void MarkParsed(std::string_view quote, const Value& value, ValueType type, Ranges& marks) {
  std::vector<size_t> starts;  // code point boundaries
  for (size_t pos = 0; pos < quote.size(); utf8::Next(quote, pos)) starts.push_back(pos);
  starts.push_back(quote.size());
  for (size_t s = 0; s + 1 < starts.size();) {
    size_t found_end = 0;
    for (size_t e = s + 1; e < starts.size() && e - s <= kMaxValueChars; ++e) {
      if (ReadsAs(quote.substr(starts[s], starts[e] - starts[s]), value, type)) {
        found_end = e;
        break;
      }
    }
    if (!found_end) {
      ++s;
      continue;
    }
    // The parser may skip words around the value ("目標は2時間"): drop them from the left.
    size_t begin = s;
    while (begin + 1 < found_end &&
           ReadsAs(quote.substr(starts[begin + 1], starts[found_end] - starts[begin + 1]), value, type)) {
      ++begin;
    }
    // Part of a longer number ("2時間" inside "12時間", "99.9" inside "99.95") is another value.
    auto numeric = [&](size_t byte) { return (quote[byte] >= '0' && quote[byte] <= '9') || quote[byte] == '.'; };
    const bool cut_number = (starts[begin] > 0 && numeric(starts[begin] - 1) && numeric(starts[begin])) ||
                            (starts[found_end] < quote.size() && numeric(starts[found_end]) &&
                             numeric(starts[found_end] - 1));
    if (cut_number) {
      ++s;
      continue;
    }
    // A parser may read the number alone ("10" of "10世代") or half a unit ("1〜2週" of "1〜2週間"):
    // the unit's characters that follow belong to the mark as long as it still reads the same.
    // The characters of the counters of dictionaries/vocabulary.toml read by "review".
    static const std::u32string kUnitChars = [] {
      std::u32string chars;
      for (const std::string& word : SharedVocabulary().review_counters) chars += utf8::Decode(word);
      return chars;
    }();
    size_t run = found_end;  // the unit characters that follow
    while (run + 1 < starts.size() && run - found_end < 4) {
      size_t pos = starts[run];
      if (kUnitChars.find(utf8::Next(quote, pos)) == std::u32string_view::npos) break;
      ++run;
    }
    size_t end = run;
    while (end > found_end && !ReadsAs(quote.substr(starts[begin], starts[end] - starts[begin]), value, type)) --end;
    marks.emplace_back(starts[begin], starts[end]);
    s = end;
  }
}

}  // namespace

// Numbers the lines of a page from the top: boxes whose middles lie within half a box height of
// the first box of a line share its number (columns side by side share their lines).
std::vector<double> LineNumbers(const std::vector<TextBox>& boxes) {
  std::vector<size_t> order(boxes.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  auto middle = [&](size_t i) { return boxes[i].y + boxes[i].height / 2; };
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return middle(a) < middle(b); });
  std::vector<double> lines(boxes.size());
  double line = -1;
  double line_middle = 0;
  for (size_t i : order) {
    if (line < 0 || middle(i) - line_middle > boxes[i].height / 2) {
      ++line;
      line_middle = middle(i);
    }
    lines[i] = line;
  }
  return lines;
}

QuoteLocation LocateQuote(std::string_view quote, const PageText& text,
                          const std::vector<std::pair<size_t, size_t>>& required) {
  const Compact page = NormalizedPage(text);
  const std::vector<double>& lines = text.lines;
  Compact wanted;
  const std::string normalized = NormalizeString(std::string(quote));
  AppendCompact(normalized, [](size_t b) { return static_cast<uint32_t>(b); }, wanted);
  QuoteLocation location;
  if (wanted.text.empty() || page.text.empty()) return location;

  std::vector<size_t> hit;
  if (std::vector<size_t> whole = Occurrences(page.text, wanted.text); !whole.empty()) {
    // The same passage twice on a page (a repeated heading, a table and its summary): both are it.
    for (size_t at : whole) MarkPieces(page, at, wanted.text.size(), hit);
    location.exact = true;
    location.placed = 1;
  } else if (size_t start = StartAtPageEnd(wanted.text, page.text); start >= kMinContinuedBytes && start * 10 >= wanted.text.size() * 6) {
    // A passage cut by the page break: its start ends this page, the rest is on the next.
    MarkPieces(page, page.text.rfind(wanted.text.substr(0, start)), start, hit);
    location.continues = true;
    location.placed = static_cast<double>(start) / static_cast<double>(wanted.text.size());
  } else {
    std::vector<Piece> runs = Pieces(wanted.text, page.text);
    if (runs.empty()) return location;
    // The longest run anchors; among its occurrences, the one the most other runs stand near.
    const Piece& anchor = *std::max_element(runs.begin(), runs.end(),
                                            [](const Piece& a, const Piece& b) { return a.length < b.length; });
    const Placer placer{page, lines, anchor, static_cast<long long>(kDriftBytes + wanted.text.size() / 20),
                        kLineWindow + static_cast<double>(utf8::Length(wanted.text)) / kCharsPerLine};
    size_t anchor_at = anchor.at.front();
    size_t best_support = 0;
    for (size_t at : anchor.at) {
      size_t support = 0;
      for (const Piece& run : runs) {
        if (placer.Place(run, at)) support += run.length;
      }
      if (support > best_support) best_support = support, anchor_at = at;
    }
    size_t placed = 0;
    std::vector<bool> quote_placed(quote.size() + 1, false);  // by byte of the quote
    for (const Piece& run : runs) {
      if (std::optional<size_t> at = placer.Place(run, anchor_at)) {
        MarkPieces(page, *at, run.length, hit);
        placed += run.length;
        for (size_t b = run.quote_at; b < run.quote_at + run.length; ++b) quote_placed[wanted.origin[b]] = true;
      }
    }
    location.placed = static_cast<double>(placed) / static_cast<double>(wanted.text.size());
    // One stretch of the value must be among what was placed: a frame around the words next to it
    // is no evidence. (The offsets are the quote's when normalizing changed nothing, as for every
    // extracted quote; otherwise the check is skipped.)
    bool value_placed = required.empty() || normalized != quote;
    for (auto [begin, end] : required) {
      bool whole = true;
      for (size_t b = begin; b < end && b < quote.size(); ++b) {
        const bool space = quote[b] == ' ' || quote[b] == '\t' || quote[b] == '\n';
        if (!space && !quote_placed[b]) whole = false;
      }
      value_placed = value_placed || whole;
    }
    if (location.placed < kMinPlaced || !value_placed) {
      location.placed = 0;
      return location;
    }
  }
  std::sort(hit.begin(), hit.end());
  hit.erase(std::unique(hit.begin(), hit.end()), hit.end());
  location.pieces = std::move(hit);
  return location;
}

std::vector<std::pair<size_t, size_t>> ValueMarks(std::string_view quote, const Value& value, const FieldSpec& field) {
  Ranges marks;
  switch (field.type) {
    case ValueType::kEnum:
    case ValueType::kSet:
      // The member's words of the catalogue (display hints: the rules in patterns/ decide what is
      // found, these what is marked in its quote), else its id.
      if (const auto* member = std::get_if<std::string>(&value)) {
        if (const MemberSpec* spec = FindMember(field, *member)) MarkWords(quote, spec->words, marks);
        if (marks.empty()) {
          const std::string_view id = *member;
          MarkWords(quote, {&id, 1}, marks);
        }
      }
      break;
    case ValueType::kBool:
      MarkWords(quote, field.words, marks);  // what the field is about ("暗号化", "SSO")
      // The answer word of a table row ("有り", "無し") where the quote has one after a tab.
      if (const auto* yes = std::get_if<bool>(&value)) {
        const auto& answers = AnswerWords(*yes);
        for (size_t tab = quote.find('\t'); tab != std::string_view::npos; tab = quote.find('\t', tab + 1)) {
          Ranges cell;
          MarkWords(quote.substr(tab + 1), answers, cell);
          for (auto [b, e] : cell) {
            if (b == 0) marks.emplace_back(tab + 1 + b, tab + 1 + e);  // the cell starts with the answer
          }
        }
      }
      break;
    default:
      MarkParsed(quote, value, field.type, marks);
      break;
  }
  std::sort(marks.begin(), marks.end());
  // Overlaps can only come from the answer cell and a word: keep the first.
  Ranges merged;
  for (const auto& m : marks) {
    if (merged.empty() || m.first >= merged.back().second) merged.push_back(m);
  }
  return merged;
}

}  // namespace kensa::review
