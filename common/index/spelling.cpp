// Selection of the words that go into the spelling table.
#include "index/spelling.hpp"

namespace newsdex::index {

bool is_spelling_word(std::string_view term) {
  // Longer words are mostly URLs and run-ons; short ones have too many neighbours at edit
  // distance 2 to suggest anything useful.
  constexpr std::size_t kMinBytes = 3;
  constexpr std::size_t kMaxBytes = 32;
  if (term.size() < kMinBytes || term.size() > kMaxBytes) return false;
  // Prefixed terms (Z stems, filters, entities, ids) start with an upper-case ASCII letter.
  if (term[0] >= 'A' && term[0] <= 'Z') return false;
  for (char c : term) {
    if (c >= '0' && c <= '9') return false;
  }
  return true;
}

std::vector<std::string> spelling_words(const Xapian::Document& doc) {
  std::vector<std::string> words;
  for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
    if (is_spelling_word(*it)) words.push_back(*it);
  }
  return words;
}

}  // namespace newsdex::index
