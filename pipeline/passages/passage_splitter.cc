#include "passages/passage_splitter.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/utf8.h"
#include "common/vocabulary.h"
#include "passages/line_classifier.h"

namespace kensa {
namespace {

using passages::EndsStatement;
using passages::EndsWith;
using passages::ItemNumber;
using passages::Line;
using passages::SectionNumber;
using passages::Span;
using passages::StartsItem;
using passages::VisibleLength;

// Text being assembled for one passage, with the source offset of every byte so a passage cut out
// of it knows where it starts and ends in NormalizedText::text.
class Builder {
 public:
  void Append(const std::string& source, Span span) {
    for (size_t k = span.begin; k < span.end; ++k) {
      text_ += source[k];
      offsets_.push_back(k);
    }
  }
  // Appends a character that stands for something the source spells differently (a cell separator
  // for a line break, a space for a tab in a heading).
  void AppendSeparator(char c, size_t offset) {
    text_ += c;
    offsets_.push_back(offset);
  }
  // Drops a trailing "。": a question's full stop would end the label it has become.
  void DropFullStop() {
    static constexpr std::string_view kFullStop = "。";
    if (text_.size() >= kFullStop.size() && std::string_view(text_).substr(text_.size() - kFullStop.size()) == kFullStop) {
      text_.resize(text_.size() - kFullStop.size());
      offsets_.resize(text_.size());
    }
  }
  bool empty() const { return text_.empty(); }
  const std::string& text() const { return text_; }
  size_t OffsetOf(size_t byte) const { return offsets_[byte]; }
  char Back() const { return text_.empty() ? '\0' : text_.back(); }

