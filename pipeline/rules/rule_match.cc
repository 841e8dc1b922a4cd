#include "rules/rule_match.h"

#include <algorithm>

#include "common/utf8.h"
#include "common/vocabulary.h"
#include "rules/rule_set.h"

namespace kensa {
namespace {

constexpr size_t kQuoteMaxChars = 200;
constexpr size_t kNotBeforeChars = 80;  // how far back not_before looks from a value

// Maps captured text onto an enum/set member: case, spaces and dots between letters ignored.
std::optional<std::string> CanonicalMember(const FieldSpec& field, std::string_view text) {
  auto fold = [](std::string_view s) {
    std::string out;
    for (char c : s) {
      if (c == ' ' || c == '\t' || c == '-' || c == '_') continue;
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
  };
  const std::string folded = fold(text);
  for (std::string_view member : field.members) {
    if (fold(member) == folded) return std::string(member);
  }
  return std::nullopt;
}

// Reads the values a rule's value text states (hours may give two windows); empty when none.
std::vector<Value> ReadValues(const FieldSpec& field, const std::string& captured) {
  std::vector<Value> values;
  if (field.type == ValueType::kHours) {
    for (Hours& h : ParseHours(captured)) values.push_back(std::move(h));
  } else if (field.type == ValueType::kEnum || field.type == ValueType::kSet) {
    if (auto member = CanonicalMember(field, captured)) values.push_back(*member);
  } else if (auto v = ParseValue(field.type, captured)) {
    values.push_back(std::move(*v));
  }
  return values;
}

std::string CutQuote(const std::string& text, size_t match_begin, size_t match_end) {
  if (utf8::Length(text) <= kQuoteMaxChars) return text;
  // Start up to 60 characters before the match, on a code point boundary.
  size_t start = 0;
  {
    std::vector<size_t> starts;
    for (size_t pos = 0; pos < match_begin;) {
      starts.push_back(pos);
      utf8::Next(text, pos);
    }
    if (starts.size() > 60) start = starts[starts.size() - 60];
  }
  std::string_view rest = std::string_view(text).substr(start);
  std::string_view quote = utf8::Prefix(rest, kQuoteMaxChars);
  if (start + quote.size() < match_end) quote = rest.substr(0, match_end - start);
  return std::string(quote);
}

// Returns true when a number read as a length of time is really a year or a look-back period:
// "令和6年度", "2024年度", "過去1年間の実績". Such a number states no duration or frequency; but
// "過去14日分を保持" (the past 14 days' worth) does.
bool IsQualifiedYear(const std::string& text, size_t value_begin, size_t value_end) {
  static const RE2 kEra(R"((?:)" + QuotedAlternation(SharedVocabulary().YearWords()) + R"()\s*$)");
  static const RE2 kLookBack(R"((?:)" + QuotedAlternation(SharedVocabulary().look_back_words) + R"()\s*$)");
  const std::string_view after = std::string_view(text).substr(value_end);
  if (after.substr(0, 3) == "度") return true;  // 年度
  std::string_view before = std::string_view(text).substr(0, value_begin);
  before = before.substr(before.size() - std::min<size_t>(before.size(), 12));
  return RE2::PartialMatch(before, kEra) || (RE2::PartialMatch(before, kLookBack) && after.substr(0, 3) != "分");
}

// Returns the suffix of text with at most n code points.
std::string_view LastChars(std::string_view text, size_t n) {
  size_t begin = text.size();
  for (size_t k = 0; k < n && begin > 0; ++k) {
    do --begin; while (begin > 0 && (static_cast<unsigned char>(text[begin]) & 0xC0) == 0x80);
  }
  return text.substr(begin);
}

bool IsAsciiAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// Reads a row of plan or edition marks after a label ("SAML SSO\t×\t×\t○"): true when any plan
// has it, false when none has; nullopt when the rest is not only marks.
std::optional<bool> MarksAnswer(std::string_view rest) {
  static constexpr std::u32string_view kYes = U"○◯〇●◎✓✔";
  static constexpr std::u32string_view kNo = U"×✕✗";
  // The marks must follow the label at once ("IP アドレス制限 ×(非対応)"); what comes after them
  // (a remark, the next fragment) does not matter.
  bool any = false, yes = false;
  for (size_t pos = 0; pos < rest.size();) {
    const char32_t cp = utf8::Next(rest, pos);
    if (cp == U' ' || cp == U'\t' || cp == U'/' || cp == 0x3000 || cp == 0xA0) continue;
    if (kYes.find(cp) != std::u32string_view::npos) {
      any = yes = true;
    } else if (kNo.find(cp) != std::u32string_view::npos) {
      any = true;
    } else {
      break;
    }
  }
  if (!any) return std::nullopt;
  return yes;
}

// Decides whether the statement a rule found at `anchor` is negated. A keyword in a table's label
// cell ("多要素認証の有無") is answered by the row's answer cell ("無し", "対応していません"); for a
// field that is not a bool the value stands where it is stated, negated only within its own cell.
bool Negated(const std::string& text, size_t anchor, size_t answer_begin, ValueType type, const Tokenizer& tokenizer) {
  if (anchor >= answer_begin) return tokenizer.IsNegated(text, anchor);
  if (type != ValueType::kBool) {
    // A cell before the answer that says it itself: "海外拠点への保管は行いません".
    const size_t tab = text.rfind('\t', anchor);
    const size_t cell_begin = tab == std::string::npos ? 0 : tab + 1;
    const std::string cell = text.substr(cell_begin, text.find('\t', anchor) - cell_begin);
    return tokenizer.IsNegated(cell, anchor - cell_begin);
  }
  const std::string answer = text.substr(answer_begin);
  if (auto yes = ParseBool(answer)) return !*yes;
  return tokenizer.IsNegated(answer, 0);
}

// Returns the condition nearest before a value: the last match of the rule's condition regex in
// [segment_begin, value_begin) ("単一障害で2時間、複合障害で24時間" gives each value its own), else
// the first match in the whole passage; its first group if it has one.
std::string ConditionFor(const GapRegex& condition, const std::string& text, size_t segment_begin, size_t value_begin) {
  const int n = std::min(2, condition.NumberOfCapturingGroups() + 1);
  re2::StringPiece groups[2];
  auto pick = [&]() {
    const re2::StringPiece& chosen = (n == 2 && groups[1].data()) ? groups[1] : groups[0];
    return std::string(chosen.data(), chosen.size());
  };
  std::string nearest;
  for (size_t pos = segment_begin;
       pos < value_begin && condition.Match(text, pos, value_begin, RE2::UNANCHORED, groups, n);) {
    nearest = pick();
    const size_t end = groups[0].data() - text.data() + groups[0].size();
    pos = end > pos ? end : pos + 1;
  }
  if (!nearest.empty()) return nearest;
  if (condition.Match(text, 0, text.size(), RE2::UNANCHORED, groups, n)) return pick();
  return std::string();
}

// A value's words when they name it without a number ("日次", "月次"); empty otherwise.
std::string NamingWords(std::string_view value_text) {
  const size_t chars = utf8::Length(value_text);
  if (chars < 2 || chars > 6) return "";
  if (std::any_of(value_text.begin(), value_text.end(), [](char c) { return (c >= '0' && c <= '9') || c == ' '; }))
    return "";
  return std::string(value_text);
}

// The two halves of one window split by a lunch break: the morning ends and the afternoon begins
// around noon.
bool IsLunchBreak(const std::vector<Value>& values) {
  if (values.size() != 2 || !std::holds_alternative<Hours>(values[0]) || !std::holds_alternative<Hours>(values[1]))
    return false;
  const Hours& morning = std::get<Hours>(values[0]);
  const Hours& afternoon = std::get<Hours>(values[1]);
  return !morning.always && !afternoon.always && morning.to <= afternoon.from && morning.to >= "11:00" &&
         morning.to <= "13:30" && afternoon.from >= "11:30" && afternoon.from <= "14:00";
}

bool IsQuantity(const Value& v) { return !std::holds_alternative<bool>(v) && !std::holds_alternative<std::string>(v); }

// One match of a rule's pattern, as byte offsets into the rule's text.
struct Match {
  size_t begin = 0, end = 0;              // the whole match
  size_t value_begin = 0, value_end = 0;  // the value group, or the whole match when none took part
  size_t anchor_begin = 0, anchor_end = 0;  // the anchor group, or the whole match
  bool has_value = false;
};

// The case a value is for, in the passage's words, and whether it is a compared column's name
// (which then is the condition itself).
struct CaseWords {
  std::string words;
  bool by_column = false;
};

// One rule's run over one passage. Each rule works on its own copy of the passage's text: a year it
// rejects as a value is blanked for its next try.
class RuleRun {
 public:
  RuleRun(const Rule& rule, const CompiledRule& c, PassageView& view, const CaseFinder* cases,
          const Tokenizer& tokenizer, std::vector<Finding>& findings)
      : rule_(rule), c_(c), view_(view), cases_(cases), tokenizer_(tokenizer), findings_(findings) {}

  void Run();

 private:
  bool Admits() const;
  Match ReadMatch(const std::vector<re2::StringPiece>& groups) const;
  bool VetoedAround(const Match& m) const;
  bool VetoedBefore(size_t value_begin) const;
  bool Stands(const Match& m);
  bool SetPolarity(const Match& m, std::vector<Value>& values) const;
  void EmitComparedRow(const Match& m);
  size_t EmitThenValues(const Match& m);
  CaseWords CaseOf(size_t value_begin, size_t value_end) const;
  void Emit(std::vector<Value> values, const std::string& condition, size_t quote_begin, size_t quote_end,
            size_t value_begin, size_t value_end);

  const Rule& rule_;
  const CompiledRule& c_;
  PassageView& view_;
  const CaseFinder* cases_;
  const Tokenizer& tokenizer_;
  std::vector<Finding>& findings_;
  std::string text_;
};

void RuleRun::Run() {
  if (!Admits()) return;
  text_ = view_.masked;
  const GapRegex& pattern = *c_.regex(kPattern);
  const int group_count = pattern.NumberOfCapturingGroups() + 1;
  std::vector<re2::StringPiece> groups(group_count);
  size_t pos = 0;
  while (pos <= text_.size() && pattern.Match(text_, pos, text_.size(), RE2::UNANCHORED, groups.data(), group_count)) {
    const Match m = ReadMatch(groups);
    pos = m.end;
    if (m.end == m.begin) utf8::Next(text_, pos);
    if (VetoedAround(m)) continue;
    std::vector<Value> values;
    if (c_.constant) {
      values.push_back(*c_.constant);
    } else if (m.has_value && (rule_.field->type == ValueType::kDuration || rule_.field->type == ValueType::kFrequency) &&
               IsQualifiedYear(text_, m.value_begin, m.value_end)) {
      // "平均復旧時間(過去1年間の実績) 90分": try the same match again without that year.
      BlankOut(text_, m.value_begin, m.value_end);
      pos = m.begin;
      continue;
    } else if (m.has_value) {
      values = ReadValues(*rule_.field, text_.substr(m.value_begin, m.value_end - m.value_begin));
    }
    if (values.empty() || !Stands(m) || !SetPolarity(m, values)) continue;
    Emit(std::move(values), c_.regex(kCondition) ? ConditionFor(*c_.regex(kCondition), text_, 0, m.value_begin) : "",
         m.begin, m.end, m.value_begin, m.value_end);
    if (m.has_value && rule_.field->type != ValueType::kBool && view_.ComparedAt(m.value_begin)) {
      EmitComparedRow(m);
      pos = text_.size() + 1;  // the row is read
    }
    pos = std::max(pos, EmitThenValues(m));
  }
}

// The passage is one the rule reads: a heading only for in_headings; context somewhere in the
// section, the lead or the passage; no veto.
bool RuleRun::Admits() const {
  const Passage& passage = view_.passage;
  if (passage.kind == PassageKind::kHeading && !c_.in_headings) return false;
  const GapRegex* context = c_.regex(kContext);
  if (context && !context->PartialMatch(view_.section) && !context->PartialMatch(passage.lead) &&
      !context->PartialMatch(view_.masked))
    return false;
  if (c_.regex(kNotSection) && c_.regex(kNotSection)->PartialMatch(view_.section)) return false;
  return !(c_.regex(kNot) && c_.regex(kNot)->PartialMatch(view_.masked));
}

// The first of these groups that took part in the match, or null.
const re2::StringPiece* FirstTaken(const std::vector<int>& indices, const std::vector<re2::StringPiece>& groups) {
  for (int index : indices)
    if (groups[index].data() != nullptr) return &groups[index];
  return nullptr;
}

Match RuleRun::ReadMatch(const std::vector<re2::StringPiece>& groups) const {
  Match m;
  m.begin = groups[0].data() - text_.data();
  m.end = m.begin + groups[0].size();
  const re2::StringPiece* value = FirstTaken(c_.value_groups, groups);
  m.has_value = value != nullptr;
  if (!value) value = &groups[0];
  m.value_begin = value->data() - text_.data();
  m.value_end = m.value_begin + value->size();
  const re2::StringPiece* anchor = FirstTaken(c_.anchor_groups, groups);
  if (!anchor) anchor = &groups[0];
  m.anchor_begin = anchor->data() - text_.data();
  m.anchor_end = m.anchor_begin + anchor->size();
  return m;
}

// not_before ends the text before a value: "実績は99.98%".
bool RuleRun::VetoedBefore(size_t value_begin) const {
  const GapRegex* not_before = c_.regex(kNotBefore);
  return not_before && not_before->PartialMatch(LastChars(std::string_view(text_.data(), value_begin), kNotBeforeChars));
}

// not_after right after the match; not_before before the value.
bool RuleRun::VetoedAround(const Match& m) const {
  if (c_.regex(kNotAfter) && c_.regex(kNotAfter)->Match(text_, m.end, text_.size(), RE2::ANCHOR_START, nullptr, 0))
    return true;
  return VetoedBefore(m.value_begin);
}

// Whether the match stands where it is: in the answer cell for in_answer (unless a question asks it
// and is answered yes), not inside a question's label, and a Latin keyword as a word of its own.
bool RuleRun::Stands(const Match& m) {
  // The label cell only names what a row asks about, unless it asks a question answered yes:
  // "ISMS認証を取得していますか? | はい" holds ISMS.
  const bool asked_and_affirmed = m.end <= view_.question_end && c_.constant && view_.question_affirmed &&
                                  !view_.question_offers_alternatives;
  if (c_.in_answer && (m.anchor_begin < view_.answer_begin || m.anchor_begin >= view_.answer_end) && !asked_and_affirmed)
    return false;
  // A value stated wholly in a question ("契約終了時に…消去すること" asks for deletion at
  // termination) is the question's, not the answer's; a fixed value the question names ("通信は
  // 暗号化されていますか") stands only when the first cell after it is a plain yes (はい, 有, ◎).
  // (A duration the question names, "契約終了時に消去すること", stays the question's.)
  if (view_.question_end > 0 && m.end <= view_.question_end && rule_.field->type != ValueType::kBool &&
      (!c_.constant || std::holds_alternative<Duration>(*c_.constant) || !view_.question_affirmed))
    return false;
  // A Latin keyword must stand as a word of its own ("DR" not inside "DRAM", "SSO" not inside
  // "ESSO"): where Latin letters or digits go on across its edge, MeCab's token boundaries
  // decide. A Japanese character next to it ends the Latin word ("IP制限", one dictionary word).
  if (m.anchor_end == m.anchor_begin) return true;
  const bool latin_before = m.anchor_begin > 0 && IsAsciiAlnum(text_[m.anchor_begin - 1]);
  const bool latin_after = m.anchor_end < text_.size() && IsAsciiAlnum(text_[m.anchor_end]);
  return !((IsAsciiAlnum(text_[m.anchor_begin]) && latin_before && !view_.boundaries.At(m.anchor_begin)) ||
           (IsAsciiAlnum(text_[m.anchor_end - 1]) && latin_after && !view_.boundaries.At(m.anchor_end)));
}

// A negatable rule's values against the marks after it (○/×) or a negation: a bool is flipped; any
// other negated value is dropped (returns false).
bool RuleRun::SetPolarity(const Match& m, std::vector<Value>& values) const {
  if (!c_.negatable) return true;
  const bool is_bool = rule_.field->type == ValueType::kBool;
  const std::optional<bool> marks = is_bool ? MarksAnswer(std::string_view(text_).substr(m.end)) : std::nullopt;
  if (marks) {
    if (!*marks) for (Value& v : values) v = !std::get<bool>(v);
  } else if (Negated(text_, m.anchor_begin, view_.answer_begin, rule_.field->type, tokenizer_)) {
    if (!is_bool) return false;
    for (Value& v : values) v = !std::get<bool>(v);
  }
  return true;
}

// A table that compares (a column per plan): the value's row gives one value in each later column,
// "操作ログの保存期間 | 3か月 | 1年 | 5年" (not a yes/no: × under one plan and ○ under another is a
// feature by plan, read as available).
void RuleRun::EmitComparedRow(const Match& m) {
  for (size_t k = 0; k < view_.cells.size(); ++k) {
    const auto [cell_begin, cell_end] = view_.cells[k];
    if (!view_.compared[k] || cell_begin <= m.value_begin) continue;
    std::vector<Value> further = ReadValues(*rule_.field, view_.masked.substr(cell_begin, cell_end - cell_begin));
    if (!further.empty()) Emit(std::move(further), "", cell_begin, cell_end, cell_begin, cell_end);
  }
}

// Further values of an enumeration in the same sentence ("…で2時間、…で12時間"); returns where the
// last one ends (the value's end when there is none).
size_t RuleRun::EmitThenValues(const Match& m) {
  size_t segment_begin = m.value_end;
  re2::StringPiece more[2];
  const GapRegex* then = c_.regex(kThen);
  while (then && m.has_value && then->Match(text_, segment_begin, text_.size(), RE2::ANCHOR_START, more, 2) &&
         more[1].data()) {
    const size_t more_begin = more[1].data() - text_.data();
    const size_t more_end = more_begin + more[1].size();
    // not_before holds for each further value too ("RTO 1時間、RPO 15分": 15分 is the RPO's).
    if (VetoedBefore(more_begin)) break;
    std::vector<Value> further = ReadValues(*rule_.field, std::string(more[1].data(), more[1].size()));
    if (further.empty()) break;
    Emit(std::move(further),
         c_.regex(kCondition) ? ConditionFor(*c_.regex(kCondition), text_, segment_begin, more_begin) : "", m.begin,
         more_end, more_begin, more_end);
    segment_begin = more_end;
  }
  return segment_begin;
}

CaseWords RuleRun::CaseOf(size_t value_begin, size_t value_end) const {
  CaseWords found;
  if (!cases_) return found;
  // A value under a named column of a table that compares (plans, kinds): the column's name, which
  // says more than any word of the rule's own (it is the condition then).
  if (const std::string* column = view_.ComparedAt(value_begin)) found.words = cases_->Clean(*column);
  found.by_column = !found.words.empty();
  if (found.by_column) return found;
  const bool hours = rule_.field->type == ValueType::kHours;
  // The masked text: a guideline's example cell is no case either.
  const Passage& passage = view_.passage;
  found.words = cases_->Find(view_.masked, value_begin, value_end, passage.section_path, hours, passage.lead);
  if (hours) {
    const std::string days = cases_->DaysBefore(view_.masked, value_begin, value_end);
    if (!days.empty() && found.words.find(days) == std::string::npos)
      found.words = found.words.empty() ? days : found.words + "、" + days;
  }
  return found;
}

void RuleRun::Emit(std::vector<Value> values, const std::string& condition, size_t quote_begin, size_t quote_end,
                   size_t value_begin, size_t value_end) {
  // The case each value is for, given to it when its field turns out to have several values.
  const CaseWords case_words = CaseOf(value_begin, value_end);
  const bool approx = cases_ && cases_->Approximate(view_.masked, value_begin, value_end);
  const bool lunch_break = IsLunchBreak(values);
  for (size_t i = 0; i < values.size(); ++i) {
    Finding f;
    f.derived_condition = lunch_break ? case_words.words + (i == 0 ? "午前" : "午後") : case_words.words;
    if (values.size() == 1 && IsQuantity(values[i]))
      f.value_words = NamingWords(std::string_view(text_).substr(value_begin, value_end - value_begin));
    f.approx = approx && IsQuantity(values[i]);
    f.field = std::string(rule_.field->id);
    f.value = std::move(values[i]);
    f.condition = case_words.by_column ? case_words.words : condition;
    f.page = view_.passage.page;
    f.quote = CutQuote(view_.passage.text, quote_begin, quote_end);
    f.rule = rule_.id;
    f.begin = view_.passage.begin;
    f.end = view_.passage.end;
    f.fallback = c_.fallback;
    // The passage's own words (BlankOut keeps every byte offset, so they are at the same place).
    f.matched = view_.passage.text.substr(value_begin, value_end - value_begin);
    f.matched_at = value_begin;
    findings_.push_back(std::move(f));
  }
}

}  // namespace

void ApplyRule(const Rule& rule, const CompiledRule& compiled, PassageView& view, const CaseFinder* cases,
               const Tokenizer& tokenizer, std::vector<Finding>& findings) {
  RuleRun(rule, compiled, view, cases, tokenizer, findings).Run();
}

}  // namespace kensa
