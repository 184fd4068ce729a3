// Snippets: the passage of an article that best shows why it matched, with highlights.
#pragma once

#include <xapian.h>

#include <bitset>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace newsdex::search {

// A highlighted range of a snippet: byte offsets [start, end) into Snippet::text.
struct Highlight {
  std::size_t start = 0;
  std::size_t end = 0;
};

struct Snippet {
  std::string text;  // one line: white space and control characters folded to single spaces
  std::vector<Highlight> highlights;
};

// Finds a query's words in article text. Matching normalises each word of the text with
// text::normalize and compares it, and its English stem, with the query's terms, so
// highlights cover case, accent and inflection variants ("Zelensky's" for zelensky). Not
// thread-safe, even through const members: it caches what each word it has seen matches.
class Highlighter {
 public:
  // Collects the text terms of `query` (plain and title-prefixed stems, and the
  // patterns of trailing wildcards), and `extra_words` (normalised words, matched like the
  // query's: the names of entities the query's words are aliases of).
  explicit Highlighter(const Xapian::Query& query,
                       const std::vector<std::string>& extra_words = {});

  // Returns true when `word` (original text, one word) matches a query term.
  bool matches(std::string_view word) const;

  // Returns a passage of `text` (valid UTF-8) of at most `max_bytes` (plus the ellipses)
  // holding the most distinct query words, preferring one that starts a sentence, with
  // every matching word highlighted. Returns the opening of `text` when nothing matches.
  // Never throws except std::bad_alloc and ICU failures (std::runtime_error).
  Snippet make(std::string_view text, std::size_t max_bytes) const;

 private:
  static constexpr int kNoMatch = -1;
  // Returns true when `word`, ASCII, cannot match: its opening letters open no query term. Most
  // words of a body match nothing, and an ASCII word normalises to itself in lower case
  // (text::normalize), so this rules them out before match_id normalises a copy.
  bool screened_out(std::string_view word) const;
  // Returns the index in keys_ of what makes a matching word the same query word (its stem,
  // or the wildcard), or kNoMatch.
  int match_id(std::string_view word) const;

  Xapian::Stem stemmer_;
  std::unordered_set<std::string> words_;
  std::unordered_set<std::string> stems_;
  std::vector<std::string> wildcards_;  // normalised prefixes of trailing wildcards
  // First bytes of all of the above: stemming keeps a word's first letter, so a word starting
  // otherwise cannot match and need not be stemmed.
  std::bitset<256> first_bytes_;
  // The first two bytes of every word, stem and wildcard prefix of two bytes or more, as
  // opening(); and the bytes of shorter ones. An ASCII word that opens otherwise matches nothing.
  static std::size_t opening(char first, char second);
  std::bitset<65536> openings_;
  std::bitset<256> whole_bytes_;
  // match_id's answers by word as written; cleared when it reaches kMaxKnownWords entries, so a
  // huge text cannot grow it without bound; and the keys its answers index. Mutable: caches,
  // not state.
  static constexpr std::size_t kMaxKnownWords = 4096;
  struct WordHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view word) const {
      return std::hash<std::string_view>{}(word);
    }
  };
  mutable std::unordered_map<std::string, int, WordHash, std::equal_to<>> known_words_;
  mutable std::vector<std::string> keys_;
};

}  // namespace newsdex::search
