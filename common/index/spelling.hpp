// Spelling data: which words of an article feed Xapian's spelling table ("did you mean").
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

namespace newsdex::index {

// Returns true when `term` is a word worth suggesting: an unprefixed (lower-case, normalised)
// term of 3 to 32 bytes without digits. Stemmed forms, filters, entities and numbers are not.
// Never throws.
bool is_spelling_word(std::string_view term);

// Returns the distinct words of `doc` (title and body; see is_spelling_word), in term order.
// The writer adds each once per article, so a word's spelling frequency is the number of
// articles that use it. Throws Xapian::Error on database errors (for a stored document).
std::vector<std::string> spelling_words(const Xapian::Document& doc);

}  // namespace newsdex::index
