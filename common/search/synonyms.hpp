// The user's synonyms for ordinary words, applied by the query builder at query time.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "schema.hpp"

namespace newsdex::search {

// A synonym file: UTF-8 text, one entry per line, `WORDS<TAB>SYNONYM[<TAB>SYNONYM...]`, where
// each side is one or more words ("car<TAB>automobile", "film<TAB>movie<TAB>motion picture").
// A query that holds WORDS also finds articles with any SYNONYM (one way: add the reverse
// line for the other direction). Lines that are empty or start with '#' are skipped. WORDS
// compare after text::normalize and English stemming, so case, accents and inflection do not
// matter ("Rockets" finds the entry "rocket").
class Synonyms {
 public:
  Synonyms() = default;

  // Returns the synonyms in `path`; none when the path is empty or the file does not exist.
  // Throws std::runtime_error ("FILE:LINE: ...") when the file cannot be read, is not UTF-8 or
  // has a line without a tab or with an empty side.
  static Synonyms load(const std::filesystem::path& path);

  // Adds an entry (words as typed). Throws std::runtime_error when ICU fails.
  void add(std::string_view words, const std::vector<std::string>& synonyms);

  // Returns the normalised synonyms of `words` (normalised words joined by single spaces), or
  // null. The pointer is valid while this object is unchanged. Never throws except
  // std::bad_alloc.
  const std::vector<std::string>* find(std::string_view words) const;

  // Returns the most words any entry's WORDS has (0 when empty).
  std::size_t longest() const { return longest_; }

  bool empty() const { return entries_.empty(); }

 private:
  // Returns the entry key of normalised `words`: each word stemmed.
  std::string key(std::string_view words) const;

  std::unordered_map<std::string, std::vector<std::string>> entries_;
  std::size_t longest_ = 0;
  Xapian::Stem stemmer_{schema::kStemLanguage};
};

// Returns `text` normalised word by word (text::normalize) and joined by single spaces.
// Throws std::runtime_error when ICU fails.
std::string normalize_words(std::string_view text);

}  // namespace newsdex::search