 private:
  std::string text_;
  std::vector<size_t> offsets_;
};

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

// The code points of each word (of the vocabulary).
std::vector<std::u32string> Decoded(const std::vector<std::string>& words) {
  std::vector<std::u32string> decoded;
  for (const std::string& word : words) decoded.push_back(utf8::Decode(word));
  return decoded;
}

bool IsAsciiAlnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Byte ranges of the sentences of a block: cut after 。！？ (and '!'/'?' after Japanese, and a '.'
// that ends a Latin sentence), keeping closing brackets and quotes with the sentence they close.
std::vector<std::pair<size_t, size_t>> SentenceRanges(const std::string& text) {
  static constexpr std::u32string_view kClosers = U")]」』】〕）\"'";
  std::vector<std::pair<size_t, size_t>> ranges;
  size_t start = 0;
  char32_t prev = 0;
  // A full stop inside brackets, "(以下、「月間稼働率」といいます。)", does not end the sentence
  // around them; a bracket left open for long (a garbled layer) stops counting.
  constexpr int kMaxBracketChars = 80;
  int depth = 0, inside = 0;
  for (size_t pos = 0; pos < text.size();) {
    const char32_t cp = utf8::Next(text, pos);
    if (cp == U'(' || cp == U'（') {
      ++depth;
    } else if ((cp == U')' || cp == U'）') && depth > 0) {
      --depth;
    }
    inside = depth > 0 ? inside + 1 : 0;
    if (inside > kMaxBracketChars) depth = inside = 0;
    bool cut = (cp == U'。' || cp == U'！' || cp == U'？') && depth == 0;
    if ((cp == U'!' || cp == U'?') && prev >= 0x80) cut = true;
    if (cp == U'.' && pos + 1 < text.size() && text[pos] == ' ' && text[pos + 1] >= 'A' &&
        text[pos + 1] <= 'Z' && prev >= U'a' && prev <= U'z') {
      cut = true;
    }
    prev = cp;
    if (!cut) continue;
    size_t end = pos;
    while (end < text.size()) {
      size_t next = end;
      const char32_t closer = utf8::Next(text, next);
      if (kClosers.find(closer) == std::u32string_view::npos) break;
      end = next;
    }
    // A note in parentheses right after the full stop belongs to the sentence it annotates:
    // "…取得しています。(登録番号:第17001405号)".
    if (end < text.size() && text[end] == '(') {
      const size_t close = text.find(')', end);
      if (close != std::string::npos && close - end <= 90 &&
          text.substr(end, close - end).find("。") == std::string::npos && text.find('(', end + 1) > close) {
        end = close + 1;
      }
    }
    ranges.emplace_back(start, end);
    start = end;
    pos = end;
  }
  if (start < text.size()) ranges.emplace_back(start, text.size());
  return ranges;
}

// The headings above the current line. Levels: 0 for chapters and roman numerals, 5 for 節, 10 + depth
// for arabic section numbers, 1000 for unnumbered headings (only the latest one is kept).
class SectionTracker {
 public:
  static constexpr int kUnnumbered = 1000;

  // Returns true when a numbered line is a heading rather than an item of a list: its title reads
  // like one and its number can follow the last section number seen.
  bool AcceptsNumbered(const SectionNumber& number, std::u32string_view line,
                       const std::optional<ItemNumber>& item) const {
    const std::u32string_view title = line.substr(number.title_begin);
    const size_t length = VisibleLength(title);
    if (passages::Contains(title, U"。") || EndsWith(title, U"、") || EndsWith(title, U",")) return false;
    switch (number.scheme) {
      case SectionNumber::Scheme::kChapter:
      case SectionNumber::Scheme::kSubChapter:
        return length <= 40;
      case SectionNumber::Scheme::kRoman:
        return length >= 1 && length <= 60;
      case SectionNumber::Scheme::kArabic:
        break;
    }
    static constexpr std::u32string_view kPredicateEnds[] = {U"ます", U"です", U"ません", U"ください",
                                                             U"した"};
    for (std::u32string_view end : kPredicateEnds) {
      if (EndsWith(title, end)) return false;
    }
    // "1.0 S51.04.01〜 R8.03.31" is a row of numbers, not a section: sections are not numbered 0
    // below the top level, and titles are words.
    if (std::find(number.parts.begin() + 1, number.parts.end(), 0) != number.parts.end()) return false;
    if (std::count_if(title.begin(), title.end(), passages::IsAsciiDigitCp) > 3) return false;
    const bool single = number.parts.size() == 1;
    if (single && !number.trailing_dot) {
      // "5 情報セキュリティ方針…" survives; "10告知方法メール、…" (a table row) does not.
      if (length > 30 || (passages::Contains(title, U"、") && length > 20)) return false;
      for (char32_t cp : title) {
        if (passages::IsAsciiDigitCp(cp) || cp == U',' || cp == U':' || cp == U'(') return false;
      }
    } else if (single) {
      if (length > 40 || passages::Contains(title, U":")) return false;
      if (passages::Contains(title, U"、") && length > 20) return false;
    } else {
      if (length > 50) return false;
      if (passages::Contains(title, U"、") && length > 30) return false;
    }
    // "3. …" right after a list item "2. …" continues the list.
    if (item) {
      const auto it = last_item_.find(item->key);
      if (it != last_item_.end() && it->second + 1 == item->number) return false;
    }
    return CanFollow(number.parts);
  }

  void NoteItem(const ItemNumber& item) { last_item_[item.key] = item.number; }
  // The number of the last item of a list numbered this way since the last heading, or -1.
  int LastItem(const std::u32string& key) const {
    const auto it = last_item_.find(key);
    return it == last_item_.end() ? -1 : it->second;
  }

  // Enters a heading; returns the path above it (what the heading passage itself gets).
  std::vector<std::string> Enter(int level, std::string text, const SectionNumber* number) {
    while (!stack_.empty() && stack_.back().first >= level) stack_.pop_back();
    std::vector<std::string> above = Path();
    stack_.emplace_back(level, std::move(text));
    last_item_.clear();
    if (number != nullptr) {
      if (number->scheme == SectionNumber::Scheme::kArabic) {
        last_arabic_ = number->parts;
      } else {
        last_arabic_.clear();
      }
    }
    return above;
  }

  std::vector<std::string> Path() const {
    std::vector<std::string> path;
    path.reserve(stack_.size());
    for (const auto& entry : stack_) path.push_back(entry.second);
    return path;
  }

  static int LevelOf(const SectionNumber& number) {
    switch (number.scheme) {
      case SectionNumber::Scheme::kChapter:
      case SectionNumber::Scheme::kRoman:
        return 0;
      case SectionNumber::Scheme::kSubChapter:
        return 5;
      case SectionNumber::Scheme::kArabic:
        break;
    }
    return 10 + static_cast<int>(number.parts.size());
  }

 private:
  // A section number can follow the last one when it is the next sibling at some level (gaps are
  // normal: ISO 27017 documents skip the controls they do not cover) or the first child.
  bool CanFollow(const std::vector<int>& parts) const {
    if (last_arabic_.empty()) return parts[0] <= 20;
    const size_t k = parts.size();
    if (k > last_arabic_.size() + 1) return false;
    for (size_t j = 0; j + 1 < k; ++j) {
      if (parts[j] != last_arabic_[j]) return false;
    }
    if (k == last_arabic_.size() + 1) return parts[k - 1] >= 0 && parts[k - 1] <= 20;
    const int gap = parts[k - 1] - last_arabic_[k - 1];
    return gap > 0 && gap <= (k == 1 ? 3 : 8);
  }

  std::vector<std::pair<int, std::string>> stack_;
  std::vector<int> last_arabic_;
  std::map<std::u32string, int> last_item_;
};

class Splitter {
 public:
  explicit Splitter(const NormalizedText& input) : input_(input), text_(input.text) {
    std::vector<Line> all = passages::SplitLines(text_);
    passages::MarkNoise(all, !input.whole_rows);
    bool broken = false;
    for (Line& line : all) {
      if (line.dropped) {
        broken |= line.breaks;
        continue;
      }
      lines_.push_back(std::move(line));
      hard_break_.push_back(broken);
      broken = false;
    }
    MeasureLayout();
  }

  std::vector<Passage> Run() {
    FindDefinitionLists();
    for (size_t i = 0; i < lines_.size(); ++i) i = Take(i);
    Flush();
    return std::move(passages_);
  }

 private:
  enum class BlockKind { kNone, kProse, kList, kTable };

  // Decides once per document what a blank line means and how wide a full line is.
  void MeasureLayout() {
    size_t gaps = 0;
    size_t single_blank = 0;
    size_t no_blank = 0;
    std::vector<int> widths;
    for (size_t i = 0; i < lines_.size(); ++i) {
      if (i > 0) {
        ++gaps;
        if (lines_[i].blank_before == 0) ++no_blank;
        if (lines_[i].blank_before == 1) ++single_blank;
      }
      if (!lines_[i].tab_separated) widths.push_back(lines_[i].width);
    }
    // Text exported with a blank line after every line: only two or more blank lines are a break.
    double_spaced_ = gaps > 0 && single_blank * 10 >= gaps * 6 && single_blank >= 2 * no_blank;
    if (!widths.empty()) {
      std::sort(widths.begin(), widths.end());
      full_width_ = widths[std::min(widths.size() - 1, widths.size() * 8 / 10)];
    }
    // A leaflet of short fragments has no full lines: a line wrapped by the layout is at least about
    // 25 full-width characters wide, so fragments shorter than that are never taken for wrapped prose.
    full_width_ = std::max(full_width_, kMinFullWidth);
  }

  bool ParagraphBreakBefore(size_t i) const {
    if (hard_break_[i]) return true;
    const int blanks = lines_[i].blank_before;
    return double_spaced_ ? blanks >= 2 : blanks >= 1;
  }

  // A line well short of the full width ends its paragraph.
  bool IsShort(const Line& line) const { return line.width * 10 < full_width_ * 6; }

  std::u32string_view Cps(size_t i) const { return lines_[i].cps; }

  // Returns true when the text before line i is complete, so line i may open something new.
  bool PreviousEnded(size_t i) const {
    if (i == 0 || block_kind_ == BlockKind::kNone || ParagraphBreakBefore(i)) return true;
    if (block_kind_ == BlockKind::kTable) return true;
    const Line& prev = lines_[i - 1];
    return EndsStatement(prev.cps) || IsShort(prev);
  }

  bool IsTableLine(const Line& line) const { return line.cells.size() >= 2 && line.NonEmptyCells() >= 2; }

  // A short line without punctuation that could be a heading or a label.
  bool IsTitleLike(std::u32string_view line, size_t max_length) const {
    const size_t length = VisibleLength(line);
    if (length < 2 || length > max_length) return false;
    for (char32_t cp : line) {
      if (cp == U'。' || cp == U'！' || cp == U'？' || cp == U'!' || cp == U'?' || cp == U'\t') return false;
    }
    if (passages::Contains(line, U"://") || passages::Contains(line, U"www.")) return false;
    static constexpr std::u32string_view kBadEnds = U"、,:;をがはにでのとやへも";
    return kBadEnds.find(line.back()) == std::u32string_view::npos && !passages::StartsAsContinuation(line);
  }

  // Returns true when line i stands between two rows of one numbered list ("42 …", "強度", "43 …"):
  // a cell the layout wrapped, not a heading.
  bool InsideNumberedList(size_t i) const {
    if (i + 1 >= lines_.size()) return false;
    const std::optional<ItemNumber> next = passages::ParseItemNumber(Cps(i + 1));
    return next && sections_.LastItem(next->key) + 1 == next->number;
  }

  // A checklist row whose cells the layout ran together ends with its answer: "利用契約の準拠法日本法",
  // "認証連携(シングルサインオン) 対象外". Such a line is no heading. The answers are those of
  // dictionaries/vocabulary.toml read by "row_end" (after anything) and "row_end_spaced" (short ones,
  // after a space or ")").
  static bool EndsWithAnswer(std::u32string_view line) {
    static const std::vector<std::u32string> kStrong = Decoded(SharedVocabulary().row_end_answers);
    static const std::vector<std::u32string> kAfterBreak = Decoded(SharedVocabulary().row_end_spaced_answers);
    for (std::u32string_view word : kStrong) {
      if (EndsWith(line, word) && line.size() > word.size()) return true;
    }
    for (std::u32string_view word : kAfterBreak) {
      if (line.size() > word.size() + 1 && EndsWith(line, word)) {
        const char32_t before = line[line.size() - word.size() - 1];
        if (before == U' ' || before == U')') return true;
      }
    }
    return false;
  }

  bool IsPlainHeadingLike(size_t i) const {
    const std::u32string_view line = Cps(i);
    if (!IsTitleLike(line, 30) || StartsItem(line) || passages::IsLabelValueLine(line) || IsTableLine(lines_[i]) ||
        EndsWithAnswer(line))
      return false;
    const bool has_word = std::any_of(line.begin(), line.end(), [](char32_t cp) {
      return utf8::IsKana(cp) || utf8::IsKanji(cp) || utf8::IsAsciiAlpha(cp);
    });
    return has_word && std::none_of(line.begin(), line.end(),
                                    [](char32_t cp) { return passages::IsAsciiDigitCp(cp) || cp == U'、'; });
  }

  // Returns true when line j reads as what follows a heading: body text, a list, a table or a
  // further heading.
  bool SupportsHeading(size_t j, int depth = 0) const {
    if (j >= lines_.size()) return false;
    const Line& next = lines_[j];
    const std::u32string_view cps = next.cps;
    if (IsTableLine(next) || StartsItem(cps)) return true;
    if (passages::StartsAsContinuation(cps)) return false;
    if (EndsStatement(cps) && VisibleLength(cps) > 8) return true;
    if (VisibleLength(cps) > 30 || !IsShort(next)) return true;
    return depth == 0 && IsPlainHeadingLike(j) && SupportsHeading(j + 1, 1);
  }

  // A table whose label and answer stand on consecutive lines: "バックアップ世代数" / "7世代",
  // "更新日時：" / "2025年5月13日". Conservative: the answer must look like a value.
  // A brochure's or spec sheet's facts often stand as a run of short lines, label and value
  // alternating ("目標復旧時間" / "4時間" / "多要素認証" / "対応(SMS・認証アプリ)"). A run of at least
  // four such lines, even in number, with no blank line inside, whose every label line is a
  // title-like phrase without digits, is read as label/value pairs.
  void FindDefinitionLists() {
    definition_label_.assign(lines_.size(), false);
    auto short_line = [&](size_t k) {
      const std::u32string_view cps = Cps(k);
      return !cps.empty() && VisibleLength(cps) <= 30 && !IsTableLine(lines_[k]) &&
             !passages::ParseSectionNumber(cps) && !passages::StartsWithHeadingBullet(cps) &&
             !passages::IsLabelValueLine(cps) && !passages::Contains(cps, U"。");
    };
    auto label_line = [&](size_t k) {
      const std::u32string_view cps = Cps(k);
      return IsTitleLike(cps, 20) && !StartsItem(cps) &&
             std::none_of(cps.begin(), cps.end(), [](char32_t cp) { return passages::IsAsciiDigitCp(cp); });
    };
    for (size_t begin = 0; begin < lines_.size();) {
      size_t end = begin;
      while (end < lines_.size() && short_line(end) && (end == begin || !ParagraphBreakBefore(end))) ++end;
      const size_t count = end - begin;
      bool labels = count >= 4 && count % 2 == 0;
      for (size_t k = begin; labels && k < end; k += 2) labels = label_line(k);
      if (labels) {
        for (size_t k = begin; k < end; k += 2) definition_label_[k] = true;
      }
      begin = std::max(end, begin + 1);
    }
  }

  bool IsLabelAnswerPair(size_t i) const {
    if (i + 1 >= lines_.size()) return false;
    if (definition_label_[i]) return true;
    if (passages::IsLabelValueLine(Cps(i))) return false;
    const std::u32string_view label = Cps(i);
    const bool colon = EndsWith(label, U":");
    const size_t label_length = VisibleLength(label);
    if (label_length < 2 || label_length > 30 || IsTableLine(lines_[i]) || StartsItem(label)) return false;
    if (passages::IsAsciiDigitCp(label[0]) || passages::Contains(label, U"、") ||
        passages::Contains(label, U"。")) {
      return false;
    }
    if (!colon && !IsTitleLike(label, 30)) return false;
    const Line& answer_line = lines_[i + 1];
    const std::u32string_view answer = answer_line.cps;
    if (ParagraphBreakBefore(i + 1) && !colon) return false;
    if (answer_line.blank_before > 2 || IsTableLine(answer_line) || StartsItem(answer)) return false;
    const size_t answer_length = VisibleLength(answer);
    if (answer_length > (colon ? 60u : 25u) || EndsWith(answer, U"、") ||
        passages::IsBracketHeading(answer)) {
      return false;
    }
    if (!colon && EndsStatement(answer) && answer_length > 15) return false;
    // The answer must end its own paragraph, or it is the first line of body text.
    if (!IsShort(answer_line) && !EndsStatement(answer) && i + 2 < lines_.size() &&
        !ParagraphBreakBefore(i + 2) && !StartsItem(Cps(i + 2))) {
      return false;
    }
    if (colon) return true;
    if (std::any_of(answer.begin(), answer.end(), passages::IsAsciiDigitCp)) return true;
    // The answers of dictionaries/vocabulary.toml read by "label_line".
    static const std::vector<std::u32string> kAnswers = Decoded(SharedVocabulary().label_line_answers);
    std::u32string_view bare = answer;
    while (!bare.empty() && (bare.back() == U'。' || bare.back() == U' ')) bare.remove_suffix(1);
    for (std::u32string_view word : kAnswers) {
      if (bare == word) return true;
      if (bare.size() > word.size() && bare.substr(0, word.size()) == word &&
          (bare[word.size()] == U' ' || bare[word.size()] == U'(' || bare[word.size()] == U'。')) {
        return true;
      }
    }
    return false;
  }

  // Consumes line i (and sometimes i + 1); returns the index of the last line consumed.
  size_t Take(size_t i) {
    const Line& line = lines_[i];
    const std::u32string_view cps = line.cps;

    if (TakeQuestionAndAnswer(i)) return i;

    if (line.tab_separated && !line.cells.empty() && line.cells[0].empty() && line.NonEmptyCells() >= 1 &&
        block_kind_ == BlockKind::kTable && block_from_tabs_) {
      if (input_.whole_rows) {
        // A real table's row (a sheet's, a Word table's): its own row, its empty first cells the
        // group labels of the row above, not a wrapped continuation of that row.
        Flush();
        OpenTable(WithLabelsAbove(line));
      } else {
        MergeColumns(line);
      }
      return i;
    }
    if (IsTableLine(line) && !FirstCellIsOnlyANumber(line)) {
      Flush();
      OpenTable(line);
      return i;
    }

    const std::optional<SectionNumber> number = passages::ParseSectionNumber(cps);
    const std::optional<ItemNumber> item = passages::ParseItemNumber(cps);
    if (number) {
      const bool bare = number->scheme == SectionNumber::Scheme::kArabic && number->parts.size() == 1 &&
                        !number->trailing_dot;
      if ((!bare || PreviousEnded(i)) && sections_.AcceptsNumbered(*number, cps, item)) {
        EmitHeading(line, SectionTracker::LevelOf(*number), &*number);
        return i;
      }
    }
    if (item) sections_.NoteItem(*item);

    if (PreviousEnded(i)) {
      if (passages::IsBracketHeading(cps) ||
          (passages::StartsWithHeadingBullet(cps) && IsTitleLike(cps, 40) && SupportsHeading(i + 1) &&
           !(i + 1 < lines_.size() && Cps(i + 1)[0] == cps[0]))) {
        EmitHeading(line, SectionTracker::kUnnumbered, nullptr);
        return i;
      }
      if (IsLabelAnswerPair(i)) {
        Flush();
        EmitPair(line, lines_[i + 1]);
        return i + 1;
      }
      if (IsPlainHeadingLike(i) && SupportsHeading(i + 1) && !InsideNumberedList(i)) {
        EmitHeading(line, SectionTracker::kUnnumbered, nullptr);
        return i;
      }
    }

    if (CanContinue(i)) {
      AppendJoined(block_kind_ == BlockKind::kTable ? cells_.back() : prose_, lines_[i - 1], line,
                   line.content);
      return i;
    }
    Flush();
    block_kind_ = StartsItem(cps) || passages::IsLabelValueLine(cps) ? BlockKind::kList : BlockKind::kProse;
    prose_.Append(text_, line.content);
    return i;
  }

  // Returns true when line i continues the open block: nothing ended it, it opens nothing new.
  bool CanContinue(size_t i) const {
    if (block_kind_ == BlockKind::kNone) return false;
    const Line& line = lines_[i];
    const std::u32string_view cps = line.cps;
    // A line that opens with a particle or closing punctuation continues a sentence: no paragraph
    // opens that way. (で, と, も are left out: they open words too, "では、", "ところで", "もし".)
    static constexpr std::u32string_view kParticles = U"のをにはがへ";
    const bool continues =
        kParticles.find(cps[0]) != std::u32string_view::npos || passages::StartsAsContinuation(cps);
    if (ParagraphBreakBefore(i)) {
      // A blank line inside a sentence: a page break the text export kept.
      if (hard_break_[i] || block_kind_ == BlockKind::kTable || i == 0) return false;
      return continues && !EndsStatement(lines_[i - 1].cps);
    }
    if (StartsItem(cps) || IsTableLine(line)) return false;
    if (block_kind_ == BlockKind::kTable) {
      // The last cell of a row that the layout wrapped onto the next line.
      const std::string& last = cells_.back().text();
      return !last.empty() && !EndsStatement(Utf32(last));
    }
    const Line& prev = lines_[i - 1];
    // A "label: value" line after an ended line or another such line is an item of its own; after an
    // unfinished line it is usually that line's answer ("…ログの保存期間 有り" / "期限:365日間").
    if (EndsStatement(prev.cps) || (EndsWithAnswer(prev.cps) && !passages::IsLabelValueLine(cps)) ||
        (passages::IsLabelValueLine(cps) && passages::IsLabelValueLine(prev.cps)))
      return false;
    if (!IsShort(prev)) return true;
    return continues || EndsWith(prev.cps, U"、") || EndsWith(prev.cps, U",");
  }

  static std::u32string Utf32(const std::string& text) {
    std::u32string out;
    for (size_t pos = 0; pos < text.size();) out += utf8::Next(text, pos);
    return out;
  }

  // "4.2\t通信の暗号化" is a heading with a tab after its number, not a two-cell row.
  bool FirstCellIsOnlyANumber(const Line& line) const {
    if (line.NonEmptyCells() != 2) return false;
    const std::u32string first =
        Utf32(text_.substr(line.cells[0].begin, line.cells[0].end - line.cells[0].begin));
    const std::u32string probe = first + U" 見出し";
    const std::optional<SectionNumber> number = passages::ParseSectionNumber(probe);
    return number && number->title_begin == first.size() + 1 &&
           (number->trailing_dot || number->parts.size() > 1 ||
            number->scheme != SectionNumber::Scheme::kArabic);
  }

  // Joins a wrapped line onto the text before it: the '\n' goes, and a space comes back only where
  // the source had one between two Latin words.
  void AppendJoined(Builder& builder, const Line& prev, const Line& line, Span content) {
    const bool spaced = prev.raw.end > prev.content.end || line.content.begin > line.raw.begin;
    if (spaced && IsAsciiAlnum(builder.Back()) && content.begin < content.end &&
        IsAsciiAlnum(text_[content.begin])) {
      builder.AppendSeparator(' ', prev.content.end);
    }
    builder.Append(text_, content);
  }

  // An FAQ reads as a table: "Q. 多要素認証は利用できますか？" / "A. はい。…" becomes one row
  // "question\tanswer", so the question's keyword is answered by the answer cell as a checklist
  // label is by its answer. Returns true when it consumed line i.
  bool TakeQuestionAndAnswer(size_t i) {
    const Line& line = lines_[i];
    if (const size_t marker = passages::QuestionMarkerLength(line.cps)) {
      Flush();
      block_kind_ = BlockKind::kTable;
      block_from_tabs_ = false;
      in_faq_ = true;
      cells_.emplace_back();
      cells_.back().Append(text_, AfterMarker(line, marker));
      return true;
    }
    if (!in_faq_ || block_kind_ != BlockKind::kTable) {
      in_faq_ = false;
      return false;
    }
    if (const size_t marker = passages::AnswerMarkerLength(line.cps); marker && cells_.size() == 1) {
      cells_.back().DropFullStop();
      cells_.emplace_back();
      cells_.back().Append(text_, AfterMarker(line, marker));
      return true;
    }
    // The question or the answer goes on until a blank line after the answer, a heading or a new item.
    const bool ends = cells_.size() == 2 && ParagraphBreakBefore(i);
    if (ends || passages::ParseSectionNumber(line.cps) || IsTableLine(line)) {
      Flush();
      in_faq_ = false;
      return false;
    }
    AppendJoined(cells_.back(), lines_[i - 1], line, line.content);
    return true;
  }

  // The span of a line's content after a marker of `marker` code points and the spaces after it.
  Span AfterMarker(const Line& line, size_t marker) const {
    size_t begin = line.content.begin;
    for (size_t k = 0; k < marker && begin < line.content.end; ++k) utf8::Next(text_, begin);
    while (begin < line.content.end && text_[begin] == ' ') ++begin;
    return Span{begin, line.content.end};
  }

  // Returns line with its empty leading cells taken from the last table row opened, column by column.
  Line WithLabelsAbove(const Line& line) const {
    Line filled = line;
    for (size_t k = 0; k < filled.cells.size() && k < row_cells_.size() && filled.cells[k].empty(); ++k)
      filled.cells[k] = row_cells_[k];
    return filled;
  }

  void OpenTable(const Line& line) {
    row_cells_ = line.cells;
    block_kind_ = BlockKind::kTable;
    block_from_tabs_ = line.tab_separated;
    cells_.clear();
    for (const Span& cell : line.cells) {
      cells_.emplace_back();
      cells_.back().Append(text_, cell);
    }
  }

  // A row whose first cell is empty continues the row above it cell by cell ("…キー" + "管理…").
  // When it has more cells than the row above, that row may have lost a merged cell at its start,
  // so the columns may line up at the right instead: the alignment that continues the longest
  // unfinished cells wins ("…データの完" + "全な抹消…").
  void MergeColumns(const Line& line) {
    const auto target_of = [&](size_t k, size_t shift) {
      return std::min(k >= shift ? k - shift : 0, cells_.size() - 1);
    };
    const auto score = [&](size_t shift) {
      size_t total = 0;
      for (size_t k = 0; k < line.cells.size(); ++k) {
        if (line.cells[k].empty()) continue;
        const std::string& target = cells_[target_of(k, shift)].text();
        if (!target.empty() && !EndsStatement(Utf32(target))) total += 1000 + target.size();
      }
      return total;
    };
    size_t shift = 0;
    if (line.cells.size() > cells_.size() && score(line.cells.size() - cells_.size()) > score(0)) {
      shift = line.cells.size() - cells_.size();
    }
    for (size_t k = 0; k < line.cells.size(); ++k) {
      if (!line.cells[k].empty()) cells_[target_of(k, shift)].Append(text_, line.cells[k]);
    }
  }

  void Flush() {
    switch (block_kind_) {
      case BlockKind::kNone:
        break;
      case BlockKind::kProse:
      case BlockKind::kList:
        table_header_.clear();  // a table ends where prose begins
        EmitSentences(prose_,
                      block_kind_ == BlockKind::kList ? PassageKind::kListItem : PassageKind::kSentence);
        break;
      case BlockKind::kTable:
        EmitRow(cells_);
        break;
    }
    block_kind_ = BlockKind::kNone;
    prose_ = Builder();
    cells_.clear();
  }

  void EmitSentences(const Builder& builder, PassageKind kind) {
    const std::string& text = builder.text();
    size_t block_begin = kind == PassageKind::kListItem ? LayoutRowNumberLength(text) : 0;
    std::vector<std::pair<size_t, size_t>> sentences;
    for (auto [begin, end] : SentenceRanges(text)) {
      begin = std::max(begin, block_begin);
      while (begin < end && text[begin] == ' ') ++begin;
      while (end > begin && text[end - 1] == ' ') --end;
      if (begin < end) sentences.emplace_back(begin, end);
    }
    for (size_t k = 0; k < sentences.size(); ++k) {
      auto [begin, end] = sentences[k];
      // A question and the sentences that answer it ("災害対策(DR)サイトを設けていますか。いいえ。…"),
      // a checklist whose cells the layout ran together, read as one label/answer row.
      if (IsQuestion(std::string_view(text).substr(begin, end - begin)) && k + 1 < sentences.size()) {
        size_t last = k + 1;
        while (last + 1 < sentences.size() &&
               !IsQuestion(std::string_view(text).substr(sentences[last + 1].first,
                                                         sentences[last + 1].second - sentences[last + 1].first)))
          ++last;
        const size_t answer_begin = sentences[k + 1].first, answer_end = sentences[last].second;
        std::string row = text.substr(begin, end - begin);
        if (EndsWithFullStop(row)) row.resize(row.size() - std::string_view("。").size());
        row += '\t';
        row += text.substr(answer_begin, answer_end - answer_begin);
        Add(std::move(row), PassageKind::kTableRow, builder.OffsetOf(begin), builder.OffsetOf(answer_end - 1) + 1,
            sections_.Path());
        k = last;
        continue;
      }
      Add(text.substr(begin, end - begin), kind, builder.OffsetOf(begin), builder.OffsetOf(end - 1) + 1,
          sections_.Path());
      if (begin > block_begin) {
        passages_.back().lead = std::string(utf8::Prefix(std::string_view(text).substr(block_begin, begin - block_begin), 150));
      } else if (kind == PassageKind::kListItem) {
        passages_.back().lead = list_intro_;
      }
    }
    if (kind == PassageKind::kSentence) {
      list_intro_.clear();
      if (!sentences.empty()) {
        const auto [begin, end] = sentences.back();
        const std::string_view last = std::string_view(text).substr(begin, end - begin);
        if (AnnouncesList(last)) list_intro_ = std::string(utf8::Prefix(last, 150));
      }
    }
  }

  // A sentence that announces the list after it ("次のようにバックアップされます。", "通知手段:"): the
  // list's items are read with it as their lead, as the items under a heading are read with it.
  static bool AnnouncesList(std::string_view sentence) {
    for (std::string_view word : {"次の", "以下の", "下記の"})
      if (sentence.find(word) != std::string_view::npos) return true;
    return !sentence.empty() && sentence.back() == ':';
  }

  static bool EndsWithFullStop(std::string_view s) {
    constexpr std::string_view kStop = "。";
    return s.size() >= kStop.size() && s.substr(s.size() - kStop.size()) == kStop;
  }

  // A checklist question or requirement: "…していますか。", "…ですか?", "…を教えてください。",
  // "…できること。" (the endings of dictionaries/vocabulary.toml read by "sentence").
  static bool IsQuestion(std::string_view sentence) {
    while (!sentence.empty() && (sentence.back() == ' ')) sentence.remove_suffix(1);
    // A specification's requirement ("…が可能であること。") is answered the same way.
    for (std::string_view end : SharedVocabulary().question_sentence_endings) {
      if (sentence.size() > end.size() && sentence.substr(sentence.size() - end.size()) == end) return true;
    }
    return false;
  }

  // A checklist row number that the PDF layout spaced out and glued to the row ("2 6世代バックアップ…"
  // is row 26): its byte length, so that "6" is not read as part of the row's text; 0 for none.
  static size_t LayoutRowNumberLength(const std::string& text) {
    if (text.size() >= 4 && IsAsciiDigit(text[0]) && text[1] == ' ' && IsAsciiDigit(text[2]) && !IsAsciiDigit(text[3]) &&
        text[3] != '.' && text[3] != '%') {
      return text[3] == ' ' ? 4 : 3;
    }
    return 0;
  }

  // The unit a row's unit column gives the bare numbers after it (whole rows only, see unit_columns in
  // dictionaries/vocabulary.toml): "時間" -> "時間", "時間(秒)" -> "秒", "世代数" -> "世代"; "" when the
  // row has no unit column or its cell is no unit ("有無", "有無/内容").
  std::string RowUnit(const std::vector<Builder>& cells, size_t* unit_column) const {
    if (!input_.whole_rows || table_header_.size() != cells.size()) return "";
    for (size_t k = 0; k < cells.size(); ++k) {
      const std::string& name = table_header_[k];
      const auto& words = SharedVocabulary().unit_column_words;
      if (std::find(words.begin(), words.end(), name) == words.end()) continue;
      *unit_column = k;
      std::string unit = cells[k].text();
      if (const size_t open = unit.find('('); open != std::string::npos && unit.ends_with(")")) {
        unit = unit.substr(open + 1, unit.size() - open - 2);
      }
      if (unit.ends_with("数") && unit.size() > std::string_view("数").size()) unit.resize(unit.size() - std::string_view("数").size());
      // A unit is a short word: no answer words, separators or sentences.
      const std::u32string cps = Utf32(unit);
      if (cps.empty() || cps.size() > 4 || unit.find_first_of("/ 0123456789") != std::string::npos || unit.find("有無") != std::string::npos)
        return "";
      return unit;
    }
    return "";
  }

  static bool IsBareNumber(std::string_view text) {
    if (text.empty() || !IsAsciiDigit(text.front()) || !IsAsciiDigit(text.back())) return false;
    return text.find_first_not_of("0123456789.,") == std::string_view::npos;
  }

  void EmitRow(const std::vector<Builder>& cells) {
    list_intro_.clear();
    std::string text;
    size_t begin = std::string::npos;
    size_t end = 0;
    // The first row of a table names its columns (No. / 項目 / 設定例 / 回答 …): each later row with
    // as many cells carries the names of its own.
    const bool first_row = table_header_.empty();
    const bool aligned = !first_row && table_header_.size() == cells.size();
    std::vector<std::string> columns;
    size_t unit_column = 0;  // the unit is the value's, after it: not a row number's before it
    const std::string unit = first_row ? "" : RowUnit(cells, &unit_column);
    size_t last_filled = cells.size();
    for (size_t k = 0; k < cells.size(); ++k) {
      if (!cells[k].empty()) last_filled = k;
    }
    for (size_t k = 0; k < cells.size(); ++k) {
      const Builder& cell = cells[k];
      if (first_row) table_header_.push_back(cell.text());
      if (cell.empty()) continue;
      if (!text.empty()) text += '\t';
      // A question cell's full stop goes, as a question's does in an FAQ row: the question and the
      // answer in the next cell read as one label and its value ("…準拠法は…ですか\t日本法").
      std::string_view own = cell.text();
      if (k < last_filled && IsQuestion(own) && own.ends_with("。")) own.remove_suffix(std::string_view("。").size());
      text += own;
      if (!unit.empty() && k > unit_column && IsBareNumber(own)) text += unit;  // "24" in a 設定値 column of unit 時間
      if (aligned) columns.push_back(table_header_[k]);
      begin = std::min(begin, cell.OffsetOf(0));
      end = std::max(end, cell.OffsetOf(cell.text().size() - 1) + 1);
    }
    if (first_row && table_header_.empty()) table_header_.push_back("");  // a row of empty cells
    if (text.empty()) return;
    Add(std::move(text), PassageKind::kTableRow, begin, end, sections_.Path());
    passages_.back().columns = std::move(columns);
  }

  void EmitPair(const Line& label, const Line& answer) {
    Builder row;
    row.Append(text_, label.content);
    row.AppendSeparator('\t', label.content.end);
    row.Append(text_, answer.content);
    Add(row.text(), PassageKind::kTableRow, label.content.begin, answer.content.end, sections_.Path());
  }

  void EmitHeading(const Line& line, int level, const SectionNumber* number) {
    Flush();
    std::string heading = text_.substr(line.content.begin, line.content.end - line.content.begin);
    std::replace(heading.begin(), heading.end(), '\t', ' ');
    std::vector<std::string> above = sections_.Enter(level, heading, number);
    list_intro_.clear();
    table_header_.clear();
    Add(std::move(heading), PassageKind::kHeading, line.content.begin, line.content.end, std::move(above));
  }

  void Add(std::string text, PassageKind kind, size_t begin, size_t end, std::vector<std::string> path) {
    if (text.empty()) return;
    Passage passage;
    passage.text = std::move(text);
    passage.kind = kind;
    passage.begin = begin;
    passage.end = end;
    passage.page = input_.PageAt(begin);
    passage.section_path = std::move(path);
    passages_.push_back(std::move(passage));
  }

  const NormalizedText& input_;
  const std::string& text_;
  std::vector<Line> lines_;
  std::vector<bool> hard_break_;  // a separator or a table of contents was dropped before the line
  std::string list_intro_;        // the last sentence, when it announces a list (AnnouncesList)
  std::vector<std::string> table_header_;  // the cells of the current table's first row (EmitRow)
  bool double_spaced_ = false;
  int full_width_ = 0;
  static constexpr int kMinFullWidth = 50;  // display columns (a full-width character is two)

  BlockKind block_kind_ = BlockKind::kNone;
  bool block_from_tabs_ = false;
  Builder prose_;
  std::vector<bool> definition_label_;  // line k is the label of a label/value pair of a definition list
  bool in_faq_ = false;  // the open table block is a question and its answer
  std::vector<Builder> cells_;
  std::vector<Span> row_cells_;  // the cells of the last table row opened (whole rows: labels carried down)
  SectionTracker sections_;
  std::vector<Passage> passages_;
};

}  // namespace

std::vector<Passage> SplitPassages(const NormalizedText& text) { return Splitter(text).Run(); }

const char* PassageKindName(PassageKind kind) {
  switch (kind) {
    case PassageKind::kSentence:
      return "sentence";
    case PassageKind::kTableRow:
      return "table_row";
    case PassageKind::kListItem:
      return "list_item";
    case PassageKind::kHeading:
      return "heading";
  }
  return "unknown";
}

}  // namespace kensa
