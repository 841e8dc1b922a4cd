// The terminal report of a regression run: aligned tables (Japanese labels measured in display
// columns), one line per false positive, false negative and change against the baseline, each line
// naming document, field and value so that it can be read (and grepped) on its own.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "fields/field_catalogue.h"
#include "regress/display_width.h"
#include "regress/report.h"

namespace kensa {
namespace {

constexpr const char* kRed = "\x1b[1;31m";
constexpr const char* kGreen = "\x1b[32m";
constexpr const char* kReset = "\x1b[0m";

enum class Align { kLeft, kRight };

// Rows of cells printed with every column as wide as its widest cell, two spaces apart; the first
// row is the header.
class Table {
 public:
  explicit Table(std::vector<Align> align) : align_(std::move(align)) {}
  void Add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  bool empty() const { return rows_.empty(); }

  // Returns the lines, without trailing spaces.
  std::vector<std::string> Lines() const {
    std::vector<int> width(align_.size(), 0);
    for (const auto& row : rows_)
      for (size_t c = 0; c < row.size() && c < width.size(); ++c) width[c] = std::max(width[c], DisplayWidth(row[c]));
    std::vector<std::string> lines;
    for (const auto& row : rows_) {
      std::string line;
      for (size_t c = 0; c < row.size() && c < width.size(); ++c) {
        if (c > 0) line += "  ";
        line += align_[c] == Align::kRight ? PadLeft(row[c], width[c]) : PadRight(row[c], width[c]);
      }
      while (!line.empty() && line.back() == ' ') line.pop_back();
      lines.push_back(std::move(line));
    }
    return lines;
  }

