// ReadCsv: decode, pick the separator from a sample of records, then one pass of an RFC 4180 parser
// that writes each record's line as soon as the record ends.
#include "text/csv_reader.h"

#include <algorithm>
#include <array>
#include <exception>
#include <map>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include "common/process_limits.h"
#include "text/text_file.h"

namespace kensa::text {
namespace {

constexpr size_t kMaxRecordBytes = size_t{1} << 20;
constexpr size_t kMaxFields = 16384;
constexpr size_t kSampleRecords = 50;

// Returns the column letters of a 1-based column: 1 -> "A", 26 -> "Z", 27 -> "AA".
std::string ColumnLetters(size_t column) {
  std::string letters;
  while (column > 0) {
    letters.insert(letters.begin(), static_cast<char>('A' + (column - 1) % 26));
    column = (column - 1) / 26;
  }
  return letters;
}

// Returns, for each of the first `limit` non-empty records of text, how often `separator` occurs in
// it outside quotes. Quotes are followed by toggling at every '"' (a doubled "" toggles twice), which
// is enough to know whether a separator or a line end is inside a field.
std::vector<size_t> CountPerRecord(std::string_view text, char separator, size_t limit) {
  std::vector<size_t> counts;
  bool quoted = false;
  size_t count = 0;
  bool empty = true;
  for (size_t i = 0; i <= text.size() && counts.size() < limit; ++i) {
    const char c = i < text.size() ? text[i] : '\n';
    if (c == '"') {
      quoted = !quoted;
      empty = false;
    } else if (!quoted && (c == '\n' || c == '\r')) {
      if (!empty) counts.push_back(count);
      count = 0;
      empty = true;
    } else {
      if (!quoted && c == separator) ++count;
      empty = false;
    }
  }
  return counts;
}

// The count (at least 1) most records share, and the share of records that have it.
struct Consistency {
  size_t count = 0;
  double share = 0;
};

Consistency MostCommonCount(const std::vector<size_t>& counts) {
  std::map<size_t, size_t> frequency;
  for (size_t count : counts) {
    if (count > 0) ++frequency[count];
  }
  Consistency best;
  for (const auto& [count, records] : frequency) {
    const double share = static_cast<double>(records) / static_cast<double>(counts.size());
    if (share > best.share) best = {count, share};
  }
  return best;
}

char DetectSeparator(std::string_view text) {
  char best = ',';
  double best_share = 0;
  for (char candidate : {',', '\t', ';'}) {
    const Consistency consistency = MostCommonCount(CountPerRecord(text, candidate, kSampleRecords));
    if (consistency.count > 0 && consistency.share > best_share) {
      best = candidate;
      best_share = consistency.share;
    }
  }
  return best;
}

// Parses text record by record and writes the page.
class CsvParser {
 public:
  CsvParser(std::string_view text, char separator) : text_(text), separator_(separator) {}

  Status Parse(Page& page, std::vector<std::string>& warnings) {
    while (at_ < text_.size()) {
      if (Status status = ParseRecord(warnings); !status.ok()) return status;
      WriteRecord(page);
    }
    if (page.text.ends_with('\n')) page.text.pop_back();
    return Status::Ok();
  }

