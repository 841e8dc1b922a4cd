// libFuzzer target for the value parsers: arbitrary bytes (rules hand them captured, normalized text,
// but nothing stops a rule from capturing anything) through every parser, then each value found
// through Readable and Equivalent (with itself: a parsed value must equal itself).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "values/value.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

void Exercise(const std::optional<kensa::Value>& value, kensa::ValueType type) {
  if (!value) return;
  (void)kensa::Readable(*value, type);
  // NaN is the one value unequal to itself; no parser may produce it.
  Check(kensa::Equivalent(*value, *value));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  using kensa::ValueType;
  for (ValueType type : {ValueType::kDuration, ValueType::kFrequency, ValueType::kPercent, ValueType::kCount,
                         ValueType::kBool, ValueType::kEnum, ValueType::kSet, ValueType::kHours, ValueType::kDate}) {
    Exercise(kensa::ParseValue(type, text), type);
  }
  for (const kensa::Hours& hours : kensa::ParseHours(text)) Exercise(kensa::Value(hours), ValueType::kHours);
  if (auto d = kensa::ParseDuration(text)) Exercise(kensa::Value(*d), ValueType::kDuration);
  if (auto f = kensa::ParseFrequency(text)) Exercise(kensa::Value(*f), ValueType::kFrequency);
  if (auto p = kensa::ParsePercent(text)) Exercise(kensa::Value(*p), ValueType::kPercent);
  if (auto c = kensa::ParseCount(text)) Exercise(kensa::Value(*c), ValueType::kCount);
  if (auto b = kensa::ParseBool(text)) Exercise(kensa::Value(*b), ValueType::kBool);
  if (auto d = kensa::ParseDate(text)) Exercise(kensa::Value(*d), ValueType::kDate);
  (void)kensa::TimeUnitFromName(text);
  return 0;
}