 private:
  std::vector<Align> align_;
  std::vector<std::vector<std::string>> rows_;
};

std::string Fixed3(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  return buf;
}

std::string LabelJa(const std::string& field) {
  const FieldSpec* spec = FindField(field);
  return spec ? std::string(spec->label_ja) : std::string();
}

// "agreed/scored" of the conditions, "-" when none was scored.
std::string ConditionCell(const Counts& c) {
  return c.conditions ? std::to_string(c.conditions_agreed) + "/" + std::to_string(c.conditions) : "-";
}

std::vector<std::string> CountCells(const Counts& c) {
  return {std::to_string(c.tp), std::to_string(c.fp), std::to_string(c.fn),
          Fixed3(c.Precision()), Fixed3(c.Recall()), Fixed3(c.F1()), ConditionCell(c)};
}

// A quote on one line: table cells (tabs) shown as " | ", cut to `width` columns, in 「」.
std::string QuoteCell(const std::string& quote, int width) {
  if (quote.empty()) return "";
  std::string flat;
  for (char ch : quote) {
    if (ch == '\t') flat += " | ";
    else if (ch == '\n' || ch == '\r') flat += ' ';
    else flat += ch;
  }
  return "「" + TruncateToWidth(flat, width) + "」";
}

std::string PageCell(int page) { return page > 0 ? "p" + std::to_string(page) : ""; }

std::string Transition(const char* name, int before, int after) {
  std::string s = std::string(name) + " " + std::to_string(before);
  if (before != after) s += "→" + std::to_string(after);
  return s;
}

std::vector<std::string> SortedFields(const std::map<std::string, Counts>& by_field) {
  std::vector<std::string> fields;
  for (const auto& [field, counts] : by_field) fields.push_back(field);
  std::stable_sort(fields.begin(), fields.end(),
                   [](const std::string& a, const std::string& b) { return FieldOrder(a) < FieldOrder(b); });
  return fields;
}

void WriteLines(std::ostream& out, const Table& table, const std::string& indent = "") {
  for (const std::string& line : table.Lines()) out << indent << line << "\n";
}

void WriteFieldTable(std::ostream& out, const RegressRun& run) {
  out << "項目別 per field\n";
  Table table({Align::kLeft, Align::kLeft, Align::kRight, Align::kRight, Align::kRight, Align::kRight, Align::kRight,
               Align::kRight, Align::kRight});
  table.Add({"field", "項目", "TP", "FP", "FN", "precision", "recall", "F1", "条件 cond"});
  const auto by_field = run.ByField();
  for (const std::string& field : SortedFields(by_field)) {
    std::vector<std::string> row = {field, LabelJa(field)};
    for (std::string& cell : CountCells(by_field.at(field))) row.push_back(std::move(cell));
    table.Add(std::move(row));
  }
  std::vector<std::string> total = {"合計 micro", ""};
  for (std::string& cell : CountCells(run.Total())) total.push_back(std::move(cell));
  table.Add(std::move(total));
  WriteLines(out, table, "  ");
}

void WriteDocumentTable(std::ostream& out, const RegressRun& run) {
  out << "\n文書別 per document\n";
  Table table({Align::kLeft, Align::kRight, Align::kRight, Align::kRight, Align::kRight, Align::kRight, Align::kRight,
               Align::kRight, Align::kLeft});
  table.Add({"document", "TP", "FP", "FN", "precision", "recall", "F1", "条件 cond", ""});
  for (const DocumentResult& d : run.documents) {
    std::vector<std::string> row = {d.document};
    for (std::string& cell : CountCells(d.total)) row.push_back(std::move(cell));
    row.push_back(d.error.empty() ? "" : "ERROR: " + d.error);
    table.Add(std::move(row));
  }
  WriteLines(out, table, "  ");
}

void WriteErrors(std::ostream& out, const RegressRun& run, const TextReportOptions& options) {
  Table fps({Align::kLeft, Align::kLeft, Align::kLeft, Align::kLeft, Align::kRight, Align::kLeft, Align::kLeft});
  Table fns({Align::kLeft, Align::kLeft, Align::kLeft, Align::kLeft, Align::kLeft});
  Table conditions({Align::kLeft, Align::kLeft, Align::kLeft, Align::kLeft, Align::kLeft, Align::kLeft});
  size_t n_fp = 0, n_fn = 0, n_conditions = 0;
  for (const DocumentResult& d : run.documents) {
    for (const ReportedFinding& f : d.false_positives) {
      fps.Add({d.document, f.field, LabelJa(f.field), "found " + f.value, PageCell(f.page), f.rule,
               QuoteCell(f.quote, options.quote_width)});
      ++n_fp;
    }
    for (const ReportedFinding& f : d.false_negatives) {
      fns.Add({d.document, f.field, LabelJa(f.field), "expected " + f.value, QuoteCell(f.quote, options.quote_width)});
      ++n_fn;
    }
    for (const ReportedFinding& f : d.condition_disagreements) {
      conditions.Add({d.document, f.field, f.value, "found 「" + f.condition + "」",
                      "expected 「" + f.expected_condition + "」", QuoteCell(f.quote, options.quote_width)});
      ++n_conditions;
    }
  }
  out << "\n誤検出 false positives: " << n_fp << "\n";
  WriteLines(out, fps, "  FP  ");
  out << "\n見落とし false negatives: " << n_fn << "\n";
  WriteLines(out, fns, "  FN  ");
  out << "\n条件違い condition disagreements: " << n_conditions << "\n";
  WriteLines(out, conditions, "  COND  ");
}

std::string Tag(bool worse, const TextReportOptions& options) {
  std::string tag = worse ? "WORSE " : "better";
  if (!options.colour) return tag;
  return std::string(worse ? kRed : kGreen) + tag + kReset;
}

const char* ChangeLabel(FindingChangeKind kind) {
  switch (kind) {
    case FindingChangeKind::kNewMiss: return "newly missed (見落とし): expected ";
    case FindingChangeKind::kNewFalsePositive: return "new false positive (誤検出): found ";
    case FindingChangeKind::kFixedMiss: return "fixed miss: now found ";
    case FindingChangeKind::kFixedFalsePositive: return "false positive gone: ";
  }
  return "";
}

void WriteComparison(std::ostream& out, const Comparison& comparison, const Verdict& verdict,
                     const TextReportOptions& options) {
  out << "\nベースラインとの比較 against the baseline " << verdict.baseline << "\n";
  // Rows carry their tag apart from the table so colour codes never upset the column widths.
  Table table({Align::kLeft, Align::kLeft, Align::kLeft, Align::kLeft});
  std::vector<bool> worse;
  // Documents in order; under each its total, then per field the counts and the findings.
  std::vector<std::string> documents;
  for (const CountsChange& c : comparison.counts) documents.push_back(c.document);
  for (const FindingChange& f : comparison.findings) documents.push_back(f.document);
  std::sort(documents.begin(), documents.end());
  documents.erase(std::unique(documents.begin(), documents.end()), documents.end());
  for (const std::string& document : documents) {
    std::vector<std::string> fields;
    for (const CountsChange& c : comparison.counts) {
      if (c.document != document) continue;
      if (c.field.empty()) {
        table.Add({document, "(total)", Transition("TP", c.before.tp, c.after.tp) + "  " +
                                            Transition("FP", c.before.fp, c.after.fp) + "  " +
                                            Transition("FN", c.before.fn, c.after.fn), ""});
        worse.push_back(c.worse);
      } else {
        fields.push_back(c.field);
      }
    }
    for (const FindingChange& f : comparison.findings)
      if (f.document == document && std::find(fields.begin(), fields.end(), f.finding.field) == fields.end())
        fields.push_back(f.finding.field);
    std::stable_sort(fields.begin(), fields.end(),
                     [](const std::string& a, const std::string& b) { return FieldOrder(a) < FieldOrder(b); });
    for (const std::string& field : fields) {
      const std::string label = field + " " + LabelJa(field);
      for (const CountsChange& c : comparison.counts) {
        if (c.document != document || c.field != field) continue;
        table.Add({document, label, Transition("TP", c.before.tp, c.after.tp) + "  " +
                                        Transition("FP", c.before.fp, c.after.fp) + "  " +
                                        Transition("FN", c.before.fn, c.after.fn), ""});
        worse.push_back(c.worse);
      }
      for (const FindingChange& f : comparison.findings) {
        if (f.document != document || f.finding.field != field) continue;
        std::string where = PageCell(f.finding.page);
        table.Add({document, label, ChangeLabel(f.kind) + f.finding.value,
                   (where.empty() ? "" : where + " ") + QuoteCell(f.finding.quote, options.quote_width)});
        worse.push_back(f.worse());
      }
    }
  }
  const auto lines = table.Lines();
  for (size_t i = 0; i < lines.size(); ++i) out << Tag(worse[i], options) << "  " << lines[i] << "\n";
  if (comparison.Unchanged()) out << "  no change: every document of the baseline scores as it did\n";
  for (const std::string& d : comparison.new_documents)
    out << "  new     " << d << ": not in the baseline (save a new one to include it)\n";
  for (const std::string& d : comparison.missing_documents)
    out << "  gone    " << d << ": in the baseline, not run now\n";
}

void WriteSummary(std::ostream& out, const RegressRun& run, const Comparison* comparison, const Verdict& verdict,
                  const TextReportOptions& options) {
  const Counts total = run.Total();
  int errors = 0;
  for (const DocumentResult& d : run.documents) errors += d.error.empty() ? 0 : 1;
  out << "\n合計 summary: " << run.documents.size() << " documents";
  if (errors) out << " (" << errors << " could not be extracted)";
  out << ", TP " << total.tp << "  FP " << total.fp << "  FN " << total.fn << "  precision "
      << Fixed3(total.Precision()) << "  recall " << Fixed3(total.Recall()) << "  F1 " << Fixed3(total.F1());
  if (total.conditions)
    out << "  condition agreement " << Fixed3(total.ConditionAgreement()) << " (" << ConditionCell(total) << ")";
  out << "\n";
  if (comparison) {
    out << "  baseline " << verdict.baseline << ": " << comparison->WorseCount() << " worse, "
        << comparison->BetterCount() << " better\n";
  }
  if (verdict.min_f1) {
    out << "  F1 " << Fixed3(total.F1()) << (verdict.below_min_f1 ? " < " : " >= ") << "--min-f1 "
        << Fixed3(*verdict.min_f1) << "\n";
  }
  const bool failed = verdict.ExitStatus() != 0;
  std::string result = failed ? (verdict.worse ? "WORSE than the baseline" : "WORSE: F1 below --min-f1")
                              : (comparison ? "ok: nothing worse than the baseline" : "ok");
  if (failed && options.colour) result = kRed + result + kReset;
  out << "result: " << result << " (exit " << verdict.ExitStatus() << ")\n";
}

}  // namespace

void WriteTextReport(std::ostream& out, const RegressRun& run, const Comparison* comparison, const Verdict& verdict,
                     const TextReportOptions& options) {
  WriteFieldTable(out, run);
  WriteDocumentTable(out, run);
  WriteErrors(out, run, options);
  if (comparison) WriteComparison(out, *comparison, verdict, options);
  WriteSummary(out, run, comparison, verdict, options);
}

}  // namespace kensa
