#include "rules/gap_regex.h"

#include <algorithm>
#include <cstdlib>

namespace kensa {
namespace {

// Gaps shorter than this cost little as they are; relaxing them would only add groups.
constexpr size_t kMinRelaxedBound = 10;
constexpr const char kGapGroupPrefix[] = "kensa_gap";
// Searches of one regex after which a DFA pass first tells whether it matches at all.
constexpr uint32_t kSearchesBeforeDfa = 64;

struct GapSite {
  size_t begin, end;  // the atom and its quantifier in the source
  size_t atom_end;
  size_t min, max;
  bool lazy;
  bool repeated = false;  // inside a group that repeats: left bounded
};

// Reads "{m,n}" at pos; returns the position after it (and after a lazy "?") or npos.
size_t ReadBoundedRepeat(const std::string& s, size_t pos, size_t& min, size_t& max, bool& lazy) {
  if (pos >= s.size() || s[pos] != '{') return std::string::npos;
  char* end = nullptr;
  const char* p = s.c_str() + pos + 1;
  if (!(*p >= '0' && *p <= '9')) return std::string::npos;
  min = std::strtoul(p, &end, 10);
  if (*end != ',' || !(end[1] >= '0' && end[1] <= '9')) return std::string::npos;
  max = std::strtoul(end + 1, &end, 10);
  if (*end != '}') return std::string::npos;
  size_t after = static_cast<size_t>(end - s.c_str()) + 1;
  lazy = after < s.size() && s[after] == '?';
  return lazy ? after + 1 : after;
}

// Whether a group closing just before pos repeats: "*", "+", "{m,n}" with n > 1, "{m,}", "{m}" with m > 1.
bool RepeatsAt(const std::string& s, size_t pos) {
  if (pos >= s.size()) return false;
  if (s[pos] == '*' || s[pos] == '+') return true;
  if (s[pos] != '{') return false;
  const size_t close = s.find('}', pos);
  if (close == std::string::npos) return false;
  const std::string inner = s.substr(pos + 1, close - pos - 1);
  const size_t comma = inner.find(',');
  if (comma == std::string::npos) return std::strtoul(inner.c_str(), nullptr, 10) > 1;
  return comma + 1 == inner.size() || std::strtoul(inner.c_str() + comma + 1, nullptr, 10) > 1;
}

// The end of the bracket class starting at pos ("[^。]", "[[:alpha:]、]", "[]a]").
size_t ClassEnd(const std::string& s, size_t pos) {
  size_t i = pos + 1;
  if (i < s.size() && s[i] == '^') ++i;
  if (i < s.size() && s[i] == ']') ++i;
  while (i < s.size() && s[i] != ']') {
    if (s[i] == '\\') {
      i += 2;
    } else if (s.compare(i, 2, "[:") == 0 && s.find(":]", i + 2) != std::string::npos) {
      i = s.find(":]", i + 2) + 2;
    } else {
      ++i;
    }
  }
  return std::min(i + 1, s.size());
}

// The bounded gaps of a regex: a class, "." or a Perl class ("\S") with a {m,n} of n >= 10.
std::vector<GapSite> FindGaps(const std::string& s) {
  std::vector<GapSite> gaps;
  std::vector<size_t> open_groups;
  for (size_t i = 0; i < s.size();) {
    size_t atom_end = std::string::npos;
    if (s[i] == '\\') {
      const bool perl_class = i + 1 < s.size() && std::string_view("dDsSwW").find(s[i + 1]) != std::string_view::npos;
      if (perl_class) atom_end = i + 2;
      else { i += 2; continue; }
    } else if (s[i] == '[') {
      atom_end = ClassEnd(s, i);
    } else if (s[i] == '.') {
      atom_end = i + 1;
    } else if (s[i] == '(') {
      open_groups.push_back(i++);
      continue;
    } else if (s[i] == ')') {
      if (!open_groups.empty()) {
        const size_t group_begin = open_groups.back();
        open_groups.pop_back();
        if (RepeatsAt(s, i + 1)) {
          for (GapSite& gap : gaps) gap.repeated = gap.repeated || gap.begin > group_begin;
        }
      }
      ++i;
      continue;
    } else {
      ++i;
      continue;
    }
    GapSite gap{i, 0, atom_end, 0, 0, false};
    const size_t after = ReadBoundedRepeat(s, atom_end, gap.min, gap.max, gap.lazy);
    if (after != std::string::npos && gap.max >= kMinRelaxedBound && gap.min <= gap.max) {
      gap.end = after;
      gaps.push_back(gap);
      i = after;
    } else {
      i = atom_end;
    }
  }
  std::erase_if(gaps, [](const GapSite& gap) { return gap.repeated; });
  return gaps;
}

size_t CharCount(re2::StringPiece text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

}  // namespace

RelaxedRegex RelaxGaps(const std::string& source) {
  RelaxedRegex out;
  size_t copied = 0;
  for (const GapSite& gap : FindGaps(source)) {
    out.pattern.append(source, copied, gap.begin - copied);
    out.pattern += "(?P<" + std::string(kGapGroupPrefix) + std::to_string(out.gap_bounds.size()) + ">";
    out.pattern.append(source, gap.begin, gap.atom_end - gap.begin);
    out.pattern += gap.min == 0 ? "*" : gap.min == 1 ? "+" : "{" + std::to_string(gap.min) + ",}";
    if (gap.lazy) out.pattern += "?";
    out.pattern += ")";
    out.gap_bounds.push_back(gap.max);
    copied = gap.end;
  }
  out.pattern.append(source, copied);
  return out;
}

GapRegex::GapRegex(const std::string& source, const RE2::Options& options, Search search)
    : source_(source),
      options_(options),
      search_(search),
      relaxed_gaps_(RelaxGaps(source)),
      relaxed_pattern_(search == Search::kAnywhere ? "(?s:.*?)(" + relaxed_gaps_.pattern + ")"
                                                   : relaxed_gaps_.pattern) {
  // A budget too small for any program: RE2 parses, then gives up compiling at once.
  RE2::Options parse_only = options;
  parse_only.set_max_mem(3);
  parse_only.set_log_errors(false);  // "pattern too large" is the expected outcome
  const RE2 probe(source, parse_only);  // its errors name the regex as written
  if (!probe.ok() && probe.error_code() != RE2::ErrorPatternTooLarge) error_ = probe.error();
  if (ok()) named_groups_ = probe.NamedCapturingGroups();  // from the parsed regex (tested)
}

void GapRegex::Adopt(const RE2& relaxed) const {
  std::call_once(relaxed_once_, [&] {
    relaxed_.regex = &relaxed;
    MapGroups();
  });
}

const GapRegex::Compiled& GapRegex::Relaxed() const {
  std::call_once(relaxed_once_, [&] {
    relaxed_.owned = std::make_unique<RE2>(relaxed_pattern_, options_);
    relaxed_.regex = relaxed_.owned.get();
    MapGroups();
  });
  return relaxed_;
}

bool GapRegex::CompileAll() const {
  return ok() && Relaxed().regex->ok() && (Relaxed().gaps.empty() || Fallback().ok());
}

void GapRegex::MapGroups() const {
  Compiled& c = relaxed_;
  if (!c.regex->ok()) return;
  std::vector<bool> is_gap(c.regex->NumberOfCapturingGroups() + 1, false);
  for (const auto& [name, index] : c.regex->NamedCapturingGroups()) {
    if (name.rfind(kGapGroupPrefix, 0) != 0) continue;
    const size_t which = std::strtoul(name.c_str() + sizeof(kGapGroupPrefix) - 1, nullptr, 10);
    c.gaps.push_back({index, relaxed_gaps_.gap_bounds.at(which)});
    is_gap[index] = true;
    c.groups_needed = std::max(c.groups_needed, index + 1);
  }
  // For kAnywhere, group 1 holds the source's whole match (group 0 begins at the search's start).
  for (int index = search_ == Search::kAnywhere ? 1 : 0; index < static_cast<int>(is_gap.size()); ++index) {
    if (!is_gap[index]) c.to_relaxed.push_back(index);
  }
}

const RE2& GapRegex::Bounded() const {
  std::call_once(bounded_once_, [&] { bounded_ = std::make_unique<RE2>(source_, options_); });
  return *bounded_;
}

const RE2& GapRegex::Fallback() const {
  if (search_ == Search::kAtStart) return Bounded();
  std::call_once(fallback_once_, [&] { bounded_anywhere_ = std::make_unique<RE2>("(?s:.*?)(" + source_ + ")", options_); });
  return *bounded_anywhere_;
}

bool GapRegex::MatchBounded(re2::StringPiece text, size_t begin, size_t end, RE2::Anchor anchor,
                            re2::StringPiece* groups, int n) const {
  if (search_ != Search::kAnywhere || anchor != RE2::UNANCHORED) return Bounded().Match(text, begin, end, anchor, groups, n);
  std::vector<re2::StringPiece> found(n + 1);
  if (!Fallback().Match(text, begin, end, RE2::ANCHOR_START, found.data(), n + 1)) return false;
  std::copy(found.begin() + 1, found.end(), groups);
  return true;
}

bool GapRegex::Match(re2::StringPiece text, size_t begin, size_t end, RE2::Anchor anchor, re2::StringPiece* groups,
                     int n) const {
  const RE2::Anchor made_for = search_ == Search::kAnywhere ? RE2::UNANCHORED : RE2::ANCHOR_START;
  if (anchor != made_for) return MatchBounded(text, begin, end, anchor, groups, n);
  const Compiled& c = Relaxed();
  if (!c.regex->ok() || n > static_cast<int>(c.to_relaxed.size())) return false;  // as RE2: too many groups
  // At least the whole match's group: RE2 then takes BitState on a passage, not the DFA.
  const int wanted = std::max(c.groups_needed, c.to_relaxed[std::max(n - 1, 0)] + 1);
  // Most searches find nothing. Once this regex has been searched often in the process (a long
  // document; an ingest worker's later documents), its DFA says so in one pass without groups, and
  // the states it builds are reused; until then BitState alone costs less than building them.
  if (searches_.fetch_add(1, std::memory_order_relaxed) >= kSearchesBeforeDfa &&
      !c.regex->Match(text, begin, end, RE2::ANCHOR_START, nullptr, 0))
    return false;
  std::vector<re2::StringPiece> found(wanted);
  if (!c.regex->Match(text, begin, end, RE2::ANCHOR_START, found.data(), wanted)) return false;  // a superset
  const bool within_bounds = std::all_of(c.gaps.begin(), c.gaps.end(), [&](const Gap& gap) {
    return found[gap.group].data() == nullptr || CharCount(found[gap.group]) <= gap.max_chars;
  });
  if (!within_bounds) return MatchBounded(text, begin, end, anchor, groups, n);
  for (int i = 0; i < n; ++i) groups[i] = found[c.to_relaxed[i]];
  return true;
}

}  // namespace kensa
