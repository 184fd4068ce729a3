// Selection of the words that go into the spelling table.
#include "index/spelling.hpp"

namespace newsdex::index {

bool is_spelling_word(std::string_view word) {
  // Longer words are mostly URLs and run-ons; short ones have too many neighbours at edit
  // distance 2 to suggest anything useful.
  constexpr std::size_t kMinBytes = 3;
  constexpr std::size_t kMaxBytes = 32;
  if (word.size() < kMinBytes || word.size() > kMaxBytes) return false;
  if (word[0] >= 'A' && word[0] <= 'Z') return false;
  for (char c : word) {
    if (c >= '0' && c <= '9') return false;
  }
  return true;
}

}  // namespace newsdex::index
