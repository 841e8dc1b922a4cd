#include "extract/extractor.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <thread>

#include "common/data_dirs.h"
#include "common/parallel.h"
#include "common/stage_timer.h"
#include "extract/consolidate.h"
#include "fields/field_catalogue.h"
#include "normalize/normalizer.h"
#include "passages/passage_splitter.h"

#ifndef KENSA_DEFAULT_SYSTEM_DICTIONARY
#define KENSA_DEFAULT_SYSTEM_DICTIONARY "/var/lib/mecab/dic/ipadic-utf8"
#endif

namespace kensa {

ExtractorOptions DefaultExtractorOptions() {
  ExtractorOptions options;
  const DataPaths data = FindDataPaths();
  const char* system_dic = std::getenv("KENSA_SYSTEM_DIC");
  options.patterns_dir = data.patterns_dir;
  options.tokenizer.user_dictionary = data.user_dictionary;
  options.tokenizer.system_dictionary = system_dic ? system_dic : KENSA_DEFAULT_SYSTEM_DICTIONARY;
  return options;
}

Extractor::Extractor(std::shared_ptr<const RuleSet> rules, std::shared_ptr<const Tokenizer> tokenizer,
                     unsigned rule_threads)
    : rules_(std::move(rules)),
      tokenizer_(std::move(tokenizer)),
      rule_threads_(rule_threads ? rule_threads : std::max(1u, std::thread::hardware_concurrency())) {}

Result<std::shared_ptr<const Extractor>> Extractor::Create(const ExtractorOptions& options) {
  auto tokenizer = [&] {
    StageTimer timer(Stage::kDictionary);
    return Tokenizer::Create(options.tokenizer);
  }();
  if (!tokenizer.ok()) return tokenizer.status();
  auto rules = [&] {
    StageTimer timer(Stage::kRuleCompile);
    return RuleSet::Load(options.patterns_dir);
  }();
  if (!rules.ok()) return rules.status();
  return std::shared_ptr<const Extractor>(new Extractor(std::move(*rules), std::move(*tokenizer), options.rule_threads));
}

std::vector<Finding> Extractor::FindAllInPages(const std::vector<Page>& pages) const {
  const NormalizedText normalized = [&] {
    StageTimer timer(Stage::kNormalize);
    return Normalize(pages);
  }();
  const std::vector<Passage> passages = [&] {
    StageTimer timer(Stage::kPassages);
    return SplitPassages(normalized);
  }();
  StageTimer timer(Stage::kRules);
  // Passages are independent: a long document's are cut into one contiguous run per thread, and
  // the runs' findings joined in document order, so the result is the same as on one thread. (A
  // worker thread's tokenizer time is not split out: the rules stage then counts it, as wall time.)
  const size_t runs = passages.size() >= 64 ? std::min<size_t>(rule_threads_, passages.size() / 32) : 1;
  std::vector<std::vector<Finding>> found(std::max<size_t>(runs, 1));
  RunInParallel(found.size(), [&](size_t run) {
    const size_t begin = passages.size() * run / found.size(), end = passages.size() * (run + 1) / found.size();
    for (size_t i = begin; i < end; ++i) {
      for (Finding& f : rules_->Apply(passages[i], *tokenizer_)) found[run].push_back(std::move(f));
    }
  });
  std::vector<Finding> findings;
  for (std::vector<Finding>& run : found) {
    for (Finding& f : run) findings.push_back(std::move(f));
  }
  return findings;
}

std::vector<Finding> Extractor::FindAll(const std::string& text) const { return FindAllInPages({Page(1, text)}); }

Extraction Extractor::ExtractDocument(const RawDocument& document) const {
  Extraction out;
  out.path = document.path;
  out.sha256 = document.sha256;
  out.size = document.size;
  out.pages = static_cast<int>(document.pages.size());
  out.rules_version = rules_->version();
  out.warnings = document.warnings;
  std::vector<Finding> findings = FindAllInPages(document.pages);
  StageTimer timer(Stage::kCleanUp);
  out.findings = Consolidate(std::move(findings));
  return out;
}

Result<Extraction> Extractor::ExtractFile(const std::string& path, const ReadOptions& read) const {
  auto document = [&] {
    StageTimer timer(Stage::kRead);
    return ReadDocument(path, read);
  }();
  if (!document.ok()) return document.status();
  return ExtractDocument(*document);
}

std::vector<Finding> Extractor::ExtractText(const std::string& text) const {
  return Consolidate(FindAllInPages({Page(1, text)}));
}

Result<std::vector<Passage>> ReadPassages(const std::string& path, const ReadOptions& read) {
  auto document = ReadDocument(path, read);
  if (!document.ok()) return document.status();
  return SplitPassages(Normalize(document->pages));
}

std::vector<std::string> CheckRuleExamples(const Extractor& extractor) {
  std::vector<std::string> failures = extractor.rules().CompileAll();
  for (const Rule& rule : extractor.rules().rules()) {
    const std::string where = rule.file + ":" + std::to_string(rule.line) + ": rule " + rule.id + ": ";
    for (const RuleExample& example : rule.examples) {
      std::vector<Finding> findings = extractor.FindAll(example.text);
      bool fired = false, value_ok = false, condition_ok = example.condition.empty();
      for (const Finding& f : findings) {
        if (f.rule != rule.id) continue;
        fired = true;
        if (!example.value || Equivalent(f.value, *example.value)) {
          value_ok = true;
          if (!example.condition.empty() && f.condition == example.condition) condition_ok = true;
        }
      }
      if (!fired) {
        std::string others;
        for (const Finding& f : findings) others += " " + f.rule;
        failures.push_back(where + "example did not fire: " + example.text + (others.empty() ? "" : " (fired:" + others + ")"));
      } else if (!value_ok) {
        std::string got;
        for (const Finding& f : findings)
          if (f.rule == rule.id) got += " " + Readable(f.value, rule.field->type);
        failures.push_back(where + "example gave" + got + " instead of " +
                           Readable(*example.value, rule.field->type) + ": " + example.text);
      } else if (!condition_ok) {
        failures.push_back(where + "example condition is not \"" + example.condition + "\": " + example.text);
      }
    }
    for (const std::string& counter : rule.counterexamples) {
      for (const Finding& f : extractor.FindAll(counter)) {
        if (f.rule == rule.id) {
          failures.push_back(where + "counterexample fired (" + Readable(f.value, rule.field->type) + "): " + counter);
          break;
        }
      }
    }
  }
  return failures;
}

Status CheckRuleExamplesOnce(const Extractor& extractor, const std::string& stamp_dir) {
  namespace fs = std::filesystem;
  const fs::path stamp = stamp_dir.empty() ? fs::path() : fs::path(stamp_dir) / extractor.rules().version();
  std::error_code ignored;
  if (!stamp.empty() && fs::exists(stamp, ignored)) return Status::Ok();
  const std::vector<std::string> failures = CheckRuleExamples(extractor);
  if (!failures.empty()) {
    std::string more = failures.size() == 1 ? "" : " (and " + std::to_string(failures.size() - 1) +
                                                       " more: kensa check-rules lists them)";
    return Status::Error(ErrorKind::kConfig, failures.front() + more);
  }
  if (!stamp.empty()) {
    // Written under a temporary name and renamed: a stamp exists only whole, whoever runs at once.
    fs::create_directories(stamp.parent_path(), ignored);
    const fs::path temporary = stamp.string() + "." + std::to_string(::getpid());
    if (std::ofstream(temporary).good()) fs::rename(temporary, stamp, ignored);
    fs::remove(temporary, ignored);
  }
  return Status::Ok();
}

Result<std::shared_ptr<const Extractor>> CreateCheckedExtractor(const ExtractorOptions& options) {
  auto extractor = Extractor::Create(options);
  if (!extractor.ok()) return extractor;
  if (Status checked = CheckRuleExamplesOnce(**extractor, DefaultRuleStampDir()); !checked.ok()) return checked;
  return extractor;
}

std::string DefaultRuleStampDir() {
  if (const char* dir = std::getenv("KENSA_CACHE_DIR"); dir && *dir) return dir;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return std::string(xdg) + "/kensa/checked-rules";
  if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.cache/kensa/checked-rules";
  return "";
}

}  // namespace kensa
