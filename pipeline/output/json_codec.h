// Stage 6, output: the JSON of ../shared/FIELDS.md (contract v1) for an extraction, and read back
// (from an ingest worker); the field catalogue as JSON; a stored document as JSON (kensa export);
// and the reading of expected-answer files (samples/*.expected.json, the same contract plus the
// gold format's "optional"). nlohmann/json appears only in this stage.
// Thread-safe: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "findings/finding.h"
#include "store/store.h"

namespace kensa {

// Returns the extraction as contract JSON; indent < 0 gives one line. Each finding gains
// "value_text" (the readable value, values' Readable(): "2時間", "99.9%"), each warning is an object
// {"code", "message"} (WarningCode). with_status adds
// "status": "ok" after "document" (the JSON Lines of `kensa extract` with several files).
std::string ExtractionToJson(const Extraction& extraction, int indent = 2, bool with_status = false);
// Returns the JSON of a document that could not be read, in the shape of ExtractionToJson's:
// {"document": {"path"}, "status": "failed", "error": {"code", "message"}, "fields": {}, "warnings": []}.
// indent < 0 gives one line.
std::string FailedDocumentToJson(const std::string& path, const Status& error, int indent = -1);
// Returns the stable code of a warning of the text stage, by its wording (text/document_reader.h,
// text_checks.cc, text_file.cc): "no_text_layer" (an image-only PDF), "no_text" (a text file of
// white space only), "pages_without_text", "garbled_text", "invalid_utf8"; "other" for any other
// line. The JSON writes each warning as {"code", "message"}; stderr as "warning [code]: message".
std::string_view WarningCode(std::string_view message);
// Returns the stable snake_case name of an error kind for JSON ("not_found", "damaged_pdf" …).
const char* ErrorCodeName(ErrorKind kind);
// Reads contract JSON as ExtractionToJson writes it (the output of `kensa extract`) back into an
// Extraction (warnings as objects or, as before, as strings). Fails with kInternal naming what is missing or does not fit the field's type.
Result<Extraction> ExtractionFromJson(const std::string& json);
// Returns a stored document (kensa export) in the contract's shape: "document" gains "paths",
// "status", "error" (when failed) and "ingested_at"; each finding gains "value_text" (readable); warnings are objects as in
// ExtractionToJson.
// indent < 0 gives one line.
std::string StoredDocumentToJson(const StoredDocument& document, int indent = -1);
// Returns the catalogue: [{"id", "label_ja", "type", "members"?}, …].
std::string FieldCatalogueToJson(int indent = 2);
// Returns a value as contract JSON text ({"amount":2,"unit":"hour"}, 99.9, "AWS" …).
std::string ValueToJson(const Value& value);

struct ExpectedFinding {
  std::string field;
  Value value;
  std::string quote;
  std::string condition;
  bool optional = false;
};

// Reads an expected-answers file (or a gold file: "evidence" is read as the quote). Fails with
// kConfig naming the file and the finding at fault.
Result<std::vector<ExpectedFinding>> ReadExpected(const std::string& path);

}  // namespace kensa
