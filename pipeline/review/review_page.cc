#include "review/review_page.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <string_view>
#include <variant>

#include "common/utf8.h"
#include "fields/field_catalogue.h"
#include "output/json_codec.h"
#include "review/html.h"
#include "review/locate.h"
#include "text/document_reader.h"

namespace kensa {
namespace {

using review::Base64;
using review::HtmlEscape;

// A quote placed this far is as good as found whole (a "Q1:" the passages stage dropped, a table's
// cells in another order).
constexpr double kNearlyWhole = 0.9;
// Lines of a text page shown around the passage.
constexpr int kContextLines = 4;
// Characters of one line of a text page shown at most.
constexpr size_t kMaxLineChars = 2000;
// Lines of a text page shown when the passage is not found on it.
constexpr int kUnplacedLines = 40;
// Rows of a sheet shown above and below the evidence cell, and columns shown at most.
constexpr int kSheetContextRows = 8;
constexpr int kSheetMaxColumns = 26;

constexpr const char* kStyle = R"css(
:root { --ink: #1d2330; --muted: #5b6475; --line: #d5d9e0; --gap: #fff4e5; --gap-ink: #a04a00;
        --mark: #ffe066; --accent: #1f5fbf; --warn: #b3261e; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #f6f7f9; line-height: 1.55; font-size: 15px;
       font-family: "Noto Sans CJK JP", "Noto Sans JP", "IPAexGothic", "IPAGothic", "Hiragino Sans",
                    "Hiragino Kaku Gothic ProN", "Yu Gothic", "Meiryo", sans-serif; }
header { background: #fff; border-bottom: 1px solid var(--line); padding: 16px 24px 10px; }
h1 { font-size: 20px; margin: 0 0 8px; }
h1 .kind { color: var(--muted); font-weight: normal; margin-right: .5em; }
h2 { font-size: 17px; margin: 18px 0 8px; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 0; font-size: 13px; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; overflow-wrap: anywhere; }
code { font-family: "Noto Sans Mono CJK JP", "DejaVu Sans Mono", monospace; font-size: 12px; }
.summary { margin: 8px 0 0; font-size: 14px; }
.summary .gapcount { color: var(--gap-ink); font-weight: bold; }
.warnings { background: #fdecea; border: 1px solid #f1b0ab; color: var(--warn); margin: 12px 24px 0;
            padding: 8px 16px; border-radius: 6px; }
.warnings h2 { margin: 4px 0; font-size: 15px; }
.warnings ul { margin: 4px 0; padding-left: 1.4em; }
main { display: grid; grid-template-columns: minmax(0, 1fr); gap: 16px; padding: 12px 24px 40px; }
@media screen and (min-width: 1200px) {
  main { grid-template-columns: minmax(520px, 46%) minmax(0, 1fr); align-items: start; }
  .answers { position: sticky; top: 0; max-height: 100vh; overflow: auto; }
}
table.fields { border-collapse: collapse; width: 100%; background: #fff; font-size: 14px; }
table.fields th, table.fields td { border: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
table.fields thead th { background: #eef1f5; position: sticky; top: 0; z-index: 1; }
table.fields tbody th { font-weight: normal; width: 36%; }
table.fields .fid { display: block; color: var(--muted); font-size: 11px; }
table.fields td.value { font-weight: bold; white-space: nowrap; }
table.fields tbody.gap th, table.fields td.none { background: var(--gap); }
table.fields td.none { color: var(--gap-ink); font-weight: bold; }
table.fields td.none.unreadable { color: var(--warn); }
table.fields td.none a { color: inherit; font-weight: normal; }
.ocr-note { color: #7a5a00; font-size: 13px; margin: 2px 0; }
.unreadable-pages { background: #fff; border: 1px solid #f1b0ab; border-radius: 6px; padding: 10px 14px 14px; margin: 0 0 16px; }
.unreadable-pages h3 { font-size: 15px; margin: 8px 0 6px; color: var(--warn); }
table.fields tr.finding:hover td { background: #f0f5ff; }
table.fields tr.finding.selected td { background: #e3edff; }
td.go a { color: var(--accent); white-space: nowrap; }
td.go .unplaced { color: var(--warn); font-size: 12px; }
.evidence { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px 14px;
            margin: 0 0 16px; scroll-margin-top: 8px; }
.evidence:target, .evidence.selected { border-color: var(--accent); box-shadow: 0 0 0 3px #b9cff5; }
.evidence h3 { font-size: 15px; margin: 0 0 6px; }
.evidence h3 .page { color: var(--muted); font-weight: normal; margin-left: .6em; }
.evidence h3 a.back { float: right; font-size: 12px; font-weight: normal; color: var(--accent); }
blockquote.quote { margin: 6px 0; padding: 6px 10px; border-left: 4px solid var(--accent); background: #f7f9fc;
                   white-space: pre-wrap; tab-size: 4; overflow-wrap: anywhere; }
mark { background: var(--mark); color: inherit; padding: 0 1px; border-radius: 2px; }
.rule { color: var(--muted); font-size: 12px; margin: 2px 0; }
.place { font-size: 13px; margin: 4px 0 8px; }
.place.approx { color: #7a5a00; }
.place.missing { color: var(--warn); font-weight: bold; }
figure.page-view { margin: 0; }
figure.page-view svg { display: block; width: 100%; max-width: 900px; height: auto; border: 1px solid #bbb;
                       background: #fff; }
svg .hit { fill: rgba(255, 214, 0, .28); stroke: #d62d20; stroke-width: 1.4px; vector-effect: non-scaling-stroke; }
pre.page-text { background: #fff; border: 1px solid #bbb; padding: 8px 10px; margin: 0; white-space: pre-wrap;
                overflow-wrap: anywhere; font-family: inherit; font-size: 13px; line-height: 1.6; }
pre.page-text .ln { color: #9aa1ad; user-select: none; display: inline-block; min-width: 3.5em; }
pre.page-text mark.passage { background: #fff0a8; outline: 1px solid #d62d20; }
.sheet-view { overflow-x: auto; max-width: 100%; }
table.sheet { border-collapse: collapse; background: #fff; font-size: 12px; }
table.sheet th, table.sheet td { border: 1px solid #c8cdd5; padding: 3px 6px; vertical-align: top; white-space: pre-wrap;
                                 max-width: 28em; overflow-wrap: anywhere; }
table.sheet th { background: #eef1f5; color: var(--muted); font-weight: normal; text-align: center; }
table.sheet td.evidence-cell { background: #fff0a8; outline: 2px solid #d62d20; outline-offset: -2px; }
table.sheet tr.passage-row td { background: #fffbe0; }
.defs { position: absolute; width: 0; height: 0; overflow: hidden; }
@media print {
  body { background: #fff; font-size: 11pt; }
  header, main { padding: 0; }
  main { display: block; }
  .answers { position: static; max-height: none; overflow: visible; }
  table.fields thead th { position: static; }
  table.fields tr { break-inside: avoid; }
  td.go a, .evidence h3 a.back { color: inherit; text-decoration: none; }
  .evidence { break-inside: avoid; page-break-inside: avoid; border: 1px solid #999; box-shadow: none; margin: 0 0 8pt; }
  .evidence-list { break-before: page; }
  figure.page-view svg { width: auto; max-width: 100%; height: 18cm; margin: 0 auto; }
  pre.page-text { max-height: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
.change-mark { display: inline-block; margin-left: 6px; padding: 0 5px; border: 1px solid #e0a43a; border-radius: 3px;
               background: #fff1d6; color: #7a4300; font-size: 12px; font-weight: bold; text-decoration: none; }
tr.removed td.value, tr.removed td.condition { text-decoration: line-through; color: var(--muted); }
section.changes { background: #fff; border: 1px solid #e0a43a; border-radius: 6px; padding: 4px 16px 10px; }
article.change { border-top: 1px solid var(--line); padding: 6px 0; }
article.change h3 { font-size: 15px; margin: 4px 0; }
article.change .side { font-size: 13px; color: var(--muted); margin: 4px 0 0; }
)css";

// Marks the evidence a row points to; the links work without it. The class "js" on <html> says
// that the script ran (the Content-Security-Policy allows it by its hash only).
constexpr const char* kScript = R"js(
document.documentElement.classList.add('js');
document.addEventListener('click', function (e) {
  var row = e.target.closest('tr.finding');
  if (!row) return;
  var id = row.getAttribute('data-evidence');
  document.querySelectorAll('.selected').forEach(function (x) { x.classList.remove('selected'); });
  row.classList.add('selected');
  var target = document.getElementById(id);
  if (target) { target.classList.add('selected'); if (e.target.tagName !== 'A') location.hash = id; }
});
)js";

// Returns the Content-Security-Policy source that allows exactly this inline text: 'sha256-…'.
std::string CspHash(std::string_view text) {
  const std::string hex = Sha256Hex(text);
  std::string bytes;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) bytes += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  return "'sha256-" + Base64(bytes) + "'";
}

std::string Num(double x) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", x);
  return buffer;
}

// The value as a reviewer reads it: Readable() of the values stage, with the catalogue's Japanese
// name for a member that has one ("メール (email)", "国内 (domestic)").
std::string DisplayValue(const Value& value, const FieldSpec& field) {
  const std::string readable = Readable(value, field.type);
  if (const auto* member = std::get_if<std::string>(&value)) {
    const MemberSpec* spec = FindMember(field, *member);
    if (spec && !spec->name_ja.empty()) return std::string(spec->name_ja) + " (" + readable + ")";
  }
  return readable;
}

struct Rect {
  double x0, y0, x1, y1;
};

// Joins the boxes of one line (or of one column of vertical text) into one rectangle, so that a
// passage shows as a few frames.
std::vector<Rect> LineRects(const std::vector<TextBox>& boxes, const std::vector<size_t>& hits) {
  std::vector<Rect> rects;
  for (size_t i : hits) {
    const TextBox& b = boxes[i];
    const Rect r{b.x, b.y, b.x + b.width, b.y + b.height};
    if (!rects.empty()) {
      Rect& last = rects.back();
      const double overlap = std::min(last.y1, r.y1) - std::max(last.y0, r.y0);
      const double height = std::min(last.y1 - last.y0, r.y1 - r.y0);
      const double gap = std::max(r.x0 - last.x1, last.x0 - r.x1);
      // Vertical text: one glyph per box, each below the last in the same column.
      const double column_overlap = std::min(last.x1, r.x1) - std::max(last.x0, r.x0);
      const double width = std::min(last.x1 - last.x0, r.x1 - r.x0);
      const double column_gap = std::max(r.y0 - last.y1, last.y0 - r.y1);
      const bool same_height = height >= 0.5 * std::max(last.y1 - last.y0, r.y1 - r.y0);
      const bool same_width = width >= 0.5 * std::max(last.x1 - last.x0, r.x1 - r.x0);
      if ((same_height && overlap >= 0.5 * height && gap < 3 * std::max(height, 1.0)) ||
          (same_width && column_overlap >= 0.5 * width && column_gap < std::max(width, 1.0))) {
        last = Rect{std::min(last.x0, r.x0), std::min(last.y0, r.y0), std::max(last.x1, r.x1), std::max(last.y1, r.y1)};
        continue;
      }
    }
    rects.push_back(r);
  }
  return rects;
}

// The quote with the value's stretches in <mark>.
std::string MarkedQuote(const Finding& finding, const FieldSpec* field) {
  if (!field) return HtmlEscape(finding.quote);
  std::string out;
  size_t at = 0;
  for (auto [begin, end] : review::ValueMarks(finding.quote, finding.value, *field)) {
    out += HtmlEscape(std::string_view(finding.quote).substr(at, begin - at));
    out += "<mark>" + HtmlEscape(std::string_view(finding.quote).substr(begin, end - begin)) + "</mark>";
    at = end;
  }
  return out + HtmlEscape(std::string_view(finding.quote).substr(at));
}

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Where a finding's quote stands on its page, and what the reviewer is told about it.
struct Placement {
  review::QuoteLocation location;
  bool have_page = false;
  std::string message;  // HTML
  std::string css;      // "exact", "approx", "missing"
};

Placement Place(const Finding& finding, const ReviewPage* page) {
  Placement p;
  if (page && page->sheet) {
    p.have_page = true;
    const bool found = std::any_of(page->sheet->cells.begin(), page->sheet->cells.end(), [&](const text::SheetCell& c) {
      return text::CellName(c.row, c.column) == finding.location.cell;
    });
    if (found) {
      p.message = "値はシート「" + HtmlEscape(page->sheet->name) + "」のセル " + HtmlEscape(finding.location.cell) +
                  " にあります（下の表の赤枠）。";
      p.css = "exact";
    } else {
      p.message = "⚠ 値のセルをシート「" + HtmlEscape(page->sheet->name) + "」の上で特定できませんでした。先頭の行を表示しています。";
      p.css = "missing";
    }
    return p;
  }
  if (!page || (!page->image && page->text.empty())) {
    p.message = "このページは表示できません（元のファイルがない、またはページを描けません。上の警告を参照）。";
    p.css = "missing";
    return p;
  }
  p.have_page = true;
  review::PageText text;
  if (page->image) {
    for (const TextBox& box : page->image->boxes) text.pieces.push_back(box.text);
    text.lines = review::LineNumbers(page->image->boxes);
  } else {
    text.pieces = SplitLines(page->text);
    for (size_t i = 0; i < text.pieces.size(); ++i) text.lines.push_back(static_cast<double>(i));
    text.joiner = "\n";
  }
  const FieldSpec* field = FindField(finding.field);
  p.location = review::LocateQuote(finding.quote, text,
                                   field ? review::ValueMarks(finding.quote, finding.value, *field)
                                         : std::vector<std::pair<size_t, size_t>>{});
  const std::string where = page->image ? "ページ上の赤枠" : "下のページ本文の印";
  if (p.location.continues) {
    p.message = "引用の前半はこのページの末尾にあります（" + where + "）。続きは" +
                std::to_string(finding.page + 1) + "ページにあります。";
    p.css = "approx";
  } else if (p.location.exact || p.location.placed >= kNearlyWhole) {
    p.message = "引用はこのページで見つかりました（" + where + (p.location.exact ? "" : "。記号や改行の小さな違いを除く") + "）。";
    p.css = "exact";
  } else if (p.location.found()) {
    p.message = "引用の約" + std::to_string(static_cast<int>(std::lround(p.location.placed * 100))) +
                "%をこのページで特定しました（" + where + "は目安で、やや広めのことがあります）。";
    p.css = "approx";
  } else {
    p.message = "⚠ 引用をこのページ上で特定できませんでした。ページ全体を印なしで表示しています。";
    p.css = "missing";
  }
  return p;
}

std::string PageFigure(const ReviewPage& page, const Placement& placement) {
  const PageImage& image = *page.image;
  std::string out = "<figure class=\"page-view\"><svg viewBox=\"0 0 " + Num(image.width_pt) + " " +
                    Num(image.height_pt) + "\" role=\"img\" aria-label=\"" + std::to_string(page.number) +
                    "ページ\"><use href=\"#page-" + std::to_string(page.number) + "\"/>";
  constexpr double kPad = 1.5;
  for (const Rect& r : LineRects(image.boxes, placement.location.pieces)) {
    out += "<rect class=\"hit\" x=\"" + Num(r.x0 - kPad) + "\" y=\"" + Num(r.y0 - kPad) + "\" width=\"" +
           Num(r.x1 - r.x0 + 2 * kPad) + "\" height=\"" + Num(r.y1 - r.y0 + 2 * kPad) + "\"/>";
  }
  return out + "</svg></figure>";
}

std::string PageLines(const ReviewPage& page, const Placement& placement) {
  const std::vector<std::string> lines = SplitLines(page.text);
  const auto& hits = placement.location.pieces;
  int first = 0;
  int last = std::min<int>(static_cast<int>(lines.size()), kUnplacedLines) - 1;
  if (!hits.empty()) {
    first = std::max(0, static_cast<int>(hits.front()) - kContextLines);
    last = std::min(static_cast<int>(lines.size()) - 1, static_cast<int>(hits.back()) + kContextLines);
  }
  std::string out = "<pre class=\"page-text\">";
  if (first > 0) out += "<span class=\"ln\">…</span>\n";
  for (int i = first; i <= last; ++i) {
    const bool hit = std::binary_search(hits.begin(), hits.end(), static_cast<size_t>(i));
    // A text without line breaks is one line: show a screenful of it, not megabytes per finding.
    std::string line(utf8::Prefix(lines[i], kMaxLineChars));
    if (line.size() < lines[i].size()) line += " …";
    out += "<span class=\"ln\">" + std::to_string(i + 1) + "</span>";
    out += hit ? "<mark class=\"passage\">" + HtmlEscape(line) + "</mark>" : HtmlEscape(line);
    out += "\n";
  }
  if (last + 1 < static_cast<int>(lines.size())) out += "<span class=\"ln\">…</span>\n";
  return out + "</pre>";
}

// Where a finding stands, as the heading of its evidence shows it: "p.3", or the sheet and cell of
// a spreadsheet ("シート チェックシート E12"), or a Word file's table cell or paragraph.
std::string Where(const Finding& f) {
  const SourceLocation& l = f.location;
  if (!l.sheet.empty()) return "シート " + HtmlEscape(l.sheet) + (l.cell.empty() ? "" : " " + HtmlEscape(l.cell));
  std::string where = "p." + std::to_string(f.page);
  if (l.table > 0) where += " 表" + std::to_string(l.table) + (l.cell.empty() ? "" : " " + HtmlEscape(l.cell));
  else if (l.paragraph > 0) where += " 段落" + std::to_string(l.paragraph);
  else if (!l.cell.empty()) where += " " + HtmlEscape(l.cell);
  return where;
}

// Returns the column letters of a 1-based column number (28 -> "AB").
std::string ColumnLetters(int column) {
  const std::string name = text::CellName(1, column);
  return name.substr(0, name.size() - 1);
}

// The sheet's rows around the evidence cell as an HTML table, with row numbers and column letters as
// Excel shows them, merged ranges merged, the evidence cell framed and the rest of its row tinted.
std::string SheetTable(const text::Sheet& sheet, const Finding& finding) {
  int min_column = 0, max_column = 0, last_row = 0, evidence_row = 0, evidence_column = 0;
  for (const text::SheetCell& c : sheet.cells) {
    min_column = min_column ? std::min(min_column, c.column) : c.column;
    max_column = std::max(max_column, c.column + c.column_span - 1);
    last_row = std::max(last_row, c.row);
    if (text::CellName(c.row, c.column) == finding.location.cell) evidence_row = c.row, evidence_column = c.column;
  }
  if (sheet.cells.empty()) return "<p class=\"place missing\">このシートには文字がありません。</p>";
  max_column = std::min(max_column, min_column + kSheetMaxColumns - 1);
  const int center = evidence_row ? evidence_row : sheet.cells.front().row;
  const int first_row = std::max(1, center - kSheetContextRows), end_row = std::min(last_row, center + kSheetContextRows);
  // The cells of the window by position; positions a merged range covers are not drawn again.
  std::map<std::pair<int, int>, const text::SheetCell*> at;
  std::set<std::pair<int, int>> covered;
  for (const text::SheetCell& c : sheet.cells) {
    if (c.merged_copy || c.row > end_row || c.row + c.row_span - 1 < first_row) continue;
    at[{c.row, c.column}] = &c;
    for (int r = c.row; r < c.row + c.row_span; ++r) {
      for (int k = c.column; k < c.column + c.column_span; ++k) {
        if (r != c.row || k != c.column) covered.insert({r, k});
      }
    }
  }
  std::string out = "<div class=\"sheet-view\"><table class=\"sheet\"><thead><tr><th></th>";
  for (int k = min_column; k <= max_column; ++k) out += "<th>" + ColumnLetters(k) + "</th>";
  out += "</tr></thead><tbody>";
  if (first_row > 1) out += "<tr><th>…</th></tr>";
  for (int r = first_row; r <= end_row; ++r) {
    out += std::string("<tr") + (r == evidence_row ? " class=\"passage-row\"" : "") + "><th>" + std::to_string(r) + "</th>";
    for (int k = min_column; k <= max_column; ++k) {
      if (covered.count({r, k})) continue;
      const auto cell = at.find({r, k});
      if (cell == at.end()) {
        // A range that starts above the window: its first row in the window stands for it.
        out += "<td></td>";
        continue;
      }
      const text::SheetCell& c = *cell->second;
      const int rows = std::min(c.row + c.row_span - 1, end_row) - std::max(c.row, first_row) + 1;
      const int columns = std::min(c.column + c.column_span - 1, max_column) - c.column + 1;
      out += "<td";
      if (rows > 1) out += " rowspan=\"" + std::to_string(rows) + "\"";
      if (columns > 1) out += " colspan=\"" + std::to_string(columns) + "\"";
      if (r == evidence_row && k == evidence_column) out += " class=\"evidence-cell\"";
      std::string shown(utf8::Prefix(c.text, kMaxLineChars));
      if (shown.size() < c.text.size()) shown += " …";
      out += ">" + HtmlEscape(shown) + "</td>";
    }
    out += "</tr>";
  }
  if (end_row < last_row) out += "<tr><th>…</th></tr>";
  return out + "</tbody></table></div>";
}

// Why a page could not be read, for the reviewer (the codes of text/document_reader.h).
std::string UnreadableReasonJa(const std::string& code) {
  if (code == "no_text_layer") return "文字情報のない画像のページで、OCR がオフ（--ocr never）か使えません";
  if (code == "garbled_text") return "文字情報が化けており、OCR がオフ（--ocr never）か使えません";
  if (code == "ocr_failed") return "OCR でページを描画・読み取りできませんでした";
  if (code == "ocr_no_text") return "OCR がページの画像から文字を読み取れませんでした";
  if (code == "ocr_low_confidence") return "OCR の読み取りが不確かすぎて使えません";
  if (code == "ocr_time_limit") return "文書の制限時間（--timeout, --cpu）内に OCR が届きませんでした";
  return code;
}

// "p.2, p.5" for the pages that could not be read.
std::string UnreadablePagesText(const Reading& reading) {
  std::string out;
  for (const UnreadablePage& p : reading.unreadable_pages) out += (out.empty() ? "p." : ", p.") + std::to_string(p.page);
  return out;
}

// The answer shown for a field with no finding: 記載なし when every page was read; 読み取れず when
// some page could not be (the field may stand there).
std::string NoAnswerCell(const Reading& reading) {
  if (reading.unreadable_pages.empty()) return "<td class=\"none\" colspan=\"3\">記載なし</td>";
  return "<td class=\"none unreadable\" colspan=\"3\">読み取れず <a href=\"#unreadable\">（" +
         UnreadablePagesText(reading) + " を目で確認）</a></td>";
}

// The pages that could not be read, each with why and its picture, to be read by eye.
std::string UnreadablePagesSection(const ReviewDocument& d) {
  if (d.reading.unreadable_pages.empty()) return "";
  std::string out = "<section class=\"unreadable-pages\" id=\"unreadable\"><h2>読み取れなかったページ</h2>"
                    "<p>これらのページから kensa は回答を読み取れませんでした。記載の有無は画像を目で確認してください。</p>";
  for (const UnreadablePage& p : d.reading.unreadable_pages) {
    out += "<h3>p." + std::to_string(p.page) + ": " + HtmlEscape(UnreadableReasonJa(p.reason)) + "</h3>";
    auto page = d.pages_shown.find(p.page);
    if (page != d.pages_shown.end() && page->second.image) {
      const PageImage& image = *page->second.image;
      out += "<figure class=\"page-view\"><svg viewBox=\"0 0 " + Num(image.width_pt) + " " + Num(image.height_pt) +
             "\" role=\"img\" aria-label=\"" + std::to_string(p.page) + "ページ\"><use href=\"#page-" +
             std::to_string(p.page) + "\"/></svg></figure>";
    } else {
      out += "<p class=\"place missing\">このページの画像はありません（元のファイルがない、またはページを描けません）。</p>";
    }
  }
  return out + "</section>\n";
}

// How a change reads in Japanese (the marks and headings of a later version's page).
const char* ChangeWordJa(ChangeKind kind) {
  return kind == ChangeKind::kAdded ? "追加" : kind == ChangeKind::kRemoved ? "削除" : "変更";
}

// The changes since the previous version, in the diff's order (catalogue order), numbered as the
// page's anchors c1, c2 …; and which of the reviewed document's findings each new value is.
struct ChangeMarks {
  std::vector<const AnswerChange*> changes;
  std::map<size_t, size_t> by_finding;  // index in ReviewDocument::findings -> index in changes
};

ChangeMarks MarkChanges(const ReviewDocument& d) {
  ChangeMarks marks;
  if (!d.previous) return marks;
  for (const FieldDiff& field : d.previous->diff.fields) {
    for (const AnswerChange& c : field.changes) {
      marks.changes.push_back(&c);
      if (!c.after) continue;
      for (size_t i = 0; i < d.findings.size(); ++i) {
        const Finding& f = d.findings[i];
        if (f.field == c.after->field && f.page == c.after->page && f.quote == c.after->quote && f.rule == c.after->rule &&
            ValueToJson(f.value) == ValueToJson(c.after->value) && !marks.by_finding.count(i)) {
          marks.by_finding[i] = marks.changes.size() - 1;
          break;
        }
      }
    }
  }
  return marks;
}

std::string ReadableOf(const Finding& f) {
  const FieldSpec* field = FindField(f.field);
  return field ? DisplayValue(f.value, *field) : ValueToJson(f.value);
}

std::string PreviousName(const PreviousVersion& p) {
  return std::filesystem::path(p.path).filename().string() + (p.document_date.empty() ? "" : "（" + p.document_date + "）");
}

// The changes since the previous version, each with both quotes: the new one links to its evidence.
std::string ChangesSection(const ReviewDocument& d, const ChangeMarks& marks) {
  if (!d.previous) return "";
  const int fields = d.previous->diff.changed_fields();
  std::string out = "<section class=\"changes\" id=\"changes\"><h2>前の版からの変更: " + std::to_string(fields) +
                    "項目（前の版 " + HtmlEscape(PreviousName(*d.previous)) + "）</h2>";
  if (marks.changes.empty()) out += "<p>前の版と回答は同じです。</p>";
  std::map<const AnswerChange*, size_t> evidence_of;
  for (const auto& [finding, change] : marks.by_finding) evidence_of[marks.changes[change]] = finding;
  for (size_t k = 0; k < marks.changes.size(); ++k) {
    const AnswerChange& c = *marks.changes[k];
    const FieldSpec* field = FindField(c.field);
    auto with_condition = [](const Finding& f) {
      return HtmlEscape(ReadableOf(f)) + (f.condition.empty() ? "" : "（" + HtmlEscape(f.condition) + "）");
    };
    out += "<article class=\"change\" id=\"c" + std::to_string(k + 1) + "\" data-field=\"" + HtmlEscape(c.field) +
           "\" data-kind=\"" + ChangeKindName(c.kind) + "\"><h3><span class=\"change-mark\">" + ChangeWordJa(c.kind) +
           "</span> " + HtmlEscape(field ? field->label_ja : c.field) + ": " +
           (c.before ? with_condition(*c.before) : std::string("記載なし")) + " → " +
           (c.after ? with_condition(*c.after) : std::string("記載なし")) + "</h3>";
    if (c.before) {
      out += "<p class=\"side\">前の版 p." + std::to_string(c.before->page) + "（ルール <code>" + HtmlEscape(c.before->rule) +
             "</code>）</p><blockquote class=\"quote old\">" + HtmlEscape(c.before->quote) + "</blockquote>";
    }
    if (c.after) {
      auto evidence = evidence_of.find(&c);
      out += "<p class=\"side\">この版 p." + std::to_string(c.after->page) +
             (evidence == evidence_of.end() ? std::string()
                                            : " <a href=\"#e" + std::to_string(evidence->second + 1) + "\">根拠とページへ</a>") +
             "</p><blockquote class=\"quote new\">" + HtmlEscape(c.after->quote) + "</blockquote>";
    }
    out += "</article>";
  }
  return out + "</section>\n";
}

std::string Header(const ReviewDocument& d, int stated, int fields) {
  const std::string name = std::filesystem::path(d.path).filename().string();
  std::string out = "<header><h1><span class=\"kind\">kensa 検査レビュー</span>" + HtmlEscape(name) + "</h1>";
  out += "<dl class=\"meta\">";
  auto item = [&](const char* label, const std::string& html) {
    out += std::string("<dt>") + label + "</dt><dd>" + html + "</dd>";
  };
  item("ファイル", HtmlEscape(d.path));
  const std::string format = d.format == "pdf"    ? "PDF"
                             : d.format == "xlsx" ? "Excel (xlsx)"
                             : d.format == "docx" ? "Word (docx)"
                             : d.format == "csv"  ? "CSV"
                                                  : "テキスト";
  item("形式 / サイズ", HtmlEscape(format) + " / " + std::to_string(d.size) + " バイト");
  item("ページ数", std::to_string(d.pages));
  item("SHA-256", "<code>" + HtmlEscape(d.sha256) + "</code>");
  item("抽出日時 (UTC)", HtmlEscape(d.extracted_at));
  item("ルールの版", "<code>" + HtmlEscape(d.rules_version) + "</code>");
  std::string reading = d.reading.status == "unreadable"          ? "読み取れず"
                        : d.reading.status == "partly_unreadable" ? "一部読み取れず（" + UnreadablePagesText(d.reading) + "）"
                                                                  : "読み取り済み";
  if (!d.reading.ocr_pages.empty()) {
    std::string pages;
    for (int page : d.reading.ocr_pages) pages += (pages.empty() ? "p." : ", p.") + std::to_string(page);
    reading += "／OCR で読んだページ: " + pages;
  }
  item("読み取り", HtmlEscape(reading));
  if (!d.service.empty()) item("サービス", HtmlEscape(d.service));
  if (d.previous) {
    const int changed = d.previous->diff.changed_fields();
    item("前の版", HtmlEscape(PreviousName(*d.previous)) + " — <a href=\"#changes\">" +
                       (changed ? std::to_string(changed) + "項目が変更" : std::string("回答の変更なし")) + "</a>");
  }
  const std::string missing = d.reading.unreadable_pages.empty()
                                  ? "項目は記載なし"
                                  : "項目は回答なし（読み取れないページがあるため記載なしとは言えません）";
  out += "</dl><p class=\"summary\">全" + std::to_string(fields) + "項目のうち <b>" + std::to_string(stated) +
         "項目</b> に記載あり（所見 " + std::to_string(d.findings.size()) + " 件）、<span class=\"gapcount\">" +
         std::to_string(fields - stated) + missing + "</span>。</p></header>";
  return out;
}

}  // namespace

std::string ReviewHtml(const ReviewDocument& d) {
  const auto catalogue = FieldCatalogue();
  const ChangeMarks marks = MarkChanges(d);
  std::vector<Placement> placements;
  placements.reserve(d.findings.size());
  int unplaced = 0;
  for (const Finding& f : d.findings) {
    auto page = d.pages_shown.find(f.page);
    placements.push_back(Place(f, page == d.pages_shown.end() ? nullptr : &page->second));
    if (placements.back().have_page && !placements.back().location.found()) ++unplaced;
  }
  int stated = 0;
  for (const FieldSpec& field : catalogue) {
    stated += std::any_of(d.findings.begin(), d.findings.end(), [&](const Finding& f) { return f.field == field.id; });
  }

  std::string out =
      "<!DOCTYPE html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src " +
      CspHash(kStyle) + "; script-src " + CspHash(kScript) + "\"><meta name=\"generator\" content=\"kensa review\">";
  out += "<title>" + HtmlEscape("検査レビュー: " + std::filesystem::path(d.path).filename().string()) + "</title>";
  out += std::string("<style>") + kStyle + "</style></head>\n<body>\n";
  out += Header(d, stated, static_cast<int>(catalogue.size())) + "\n";

  std::vector<std::string> warnings = d.warnings;
  warnings.insert(warnings.end(), d.notes.begin(), d.notes.end());
  if (unplaced) {
    warnings.push_back(std::to_string(unplaced) + "件の引用はページ上の位置を特定できませんでした（各根拠に表示）。");
  }
  if (!warnings.empty()) {
    out += "<section class=\"warnings\" id=\"warnings\"><h2>警告</h2><ul>";
    for (const std::string& w : warnings) out += "<li>" + HtmlEscape(w) + "</li>";
    out += "</ul></section>\n";
  }

  // The answers: one tbody per field, in catalogue order.
  out += "<main><section class=\"answers\"><table class=\"fields\"><thead><tr><th>項目</th><th>値</th><th>条件</th>"
         "<th>根拠</th></tr></thead>\n";
  for (const FieldSpec& field : catalogue) {
    std::vector<size_t> mine;
    for (size_t i = 0; i < d.findings.size(); ++i) {
      if (d.findings[i].field == field.id) mine.push_back(i);
    }
    // The answers the previous version gave and this one does not: rows of their own, struck through.
    std::vector<size_t> removed;
    for (size_t k = 0; k < marks.changes.size(); ++k)
      if (marks.changes[k]->field == field.id && marks.changes[k]->kind == ChangeKind::kRemoved) removed.push_back(k);
    const std::string id = HtmlEscape(field.id);
    const std::string label = HtmlEscape(field.label_ja) + "<span class=\"fid\">" + id + "</span>";
    const size_t rows = std::max<size_t>(mine.size(), 1) + removed.size();
    const std::string label_cell = "<th scope=\"row\" rowspan=\"" + std::to_string(rows) + "\">" + label + "</th>";
    out += "<tbody id=\"field-" + id + "\" class=\"field " + (mine.empty() ? "gap" : "stated") +
           (std::any_of(marks.changes.begin(), marks.changes.end(), [&](const AnswerChange* c) { return c->field == field.id; })
                ? " changed"
                : "") +
           "\" data-field=\"" + id + "\">";
    bool labelled = false;  // the label cell spans the field's rows: it goes in the first
    auto label_once = [&] { return labelled ? std::string() : (labelled = true, label_cell); };
    if (mine.empty()) out += "<tr>" + label_once() + NoAnswerCell(d.reading) + "</tr>";
    for (size_t k : removed) {
      const Finding& old = *marks.changes[k]->before;
      out += "<tr class=\"removed\">" + label_once() + "<td class=\"value\">" + HtmlEscape(ReadableOf(old)) + "</td><td class=\"condition\">" +
             (old.condition.empty() ? std::string("—") : HtmlEscape(old.condition)) + "</td><td class=\"go\"><a href=\"#c" +
             std::to_string(k + 1) + "\">前の版 p." + std::to_string(old.page) +
             "</a><span class=\"change-mark\">削除</span></td></tr>";
    }
    for (size_t k = 0; k < mine.size(); ++k) {
      const Finding& f = d.findings[mine[k]];
      const std::string evidence = "e" + std::to_string(mine[k] + 1);
      out += "<tr class=\"finding\" data-evidence=\"" + evidence + "\" data-value=\"" + HtmlEscape(ValueToJson(f.value)) +
             "\">";
      out += label_once();
      out += "<td class=\"value\">" + HtmlEscape(DisplayValue(f.value, field));
      if (auto change = marks.by_finding.find(mine[k]); change != marks.by_finding.end()) {
        const AnswerChange& c = *marks.changes[change->second];
        out += " <a class=\"change-mark\" href=\"#c" + std::to_string(change->second + 1) + "\">" + ChangeWordJa(c.kind) +
               (c.before ? "（前の版: " + HtmlEscape(ReadableOf(*c.before)) + "）" : std::string()) + "</a>";
      }
      out += "</td>";
      out += "<td class=\"condition\">" + (f.condition.empty() ? std::string("—") : HtmlEscape(f.condition)) + "</td>";
      out += "<td class=\"go\"><a href=\"#" + evidence + "\">p." + std::to_string(f.page) + " の根拠</a>";
      if (placements[mine[k]].css == "missing") {
        out += std::string(" <span class=\"unplaced\">") + (placements[mine[k]].have_page ? "位置不明" : "ページなし") + "</span>";
      }
      out += "</td></tr>";
    }
    out += "</tbody>\n";
  }
  out += "</table></section>\n";

  out += ChangesSection(d, marks);
  // The evidence: one block per finding.
  out += "<section class=\"evidence-list\"><h2>根拠</h2>\n";
  for (size_t i = 0; i < d.findings.size(); ++i) {
    const Finding& f = d.findings[i];
    const FieldSpec* field = FindField(f.field);
    const Placement& placement = placements[i];
    const std::string fid = HtmlEscape(f.field);
    out += "<article class=\"evidence\" id=\"e" + std::to_string(i + 1) + "\" data-field=\"" + fid + "\" data-page=\"" +
           std::to_string(f.page) + "\">";
    out += "<h3><a class=\"back\" href=\"#field-" + fid + "\">↑ 表へ</a>" +
           HtmlEscape(field ? field->label_ja : f.field) + ": " +
           HtmlEscape(field ? DisplayValue(f.value, *field) : ValueToJson(f.value)) +
           (f.condition.empty() ? "" : "（" + HtmlEscape(f.condition) + "）") + "<span class=\"page\">" +
           Where(f) + "</span></h3>";
    out += "<blockquote class=\"quote\">" + MarkedQuote(f, field) + "</blockquote>";
    out += "<p class=\"rule\">ルール <code>" + HtmlEscape(f.rule) + "</code></p>";
    if (f.ocr) {
      out += "<p class=\"ocr-note\">OCR でページの画像から読んだ文です（単語の平均信頼度 " +
             std::to_string(static_cast<int>(f.ocr_confidence + 0.5f)) + "%）。値を画像と照らしてください。</p>";
    }
    out += "<p class=\"place " + placement.css + "\">" + placement.message + "</p>";
    if (placement.have_page) {
      const ReviewPage& page = d.pages_shown.at(f.page);
      out += page.sheet   ? SheetTable(*page.sheet, f)
             : page.image ? PageFigure(page, placement)
                          : PageLines(page, placement);
    }
    out += "</article>\n";
  }
  if (d.findings.empty()) out += "<p>この文書からは回答が見つかりませんでした。</p>";
  out += UnreadablePagesSection(d);
  out += "</section></main>\n";

  // Each page picture once; every finding on the page shows it with <use>.
  out += "<svg class=\"defs\" aria-hidden=\"true\" focusable=\"false\"><defs>";
  for (const auto& [number, page] : d.pages_shown) {
    if (!page.image) continue;
    out += "<image id=\"page-" + std::to_string(number) + "\" width=\"" + Num(page.image->width_pt) + "\" height=\"" +
           Num(page.image->height_pt) + "\" href=\"data:image/png;base64," + Base64(page.image->png) + "\"/>";
  }
  out += "</defs></svg>\n";
  out += std::string("<script>") + kScript + "</script>\n</body></html>\n";
  return out;
}

}  // namespace kensa
