// Internal to the text stage: what an Office or CSV reader gives back, before ReadDocument wraps it
// into a RawDocument (pages with the places their text came from, and warnings).
// Thread-safety: a plain value.
#pragma once

#include <string>
#include <vector>

#include "text/document_reader.h"

namespace kensa::text {

struct OfficeText {
  std::vector<Page> pages;
  std::vector<std::string> warnings;
};

}  // namespace kensa::text
