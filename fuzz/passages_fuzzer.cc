// libFuzzer target for stage 3 (passages): arbitrary bytes, cut into pages at form feeds, normalized
// (the splitter's contract is normalized text) and split. Checks that every passage lies inside the
// text, starts on a page that exists and is not empty.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "normalize/normalizer.h"
#include "passages/passage_splitter.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<kensa::Page> pages;
  size_t start = 0;
  for (size_t ff = input.find('\f'); ; ff = input.find('\f', start)) {
    kensa::Page page;
    page.number = static_cast<int>(pages.size()) + 1;
    page.text = std::string(input.substr(start, ff == std::string_view::npos ? std::string_view::npos : ff - start));
    pages.push_back(std::move(page));
    if (ff == std::string_view::npos) break;
    start = ff + 1;
  }
  const kensa::NormalizedText normalized = kensa::Normalize(pages);
  const std::vector<kensa::Passage> passages = kensa::SplitPassages(normalized);
  for (const kensa::Passage& p : passages) {
    Check(p.begin <= p.end && p.end <= normalized.text.size());
    Check(p.page >= 1 && p.page <= static_cast<int>(pages.size()));
    (void)kensa::PassageKindName(p.kind);
  }
  return 0;
}
