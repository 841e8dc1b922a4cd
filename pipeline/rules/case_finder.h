// The case a value is for, in the passage's own words: "RTO(部分障害):4時間" is for 部分障害,
// "単一障害については…4時間" for 単一障害, "1ヵ月前(通信断が1秒以上発生する作業)" for that kind of
// work, a table row's label cell for its answer, "平日9:00〜12:00、13:00〜18:00" for 平日午前 and
// 平日午後. The extractor gives it to a finding whose field has several values in the document and
// whose rule named no condition (a single value needs none).
//
// Where it looks, first found wins:
//   1. the label of a key-value line before the value ("フルバックアップ:1週間毎", "事務局対応=…"),
//      unless a topic phrase (4) stands nearer the value; else a term the passage defines before the
//      value ("(以下「局所障害」といいます。)"), or, when the passage refers back ("この場合"), the
//      term or topic of its lead;
//   2. a bracket right after the value: "2週間前(通信断が1秒未満の作業)";
//   3. a table row's label cell nearest the value's cell: "送信メッセージ:\t日次で7日分";
//   4. a topic phrase before the value in its sentence: "…の単一障害については、", "Sev1(全面停止)は",
//      "日次で"; or the object right before it ("操作ログを13ヶ月間保存");
//   5. a short clause glued before the value ("サーバ・ストレージ装置単体の障害2時間以内"), then a
//      table row's first cell;
//   6. the noun the value qualifies ("1時間ごとに差分バックアップ、");
//   7. the nearest heading.
// Each candidate is cleaned of list markers and of the words that only name the field (RTO, 提供時間,
// 保存期間 …) at its ends; what is left must be two characters or more and not a mere qualifier
// (約, 原則, 即時) or an exclusion ("土日祝日を除く" qualifies a case, it is not one). For hours, the
// day words before the window (平日, 営業日) are added, and the two halves of a lunch break are
// 午前 and 午後.
//
// The words are data: the [define]s CASE_FIELD_WORDS, CASE_TOPIC_END, CASE_OBJECT_END, CASE_NOT, CASE_DAY,
// APPROX_BEFORE and APPROX_AFTER of patterns/conditions.toml (each optional: without it, that step
// finds nothing).
// Thread-safe: immutable after construction.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace re2 {
class RE2;
}

namespace kensa {

struct CaseWords {
  std::string field_words;  // regex: words that only name a field, trimmed from a candidate's ends
  std::string topic_end;    // regex: what ends a topic phrase (の場合は, については, は, で)
  std::string object_end;   // regex: what ends an object right before the value (を)
  std::string not_a_case;   // regex: a whole candidate that is no case (約, 原則, …を除く)
  std::string day;          // regex: day words of an hours window (平日, 営業日, 土日祝日)
  std::string approx_before, approx_after;  // regex: what makes a value approximate (約 / 程度)
};

// Each CaseWords regex with the name of the [define] that holds it in patterns/conditions.toml.
struct CaseWordDefine {
  const char* name;
  std::string CaseWords::*words;
};
inline constexpr CaseWordDefine kCaseWordDefines[] = {
    {"CASE_FIELD_WORDS", &CaseWords::field_words}, {"CASE_TOPIC_END", &CaseWords::topic_end},
    {"CASE_OBJECT_END", &CaseWords::object_end},   {"CASE_NOT", &CaseWords::not_a_case},
    {"CASE_DAY", &CaseWords::day},                 {"APPROX_BEFORE", &CaseWords::approx_before},
    {"APPROX_AFTER", &CaseWords::approx_after},
};

class CaseFinder {
 public:
  // Fails (returns nullptr with `error` set) when a regex does not compile.
  static std::unique_ptr<CaseFinder> Create(const CaseWords& words, std::string& error);
  ~CaseFinder();

  // The case of the value at [value_begin, value_end) of a passage's text; empty when none is
  // stated. `section_path` is the passage's headings, outermost first; `hours`: the value is an
  // hours window (what follows it is a note, not its case).
  // `lead` is the passage's lead (the sentence before, in its paragraph), read when the passage
  // refers back to it ("この場合の目標復旧時間は").
  std::string Find(std::string_view text, size_t value_begin, size_t value_end,
                   const std::vector<std::string>& section_path, bool hours, std::string_view lead = "") const;
  // The day words of an hours window right before it or opening it ("平日", "営業稼働日"), with an
  // exclusion in brackets after them ("平日(土日祝日を除く)"); empty when none.
  std::string DaysBefore(std::string_view text, size_t value_begin, size_t value_end) const;
  // Whether the value is stated as approximate: "約4時間", "4時間程度", "1時間以内を目安".
  bool Approximate(std::string_view text, size_t value_begin, size_t value_end) const;
  // Cleans a candidate as Find does; empty when nothing is left that names a case.
  std::string Clean(std::string_view candidate) const;

 private:
  CaseFinder();
  std::string BracketAfter(std::string_view text, size_t value_end) const;
  // Both set `end` to where the case they return ends.
  std::string LabelBefore(std::string_view text, size_t segment_begin, size_t value_begin, size_t& end) const;
  std::string TopicBefore(std::string_view text, size_t segment_begin, size_t value_begin, size_t& end) const;
  std::string GluedBefore(std::string_view text, size_t segment_begin, size_t value_begin) const;
  // The last term the text defines, "(以下「局所障害」といいます。)"; empty when none.
  std::string DefinedTerm(std::string_view text) const;
  bool RefersBack(std::string_view clause) const;
  std::string ObjectBefore(std::string_view text, size_t segment_begin, size_t value_begin) const;
  std::string PhraseAfter(std::string_view text, size_t value_end) const;

  std::unique_ptr<re2::RE2> field_prefix_, field_suffix_, topic_, object_, not_a_case_, day_, approx_before_,
      approx_after_;
};

}  // namespace kensa
