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
#include "identity/service_identity.h"
#include "normalize/normalizer.h"
#include "passages/passage_splitter.h"

#ifndef KENSA_DEFAULT_SYSTEM_DICTIONARY
#define KENSA_DEFAULT_SYSTEM_DICTIONARY "/var/lib/mecab/dic/ipadic-utf8"
#endif

namespace kensa {
namespace {

// Returns the normalized offset of the value's words in passage, or npos. The passage's own text
// drops line breaks and empty cells, so its offsets are not the normalized text's: the words are
// looked up in the passage's stretch of normalized text instead, as the same occurrence (the k-th)
// they are in the passage; a match across cells is looked up by its last cell, then its first.
size_t NormalizedOffsetOfValue(const Finding& f, const Passage& passage, const NormalizedText& text) {
  const std::string_view own = passage.text;
  const std::string_view stretch = std::string_view(text.text).substr(passage.begin, passage.end - passage.begin);
  std::vector<std::pair<std::string_view, size_t>> tries;  // words, their offset in the passage
  const std::string_view matched = f.matched;
  tries.emplace_back(matched, f.matched_at);
  if (const size_t tab = matched.rfind('\t'); tab != std::string_view::npos) {
    tries.emplace_back(matched.substr(tab + 1), f.matched_at + tab + 1);
    tries.emplace_back(matched.substr(0, matched.find('\t')), f.matched_at);
  }
  for (const auto& [words, at] : tries) {
    if (words.empty()) continue;
    size_t k = 0;
    for (size_t pos = own.find(words); pos != std::string_view::npos && pos < at; pos = own.find(words, pos + 1)) ++k;
    size_t found = std::string_view::npos;
    for (size_t pos = stretch.find(words), seen = 0; pos != std::string_view::npos; pos = stretch.find(words, pos + 1), ++seen) {
      if (found == std::string_view::npos) found = pos;  // the first, should the k-th not be there
      if (seen == k) {
        found = pos;
        break;
      }
    }
    if (found != std::string_view::npos) return passage.begin + found;
  }
  return std::string_view::npos;
}

// Sets the finding's location from its page's places (a spreadsheet's cells, a Word file's
// paragraphs and table cells): the place that holds the value's words, else the passage's start.
void Locate(Finding& f, const Passage& passage, const NormalizedText& text, const std::vector<Page>& pages) {
  size_t at = NormalizedOffsetOfValue(f, passage, text);
  if (at == std::string_view::npos) at = passage.begin;
  const int number = text.PageAt(at);
  if (number < 1 || number > static_cast<int>(pages.size())) return;
  const Page& page = pages[number - 1];
  if (page.ocr) {
    // The words of the passage on this page (a passage's end may lie on the next page).
    const size_t raw_begin = text.PageAt(passage.begin) == number ? text.raw_offset_of[passage.begin] : 0;
    const size_t raw_end = text.PageAt(passage.end) == number ? text.raw_offset_of[passage.end] : page.text.size();
    double sum = 0;
    int words = 0;
    for (const SourcePlace& place : page.places) {
      if (place.offset + 1 > raw_begin && place.offset < raw_end && place.confidence >= 0) sum += place.confidence, ++words;
    }
    f.ocr = true;
    f.ocr_confidence = words ? static_cast<float>(sum / words) : page.ocr_confidence;
    return;
  }
  f.location.sheet = page.name;
  const size_t raw = at < text.raw_offset_of.size() ? text.raw_offset_of[at] : 0;
  auto after = std::upper_bound(page.places.begin(), page.places.end(), raw,
                                [](size_t offset, const SourcePlace& place) { return offset < place.offset; });
  if (after == page.places.begin()) return;
  const SourcePlace& place = *std::prev(after);
  f.location.cell = place.cell;
  f.location.table = place.table;
  f.location.paragraph = place.paragraph;
}

}  // namespace

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

std::vector<Finding> Extractor::FindAllInPages(const std::vector<Page>& pages, ServiceStatement* service) const {
  const NormalizedText normalized = [&] {
    StageTimer timer(Stage::kNormalize);
    return Normalize(pages);
  }();
  if (service) {
    const ServiceIdentity identity = DetectService(normalized);
    *service = ServiceStatement{identity.service, identity.vendor, identity.page, identity.quote, identity.how};
  }
  const std::vector<Passage> passages = [&] {
    StageTimer timer(Stage::kPassages);
    return SplitPassages(normalized);
  }();
  StageTimer timer(Stage::kRules);
  // Passages are independent: a long document's are cut into one contiguous run per thread, and
  // the runs' findings joined in document order, so the result is the same as on one thread. (A
  // worker thread's tokenizer time is not split out: the rules stage then counts it, as wall time.)
  const size_t runs = passages.size() >= 64 ? std::min<size_t>(rule_threads_, passages.size() / 32) : 1;
  const bool has_places = std::any_of(pages.begin(), pages.end(), [](const Page& page) {
    return !page.places.empty() || !page.name.empty() || page.ocr;
  });
  std::vector<std::vector<Finding>> found(std::max<size_t>(runs, 1));
  RunInParallel(found.size(), [&](size_t run) {
    const size_t begin = passages.size() * run / found.size(), end = passages.size() * (run + 1) / found.size();
    for (size_t i = begin; i < end; ++i) {
      for (Finding& f : rules_->Apply(passages[i], *tokenizer_)) {
        if (has_places) Locate(f, passages[i], normalized, pages);
        found[run].push_back(std::move(f));
      }
    }
  });
  std::vector<Finding> findings;
  for (std::vector<Finding>& run : found) {
    for (Finding& f : run) findings.push_back(std::move(f));
  }
  return findings;
}

std::vector<Finding> Extractor::FindAll(const std::string& text) const { return FindAllInPages({Page(1, text)}); }

Reading ReadingOf(const RawDocument& document) {
  Reading reading;
  bool any_read = false;
  for (const Page& page : document.pages) {
    if (page.ocr) reading.ocr_pages.push_back(page.number);
    if (!page.unreadable.empty()) {
      reading.unreadable_pages.push_back(UnreadablePage{page.number, page.unreadable});
    } else if (page.text.find_first_not_of(" \t\n\r\f") != std::string::npos) {
      any_read = true;
    }
  }
  if (!reading.unreadable_pages.empty()) reading.status = any_read ? "partly_unreadable" : "unreadable";
  return reading;
}

Extraction Extractor::ExtractDocument(const RawDocument& document) const {
  Extraction out;
  out.path = document.path;
  out.sha256 = document.sha256;
  out.size = document.size;
  out.pages = static_cast<int>(document.pages.size());
  out.rules_version = rules_->version();
  out.warnings = document.warnings;
  out.reading = ReadingOf(document);
  std::vector<Finding> findings = FindAllInPages(document.pages, &out.service);
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
