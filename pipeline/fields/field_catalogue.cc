#include "fields/field_catalogue.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <set>

#include <toml++/toml.h>

namespace kensa {

// fields.toml's text, compiled in by kensa_embed_text (pipeline/fields/CMakeLists.txt).
extern const std::string_view kFieldsToml;

namespace {

constexpr ValueType kAllTypes[] = {ValueType::kDuration, ValueType::kFrequency, ValueType::kPercent,
                                   ValueType::kCount,    ValueType::kBool,      ValueType::kEnum,
                                   ValueType::kSet,      ValueType::kHours,     ValueType::kDate};

std::optional<ValueType> TypeNamed(std::string_view name) {
  for (ValueType type : kAllTypes) {
    if (name == ValueTypeName(type)) return type;
  }
  return std::nullopt;
}

// Reads a table of the data, checking its keys against the ones the format has.
class Reader {
 public:
  Reader(std::string_view source) : source_(source) {}

  Status Error(const toml::node& node, const std::string& message) const {
    return Status::Error(ErrorKind::kConfig,
                         std::string(source_) + ":" + std::to_string(node.source().begin.line) + ": " + message);
  }

  // Fails on a key of table that is not among known (a misspelt "word" would otherwise be ignored).
  Status OnlyKeys(const toml::table& table, std::initializer_list<std::string_view> known,
                  const std::string& what) const {
    for (const auto& [key, node] : table) {
      if (std::find(known.begin(), known.end(), key.str()) == known.end())
        return Error(node, what + ": unknown key \"" + std::string(key.str()) + "\"");
    }
    return Status::Ok();
  }

  // Reads a string that must be there and not be empty.
  Result<std::string> Text(const toml::table& table, std::string_view key, const std::string& what) const {
    const toml::node* node = table.get(key);
    if (!node) return Error(table, what + ": no " + std::string(key));
    const auto* text = node->as_string();
    if (!text || text->get().empty()) return Error(*node, what + ": " + std::string(key) + " must be a non-empty string");
    return text->get();
  }

  // Reads an array of non-empty strings; an absent key is an empty list.
  Result<std::vector<std::string>> Texts(const toml::table& table, std::string_view key, const std::string& what) const {
    std::vector<std::string> out;
    const toml::node* node = table.get(key);
    if (!node) return out;
    const toml::array* array = node->as_array();
    if (!array) return Error(*node, what + ": " + std::string(key) + " must be an array of strings");
    for (const toml::node& item : *array) {
      const auto* text = item.as_string();
      if (!text || text->get().empty())
        return Error(item, what + ": " + std::string(key) + " must hold non-empty strings");
      out.push_back(text->get());
    }
    return out;
  }

