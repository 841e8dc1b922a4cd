// How both stores (sqlite_store.cc, postgres_store.cc) keep a document's lists in one text column,
// and the document columns they select. Internal to pipeline/store.
// Thread-safety: pure functions and constants.
#pragma once

#include <string>
#include <vector>

#include "findings/finding.h"

namespace kensa::store_columns {

// The document columns every read selects, in the order DocumentRow-style readers take them; a
// reviewer's correction of the service stands before what ingest found (kFromDocuments joins it).
inline constexpr const char* kDocumentColumns =
    "d.id, d.sha256, d.rules_version, d.path, d.size, d.pages, d.status, d.error, d.warnings, d.ingested_at, "
    "d.reading, d.ocr_pages, d.unreadable_pages, COALESCE(c.service, d.service), COALESCE(c.service_key, d.service_key), "
    "CASE WHEN c.sha256 IS NULL THEN d.service_from ELSE 'reviewer' END, d.stated_service, d.stated_vendor, "
    "d.stated_page, d.stated_quote, d.stated_how, d.document_date";
inline constexpr const char* kFromDocuments = " FROM documents d LEFT JOIN service_corrections c ON c.sha256 = d.sha256";

// Warnings, one a line.
std::string JoinLines(const std::vector<std::string>& lines);
std::vector<std::string> SplitLines(const std::string& text);

// Page lists: "1,3" for the OCR pages; "2:no_text_layer,5:ocr_no_text" for the unreadable pages with
// their reasons; and back.
std::string PageListColumn(const std::vector<int>& pages);
std::string UnreadableColumn(const std::vector<UnreadablePage>& pages);
Reading ReadingColumns(const std::string& status, const std::string& ocr_pages, const std::string& unreadable_pages);

}  // namespace kensa::store_columns