 private:
  Status ParseRecord(std::vector<std::string>& warnings) {
    ++record_;
    fields_.clear();
    const size_t start = at_;
    const auto too_long = [&] { return at_ - start > kMaxRecordBytes; };
    for (;;) {
      std::string field;
      if (at_ < text_.size() && text_[at_] == '"') {
        const size_t opened = record_;
        bool closed = false;
        for (++at_; at_ < text_.size(); ++at_) {
          if (too_long()) return TooLong();
          const char c = text_[at_];
          if (c == '"') {
            if (at_ + 1 < text_.size() && text_[at_ + 1] == '"') {
              field += '"';
              ++at_;
              continue;
            }
            ++at_;
            closed = true;
            break;
          }
          if (c == '\r' && at_ + 1 < text_.size() && text_[at_ + 1] == '\n') ++at_;
          field += Visible(c);
        }
        if (!closed) {
          warnings.push_back("CSV: the quoted field opened in record " + std::to_string(opened) +
                             " is never closed; it runs to the end of the file");
        }
      }
      // Unquoted text, or anything after a closing quote (read as is, as spreadsheets do).
      for (; at_ < text_.size(); ++at_) {
        const char c = text_[at_];
        if (c == separator_ || c == '\n' || c == '\r') break;
        if (too_long()) return TooLong();
        field += Visible(c);
      }
      fields_.push_back(std::move(field));
      if (fields_.size() > kMaxFields) {
        return Status::Error(ErrorKind::kResourceLimit,
                             "CSV record " + std::to_string(record_) + " has more than 16,384 fields");
      }
      if (at_ >= text_.size()) return Status::Ok();
      if (text_[at_] == separator_) {
        ++at_;
        continue;
      }
      at_ += text_[at_] == '\r' && at_ + 1 < text_.size() && text_[at_ + 1] == '\n' ? 2 : 1;
      return Status::Ok();
    }
  }

  Status TooLong() const {
    return Status::Error(ErrorKind::kResourceLimit, "CSV record " + std::to_string(record_) + " is over 1 MiB");
  }

  // A line end, tab or form feed inside a field is a space: it must not split the line or the cell.
  static char Visible(char c) { return c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v' ? ' ' : c; }

  void WriteRecord(Page& page) {
    while (!fields_.empty() && fields_.back().empty()) fields_.pop_back();
    if (fields_.empty()) return;
    for (size_t column = 0; column < fields_.size(); ++column) {
      if (column > 0) page.text += '\t';
      if (!fields_[column].empty()) {
        SourcePlace place;
        place.offset = page.text.size();
        place.cell = ColumnLetters(column + 1) + std::to_string(record_);
        page.places.push_back(std::move(place));
      }
      page.text += fields_[column];
    }
    page.text += '\n';
  }

  std::string_view text_;
  char separator_;
  size_t at_ = 0;
  size_t record_ = 0;
  std::vector<std::string> fields_;
};

Result<OfficeText> ReadCsvOrThrow(std::string_view bytes, char separator) {
  Result<DecodedText> decoded = DecodeText(bytes);
  if (!decoded.ok()) return decoded.status();
  const std::string& text = decoded->utf8;
  if (separator == 0) separator = DetectSeparator(text);
  OfficeText out;
  out.warnings = std::move(decoded->warnings);
  Page page(1, "");
  CsvParser parser(text, separator);
  if (Status status = parser.Parse(page, out.warnings); !status.ok()) return status;
  out.pages.push_back(std::move(page));
  return out;
}

}  // namespace

Result<OfficeText> ReadCsv(std::string_view bytes, char separator) {
  try {
    return ReadCsvOrThrow(bytes, separator);
  } catch (const std::bad_alloc&) {
    return Result<OfficeText>::Error(ErrorKind::kResourceLimit, MemoryLimitMessage());
  } catch (const std::exception& e) {
    return Result<OfficeText>::Error(ErrorKind::kInternal, std::string("internal error reading a CSV file: ") + e.what());
  }
}

bool LooksLikeCsv(std::string_view utf8) {
  const std::vector<size_t> commas = CountPerRecord(utf8, ',', kSampleRecords);
  if (commas.size() < 3) return false;
  const std::vector<size_t> tabs = CountPerRecord(utf8, '\t', kSampleRecords);
  const auto tabbed = static_cast<size_t>(std::count_if(tabs.begin(), tabs.end(), [](size_t n) { return n > 0; }));
  if (tabbed * 2 >= tabs.size()) return false;
  return MostCommonCount(commas).share >= 0.8;
}

}  // namespace kensa::text
