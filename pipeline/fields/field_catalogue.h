// The checklist field catalogue of ../shared/FIELDS.md (output contract v1): id, Japanese label,
// value type and, for enum and set fields, the allowed members. The order is the catalogue's.
// Thread-safe: immutable static data.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "values/value.h"

namespace kensa {

struct FieldSpec {
  std::string_view id;        // "rto"
  std::string_view label_ja;  // "目標復旧時間 (RTO)"
  ValueType type;
  std::vector<std::string_view> members;  // enum/set members, else empty
  std::string_view what_counts;           // one line from FIELDS.md
};

// Returns the catalogue in FIELDS.md order.
std::span<const FieldSpec> FieldCatalogue();
// Returns the field with this id, or nullptr.
const FieldSpec* FindField(std::string_view id);

}  // namespace kensa
