// libFuzzer target for stage 2 (normalize): arbitrary bytes, cut into pages at form feeds as the text
// reader does, through Normalize and NormalizeString. Checks the offset maps' invariants: one entry
// per normalized byte plus one, page numbers that exist, raw offsets inside their page.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_input.h"
#include "normalize/normalizer.h"

using kensa::fuzz::Check;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::vector<kensa::Page> pages = kensa::fuzz::PagesFromBytes(data, size);
  const kensa::NormalizedText normalized = kensa::Normalize(pages);
  Check(normalized.page_of.size() == normalized.text.size() + 1);
  Check(normalized.raw_offset_of.size() == normalized.text.size() + 1);
  for (size_t i = 0; i < normalized.text.size(); ++i) {
    const int32_t page = normalized.page_of[i];
    Check(page >= 1 && page <= static_cast<int32_t>(pages.size()));
    Check(normalized.raw_offset_of[i] <= pages[page - 1].text.size());
  }
  (void)kensa::NormalizeString(std::string(reinterpret_cast<const char*>(data), size));
  return 0;
}
