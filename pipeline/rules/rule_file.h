// Reading patterns/*.toml: a file's text into TOML, its [define]s, and each [[rule]] into a RuleSpec
// (rule_spec.h), checking every key against kRuleKeys. Nothing is compiled here.
#pragma once

#include <map>
#include <string>
#include <toml++/toml.h>
#include <vector>

#include "common/status.h"
#include "rules/rule_spec.h"

namespace kensa {

// Parses one rule file's text; a syntax error names its line.
Status ParseRuleFile(const std::string& text, const std::string& file, toml::table& root);

// Adds the file's [define] NAME = regex entries to `defines` (global to the rule set); a name
// defined twice is an error.
Status ReadDefines(const toml::table& root, const std::string& file, std::map<std::string, std::string>& defines);

// Reads every [[rule]] of the file, in order. Fails with kConfig "FILE:LINE: problem" for an unknown
// key, a missing id or pattern, an unknown field, or a value or example that does not fit the
// field's type.
Result<std::vector<RuleSpec>> ReadRuleSpecs(const toml::table& root, const std::string& file);

}  // namespace kensa
