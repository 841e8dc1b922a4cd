// Internal to the text stage: the only code that knows poppler. Turns the bytes of a PDF into pages
// of UTF-8 text, one per PDF page, in the order of the content stream.
// Thread-safe: each call opens its own poppler document; poppler's message sink is set once.
#pragma once

#include <string_view>
#include <vector>

#include "common/status.h"
#include "text/document_reader.h"

namespace kensa::text {

// Extracts every page of the PDF in bytes (which must outlive the call). Page numbers are 1-based.
// Fails with kEmpty (an empty page tree), kEncrypted (a user password is needed), kDamaged (poppler
// cannot load it, or finds no pages although the file holds page objects) or kResourceLimit (over
// 2 GiB, poppler's limit for data in memory). From 32 pages on, a second thread reads the second
// half from a poppler document of its own, unless `one_thread` (for tests: the pages are the same).
Result<std::vector<Page>> ReadPdfPages(std::string_view bytes, bool one_thread = false);

}  // namespace kensa::text
