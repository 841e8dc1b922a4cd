// libFuzzer target for the rule loader: arbitrary bytes as one patterns/*.toml file through
// RuleSet::LoadText (TOML syntax, keys, fields, {{DEFINE}} expansion, RE2 compilation, example
// values, the FilteredRE2 screen). When a file loads, its rules are applied to each of their own
// examples and counterexamples, normalized and split into passages as the pipeline does, with the
// real MeCab dictionaries (loaded once).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "normalize/normalizer.h"
#include "passages/passage_splitter.h"
#include "rules/rule_set.h"
#include "tokens/tokenizer.h"

namespace {

const kensa::Tokenizer* SharedTokenizer() {
  static const std::shared_ptr<const kensa::Tokenizer> tokenizer = [] {
    auto created = kensa::Tokenizer::Create(kensa::DefaultTokenizerOptions());
    if (!created.ok()) std::abort();  // the fuzzer needs the dictionaries the build made
    return *created;
  }();
  return tokenizer.get();
}

void Apply(const kensa::RuleSet& rules, const std::string& text) {
  kensa::Page page;
  page.number = 1;
  page.text = text;
  const kensa::NormalizedText normalized = kensa::Normalize({page});
  for (const kensa::Passage& passage : kensa::SplitPassages(normalized)) {
    for (const kensa::Finding& finding : rules.Apply(passage, *SharedTokenizer())) {
      if (finding.field.empty() || finding.rule.empty()) std::abort();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string toml(reinterpret_cast<const char*>(data), size);
  auto rules = kensa::RuleSet::LoadText(toml, "fuzz.toml");
  if (!rules.ok()) {
    // Every load error names the file (and, where TOML gives one, the line).
    if (rules.status().message().rfind("fuzz.toml", 0) != 0 && rules.status().message().rfind("patterns:", 0) != 0)
      std::abort();
    return 0;
  }
  for (const kensa::Rule& rule : (*rules)->rules()) {
    for (const kensa::RuleExample& example : rule.examples) Apply(**rules, example.text);
    for (const std::string& counterexample : rule.counterexamples) Apply(**rules, counterexample);
  }
  return 0;
}
