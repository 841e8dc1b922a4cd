#include "store/columns.h"

#include <cstdlib>

namespace kensa::store_columns {
namespace {

std::vector<std::string> SplitOn(const std::string& text, char separator) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(separator, start);
    if (end == std::string::npos) end = text.size();
    parts.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

}  // namespace

std::string JoinLines(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& line : lines) out += (out.empty() ? "" : "\n") + line;
  return out;
}

std::vector<std::string> SplitLines(const std::string& text) { return SplitOn(text, '\n'); }

std::string PageListColumn(const std::vector<int>& pages) {
  std::string out;
  for (int page : pages) out += (out.empty() ? "" : ",") + std::to_string(page);
  return out;
}

std::string UnreadableColumn(const std::vector<UnreadablePage>& pages) {
  std::string out;
  for (const UnreadablePage& p : pages) out += (out.empty() ? "" : ",") + std::to_string(p.page) + ":" + p.reason;
  return out;
}

Reading ReadingColumns(const std::string& status, const std::string& ocr_pages, const std::string& unreadable_pages) {
  Reading reading;
  reading.status = status;
  for (const std::string& page : SplitOn(ocr_pages, ',')) reading.ocr_pages.push_back(std::atoi(page.c_str()));
  for (const std::string& item : SplitOn(unreadable_pages, ',')) {
    const size_t colon = item.find(':');
    reading.unreadable_pages.push_back(
        UnreadablePage{std::atoi(item.substr(0, colon).c_str()), colon == std::string::npos ? "" : item.substr(colon + 1)});
  }
  return reading;
}

}  // namespace kensa::store_columns
