// Internal to the review stage: where a finding's evidence stands, on its page and in its quote.
//
// LocateQuote maps a quote back to the pieces of its page. A quote is normalized text (NFKC, words
// joined across lines, spaces between Japanese characters dropped) while a page comes as pieces of
// raw text (poppler's words for a PDF, lines for a text file), so each piece is normalized with the
// normalize stage's NormalizeString, white space is dropped on both sides, and the quote is looked
// for in the pieces joined. When it is not there whole (a quote that runs onto the next page, a
// number normalized only in context, a word poppler split), its longest pieces are placed instead:
// the longest one anchors the search, the others are taken only where the anchor puts them (give or
// take a few characters) or, in a table row (cells joined by tabs) and for runs of four characters
// or more, on the lines around it (cells the page holds in another order), and the result says how much of the quote was
// placed. A quote whose first 60% or more ends the page (a footer may follow) is a passage cut by
// the page break (continues). Less than 70% placed, or none of the value's stretches among what
// was placed, counts as not found: the reviewer is told, rather than shown a mark in the wrong place (common words
// scattered over the page, "バックアップ", "保管しています", are not gathered from afar into a frame).
//
// ValueMarks finds the value in the quote for <mark>: numbers, durations, hours and dates by reading
// stretches of the quote with the value parsers of the values stage and keeping the shortest that
// reads as the same value, with its unit ("10世代", "1〜2週間"); enum and set members and bool
// fields by the words that say them.
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

// Locates quote among the page's pieces (raw text, in reading order). Pieces placed in at least 70%
// of the quote are returned; otherwise none (found() is false).
// lines, when given, holds the line each piece stands on (any increasing numbering, one per piece):
// then runs of the quote found in another text order are taken when they stand on nearby lines.
// required holds byte ranges of quote (the value's stretches, from ValueMarks): a partial placement
// must include one of them whole, or it counts as not found.
QuoteLocation LocateQuote(std::string_view quote, const std::vector<std::string>& pieces,
                          const std::vector<double>& lines = {},
                          const std::vector<std::pair<size_t, size_t>>& required = {});

// Numbers the lines of a PDF page from the top, for LocateQuote: boxes whose middles lie within
// half a box height of the first box of a line share its number (columns side by side share their
// lines).
std::vector<double> LineNumbers(const std::vector<TextBox>& boxes);

// Returns the byte ranges [begin, end) of quote that state value (of the field's type), ascending and
// not overlapping; empty when no stretch of the quote can be told to say it.
std::vector<std::pair<size_t, size_t>> ValueMarks(std::string_view quote, const Value& value, const FieldSpec& field);

}  // namespace kensa::review
