#include "rules/rule_set.h"

#include <re2/re2.h>
#include <re2/filtered_re2.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "common/parallel.h"
#include "common/vocabulary.h"
#include "rules/case_finder.h"
#include "rules/gap_regex.h"
#include "rules/literal_screen.h"
#include "rules/passage_view.h"
#include "rules/rule_file.h"
#include "rules/rule_match.h"

namespace kensa {
namespace {

// FNV-1a, 64 bit: a stable fingerprint of the rule files (not a security hash).
uint64_t Fnv1a(std::string_view bytes, uint64_t hash = 1469598103934665603ull) {
  for (unsigned char c : bytes) hash = (hash ^ c) * 1099511628211ull;
  return hash;
}

RE2::Options PatternOptions() {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(64 << 20);
  return options;
}

// A name a rule file defines stays the file's.
void AddVocabularyDefines(std::map<std::string, std::string>& defines) {
  for (const auto& [name, regex] : VocabularyDefines()) defines.emplace(name, regex);
}

std::string RuleWhere(const RuleSpec& spec, RegexKey key) {
  return spec.file + ":" + std::to_string(spec.regex_lines[key]) + ": rule " + spec.id + ": ";
}

}  // namespace

// {{ANSWER_YES}} and {{ANSWER_NO}} (kVocabularyDefines) from the vocabulary, longer words first so
// that "有り" is not read as "有" and a stray "り".
std::map<std::string, std::string> VocabularyDefines() {
  std::map<std::string, std::string> defines;
  for (bool yes : {true, false}) {
    std::vector<std::string> words;
    for (const AnswerWord& answer : SharedVocabulary().rule_answers)
      if (answer.yes == yes) words.push_back(answer.word);
    std::stable_sort(words.begin(), words.end(), [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
    defines[std::string(kVocabularyDefines[yes ? 0 : 1])] = QuotedAlternation(words);
  }
  return defines;
}

struct RuleSet::Impl {
  std::map<std::string, std::string> defines;  // [define] NAME = regex, used as {{NAME}}
  std::vector<Rule> rules;
  std::vector<CompiledRule> compiled;
  // Which rules may match (see BuildScreen): screens[k] holds the relaxed patterns of the rules
  // [screen_begin[k], screen_begin[k + 1]).
  std::vector<std::unique_ptr<re2::FilteredRE2>> screens;
  std::vector<size_t> screen_begin;
  std::vector<std::vector<size_t>> rule_of;  // screens[k]'s regex id -> rule index
  std::unique_ptr<LiteralScreen> atom_screen;  // finds the literals of every screen at once
  std::vector<std::vector<std::pair<size_t, int>>> atom_owners;  // atom_screen's i: (screen, its atom)
  // Every regex compiled so far by its source: one RE2 for the same expanded source (the
  // certification rules share their vetoes), which cut start-up by a quarter.
  std::map<std::pair<std::string, GapRegex::Search>, std::shared_ptr<const GapRegex>> regex_by_source;
  std::string version;
  std::unique_ptr<CaseFinder> cases;  // from the CASE_* defines (patterns/conditions.toml)
  ColumnWords columns;                // EXAMPLE_COLUMN, ANSWER_COLUMN, PLAIN_COLUMN (patterns/common.toml)
  // Every distinct regex, with where it was first defined (for CompileAll).
  std::vector<std::pair<const GapRegex*, std::string>> compiled_later;

  Status AddFile(const toml::table& root, const std::string& file);
  Status AddRule(RuleSpec spec);
  Status CompileRegex(const RuleSpec& spec, RegexKey key, std::string_view name, CompiledRule& compiled, Rule& rule);
  Status CompileCaseWords();
  Status CompileColumnWords();
  void BuildScreen();
  Status Finish();  // after every file: the case and column words, the screen
  std::vector<int> Candidates(const std::string& text) const;
  std::string ExpandDefines(const std::string& source, std::string& undefined, int depth = 0) const;
};

// Replaces each {{NAME}} by (?:definition), expanding nested defines; sets `undefined` to the first
// unknown name.
std::string RuleSet::Impl::ExpandDefines(const std::string& source, std::string& undefined, int depth) const {
  if (depth > 16) {  // a define that uses itself, directly or through others
    if (undefined.empty()) undefined = "(a define that refers to itself)";
    return std::string();
  }
  std::string out;
  size_t pos = 0;
  while (pos < source.size()) {
    size_t open = source.find("{{", pos);
    size_t close = open == std::string::npos ? open : source.find("}}", open + 2);
    if (close == std::string::npos) {
      out += source.substr(pos);
      break;
    }
    out += source.substr(pos, open - pos);
    const std::string name = source.substr(open + 2, close - open - 2);
    auto it = defines.find(name);
    if (it == defines.end()) {
      if (undefined.empty()) undefined = name;
    } else {
      out += "(?:" + ExpandDefines(it->second, undefined, depth + 1) + ")";
    }
    pos = close + 2;
  }
  return out;
}

Status RuleSet::Impl::AddFile(const toml::table& root, const std::string& file) {
  auto specs = ReadRuleSpecs(root, file);
  if (!specs.ok()) return specs.status();
  for (RuleSpec& spec : *specs) {
    if (Status s = AddRule(std::move(spec)); !s.ok()) return s;
  }
  return Status::Ok();
}

// Expands one regex of a rule, compiles it (or shares the RE2 of the same source) into its slot.
Status RuleSet::Impl::CompileRegex(const RuleSpec& spec, RegexKey key, std::string_view name, CompiledRule& compiled,
                                   Rule& rule) {
  if (spec.regexes[key].empty() && key != kPattern) return Status::Ok();
  std::string undefined;
  const std::string source = ExpandDefines(spec.regexes[key], undefined);
  const std::string where = RuleWhere(spec, key);
  if (!undefined.empty())
    return Status::Error(ErrorKind::kConfig, where + (undefined[0] == '(' ? "a define refers to itself"
                                                                          : "unknown {{" + undefined + "}}") +
                                                 " in " + std::string(name));
  if (key == kPattern) rule.pattern = source;
  // not_before must end where the value (or anchor) starts.
  const std::string regex = key == kNotBefore ? "(?:" + source + ")$" : source;
  rule.regexes.push_back(regex);
  // then and not_after are matched where the value ends, the others anywhere.
  const GapRegex::Search search = key == kThen || key == kNotAfter ? GapRegex::Search::kAtStart : GapRegex::Search::kAnywhere;
  std::shared_ptr<const GapRegex>& shared = regex_by_source[{regex, search}];
  if (!shared) {
    shared = std::make_shared<const GapRegex>(regex, PatternOptions(), search);
    compiled_later.push_back({shared.get(), where + std::string(name)});
  }
  compiled.regexes[key] = shared;
  if (!shared->ok())
    return Status::Error(ErrorKind::kConfig, where + "bad " + std::string(name) + " regex: " + shared->error());
  return Status::Ok();
}

namespace {

// The value and anchor groups of a compiled pattern: (?P<value>…), (?P<value2>…) …
void ReadGroups(CompiledRule& compiled) {
  for (const auto& [name, index] : compiled.regex(kPattern)->NamedCapturingGroups()) {
    const auto numbered = [&](std::string_view stem) {
      return name.rfind(stem, 0) == 0 &&
             std::all_of(name.begin() + stem.size(), name.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
    };
    if (numbered("value")) compiled.value_groups.push_back(index);
    if (numbered("anchor")) compiled.anchor_groups.push_back(index);
  }
}

// A negated statement matters for what a document has (bool, enum, set: "海外には保管しません");
// a stated number is rarely negated, and a following cell's "提供しておりません" must not drop it.
// A rule that states a negative itself (value = false for "未実施") must not be flipped back.
bool NegatableByDefault(const FieldSpec& field, const std::optional<Value>& constant) {
  const bool has_polarity =
      field.type == ValueType::kBool || field.type == ValueType::kEnum || field.type == ValueType::kSet;
  const bool states_negative = constant && std::holds_alternative<bool>(*constant) && !std::get<bool>(*constant);
  return has_polarity && !states_negative;
}

}  // namespace

Status RuleSet::Impl::AddRule(RuleSpec spec) {
  const std::string where = spec.file + ":" + std::to_string(spec.line);
  for (const Rule& other : rules) {
    if (other.id == spec.id)
      return Status::Error(ErrorKind::kConfig, where + ": rule id " + spec.id + " also defined at " + other.file + ":" +
                                                   std::to_string(other.line));
  }
  Rule rule{spec.id, spec.field, "", {}, spec.file, spec.line, std::move(spec.examples), std::move(spec.counterexamples)};
  CompiledRule compiled;
  for (const RuleKey& key : kRuleKeys) {
    if (key.kind != RuleKeyKind::kRegex) continue;
    if (Status s = CompileRegex(spec, static_cast<RegexKey>(key.slot), key.name, compiled, rule); !s.ok()) return s;
  }
  ReadGroups(compiled);
  compiled.constant = spec.constant;
  if (!compiled.constant && compiled.value_groups.empty()) {
    if (spec.field->type != ValueType::kBool)
      return Status::Error(ErrorKind::kConfig, where + ": rule " + spec.id + ": needs a (?P<value>…) group or a constant value");
    compiled.constant = true;
  }
  compiled.negatable = spec.flags[kNegatable].value_or(NegatableByDefault(*spec.field, compiled.constant));
  compiled.fallback = spec.flags[kFallback].value_or(false);
  compiled.in_answer = spec.flags[kInAnswer].value_or(false);
  compiled.in_headings = spec.flags[kInHeadings].value_or(false);
  rules.push_back(std::move(rule));
  this->compiled.push_back(std::move(compiled));
  return Status::Ok();
}

Status RuleSet::Impl::Finish() {
  if (Status s = CompileCaseWords(); !s.ok()) return s;
  if (Status s = CompileColumnWords(); !s.ok()) return s;
  BuildScreen();
  return Status::Ok();
}

// The words of the case finder: the CASE_* defines of patterns/conditions.toml.
Status RuleSet::Impl::CompileCaseWords() {
  CaseWords words;
  for (const CaseWordDefine& define : kCaseWordDefines) {
    if (!defines.count(define.name)) continue;
    std::string undefined;
    words.*define.words = ExpandDefines("{{" + std::string(define.name) + "}}", undefined);
    if (!undefined.empty())
      return Status::Error(ErrorKind::kConfig, std::string(define.name) + ": unknown {{" + undefined + "}}");
  }
  std::string error;
  cases = CaseFinder::Create(words, error);
  if (!cases) return Status::Error(ErrorKind::kConfig, "a CASE_* define is not a valid regex: " + error);
  return Status::Ok();
}

// The column names of patterns/common.toml that say how to read a table's column.
Status RuleSet::Impl::CompileColumnWords() {
  for (const ColumnWordDefine& define : kColumnWordDefines) {
    const std::string name(define.name);
    if (!defines.count(name)) continue;
    std::string undefined;
    const std::string regex = ExpandDefines("{{" + name + "}}", undefined);
    std::unique_ptr<RE2>& slot = columns.*define.words;
    slot = std::make_unique<RE2>("\\s*(?:" + regex + ")\\s*", PatternOptions());
    if (!undefined.empty() || !slot->ok())
      return Status::Error(ErrorKind::kConfig, name + ": not a valid regex: " + slot->error() + undefined);
  }
  return Status::Ok();
}

// The screen: RE2's FilteredRE2 works out, for every rule, the literal strings ("atoms") any match
// must contain; a LiteralScreen (Aho-Corasick) finds those literals in a passage in a single pass,
// and the filter names the rules that can match. Screening with an RE2::Set of the full patterns
// instead spent half of the run in that Set's DFA (every "X[^。]*Y" of every rule tracked at once).
// Each FilteredRE2 compiles its patterns (the rules then run those RE2s: GapRegex::Adopt), the
// largest part of loading: two FilteredRE2s, one per half of the rules, are built on two threads.
void RuleSet::Impl::BuildScreen() {
  if (rules.empty()) return;  // nothing to screen (FilteredRE2 would log an error)
  const size_t halves = rules.size() >= 16 && std::thread::hardware_concurrency() > 1 ? 2 : 1;
  screen_begin = {0};
  for (size_t k = 1; k <= halves; ++k) screen_begin.push_back(rules.size() * k / halves);
  screens.resize(halves);
  rule_of.resize(halves);
  std::vector<std::vector<std::string>> atoms(halves);
  RunInParallel(halves, [&](size_t k) {
    screens[k] = std::make_unique<re2::FilteredRE2>(/*min_atom_len=*/2);
    for (size_t i = screen_begin[k]; i < screen_begin[k + 1]; ++i) {
      const GapRegex& pattern = *compiled[i].regex(kPattern);
      int id = 0;
      // A pattern that parses but does not compile is left out: it can match nothing (its
      // GapRegex fails the same way; kensa check-rules reports it).
      if (screens[k]->Add(pattern.relaxed_pattern(), PatternOptions(), &id) == RE2::NoError) {
        rule_of[k].push_back(i);
        pattern.Adopt(screens[k]->GetRE2(id));
      }
    }
    if (screens[k]->NumRegexps() > 0) screens[k]->Compile(&atoms[k]);
  });
  // One automaton for the atoms of both screens.
  std::map<std::string, size_t> index_of;
  std::vector<std::string> unique;
  for (size_t k = 0; k < halves; ++k) {
    for (size_t a = 0; a < atoms[k].size(); ++a) {
      auto [it, added] = index_of.emplace(atoms[k][a], unique.size());
      if (added) {
        unique.push_back(atoms[k][a]);
        atom_owners.emplace_back();
      }
      atom_owners[it->second].push_back({k, static_cast<int>(a)});
    }
  }
  atom_screen = std::make_unique<LiteralScreen>(unique);
}

// Returns the rules that may match text (in rule order).
std::vector<int> RuleSet::Impl::Candidates(const std::string& text) const {
  if (!atom_screen) return {};  // no rules
  // The filter's atoms are lowercase: lowercase the ASCII letters (UTF-8 sequences are untouched).
  std::string lower = text;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::vector<std::vector<int>> atom_hits(screens.size());
  for (int found : atom_screen->Find(lower)) {
    for (const auto& [k, atom] : atom_owners[found]) atom_hits[k].push_back(atom);
  }
  std::vector<int> candidates;
  for (size_t k = 0; k < screens.size(); ++k) {
    if (screens[k]->NumRegexps() == 0) continue;
    std::vector<int> ids;
    std::sort(atom_hits[k].begin(), atom_hits[k].end());
    screens[k]->AllPotentials(atom_hits[k], &ids);
    for (int id : ids) candidates.push_back(static_cast<int>(rule_of[k][id]));
  }
  std::sort(candidates.begin(), candidates.end());
  return candidates;
}

RuleSet::RuleSet(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
RuleSet::~RuleSet() = default;

Result<std::shared_ptr<const RuleSet>> RuleSet::Load(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return Result<std::shared_ptr<const RuleSet>>::Error(ErrorKind::kConfig, dir + ": patterns directory not found");
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".toml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  auto impl = std::make_unique<Impl>();
  uint64_t fingerprint = Fnv1a("");
  std::vector<toml::table> roots(files.size());
  for (size_t i = 0; i < files.size(); ++i) {
    std::ifstream in(files[i], std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    if (!in) return Result<std::shared_ptr<const RuleSet>>::Error(ErrorKind::kConfig, files[i].string() + ": cannot read");
    const std::string text = buffer.str();
    fingerprint = Fnv1a(files[i].filename().string() + '\0' + text, fingerprint);
    if (Status s = ParseRuleFile(text, files[i].string(), roots[i]); !s.ok()) return s;
    if (Status s = ReadDefines(roots[i], files[i].string(), impl->defines); !s.ok()) return s;
  }
  AddVocabularyDefines(impl->defines);
  for (size_t i = 0; i < files.size(); ++i) {
    if (Status s = impl->AddFile(roots[i], files[i].string()); !s.ok()) return s;
  }
  if (impl->rules.empty())
    return Result<std::shared_ptr<const RuleSet>>::Error(ErrorKind::kConfig, dir + ": no rules in *.toml");
  if (Status s = impl->Finish(); !s.ok()) return s;
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(fingerprint));
  impl->version = hex;
  return std::shared_ptr<const RuleSet>(new RuleSet(std::move(impl)));
}

Result<std::shared_ptr<const RuleSet>> RuleSet::LoadText(const std::string& toml, const std::string& name) {
  auto impl = std::make_unique<Impl>();
  toml::table root;
  if (Status s = ParseRuleFile(toml, name, root); !s.ok()) return s;
  if (Status s = ReadDefines(root, name, impl->defines); !s.ok()) return s;
  AddVocabularyDefines(impl->defines);
  if (Status s = impl->AddFile(root, name); !s.ok()) return s;
  if (Status s = impl->Finish(); !s.ok()) return s;
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(Fnv1a(toml)));
  impl->version = hex;
  return std::shared_ptr<const RuleSet>(new RuleSet(std::move(impl)));
}

std::vector<std::string> RuleSet::CompileAll() const {
  std::vector<std::string> problems;
  for (const auto& [regex, where] : impl_->compiled_later) {
    if (!regex->CompileAll()) problems.push_back(where + " regex is too large for RE2 to compile");
  }
  return problems;
}

const std::vector<Rule>& RuleSet::rules() const { return impl_->rules; }
const std::string& RuleSet::version() const { return impl_->version; }

std::vector<Finding> RuleSet::Apply(const Passage& passage, const Tokenizer& tokenizer) const {
  std::vector<Finding> findings;
  std::string masked = MaskInstructions(passage.text);
  const std::vector<int> hits = impl_->Candidates(masked);
  if (hits.empty()) return findings;
  PassageView view(passage, std::move(masked), impl_->columns, tokenizer);
  for (int index : hits) ApplyRule(impl_->rules[index], impl_->compiled[index], view, impl_->cases.get(), tokenizer, findings);
  return findings;
}

std::string Re2Version() { return KENSA_RE2_VERSION; }

}  // namespace kensa
