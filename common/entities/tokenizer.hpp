// Splits one text field into word tokens with the casing and punctuation facts the extractor needs.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace newsdex::entities {

class Dictionary;

// One word of the text. Offsets are UTF-8 byte offsets into the tokenised string; a possessive
// "'s" (or a plural's trailing apostrophe) is not part of the word, while the periods of an
// initialism ("U.S.") are.
struct Token {
  std::uint32_t start = 0;
  std::uint32_t end = 0;
  std::string key;              // entity_key of the word ("u.s." -> "us")
  std::uint32_t flags = 0;      // Dictionary::word_flags(key)
  bool cap = false;             // first letter is upper case
  bool all_caps = false;        // two or more letters, all upper case
  bool sentence_start = false;  // first word of a sentence, line or heading
  bool break_before = false;    // punctuation or a line break separates it from the previous word
  bool hyphen_before = false;   // joined to the previous word by a hyphen ("U.S.-Russia")
  bool possessive = false;      // followed by "'s" / "’s" or a bare trailing apostrophe
};

// Returns the word tokens of `text` (valid UTF-8; only its first 4 GiB are read). `dictionary`
// tells which periods belong to an abbreviation ("Mr.", "Inc.") rather than end a sentence. Never
// throws except std::bad_alloc and what text::normalize throws.
std::vector<Token> tokenize(std::string_view text, const Dictionary& dictionary);

}  // namespace newsdex::entities
