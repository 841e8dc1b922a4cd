// Internal to the review stage: where a finding's evidence stands, on its page and in its quote.
//
// LocateQuote maps a quote back to the pieces of its page. A quote is normalized text (NFKC, words
// joined across lines, spaces between Japanese characters dropped) while a page comes as pieces of
// raw text (poppler's words for a PDF, lines for a text file), so the pieces joined are normalized
// with the normalize stage (keeping which piece each normalized byte came from), white space is
// dropped on both sides, and the quote is looked for in the result. When it is not there whole (a
// "Q1:" the passages stage dropped, table cells or columns the page holds in another order), the
// longest runs of the quote found on the page are placed around the longest one: where it puts them
// in the text (give or take a few characters) or, for runs of four characters or more, on the lines
// around it; the result says how much of the quote was placed. A quote whose first 60% or more ends
// the page (a footer may follow) is a passage cut by the page break (continues). Less than 70%
// placed, or none of the value's stretches among what was placed, counts as not found: the reviewer
// is told, rather than shown a frame around common words ("RPO", "15分", "保管しています") that
// happen to stand near each other elsewhere on the page.
//
// ValueMarks finds the value in the quote for <mark>: numbers, durations, hours and dates by reading
// stretches of the quote with the value parsers of the values stage and keeping the shortest that
// reads as the same value, with its unit ("10世代", "1〜2週間"); enum and set members and bool
// fields by the words that say them (the field catalogue's, pipeline/fields/fields.toml).
// Thread-safe: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fields/field_catalogue.h"
#include "text/pdf_render.h"
#include "values/value.h"

namespace kensa::review {

struct QuoteLocation {
  std::vector<size_t> pieces;  // indices of the page pieces that hold the quote, ascending
  double placed = 0;           // share of the quote's characters placed, 0..1
  bool exact = false;          // the whole quote found as one run
  bool continues = false;      // its start ends the page; the rest (with the value) is on the next
  bool found() const { return !pieces.empty(); }
};

// A page as pieces of raw text in reading order: poppler's words (joiner "") or a text file's lines
// (joiner "\n"), with the line each stands on (any increasing numbering; empty: text order only).
struct PageText {
  std::vector<std::string> pieces;
  std::vector<double> lines;
  std::string joiner;
};

// Locates quote among the page's pieces; the pieces joined are normalized as the extraction
// normalized the page. Pieces placed in at least 70% of the quote are returned; otherwise none
// (found() is false). required holds byte ranges of quote (the value's stretches, from
// ValueMarks): a partial placement must include one of them whole, or it counts as not found.
QuoteLocation LocateQuote(std::string_view quote, const PageText& page,
                          const std::vector<std::pair<size_t, size_t>>& required = {});

// Numbers the lines of a PDF page from the top, for LocateQuote: boxes whose middles lie within
// half a box height of the first box of a line share its number (columns side by side share their
// lines).
std::vector<double> LineNumbers(const std::vector<TextBox>& boxes);

// Returns the byte ranges [begin, end) of quote that state value (of the field's type), ascending and
// not overlapping; empty when no stretch of the quote can be told to say it.
std::vector<std::pair<size_t, size_t>> ValueMarks(std::string_view quote, const Value& value, const FieldSpec& field);

}  // namespace kensa::review
