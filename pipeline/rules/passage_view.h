// What every rule reads of one passage, worked out once before the rules run: the text with a
// checklist's fill-in instructions and example column blanked, the section path as one string, and
// for a table row its cells, the answer cell, the columns that compare plans, and whether its label
// asks a question and is answered yes. Internal to the rules stage (rule_set.cc, rule_match.cc).
#pragma once

#include <re2/re2.h>

#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "passages/passage_splitter.h"
#include "tokens/tokenizer.h"

namespace kensa {

// The words as one regex alternation, each quoted ("有り|無し"), in their order (RE2 prefers the
// first that matches): how the rules stage reads a list of dictionaries/vocabulary.toml.
std::string QuotedAlternation(const std::vector<std::string>& words);

// Replaces [begin, end) of text by blanks: one blank code point of the same byte length per code
// point, so that byte offsets and the character counts of patterns' gaps ([^。]{0,60}) stay.
void BlankOut(std::string& text, size_t begin, size_t end);

// Blanks a checklist's fill-in instructions, "(1ヵ月前、3ヵ月前…等の単位で記述)", "(例：…)", so
// their sample values are not read as answers; a full stop closing a bracketed note does not end
// the sentence around it.
std::string MaskInstructions(const std::string& text);

// The column names a table's first row may give that say how to read a column (the [define]s
// EXAMPLE_COLUMN, ANSWER_COLUMN, PLAIN_COLUMN and REMARKS_COLUMN of patterns/common.toml); each may be null.
struct ColumnWords {
  std::unique_ptr<RE2> example, answer, plain, remarks;
};

// Each ColumnWords regex with the name of the [define] that holds it.
struct ColumnWordDefine {
  const char* name;
  std::unique_ptr<RE2> ColumnWords::*words;
};
inline constexpr ColumnWordDefine kColumnWordDefines[] = {
    {"EXAMPLE_COLUMN", &ColumnWords::example},
    {"ANSWER_COLUMN", &ColumnWords::answer},
    {"PLAIN_COLUMN", &ColumnWords::plain},
    {"REMARKS_COLUMN", &ColumnWords::remarks},
};

// The byte offsets where MeCab's tokens of a passage begin or end, computed on first use.
class TokenBoundaries {
 public:
  TokenBoundaries(const std::string& text, const Tokenizer& tokenizer) : text_(text), tokenizer_(tokenizer) {}
  bool At(size_t offset);

 private:
  const std::string& text_;
  const Tokenizer& tokenizer_;
  bool computed_ = false;
  std::set<size_t> offsets_;
};

struct PassageView {
  using Cells = std::vector<std::pair<size_t, size_t>>;  // a table row's cells, [begin, end)

  // `masked`: the passage's text after MaskInstructions (what the screen already read).
  PassageView(const Passage& passage, std::string masked, const ColumnWords& columns, const Tokenizer& tokenizer);
  PassageView(const PassageView&) = delete;
  PassageView& operator=(const PassageView&) = delete;

  // The compared column (a plan, a kind) whose cell holds this offset, or null.
  const std::string* ComparedAt(size_t offset) const;

  const Passage& passage;
  std::string masked;   // what the rules match
  std::string section;  // the section path, "A > B"
  // In a table row the last cell (or the column named as the answer) answers the label cells.
  size_t answer_begin = 0, answer_end = 0;
  Cells cells;                               // a table row's cells; empty for other passages
  std::vector<const std::string*> compared;  // per cell, its column's name where the row compares
  // A row whose label asks ("…していますか", "…できること。"): where the last asking cell ends (0:
  // none), whether the first cell after it says yes, and whether it offers alternatives
  // ("ISMS又はPマークを取得していること": a yes to it says not which).
  size_t question_end = 0;
  bool question_affirmed = false;
  bool question_offers_alternatives = false;
  TokenBoundaries boundaries;
};

}  // namespace kensa
