// The stop-word list: function words that carry no topic, in their normalised form.
#include "search/stopwords.hpp"

#include <algorithm>
#include <iterator>
#include <string>
#include <string_view>

namespace newsdex::search {

namespace {

// Sorted, for binary search: Xapian's SimpleStopper builds a std::set of the words on first use,
// a hundred allocations in every process that parses a query (about 100,000 instructions).
constexpr std::string_view kWords[] = {
    "a",      "about", "above",  "after",    "again",      "against", "all",     "am",
    "an",     "and",   "any",    "are",      "as",         "at",      "be",      "been",
    "before", "being", "below",  "between",  "both",       "but",     "by",      "can",
    "could",  "did",   "do",     "does",     "doing",      "down",    "during",  "each",
    "few",    "for",   "from",   "further",  "had",        "has",     "have",    "having",
    "he",     "her",   "here",   "hers",     "herself",    "him",     "himself", "his",
    "how",    "i",     "if",     "in",       "into",       "is",      "it",      "its",
    "itself", "just",  "me",     "more",     "most",       "my",      "myself",  "no",
    "nor",    "not",   "now",    "of",       "off",        "on",      "once",    "only",
    "or",     "other", "our",    "ours",     "ourselves",  "out",     "over",    "own",
    "same",   "she",   "should", "so",       "some",       "such",    "than",    "that",
    "the",    "their", "theirs", "them",     "themselves", "then",    "there",   "these",
    "they",   "this",  "those",  "through",  "to",         "too",     "under",   "until",
    "up",     "very",  "was",    "we",       "were",       "what",    "when",    "where",
    "which",  "while", "who",    "whom",     "why",        "will",    "with",    "would",
    "you",    "your",  "yours",  "yourself", "yourselves",
};
static_assert(std::is_sorted(std::begin(kWords), std::end(kWords)));

class StopWords : public Xapian::Stopper {
 public:
  bool operator()(const std::string& term) const override {
    return std::binary_search(std::begin(kWords), std::end(kWords), std::string_view(term));
  }
  std::string get_description() const override { return "newsdex::search::StopWords()"; }
};

}  // namespace

const Xapian::Stopper& english_stopper() {
  static const StopWords stopper;
  return stopper;
}

}  // namespace newsdex::search
