#include "rules/literal_screen.h"

#include <algorithm>
#include <deque>

namespace kensa {

LiteralScreen::LiteralScreen(const std::vector<std::string>& literals) : nodes_(1), literal_count_(literals.size()) {
  // The trie of the literals.
  for (size_t id = 0; id < literals.size(); ++id) {
    int32_t node = 0;
    for (unsigned char byte : literals[id]) {
      int32_t next = Child(node, byte);
      if (next < 0) {
        next = static_cast<int32_t>(nodes_.size());
        auto& children = nodes_[node].children;
        children.insert(std::upper_bound(children.begin(), children.end(), std::make_pair(byte, INT32_MIN)),
                        {byte, next});
        nodes_.emplace_back();
      }
      node = next;
    }
    nodes_[node].literals.push_back(static_cast<int>(id));
  }
  // Fail links, breadth first: the longest proper suffix of a node's string that is in the trie.
  std::deque<int32_t> queue;
  for (const auto& [byte, child] : nodes_[0].children) queue.push_back(child);
  while (!queue.empty()) {
    const int32_t node = queue.front();
    queue.pop_front();
    for (const auto& [byte, child] : nodes_[node].children) {
      int32_t fail = nodes_[node].fail;
      while (fail > 0 && Child(fail, byte) < 0) fail = nodes_[fail].fail;
      const int32_t target = Child(fail, byte);
      nodes_[child].fail = target >= 0 && target != child ? target : 0;
      const std::vector<int>& inherited = nodes_[nodes_[child].fail].literals;
      nodes_[child].literals.insert(nodes_[child].literals.end(), inherited.begin(), inherited.end());
      queue.push_back(child);
    }
  }
}

int32_t LiteralScreen::Child(int32_t node, unsigned char byte) const {
  const auto& children = nodes_[node].children;
  auto it = std::lower_bound(children.begin(), children.end(), std::make_pair(byte, INT32_MIN));
  return it != children.end() && it->first == byte ? it->second : -1;
}

std::vector<int> LiteralScreen::Find(std::string_view text) const {
  std::vector<bool> seen(literal_count_, false);
  std::vector<int> found;
  int32_t node = 0;
  for (unsigned char byte : text) {
    int32_t next;
    while ((next = Child(node, byte)) < 0 && node > 0) node = nodes_[node].fail;
    node = std::max(next, 0);
    for (int id : nodes_[node].literals) {
      if (!seen[id]) {
        seen[id] = true;
        found.push_back(id);
      }
    }
  }
  std::sort(found.begin(), found.end());
  return found;
}

}  // namespace kensa
