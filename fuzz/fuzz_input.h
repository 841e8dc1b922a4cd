// What the fuzz targets of the document stages make of libFuzzer's bytes: pages cut at form feeds,
// as a text file's pages are (text/text_file.h), without linking the text stage.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "normalize/normalizer.h"

namespace kensa::fuzz {

inline std::vector<Page> PagesFromBytes(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<Page> pages;
  size_t start = 0;
  for (size_t ff = input.find('\f');; ff = input.find('\f', start)) {
    Page page;
    page.number = static_cast<int>(pages.size()) + 1;
    page.text = std::string(input.substr(start, ff == std::string_view::npos ? std::string_view::npos : ff - start));
    pages.push_back(std::move(page));
    if (ff == std::string_view::npos) break;
    start = ff + 1;
  }
  return pages;
}

// Aborts, as libFuzzer expects of a finding, when ok is false.
inline void Check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace kensa::fuzz
