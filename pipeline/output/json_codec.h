// Stage 6, output: the JSON of ../shared/FIELDS.md (contract v1) for an extraction, the field
// catalogue as JSON, and the reading of expected-answer files (samples/*.expected.json, the same
// contract plus the gold format's "optional"). nlohmann/json appears only in this stage.
// Thread-safe: pure functions.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "extract/extractor.h"

namespace kensa {

// Returns the extraction as contract JSON; indent < 0 gives one line.
std::string ExtractionToJson(const Extraction& extraction, int indent = 2);
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
