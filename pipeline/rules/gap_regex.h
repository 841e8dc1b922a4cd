// A rule regex whose bounded gaps are matched as unbounded ones and checked afterwards.
//
// Rules keep a keyword near its value with bounded gaps: "(?:目標復旧時間|RTO)[^。]{0,30}?(…)". RE2
// expands X{0,30} into 30 copies of X, and [^。] is ~15 UTF-8 instructions, so such a program is
// thousands of instructions: slow to compile (0.3-2 ms each), and every new DFA state tracks all
// the copies (~330 M instructions of DFA warm-up per process on the samples, most of a short
// document's time). Here each gap is matched as "(?P<…>X*?)", its own group, and its length checked
// after the match:
//
//   - all gaps within their bounds: the match is exactly the bounded regex's. (The relaxed regex
//     accepts a superset, tried in the same order; its leftmost, highest-priority match is a match
//     of the bounded regex, so nothing the bounded regex prefers can come before it.)
//   - a gap too long: the bounded regex, compiled on first need, searches again.
//
// A gap inside a repeated group ("(?:、[^、。]{0,25}){1,5}") keeps its bound: its group would hold
// only the last repetition. Group numbers and names are those of the source regex.
// Thread-safe: Match may be called from several threads (the bounded fallback compiles once).
#pragma once

#include <atomic>

#include <re2/re2.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace kensa {

// The relaxed form of a regex: each bounded gap of at least 10 characters outside a repeated group
// becomes a named group "(?P<kensa_gapN>X*?)".
struct RelaxedRegex {
  std::string pattern;
  std::vector<size_t> gap_bounds;  // per gap, in order: its upper bound in characters
};
RelaxedRegex RelaxGaps(const std::string& source);

class GapRegex {
 public:
  // How the regex will be searched. kAnywhere (RE2::UNANCHORED) runs "(?s:.*?)(RELAXED)" anchored
  // at the start: the same leftmost-first match, but RE2 finds it in one forward pass (BitState on
  // a passage) instead of a forward DFA, then a reverse DFA from a reverse program built on first
  // use, then a submatch pass: per process, that first use was most of a short document's rule time.
  enum class Search { kAnywhere, kAtStart };

  // Only parses the regex now (for ok() and error()); RE2 compiles it on first use: most regexes
  // of a rule set (vetoes, contexts, conditions) are never needed by a given document.
  GapRegex(const std::string& source, const RE2::Options& options, Search search = Search::kAnywhere);
  // What RE2 runs first: the source with its bounded gaps relaxed, prefixed for kAnywhere.
  const std::string& relaxed_pattern() const { return relaxed_pattern_; }
  // Runs `relaxed` from now on instead of compiling its own: relaxed_pattern() compiled with the
  // same options by an owner that keeps it alive (the rules' FilteredRE2 screen compiles every rule
  // pattern anyway). No effect once compiled.
  void Adopt(const RE2& relaxed) const;
  GapRegex(const GapRegex&) = delete;
  GapRegex& operator=(const GapRegex&) = delete;

  // Whether the regex parses (and its error when not).
  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  // Compiles now whatever is still to be compiled (the relaxed regex and the exact one its search
  // falls back to); false when RE2 cannot (a parsed regex too large for RE2's memory budget). For
  // kensa check-rules and tests.
  bool CompileAll() const;
  const std::string& source() const { return source_; }
  int NumberOfCapturingGroups() const { return static_cast<int>(Relaxed().to_relaxed.size()) - 1; }
  // Known from parsing: needs no compilation.
  const std::map<std::string, int>& NamedCapturingGroups() const { return named_groups_; }

  // As RE2::Match: groups[0..n) are the source regex's groups. anchor must be the one the regex was
  // made for (UNANCHORED for kAnywhere, ANCHOR_START for kAtStart); any other takes the slow path.
  bool Match(re2::StringPiece text, size_t begin, size_t end, RE2::Anchor anchor, re2::StringPiece* groups,
             int n) const;
  // Whether the regex matches anywhere in text.
  bool PartialMatch(re2::StringPiece text) const {
    return Match(text, 0, text.size(), RE2::UNANCHORED, nullptr, 0);
  }

 private:
  struct Gap {
    int group;  // in the relaxed regex
    size_t max_chars;
  };
  // The compiled relaxed regex and how its groups map to the source's.
  struct Compiled {
    std::unique_ptr<RE2> owned;  // unless borrowed
    const RE2* regex = nullptr;
    std::vector<Gap> gaps;
    std::vector<int> to_relaxed;  // source group number -> relaxed group number
    int groups_needed = 0;        // groups to ask the relaxed regex for: up to the last gap
  };
  const Compiled& Relaxed() const;
  void MapGroups() const;
  // The source regex with its bounds, as RE2 compiles it (on first call); and the form the search
  // falls back to when a gap is too long: for kAnywhere "(?s:.*?)(source)", anchored, as the
  // relaxed search (no reverse program to build).
  const RE2& Bounded() const;
  const RE2& Fallback() const;
  // The exact search, when the relaxed one cannot give the answer.
  bool MatchBounded(re2::StringPiece text, size_t begin, size_t end, RE2::Anchor anchor, re2::StringPiece* groups,
                    int n) const;

  const std::string source_;
  const RE2::Options options_;
  const Search search_;
  const RelaxedRegex relaxed_gaps_;   // RelaxGaps(source)
  const std::string relaxed_pattern_;
  std::string error_;
  std::map<std::string, int> named_groups_;
  mutable std::once_flag relaxed_once_, bounded_once_, fallback_once_;
  mutable Compiled relaxed_;
  mutable std::unique_ptr<RE2> bounded_, bounded_anywhere_;  // the source; "(?s:.*?)(source)"
  mutable std::atomic<uint32_t> searches_{0};  // Match calls so far, in this process
};

}  // namespace kensa