 private:
  std::string_view source_;
};

// Parses the compiled-in data once; malformed data is a build that must not run.
const ParsedCatalogue& Catalogue() {
  static const ParsedCatalogue catalogue = [] {
    Result<ParsedCatalogue> parsed = ParseFieldCatalogue(kFieldsToml, "pipeline/fields/fields.toml");
    if (!parsed.ok()) {
      std::fprintf(stderr, "kensa: the compiled-in field catalogue is malformed: %s\n",
                   parsed.status().message().c_str());
      std::abort();
    }
    return std::move(parsed).value();
  }();
  return catalogue;
}

}  // namespace

std::string_view ParsedCatalogue::Keep(std::string text) { return strings_.emplace_back(std::move(text)); }

Result<ParsedCatalogue> ParseFieldCatalogue(std::string_view toml_text, std::string_view source) {
  using R = Result<ParsedCatalogue>;
  const Reader read(source);
  toml::table root;
  try {
    root = toml::parse(toml_text, source);
  } catch (const toml::parse_error& e) {
    return R::Error(ErrorKind::kConfig, std::string(source) + ":" + std::to_string(e.source().begin.line) + ": " +
                                            std::string(e.description()));
  }
  if (Status s = read.OnlyKeys(root, {"field"}, "the catalogue"); !s.ok()) return s;

  ParsedCatalogue out;
  const toml::array* fields = root["field"].as_array();
  if (!fields || fields->empty() || !fields->is_array_of_tables())
    return R::Error(ErrorKind::kConfig, std::string(source) + ": no [[field]] tables");
  std::set<std::string> field_ids;
  for (const toml::node& field_node : *fields) {
    const toml::table& table = *field_node.as_table();
    Result<std::string> id = read.Text(table, "id", "a field");
    if (!id.ok()) return id.status();
    const std::string what = "field " + *id;
    if (Status s = read.OnlyKeys(table, {"id", "label_ja", "type", "what_counts", "members", "words"}, what); !s.ok())
      return s;
    if (!field_ids.insert(*id).second) return read.Error(table, what + ": a second field with this id");
    Result<std::string> label = read.Text(table, "label_ja", what);
    if (!label.ok()) return label.status();
    Result<std::string> type_name = read.Text(table, "type", what);
    if (!type_name.ok()) return type_name.status();
    const std::optional<ValueType> type = TypeNamed(*type_name);
    if (!type) return read.Error(*table.get("type"), what + ": unknown type \"" + *type_name + "\"");
    Result<std::string> what_counts = read.Text(table, "what_counts", what);
    if (!what_counts.ok()) return what_counts.status();

    FieldSpec spec{out.Keep(*id), out.Keep(*label), *type, {}, out.Keep(*what_counts), {}, {}};

    // Enum and set fields list their members; every other type takes free values.
    const bool listed = *type == ValueType::kEnum || *type == ValueType::kSet;
    const toml::node* members_node = table.get("members");
    if (listed != (members_node != nullptr))
      return read.Error(table, what + (listed ? ": an enum or set field needs members" : ": members on a field that is not enum or set"));
    if (members_node) {
      const toml::array* members = members_node->as_array();
      if (!members || members->empty()) return read.Error(*members_node, what + ": members must be a non-empty array of tables");
      for (const toml::node& member_node : *members) {
        const toml::table* member = member_node.as_table();
        if (!member) return read.Error(member_node, what + ": a member must be a table { id = … }");
        Result<std::string> member_id = read.Text(*member, "id", what + ", a member");
        if (!member_id.ok()) return member_id.status();
        const std::string member_what = what + ", member " + *member_id;
        if (Status s = read.OnlyKeys(*member, {"id", "name_ja", "words", "combines"}, member_what); !s.ok()) return s;
        if (std::find(spec.members.begin(), spec.members.end(), *member_id) != spec.members.end())
          return read.Error(member_node, member_what + ": a second member with this id");
        MemberSpec member_spec{out.Keep(*member_id), {}, {}, {}};
        if (member->contains("name_ja")) {
          Result<std::string> name = read.Text(*member, "name_ja", member_what);
          if (!name.ok()) return name.status();
          member_spec.name_ja = out.Keep(*name);
        }
        Result<std::vector<std::string>> words = read.Texts(*member, "words", member_what);
        if (!words.ok()) return words.status();
        for (std::string& word : *words) member_spec.words.push_back(out.Keep(std::move(word)));
        Result<std::vector<std::string>> combines = read.Texts(*member, "combines", member_what);
        if (!combines.ok()) return combines.status();
        for (std::string& part : *combines) member_spec.combines.push_back(out.Keep(std::move(part)));
        spec.members.push_back(member_spec.id);
        spec.member_specs.push_back(std::move(member_spec));
      }
      // What a member combines must be two or more other members of the same field.
      for (size_t m = 0; m < spec.member_specs.size(); ++m) {
        const MemberSpec& member = spec.member_specs[m];
        if (member.combines.empty()) continue;
        const toml::node& node = *members->get(m);
        const std::string member_what = what + ", member " + std::string(member.id);
        if (member.combines.size() < 2) return read.Error(node, member_what + ": combines needs two members or more");
        std::set<std::string_view> parts;
        for (std::string_view part : member.combines) {
          if (part == member.id) return read.Error(node, member_what + ": combines itself");
          if (std::find(spec.members.begin(), spec.members.end(), part) == spec.members.end())
            return read.Error(node, member_what + ": combines \"" + std::string(part) + "\", no member of the field");
          if (!parts.insert(part).second) return read.Error(node, member_what + ": combines \"" + std::string(part) + "\" twice");
        }
      }
    }

    if (const toml::node* words_node = table.get("words")) {
      if (*type != ValueType::kBool) return read.Error(*words_node, what + ": words on a field that is not bool (members have them)");
      Result<std::vector<std::string>> words = read.Texts(table, "words", what);
      if (!words.ok()) return words.status();
      for (std::string& word : *words) spec.words.push_back(out.Keep(std::move(word)));
    }
    out.fields_.push_back(std::move(spec));
  }

  return out;
}

std::span<const FieldSpec> FieldCatalogue() { return Catalogue().fields(); }

const FieldSpec* FindField(std::string_view id) {
  for (const FieldSpec& field : FieldCatalogue()) {
    if (field.id == id) return &field;
  }
  return nullptr;
}

const MemberSpec* FindMember(const FieldSpec& field, std::string_view id) {
  for (const MemberSpec& member : field.member_specs) {
    if (member.id == id) return &member;
  }
  return nullptr;
}


}  // namespace kensa
