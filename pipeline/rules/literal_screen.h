// Finds which of a fixed set of literal strings occur in a text, in one pass (Aho-Corasick).
//
// The rules' screen: RE2's FilteredRE2 names the literals ("atoms") each rule's matches must
// contain, this finds them in a passage. An RE2::Set of the ~600 literals did the same job, but
// its DFA is built state by state as texts arrive, ~1.3 M instructions per passage of a short
// document; this automaton is built once, in well under a millisecond, and matching is a walk.
// Thread-safe once built.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kensa {

class LiteralScreen {
 public:
  explicit LiteralScreen(const std::vector<std::string>& literals);

  // The indices of the literals that occur in text, ascending, each once.
  std::vector<int> Find(std::string_view text) const;

 private:
  struct Node {
    std::vector<std::pair<unsigned char, int32_t>> children;  // sorted by byte
    int32_t fail = 0;
    std::vector<int> literals;  // ending here, including those of the fail chain
  };
  int32_t Child(int32_t node, unsigned char byte) const;
  std::vector<Node> nodes_;
  size_t literal_count_;
};

}  // namespace kensa
