#include "rules/case_finder.h"

#include <re2/re2.h>

#include <algorithm>

#include "common/utf8.h"

namespace kensa {
namespace {

constexpr size_t kMaxLabelChars = 40;  // a longer "label:" is a sentence with a colon in it
constexpr size_t kMaxGluedChars = 25;  // a label glued to its value
constexpr size_t kMaxPhraseChars = 40;  // the noun a value qualifies

RE2::Options Options() {
  RE2::Options options;
  options.set_log_errors(false);
  return options;
}

// Compiles `regex` wrapped as `before(?:regex)after`; null when the regex is empty.
std::unique_ptr<RE2> CompileWrapped(const std::string& regex, const char* before, const char* after, std::string& error) {
  if (regex.empty()) return nullptr;
  auto re = std::make_unique<RE2>(std::string(before) + "(?:" + regex + ")" + after, Options());
  if (!re->ok() && error.empty()) error = re->error();
  return re;
}

// Moves a byte offset back to the start of the code point it is in.
size_t CharStart(std::string_view text, size_t pos) {
  while (pos > 0 && pos < text.size() && (static_cast<unsigned char>(text[pos]) & 0xC0) == 0x80) --pos;
  return pos;
}

// The offset just after the last tab or full stop before `pos` (0 when none): where the cell or
// sentence holding the value begins.
size_t SegmentBegin(std::string_view text, size_t pos) {
  size_t begin = 0;
  if (size_t tab = text.rfind('\t', pos == 0 ? 0 : pos - 1); tab != std::string_view::npos && tab < pos) begin = tab + 1;
  if (size_t stop = text.substr(0, pos).rfind("。"); stop != std::string_view::npos) begin = std::max(begin, stop + 3);
  return begin;
}

bool IsDigitAt(std::string_view text, size_t pos) { return pos < text.size() && text[pos] >= '0' && text[pos] <= '9'; }

// Punctuation that never begins or ends a case.
bool IsEdgePunctuation(char32_t cp) {
  static constexpr std::u32string_view kEdges = U" \u3000、,.:;：；「」『』【】[]・/|=※*-‐•■□◆◇●○▪";
  return kEdges.find(cp) != std::u32string_view::npos || (cp >= 0x2500 && cp <= 0x257F);  // box drawing
}

std::u32string ToU32(std::string_view s) {
  std::u32string out;
  for (size_t pos = 0; pos < s.size();) out += utf8::Next(s, pos);
  return out;
}

std::string ToUtf8(std::u32string_view s) {
  std::string out;
  for (char32_t cp : s) utf8::Append(out, cp);
  return out;
}

// Trims edge punctuation, and brackets that enclose the whole or are left unbalanced at an end.
std::u32string TrimEdges(std::u32string s) {
  for (bool changed = true; changed && !s.empty();) {
    changed = false;
    while (!s.empty() && IsEdgePunctuation(s.front())) { s.erase(0, 1); changed = true; }
    while (!s.empty() && IsEdgePunctuation(s.back())) { s.pop_back(); changed = true; }
    const auto opens = std::count(s.begin(), s.end(), U'('), closes = std::count(s.begin(), s.end(), U')');
    if (s.size() >= 2 && s.front() == U'(' && s.back() == U')' && s.find(U')') == s.size() - 1) {
      s = s.substr(1, s.size() - 2);
      changed = true;
    } else if (!s.empty() && s.back() == U')' && closes > opens) {
      s.pop_back();
      changed = true;
    } else if (!s.empty() && s.front() == U'(' && opens > closes) {
      s.erase(0, 1);
      changed = true;
    } else if (!s.empty() && s.back() == U'(') {
      s.pop_back();
      changed = true;
    }
  }
  return s;
}

// Where a phrase may start in [begin, end): at `begin`, and right after 、 , ( 「 : = (and a space
// when `after_space`), so that a phrase is never cut out of a word ("利用できなくなった場合" is not
// "きなくなった場合").
std::vector<size_t> PhraseStarts(std::string_view text, size_t begin, size_t end, bool after_space) {
  static constexpr std::u32string_view kMarks = U"、,(「:=";
  std::vector<size_t> starts = {begin};
  for (size_t pos = begin; pos < end;) {
    const char32_t cp = utf8::Next(text, pos);
    if (pos < end && (kMarks.find(cp) != std::u32string_view::npos || (after_space && cp == U' '))) starts.push_back(pos);
  }
  return starts;
}

}  // namespace

CaseFinder::CaseFinder() = default;
CaseFinder::~CaseFinder() = default;

std::unique_ptr<CaseFinder> CaseFinder::Create(const CaseWords& words, std::string& error) {
  std::unique_ptr<CaseFinder> finder(new CaseFinder());
  finder->field_prefix_ = CompileWrapped(words.field_words, "^(?:", ")+", error);
  finder->field_suffix_ = CompileWrapped(words.field_words, "(?:", ")+$", error);
  // The particle must end the phrase: "日次で35日分", not "利用できなく".
  finder->topic_ = CompileWrapped(words.topic_end, R"(((?:[^、。\t:=()]|\([^()]*\)){2,40}?))",
                                  R"((?:[^\p{Hiragana}]|$))", error);
  finder->object_ = CompileWrapped(words.object_end, R"(((?:[^、。\t:=()]|\([^()]*\)){2,20}?))", "$", error);
  finder->not_a_case_ = CompileWrapped(words.not_a_case, "^(?:", ")$", error);
  finder->day_ = CompileWrapped(words.day, "((?:", R"()(?:\s*\([^()]{0,24}\))?)[^。、\t\d]{0,6}$)", error);
  finder->approx_before_ = CompileWrapped(words.approx_before, "(?:", ")$", error);
  finder->approx_after_ = CompileWrapped(words.approx_after, "^(?:", ")", error);
  if (!error.empty()) return nullptr;
  return finder;
}

std::string CaseFinder::Clean(std::string_view candidate) const {
  std::string text(candidate);
  // List markers: "• ", "(イ) ", "1. ", "(1)", "①".
  static const RE2 kMarker(R"(^\s*(?:[•・\-*■□◆◇●○▪‐]|\(\s*[アイウエオカキクケコ一二三四五六七八九十\d]{1,2}\s*\)|\d{1,2}[.)]|[①-⑳])\s*)");
  RE2::Replace(&text, kMarker, "");
  // A section number before a heading's words ("3サポート体制", "4.1.2. 基盤"), not a quantity ("3営業日").
  static const RE2 kSectionNumber(R"(^(?:第?\d{1,2}(?:\.\d{1,2})*\.?(?:章|節|条)?)\s*([^\d.時分日週月年回世%か箇ヶヵカ営]))");
  RE2::Replace(&text, kSectionNumber, "\\1");
  // Quote marks cut from their pair ("監査ログの設定」画面") say nothing: dropped.
  static const RE2 kQuoteMarks(R"([「」『』])");
  RE2::GlobalReplace(&text, kQuoteMarks, "");
  for (bool changed = true; changed;) {
    const std::string before = text;
    text = ToUtf8(TrimEdges(ToU32(text)));
    if (field_prefix_) RE2::Replace(&text, *field_prefix_, "");
    if (field_suffix_) RE2::Replace(&text, *field_suffix_, "");
    changed = text != before;
  }
  if (utf8::Length(text) < 2) return "";
  if (not_a_case_ && RE2::FullMatch(text, *not_a_case_)) return "";
  return text;
}

std::string CaseFinder::BracketAfter(std::string_view text, size_t value_end) const {
  // Up to four characters between the value and the bracket ("前", "以内", "まで").
  size_t pos = value_end;
  for (int n = 0; n < 5 && pos < text.size(); ++n) {
    if (text[pos] == '(') {
      const size_t close = text.find(')', pos);
      if (close == std::string_view::npos || utf8::Length(text.substr(pos, close - pos)) > 60) return "";
      return Clean(text.substr(pos + 1, close - pos - 1));
    }
    const size_t at = pos;
    const char32_t cp = utf8::Next(text, pos);
    if (cp == U'、' || cp == U'。' || cp == U'\t' || IsDigitAt(text, at)) return "";
  }
  return "";
}

std::string CaseFinder::LabelBefore(std::string_view text, size_t segment_begin, size_t value_begin,
                                    size_t& end) const {
  for (size_t pos = value_begin; pos > segment_begin;) {
    --pos;
    const char c = text[pos];
    if (c != ':' && c != '=') continue;
    if (c == ':' && (IsDigitAt(text, pos + 1) && pos > 0 && IsDigitAt(text, pos - 1))) continue;  // 10:00
    std::string_view label = text.substr(segment_begin, pos - segment_begin);
    // Items a cell runs together ("ライト:30日間・スタンダード:2年間"): the label is the last item's.
    if (size_t mark = label.find_last_of(":="); mark != std::string_view::npos) {
      const size_t item = label.find("・", mark);
      label = item == std::string_view::npos ? label.substr(mark + 1) : label.substr(item + std::string_view("・").size());
    }
    if (utf8::Length(label) > kMaxLabelChars) return "";
    end = pos;
    return Clean(label);
  }
  return "";
}

std::string CaseFinder::TopicBefore(std::string_view text, size_t segment_begin, size_t value_begin,
                                    size_t& end) const {
  if (!topic_) return "";
  // The text up to the value only, so that "$" in the pattern is the value's start.
  const re2::StringPiece before(text.data(), value_begin);
  std::string last;
  re2::StringPiece groups[2];
  // (Not after a space: "WEB によるお問い合わせ" goes on across it.)
  for (size_t start : PhraseStarts(text, segment_begin, value_begin, /*after_space=*/false)) {
    if (!topic_->Match(before, start, value_begin, RE2::ANCHOR_START, groups, 2)) continue;
    // A topic followed by another number is that number's ("日次で35日分、月次で1年分": 日次 is not
    // the case of 月次).
    const size_t topic_end = groups[0].data() + groups[0].size() - text.data();
    if (topic_end < value_begin && (IsDigitAt(text, topic_end - 1) || IsDigitAt(text, topic_end))) continue;
    if (std::string cleaned = Clean(std::string_view(groups[1].data(), groups[1].size())); !cleaned.empty()) {
      last = std::move(cleaned);
      end = groups[1].data() + groups[1].size() - text.data();
    }
  }
  return last;
}

bool CaseFinder::Approximate(std::string_view text, size_t value_begin, size_t value_end) const {
  const size_t from = CharStart(text, value_begin > 16 ? value_begin - 16 : 0);
  if (approx_before_ && RE2::PartialMatch(text.substr(from, value_begin - from), *approx_before_)) return true;
  return approx_after_ && RE2::PartialMatch(text.substr(value_end, std::min<size_t>(text.size() - value_end, 40)),
                                            *approx_after_);
}

std::string CaseFinder::DaysBefore(std::string_view text, size_t value_begin, size_t value_end) const {
  if (!day_) return "";
  // The days may open the value itself ("平日9:00〜18:00"): read up to its first digit.
  size_t until = value_begin;
  while (until < value_end && !IsDigitAt(text, until)) ++until;
  const size_t from = CharStart(text, until > 90 ? until - 90 : 0);
  std::string days;
  if (!RE2::PartialMatch(text.substr(from, until - from), *day_, &days)) return "";
  return days;
}

std::string CaseFinder::Find(std::string_view text, size_t value_begin, size_t value_end,
                             const std::vector<std::string>& section_path, bool hours, std::string_view lead) const {
  const size_t segment = SegmentBegin(text, value_begin);
  // A key-value label and a topic phrase: the one nearer the value names its case ("Service outage:
  // Sev1(全面停止)は検知から30分以内" is for Sev1).
  size_t label_end = 0, topic_end = 0;
  std::string label = LabelBefore(text, segment, value_begin, label_end);
  std::string topic = TopicBefore(text, segment, value_begin, topic_end);
  if (!label.empty() && (topic.empty() || label_end >= topic_end)) return label;
  // A term the document defines before the value, "…の障害(以下「局所障害」といいます。)については",
  // is the case's own name; "この場合の目標復旧時間は" refers to the sentence before (the lead).
  if (std::string term = DefinedTerm(text.substr(0, value_begin)); !term.empty()) return term;
  if (!lead.empty() && RefersBack(text.substr(segment, value_begin - segment))) {
    if (std::string term = DefinedTerm(lead); !term.empty()) return term;
    size_t end = 0;
    if (std::string found = TopicBefore(lead, 0, lead.size(), end); !found.empty()) return found;
  }
  if (std::string found = BracketAfter(text, value_end); !found.empty()) return found;
  // A table row: the label cell nearest the value's cell says what the row is about.
  const bool in_row = segment > 0 && text[segment - 1] == '\t';
  if (in_row) {
    const size_t cell_end = segment - 1;
    const size_t cell_begin = SegmentBegin(text, cell_end);
    if (std::string found = Clean(text.substr(cell_begin, cell_end - cell_begin)); !found.empty()) return found;
  }
  if (!topic.empty()) return topic;
  if (std::string found = ObjectBefore(text, segment, value_begin); !found.empty()) return found;
  // A short clause right before the value with no particle to end it: a label the layout glued to
  // its answer ("サーバ・ストレージ装置単体の障害2時間以内").
  if (std::string found = GluedBefore(text, segment, value_begin); !found.empty()) return found;
  if (in_row) {
    if (std::string found = Clean(text.substr(0, text.find('\t'))); !found.empty()) return found;
  }
  // (After an hours window comes a note or the days it excludes, not its case.)
  if (!hours) {
    if (std::string found = PhraseAfter(text, value_end); !found.empty()) return found;
  }
  if (!section_path.empty()) return Clean(section_path.back());
  return "";
}

std::string CaseFinder::DefinedTerm(std::string_view text) const {
  static const RE2 kDefined(R"(以下[、,]?\s*[「『]([^」』]{1,30})[」』])");
  re2::StringPiece input(text.data(), text.size()), term;
  std::string last;
  while (RE2::FindAndConsume(&input, kDefined, &term)) last = std::string(term.data(), term.size());
  return last;
}

std::string CaseFinder::ObjectBefore(std::string_view text, size_t segment_begin, size_t value_begin) const {
  if (!object_) return "";
  const re2::StringPiece before(text.data(), value_begin);
  re2::StringPiece groups[2];
  // The object starts where a word must start, as a topic does (a space too: "有 操作ログを"), and
  // ends right at the value.
  for (size_t start : PhraseStarts(text, segment_begin, value_begin, /*after_space=*/true)) {
    if (!object_->Match(before, start, value_begin, RE2::ANCHOR_BOTH, groups, 2)) continue;
    if (std::string cleaned = Clean(std::string_view(groups[1].data(), groups[1].size())); !cleaned.empty()) return cleaned;
  }
  return "";
}

bool CaseFinder::RefersBack(std::string_view clause) const {
  for (std::string_view words : {"この場合", "その場合", "上記の場合", "この際", "その際", "同様の場合"})
    if (clause.find(words) != std::string_view::npos) return true;
  return false;
}

std::string CaseFinder::GluedBefore(std::string_view text, size_t segment_begin, size_t value_begin) const {
  size_t begin = segment_begin;
  for (std::string_view mark : {"、", ","}) {
    if (size_t at = text.substr(0, value_begin).rfind(mark); at != std::string_view::npos && at >= begin)
      begin = at + mark.size();
  }
  const std::string_view clause = text.substr(begin, value_begin - begin);
  if (utf8::Length(clause) > kMaxGluedChars) return "";
  // A clause with a particle that ends a phrase ("最大で直近") is a sentence, not a label.
  for (std::string_view particle : {"は", "で", "が", "を", "に", "て"})
    if (clause.find(particle) != std::string_view::npos) return "";
  return Clean(clause);
}

std::string CaseFinder::PhraseAfter(std::string_view text, size_t value_end) const {
  // "1時間ごとに差分バックアップ、", "週1回(日曜日)フルバックアップ", "年1回、第三者による
  // ペネトレーションテスト(…)を": the noun the value qualifies.
  size_t pos = value_end;
  // (A qualifier of the value first: "年に1回以上、外部の専門会社による診断を".)
  for (std::string_view qualifier : {"以上", "以内", "程度", "まで", "ごと", "毎"}) {
    if (text.substr(pos, qualifier.size()) == qualifier) {
      pos += qualifier.size();
      break;
    }
  }
  if (text.substr(pos, std::string_view("、").size()) == "、") pos += std::string_view("、").size();
  if (pos < text.size() && text[pos] == '(') {
    const size_t close = text.find(')', pos);
    if (close == std::string_view::npos) return "";
    pos = close + 1;
  }
  for (std::string_view particle : {"に", "の", "で"})
    if (text.substr(pos, particle.size()) == particle) { pos += particle.size(); break; }
  const size_t begin = pos;
  // A number there starts the next value ("日次で14日分、月次で12か月分の…"), not a noun.
  if (IsDigitAt(text, begin)) return "";
  for (size_t n = 0; pos < text.size(); ++n) {
    const size_t at = pos;
    const char32_t cp = utf8::Next(text, pos);
    if (std::u32string_view(U"、。,をがは\t()").find(cp) != std::u32string_view::npos || n > kMaxPhraseChars) {
      // The noun must end where a phrase ends, not before a particle inside a word ("前までに").
      if (std::u32string_view(U"、。,をがは(").find(cp) == std::u32string_view::npos) return "";
      pos = at;
      break;
    }
  }
  return Clean(text.substr(begin, pos - begin));
}

}  // namespace kensa
