// The checklist vocabulary of dictionaries/vocabulary.toml: the answer words, question endings,
// fill-in instruction words, counters and units and era names that the stages look for themselves,
// as one list per reader. The file is the only home of these words; each stage builds what it needs
// (a u32 table, a set, a regex alternation) from these lists at its first use. What each list is for
// and which stage reads it is said in the file beside it.
//
// The file is compiled into the binary (kensa_embed_text); SharedVocabulary() parses it on first use.
// Thread-safe: SharedVocabulary() initializes once (a function-local static) and returns a const
// reference that lives until exit; ParseVocabulary is a pure function.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace kensa {

// A word that answers yes or no by itself.
struct AnswerWord {
  std::string word;
  bool yes = false;  // false: it says no
};

// A counter or unit word that states a length of time.
struct TimeUnitWord {
  std::string word;
  std::string unit;  // a TimeUnitName: "minute", "hour", "day", "business_day", "week", "month", "year"
};

// A Japanese era: 令和 (R) began in 2019.
struct Era {
  std::string name;    // "令和"
  std::string letter;  // "R": one upper-case ASCII letter
  int first_year = 0;  // the Gregorian year of the era's first year (元年)
};

// The words of dictionaries/vocabulary.toml, one list per reader (the file's `read_by` names), each in
// the file's order.
struct Vocabulary {
  // [answers]
  std::vector<AnswerWord> bool_answers;          // "bool": values ParseBool
  std::vector<AnswerWord> cell_answers;          // "cell": tokens, a cell that answers its label
  std::vector<std::string> negative_nouns;       // "negative_noun": tokens, a negative predicate noun
  std::vector<std::string> label_line_answers;   // "label_line": passages, yes, no and other answers
  std::vector<std::string> row_end_answers;      // "row_end": passages, a run-together row's answer
  std::vector<std::string> row_end_spaced_answers;  // "row_end_spaced": the same after a space or ")"
  std::vector<AnswerWord> bare_answers;          // "bare": rules, a bare yes/no before a full stop
  std::vector<AnswerWord> review_answers;        // "review": review marks in a bool finding's quote
  std::vector<AnswerWord> rule_answers;          // "rules": patterns/ as {{ANSWER_YES}}, {{ANSWER_NO}}
  // [questions]
  std::vector<std::string> question_sentence_endings;  // "sentence": passages, a sentence that asks
  std::vector<std::string> question_label_endings;     // "label": rules, a label cell that asks
  std::vector<std::string> fill_in_words;              // rules, a fill-in instruction in brackets
  std::vector<std::string> unit_column_words;          // passages, a column naming the row's unit
  // [counters]; every list keeps the file's order, where a word comes before the shorter words it
  // starts with.
  std::vector<TimeUnitWord> duration_units;  // "duration": values, Japanese and ASCII units
  std::vector<TimeUnitWord> period_units;    // "period": values, "年1回"
  std::vector<std::string> line_start_counters;  // "line_start": passages, a numbered line goes on
  std::vector<std::string> folding_counters;     // "folding": normalize, Japanese and ASCII
  std::vector<std::string> numeral_counters;     // "numeral": values, a kanji numeral is a number
  std::vector<std::string> review_counters;      // "review": review, the characters join a mark
  // [years]
  std::vector<Era> eras;
  std::vector<std::string> western_year_words;  // "西暦"
  std::vector<std::string> look_back_words;     // "過去", "直近" …

  // Returns the words after which a number is a calendar year: the eras' names, then the western
  // words ("令和", "平成", "昭和", "西暦").
  std::vector<std::string> YearWords() const;
};

// Parses the text of a vocabulary file (`name` only labels the messages). Fails with kConfig, naming
// the line, on a TOML syntax error, an unknown key or reader, a missing or empty word, a word listed
// twice in one table, an answer read by a yes/no reader that says neither, a time unit missing where
// duration or period reads the word (or unknown), a counter listed after a shorter word it starts
// with, a reader left with no word, or a malformed era.
Result<Vocabulary> ParseVocabulary(std::string_view toml, std::string_view name = "vocabulary.toml");

// Returns the vocabulary compiled into the binary from dictionaries/vocabulary.toml, parsed on the
// first call. A malformed file is a build error that common_test catches; should one still be
// compiled in, the first call prints the reason to stderr and aborts.
const Vocabulary& SharedVocabulary();

}  // namespace kensa
