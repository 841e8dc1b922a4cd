#include "rules/rule_file.h"

#include <algorithm>

namespace kensa {
namespace {

std::string Location(const std::string& file, const toml::node& node) {
  return file + ":" + std::to_string(node.source().begin.line);
}

Status ConfigError(std::string message) { return Status::Error(ErrorKind::kConfig, std::move(message)); }

std::optional<Duration> DurationFromToml(const toml::table& table, std::string& error) {
  Duration d;
  if (auto unbounded = table["unbounded"].value<bool>()) {
    d.unbounded = *unbounded;
    return d;
  }
  auto amount = table["amount"].value<double>();
  auto unit_name = table["unit"].value<std::string>();
  if (!amount || !unit_name) return std::nullopt;
  auto unit = TimeUnitFromName(*unit_name);
  if (!unit) {
    error = "unknown unit \"" + *unit_name + "\"";
    return std::nullopt;
  }
  d.amount = *amount;
  d.unit = *unit;
  if (auto upto = table["upto"].value<double>()) d.upto = *upto;
  return d;
}

std::optional<Hours> HoursFromToml(const toml::table& table) {
  Hours h;
  if (table["always"].value_or(false)) {
    h.always = true;
    return h;
  }
  auto from = table["from"].value<std::string>();
  auto to = table["to"].value<std::string>();
  if (!from || !to) return std::nullopt;
  h.from = *from;
  h.to = *to;
  return h;
}

// Reads a TOML value written for a field of this type (an example's expected value or a rule's
// constant). Returns nullopt with `error` set when it does not fit the type.
std::optional<Value> ValueFromToml(const toml::node& node, const FieldSpec& field, std::string& error) {
  std::optional<Value> value;
  switch (field.type) {
    case ValueType::kDuration:
    case ValueType::kFrequency:
      if (const toml::table* table = node.as_table()) value = DurationFromToml(*table, error);
      break;
    case ValueType::kPercent:
      if (auto v = node.value<double>()) value = *v;
      break;
    case ValueType::kCount:
      if (auto v = node.value<int64_t>()) value = *v;
      break;
    case ValueType::kBool:
      if (auto v = node.value<bool>()) value = *v;
      break;
    case ValueType::kEnum:
    case ValueType::kSet:
      if (auto v = node.value<std::string>()) {
        if (std::find(field.members.begin(), field.members.end(), *v) == field.members.end()) {
          error = "\"" + *v + "\" is not a member of " + std::string(field.id);
          return std::nullopt;
        }
        value = *v;
      }
      break;
    case ValueType::kHours:
      if (const toml::table* table = node.as_table()) value = HoursFromToml(*table);
      break;
    case ValueType::kDate:
      if (auto v = node.value<std::string>()) value = Date{*v};
      break;
  }
  if (!value && error.empty()) error = std::string("value does not fit type ") + ValueTypeName(field.type);
  return value;
}

Status ReadExamples(const toml::table& t, const std::string& file, RuleSpec& rule) {
  if (const toml::array* examples = t["examples"].as_array()) {
    for (const toml::node& node : *examples) {
      RuleExample example;
      if (auto s = node.value<std::string>()) {
        example.text = *s;
      } else if (const toml::table* e = node.as_table()) {
        example.text = (*e)["text"].value_or(std::string());
        example.condition = (*e)["condition"].value_or(std::string());
        if (const toml::node* v = (*e)["value"].node()) {
          std::string error;
          example.value = ValueFromToml(*v, *rule.field, error);
          if (!example.value) return ConfigError(Location(file, *v) + ": rule " + rule.id + ": example: " + error);
        }
      }
      if (example.text.empty()) return ConfigError(Location(file, node) + ": rule " + rule.id + ": empty example");
      rule.examples.push_back(std::move(example));
    }
  }
  if (const toml::array* counter = t["counterexamples"].as_array()) {
    for (const toml::node& c : *counter) {
      auto s = c.value<std::string>();
      if (!s) return ConfigError(Location(file, c) + ": rule " + rule.id + ": counterexample must be a string");
      rule.counterexamples.push_back(*s);
    }
  }
  return Status::Ok();
}

// The regexes and flags, each where kRuleKeys says it goes.
void ReadSlots(const toml::table& t, RuleSpec& rule) {
  for (const RuleKey& key : kRuleKeys) {
    const toml::node* node = t[key.name].node();
    if (!node) continue;
    if (key.kind == RuleKeyKind::kRegex) {
      if (auto text = node->value<std::string>()) {
        rule.regexes[key.slot] = *text;
        rule.regex_lines[key.slot] = static_cast<int>(node->source().begin.line);
      }
    } else if (key.kind == RuleKeyKind::kFlag) {
      rule.flags[key.slot] = node->value<bool>();
    }
  }
}

Result<RuleSpec> ReadRuleSpec(const toml::table& t, const std::string& file, const std::string& default_field) {
  const std::string where = Location(file, t);
  for (const auto& [key, node] : t) {
    if (!FindRuleKey(key.str())) return ConfigError(Location(file, node) + ": unknown key \"" + std::string(key.str()) + "\"");
  }
  RuleSpec rule;
  rule.file = file;
  rule.line = static_cast<int>(t.source().begin.line);
  rule.id = t["id"].value_or(std::string());
  if (rule.id.empty()) return ConfigError(where + ": rule without id");
  const std::string field_id = t["field"].value_or(default_field);
  rule.field = FindField(field_id);
  if (!rule.field) return ConfigError(where + ": rule " + rule.id + ": unknown field \"" + field_id + "\"");
  rule.note = t["note"].value_or(std::string());
  ReadSlots(t, rule);
  if (rule.regexes[kPattern].empty()) return ConfigError(where + ": rule " + rule.id + ": no pattern");
  if (const toml::node* constant = t["value"].node()) {
    std::string error;
    rule.constant = ValueFromToml(*constant, *rule.field, error);
    if (!rule.constant) return ConfigError(Location(file, *constant) + ": rule " + rule.id + ": " + error);
  }
  if (Status s = ReadExamples(t, file, rule); !s.ok()) return s;
  return rule;
}

}  // namespace

const RuleKey* FindRuleKey(std::string_view name) {
  for (const RuleKey& key : kRuleKeys)
    if (key.name == name) return &key;
  return nullptr;
}

Status ParseRuleFile(const std::string& text, const std::string& file, toml::table& root) {
  try {
    root = toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    return ConfigError(file + ":" + std::to_string(e.source().begin.line) + ": " + std::string(e.description()));
  }
  return Status::Ok();
}

Status ReadDefines(const toml::table& root, const std::string& file, std::map<std::string, std::string>& defines) {
  const toml::table* table = root["define"].as_table();
  if (!table) return Status::Ok();
  for (const auto& [name, node] : *table) {
    auto value = node.value<std::string>();
    if (!value) return ConfigError(Location(file, node) + ": define " + std::string(name.str()) + " must be a string");
    if (defines.count(std::string(name.str())))
      return ConfigError(Location(file, node) + ": define " + std::string(name.str()) + " defined twice");
    defines[std::string(name.str())] = *value;
  }
  return Status::Ok();
}

Result<std::vector<RuleSpec>> ReadRuleSpecs(const toml::table& root, const std::string& file) {
  for (const auto& [key, node] : root) {
    if (std::find(std::begin(kRuleFileKeys), std::end(kRuleFileKeys), key.str()) == std::end(kRuleFileKeys))
      return ConfigError(Location(file, node) + ": unknown key \"" + std::string(key.str()) + "\"");
  }
  std::vector<RuleSpec> specs;
  const toml::array* rule_nodes = root["rule"].as_array();
  if (!rule_nodes) return specs;  // a file of comments only is fine
  const std::string default_field = root["field"].value_or(std::string());
  for (const toml::node& node : *rule_nodes) {
    const toml::table* t = node.as_table();
    if (!t) return ConfigError(Location(file, node) + ": [[rule]] must be a table");
    auto spec = ReadRuleSpec(*t, file, default_field);
    if (!spec.ok()) return spec.status();
    specs.push_back(std::move(*spec));
  }
  return specs;
}

}  // namespace kensa
