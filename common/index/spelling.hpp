// Spelling data: which words of an article feed Xapian's spelling table ("did you mean").
#pragma once

#include <string_view>

namespace newsdex::index {

// Returns true when `word` is a word worth suggesting: a normalised (lower-case) word of 3 to 32
// bytes without digits and not starting with an upper-case letter, which prefixed terms
// (filters, entities, ids) do. Never throws. DocumentBuilder::spelling_words lists an article's
// words by this rule; the writer adds each once per article, so a word's spelling frequency is
// the number of articles that use it.
bool is_spelling_word(std::string_view word);

}  // namespace newsdex::index
