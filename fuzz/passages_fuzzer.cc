// libFuzzer target for stage 3 (passages): arbitrary bytes, cut into pages at form feeds, normalized
// (the splitter's contract is normalized text) and split. Checks that every passage lies inside the
// text, starts on a page that exists and is not empty.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_input.h"
#include "normalize/normalizer.h"
#include "passages/passage_splitter.h"

using kensa::fuzz::Check;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::vector<kensa::Page> pages = kensa::fuzz::PagesFromBytes(data, size);
  const kensa::NormalizedText normalized = kensa::Normalize(pages);
  const std::vector<kensa::Passage> passages = kensa::SplitPassages(normalized);
  for (const kensa::Passage& p : passages) {
    Check(p.begin <= p.end && p.end <= normalized.text.size());
    Check(p.page >= 1 && p.page <= static_cast<int>(pages.size()));
    (void)kensa::PassageKindName(p.kind);
  }
  return 0;
}
