#include "rules/passage_view.h"

#include <algorithm>

#include "common/utf8.h"
#include "common/vocabulary.h"
#include "rules/gap_regex.h"
#include "values/value.h"

namespace kensa {
namespace {

RE2::Options QuietOptions() {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(64 << 20);
  return options;
}

PassageView::Cells SplitCells(const std::string& text) {
  PassageView::Cells cells;
  for (size_t begin = 0;;) {
    const size_t tab = text.find('\t', begin);
    cells.emplace_back(begin, tab == std::string::npos ? text.size() : tab);
    if (tab == std::string::npos) break;
    begin = tab + 1;
  }
  return cells;
}

std::string SectionOf(const Passage& passage) {
  std::string section;
  for (const std::string& heading : passage.section_path) {
    if (!section.empty()) section += " > ";
    section += heading;
  }
  return section;
}

}  // namespace

std::string QuotedAlternation(const std::vector<std::string>& words) {
  std::string alternation;
  for (const std::string& word : words) alternation += (alternation.empty() ? "" : "|") + RE2::QuoteMeta(word);
  return alternation;
}

void BlankOut(std::string& text, size_t begin, size_t end) {
  static constexpr std::string_view kBlanks[] = {"", " ", "\u00a0", "\u3000", "    "};
  for (size_t pos = begin; pos < end;) {
    const size_t start = pos;
    utf8::Next(text, pos);
    text.replace(start, pos - start, kBlanks[std::min<size_t>(pos - start, 4)]);
  }
}

std::string MaskInstructions(const std::string& text) {
  static const GapRegex kInstruction(
      R"([(（][^()（）]{0,80}?(?:)" + QuotedAlternation(SharedVocabulary().fill_in_words) + R"()[^()（）]{0,40}?[)）])",
      QuietOptions());
  std::string masked = text;
  re2::StringPiece match;
  for (size_t pos = 0; kInstruction.Match(text, pos, text.size(), RE2::UNANCHORED, &match, 1);) {
    const size_t at = match.data() - text.data();
    BlankOut(masked, at, at + match.size());
    pos = at + std::max<size_t>(match.size(), 1);
  }
  // A note in brackets that ends with a full stop, "(バックアップに含まれるものを含みます。)",
  // "(以下、「月間稼働率」といいます。)", does not end the sentence around it for the rules' gaps
  // either (the passages stage does not cut there). A full stop inside a longer bracket stays: it
  // may close a clause a negation ends with.
  static constexpr std::string_view kStopClose[] = {"。)", "。）"};
  for (std::string_view stop : kStopClose) {
    for (size_t at = masked.find(stop); at != std::string::npos; at = masked.find(stop, at + 1))
      BlankOut(masked, at, at + std::string_view("。").size());
  }
  return masked;
}

bool TokenBoundaries::At(size_t offset) {
  if (!computed_) {
    for (const Token& token : tokenizer_.Tokenize(text_)) {
      offsets_.insert(token.begin);
      offsets_.insert(token.end);
    }
    computed_ = true;
  }
  return offset == 0 || offset == text_.size() || offsets_.count(offset) > 0;
}

namespace {

// A table whose first row names its columns: the guideline's example column ("設定例") is no answer
// and is blanked; a column named as the answer ("回答") is where the answer begins.
void ReadColumns(PassageView& view, const ColumnWords& columns) {
  const std::vector<std::string>& names = view.passage.columns;
  if (names.empty() || view.cells.size() != names.size()) return;
  for (size_t k = 0; k < view.cells.size(); ++k) {
    if (columns.example && RE2::FullMatch(names[k], *columns.example))
      BlankOut(view.masked, view.cells[k].first, view.cells[k].second);
    if (columns.answer && RE2::FullMatch(names[k], *columns.answer)) {
      view.answer_begin = view.cells[k].first;  // the first column may be the answer ("回答 | 項目名 | 説明")
      view.answer_end = view.cells[k].second;
      // "はい" under 回答, what it is under 備考: the remarks right after go on answering.
      for (size_t j = k + 1; j < view.cells.size() && columns.remarks && RE2::FullMatch(names[j], *columns.remarks); ++j)
        view.answer_end = view.cells[j].second;
    }
  }
}

// For each cell of a row of a table that compares (its first row names three or more columns and
// the cells line up with them): the name of the cell's column when that column says whose value it
// is (a plan, a kind), not the item's (the first), an answer, example or plain column, and the cell
// holds a short value; else null. Empty for any other passage.
std::vector<const std::string*> ComparedColumns(const PassageView& view, const ColumnWords& columns) {
  const std::vector<std::string>& names = view.passage.columns;
  if (names.size() < 3 || view.cells.size() != names.size()) return {};
  std::vector<const std::string*> compared(view.cells.size(), nullptr);
  for (size_t k = 1; k < view.cells.size(); ++k) {
    const std::string& name = names[k];
    const auto [begin, end] = view.cells[k];
    if (name.empty() || utf8::Length(std::string_view(view.masked).substr(begin, end - begin)) > 30) continue;
    bool plain = false;
    for (const RE2* generic : {columns.answer.get(), columns.example.get(), columns.plain.get()})
      plain = plain || (generic && RE2::FullMatch(name, *generic));
    if (!plain) compared[k] = &name;
  }
  return compared;
}

// "はい。6時間です。": the full stop after a bare yes/no must not end the answer for the rules' gaps.
void BlankStopAfterBareAnswer(PassageView& view) {
  if (view.answer_begin == 0) return;
  static const RE2 kBareAnswer([] {
    std::vector<std::string> words;
    for (const AnswerWord& answer : SharedVocabulary().bare_answers) words.push_back(answer.word);
    return R"(^(?i:)" + QuotedAlternation(words) + R"()\s*(。))";
  }());
  re2::StringPiece stop;
  if (RE2::PartialMatch(re2::StringPiece(view.masked).substr(view.answer_begin), kBareAnswer, &stop)) {
    const size_t at = stop.data() - view.masked.data();
    BlankOut(view.masked, at, at + stop.size());
  }
}

// A row whose label is a question or a requirement ("…していますか", "…できること。"): the label
// cells up to the last one that asks (a mark column "◎" may stand between it and the answer).
void ReadQuestion(PassageView& view) {
  static const RE2 kQuestionEnd(R"((?:)" + QuotedAlternation(SharedVocabulary().question_label_endings) + R"()。?\s*$)");
  static const RE2 kAlternatives(R"(又は|または|もしくは|若しくは|いずれか|等|など)");
  const std::string& text = view.masked;
  for (size_t tab = text.find('\t'); tab != std::string::npos && tab < view.answer_begin; tab = text.find('\t', tab + 1)) {
    if (RE2::PartialMatch(re2::StringPiece(text.data(), tab), kQuestionEnd)) view.question_end = tab;
  }
  if (view.question_end == 0) return;
  view.question_affirmed = ParseBool(std::string_view(text).substr(view.question_end + 1)).value_or(false);
  view.question_offers_alternatives = RE2::PartialMatch(re2::StringPiece(text.data(), view.question_end), kAlternatives);
}

}  // namespace

PassageView::PassageView(const Passage& passage, std::string masked_text, const ColumnWords& columns,
                         const Tokenizer& tokenizer)
    : passage(passage), masked(std::move(masked_text)), section(SectionOf(passage)), boundaries(masked, tokenizer) {
  answer_end = masked.size();
  if (passage.kind == PassageKind::kTableRow) {
    if (size_t tab = masked.rfind('\t'); tab != std::string::npos) answer_begin = tab + 1;
    cells = SplitCells(masked);
    ReadColumns(*this, columns);
    compared = ComparedColumns(*this, columns);
  }
  BlankStopAfterBareAnswer(*this);
  ReadQuestion(*this);
}

const std::string* PassageView::ComparedAt(size_t offset) const {
  for (size_t k = 0; k < compared.size(); ++k)
    if (compared[k] && offset >= cells[k].first && offset <= cells[k].second) return compared[k];
  return nullptr;
}

}  // namespace kensa
