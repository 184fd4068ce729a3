// User query text -> Xapian::Query, driven by the schema's field tables.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace newsdex::search {

// Returns the query text the parser sees: each word normalised by text::normalize, except
// that the operators AND, OR, NOT, XOR, NEAR and ADJ keep their case when the query also holds
// lower-case letters. A query typed entirely in capitals thus means what it means in lower
// case. Throws std::runtime_error when ICU fails.
std::string prepare_query_text(std::string_view query);

// Turns the value of an entity filter (`person:"Zelenskyy"`) into the entity's term: the
// canonical term when the value's key is indexed, plus whatever canonical terms the database's
// synonym table maps it to (aliases). Values that name nothing match nothing.
class EntityFieldProcessor : public Xapian::FieldProcessor {
 public:
  // Searches the given term prefixes of `db`, which must outlive this object.
  EntityFieldProcessor(const Xapian::Database& db, std::vector<std::string> prefixes);

  // Returns a weightless OR of the matching terms. Throws Xapian::Error on database errors.
  Xapian::Query operator()(const std::string& value) override;

 private:
  const Xapian::Database& db_;
  std::vector<std::string> prefixes_;
};

// The weight added to articles that match every word, larger than any BM25 sum.
inline constexpr double kAllWordsBonus = 1e6;

// Queries of up to this many distinct words get the all-words tier. Names and keywords are
// short, and there an article missing one is usually about something else. In a long
// natural-language query (a question, a description) every word is rarely needed and seldom
// all present, so the tier is left out and BM25 alone ranks; that also lets relevance feedback
// (searcher.cpp) reorder freely. On CISI and MED, whose queries are long, the tier made no
// measurable difference either way (scripts/eval-ranking).
inline constexpr std::size_t kMaxTieredWords = 5;

struct BuiltQuery {
  Xapian::Query query;         // what to match and rank
  std::size_t word_count = 0;  // distinct ranked words (stop words and filters excluded)
  bool tiered = false;         // `query` ranks articles with every word first
  bool fell_back = false;      // the parser rejected the syntax; plain words were used
  std::string parser_error;    // the parser's message when fell_back
};

// Builds queries against one database (for wildcard expansion and stop-word statistics).
// Not thread-safe; the database must outlive it.
class QueryBuilder {
 public:
  // `today` ("YYYYMMDD") anchors relative dates in `date:` (search/dates.hpp); empty: the
  // current day in UTC.
  explicit QueryBuilder(const Xapian::Database& db, std::string today = {});

  // Returns the query for `text`: Xapian's syntax (phrases, AND/OR/NOT, +/-, title:, filter
  // fields such as person:"marco rubio", trailing wildcards) over normalised, stemmed words.
  // For queries of at most `max_tiered_words` distinct words, articles that match every word
  // rank above those that match only some, which still follow; longer queries (questions,
  // descriptions) are ranked by BM25 alone. Syntax the parser rejects falls back to the plain
  // words. Returns an empty query for text without words. Throws std::runtime_error when ICU
  // fails.
  BuiltQuery build(std::string_view text, std::size_t max_tiered_words = kMaxTieredWords);

 private:
  Xapian::Query parse(const std::string& prepared, Xapian::Query::op default_op, unsigned flags);

  Xapian::QueryParser parser_;
};

}  // namespace newsdex::search
