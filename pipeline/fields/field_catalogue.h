// The checklist field catalogue of ../shared/FIELDS.md (output contract v1): id, Japanese label,
// value type and, for enum and set fields, the allowed members with their Japanese names, the words
// that mark them in a quote and the members they combine. The order is the catalogue's.
//
// The catalogue is data: pipeline/fields/fields.toml, compiled in and parsed on first use. Adding a
// member (a certification, a cloud provider) is one line there.
//
//   for (const FieldSpec& field : FieldCatalogue()) ...
//   if (const FieldSpec* field = FindField("data_location"))
//     if (const MemberSpec* member = FindMember(*field, "domestic")) use(member->name_ja, member->words);
//
// Thread-safe: the catalogue is parsed once (a function-local static) and never changes after.
#pragma once

#include <deque>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "values/value.h"

namespace kensa {

// One member of an enum or set field.
struct MemberSpec {
  std::string_view id;       // "domestic", as written in the JSON
  std::string_view name_ja;  // "国内"; empty where the id reads as it stands ("AWS", "ISO27001")
  // Words that mark the member in a quote ("国内", "日本"): display hints for the review page, in
  // the data's order; empty: the id itself is looked for.
  std::vector<std::string_view> words;
  // The members this one stands for together (domestic_and_overseas: domestic, overseas), else empty.
  // A document that states each of them answers with this member, and its parts are then no answers
  // of their own.
  std::vector<std::string_view> combines;
};

struct FieldSpec {
  std::string_view id;        // "rto"
  std::string_view label_ja;  // "目標復旧時間 (RTO)"
  ValueType type;
  std::vector<std::string_view> members;  // enum/set member ids, else empty
  std::string_view what_counts;           // one line, a shortened form of FIELDS.md's
  std::vector<MemberSpec> member_specs;   // the same members with their names and words
  std::vector<std::string_view> words;    // bool fields: words that mark what the field is about
};

// Returns the catalogue in FIELDS.md order. Aborts (with the data file's line on stderr) when the
// compiled-in fields.toml is malformed, which tests/fields_test.cc catches before a release.
std::span<const FieldSpec> FieldCatalogue();
// Returns the field with this id, or nullptr.
const FieldSpec* FindField(std::string_view id);
// Returns the member of field with this id, or nullptr (also for a field without members).
const MemberSpec* FindMember(const FieldSpec& field, std::string_view id);

// A catalogue read from TOML text: its fields, and the strings their views point into. Move-only
// (the views stay valid across moves).
class ParsedCatalogue {
 public:
  ParsedCatalogue() = default;
  ParsedCatalogue(ParsedCatalogue&&) = default;
  ParsedCatalogue& operator=(ParsedCatalogue&&) = default;
  ParsedCatalogue(const ParsedCatalogue&) = delete;
  ParsedCatalogue& operator=(const ParsedCatalogue&) = delete;

  std::span<const FieldSpec> fields() const { return fields_; }

 private:
  friend Result<ParsedCatalogue> ParseFieldCatalogue(std::string_view toml, std::string_view source);
  std::string_view Keep(std::string text);

  std::deque<std::string> strings_;  // a deque: growing it never moves what the views point to
  std::vector<FieldSpec> fields_;
};

// Parses a catalogue in the format of fields.toml (`source` names it in messages). Fails with
// kConfig, "source:line: what is wrong", on a TOML syntax error, a missing or unknown key, an
// unknown type, a duplicate field or member id, members on a field that is not enum or set (or none
// on one that is), words on a field that is not bool, or combines naming no other member of its field.
Result<ParsedCatalogue> ParseFieldCatalogue(std::string_view toml, std::string_view source);

}  // namespace kensa
